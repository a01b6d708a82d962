"""MR2xx, the deadlines: reports to NCMEC and police, NCIC entry, recovery follow-up.

Every window is judged by :func:`missingreport.clock.judge`. The rules of date order
and date form (MR207-MR211) are in :mod:`.dates`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from ..clock import Verdict, judge
from ..findings import Finding, Severity
from ..schema import MissingChildReport
from ..temporal import calendar_date, instant
from ._base import Context, Rule

__all__ = [
    "NcicEntrySlow",
    "NcmecReportLate",
    "NcmecReportOverdue",
    "NcmecReportedByPoliceOnly",
    "NcmecTimelinessUnconfirmed",
    "NoDebriefOrScreening",
    "PoliceReportLate",
    "PoliceReportOverdue",
    "PoliceTimelinessUnconfirmed",
    "RecoveryNotReported",
    "ReportBeforeNotification",
    "ncmec_verdict",
    "police_verdict",
]


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


def _late_by(start: date, end: date, hours: float, ctx: Context) -> str:
    """How late a report was, in words: hours past the deadline, or calendar days."""
    if isinstance(start, datetime) and isinstance(end, datetime):
        taken = (instant(end, ctx.tz) - instant(start, ctx.tz)).total_seconds() / 3600
        late = taken - hours
        shown = f"{late:.1f}".removesuffix(".0")
        return (
            f"{taken:.1f}".removesuffix(".0")
            + f" hours after the agency was notified, {shown} hours late"
        )
    days = (calendar_date(end, ctx.tz) - calendar_date(start, ctx.tz)).days
    return f"{days} calendar days after the agency was notified (dates without a time of day)"


def ncmec_verdict(report: MissingChildReport, ctx: Context) -> Verdict | None:
    """The timeliness of the NCMEC report: within, past or unconfirmed (None: no report).

    Judged once per report (``ctx`` is the report's) and shared by MR202 and MR203.
    """
    return ctx.shared(_ncmec_judged)


def _ncmec_judged(ctx: Context) -> Verdict | None:
    report = ctx.report
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

    ## Use instead
    `"ncmec_report": {"reported_at": "2024-03-05T11:30:00-05:00", "method":
    "call_center", "case_number": "1498532"}`.

    ## How to fix
    Report to NCMEC now (call center, web or system-to-system), then record
    `ncmec_report.reported_at`, `method` and the NCMEC `case_number`.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (45 of 100 sampled episodes never
    reported).
    """

    code = "MR201"
    groups = ("timeliness",)
    name = "ncmec-report-overdue"
    default_severity = Severity.ERROR
    requires = ("episode.agency_notified_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        if not ctx.sound("ncmec_report"):  # a report was given but could not be read
            return ()
        if report.ncmec_report is None and _overdue(report, ctx, ctx.policy.deadline_hours):
            return self.one_finding(
                "ncmec_report",
                f"no report to NCMEC, and {_hours(ctx.policy.deadline_hours)} have passed since "
                "the agency was notified: report to NCMEC now and record it",
            )
        return ()


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

    ## Use instead
    Reported `2024-03-06T09:00:00-05:00` or earlier: at most 24 hours after the notice.

    ## How to fix
    If the time recorded is wrong, correct it. Otherwise record the reason for the
    delay in the case file and review the reporting procedure.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (22 of 100 sampled episodes late).
    """

    code = "MR202"
    groups = ("timeliness",)
    name = "ncmec-report-late"
    default_severity = Severity.ERROR
    requires = ("episode.agency_notified_at", "ncmec_report.reported_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        if ncmec_verdict(report, ctx) == "past":
            hours = ctx.policy.deadline_hours
            ncmec = report.ncmec_report
            if ncmec is None or ncmec.reported_at is None:  # pragma: no cover - a verdict
                return ()
            late = _late_by(report.episode.agency_notified_at, ncmec.reported_at, hours, ctx)
            return self.one_finding(
                "ncmec_report.reported_at",
                f"reported to NCMEC {late} (the deadline is {_hours(hours)}): check both times, "
                "and record why it was late",
            )
        return ()


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

    ## Use instead
    `agency_notified_at: "2024-03-05T22:15:00-05:00"`, `ncmec_report.reported_at:
    "2024-03-06T09:05:00-05:00"`.

    ## How to fix
    Record both moments with the time of day and the UTC offset.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (calendar-day classification).
    """

    code = "MR203"
    groups = ("timeliness",)
    name = "ncmec-timeliness-unconfirmed"
    default_severity = Severity.WARNING
    requires = ("episode.agency_notified_at", "ncmec_report.reported_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        if ncmec_verdict(report, ctx) == "unconfirmed":
            return self.one_finding(
                "ncmec_report.reported_at",
                "the notification and the NCMEC report are one calendar day apart and one of "
                "them has no time of day: record both times to show the report was on time",
            )
        return ()


def police_verdict(report: MissingChildReport, ctx: Context) -> Verdict | None:
    """The timeliness of the police report (None: no report).

    Judged once per report (``ctx`` is the report's) and shared by MR205 and MR216.
    """
    return ctx.shared(_police_judged)


def _police_judged(ctx: Context) -> Verdict | None:
    report = ctx.report
    police = report.law_enforcement_report
    if police is None or police.reported_at is None:
        return None
    return judge(
        report.episode.agency_notified_at, police.reported_at, ctx.policy.le_deadline_hours, ctx.tz
    )


class PoliceReportOverdue(Rule):
    """No report to law enforcement, and the deadline has passed.

    ## What it checks
    The report has no `law_enforcement_report`, `episode.agency_notified_at` +
    `le_deadline_hours` (24) has passed as of `as_of`, and the child was not located
    before that deadline. Date-only values are judged by calendar days; a case that
    cannot be confirmed either way raises nothing.

    ## Why it matters
    The child must be entered into NCIC so that every police officer in the country can
    recognise them. The OIG found 6 of 100 sampled episodes never reported to police.

    ## Example
    Notified `2024-03-05T22:15:00-05:00`, no `law_enforcement_report`, checked as of
    `2024-03-08`.

    ## Use instead
    `"law_enforcement_report": {"agency_name": "Columbus Division of Police", "ori":
    "OH0250200", "reported_at": "2024-03-05T22:30:00-05:00", ...}`.

    ## How to fix
    Report to the police agency of jurisdiction now, ask for NCIC entry, and record the
    agency, its case number, the time reported and the NCIC number.

    ## Basis
    42 U.S.C. 671(a)(35)(B); 34 U.S.C. 41307-41308.
    """

    code = "MR204"
    groups = ("timeliness",)
    name = "police-report-overdue"
    default_severity = Severity.ERROR
    requires = ("episode.agency_notified_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        hours = ctx.policy.le_deadline_hours
        if not ctx.sound("law_enforcement_report"):
            return ()
        if report.law_enforcement_report is None and _overdue(report, ctx, hours):
            return self.one_finding(
                "law_enforcement_report",
                f"no report to law enforcement, and {_hours(hours)} have passed since the agency "
                "was notified: report to the police for NCIC entry now and record it",
            )
        return ()


class PoliceReportLate(Rule):
    """The report to law enforcement came after the deadline.

    ## What it checks
    `law_enforcement_report.reported_at` is later than `episode.agency_notified_at` +
    `le_deadline_hours` (24), in absolute time. When either value is a date alone, 2 or
    more calendar days after notification is late (1 day is MR216).

    ## Why it matters
    Until the police are told, no NCIC entry exists and no officer is looking for the
    child. The OIG found 8 of 100 sampled episodes reported to police late.

    ## Example
    Notified `2024-03-05T22:15:00-05:00`, reported to police `2024-03-07T10:00:00-05:00`.

    ## Use instead
    Reported to police `2024-03-06T22:15:00-05:00` or earlier.

    ## How to fix
    If the recorded time is wrong, correct it; otherwise record the reason for the delay.

    ## Basis
    42 U.S.C. 671(a)(35)(B); 34 U.S.C. 41307-41308.
    """

    code = "MR205"
    groups = ("timeliness",)
    name = "police-report-late"
    default_severity = Severity.ERROR
    requires = ("episode.agency_notified_at", "law_enforcement_report.reported_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        if police_verdict(report, ctx) == "past":
            hours = ctx.policy.le_deadline_hours
            police = report.law_enforcement_report
            if police is None or police.reported_at is None:  # pragma: no cover - a verdict
                return ()
            late = _late_by(report.episode.agency_notified_at, police.reported_at, hours, ctx)
            return self.one_finding(
                "law_enforcement_report.reported_at",
                f"reported to law enforcement {late} (the deadline is {_hours(hours)}): check "
                "both times, and record why it was late",
            )
        return ()


class PoliceTimelinessUnconfirmed(Rule):
    """On-time reporting to law enforcement cannot be shown from date-only values.

    ## What it checks
    The notification or the police report is a date alone, and the two calendar dates
    are one day apart: the report may or may not have been within 24 hours.

    ## Why it matters
    An agency must be able to prove when it told the police; a date alone cannot.

    ## Example
    `agency_notified_at: "2024-03-05"`, `law_enforcement_report.reported_at: "2024-03-06"`.

    ## Use instead
    `agency_notified_at: "2024-03-05T22:15:00-05:00"`,
    `law_enforcement_report.reported_at: "2024-03-05T22:30:00-05:00"`.

    ## How to fix
    Record both moments with the time of day and the UTC offset.

    ## Basis
    42 U.S.C. 671(a)(35)(B).
    """

    code = "MR216"
    groups = ("timeliness",)
    name = "police-timeliness-unconfirmed"
    default_severity = Severity.WARNING
    requires = ("episode.agency_notified_at", "law_enforcement_report.reported_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        if police_verdict(report, ctx) == "unconfirmed":
            return self.one_finding(
                "law_enforcement_report.reported_at",
                "the notification and the police report are one calendar day apart and one of "
                "them has no time of day: record both times to show the report was on time",
            )
        return ()


class NcicEntrySlow(Rule):
    """The NCIC entry came more than 2 hours after the police report.

    ## What it checks
    `law_enforcement_report.ncic_entered_at` is more than `ncic_entry_hours` (2) after
    `law_enforcement_report.reported_at`. A window under a day is not judged when the
    police report has a date alone.

    ## Why it matters
    Federal law gives the police 2 hours to enter a missing child into NCIC; a slow
    entry leaves the child invisible to officers who may meet them.

    ## Example
    Reported `2024-03-05T22:30:00-05:00`, entered `2024-03-06T08:00:00-05:00`.

    ## Use instead
    Entered `2024-03-06T00:30:00-05:00` or earlier: within 2 hours of the police report.

    ## How to fix
    Check the times with the police agency; if the entry was late, ask the agency to
    review it and record the reason.

    ## Basis
    34 U.S.C. 41308(a)(3).
    """

    code = "MR206"
    groups = ("timeliness",)
    name = "ncic-entry-slow"
    default_severity = Severity.WARNING
    requires = ("law_enforcement_report.reported_at", "law_enforcement_report.ncic_entered_at")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        police = report.law_enforcement_report
        if police is None or police.ncic_entered_at is None or police.reported_at is None:
            return ()
        hours = ctx.policy.ncic_entry_hours
        if judge(police.reported_at, police.ncic_entered_at, hours, ctx.tz) == "past":
            return self.one_finding(
                "law_enforcement_report.ncic_entered_at",
                f"entered into NCIC more than {_hours(hours)} after the police report: check "
                "the times with the police agency",
            )
        return ()


class ReportBeforeNotification(Rule):
    """A report to police or NCMEC dated before the agency was notified.

    ## What it checks
    `law_enforcement_report.reported_at` or `ncmec_report.reported_at` is earlier than
    `episode.agency_notified_at` (by calendar date when either is a date alone).

    ## Why it matters
    The agency cannot report what it has not yet learned: one of the two times is
    probably wrong, and the 24-hour clock may be measured from the wrong moment.

    ## Example
    Notified `2024-03-05T22:15:00-05:00`, NCMEC report `2024-03-05T20:00:00-05:00`.

    ## Use instead
    The NCMEC report `2024-03-06T09:05:00-05:00`, after the notice at 22:15.

    ## How to fix
    Check which time is wrong and correct it; if the police told the agency, the
    notification is when the agency heard of it.

    ## Basis
    Date sequence; 42 U.S.C. 671(a)(35)(B) (the clock starts at notification).
    """

    code = "MR212"
    name = "report-before-notification"
    default_severity = Severity.WARNING
    requires = ("episode.agency_notified_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        notified = report.episode.agency_notified_at
        pairs = (
            ("law_enforcement_report", report.law_enforcement_report, "the police report"),
            ("ncmec_report", report.ncmec_report, "the NCMEC report"),
        )
        return [
            self.finding(
                f"{path}.reported_at",
                f"{words} is dated before the agency was notified: check which of the two "
                "times is wrong",
            )
            for path, sub, words in pairs
            if sub is not None
            and sub.reported_at is not None
            and ctx.before(sub.reported_at, notified)
        ]


class RecoveryNotReported(Rule):
    """The recovery was not passed on to NCMEC or the police within 24 hours.

    ## What it checks
    When a `recovery` exists: if NCMEC was reported to, `recovery.ncmec_notified_at` is
    recorded and no more than 24 hours after `located_at`; likewise, if the police were
    reported to, `recovery.law_enforcement_notified_at`.

    ## Why it matters
    NCMEC and the police keep searching for a child nobody told them was found, and a
    stale NCIC entry can lead to the wrong child being stopped. States such as Texas
    require notice of return within 24 hours.

    ## Example
    Located `2024-03-08T14:00:00-05:00`, with an NCMEC report but no
    `ncmec_notified_at`.

    ## Use instead
    `"recovery": {"located_at": "2024-03-08T14:00:00-05:00", "ncmec_notified_at":
    "2024-03-08T16:00:00-05:00", ...}`.

    ## How to fix
    Tell NCMEC (and the police, for the NCIC entry to be cleared) that the child was
    located, and record when.

    ## Basis
    42 U.S.C. 671(a)(35)(B) ("regular communication"); Texas Fam. Code 264.123(c);
    Indiana IC 31-36-1-3.5.
    """

    code = "MR213"
    groups = ("timeliness",)
    name = "recovery-not-reported"
    default_severity = Severity.WARNING
    requires = ("recovery.located_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        recovery = report.recovery
        if recovery is None or recovery.located_at is None:
            return ()
        found: list[Finding] = []
        pairs = (
            (report.ncmec_report, recovery.ncmec_notified_at, "ncmec_notified_at", "NCMEC"),
            (
                report.law_enforcement_report,
                recovery.law_enforcement_notified_at,
                "law_enforcement_notified_at",
                "the police",
            ),
        )
        for sent, notified, field, whom in pairs:
            if sent is None:
                continue
            if notified is None:
                message = (
                    f"the child was located but no notice to {whom} is recorded: tell {whom} "
                    "the child was found and record when"
                )
            elif judge(recovery.located_at, notified, 24, ctx.tz) == "past":
                message = (
                    f"{whom} was told of the recovery more than 24 hours after the child was "
                    "located: record the reason for the delay"
                )
            else:
                continue
            found.append(self.finding(f"recovery.{field}", message))
        return found


class NoDebriefOrScreening(Rule):
    """No debriefing and no trafficking screening after the child was located.

    ## What it checks
    `recovery_followup_hours` (72) after `recovery.located_at`, as of `as_of`, neither
    `recovery.debriefed_at` (at any time) nor a `trafficking_screening` other than
    `not_done` is recorded.

    ## Why it matters
    The agency must learn what happened while the child was absent, including whether
    they were trafficked, to keep them from running again and to get them help.

    ## Example
    Located `2024-03-08T14:00:00-05:00`, checked as of `2024-03-20`, no `debriefed_at`
    and `trafficking_screening: "not_done"`.

    ## Use instead
    `"debriefed_at": "2024-03-09T10:00:00-05:00"` and `"trafficking_screening":
    "negative"`.

    ## How to fix
    Interview the child about the time away and screen for sex trafficking; record
    `debriefed_at` and the screening result.

    ## Basis
    42 U.S.C. 671(a)(35)(A).
    """

    code = "MR214"
    name = "no-debrief-or-screening"
    default_severity = Severity.WARNING
    requires = ("recovery.located_at",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        recovery = report.recovery
        if recovery is None or recovery.located_at is None:
            return ()
        if recovery.debriefed_at is not None or recovery.trafficking_screening in (
            "positive",
            "negative",
        ):
            return ()
        hours = ctx.policy.recovery_followup_hours
        if judge(recovery.located_at, ctx.as_of, hours, ctx.tz) == "past":
            return self.one_finding(
                "recovery",
                f"{_hours(hours)} after the child was located, no debriefing and no trafficking "
                "screening are recorded: interview and screen the child, and record both",
            )
        return ()


class NcmecReportedByPoliceOnly(Rule):
    """The NCMEC report was made by the police, not by the agency.

    ## What it checks
    `ncmec_report.reported_by` is `law_enforcement`.

    ## Why it matters
    The duty to report to NCMEC is the agency's own; a police notice to NCMEC, or an
    NCIC entry, does not create the agency's report, and NCMEC may lack the information
    only the agency has (placement, caseworker, risks).

    ## Example
    `"ncmec_report": {"reported_by": "law_enforcement", ...}`.

    ## Use instead
    `"ncmec_report": {"reported_by": "agency", "reported_at": "...", "case_number":
    "1498532"}`.

    ## How to fix
    Report to NCMEC as the agency (call center, web or system-to-system) and record it.

    ## Basis
    42 U.S.C. 671(a)(35)(B); NCMEC: an NCIC entry does not create a NCMEC report.
    """

    code = "MR215"
    name = "ncmec-reported-by-police-only"
    default_severity = Severity.WARNING

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        ncmec = report.ncmec_report
        if ncmec is not None and ncmec.reported_by == "law_enforcement":
            return self.one_finding(
                "ncmec_report.reported_by",
                "NCMEC was told by the police, not by the agency: the agency must make its own "
                "report to NCMEC",
            )
        return ()
