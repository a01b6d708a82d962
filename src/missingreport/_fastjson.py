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
  :func:`_keys`); any difference, or a colon after white space (a key may hide there),
  takes the exact path. Why that is sound is explained at :func:`_key_tokens`.
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
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .schema import MissingChildReport
from .structure import MAX_RECORD_BYTES

__all__ = ["fast_report", "read_text"]

#: A colon after JSON white space: where a key may hide from the token count (a key
#: followed by white space and its colon). Written colon first, so that the search
#: jumps from colon to colon; a colon after white space inside a string matches too,
#: which only sends a sound record down the exact path.
_SPACED_KEY = re.compile(rb":(?<=[ \t\r\n]:)")
#: Integers wider than this take the exact path (see the module docstring).
_INT_BITS = 64

#: The error types pydantic reports alike (type, place, context and input) for a JSON
#: text and for the value :func:`json.loads` decodes it to, validating strictly with
#: the same context: compared on thousands of altered reports and every refused one of
#: both generated corpora. Only the message of ``model_type`` differs ("an object" for
#: a text), and :func:`~.structure.parse_record` words that one itself. Not here:
#: ``list_type`` ("a valid array" for a text), ``json_invalid``, and any type not seen
#: alike.
_ALIKE = frozenset(
    {
        "bool_type", "extra_forbidden", "int_type", "literal_error", "missing",
        "model_type", "string_pattern_mismatch", "string_too_long", "string_too_short",
        "string_type", "too_short", "temporal_parsing", "temporal_type",
        # the project's own error types (their validators get the same value)
        "invalid-email", "invalid-phone", "malformed-ori", "malformed-postal-code",
        "unsupported-schema-version",
    }
)  # fmt: skip

#: Per model class: the fields that may hold a sub-model, and those that may hold ints.
_PLANS: dict[type[BaseModel], tuple[tuple[str, ...], tuple[str, ...]]] = {}
#: Per model class: its key counter (:func:`_compile`).
_COUNTERS: dict[type[BaseModel], Callable[[BaseModel], int]] = {}


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
            if any(_is_model(t) for t in inner):
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
    when an integer is wider than :data:`_INT_BITS`, or a field holds a list of models
    or of ints (not walked).
    """
    counter = _COUNTERS.get(model.__class__)
    if counter is None:
        counter = _COUNTERS[model.__class__] = _compile(model.__class__)
    return counter(model)


def _compile(model: type[BaseModel]) -> Callable[[BaseModel], int]:
    """:func:`_keys` for one model class, written out as one straight-line function.

    It runs on every sound record, so it is written once from the plans of the class
    and its sub-models, which are inlined (as :mod:`dataclasses` writes ``__init__``):
    half the cost of walking the plans. A value of another class than its field's
    only model (which JSON never gives) is counted by :func:`_keys`.
    """
    scope: dict[str, Any] = {"BaseModel": BaseModel, "_keys": _keys}
    body: list[str] = []
    _write(model, "m", body, scope, "    ", (model,))
    source = "def count(m):\n    t = 0\n" + "".join(body) + "    return t\n"
    exec(source, scope)  # our own source, written from the models' fields
    counter: Callable[[BaseModel], int] = scope["count"]
    return counter


def _write(
    model: type[BaseModel],
    var: str,
    out: list[str],
    scope: dict[str, Any],
    pad: str,
    inlined: tuple[type[BaseModel], ...],
) -> None:
    """The lines counting the keys of ``var``, an instance of ``model`` (see :func:`_compile`)."""
    values = var + "d"
    out.append(f"{pad}t += len({var}.__pydantic_fields_set__)\n")
    models, ints = _plan(model)
    if models or ints:
        out.append(f"{pad}{values} = {var}.__dict__\n")
    for name in ints:
        out.append(
            f"{pad}v = {values}[{name!r}]\n"
            f"{pad}if v.__class__ is int:\n"
            f"{pad}    if v.bit_length() > {_INT_BITS}:\n{pad}        return -1\n"
            f"{pad}elif v is not None and not isinstance(v, bool):\n{pad}    return -1\n"
        )
    for index, name in enumerate(models):
        sub = f"{var}_{index}"
        out.append(f"{pad}{sub} = {values}[{name!r}]\n{pad}if {sub} is not None:\n")
        only = [t for t in _inner(model.model_fields[name].annotation) if _is_model(t)]
        inner = pad + "    "
        if len(only) == 1 and only[0] not in inlined:
            known = f"M{len(scope)}"
            scope[known] = only[0]
            out.append(f"{inner}if {sub}.__class__ is {known}:\n")
            _write(only[0], sub, out, scope, inner + "    ", (*inlined, only[0]))
            out.append(f"{inner}else:\n")
            inner += "    "
        out.append(
            f"{inner}if not isinstance({sub}, BaseModel):\n{inner}    return -1\n"
            f"{inner}k = _keys({sub})\n{inner}if k < 0:\n{inner}    return -1\n"
            f"{inner}t += k\n"
        )


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _key_tokens(text: bytes) -> int:
    """The key tokens of a well-formed JSON text: ``":`` not preceded by a backslash.

    Soundness, for a text that ``model_validate_json`` accepted and in which no colon
    follows white space (:data:`_SPACED_KEY`; else the exact path):

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


def _spaced(text: bytes) -> bool:
    """Whether a colon follows white space (:data:`_SPACED_KEY`) in a text.

    One search of the pattern, which jumps from colon to colon: cheaper than looking
    for a tab, a line feed or a carriage return and then for ``" :"`` (measured on both
    generated corpora, Python 3.11).
    """
    return _SPACED_KEY.search(text) is not None


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
#: ``MissingChildReport.model_validate_json`` without its wrapper (the same call).
_VALIDATE_JSON = MissingChildReport.__pydantic_validator__.validate_json
_REPORT_KEYS = _COUNTERS[MissingChildReport] = _compile(MissingChildReport)


def fast_report(text: str | bytes, context: Any = None) -> MissingChildReport | None:
    """The strict model straight from a JSON text, or ``None``: take the exact path.

    ``None`` does not mean the record is bad, only that :func:`~.structure.decode_json`
    and :func:`~.structure.parse_record` must say what it is.
    """
    return read_text(text, context)[0]


def read_text(
    text: str | bytes, context: Any = None
) -> tuple[MissingChildReport | None, list[ErrorDetails] | None]:
    """:func:`fast_report`, and why the model refused the text when that reads the same
    for the decoded text.

    Those errors (each of a type in :data:`_ALIKE`) spare validating the decoded text
    again: :func:`~.structure.parse_record` takes them (``errors=``) once
    :func:`~.structure.decode_json` has read the text without a problem.
    """
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None, None
    else:
        data = text
    if len(data) > MAX_RECORD_BYTES:
        return None, None
    if _FLOATS and (b"NaN" in data or b"Infinity" in data):
        return None, None
    try:
        report: MissingChildReport = _VALIDATE_JSON(data, strict=True, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return None, errors if all(error["type"] in _ALIKE for error in errors) else None
    except (ValueError, RecursionError):
        return None, None
    if _spaced(data):
        return None, None  # a key may hide from the count
    if _key_tokens(data) != _REPORT_KEYS(report):
        return None, None
    return report, None
