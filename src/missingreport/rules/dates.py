"""MR2xx, the dates themselves: their order, the future, missing offsets, ambiguity."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..findings import Finding, Severity
from ..schema import MissingChildReport
from ..temporal import temporal_fields
from ._base import Context, Rule

__all__ = [
    "AmbiguousDate",
    "DateInFuture",
    "ImpossibleDateOrder",
    "NotifiedBeforeLastSeen",
    "TimestampWithoutOffset",
    "temporal_fields",
]


_REPORTED_EARLY = "reported before the child was last seen: correct the wrong date"
#: MR208's message for the later-named field of each pair of dates out of order.
_OUT_OF_ORDER = {
    "episode.removal_date": "the removal date is after the date last seen: a child missing "
    "from care entered care first; correct the wrong date",
    "recovery.located_at": "the child was located before being last seen: correct the wrong date",
    "law_enforcement_report.reported_at": _REPORTED_EARLY,
    "ncmec_report.reported_at": _REPORTED_EARLY,
    "law_enforcement_report.ncic_entered_at": "entered into NCIC before the police report was "
    "made: correct the wrong time",
}


class NotifiedBeforeLastSeen(Rule):
    """The agency was notified before the child was last seen.

    ## What it checks
    `episode.agency_notified_at` is earlier than `episode.last_seen_at` (as instants
    when both have a time of day, else by calendar date in the agency's zone).

    ## Why it matters
    The 24-hour clock starts at notification; a notification before the child went
    missing means one of the two is wrong, and every deadline with it.

    ## Example
    Last seen `2024-03-05T21:40:00-05:00`, notified `2024-03-05T18:00:00-05:00`.

    ## Use instead
    Notified `2024-03-05T22:15:00-05:00`, after the child was last seen at 21:40.

    ## How to fix
    Check both times in the case notes and correct the wrong one.

    ## Basis
    The start of the clock, 42 U.S.C. 671(a)(35)(B).
    """

    code = "MR207"
    name = "notified-before-last-seen"
    default_severity = Severity.ERROR
    requires = ("episode.agency_notified_at", "episode.last_seen_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        episode = report.episode
        if ctx.before(episode.agency_notified_at, episode.last_seen_at):
            return self.one_finding(
                "episode.agency_notified_at",
                "the agency was notified before the child was last seen: check both times",
            )
        return ()


class ImpossibleDateOrder(Rule):
    """Dates in an impossible order.

    ## What it checks
    Any of: `removal_date` after `last_seen_at`; `recovery.located_at` before
    `last_seen_at`; a police or NCMEC `reported_at` before `last_seen_at`;
    `ncic_entered_at` before the police `reported_at`. Each pair gives its own finding,
    on the later-named field.

    ## Why it matters
    A child cannot run from a placement before entering care, be found before going
    missing, or be entered into NCIC before being reported: the report is wrong.

    ## Example
    `removal_date: "2024-04-01"` with `last_seen_at: "2024-03-05T21:40:00-05:00"`.

    ## Use instead
    `removal_date: "2022-09-01"`, before the child was last seen.

    ## How to fix
    Check the dates against the case record and correct the wrong one.

    ## Basis
    Date sequence (AFCARS 45 CFR 1355.44; SSDA903 rules 567 and 581).
    """

    code = "MR208"
    name = "impossible-date-order"
    default_severity = Severity.ERROR
    requires = ("episode.last_seen_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        seen = report.episode.last_seen_at
        episode, police, before = report.episode, report.law_enforcement_report, ctx.before
        wrong: list[str] = []  # the later-named field of each pair out of order
        if episode.removal_date is not None and before(seen, episode.removal_date):
            wrong.append("episode.removal_date")
        recovery = report.recovery
        located = recovery.located_at if recovery is not None else None
        if located is not None and before(located, seen):
            wrong.append("recovery.located_at")
        for path, sub in (
            ("law_enforcement_report.reported_at", police),
            ("ncmec_report.reported_at", report.ncmec_report),
        ):
            if sub is not None and sub.reported_at is not None and before(sub.reported_at, seen):
                wrong.append(path)
        if (
            police is not None
            and police.ncic_entered_at is not None
            and police.reported_at is not None
            and before(police.ncic_entered_at, police.reported_at)
        ):
            wrong.append("law_enforcement_report.ncic_entered_at")
        return [self.finding(path, _OUT_OF_ORDER[path]) for path in wrong] if wrong else ()


class DateInFuture(Rule):
    """A date or time later than the moment of the check.

    ## What it checks
    Every date and datetime of the report against `as_of` (a date alone against the
    calendar date of `as_of` in the agency's zone).

    ## Why it matters
    A future date is a typing error (a wrong year is common) and would make the report's
    deadlines meaningless.

    ## Example
    `ncmec_report.reported_at: "2042-03-06T09:05:00-05:00"` checked in 2024.

    ## Use instead
    `ncmec_report.reported_at: "2024-03-06T09:05:00-05:00"` (the year typed right).

    ## How to fix
    Correct the date; check the year.

    ## Basis
    Date validity (AFCARS: dates may not be in the future).
    """

    code = "MR209"
    name = "date-in-future"
    default_severity = Severity.ERROR

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        # A value dated 3 days or more before as_of (by its own clock, as_of by its own)
        # is earlier whatever the offsets or the zone: only the others are compared.
        limit = ctx.as_of.toordinal() - 3
        recent = [(path, value) for path, value in ctx.temporals if value.toordinal() > limit]
        if not recent:
            return ()
        as_of, before = ctx.as_of, ctx.before
        return [
            self.finding(path, "is later than the moment of the check: correct the date", value)
            for path, value in recent
            if before(as_of, value)
        ]


class TimestampWithoutOffset(Rule):
    """A date and time written without its UTC offset.

    ## What it checks
    Every datetime of the report has a UTC offset (`-05:00`, `Z`). One without is read in
    the agency's state time zone; in a state with several zones, the zone of most of its
    people, and the deadline is then uncertain.

    ## Why it matters
    Without an offset, "22:15" is a different moment in Chicago and in New York, and a
    daylight-saving change is invisible: the 24-hour deadline cannot be proven.

    ## Example
    `"agency_notified_at": "2024-03-05T22:15:00"`.

    ## Use instead
    `"agency_notified_at": "2024-03-05T22:15:00-05:00"`.

    ## How to fix
    Export times with their offset (ISO 8601: `2024-03-05T22:15:00-05:00`).

    ## Basis
    ISO 8601 / RFC 3339; the report schema.
    """

    code = "MR210"
    name = "timestamp-without-offset"
    default_severity = Severity.WARNING

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        naive = [
            (path, value)
            for path, value in ctx.temporals
            if isinstance(value, datetime) and value.utcoffset() is None
        ]
        if not naive:
            return ()
        zone_name, several = ctx.zone_info
        state = report.custodial_agency.state if report.custodial_agency is not None else None
        if several:
            where = (
                f"{state} spans several time zones: read in {zone_name}, the zone of most of "
                "its people, so the deadline is uncertain"
            )
        else:
            where = f"read in {zone_name}" + (f" ({state})" if state else "")
        return [
            self.finding(path, f"has no UTC offset ({where}): add the offset", value)
            for path, value in naive
        ]


class AmbiguousDate(Rule):
    """A date whose day and month could be swapped was read by a stated convention.

    ## What it checks
    Found while reading a CSV export: a numeric date such as `03/05/2024`, where both of
    the first two numbers could be a month, was read by the mapping's convention
    (month first unless the mapping says day first).

    ## Why it matters
    5 March and 3 May are two months apart: a wrong reading moves every deadline.

    ## Example
    A `Date Missing` cell `03/05/2024` in an export read month-first.

    ## Use instead
    A mapping that declares `date_convention = "month-first"`, or ISO dates
    `2024-03-05`.

    ## How to fix
    Export dates as ISO 8601 (`2024-03-05`), or confirm the convention in the mapping
    file (`"date_order": "day_first"`).

    ## Basis
    ISO 8601; the report schema (lenient forms come from CSV).
    """

    code = "MR211"
    name = "ambiguous-date"
    default_severity = Severity.WARNING
