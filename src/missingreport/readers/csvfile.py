"""CSV exports: one report per row, columns mapped to canonical dotted fields.

``row`` numbers count as a spreadsheet does: the header is row 1, and a cell with a
line break in it does not add a row. Each row becomes a nested record built from the
dotted paths (``child.first_name``) as :mod:`._table` says; a blank cell is "not
recorded" and is left out.

Excel exports work: a UTF-8 byte-order mark is dropped, and a line whose bytes are
not UTF-8 is read as Windows-1252 with a ``non-utf8-encoding`` note on its record,
so that the guess is never silent. A row with the wrong number of cells, bytes that
are neither, a NUL byte (a UTF-16 or binary file), a cell longer than the csv module's
field limit (131,072 characters: a quote never closed) or a row longer than 1 MB is an
unreadable record (MR001), and the rows after it are still read.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .._raw import RawRecord
from ..problems import UNREADABLE_RECORD
from ..structure import MAX_RECORD_BYTES, Problem
from ._format import Format, Options
from ._lines import bounded_lines
from ._table import Table
from .mapping import ColumnMapping

__all__ = ["CSV", "read_csv", "read_csv_lines", "read_csv_stream"]


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
    lines: Iterable[tuple[bytes, bool]],
    source: str,
    mapping: ColumnMapping | None = None,
    *,
    is_field: Callable[[str], bool] | None = None,
) -> Iterator[RawRecord]:
    """The records of CSV lines as :func:`~._lines.bounded_lines` yields them.

    Without a mapping, a header mostly of names that are no fields (``is_field``,
    default a report's dotted paths) is refused (:func:`~._table.refuse_unmapped`).
    """
    decoded = _Decoded(lines)
    delimiter = mapping.delimiter if mapping is not None else ","
    reader = csv.reader(iter(decoded), delimiter=delimiter)
    header: Table | None = None
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
            yield RawRecord(source, number, row_no, None, Problem(UNREADABLE_RECORD, "", detail))
            if header is None:
                return
            continue
        row_no += 1
        if not any(c.strip() for c in cells):
            continue  # a blank row (it still counts as a row)
        if header is None:
            if decoded.nul:
                problem = Problem(UNREADABLE_RECORD, "", f"the header {_NUL}")
                yield RawRecord(source, 1, row_no, None, problem)
                return
            header = Table(cells, mapping, source, is_field=is_field)
            continue
        number += 1
        bad = header.problem or _row_problem(decoded, len(cells), header.width)
        if bad is not None:
            yield RawRecord(source, number, row_no, None, bad)
            continue
        data, notes = header.record(cells, fallback=decoded.fallback)
        yield RawRecord(source, number, row_no, data, None, strict=False, notes=notes)


def _row_problem(decoded: _Decoded, cells: int, width: int) -> Problem | None:
    if decoded.cut:
        return Problem(UNREADABLE_RECORD, "", f"the row is longer than {MAX_RECORD_BYTES:,} bytes")
    if decoded.nul:
        return Problem(UNREADABLE_RECORD, "", f"the row {_NUL}")
    if decoded.broken:
        return Problem(
            UNREADABLE_RECORD,
            "",
            "the row's bytes are neither UTF-8 nor Windows-1252: export the file as UTF-8",
        )
    if cells != width:
        return Problem(
            UNREADABLE_RECORD,
            "",
            f"the row has {cells} cells and the header {width}: look for a separator inside "
            "a value that is not in quotes",
        )
    return None


def read_csv_stream(
    handle: BinaryIO,
    source: str,
    mapping: ColumnMapping | None = None,
    *,
    is_field: Callable[[str], bool] | None = None,
) -> Iterator[RawRecord]:
    """The records of a CSV byte stream (one per row), read as they come."""
    lines = bounded_lines(handle, MAX_RECORD_BYTES)
    yield from read_csv_lines(lines, source, mapping, is_field=is_field)


def read_csv(
    path: Path,
    source: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    is_field: Callable[[str], bool] | None = None,
) -> Iterator[RawRecord]:
    """The records of a CSV file, read row by row."""
    with path.open("rb") as handle:
        yield from read_csv_stream(handle, source or str(path), mapping, is_field=is_field)


def _file(path: Path, source: str, options: Options) -> Iterator[RawRecord]:
    return read_csv(path, source, options.mapping, is_field=options.is_field)


def _stream(handle: BinaryIO, source: str, options: Options) -> Iterator[RawRecord]:
    return read_csv_stream(handle, source, options.mapping, is_field=options.is_field)


#: Comma-separated values, one report per row (Excel's "CSV UTF-8" and plain CSV).
CSV = Format("csv", "CSV", (".csv",), _file, _stream, tabular=True, media_types=("text/csv",))
