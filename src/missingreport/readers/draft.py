"""``mapping init``: a draft mapping for an export, from its headers and values.

Each header is matched to the most likely canonical field: by its words after
common case-system abbreviations are spelled out (``FNAME`` first name, ``DOB`` date
of birth, ``DTTM`` date and time, ``CW`` caseworker, ``LE`` law enforcement...), then
by the values under it (dates, times, phones, ZIPs, codes). A date column and a time
column of one moment are paired (``part = "date"`` / ``"time"``); a coded column gets a
value map from its distinct values (``Male`` to ``M``); ``date_convention`` is guessed
from the dates seen (a first number above 12 is a day). Headers it cannot place are
listed as comments. It is a draft for a person to review, never used unasked.

No value of the export is written into the draft except the distinct values of coded
columns (sex, race, circumstance...), which are codes, not personal data; names,
dates, phones and addresses never are.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ._cells import parse_time_of_day
from .catalogue import field_catalogue
from .xlsxfile import sheet_rows

__all__ = ["Draft", "draft_mapping", "read_table_sample"]

#: Abbreviations of case systems, spelled out (after splitting on _ - space and case).
_WORDS: dict[str, str] = {
    "fname": "first name", "lname": "last name", "mname": "middle name",
    "fnm": "first name", "lnm": "last name", "first": "first name", "last": "last name",
    "dob": "date of birth", "birth": "date of birth", "bdate": "date of birth",
    "dt": "date", "dte": "date", "tm": "time", "dttm": "date time", "ts": "date time",
    "gender": "sex", "gndr": "sex", "hgt": "height", "ht": "height", "wgt": "weight",
    "wt": "weight", "eye": "eye color", "eyes": "eye color", "hair": "hair color",
    "cw": "caseworker", "wkr": "caseworker", "worker": "caseworker", "sup": "supervisor",
    "supv": "supervisor", "le": "police", "leo": "police", "pd": "police", "law": "police",
    "ncmec": "ncmec", "nic": "ncic number", "ncic": "ncic", "ori": "ori", "num": "number",
    "no": "number", "nbr": "number", "id": "id", "nt": "notified", "notif": "notified",
    "notified": "notified", "notify": "notified", "rpt": "reported", "rptd": "reported",
    "reported": "reported", "msng": "missing", "miss": "missing", "missing": "missing",
    "runaway": "missing", "loc": "located", "recov": "located", "found": "located",
    "zip": "postal code", "zipcode": "postal code", "st": "state", "cnty": "county",
    "addr": "street", "address": "street", "ph": "phone", "phn": "phone", "tel": "phone",
    "plcmt": "placement", "placement": "placement", "ethn": "ethnicity", "hisp": "ethnicity",
    "hispanic": "ethnicity", "efc": "extended care", "ext": "extended", "cs": "case",
    "case": "case", "rmvl": "removal", "removal": "removal", "circ": "circumstance",
    "reason": "circumstance", "type": "type", "photo": "photo", "pic": "photo",
    "preg": "pregnant", "pregnancy": "pregnant", "meds": "medications", "med": "medications",
    "rx": "medications", "suicide": "suicidal", "traff": "trafficking", "cse": "trafficking",
}  # fmt: skip

#: Words that point at a field, by dotted path; the best sum of weights wins.
_CUES: dict[str, tuple[str, ...]] = {
    "report_id": ("report id", "episode id", "incident id", "missing id"),
    "child.first_name": ("first name", "child first name"),
    "child.last_name": ("last name", "child last name", "surname"),
    "child.middle_name": ("middle name",),
    "child.nicknames": ("nickname", "alias", "aka"),
    "child.date_of_birth": ("date of birth",),
    "child.sex": ("sex",),
    "child.race": ("race",),
    "child.ethnicity": ("ethnicity",),
    "child.height_in": ("height",),
    "child.weight_lb": ("weight",),
    "child.hair_color": ("hair color",),
    "child.eye_color": ("eye color",),
    "child.photo.available": ("photo",),
    "child.phone": ("child phone", "youth phone"),
    "episode.last_seen_at": ("missing date", "last seen", "missing", "date missing"),
    "episode.last_seen_location.street": ("last seen street", "missing street", "street"),
    "episode.last_seen_location.city": ("last seen city", "missing city", "city"),
    "episode.last_seen_location.state": ("last seen state", "missing state"),
    "episode.last_seen_location.postal_code": ("postal code",),
    "episode.agency_notified_at": ("notified", "agency notified", "caseworker notified",
                                   "reported to agency", "intake"),
    "episode.circumstance": ("circumstance", "missing type"),
    "child.endangerment.pregnant": ("pregnant",),
    "child.endangerment.prescription_medications": ("medications",),
    "child.endangerment.suicidal": ("suicidal",),
    "child.endangerment.trafficking_risk": ("trafficking",),
    "episode.ncic_category": ("ncic category", "ncic cat"),
    "episode.placement_type": ("placement",),
    "episode.in_extended_foster_care": ("extended care", "extended"),
    "episode.removal_date": ("removal",),
    "custodial_agency.state": ("agency state",),
    "custodial_agency.name": ("agency name", "agency"),
    "custodial_agency.county": ("county",),
    "custodial_agency.case_number": ("case number", "case id", "case"),
    "custodial_agency.child_record_number": ("person id", "child id", "client id",
                                             "record number"),
    "custodial_agency.caseworker.name": ("caseworker", "caseworker name"),
    "custodial_agency.caseworker.phone": ("caseworker phone",),
    "custodial_agency.caseworker.email": ("caseworker email",),
    "custodial_agency.supervisor.name": ("supervisor", "supervisor name"),
    "law_enforcement_report.agency_name": ("police agency", "police department", "police"),
    "law_enforcement_report.ori": ("ori",),
    "law_enforcement_report.case_number": ("police case", "police report number",
                                           "police number", "police case number"),
    "law_enforcement_report.reported_at": ("police reported", "police notified",
                                           "reported police", "police date",
                                           "police report date", "police report"),
    "law_enforcement_report.ncic_number": ("ncic number",),
    "law_enforcement_report.ncic_entered_at": ("ncic entered", "ncic date", "ncic entry"),
    "ncmec_report.reported_at": ("ncmec reported", "ncmec date", "ncmec notified", "ncmec"),
    "ncmec_report.case_number": ("ncmec case", "ncmec number", "ncmec case number"),
    "ncmec_report.method": ("ncmec method",),
    "recovery.located_at": ("located", "recovery date", "return date"),
}  # fmt: skip

_DATE = re.compile(r"\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T]+(.+))?\s*")
_DIGITS = re.compile(r"\D")


@dataclass
class _Column:
    header: str
    values: list[str] = field(default_factory=list)

    @property
    def seen(self) -> list[str]:
        return [v.strip() for v in self.values if v.strip()]


@dataclass
class Draft:
    """A draft mapping: what was placed, what was not, and its TOML text."""

    columns: dict[str, dict[str, object]]
    unplaced: list[str]
    date_convention: str | None
    source: str

    def toml(self) -> str:
        """The draft as a mapping file to review."""
        lines = [
            f"# Draft mapping of {self.source}, written by `missingreport mapping init`.",
            "# Review every line: the fields are guesses from the headers and the values.",
            "# The fields a column may fill: `missingreport fields` (docs/fields.md).",
        ]
        if self.date_convention is not None:
            lines.append(f'date_convention = "{self.date_convention}"')
        else:
            lines.append('# date_convention = "month_first"   # no date told: check one')
        lines += ['# time_zone = "America/New_York"   # the zone of times without an offset',
                  'unmapped_columns = "ignore"', "", "[columns]"]  # fmt: skip
        for header, spec in self.columns.items():
            unmatched = spec.pop("unmatched", None)
            lines.append(f"{_quoted(header)} = {_inline(spec)}")
            if isinstance(unmatched, list) and unmatched:
                shown = ", ".join(_quoted(str(v)) for v in unmatched)
                lines.append(f"#   values with no code found (add them to values): {shown}")
        if self.unplaced:
            lines += ["", "# Not placed (map them to a field, or leave them out):"]
            lines += [f"# {_quoted(h)} = " for h in self.unplaced]
        lines += [
            "",
            "[constants]   # fields the export lacks, the same on every row",
            '# "custodial_agency.state" = "XX"   # the agency\'s state (USPS code)',
        ]
        return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _inline(spec: dict[str, object]) -> str:
    if set(spec) == {"field"}:
        return _quoted(str(spec["field"]))
    parts = []
    for key, value in spec.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{_quoted(k)} = {_quoted(str(v))}" for k, v in value.items())
            parts.append(f"{key} = {{ {inner} }}")
        else:
            parts.append(f"{key} = {_quoted(str(value))}")
    return "{ " + ", ".join(parts) + " }"


def _words(header: str) -> str:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", header.replace("#", " number "))
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", spaced.casefold()) if t]
    out: list[str] = []
    for token in tokens:
        if token in ("m", "f") and len(tokens) > 1:  # "Gender (M/F)"
            continue
        out.append(_WORDS.get(token, token))
    return " ".join(out)


def _kind(values: list[str]) -> str:
    """What the values look like: date, datetime, time, phone, zip, number, code, text."""
    if not values:
        return "empty"
    sample = values[:200]

    def share(test: Callable[[str], bool]) -> float:
        return sum(1 for v in sample if test(v)) / len(sample)

    if share(lambda v: (m := _DATE.fullmatch(v)) is not None and m.group(4) is not None) > 0.6:
        return "datetime"
    if share(lambda v: _DATE.fullmatch(v) is not None) > 0.6:
        return "date"
    written = share(lambda v: parse_time_of_day(v) is not None and not v.isdigit())
    digits = share(lambda v: v.isdigit() and len(v) in (3, 4) and parse_time_of_day(v) is not None)
    if digits > 0.9 or (written > 0 and written + digits > 0.6):  # 4:30 PM, 16:30 and 1630
        return "time"
    if share(lambda v: 10 <= len(_DIGITS.sub("", v)) <= 11 and len(v) <= 20) > 0.6:
        return "phone"
    if share(lambda v: re.fullmatch(r"\d{4,5}(-\d{4})?", v) is not None) > 0.8:
        return "zip"
    distinct = set(sample)
    if len(distinct) <= 12 and len(sample) >= 2 * len(distinct):
        return "code"
    return "text"


_TEMPORAL = {"date", "datetime", "date or datetime"}


def _score(words: str, path: str) -> float:
    best = 0.0
    for cue in _CUES.get(path, ()):
        if cue == words:
            best = max(best, 3.0 + len(cue) / 100)
        elif re.search(rf"\b{re.escape(cue)}\b", words):
            best = max(best, 1.0 + len(cue.split()) + len(cue) / 100)
    return best


def _fits(kind: str, field_type: str) -> bool:
    if kind in ("date", "datetime"):
        return field_type in _TEMPORAL
    if kind == "time":
        return field_type in ("datetime", "date or datetime")
    return field_type not in _TEMPORAL or kind == "empty"


def _value_map(values: list[str], codes: tuple[str, ...]) -> dict[str, str]:
    """The codes of a coded field each distinct value most likely means."""
    out: dict[str, str] = {}
    for value in sorted(set(values)):
        if value in codes:
            continue
        folded = value.casefold()
        match = next((c for c in codes if c.casefold() == folded), None)
        match = match or next(
            (
                c
                for c in codes
                if c.casefold().startswith(folded) or folded.startswith(c.casefold())
            ),
            None,
        )
        match = match or next((c for c in codes if folded.replace(" ", "_") == c), None)
        if match is None and folded in ("yes", "y", "true", "1"):
            match = next((c for c in codes if c == "yes"), None)
        if match is None and folded in ("no", "n", "false", "0"):
            match = next((c for c in codes if c == "no"), None)
        if match is None and folded in ("unknown", "unk", "not recorded", ""):
            match = next((c for c in codes if c in ("U", "unknown")), None)
        out[value] = match if match is not None else ""
    return out


def _convention(columns: Iterable[_Column]) -> str | None:
    firsts, seconds = 0, 0
    for column in columns:
        for value in column.seen[:500]:
            m = _DATE.fullmatch(value)
            if m is None or len(m.group(1)) == 4:
                continue
            a, b = int(m.group(1)), int(m.group(2))
            firsts += a > 12
            seconds += b > 12
    if seconds and not firsts:
        return "month_first"
    if firsts and not seconds:
        return "day_first"
    return None


def draft_mapping(headers: Sequence[str], rows: Iterable[Sequence[str]], source: str) -> Draft:
    """A draft mapping from an export's header row and (a sample of) its rows."""
    columns = [_Column(h.strip()) for h in headers]
    for row in rows:
        for column, value in zip(columns, row, strict=False):  # short rows
            column.values.append(value)
    catalogue = {f.path: f for f in field_catalogue()}
    placed: dict[str, dict[str, object]] = {}
    taken: dict[str, list[str]] = {}
    unplaced: list[str] = []
    kinds = {c.header: _kind(c.seen) for c in columns}
    for column in columns:
        if not column.header:
            continue
        words = _words(column.header)
        kind = kinds[column.header]
        ranked = sorted(
            ((s, p) for p in catalogue if (s := _score(words, p)) > 0
             and _fits(kind, catalogue[p].type)),
            reverse=True,
        )  # fmt: skip
        if column.header in catalogue:  # already a canonical name
            ranked = [(9.0, column.header)]
        choice = next(
            (p for _, p in ranked if p not in taken or _pairable(taken[p], kinds, kind)), None
        )
        if choice is None:
            unplaced.append(column.header)
            continue
        taken.setdefault(choice, []).append(column.header)
        spec: dict[str, object] = {"field": choice}
        info = catalogue[choice]
        if info.codes and kind in ("code", "text"):
            values = _value_map(column.seen, info.codes)
            matched = {k: v for k, v in values.items() if v}
            if matched:
                spec["values"] = matched
            unmatched = sorted(k for k, v in values.items() if not v)
            if unmatched:
                spec["unmatched"] = unmatched
        placed[column.header] = spec
    for headers_of in taken.values():  # a date column and a time column
        if len(headers_of) == 2:
            for header in headers_of:
                placed[header]["part"] = "time" if kinds[header] == "time" else "date"
    return Draft(placed, unplaced, _convention(columns), source)


def _pairable(others: list[str], kinds: dict[str, str], kind: str) -> bool:
    if len(others) != 1:
        return False
    pair = {kinds[others[0]], kind}
    return pair == {"date", "time"}


def read_table_sample(path: Path, limit: int = 2000) -> tuple[list[str], list[list[str]]]:
    """The header and up to ``limit`` rows of a CSV file or a workbook, as text.

    Raises:
        InputError: the file cannot be read as a table.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            try:
                rows = [cells for _, cells in sheet_rows(path, str(path), None)]
            except ValueError:
                raise InputError(f"{path} is no Excel workbook that can be read") from None
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", "replace")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|") if text else None
            delimiter = dialect.delimiter if dialect is not None else ","
            rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    except (OSError, csv.Error) as exc:
        raise InputError(f"cannot read {path} as a table: {exc}") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{path} holds no header row")
    return rows[0], rows[1 : limit + 1]
