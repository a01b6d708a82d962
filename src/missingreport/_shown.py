"""How pieces of the input are shown in findings: paths, values and spelling hints.

The input is hostile until shown otherwise. A key or a value may hold control
characters (a terminal escape, a line break that fakes a line of output), format
characters (a right-to-left override) or a lone surrogate (which no output can encode),
and may be a megabyte long. What a finding carries from the input is therefore made
printable and cut short here: unknown keys in paths to :data:`MAX_KEY_SHOWN`
characters, offending values to :data:`MAX_VALUE_SHOWN`.
"""

from __future__ import annotations

import difflib
import json
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from .schema import MissingChildReport

__all__ = [
    "MAX_KEY_SHOWN",
    "MAX_VALUE_SHOWN",
    "field_hint",
    "printable",
    "shown_path",
    "shown_value",
]

#: Longest unknown key shown in a finding's path (longer keys are cut, with "...").
MAX_KEY_SHOWN = 64
#: Longest offending value a finding keeps (``show_values``); longer ones are cut.
MAX_VALUE_SHOWN = 200


def printable(text: str) -> str:
    """``text`` with every unprintable character (control, format, surrogate) escaped.

    Example:
        >>> printable("a\\x1b[2Jb\\n")
        'a\\\\x1b[2Jb\\\\n'
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode()
        for ch in text
    )


def _segment(part: Any) -> str:
    if isinstance(part, int):
        return str(part)
    key = str(part)
    if len(key) <= MAX_KEY_SHOWN and key.isprintable():
        return key
    text = printable(key[:MAX_KEY_SHOWN])
    return text if len(key) <= MAX_KEY_SHOWN else text + "..."


def shown_path(loc: tuple[Any, ...]) -> str:
    """The dotted path of a location; unknown keys printable and cut short."""
    return ".".join(_segment(part) for part in loc)


def shown_value(value: Any) -> str | None:
    """The offending value as printable text of at most :data:`MAX_VALUE_SHOWN` characters.

    Never raises: a value that cannot be rendered (an integer beyond Python's digit
    limit, a structure nested too deep) is described instead.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, default=str)
        except (TypeError, ValueError, RecursionError):
            try:
                text = repr(value)
            except (ValueError, RecursionError):
                text = f"({type(value).__name__} too large to show)"
    cut = len(text) > MAX_VALUE_SHOWN
    text = printable(text[:MAX_VALUE_SHOWN])
    if cut or len(text) > MAX_VALUE_SHOWN:
        text = text[: MAX_VALUE_SHOWN - 3] + "..."
    return text


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _models_in(a)]


@lru_cache(maxsize=1)
def _field_names() -> tuple[str, ...]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [MissingChildReport]
    while stack:
        model = stack.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            stack.extend(_models_in(info.annotation))
    return tuple(sorted(names))


def field_hint(key: str) -> str | None:
    """The field name a mistyped key most likely meant (difflib's choice, cutoff 0.75).

    rapidfuzz's ratio (by the longest common subsequence) is never below difflib's, so
    it finds the candidates in C first and difflib only ranks those: a record of
    60,000 unknown keys stays fast. The same mistyped keys recur across a file's
    records: the answers for keys up to :data:`MAX_KEY_SHOWN` characters are cached.
    """
    return _cached_hint(key) if len(key) <= MAX_KEY_SHOWN else _hint(key)


def _hint(key: str) -> str | None:
    names = _field_names()
    near = process.extract(key, names, scorer=fuzz.ratio, score_cutoff=74.9, limit=None)
    if not near:
        return None
    found = difflib.get_close_matches(key, [name for name, _, _ in near], n=1, cutoff=0.75)
    return found[0] if found else None


_cached_hint = lru_cache(maxsize=4096)(_hint)
