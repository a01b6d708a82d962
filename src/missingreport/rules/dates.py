"""MR2xx, the dates themselves: their order, the future, missing offsets, ambiguity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from ..findings import Finding, Severity
from ..schema import MissingChildReport
from ..temporal import is_naive
from ._base import Context, Rule

__all__ = [
    "AmbiguousDate",
    "DateInFuture",
    "ImpossibleDateOrder",
    "NotifiedBeforeLastSeen",
    "TimestampWithoutOffset",
    "temporal_fields",
]


def temporal_fields(report: MissingChildReport) -> Iterator[tuple[str, date]]:
    """Every date and datetime of a report, with its dotted path."""
    child, episode = report.child, report.episode
    if child is not None:
        if child.date_of_birth is not None:
            yield "child.date_of_birth", child.date_of_birth
        if child.photo is not None and child.photo.taken_on is not None:
            yield "child.photo.taken_on", child.photo.taken_on
    if episode is not None:
        for name in ("last_seen_at", "agency_notified_at", "removal_date"):
            value = getattr(episode, name)
            if value is not None:
                yield f"episode.{name}", value
    police = report.law_enforcement_report
    if police is not None:
        for name in ("reported_at", "ncic_entered_at"):
            value = getattr(police, name)
            if value is not None:
                yield f"law_enforcement_report.{name}", value
    if report.ncmec_report is not None and report.ncmec_report.reported_at is not None:
        yield "ncmec_report.reported_at", report.ncmec_report.reported_at
    recovery = report.recovery
    if recovery is not None:
        for name in (
            "located_at",
            "ncmec_notified_at",
            "law_enforcement_notified_at",
            "debriefed_at",
        ):
            value = getattr(recovery, name)
            if value is not None:
                yield f"recovery.{name}", value


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

    ## How to fix
    Check both times in the case notes and correct the wrong one.

    ## Basis
    The start of the clock, 42 U.S.C. 671(a)(35)(B).
    """

    code = "MR207"
    name = "notified-before-last-seen"
    default_severity = Severity.ERROR
    basis = "start of the clock: 42 U.S.C. 671(a)(35)(B)"
    requires = ("episode.agency_notified_at", "episode.last_seen_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        episode = report.episode
        if ctx.before(episode.agency_notified_at, episode.last_seen_at):
            yield self.finding(
                "episode.agency_notified_at",
                "the agency was notified before the child was last seen: check both times",
            )


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

    ## How to fix
    Check the dates against the case record and correct the wrong one.

    ## Basis
    Date sequence (AFCARS 45 CFR 1355.44; SSDA903 rules 567 and 581).
    """

    code = "MR208"
    name = "impossible-date-order"
    default_severity = Severity.ERROR
    basis = "date sequence (AFCARS; SSDA903 rules 567/581)"
    requires = ("episode.last_seen_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        seen = report.episode.last_seen_at
        episode, police = report.episode, report.law_enforcement_report
        if episode.removal_date is not None and ctx.before(seen, episode.removal_date):
            yield self.finding(
                "episode.removal_date",
                "the removal date is after the date last seen: a child missing from care "
                "entered care first; correct the wrong date",
            )
        recovery = report.recovery
        located = recovery.located_at if recovery is not None else None
        if located is not None and ctx.before(located, seen):
            yield self.finding(
                "recovery.located_at",
                "the child was located before being last seen: correct the wrong date",
            )
        for path, sub in (
            ("law_enforcement_report", police),
            ("ncmec_report", report.ncmec_report),
        ):
            if (
                sub is not None
                and sub.reported_at is not None
                and ctx.before(sub.reported_at, seen)
            ):
                yield self.finding(
                    f"{path}.reported_at",
                    "reported before the child was last seen: correct the wrong date",
                )
        if (
            police is not None
            and police.ncic_entered_at is not None
            and police.reported_at is not None
            and ctx.before(police.ncic_entered_at, police.reported_at)
        ):
            yield self.finding(
                "law_enforcement_report.ncic_entered_at",
                "entered into NCIC before the police report was made: correct the wrong time",
            )


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

    ## How to fix
    Correct the date; check the year.

    ## Basis
    Date validity (AFCARS: dates may not be in the future).
    """

    code = "MR209"
    name = "date-in-future"
    default_severity = Severity.ERROR
    basis = "date validity (AFCARS 45 CFR 1355.44)"

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        for path, value in temporal_fields(report):
            if not ctx.sound(path):
                continue
            if ctx.before(ctx.as_of, value):
                yield self.finding(
                    path, "is later than the moment of the check: correct the date", value
                )


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

    ## How to fix
    Export times with their offset (ISO 8601: `2024-03-05T22:15:00-05:00`).

    ## Basis
    ISO 8601 / RFC 3339; report-schema.md.
    """

    code = "MR210"
    name = "timestamp-without-offset"
    default_severity = Severity.WARNING
    basis = "ISO 8601 / RFC 3339; report-schema.md"

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        naive = [
            (path, value)
            for path, value in temporal_fields(report)
            if isinstance(value, datetime) and is_naive(value) and ctx.sound(path)
        ]
        if not naive:
            return
        zone_name, several = ctx.zone_info
        state = report.custodial_agency.state if report.custodial_agency is not None else None
        if several:
            where = (
                f"{state} spans several time zones: read in {zone_name}, the zone of most of "
                "its people, so the deadline is uncertain"
            )
        else:
            where = f"read in {zone_name}" + (f" ({state})" if state else "")
        for path, value in naive:
            yield self.finding(path, f"has no UTC offset ({where}): add the offset", value)


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

    ## How to fix
    Export dates as ISO 8601 (`2024-03-05`), or confirm the convention in the mapping
    file (`"date_order": "day_first"`).

    ## Basis
    ISO 8601; report-schema.md (lenient forms come from CSV).
    """

    code = "MR211"
    name = "ambiguous-date"
    default_severity = Severity.WARNING
    basis = "ISO 8601; report-schema.md"
