"""JSON and JSON Lines readers.

JSON Lines streams: one line at a time, each line bounded (1 MB, MR001 beyond). A plain
JSON file (one report, or a list of reports) is read whole, up to
:data:`MAX_JSON_FILE_BYTES`; beyond that, use JSON Lines. The elements of a list are
decoded one at a time, so that a defect in one report (a duplicate key, NaN, a number
of 5,000 digits, nesting too deep to decode) leaves the others readable: the broken
element is skipped to its end and is one unreadable record. Only malformed syntax stops
the list, since where the element ends is then unknown. The line each element starts
on is kept for the outputs
that point into files (SARIF, GitHub annotations): the ``line`` of a JSON record is
``null`` by contract.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .._raw import RawRecord, from_text
from ..problems import UNREADABLE_RECORD
from ..structure import (
    MAX_DEPTH,
    MAX_RECORD_BYTES,
    Problem,
    _depth_ok,
    _DuplicateKey,
    _no_constants,
    _no_duplicates,
    _safe_reason,
    bracket_depths,
    decode_json,
    text_problem,
)
from ._format import Format, Options, Positions
from ._lines import bounded_lines

__all__ = [
    "JSON",
    "JSON_LINES",
    "MAX_JSON_FILE_BYTES",
    "Positions",
    "read_json",
    "read_json_bytes",
    "read_jsonl",
    "read_jsonl_lines",
]

#: The largest plain JSON file read (it is read whole); use JSON Lines beyond.
MAX_JSON_FILE_BYTES = 128 * 1024 * 1024


_WS = re.compile(r"[ \t\n\r]*")
_STRICT = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
#: Finds where a refused element ends: numbers (of any length) and constants kept as text.
_LOOSE = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str)


def _unreadable(detail: str) -> Problem:
    return Problem(UNREADABLE_RECORD, "", detail)


def read_jsonl_lines(lines: Iterable[tuple[bytes, bool]], source: str) -> Iterator[RawRecord]:
    """One report per line; blank lines are skipped; ``line`` is the line number.

    ``lines`` are as :func:`~._lines.bounded_lines` yields them, with or without their
    line ends. Each record holds its line as ``text``, decoded when first needed.
    """
    number = 0
    line_no = 0
    for line, cut in lines:
        line_no += 1
        text = line.rstrip(b"\r\n")
        if not text.strip():
            continue
        number += 1
        if cut:
            detail = f"the line is longer than {MAX_RECORD_BYTES:,} bytes"
            yield RawRecord(source, number, line_no, None, _unreadable(detail))
            continue
        # Decoded only if the engine's fast path refuses it (or data is asked for).
        yield from_text(source, number, line_no, text)


def read_jsonl(path: Path, source: str | None = None) -> Iterator[RawRecord]:
    """A JSON Lines file, read line by line."""
    with path.open("rb") as handle:
        yield from read_jsonl_lines(bounded_lines(handle, ends=False), source or str(path))


def read_json(
    path: Path, source: str | None = None, positions: Positions | None = None
) -> Iterator[RawRecord]:
    """A JSON file: one report, or a list of reports (each its own record)."""
    name = source or str(path)
    if path.stat().st_size > MAX_JSON_FILE_BYTES:
        detail = (
            f"the file is larger than {MAX_JSON_FILE_BYTES // 2**20} MiB, the limit of a plain "
            "JSON file: write it as JSON Lines (one report per line)"
        )
        yield RawRecord(name, 1, None, None, _unreadable(detail))
        return
    yield from read_json_bytes(path.read_bytes(), name, positions)


def read_json_bytes(
    raw: bytes, source: str, positions: Positions | None = None
) -> Iterator[RawRecord]:
    """The records of a whole JSON document given as bytes."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _, problem = decode_json(raw)
        yield RawRecord(source, 1, None, None, problem)
        return
    start = _WS.match(text).end()  # type: ignore[union-attr]
    if text.startswith("[", start):
        yield from _elements(text, start, source, positions)
        return
    if positions is not None:
        positions[(source, 1)] = text.count("\n", 0, start) + 1
    data, problem = decode_json(text)
    yield RawRecord(source, 1, None, data, problem)


def _elements(
    text: str, start: int, source: str, positions: Positions | None
) -> Iterator[RawRecord]:
    """Decode the elements of a top-level list one by one."""
    index = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
    number, line, counted = 0, 1, 0
    if text.startswith("]", index):
        yield from _trailing(text, index + 1, source, number)
        return
    while True:
        number += 1
        line += text.count("\n", counted, index)
        counted = index
        if positions is not None:
            positions[(source, number)] = line
        try:
            value, end = _STRICT.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            yield RawRecord(source, number, None, None, _malformed(text, exc.pos, exc.msg))
            return
        except (ValueError, RecursionError) as exc:  # a duplicate key, NaN, too deep...
            skipped = _skip(text, index)
            if skipped is None:
                yield RawRecord(source, number, None, None, _malformed(text, index))
                return
            end = skipped
            yield RawRecord(source, number, None, None, _broken(exc))
        else:
            yield _element(text, index, end, source, number, value)
        index = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", index):
            index = _WS.match(text, index + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("]", index):
            yield from _trailing(text, index + 1, source, number)
            return
        problem = _malformed(text, index, "expected ',' or ']' after a record")
        yield RawRecord(source, number + 1, None, None, problem)
        return


def _broken(exc: BaseException) -> Problem:
    """The problem of an element that is well-formed but cannot be decoded."""
    if isinstance(exc, _DuplicateKey):
        return _unreadable(f"the key {json.dumps(str(exc))} appears twice in one object: keep one")
    if isinstance(exc, RecursionError):
        return _unreadable(f"the record is nested deeper than {MAX_DEPTH} levels")
    return _unreadable(f"malformed JSON: {_safe_reason(exc)}")


def _skip(text: str, index: int) -> int | None:
    """The end of the element at ``index`` that the strict decoder refused, or ``None``.

    A duplicate key, NaN or a number too long costs one record, not the rest of the
    list: the element is decoded again leniently to find its end. Nesting too deep for
    the decoder is skipped to its matching bracket (brackets inside strings do not
    count). ``None`` when the element is malformed after all.
    """
    try:
        return int(_LOOSE.raw_decode(text, index)[1])
    except RecursionError:
        return _matching_bracket(text, index)
    except ValueError:
        return None


def _matching_bracket(text: str, index: int) -> int | None:
    if not text.startswith(("{", "["), index):
        return None
    for pos, depth in bracket_depths(text, index):
        if depth == 0:
            return pos + 1
    return None


def _element(text: str, start: int, end: int, source: str, number: int, value: object) -> RawRecord:
    size = end - start
    if size * 4 > MAX_RECORD_BYTES and len(text[start:end].encode("utf-8")) > MAX_RECORD_BYTES:
        detail = f"the record is larger than the limit of {MAX_RECORD_BYTES:,} bytes"
        return RawRecord(source, number, None, None, _unreadable(detail))
    if not _depth_ok(text[start:end]):
        detail = f"the record is nested deeper than {MAX_DEPTH} levels"
        return RawRecord(source, number, None, None, _unreadable(detail))
    problem = text_problem(text, value, start, end, raw=False)  # text decoded from bytes
    if problem is not None:
        return RawRecord(source, number, None, None, problem)
    return RawRecord(source, number, None, value)


def _trailing(text: str, index: int, source: str, number: int) -> Iterator[RawRecord]:
    rest = _WS.match(text, index).end()  # type: ignore[union-attr]
    if rest < len(text):
        problem = _malformed(text, rest, "more data after the list")
        yield RawRecord(source, number + 1, None, None, problem)


def _malformed(text: str, pos: int, reason: str = "") -> Problem:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    why = f" ({reason})" if reason else ""
    return _unreadable(
        f"malformed JSON at line {line} column {column}{why}: the rest of the file cannot be read"
    )


def _jsonl_file(path: Path, source: str, options: Options) -> Iterator[RawRecord]:
    return read_jsonl(path, source)


def _jsonl_stream(handle: BinaryIO, source: str, options: Options) -> Iterator[RawRecord]:
    return read_jsonl_lines(bounded_lines(handle, ends=False), source)


def _json_file(path: Path, source: str, options: Options) -> Iterator[RawRecord]:
    return read_json(path, source, options.positions)


def _json_stream(handle: BinaryIO, source: str, options: Options) -> Iterator[RawRecord]:
    raw = handle.read(MAX_JSON_FILE_BYTES + 1)
    if len(raw) > MAX_JSON_FILE_BYTES:
        return iter([RawRecord(source, 1, None, None, _unreadable(_TOO_LARGE))])
    return read_json_bytes(raw, source, options.positions)


_TOO_LARGE = (
    f"the input is larger than {MAX_JSON_FILE_BYTES // 2**20} MiB, the limit of plain JSON: "
    "write it as JSON Lines (one report per line)"
)

#: One report, or a list of reports.
JSON = Format(
    "json", "JSON", (".json",), _json_file, _json_stream, media_types=("application/json",)
)
#: JSON Lines: one report per line.
JSON_LINES = Format(
    "jsonl", "JSON Lines", (".jsonl", ".ndjson"), _jsonl_file, _jsonl_stream,
    media_types=("application/x-ndjson", "application/jsonl", "application/x-jsonlines"),
)  # fmt: skip
