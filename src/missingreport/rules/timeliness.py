"""MR2xx: dates and timeliness. Every window is judged by :func:`missingreport.clock.judge`."""

from __future__ import annotations

from collections.abc import Iterator

from ..clock import Verdict, judge
from ..findings import Finding, Severity
from ..schema import MissingChildReport
from ._base import Context, Rule

__all__ = ["NcmecReportLate", "NcmecReportOverdue", "NcmecTimelinessUnconfirmed"]

_BASIS_24H = "42 U.S.C. 671(a)(35)(B)"


def _located_before(report: MissingChildReport, ctx: Context, hours: float) -> bool | None:
    """Whether the child was located within ``hours`` of notification.

    ``True`` located in time, ``False`` not (or no recovery), ``None`` unconfirmed.
    """
    recovery = report.recovery
    if recovery is None or recovery.located_at is None:
        return False
    verdict = judge(report.episode.agency_notified_at, recovery.located_at, hours, ctx.tz)
    if verdict == "unconfirmed":
        return None
    return verdict == "within"


def _overdue(report: MissingChildReport, ctx: Context, hours: float) -> bool:
    """No report and the window has passed as of ``as_of``, the child not located in it."""
    if judge(report.episode.agency_notified_at, ctx.as_of, hours, ctx.tz) != "past":
        return False
    return _located_before(report, ctx, hours) is False


def _hours(hours: float) -> str:
    return f"{hours:g} hours"


def ncmec_verdict(report: MissingChildReport, ctx: Context) -> Verdict | None:
    """The timeliness of the NCMEC report: within, past or unconfirmed (None: no report)."""
    ncmec = report.ncmec_report
    if ncmec is None or ncmec.reported_at is None:
        return None
    return judge(
        report.episode.agency_notified_at, ncmec.reported_at, ctx.policy.deadline_hours, ctx.tz
    )


class NcmecReportOverdue(Rule):
    """No report to NCMEC, and the deadline has passed.

    ## What it checks
    The report has no `ncmec_report`, `episode.agency_notified_at` + `deadline_hours`
    (24) has passed as of `as_of`, and the child was not located before the deadline
    (no recovery, or located after it). A date-only notification is judged by calendar
    days; a case that cannot be confirmed either way raises nothing.

    ## Why it matters
    Federal law requires a report to NCMEC within 24 hours of learning that a child is
    missing. The HHS-OIG audit estimated that 47% of episodes were never reported.

    ## Example
    Notified `2024-03-05T09:00:00-05:00`, no `ncmec_report`, checked as of
    `2024-03-07`.

    ## How to fix
    Report to NCMEC now (call center, web or system-to-system), then record
    `ncmec_report.reported_at`, `method` and the NCMEC `case_number`.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (45 of 100 sampled episodes never
    reported).
    """

    code = "MR201"
    name = "ncmec-report-overdue"
    default_severity = Severity.ERROR
    basis = f"{_BASIS_24H}; OIG A-07-21-06102 (45 of 100 sampled episodes never reported)"
    requires = ("episode.agency_notified_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        if report.ncmec_report is None and _overdue(report, ctx, ctx.policy.deadline_hours):
            yield self.finding(
                "ncmec_report",
                f"no report to NCMEC, and {_hours(ctx.policy.deadline_hours)} have passed since "
                "the agency was notified: report to NCMEC now and record it",
            )


class NcmecReportLate(Rule):
    """The report to NCMEC came after the deadline.

    ## What it checks
    `ncmec_report.reported_at` is later than `episode.agency_notified_at` +
    `deadline_hours` (24), in absolute time (a daylight-saving change or two different
    UTC offsets never move it). Exactly 24 hours is on time. When either value is a
    date alone, 2 or more calendar days after notification is late (1 day is MR203).

    ## Why it matters
    The OIG audit found 22% of episodes reported late; every hour matters for a child
    at risk of trafficking.

    ## Example
    Notified `2024-03-05T09:00:00-05:00`, reported `2024-03-06T09:01:00-05:00`.

    ## How to fix
    If the time recorded is wrong, correct it. Otherwise record the reason for the
    delay in the case file and review the reporting procedure.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (22 of 100 sampled episodes late).
    """

    code = "MR202"
    name = "ncmec-report-late"
    default_severity = Severity.ERROR
    basis = f"{_BASIS_24H}; OIG A-07-21-06102 (22 of 100 sampled episodes late)"
    requires = ("episode.agency_notified_at", "ncmec_report.reported_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        if ncmec_verdict(report, ctx) == "past":
            yield self.finding(
                "ncmec_report.reported_at",
                f"reported to NCMEC more than {_hours(ctx.policy.deadline_hours)} after the "
                "agency was notified: check both times, and record why it was late",
            )


class NcmecTimelinessUnconfirmed(Rule):
    """On-time reporting to NCMEC cannot be shown from date-only values.

    ## What it checks
    The notification or the NCMEC report is a date alone, and the two calendar dates
    are one day apart: the report may or may not have been within 24 hours.

    ## Why it matters
    An agency must be able to prove that it reported on time; the OIG found that
    almost no state could.

    ## Example
    `agency_notified_at: "2024-03-05"`, `ncmec_report.reported_at: "2024-03-06"`.

    ## How to fix
    Record both moments with the time of day and the UTC offset.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (calendar-day classification).
    """

    code = "MR203"
    name = "ncmec-timeliness-unconfirmed"
    default_severity = Severity.WARNING
    basis = f"{_BASIS_24H}; OIG A-07-21-06102"
    requires = ("episode.agency_notified_at", "ncmec_report.reported_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterator[Finding]:
        if ncmec_verdict(report, ctx) == "unconfirmed":
            yield self.finding(
                "ncmec_report.reported_at",
                "the notification and the NCMEC report are one calendar day apart and one of "
                "them has no time of day: record both times to show the report was on time",
            )
