"""Reading episodes and submissions from CSV, JSON Lines or JSON, with mapping files.

The readers of :mod:`missingreport.readers` do the reading (bounded lines, Excel's
encodings, malformed rows and lines as unreadable records); this module only adds
what reconciliation needs on top:

* mapping files of the same shape as ``check``'s (:class:`~missingreport.readers.ColumnMapping`:
  ``[columns]``, ``[values]``, ``[constants]``, ``date_convention``, ``delimiter``,
  ``time_zone``), whose targets are the flat field names of an episode or a
  submission (``first_name``, ``agency_notified_at``...) rather than report paths;
  a mapping applies to JSON keys as to CSV headers;
* a mapping applies to JSON keys as to CSV headers (the readers themselves, chosen by
  suffix or content, are ``check``'s: :func:`~missingreport.readers.read_path`);
* ``NAME.mapping.toml`` beside ``NAME.csv`` when no mapping is given.

Columns that are no field are not read, and named once in a notice. Only a file that
cannot be opened (:class:`~missingreport.errors.InputError`) or an invalid mapping
(:class:`~missingreport.errors.ConfigError`) stops the run; bad rows are findings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from .._raw import RawRecord
from ..errors import ConfigError, InputError
from ..readers import ColumnMapping, format_for, load_mapping, read_path, sibling_mapping
from ..readers.mapping import part_problems
from ..temporal import zone
from .records import Entry, Kind, fields_of, parse_entry

__all__ = ["load_record_mapping", "mapping_for", "read_entries"]

#: The date and time fields of both kinds, which a date and a time column may fill.
_MOMENTS = frozenset({"last_seen_at", "agency_notified_at", "reported_at"})


def _check_targets(mapping: ColumnMapping, kind: Kind, origin: Path) -> None:
    known = set(fields_of(kind))
    problems: list[str] = []
    targets: dict[str, str] = {}
    for header, column in mapping.columns.items():
        if column.field not in known:
            problems.append(f"  column {header!r}: {column.field!r} is not a field of an {kind}")
        targets[column.field] = header
    if not problems:
        problems.extend(part_problems(mapping, _MOMENTS.__contains__))
    for name in (*mapping.constants, *mapping.values):
        if name not in known:
            problems.append(f"  {name!r} is not a field of an {kind}")
    if problems:
        fields = ", ".join(fields_of(kind))
        raise ConfigError(
            f"invalid mapping in {origin}:\n"
            + "\n".join(problems)
            + f"\n  ({kind} fields: {fields})"
        )


def load_record_mapping(path: str | Path, kind: Kind) -> ColumnMapping:
    """Read and check a mapping file of episodes or submissions (TOML or JSON).

    Raises:
        ConfigError: the file is missing or unreadable, or names a field that the
            kind of record does not have.
    """

    def check(mapping: ColumnMapping, origin: str) -> None:
        _check_targets(mapping, kind, Path(origin))

    return load_mapping(path, check_targets=check)


def mapping_for(path: str | Path, given: str | Path | None, kind: Kind) -> ColumnMapping | None:
    """The mapping of an input: the one given, else ``NAME.mapping.toml`` beside a CSV."""
    if given is not None:
        return load_record_mapping(given, kind)
    found = sibling_mapping(Path(path))
    return load_record_mapping(found, kind) if found is not None else None


def _mapped_value(text: object, values: Mapping[str, str]) -> object:
    if not values or not isinstance(text, str):
        return text
    found = values.get(text)
    if found is None:
        folded = text.strip().casefold()
        found = next((v for k, v in values.items() if k.strip().casefold() == folded), None)
    return text if found is None else found


def _renamed(raw: RawRecord, mapping: ColumnMapping) -> RawRecord:
    """A JSON record with the mapping applied: keys renamed, values mapped, constants."""
    if not isinstance(raw.data, Mapping):
        return raw
    data: dict[str, object] = {}
    for key, value in raw.data.items():
        column = mapping.column(str(key))
        if column is None:
            continue
        data[column.field] = _mapped_value(value, mapping.value_map(column))
    for name, constant in mapping.constants.items():
        data.setdefault(name, constant)
    return RawRecord(raw.source, raw.record, raw.line, data, raw.problem, raw.strict, raw.notes)


def _records(
    path: Path, source: str, mapping: ColumnMapping | None, kind: Kind
) -> Iterator[RawRecord]:
    """The records of a file, read through the input layer (the same readers, the
    same suffixes and sniffing as ``check``); a mapping renames JSON keys too."""
    known = {name.casefold() for name in fields_of(kind)}

    def is_field(header: str) -> bool:
        return header.casefold() in known

    tabular = (found := format_for(path)) is not None and found.tabular
    for raw in read_path(path, source, mapping=mapping, is_field=is_field):
        yield raw if mapping is None or tabular or raw.data is None else _renamed(raw, mapping)


def read_entries(
    path: str | Path, kind: Kind, mapping: ColumnMapping | None = None
) -> tuple[list[Entry], list[str]]:
    """Every record of a file as :class:`Entry`, and the notices of reading it.

    Raises:
        InputError: the file does not exist or cannot be opened.
    """
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise InputError(
            f"--{kind}s {path} is a folder: give one file of {kind}s (CSV, JSON Lines or JSON)"
        )
    if not path.is_file():
        raise InputError(f"{kind}s file not found: {path}")
    # Every header is read under its own name unless mapped; those that are no field
    # are left out here (the report paths of `check` mean nothing to this command).
    reading = None if mapping is None else mapping.model_copy(update={"unmapped_columns": "report"})
    day_first = mapping.day_first if mapping is not None else False
    tz = zone(mapping.time_zone) if mapping is not None and mapping.time_zone else None
    entries: list[Entry] = []
    unknown: set[str] = set()
    try:
        for raw in _records(path, source, reading, kind):
            entry, extra = parse_entry(raw, kind, day_first=day_first, tz=tz)
            entries.append(entry)
            unknown |= extra
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    notices = []
    if unknown and (mapping is None or mapping.unmapped_columns == "report"):
        names = ", ".join(repr(n) for n in sorted(unknown))
        notices.append(
            f"{source}: not read (no field of an {kind}; map them in the mapping file): {names}"
        )
    return entries, notices
