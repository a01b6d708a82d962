"""The column mapping of an export: the agency's headers to canonical dotted fields.

Every key, with a complete example, is documented in ``docs/mapping.md``. A mapping
file is TOML or JSON (by its suffix; ``.toml`` else JSON)::

    date_convention = "month_first"     # or "day_first": how 03/05/2024 is read
    delimiter = ","                     # the cell separator (";" in some Excel locales)
    time_zone = "America/New_York"      # the zone of times written without an offset
    list_separator = ";"                # splits list cells ("W;B") unless a column says
    unmapped_columns = "report"         # "report" (MR004 per row) or "ignore"
    sheet = "Episodes"                  # the sheet of a workbook (default: the first)

    [columns]
    "Child First Name" = "child.first_name"
    "MISSING_DT" = { field = "episode.last_seen_at", part = "date" }
    "MISSING_TM" = { field = "episode.last_seen_at", part = "time" }
    "Gender" = { field = "child.sex", values = { Male = "M", Female = "F" } }
    "Race" = { field = "child.race", separator = "/", values = { White = "W" } }

    [values]                            # value maps by field, for any column of it
    "episode.circumstance" = { Runaway = "runaway" }

    [constants]                         # fields the export does not carry
    "custodial_agency.state" = "OH"

A time of day written without a UTC offset is read in ``time_zone`` when the mapping
names one (the offset is then written out, so MR210 has nothing to flag); without it,
it stays without an offset and MR210 says so. Value maps match a cell exactly first,
then ignoring case and surrounding blanks; a value mapped to ``""`` is "not recorded".
Without a mapping, headers that are already canonical dotted names
(``child.first_name``) are read as they are. A CSV carries no ``schema_version``:
unless a column or constant gives one, its rows are read as this release's schema.
A CSV file ``NAME.csv`` (or a workbook ``NAME.xlsx``) with no ``--mapping`` uses
``NAME.mapping.toml`` or ``NAME.mapping.json`` beside it when there is one.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ConfigError
from ..temporal import zone
from ._fields import field_specs, object_paths, spec_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Column", "ColumnMapping", "load_mapping", "part_problems", "sibling_mapping"]

Scalar = str | int | float | bool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Strict):
    """How one column is read.

    Attributes:
        field: the canonical dotted path the column fills.
        values: the agency's values to canonical codes (``Male`` to ``M``).
        separator: splits a list cell (default: the mapping's ``list_separator``).
        part: ``date`` or ``time`` when the column holds only that part of a date and
            time field, the other part in another column.
    """

    field: str
    values: dict[str, str] = Field(default_factory=dict)
    separator: str | None = Field(default=None, min_length=1)
    part: Literal["date", "time"] | None = None


class ColumnMapping(_Strict):
    """A whole mapping file; see the module documentation for its shape."""

    columns: dict[str, Column] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    constants: dict[str, Scalar | list[str]] = Field(default_factory=dict)
    date_convention: Literal["month_first", "day_first"] = "month_first"
    list_separator: str = Field(default=";", min_length=1)
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    time_zone: str | None = None
    unmapped_columns: Literal["report", "ignore"] = "report"
    sheet: str | None = Field(default=None, min_length=1)

    @field_validator("columns", mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: {"field": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                zone(value)
            except (ValueError, KeyError, ZoneInfoNotFoundError):
                raise ValueError(f"{value!r} is not an IANA time zone name") from None
        return value

    @property
    def day_first(self) -> bool:
        """True when ambiguous numeric dates are read day first."""
        return self.date_convention == "day_first"

    @property
    def convention_declared(self) -> bool:
        """True when the mapping file says how dates are written (``date_convention``)."""
        return "date_convention" in self.model_fields_set

    def column(self, header: str) -> Column | None:
        """How a header is read: its mapping (exact, else ignoring case), else itself.

        A header that is not mapped is read as a canonical path; one that is no field
        is then an unknown field (MR004) of every row, unless ``unmapped_columns`` is
        ``ignore``.
        """
        found = self.columns.get(header)
        if found is None:
            folded = header.casefold()
            found = next((c for h, c in self.columns.items() if h.casefold() == folded), None)
        if found is not None:
            return found
        if self.unmapped_columns == "ignore" and spec_for(header) is None:
            return None
        return Column(field=header)

    def value_map(self, column: Column) -> dict[str, str]:
        """The value map of a column: its own entries over those of its field."""
        merged = dict(self.values.get(column.field, {}))
        merged.update(column.values)
        return merged


def _suggest(path: str) -> str:
    known = [*field_specs(), *object_paths()]
    hint = difflib.get_close_matches(path, known, n=1, cutoff=0.6)
    return f" (did you mean {hint[0]}?)" if hint else ""


def part_problems(mapping: ColumnMapping, temporal: Callable[[str], bool]) -> list[str]:
    """What is wrong with the date and time columns of a mapping, one line each.

    A field may be filled by one whole column, or by one ``part = "date"`` column and
    one ``part = "time"`` column; ``temporal`` says whether a field holds a date and
    time (only those can be split).
    """
    problems: list[str] = []
    by_field: dict[str, list[tuple[str, Column]]] = {}
    for header, column in mapping.columns.items():
        by_field.setdefault(column.field, []).append((header, column))
    for name, columns in by_field.items():
        parts = sorted(c.part or "whole" for _, c in columns)
        headers = " and ".join(repr(h) for h, _ in columns)
        if any(c.part for _, c in columns) and not temporal(name):
            problems.append(
                f"  columns {headers}: {name} is no date and time field, it cannot be split "
                "into date and time parts"
            )
        elif len(columns) > 1 and parts != ["date", "time"]:
            problems.append(
                f"  columns {headers} both fill {name}: map each field from one column, or "
                'from one column with part = "date" and one with part = "time"'
            )
        elif parts == ["time"]:
            problems.append(
                f'  column {headers}: the time of {name} needs a column with part = "date"'
            )
    return problems


def _temporal(path: str) -> bool:
    spec = spec_for(path)
    return spec is not None and not spec.is_list and spec.kind in ("datetime", "either")


def _check_paths(mapping: ColumnMapping, origin: str) -> None:
    problems: list[str] = []
    targets: dict[str, str] = {}
    for header, column in mapping.columns.items():
        if spec_for(column.field) is None:
            problems.append(
                f"  column {header!r}: {column.field!r} is not a field{_suggest(column.field)}"
            )
        targets[column.field] = header
    if not problems:
        problems.extend(part_problems(mapping, _temporal))
    for path in mapping.constants:
        if spec_for(path) is None:
            problems.append(f"  constant {path!r} is not a field{_suggest(path)}")
        elif path in targets:
            problems.append(f"  {path} is both a constant and column {targets[path]!r}")
    for path in mapping.values:
        if spec_for(path) is None:
            problems.append(f"  values of {path!r}: not a field{_suggest(path)}")
    if problems:
        raise ConfigError(f"invalid mapping in {origin}:\n" + "\n".join(problems))


def _read(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read mapping {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"mapping {path} is not UTF-8 text") from None
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"mapping {path} is not valid TOML: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"mapping {path} is not valid JSON: {exc}") from None


def load_mapping(
    path: str | Path, *, check_targets: Callable[[ColumnMapping, str], None] | None = None
) -> ColumnMapping:
    """Read and check a mapping file (TOML for ``.toml``, else JSON).

    Args:
        path: the mapping file.
        check_targets: checks the mapped fields, raising ``ConfigError``; by default they
            must be fields of a report (reconcile passes the fields of its records).

    Raises:
        ConfigError: the file is missing, unreadable, or names fields that do not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"mapping file not found: {path}")
    data = _read(path)
    if not isinstance(data, Mapping):
        raise ConfigError(f"mapping {path} must be an object (a table) at the top")
    try:
        mapping = ColumnMapping.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_url=False):
            where = ".".join(str(p) for p in error["loc"]) or "(top level)"
            lines.append(f"  {where}: {error['msg']}")
        raise ConfigError(f"invalid mapping in {path}:\n" + "\n".join(lines)) from None
    (check_targets or _check_paths)(mapping, str(path))
    return mapping


def sibling_mapping(csv_path: Path) -> Path | None:
    """The mapping that sits beside a CSV file (``NAME.mapping.toml``/``.json``), if any."""
    for suffix in (".mapping.toml", ".mapping.json"):
        candidate = csv_path.with_name(csv_path.stem + suffix)
        if candidate.is_file():
            return candidate
    return None
