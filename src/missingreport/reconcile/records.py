"""The two kinds of record reconciled: the agency's episodes and NCMEC's submissions.

A record arrives as a mapping of field names (after the mapping file has renamed the
agency's headers) to values, from a CSV row or a JSON object. :func:`parse_entry`
turns it into an :class:`Entry`, coping with whatever a real extract holds: a blank
value is simply not known, and a value that cannot be read (a date that is no date,
a sex code outside M/F/U, a state that is no USPS code) is left out and becomes a
:class:`~missingreport.structure.Problem` of that record, never an exception. The
problems carry rule names (``invalid-value``, ``not-in-code-table``...) that become
findings of those rules, so ``--select``/``--ignore`` and severities apply.

Dates are read as the CSV reader reads them (:func:`~missingreport.temporal.parse_lenient`:
ISO 8601 first, then the common spreadsheet forms by the mapping's date convention);
a time without a UTC offset gets the mapping's ``time_zone`` when it has one, and is
otherwise read later in the agency's time zone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Literal

from .._raw import RawRecord
from ..codes import STATE_CODES
from ..matching.fields import normalize_sex
from ..problems import (
    INVALID_VALUE,
    MISSING_FIELD,
    NOT_IN_CODE_TABLE,
    UNREADABLE_RECORD,
    ProblemKind,
)
from ..structure import Problem
from ..temporal import LenientResult, parse_lenient

__all__ = [
    "EPISODE_FIELDS",
    "SUBMISSION_FIELDS",
    "Entry",
    "Kind",
    "fields_of",
    "parse_entry",
    "quick_numeric",
]

#: ``episode`` (the agency's record) or ``submission`` (what NCMEC received).
Kind = Literal["episode", "submission"]

#: The fields of an episode (interfaces.md); the first is its id.
EPISODE_FIELDS: tuple[str, ...] = (
    "episode_id", "first_name", "last_name", "date_of_birth", "sex", "last_seen_at",
    "agency_notified_at", "street", "city", "state", "postal_code", "case_number",
)  # fmt: skip
#: The fields of a submission; the first is its id.
SUBMISSION_FIELDS: tuple[str, ...] = (
    "submission_id", "first_name", "last_name", "date_of_birth", "sex", "last_seen_at",
    "reported_at", "street", "city", "state", "postal_code", "ncmec_case_number",
)  # fmt: skip
_FIELDS = {"episode": EPISODE_FIELDS, "submission": SUBMISSION_FIELDS}
_FOLDED = {kind: {f.casefold(): f for f in names} for kind, names in _FIELDS.items()}
_WORD = {"episode": "episode", "submission": "NCMEC submission"}
#: The clock field of each kind: when the agency was notified, when NCMEC got the report.
_MOMENT = {"episode": "agency_notified_at", "submission": "reported_at"}
_UNKNOWN_SEX = frozenset({"u", "unknown", "unk", "x", "not recorded", "not known"})
#: Keys a reader adds that are no field of either kind (the CSV reader's schema version).
_READER_KEYS = frozenset({"schema_version"})


_NUMERIC = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)


def quick_numeric(text: str, *, day_first: bool = False) -> date | None:
    """The common spreadsheet form ``MM/DD/YYYY[ HH:MM[:SS][ AM]]`` read without
    python-dateutil (about 50 times faster), or ``None`` to leave the text to
    :func:`~missingreport.temporal.parse_lenient`.

    It reads exactly as ``parse_lenient`` does; anything it is not sure of (another
    form, a day and month that only fit the other way round) it leaves to it.

    >>> quick_numeric("03/05/2024 4:30 PM")
    datetime.datetime(2024, 3, 5, 16, 30)
    >>> quick_numeric("03/05/2024", day_first=True)
    datetime.date(2024, 5, 3)
    """
    m = _NUMERIC.fullmatch(text)
    if m is None:
        return None
    a, b, year = int(m[1]), int(m[2]), int(m[3])
    month, day = (b, a) if day_first else (a, b)
    try:
        if m[4] is None:
            return date(year, month, day)
        hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
        if m[7]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m[7] in "Pp" else 0)
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def fields_of(kind: Kind) -> tuple[str, ...]:
    """The field names of an episode or a submission."""
    return _FIELDS[kind]


@dataclass(slots=True)
class Entry:
    """One episode or submission as read: every value may be ``None`` (not known).

    Attributes:
        kind: ``episode`` or ``submission``.
        source, record, line: where it came from (file, 1-based record, CSV row or
            JSONL line).
        ident: ``episode_id`` or ``submission_id``.
        moment: ``agency_notified_at`` of an episode, ``reported_at`` of a submission
            (a date, or a datetime with or without a UTC offset).
        sex: ``M`` or ``F``; ``None`` when unknown.
        state: a USPS code, or ``None``.
        readable: False when the record could not be read at all (MR001).
        problems: what could not be read, as rule-named problems.
    """

    kind: Kind
    source: str | None = None
    record: int | None = None
    line: int | None = None
    ident: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    last_seen_at: date | None = None
    moment: date | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    case_number: str | None = None
    #: The date of birth as written when it could not be read (its digits still match).
    date_of_birth_text: str | None = None
    readable: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def word(self) -> str:
        """``episode`` or ``NCMEC submission``, for messages."""
        return _WORD[self.kind]


class _Reader:
    """Reads the values of one record into an :class:`Entry`, noting problems."""

    def __init__(self, entry: Entry, day_first: bool, tz: tzinfo | None) -> None:
        self.entry = entry
        self.day_first = day_first
        self.tz = tz

    def problem(self, kind: ProblemKind, path: str, detail: str, value: object = None) -> None:
        text = None if value is None else str(value)
        self.entry.problems.append(Problem(kind, path, detail, text))

    def text(self, name: str, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.problem(
            INVALID_VALUE,
            name,
            f"{name} of the {self.entry.word} is not text or a number",
            value,
        )
        return None

    def temporal(self, name: str, text: str | None, *, date_only: bool = False) -> date | None:
        if text is None:
            return None
        quick = quick_numeric(text, day_first=self.day_first)
        read = LenientResult(quick) if quick is not None else None
        if read is None:
            read = parse_lenient(text, day_first=self.day_first, kind="either")
        if read is None:
            form = (
                "a date: write it as YYYY-MM-DD"
                if date_only
                else "a date or a date and time: write it as YYYY-MM-DD, or "
                "YYYY-MM-DDTHH:MM with the UTC offset"
            )
            self.problem(
                INVALID_VALUE,
                name,
                f"{name} of the {self.entry.word} cannot be read as {form}",
                text,
            )
            return None
        value = read.value
        if isinstance(value, datetime):
            if date_only:
                return value.date()
            if value.tzinfo is None and self.tz is not None:
                return value.replace(tzinfo=self.tz)
        return value

    def sex(self, text: str | None) -> str | None:
        if text is None:
            return None
        code = normalize_sex(text)
        if code:
            return code.upper()
        if text.casefold() not in _UNKNOWN_SEX:
            self.problem(
                NOT_IN_CODE_TABLE,
                "sex",
                f"sex of the {self.entry.word} is not M, F or U: map the agency's codes to "
                "these in the mapping file ([values])",
                text,
            )
        return None

    def state(self, text: str | None) -> str | None:
        if text is None:
            return None
        code = text.upper()
        if code in STATE_CODES:
            return code
        self.problem(
            NOT_IN_CODE_TABLE,
            "state",
            f"state of the {self.entry.word} is not a USPS state or territory code (GA, "
            "OH...): its time zone is unknown",
            text,
        )
        return None


@lru_cache(maxsize=1024)
def _field_named(kind: Kind, key: str) -> str | None:
    """The field a key names (ignoring case and surrounding blanks), if any."""
    return _FOLDED[kind].get(key.strip().casefold())


def _canonical(data: Mapping[object, object], kind: Kind) -> tuple[dict[str, object], set[str]]:
    """The values by field name (names matched ignoring case), and the unknown keys."""
    values: dict[str, object] = {}
    unknown: set[str] = set()
    for key, value in data.items():
        name = key if isinstance(key, str) else str(key)
        found = _field_named(kind, name)
        if found is not None:
            values[found] = value
        elif name not in _READER_KEYS:
            unknown.add(name)
    return values, unknown


def parse_entry(
    raw: RawRecord, kind: Kind, *, day_first: bool = False, tz: tzinfo | None = None
) -> tuple[Entry, set[str]]:
    """Read one record; returns the entry and the keys that are no field of ``kind``.

    Args:
        raw: the record as a reader yields it (``data`` a mapping of field names).
        kind: ``episode`` or ``submission``.
        day_first: read ambiguous numeric dates day first (the mapping's convention).
        tz: the zone of times written without a UTC offset, when the mapping names one.
    """
    entry = Entry(kind, raw.source, raw.record, raw.line)
    entry.problems.extend(raw.notes)
    if raw.problem is not None or not isinstance(raw.data, Mapping):
        entry.readable = False
        entry.problems.append(
            raw.problem
            or Problem(UNREADABLE_RECORD, "", f"the {entry.word} is not an object (a record)")
        )
        return entry, set()
    values, unknown = _canonical(raw.data, kind)
    r = _Reader(entry, day_first, tz)
    text = {name: r.text(name, values.get(name)) for name in _FIELDS[kind]}
    id_field, moment_field = _FIELDS[kind][0], _MOMENT[kind]
    entry.ident = text[id_field]
    if entry.ident is None:
        r.problem(
            MISSING_FIELD,
            id_field,
            f"the {entry.word} has no {id_field}: give each record an id, so that the "
            "result can name it",
        )
    entry.first_name, entry.last_name = text["first_name"], text["last_name"]
    entry.date_of_birth = r.temporal("date_of_birth", text["date_of_birth"], date_only=True)
    if entry.date_of_birth is None:
        entry.date_of_birth_text = text["date_of_birth"]
    entry.sex = r.sex(text["sex"])
    entry.last_seen_at = r.temporal("last_seen_at", text["last_seen_at"])
    entry.moment = r.temporal(moment_field, text[moment_field])
    if text[moment_field] is None:
        r.problem(
            MISSING_FIELD,
            moment_field,
            f"{moment_field} of the {entry.word} is blank: without it the timeliness of the "
            "report cannot be judged",
        )
    entry.street, entry.city = text["street"], text["city"]
    entry.state = r.state(text["state"])
    entry.postal_code = text["postal_code"]
    entry.case_number = text[_FIELDS[kind][-1]]
    return entry, unknown
