"""Reading a record into the canonical model: JSON decoding and the MR0xx findings.

:func:`parse_record` never raises on bad data. It returns the strict model when the
record is sound; otherwise one finding per problem (MR001-MR007, or the specific rule
that a field type names, such as MR301 for a malformed ORI) and a *partial* report:
the same record with every failed value taken out, validated by lenient twins of the
models in which every field is optional. Rules run on that partial report, skipping
only the rules whose fields failed, so a malformed ORI still gets its timeliness
checked.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import BaseModel, ValidationError, create_model
from pydantic_core import ErrorDetails

from ._shown import field_hint, printable, shown_path, shown_value
from .problems import (
    INVALID_VALUE,
    MISSING_FIELD,
    NOT_IN_CODE_TABLE,
    OUT_OF_BOUNDS,
    UNKNOWN_FIELD,
    UNREADABLE_RECORD,
    ProblemKind,
    problem_kind,
)
from .schema import MissingChildReport

__all__ = [
    "MAX_DEPTH",
    "MAX_RECORD_BYTES",
    "REPORT_BLOCKS",
    "Parsed",
    "Problem",
    "bracket_depths",
    "decode_json",
    "parse_record",
    "unrecorded",
]

#: Largest record read, in bytes of JSON text (MR001 beyond).
MAX_RECORD_BYTES = 1_000_000
#: Deepest nesting of JSON objects and arrays read (MR001 beyond). The schema is 3 deep.
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Problem:
    """A structural problem, before it becomes a :class:`~missingreport.Finding`.

    ``kind`` is a rule name (:mod:`missingreport.problems`: ``missing-field``,
    ``malformed-ori``...); ``path`` the dotted
    field path; ``detail`` a plain-words explanation without the value; ``value`` the
    offending input rendered as text (shown only on request). A reader's note that
    ``replaces`` says what is wrong with its field better than the schema would: the
    schema's problems with that field, and rule findings of the same code there, are
    then not reported (one defect, one finding).
    """

    kind: ProblemKind
    path: str
    detail: str
    value: str | None = None
    replaces: bool = False


@dataclass(frozen=True, slots=True, init=False)
class Parsed:
    """The outcome of reading one record.

    Attributes:
        report: the strict model, or ``None`` when anything failed.
        partial: the record with failed values removed (equal to ``report`` when sound),
            or ``None`` when not even a partial report could be made (not an object).
        problems: the structural problems, in the order found.
        failed: the dotted paths that failed (for skipping rules that need them).
    """

    report: MissingChildReport | None
    partial: MissingChildReport | None
    problems: tuple[Problem, ...] = ()
    failed: frozenset[str] = frozenset()

    def __init__(
        self,
        report: MissingChildReport | None,
        partial: MissingChildReport | None,
        problems: tuple[Problem, ...] = (),
        failed: frozenset[str] = frozenset(),
    ) -> None:
        # The dataclass's own __init__, through the slots' setters: one per record.
        _set_report(self, report)
        _set_partial(self, partial)
        _set_problems(self, problems)
        _set_failed(self, failed)


def _setter(name: str) -> Callable[[Parsed, Any], None]:
    setter: Callable[[Parsed, Any], None] = vars(Parsed)[name].__set__
    return setter


_set_report = _setter("report")
_set_partial = _setter("partial")
_set_problems = _setter("problems")
_set_failed = _setter("failed")


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


#: ``json.loads(text, object_pairs_hook=..., parse_constant=...)`` made once, not per call.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def bracket_depths(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Each bracket of a JSON text outside strings: its position and the depth after it."""
    depth = 0
    in_string = escaped = False
    for pos in range(start, len(text)):
        ch = text[pos]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
            yield pos, depth
        elif ch in "}]":
            depth -= 1
            yield pos, depth


def _depth_ok(text: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether a JSON text nests at most ``limit`` deep (brackets in strings do not count)."""
    if isinstance(text, bytes):
        opens = text.count(b"{") + text.count(b"[")
    else:
        opens = text.count("{") + text.count("[")
    if opens <= limit:
        return True
    data = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return all(depth <= limit for _, depth in bracket_depths(data))


#: A JSON escape of half a UTF-16 surrogate pair (``\\ud800``).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: A surrogate code point in a string (left when an escape had no partner).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(value: Any) -> bool:
    """Whether a decoded value holds a lone surrogate in a key or a string."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return True
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def text_problem(
    text: str, value: Any, start: int = 0, end: int | None = None, *, raw: bool = True
) -> Problem | None:
    """What the JSON decoder lets pass but a record cannot hold: an unpaired surrogate.

    The escape ``\\ud800`` alone is valid JSON syntax but no character: it could not be
    written out again as UTF-8, so the record is unreadable (MR001). A pair of escapes
    (an emoji) is sound. The decoded value is walked only when the text (from ``start``
    to ``end``) has such an escape, or, when ``raw`` (a ``str`` given by a caller rather
    than decoded from bytes), a surrogate character itself.
    """
    stop = len(text) if end is None else end
    suspect = _SURROGATE_ESCAPE.search(text, start, stop) is not None
    if not suspect and raw and not text.isascii():
        suspect = _SURROGATE.search(text, start, stop) is not None
    if suspect and _has_surrogate(value):
        return Problem(
            UNREADABLE_RECORD,
            "",
            "a string holds an unpaired surrogate escape (\\ud800 to \\udfff), which is no "
            "character: fix the program that wrote the record",
        )
    return None


def decode_json(text: str | bytes) -> tuple[Any, Problem | None]:
    """Decode one JSON document; a problem (MR001) instead of an exception.

    Duplicate keys, NaN/Infinity, undecodable bytes, unpaired surrogate escapes,
    over-size and over-deep documents are all unreadable records.
    """
    if len(text) > MAX_RECORD_BYTES or (  # text is measured in its UTF-8 bytes too
        isinstance(text, str)
        and len(text) * 4 > MAX_RECORD_BYTES
        and len(text.encode("utf-8", "surrogatepass")) > MAX_RECORD_BYTES
    ):
        return None, Problem(
            UNREADABLE_RECORD,
            "",
            f"the record is larger than the limit of {MAX_RECORD_BYTES:,} bytes",
        )
    raw = isinstance(text, str)  # decoded bytes hold no surrogate characters
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, Problem(
                UNREADABLE_RECORD,
                "",
                f"the bytes are not UTF-8 (position {exc.start}): save the file as UTF-8",
            )
    if not _depth_ok(text):
        return None, Problem(
            UNREADABLE_RECORD, "", f"the record is nested deeper than {MAX_DEPTH} levels"
        )
    try:
        if text.startswith("\ufeff"):  # what json.loads says of it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)
    except _DuplicateKey as exc:
        return None, Problem(
            UNREADABLE_RECORD,
            "",
            f"the key {json.dumps(str(exc))} appears twice in one object: keep one",
        )
    except json.JSONDecodeError as exc:
        return None, Problem(
            UNREADABLE_RECORD,
            "",
            f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
        )
    except (ValueError, RecursionError) as exc:
        return None, Problem(UNREADABLE_RECORD, "", f"malformed JSON: {_safe_reason(exc)}")
    problem = text_problem(text, value, raw=raw)
    return (None, problem) if problem is not None else (value, None)


def _safe_reason(exc: BaseException) -> str:
    text = str(exc)
    if "digits" in text:
        return "a number has too many digits"
    if "not a JSON number" in text:
        return text
    return type(exc).__name__


# --- lenient twins -----------------------------------------------------------------

_LENIENT: dict[type[BaseModel], type[BaseModel]] = {}


def _swap(annotation: Any) -> Any:
    """Replace every model class inside an annotation by its lenient twin."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _lenient(annotation)
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = tuple(_swap(a) for a in typing.get_args(annotation))
        return Union[args]  # noqa: UP007 - built from a tuple
    return annotation


def _lenient(model: type[BaseModel]) -> type[BaseModel]:
    known = _LENIENT.get(model)
    if known is not None:
        return known
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        inner = _swap(info.annotation)
        if info.metadata:
            args = (inner, *info.metadata)
            inner = Annotated[args]
        default = None if info.is_required() else info.default
        fields[name] = (inner | None, default)
    twin: type[BaseModel] = create_model(f"Partial{model.__name__}", __base__=model, **fields)
    _LENIENT[model] = twin
    return twin


def _partial_root() -> type[BaseModel]:
    return _lenient(MissingChildReport)


# --- error mapping --------------------------------------------------------------------

#: pydantic's own error types that name a rule other than invalid-value (MR003).
_GENERIC: Mapping[str, ProblemKind] = {
    "missing": MISSING_FIELD,
    "extra_forbidden": UNKNOWN_FIELD,
    "literal_error": NOT_IN_CODE_TABLE,
    "enum": NOT_IN_CODE_TABLE,
    "string_too_long": OUT_OF_BOUNDS,
    "too_long": OUT_OF_BOUNDS,
    "string_pattern_mismatch": OUT_OF_BOUNDS,
    "greater_than": OUT_OF_BOUNDS,
    "greater_than_equal": OUT_OF_BOUNDS,
    "less_than": OUT_OF_BOUNDS,
    "less_than_equal": OUT_OF_BOUNDS,
}

_BLANK = "is blank: fill it in, or leave it out when not recorded (a blank is never a valid answer)"


def _problem(error: Mapping[str, Any]) -> Problem:
    kind_in: str = error["type"]
    loc = tuple(error["loc"])
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    raw = error.get("input")
    if "field" in ctx and (not loc or loc[-1] != ctx["field"]):
        loc = (*loc, ctx["field"])
        raw = raw.get(ctx["field"]) if isinstance(raw, dict) else None
    path = shown_path(loc)
    msg = printable(str(error.get("msg", "")))
    if kind_in == "extra_forbidden":
        hint = field_hint(str(loc[-1]))
        suggestion = f" (did you mean {hint}?)" if hint else ""
        return Problem(
            UNKNOWN_FIELD,
            path,
            f"is not a field of the schema{suggestion}: check its spelling or remove it",
            shown_value(raw),
        )
    if kind_in == "missing":
        return Problem(MISSING_FIELD, path, "is required and missing: record it")
    if raw is None:
        return Problem(MISSING_FIELD, path, "is required and null: record it")
    blank = isinstance(raw, str) and not raw.strip()
    if blank or (kind_in in ("string_too_short", "too_short") and ctx.get("min_length") == 1):
        return Problem(MISSING_FIELD, path, _BLANK)
    if kind_in in ("model_type", "model_attributes_type", "dict_type") and not loc:
        return Problem(UNREADABLE_RECORD, "", "the record is not a JSON object")
    kind = _GENERIC.get(kind_in) or (problem_kind(kind_in) if "-" in kind_in else INVALID_VALUE)
    detail = msg[:1].lower() + msg[1:] if msg else "is not valid"
    if kind == NOT_IN_CODE_TABLE:
        expected = str(ctx.get("expected", ""))
        detail = (
            f"is not in its code table (allowed: {expected})"
            if expected.count(",") < 15
            else "is not in its code table (see the schema for the allowed codes)"
        )
    if kind_in in ("model_type", "model_attributes_type", "dict_type"):
        detail = "should be an object with its own fields"
    return Problem(kind, path, detail, shown_value(raw))


#: Marks a value to take out, in the tree of paths :func:`_remove` builds.
_OUT: Any = object()


def _remove(data: Any, paths: list[tuple[str | int, ...]]) -> Any:
    """A copy of ``data`` with the values at ``paths`` taken out (list items dropped).

    List items are numbered as in ``data`` (taking one out does not renumber the
    others). Only the objects and lists on the way to a value taken out are copied; the
    rest is shared with ``data``, which validating the copy never changes.
    """
    tree: dict[Any, Any] = {}
    for path in paths:
        if not path:
            continue
        node = tree
        for key in path[:-1]:
            below = node.setdefault(key, {})
            if below is _OUT:
                break  # a value around this one is taken out whole
            node = below
        else:
            node[path[-1]] = _OUT
    return _pruned(data, tree) if tree else data


def _pruned(node: Any, tree: dict[Any, Any]) -> Any:
    if isinstance(node, dict):
        out = dict(node)
        for key, below in tree.items():
            if key in out:
                if below is _OUT:
                    del out[key]
                else:
                    out[key] = _pruned(out[key], below)
        return out
    if isinstance(node, list):
        items = []
        for index, value in enumerate(node):
            below = tree.get(index)
            if below is None:
                items.append(value)
            elif below is not _OUT:
                items.append(_pruned(value, below))
        return items
    return node


def parse_record(
    data: Any,
    *,
    strict: bool = True,
    context: Any = None,
    errors: Sequence[ErrorDetails] | None = None,
) -> Parsed:
    """Validate a decoded record; never raises on bad data.

    Args:
        data: the decoded JSON value (normally a dict).
        strict: JSON input is strict (types as JSON gives them); CSV input is read
            lax, since every cell is text.
        context: pydantic validation context (``phone_region``).
        errors: what validating ``data`` gives, when already known (the alike errors
            of its JSON text: :func:`~._fastjson.read_text`); ``data`` is then not
            validated again.
    """
    try:
        return _parse(data, strict, context, errors)
    except RecursionError:  # a Python value nested deeper than any JSON text may be
        detail = f"the record is nested too deep to read (the limit is {MAX_DEPTH} levels)"
        return Parsed(None, None, (Problem(UNREADABLE_RECORD, "", detail),))


#: The blocks of a report to someone: a block counts only when it records the report.
REPORT_BLOCKS = ("law_enforcement_report", "ncmec_report")
#: What records a report: when it was made, or the case number it got.
_RECORDING_KEYS = ("reported_at", "case_number")
#: What a case system pre-fills before any report is made: who would be reported to.
_PREFILLED = {
    "law_enforcement_report": frozenset({"agency_name", "ori"}),
    "ncmec_report": frozenset({"method", "reported_by"}),
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unrecorded(name: str, block: Any) -> bool:
    """Whether the police or NCMEC block ``name`` records no report.

    A block records a report when it has ``reported_at`` or ``case_number``. One that
    holds only what a case system pre-fills (who would be reported to: the police
    agency's name or ORI; for NCMEC the method or who reports), as text or blank, is
    no report. A block with any other key is read as a report (and its faults found).
    """
    if not isinstance(block, dict):
        return False
    allowed = _PREFILLED[name]
    return all(
        (key in allowed and (value is None or isinstance(value, str)))
        or (key in _RECORDING_KEYS and _blank(value))
        for key, value in block.items()
    )


def _recorded_only(data: dict[str, Any]) -> dict[str, Any]:
    """The record with its police and NCMEC blocks that record no report taken out:
    the rules judge them as missing (MR201/MR204), never as incomplete (MR002)."""
    return {k: v for k, v in data.items() if not (k in _PREFILLED and unrecorded(k, v))}


def _parse(data: Any, strict: bool, context: Any, errors: Sequence[ErrorDetails] | None) -> Parsed:
    if not isinstance(data, dict):
        return Parsed(
            None, None, (Problem(UNREADABLE_RECORD, "", "the record is not a JSON object"),)
        )
    dropped = any(unrecorded(name, data.get(name)) for name in REPORT_BLOCKS)
    if dropped:
        # What the schema calls incomplete is no report at all: the rest is judged, and
        # the record is not sound (``report`` is None) though nothing in it is a finding.
        data, errors = _recorded_only(data), None  # the text's errors were for all of it
    if not errors:
        try:
            report = MissingChildReport.model_validate(data, strict=strict, context=context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:
            return Parsed(None, report) if dropped else Parsed(report, report)
    problems = [_problem(e) for e in errors]
    locs: list[tuple[str | int, ...]] = []
    for error in errors:
        loc = tuple(error["loc"])
        ctx = error.get("ctx") or {}
        if "field" in ctx and (not loc or loc[-1] != ctx["field"]):
            loc = (*loc, ctx["field"])
        locs.append(loc)
        if not loc:
            return Parsed(None, None, tuple(problems))
    failed = frozenset(p.path for p in problems)
    partial = _partial(data, locs, strict, context)
    return Parsed(None, partial, tuple(problems), failed)


def _partial(
    data: dict[str, Any], locs: list[tuple[str | int, ...]], strict: bool, context: Any
) -> MissingChildReport | None:
    root = _partial_root()
    cleaned = _remove(data, locs)
    for _ in range(4):
        try:
            return typing.cast(
                MissingChildReport, root.model_validate(cleaned, strict=strict, context=context)
            )
        except ValidationError as exc:  # a value valid alone but not in its new company
            more = [tuple(e["loc"]) for e in exc.errors(include_url=False)]
            if any(not loc for loc in more):
                return None
            cleaned = _remove(cleaned, more)
    return None  # pragma: no cover - cleaning converges in one or two rounds
