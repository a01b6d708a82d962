"""The canonical field paths and what kind of value each holds, derived from the models.

CSV cells are text; the CSV reader turns them into the JSON types the schema expects
(booleans, whole numbers, lists, ISO dates) by the kind of each field. The kinds are
read from the pydantic models themselves, so a field added to the schema is known here
without a second list to keep in step.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

from ..schema import MissingChildReport

__all__ = ["FieldKind", "FieldSpec", "field_specs", "object_paths", "spec_for"]

#: What a leaf field holds. ``date``/``datetime``/``either`` are the temporal kinds.
FieldKind = Literal["text", "bool", "int", "number", "date", "datetime", "either"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A leaf field of the schema.

    Attributes:
        path: the dotted path (``child.date_of_birth``).
        kind: the kind of one value (of one item, for a list).
        is_list: the field holds a list of such values.
    """

    path: str
    kind: FieldKind
    is_list: bool = False


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``None`` from an annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return tuple(_unwrap(a) for a in args)
            annotation = args[0]
        else:
            return annotation


def _kind(annotation: Any) -> FieldKind:
    if isinstance(annotation, tuple):  # a union of several types: date | datetime
        if set(annotation) == {date, datetime}:
            return "either"
        return "text"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "number"
    if annotation is datetime:
        return "datetime"
    if annotation is date:
        return "date"
    return "text"


def _walk(
    model: type[BaseModel], prefix: str, out: dict[str, FieldSpec], objects: set[str]
) -> None:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            objects.add(path)
            _walk(inner, path + ".", out, objects)
            continue
        if typing.get_origin(inner) is list:
            item = _unwrap(typing.get_args(inner)[0])
            out[path] = FieldSpec(path, _kind(item), is_list=True)
            continue
        out[path] = FieldSpec(path, _kind(inner))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, FieldSpec], frozenset[str]]:
    out: dict[str, FieldSpec] = {}
    objects: set[str] = set()
    _walk(MissingChildReport, "", out, objects)
    return out, frozenset(objects)


def field_specs() -> dict[str, FieldSpec]:
    """Every leaf field of the report, by dotted path."""
    return dict(_tables()[0])


def object_paths() -> frozenset[str]:
    """The dotted paths of the objects (``child``, ``child.photo``...)."""
    return _tables()[1]


def spec_for(path: str) -> FieldSpec | None:
    """The leaf field a path names; list items by index (``child.race.1``) name the list."""
    specs = _tables()[0]
    found = specs.get(path)
    if found is not None:
        return found
    parts = path.split(".")
    if len(parts) > 1 and parts[-1].isdigit():
        parent = specs.get(".".join(parts[:-1]))
        if parent is not None and parent.is_list:
            return FieldSpec(path, parent.kind)
    return None
