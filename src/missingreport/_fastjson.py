"""The fast path of reading one JSON record: validate the model straight from the text.

Most records are sound. For them, ``MissingChildReport.model_validate_json`` on the
text itself (strict, with the engine's context) gives the same model as decoding with
:func:`~.structure.decode_json` and validating the dict with
:func:`~.structure.parse_record`, at about half the cost. The engine uses it only when
it succeeds *and* nothing that :func:`~.structure.decode_json` refuses can have got
through; otherwise it takes that exact path, which gives the findings.

What pydantic's JSON parser lets pass but a readable record may not hold, and how the
fast path keeps it out:

* **Duplicate keys** (the parser keeps the last value): the key tokens of the text are
  counted and compared with the keys the models received (:func:`_key_tokens`,
  :func:`_keys`); any difference, or a key with white space before its colon, takes the
  exact path. Why that is sound is explained at :func:`_key_tokens`.
* **NaN and Infinity**: schema 1.0 has no float field, so a model cannot hold one
  (an int field refuses them); should a field ever hold floats (:data:`_FLOATS`), a text
  holding either word takes the exact path.
* **Integers beyond the digit limit** of :func:`json.loads` (``sys.int_max_str_digits``,
  which a program may lower to 640): an integer of more than 64 bits takes the exact path.
* **Over-size texts**: more than :data:`~.structure.MAX_RECORD_BYTES` take the exact path.

Deeper nesting than the schema's, bytes that are not UTF-8, unpaired surrogate escapes,
control characters inside strings, data after the object and a byte-order mark all
make ``model_validate_json`` fail (``tests/test_fastjson.py`` holds each case), so they
take the exact path too. A ``str`` that cannot be encoded as UTF-8 (a surrogate
character) is not tried.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .schema import MissingChildReport
from .structure import MAX_RECORD_BYTES

__all__ = ["fast_report"]

#: A string followed by JSON white space and a colon: a key the token count misses.
_SPACED_KEY = re.compile(rb'"[ \t\r\n]+:')
#: Integers wider than this take the exact path (see the module docstring).
_INT_BITS = 64

#: Per model class: the fields that may hold a sub-model, and those that may hold ints.
_PLANS: dict[type[BaseModel], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _inner(annotation: Any) -> set[Any]:
    """Every type named inside an annotation (through unions, ``Annotated``, lists)."""
    found = {annotation}
    for arg in typing.get_args(annotation):
        found |= _inner(arg)
    return found


def _plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    plan = _PLANS.get(model)
    if plan is None:
        models: list[str] = []
        ints: list[str] = []
        for name, info in model.model_fields.items():
            inner = _inner(info.annotation)
            if any(isinstance(t, type) and issubclass(t, BaseModel) for t in inner):
                models.append(name)
            if int in inner:
                ints.append(name)
        plan = _PLANS[model] = (tuple(models), tuple(ints))
    return plan


def _keys(model: BaseModel) -> int:
    """The keys the JSON objects of a validated model had, or -1 to take the exact path.

    Each model instance counts the distinct keys of its object (its fields set, null
    ones included), so a duplicated key counts once. The count never exceeds the
    distinct keys of the text: a sub-model this walk missed would only lower it. -1
    when an integer is wider than :data:`_INT_BITS`.
    """
    models, ints = _plan(type(model))
    values = model.__dict__
    total = len(model.__pydantic_fields_set__)
    for name in ints:
        value = values[name]
        if value.__class__ is int:
            if value.bit_length() > _INT_BITS:
                return -1
        elif value is not None and not isinstance(value, bool):
            return -1  # a list or another holder of ints: not walked, take the exact path
    for name in models:
        value = values[name]
        if value is not None:
            if not isinstance(value, BaseModel):
                return -1  # a list of models: not walked
            inner = _keys(value)
            if inner < 0:
                return -1
            total += inner
    return total


def _key_tokens(text: bytes) -> int:
    """The key tokens of a well-formed JSON text: ``":`` not preceded by a backslash.

    Soundness, for a text that ``model_validate_json`` accepted and in which no string
    is followed by white space and a colon (:data:`_SPACED_KEY`; else the exact path):

    * every key's closing quote is followed at once by its colon, so each key gives one
      ``":``. A key whose closing quote follows a backslash (``"a\\\\":``) decodes to a
      name ending in a backslash, which no field has, so it cannot be in an accepted
      text and nothing real is subtracted;
    * any other ``":`` is either a quote inside a string, always escaped (``\\":``,
      counted once and subtracted once), or the opening quote of a string that starts
      with a colon (``":-)"``), which is counted: the count can only be too high.

    So the count is at least the number of keys, while :func:`_keys` is at most the
    number of distinct keys. Equal, they are both exact and no key appears twice.
    """
    count = text.count(b'":')
    if b"\\" in text:
        count -= text.count(b'\\":')
    return count


def _holds_floats(model: type[BaseModel], seen: set[type[BaseModel]]) -> bool:
    """Whether any field of a model, or of its sub-models, may hold a float."""
    seen.add(model)
    for info in model.model_fields.values():
        inner = _inner(info.annotation)
        if float in inner or Any in inner or object in inner:
            return True
        for sub in inner:
            model_type = isinstance(sub, type) and issubclass(sub, BaseModel)
            if model_type and sub not in seen and _holds_floats(sub, seen):
                return True
    return False


#: Whether a model may hold NaN or Infinity at all (not in schema 1.0: no float field).
_FLOATS = _holds_floats(MissingChildReport, set())


def fast_report(text: str | bytes, context: Any = None) -> MissingChildReport | None:
    """The strict model straight from a JSON text, or ``None``: take the exact path.

    ``None`` does not mean the record is bad, only that :func:`~.structure.decode_json`
    and :func:`~.structure.parse_record` must say what it is.
    """
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
    else:
        data = text
    if len(data) > MAX_RECORD_BYTES:
        return None
    if _FLOATS and (b"NaN" in data or b"Infinity" in data):
        return None
    try:
        report = MissingChildReport.model_validate_json(data, strict=True, context=context)
    except (ValidationError, ValueError, RecursionError):
        return None
    if _key_tokens(data) != _keys(report):
        return None
    if _SPACED_KEY.search(data):
        return None  # a key may hide from the count
    return report
