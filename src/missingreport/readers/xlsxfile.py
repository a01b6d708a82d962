"""Excel workbooks (``.xlsx``): read like a CSV export, one report per row of a sheet.

The first sheet is read, or the one the mapping names (``sheet = "NAME"``). Row numbers
are those Excel shows (the header is row 1). Cells are read as Excel holds them: a
date cell is a date (never its serial number), a date cell at midnight a date alone,
a time cell a time of day, a whole number its digits, a formula its last computed
value. The cells then go through the same conversion as CSV cells (:mod:`._table`).

Needs the optional extra ``xlsx`` (openpyxl); without it, reading a workbook is a
fault of the invocation that names the extra.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from .._raw import RawRecord
from ..errors import InputError
from ..problems import UNREADABLE_RECORD
from ..structure import Problem
from ._format import Format, Options
from ._table import Table

__all__ = ["MAX_WORKBOOK_BYTES", "XLSX", "cell_text", "read_xlsx", "sheet_rows"]

#: The largest workbook read from a stream (a workbook is read whole).
MAX_WORKBOOK_BYTES = 256 * 1024 * 1024
_EXTRA = "reading .xlsx workbooks needs the optional extra xlsx: pip install 'missingreport[xlsx]'"


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError(_EXTRA) from None
    return openpyxl


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV export would hold, in ISO 8601 for dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return str(value)


def sheet_rows(
    handle: BinaryIO | Path, source: str, sheet: str | None
) -> Iterator[tuple[int, list[str]]]:
    """Each row of the sheet (Excel's row number, its cells as text).

    Raises:
        InputError: openpyxl is not installed, or the sheet named is not in the workbook.
        ValueError: the file is no readable workbook.
    """
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValueError(type(exc).__name__) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(repr(n) for n in book.sheetnames)
            raise InputError(f"{source}: no sheet {sheet!r} in the workbook (it has {names})")
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        for number, row in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            yield number, [cell_text(v) for v in row]
    finally:
        book.close()


def read_xlsx(
    path: Path | BinaryIO,
    source: str,
    options: Options = Options(),  # noqa: B008 - frozen
) -> Iterator[RawRecord]:
    """The records of a workbook's sheet, one per row under the header."""
    mapping = options.mapping
    sheet = mapping.sheet if mapping is not None else None
    header: Table | None = None
    number = 0
    rows = sheet_rows(path, source, sheet)
    try:
        for row_no, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = Table(cells, mapping, source, is_field=options.is_field)
                continue
            number += 1
            if header.problem is not None:
                yield RawRecord(source, number, row_no, None, header.problem)
                continue
            width = header.width
            extra = [i for i, c in enumerate(cells[width:], width) if c.strip()]
            if extra:
                detail = (
                    f"the row has a value in column {extra[0] + 1}, beyond the header's "
                    f"{width} columns: name the column, or remove the value"
                )
                yield RawRecord(
                    source, number, row_no, None, Problem(UNREADABLE_RECORD, "", detail)
                )
                continue
            cells = cells[:width] + [""] * (width - len(cells))
            data, notes = header.record(cells)
            yield RawRecord(source, number, row_no, data, None, strict=False, notes=notes)
    except ValueError as exc:
        detail = (
            f"the file is no Excel workbook that can be read ({exc}): save it again as "
            ".xlsx, or export it as CSV UTF-8"
        )
        yield RawRecord(source, number + 1, None, None, Problem(UNREADABLE_RECORD, "", detail))


def _stream(handle: BinaryIO, source: str, options: Options) -> Iterator[RawRecord]:
    data = handle.read(MAX_WORKBOOK_BYTES + 1)
    if len(data) > MAX_WORKBOOK_BYTES:
        detail = f"the workbook is larger than {MAX_WORKBOOK_BYTES // 2**20} MiB: export it as CSV"
        return iter([RawRecord(source, 1, None, None, Problem(UNREADABLE_RECORD, "", detail))])
    return read_xlsx(io.BytesIO(data), source, options)


_file: Callable[[Path, str, Options], Iterator[RawRecord]] = read_xlsx

#: Excel workbooks (the optional extra ``xlsx``).
XLSX = Format(
    "xlsx", "Excel workbook", (".xlsx",), _file, _stream,
    tabular=True, magic=b"PK\x03\x04", extra="xlsx",
    media_types=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
)  # fmt: skip
