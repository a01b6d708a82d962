"""JSON and JSON Lines readers."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..engine import RawRecord
from ..structure import MAX_RECORD_BYTES, Problem, decode_json

__all__ = ["read_json", "read_jsonl", "read_stdin"]

#: The largest plain JSON file read whole (a list of reports); use JSONL beyond.
MAX_JSON_FILE_BYTES = 512 * 1024 * 1024


def _lines(handle: BinaryIO, source: str) -> Iterator[RawRecord]:
    number = 0
    for line_no, line in enumerate(handle, start=1):
        if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        number += 1
        if len(line) > MAX_RECORD_BYTES:
            too_long = Problem(
                "unreadable-record", "", f"the line is longer than {MAX_RECORD_BYTES:,} bytes"
            )
            yield RawRecord(source, number, line_no, None, too_long)
            continue
        data, problem = decode_json(line)
        yield RawRecord(source, number, line_no, data, problem)


def read_jsonl(path: Path, source: str | None = None) -> Iterator[RawRecord]:
    """One report per line; blank lines are skipped; ``line`` is the file's line number."""
    with path.open("rb") as handle:
        yield from _lines(handle, source or str(path))


def _document(raw: bytes, source: str) -> Iterator[RawRecord]:
    if len(raw) > MAX_JSON_FILE_BYTES:
        yield RawRecord(
            source,
            1,
            None,
            None,
            Problem("unreadable-record", "", "the file is too large for plain JSON: use JSONL"),
        )
        return
    text = raw.decode("utf-8-sig", errors="strict") if _is_utf8(raw) else None
    if text is None:
        _, problem = decode_json(raw)
        yield RawRecord(source, 1, None, None, problem)
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        # A list of reports: each element is checked as its own record.
        data, problem = decode_json(text) if len(text) <= MAX_RECORD_BYTES else _decode_big(text)
        if problem is not None or not isinstance(data, list):
            yield RawRecord(source, 1, None, data, problem)
            return
        for number, item in enumerate(data, start=1):
            yield RawRecord(source, number, None, item)
        return
    data, problem = decode_json(text)
    yield RawRecord(source, 1, None, data, problem)


def _decode_big(text: str) -> tuple[object, Problem | None]:
    """Decode a list larger than one record's limit (each element is still checked)."""
    import json

    from ..structure import _depth_ok, _DuplicateKey, _no_constants, _no_duplicates

    if not _depth_ok(text):
        return None, Problem("unreadable-record", "", "the file is nested too deeply")
    try:
        return (
            json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants),
            None,
        )
    except _DuplicateKey as exc:
        return None, Problem("unreadable-record", "", f"the key {exc} appears twice in an object")
    except (ValueError, RecursionError) as exc:
        return None, Problem("unreadable-record", "", f"malformed JSON: {type(exc).__name__}")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def read_json(path: Path, source: str | None = None) -> Iterator[RawRecord]:
    """A JSON file: one report, or a list of reports (each its own record)."""
    yield from _document(path.read_bytes(), source or str(path))


def read_stdin(stream: BinaryIO | None = None) -> Iterator[RawRecord]:
    """Standard input: JSON (one report or a list) or JSON Lines, told apart by content."""
    handle = stream if stream is not None else sys.stdin.buffer
    raw = handle.read()
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    stripped = body.strip()
    if stripped.startswith(b"[") or stripped.count(b"\n") == 0:
        yield from _document(raw, "-")
        return
    import io

    yield from _lines(io.BytesIO(raw), "-")
