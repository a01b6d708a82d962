"""Dates and times: parsing, field types and the arithmetic of the 24-hour clock.

JSON input takes ISO 8601 only (offset optional): :func:`parse_iso` uses
``datetime.fromisoformat`` behind a strict pattern, so that what the library accepts
is exactly what the published JSON Schema describes. Lenient forms (``03/05/2024``,
``5 Mar 2024 4:30 PM``) come from CSV exports and go through :func:`parse_lenient`,
which tries ISO first and python-dateutil only as a fallback, and says when the
day/month order was ambiguous (rule MR211).

A datetime without a UTC offset is kept naive in the model; it is read in the
custodial agency's state time zone when instants are compared (:func:`instant`).
:func:`temporal_fields` lists the dates and datetimes of a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from .schema import MissingChildReport

__all__ = [
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "TEMPORAL_PATTERN",
    "DateOrDateTime",
    "DateTimeValue",
    "DateValue",
    "LenientResult",
    "calendar_date",
    "completed_years",
    "instant",
    "moment",
    "parse_iso",
    "parse_lenient",
    "temporal_fields",
    "zone",
]

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
_OFFSET = r"(?:[Zz]|[+-]\d{2}:\d{2})"
#: ISO 8601 calendar date, as JSON Schema ``pattern``.
DATE_PATTERN = rf"^{_DATE}$"
#: ISO 8601 date and time, UTC offset optional.
DATETIME_PATTERN = rf"^{_DATE}[Tt ]{_TIME}{_OFFSET}?$"
#: Either of the two.
TEMPORAL_PATTERN = rf"^{_DATE}(?:[Tt ]{_TIME}{_OFFSET}?)?$"

_DATE_RE = re.compile(DATE_PATTERN)
_DATETIME_RE = re.compile(DATETIME_PATTERN)

Kind = Literal["date", "datetime", "either"]


def parse_iso(text: str, kind: Kind = "either") -> date | datetime | None:
    """Parse an ISO 8601 date or datetime; ``None`` when it is not one.

    >>> parse_iso("2024-03-05T21:40:00-05:00").isoformat()
    '2024-03-05T21:40:00-05:00'
    >>> parse_iso("2024-03-05")
    datetime.date(2024, 3, 5)
    """
    n = len(text)
    try:
        if n == 10 and kind != "datetime":
            if _DATE_RE.match(text):
                return date.fromisoformat(text)
            return None
        if kind != "date" and _DATETIME_RE.match(text):
            if text[-1] in "Zz":
                text = text[:-1] + "+00:00"
            # fromisoformat refuses an offset of 24 hours or more itself.
            return datetime.fromisoformat(text.replace("t", "T"))
    except ValueError:
        return None
    return None


_KIND_WORDS = {
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (YYYY-MM-DDTHH:MM:SS with a UTC offset such as -05:00)",
    "either": "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS-05:00)",
}


def _validator(kind: Kind) -> Any:
    def validate(value: Any) -> date | datetime:
        if isinstance(value, datetime):
            if kind == "date":
                raise PydanticCustomError("date_type", "expected {expected}", {"expected": "date"})
            return value
        if isinstance(value, date):
            if kind == "datetime":
                raise PydanticCustomError(
                    "datetime_type", "expected {expected}", {"expected": "date and time"}
                )
            return value
        if not isinstance(value, str):
            raise PydanticCustomError(
                "temporal_type", "expected {expected} as text", {"expected": _KIND_WORDS[kind]}
            )
        parsed = parse_iso(value, kind)
        if parsed is None:
            raise PydanticCustomError(
                "temporal_parsing", "expected {expected}", {"expected": _KIND_WORDS[kind]}
            )
        return parsed

    return validate


def _schema(kind: Kind) -> dict[str, Any]:
    pattern = {"date": DATE_PATTERN, "datetime": DATETIME_PATTERN, "either": TEMPORAL_PATTERN}
    return {"type": "string", "pattern": pattern[kind], "description": _KIND_WORDS[kind]}


def _isoformat(value: date) -> str:
    return value.isoformat()


#: Written back as ISO 8601, exactly as read (a naive datetime stays naive).
_AS_ISO = PlainSerializer(_isoformat, return_type=str, when_used="json")

#: A calendar date (ISO 8601 in JSON).
DateValue = Annotated[
    date, PlainValidator(_validator("date")), _AS_ISO, WithJsonSchema(_schema("date"))
]
#: A date and time; the UTC offset is optional (a naive value is flagged by MR210).
DateTimeValue = Annotated[
    datetime, PlainValidator(_validator("datetime")), _AS_ISO, WithJsonSchema(_schema("datetime"))
]
#: A date and time, or a date alone when the time of day is not known.
DateOrDateTime = Annotated[
    date | datetime,
    PlainValidator(_validator("either")),
    _AS_ISO,
    WithJsonSchema(_schema("either")),
]


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The IANA time zone of that name (cached)."""
    if name == "UTC":
        return timezone.utc
    return ZoneInfo(name)


def instant(value: datetime, tz: tzinfo) -> datetime:
    """The moment a datetime names, in UTC; a naive one is read in ``tz`` (the state's zone).

    Always UTC: Python subtracts two datetimes sharing one ``ZoneInfo`` by wall clock,
    which would let a daylight-saving change move a deadline.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(timezone.utc)


def moment(value: datetime, tz: tzinfo) -> datetime:
    """A datetime that compares and subtracts as the moment ``value`` names.

    The same answers as :func:`instant`, cheaper: a value with a fixed UTC offset is
    returned as it is (Python compares two aware values in UTC, and two of one fixed
    offset by their clock, which comes to the same); any other is converted to UTC.
    """
    if type(value.tzinfo) is timezone:
        return value
    return instant(value, tz)


def calendar_date(value: date, tz: tzinfo) -> date:
    """The calendar day of a value in ``tz``: a date is itself; a datetime is converted."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.date()  # a naive value is already local to the state
        return value.astimezone(tz).date()
    return value


def completed_years(born: date, on: date) -> int:
    """Age in completed years on a day, by calendar (never days / 365).

    A child born on 29 February has the birthday on 1 March in common years.

    >>> completed_years(date(2008, 2, 29), date(2026, 2, 28))
    17
    >>> completed_years(date(2008, 2, 29), date(2026, 3, 1))
    18
    """
    years = on.year - born.year
    month, day = born.month, born.day
    if month == 2 and day == 29 and not _is_leap(on.year):
        month, day = 3, 1
    if (on.month, on.day) < (month, day):
        years -= 1
    return years


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def temporal_fields(report: MissingChildReport) -> list[tuple[str, date]]:
    """Every date and datetime of a report that is recorded, with its dotted path."""
    found: list[tuple[str, date]] = []
    add = found.append
    value: date | None
    child = report.child
    if child is not None:
        if (value := child.date_of_birth) is not None:
            add(("child.date_of_birth", value))
        photo = child.photo
        if photo is not None and (value := photo.taken_on) is not None:
            add(("child.photo.taken_on", value))
    episode = report.episode
    if episode is not None:
        if (value := episode.last_seen_at) is not None:
            add(("episode.last_seen_at", value))
        if (value := episode.agency_notified_at) is not None:
            add(("episode.agency_notified_at", value))
        if (value := episode.removal_date) is not None:
            add(("episode.removal_date", value))
    police = report.law_enforcement_report
    if police is not None:
        if (value := police.reported_at) is not None:
            add(("law_enforcement_report.reported_at", value))
        if (value := police.ncic_entered_at) is not None:
            add(("law_enforcement_report.ncic_entered_at", value))
    ncmec = report.ncmec_report
    if ncmec is not None and (value := ncmec.reported_at) is not None:
        add(("ncmec_report.reported_at", value))
    recovery = report.recovery
    if recovery is not None:
        if (value := recovery.located_at) is not None:
            add(("recovery.located_at", value))
        if (value := recovery.ncmec_notified_at) is not None:
            add(("recovery.ncmec_notified_at", value))
        if (value := recovery.law_enforcement_notified_at) is not None:
            add(("recovery.law_enforcement_notified_at", value))
        if (value := recovery.debriefed_at) is not None:
            add(("recovery.debriefed_at", value))
    return found


@dataclass(frozen=True, slots=True)
class LenientResult:
    """What :func:`parse_lenient` read: the value, and whether day/month were ambiguous."""

    value: date | datetime
    ambiguous: bool = False
    convention: Literal["month_first", "day_first"] | None = None


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")


def parse_lenient(
    text: str, *, day_first: bool = False, kind: Kind = "either"
) -> LenientResult | None:
    """Parse the common forms found in spreadsheet exports; ``None`` when impossible.

    ISO 8601 goes through ``fromisoformat``; anything else through python-dateutil,
    with ``day_first`` as the agency's stated convention. A numeric date whose first
    two numbers could both be a month (``03/05/2024``) is marked ambiguous (MR211).
    A value without a time of day is returned as a :class:`~datetime.date`.
    """
    text = text.strip()
    if not text:
        return None
    iso = parse_iso(text, kind)
    if iso is not None:
        return LenientResult(iso)
    from dateutil import parser as dateutil_parser  # the slow path only

    try:
        parsed = dateutil_parser.parse(text, dayfirst=day_first, default=_SENTINEL)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == 1:  # no year in the text: nothing to read it by
        return None
    try:
        parsed.utcoffset()
    except ValueError:  # an offset of a day or more ("+2500")
        return None
    numeric = _NUMERIC_DATE.match(text)
    ambiguous = bool(
        numeric
        and numeric.group(1) != numeric.group(2)
        and 1 <= int(numeric.group(1)) <= 12
        and 1 <= int(numeric.group(2)) <= 12
    )
    convention: Literal["month_first", "day_first"] = "day_first" if day_first else "month_first"
    timed = _has_clock(text)
    if not timed:
        if kind == "datetime":
            return None
        return LenientResult(parsed.date(), ambiguous, convention if ambiguous else None)
    if kind == "date":
        return None
    return LenientResult(parsed, ambiguous, convention if ambiguous else None)


_SENTINEL = datetime(1, 1, 1)
_CLOCK = re.compile(r"\d{1,2}:\d{2}|\d\s*[AaPp]\.?[Mm]\b")


def _has_clock(text: str) -> bool:
    return bool(_CLOCK.search(text))
