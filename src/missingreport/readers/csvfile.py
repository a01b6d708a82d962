"""CSV exports: one report per row, columns mapped to canonical dotted fields.

``row`` numbers count as a spreadsheet does: the header is row 1, and a cell with a
line break in it does not add a row. Each row becomes a nested record built from the
dotted paths (``child.first_name``); a blank cell is "not recorded" and is left out.
Cells are converted by the kind of their field, read from the schema: booleans
(``true``/``false``/``yes``/``no``/``Y``/``N``/``1``/``0``), whole numbers, lists
(split by the separator) and dates, read leniently by the mapping's date convention
and written back as ISO 8601; a date whose day and month could be swapped gets an
``ambiguous-date`` note (MR211). A cell that cannot be converted is passed on as
text, so that the schema reports it (MR003). Formula cells (``=...``) are data.

Excel exports work: a UTF-8 byte-order mark is dropped, and a line whose bytes are
not UTF-8 is read as Windows-1252 with a ``non-utf8-encoding`` note on its record,
so that the guess is never silent. A row with the wrong number of cells, bytes that
are neither, a NUL byte (a UTF-16 or binary file), a cell longer than the csv module's
field limit (131,072 characters: a quote never closed) or a row longer than 1 MB is an
unreadable record (MR001), and the rows after it are still read.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from .._version import SCHEMA_VERSION
from ..engine import RawRecord
from ..structure import MAX_RECORD_BYTES, Problem
from ..temporal import parse_lenient, zone
from ._fields import FieldSpec, spec_for
from ._lines import bounded_lines
from .mapping import Column, ColumnMapping

__all__ = ["read_csv", "read_csv_lines", "read_csv_stream"]

_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})
_INTEGER = re.compile(r"^[+-]?\d{1,18}(?:\.0*)?$")
_CONVENTION_WORDS = {
    "month_first": "month first (MM/DD/YYYY)",
    "day_first": "day first (DD/MM/YYYY)",
}
#: A dropped value (a blank cell, or a value mapped to "").
_OMIT = object()


class _RowTooLong(Exception):
    """A row (its quoted cells spanning lines) grew beyond the record limit."""


class _Decoded:
    """Lines of bytes as text: UTF-8, else Windows-1252; remembers what it had to do.

    An iterator (not a generator), so that it stays usable after it stopped a row that
    grew too long: the csv reader starts afresh with the next line.
    """

    def __init__(self, lines: Iterable[tuple[bytes, bool]]) -> None:
        self._lines = iter(lines)
        self.fallback = self.broken = self.cut = self.nul = False
        self.size = 0

    def reset(self) -> None:
        self.fallback = self.broken = self.cut = self.nul = False
        self.size = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw, cut = next(self._lines)
        self.cut |= cut
        self.nul |= b"\x00" in raw
        self.size += len(raw)
        if self.size > MAX_RECORD_BYTES and not cut:
            raise _RowTooLong
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            self.broken = True
            return raw.decode("utf-8", "replace")
        self.fallback = True
        return text


class _Column:
    """A header resolved once: where its cells go and how they are converted."""

    __slots__ = ("field", "separator", "spec", "values")

    def __init__(self, column: Column, mapping: ColumnMapping) -> None:
        self.field = column.field
        self.spec: FieldSpec | None = spec_for(column.field)
        self.separator = column.separator or mapping.list_separator
        raw = mapping.value_map(column)
        self.values = {**{k.strip().casefold(): v for k, v in raw.items()}, **raw}


def _header_problem(headers: list[str], columns: list[_Column | None]) -> Problem | None:
    seen: set[str] = set()
    for name in headers:
        if name and name in seen:
            return Problem(
                "unreadable-record",
                "",
                f"the header has the column {name!r} twice: one of its values would be lost",
            )
        seen.add(name)
    targets = sorted(c.field for c in columns if c is not None)
    for a, b in itertools.pairwise(targets):
        if a == b or b.startswith(a + "."):
            return Problem(
                "unreadable-record",
                "",
                f"two columns fill {a}: map each field from one column only",
            )
    return None


class _Converter:
    """Turns the cells of one row into a nested record, collecting notes."""

    def __init__(self, mapping: ColumnMapping, origin: str) -> None:
        self.day_first = mapping.day_first
        self.tz = zone(mapping.time_zone) if mapping.time_zone else None
        self.convention = f"{_CONVENTION_WORDS[mapping.date_convention]}, {origin}"
        self.notes: list[Problem] = []

    def scalar(self, spec: FieldSpec, text: str, path: str) -> Any:
        kind = spec.kind
        if kind == "bool":
            low = text.casefold()
            return True if low in _TRUE else False if low in _FALSE else text
        if kind == "int":
            return int(text.split(".", 1)[0]) if _INTEGER.match(text) else text
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                return text
        if kind in ("date", "datetime", "either"):
            read = parse_lenient(text, day_first=self.day_first, kind=kind)
            if read is None:
                return text
            value = read.value
            if self.tz is not None and isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=self.tz)
            try:
                iso = value.isoformat()
            except ValueError:  # an offset of 24 hours or more ("+2500"), which no moment has
                return text
            if read.ambiguous:
                self.notes.append(
                    Problem(
                        "ambiguous-date",
                        path,
                        f"is written so that day and month can be swapped; it was read "
                        f"{self.convention}: write dates "
                        "as YYYY-MM-DD",
                        text,
                    )
                )
            return iso
        return text

    def cell(self, column: _Column, text: str) -> Any:
        values = column.values
        spec = column.spec
        if spec is not None and spec.is_list:
            items: list[Any] = []
            for part in text.split(column.separator):
                item = _mapped(part.strip(), values)
                if item:
                    items.append(self.scalar(spec, item, f"{column.field}.{len(items)}"))
            return items or _OMIT
        value = _mapped(text, values)
        if not value:
            return _OMIT
        return value if spec is None else self.scalar(spec, value, column.field)


def _mapped(text: str, values: dict[str, str]) -> str:
    if not values or not text:
        return text
    found = values.get(text)
    if found is None:
        found = values.get(text.casefold())
    return text if found is None else found


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    node: dict[Any, Any] = data
    parts: list[Any] = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def _listify(node: Any) -> Any:
    """Dicts keyed by list indices (``child.race.0``, ``.1``) become lists."""
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_listify(node[k]) for k in sorted(node)]
        return {k: _listify(v) for k, v in node.items()}
    return node


def _constants(mapping: ColumnMapping, converter: _Converter) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for path, value in mapping.constants.items():
        spec = spec_for(path)
        if isinstance(value, str) and spec is not None:
            column = _Column(Column(field=path), mapping)
            value = converter.cell(column, value)
        if value is not _OMIT:
            out.append((path, value))
    return out


class _Header:
    """The header row, resolved once: where each column goes, and its defects."""

    def __init__(self, cells: list[str], mapping: ColumnMapping) -> None:
        names = [c.strip() for c in cells]
        self.columns: list[_Column | None] = []
        for name in names:
            column = mapping.column(name) if name else None
            self.columns.append(_Column(column, mapping) if column is not None else None)
        self.headerless = frozenset(i for i, name in enumerate(names) if not name)
        self.problem = _header_problem(names, self.columns)
        self.has_version = "schema_version" in mapping.constants or any(
            c is not None and c.field == "schema_version" for c in self.columns
        )


_ENCODING_NOTE = Problem(
    "non-utf8-encoding",
    "",
    "the row's bytes are not UTF-8 and were read as Windows-1252 (as Excel saves CSV): "
    "check its accented letters, and export the file as UTF-8",
)


def _record(
    header: _Header,
    cells: list[str],
    converter: _Converter,
    constants: list[tuple[str, Any]],
    fallback: bool,
) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """The nested record of one sound row, and the reader's notes on it."""
    converter.notes = [_ENCODING_NOTE] if fallback else []
    data: dict[str, Any] = {} if header.has_version else {"schema_version": SCHEMA_VERSION}
    for index, column in enumerate(header.columns):
        text = cells[index].strip()
        if not text:
            continue
        if column is None:
            if index in header.headerless:
                converter.notes.append(
                    Problem(
                        "unknown-field",
                        "",
                        f"column {index + 1} has a value but no header: name the column, "
                        "or remove the value",
                    )
                )
            continue  # else a column the mapping ignores
        value = converter.cell(column, text)
        if value is not _OMIT:
            _set(data, column.field, value)
    for path, value in constants:
        _set(data, path, value)
    return _listify(data), tuple(converter.notes)


def _csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "new-line character" in text:
        return "a line break inside a value that is not in quotes"
    if "field limit" in text:
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters: look for a quote "
            "that is never closed"
        )
    return text


_NUL = (
    "holds a NUL byte, which is no text: the file may be UTF-16 (Excel's Unicode Text) or "
    "not a CSV file at all; export it as CSV UTF-8"
)


def read_csv_lines(
    lines: Iterable[tuple[bytes, bool]], source: str, mapping: ColumnMapping | None = None
) -> Iterator[RawRecord]:
    """The records of CSV lines as :func:`~._lines.bounded_lines` yields them."""
    origin = "the convention of the mapping" if mapping is not None else "the default convention"
    mapping = mapping or ColumnMapping()
    decoded = _Decoded(lines)
    reader = csv.reader(iter(decoded), delimiter=mapping.delimiter)
    converter = _Converter(mapping, origin)
    constants = _constants(mapping, converter)
    header: _Header | None = None
    row_no = number = 0
    while True:
        decoded.reset()
        what = "header" if header is None else "row"
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, _RowTooLong) as exc:
            row_no += 1
            number += 1
            detail = (
                f"the {what} is longer than {MAX_RECORD_BYTES:,} bytes: look for a quote "
                "that is never closed"
                if isinstance(exc, _RowTooLong)
                else f"the {what} cannot be read as CSV: {_csv_error(exc)}"
            )
            yield RawRecord(source, number, row_no, None, Problem("unreadable-record", "", detail))
            if header is None:
                return
            continue
        row_no += 1
        if not any(c.strip() for c in cells):
            continue  # a blank row (it still counts as a row)
        if header is None:
            if decoded.nul:
                problem = Problem("unreadable-record", "", f"the header {_NUL}")
                yield RawRecord(source, 1, row_no, None, problem)
                return
            header = _Header(cells, mapping)
            continue
        number += 1
        bad = header.problem or _row_problem(decoded, len(cells), len(header.columns))
        if bad is not None:
            yield RawRecord(source, number, row_no, None, bad)
            continue
        data, notes = _record(header, cells, converter, constants, decoded.fallback)
        yield RawRecord(source, number, row_no, data, None, strict=False, notes=notes)


def _row_problem(decoded: _Decoded, cells: int, width: int) -> Problem | None:
    if decoded.cut:
        return Problem(
            "unreadable-record", "", f"the row is longer than {MAX_RECORD_BYTES:,} bytes"
        )
    if decoded.nul:
        return Problem("unreadable-record", "", f"the row {_NUL}")
    if decoded.broken:
        return Problem(
            "unreadable-record",
            "",
            "the row's bytes are neither UTF-8 nor Windows-1252: export the file as UTF-8",
        )
    if cells != width:
        return Problem(
            "unreadable-record",
            "",
            f"the row has {cells} cells and the header {width}: look for a separator inside "
            "a value that is not in quotes",
        )
    return None


def read_csv_stream(
    handle: BinaryIO, source: str, mapping: ColumnMapping | None = None
) -> Iterator[RawRecord]:
    """The records of a CSV byte stream (one per row), read as they come."""
    yield from read_csv_lines(bounded_lines(handle, MAX_RECORD_BYTES), source, mapping)


def read_csv(
    path: Path, source: str | None = None, mapping: ColumnMapping | None = None
) -> Iterator[RawRecord]:
    """The records of a CSV file, read row by row."""
    with path.open("rb") as handle:
        yield from read_csv_stream(handle, source or str(path), mapping)
