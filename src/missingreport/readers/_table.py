"""From the cells of a table (a CSV file, a sheet of a workbook) to nested records.

The reader of each tabular format turns its rows into lists of cell texts; this module
resolves the header once (:class:`Table`: which field each column fills, how its cells
are converted) and builds the record of each row. Cells are converted by the kind of
their field, read from the schema: booleans (``true``/``false``/``yes``/``no``/``Y``/
``N``/``1``/``0``), whole numbers, lists (split by the separator) and dates, read
leniently by the mapping's date convention and written back as ISO 8601. A date whose
day and month could be swapped gets an ``ambiguous-date`` note (MR211) unless the
mapping declares ``date_convention``. A cell that cannot be converted is passed on as
text, so that the schema reports it (MR003). Formula cells (``=...``) are data.

A date column and a time column may fill one date and time field (``part = "date"`` and
``part = "time"`` in the mapping): a blank time leaves the value date-only, and a time
without a date is MR002 on the field. What a spreadsheet did to a value is named, never
read silently (:mod:`._cells`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .._version import SCHEMA_VERSION
from ..errors import InputError
from ..problems import (
    AMBIGUOUS_DATE,
    INVALID_VALUE,
    MISSING_FIELD,
    NON_UTF8_ENCODING,
    UNKNOWN_FIELD,
    UNREADABLE_RECORD,
)
from ..structure import Problem
from ..temporal import parse_lenient, zone
from ._cells import four_digit_zip, measurement, parse_time_of_day, scientific, whole_float
from ._fields import FieldSpec, spec_for
from .mapping import Column, ColumnMapping

__all__ = ["OMIT", "Table", "refuse_unmapped"]

_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})
_INTEGER = re.compile(r"^[+-]?\d{1,18}(?:\.0*)?$")
_CONVENTION_WORDS = {
    "month_first": "month first (MM/DD/YYYY)",
    "day_first": "day first (DD/MM/YYYY)",
}
#: A dropped value (a blank cell, or a value mapped to "").
OMIT: Any = object()


def _is_report_field(header: str) -> bool:
    return header == "schema_version" or spec_for(header) is not None


def refuse_unmapped(
    headers: list[str], source: str, is_field: Callable[[str], bool] = _is_report_field
) -> None:
    """Stop reading a table without a mapping whose headers are mostly no fields.

    Such an export is the agency's own layout: checked as it is, every row would be a
    page of MR002 and MR004. Half of the named headers or more must be fields.

    Raises:
        InputError: naming ``--mapping`` and ``mapping init``.
    """
    named = [h.strip() for h in headers if h.strip()]
    unknown = [h for h in named if not is_field(h)]
    if named and len(unknown) * 2 > len(named):
        raise InputError(
            f"{source}: {len(unknown)} of its {len(named)} column headers are not field names "
            "(like child.first_name), so it needs a mapping from its columns to the fields: "
            "give one with --mapping FILE (or put NAME.mapping.toml beside NAME.csv); "
            f"`missingreport mapping init {source}` drafts one to review"
        )


class _Column:
    """A header resolved once: where its cells go and how they are converted."""

    __slots__ = ("field", "separator", "spec", "values")

    def __init__(self, column: Column, mapping: ColumnMapping) -> None:
        self.field = column.field
        self.spec: FieldSpec | None = spec_for(column.field)
        self.separator = column.separator or mapping.list_separator
        raw = mapping.value_map(column)
        self.values = {**{k.strip().casefold(): v for k, v in raw.items()}, **raw}


def _header_problem(headers: list[str], targets: list[str]) -> Problem | None:
    seen: set[str] = set()
    for name in headers:
        if name and name in seen:
            return Problem(
                UNREADABLE_RECORD,
                "",
                f"the header has the column {name!r} twice: one of its values would be lost",
            )
        seen.add(name)
    for a, b in itertools.pairwise(sorted(targets)):
        if a == b or b.startswith(a + "."):
            return Problem(
                UNREADABLE_RECORD,
                "",
                f"two columns fill {a}: map each field from one column only",
            )
    return None


class _Converter:
    """Turns the cells of one row into values, collecting notes."""

    def __init__(self, mapping: ColumnMapping, declared: bool) -> None:
        self.day_first = mapping.day_first
        self.declared = declared
        self.tz = zone(mapping.time_zone) if mapping.time_zone else None
        self.convention = _CONVENTION_WORDS[mapping.date_convention]
        self.notes: list[Problem] = []
        self.zips: list[tuple[str, str]] = []

    def _ambiguous(self, path: str, text: str) -> None:
        if not self.declared:
            self.notes.append(
                Problem(
                    AMBIGUOUS_DATE,
                    path,
                    f"is written so that day and month can be swapped; it was read "
                    f"{self.convention}, the default convention: write dates as YYYY-MM-DD, "
                    "or declare date_convention in the mapping",
                    text,
                )
            )

    def _text(self, path: str, text: str) -> Any:
        if text[0].isdigit() or text[0] in "+-":
            problem = scientific(path, text)
            if problem is not None:
                self.notes.append(problem)
                return text
            digits = whole_float(text) if path != "schema_version" else None
            if digits is not None:
                text = digits
            if path.endswith("postal_code"):
                self.zips.append((path, text))
        return text

    def scalar(self, spec: FieldSpec, text: str, path: str) -> Any:
        kind = spec.kind
        if kind == "text":
            return self._text(path, text)
        if kind == "bool":
            low = text.casefold()
            return True if low in _TRUE else False if low in _FALSE else text
        if kind == "int":
            if _INTEGER.match(text):
                return int(text.split(".", 1)[0])
            read = measurement(path, text)
            if read is None:
                return text
            if read.problem is not None:
                self.notes.append(read.problem)
            return read.value
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                return text
        read_date = parse_lenient(text, day_first=self.day_first, kind=kind)
        if read_date is None:
            return text
        value = read_date.value
        if self.tz is not None and isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=self.tz)
        try:
            iso = value.isoformat()
        except ValueError:  # an offset of 24 hours or more ("+2500"), which no moment has
            return text
        if read_date.ambiguous:
            self._ambiguous(path, text)
        return iso

    def cell(self, column: _Column, text: str) -> Any:
        values = column.values
        spec = column.spec
        if spec is not None and spec.is_list:
            items: list[Any] = []
            for part in text.split(column.separator):
                item = _mapped(part.strip(), values)
                if item:
                    items.append(self.scalar(spec, item, f"{column.field}.{len(items)}"))
            return items or OMIT
        value = _mapped(text, values)
        if not value:
            return OMIT
        return value if spec is None else self.scalar(spec, value, column.field)

    def moment(self, path: str, day: str, clock: str) -> Any:
        """The value of a field filled by a date column and a time column."""
        if not day:
            if clock:
                self.notes.append(
                    Problem(
                        MISSING_FIELD,
                        path,
                        "has a time of day in its time column but no date in its date column: "
                        "record the date",
                    )
                )
            return OMIT
        read = parse_lenient(day, day_first=self.day_first, kind="either")
        if read is None:
            return f"{day} {clock}".strip()  # the schema says it is no date (MR003)
        if read.ambiguous:
            self._ambiguous(path, day)
        value: date = read.value
        if not clock:
            return value.isoformat()
        when = parse_time_of_day(clock)
        if when is None:
            self.notes.append(
                Problem(
                    INVALID_VALUE,
                    path,
                    "has a time column that holds no time of day: write it as 16:30, 4:30 PM "
                    "or 1630 (the date was read alone)",
                    clock,
                    replaces=True,
                )
            )
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        day_value = value.date() if isinstance(value, datetime) else value
        moment = datetime.combine(day_value, when)
        if self.tz is not None:
            moment = moment.replace(tzinfo=self.tz)
        return moment.isoformat()


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


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _listify(node: Any) -> Any:
    """Dicts keyed by list indices (``child.race.0``, ``.1``) become lists."""
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_listify(node[k]) for k in sorted(node)]
        return {k: _listify(v) for k, v in node.items()}
    return node


_ENCODING_NOTE_DETAIL = (
    "the row's bytes are not UTF-8 and were read as Windows-1252 (as Excel saves CSV): "
    "check its accented letters, and export the file as UTF-8"
)


class Table:
    """The header of a table, resolved once, and the records of its rows.

    Args:
        cells: the header row.
        mapping: the column mapping (``None``: headers are field names).
        source: the name of the input, for the refusal of an unmapped export.
        is_field: whether a header is a field name (default: a report's dotted paths);
            with ``refuse`` and no mapping, a header mostly of other names stops the
            reading (:func:`refuse_unmapped`).
    """

    def __init__(
        self,
        cells: list[str],
        mapping: ColumnMapping | None,
        source: str,
        *,
        is_field: Callable[[str], bool] | None = None,
        refuse: bool = True,
    ) -> None:
        names = [c.strip() for c in cells]
        if mapping is None and refuse:
            refuse_unmapped(names, source, *(() if is_field is None else (is_field,)))
        declared = mapping is not None and mapping.convention_declared
        mapping = mapping or ColumnMapping()
        self.converter = _Converter(mapping, declared)
        self.columns: list[_Column | None] = []
        #: Fields filled by a date column and a time column: field -> [date, time] index.
        self.parts: dict[str, list[int | None]] = {}
        targets: list[str] = []
        for index, name in enumerate(names):
            column = mapping.column(name) if name else None
            if column is not None and column.part is not None:
                pair = self.parts.setdefault(column.field, [None, None])
                pair[0 if column.part == "date" else 1] = index
                self.columns.append(None)
                continue
            self.columns.append(_Column(column, mapping) if column is not None else None)
            if column is not None:
                targets.append(column.field)
        targets.extend(self.parts)
        self.headerless = frozenset(i for i, name in enumerate(names) if not name)
        self.problem = _header_problem(names, targets)
        self.has_version = "schema_version" in mapping.constants or "schema_version" in targets
        self.constants = self._constants(mapping)
        self.width = len(names)

    def _constants(self, mapping: ColumnMapping) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for path, value in mapping.constants.items():
            spec = spec_for(path)
            if isinstance(value, str) and spec is not None:
                value = self.converter.cell(_Column(Column(field=path), mapping), value)
            if value is not OMIT:
                out.append((path, value))
        self.converter.notes = []
        self.converter.zips = []
        return out

    def record(
        self, cells: list[str], *, fallback: bool = False
    ) -> tuple[dict[str, Any], tuple[Problem, ...]]:
        """The nested record of one sound row, and the reader's notes on it."""
        converter = self.converter
        converter.notes = (
            [Problem(NON_UTF8_ENCODING, "", _ENCODING_NOTE_DETAIL)] if fallback else []
        )
        converter.zips = []
        data: dict[str, Any] = {} if self.has_version else {"schema_version": SCHEMA_VERSION}
        for index, column in enumerate(self.columns):
            text = cells[index].strip()
            if not text:
                continue
            if column is None:
                if index in self.headerless:
                    converter.notes.append(
                        Problem(
                            UNKNOWN_FIELD,
                            "",
                            f"column {index + 1} has a value but no header: name the column, "
                            "or remove the value",
                        )
                    )
                continue  # else a column the mapping ignores, or a date or time part
            value = converter.cell(column, text)
            if value is not OMIT:
                _set(data, column.field, value)
        for path, (day, clock) in self.parts.items():
            day_text = cells[day].strip() if day is not None else ""
            clock_text = cells[clock].strip() if clock is not None else ""
            value = converter.moment(path, day_text, clock_text)
            if value is not OMIT:
                _set(data, path, value)
        for path, value in self.constants:
            _set(data, path, value)
        for path, text in converter.zips:
            country = _get(data, path.rsplit(".", 1)[0] + ".country")
            problem = four_digit_zip(path, text) if country in (None, "US") else None
            if problem is not None:
                converter.notes.append(problem)
        return _listify(data), tuple(converter.notes)
