"""MR220/MR221: the stricter deadlines of a state's own policy.

The federal rules (MR201, MR202, MR204, MR205) always judge the federal 24 hours. A
state whose policy is stricter (Missouri: police and NCMEC within 2 hours; Louisiana:
NCMEC within 24 hours of the child's departure) is judged here, and only where the
federal deadline was kept: one late report is never two errors for one fact. The
state is the custodial agency's under ``state_policy = "auto"``, none under
``"federal"``, or the one configured (:mod:`missingreport.states`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar, Literal

from ..clock import judge
from ..findings import Finding, Severity
from ..schema import LawEnforcementReport, MissingChildReport, NcmecReport
from ..states import StatePolicy
from ._base import Context, Rule

__all__ = ["StateNcmecDeadlineMissed", "StatePoliceDeadlineMissed"]


def _hours(hours: float) -> str:
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def _recorded(block: LawEnforcementReport | NcmecReport | None) -> bool:
    """A report counts as made when it has a time or a case number."""
    return block is not None and (block.reported_at is not None or block.case_number is not None)


def _located_within(
    report: MissingChildReport, ctx: Context, start: date, hours: float
) -> bool | None:
    """Whether the child was located within ``hours`` of ``start`` (None: unconfirmed)."""
    recovery = report.recovery
    if recovery is None or recovery.located_at is None:
        return False
    verdict = judge(start, recovery.located_at, hours, ctx.tz)
    if verdict is None or verdict == "unconfirmed":
        return None
    return verdict == "within"


def _overdue(report: MissingChildReport, ctx: Context, start: date, hours: float) -> bool:
    """No report, ``hours`` after ``start`` have passed as of ``as_of``, child not located."""
    if judge(start, ctx.as_of, hours, ctx.tz) != "past":
        return False
    return _located_within(report, ctx, start, hours) is False


class _StateDeadline(Rule):
    """A state's deadline for one report, stricter than the federal one."""

    #: The block of the report judged, and the state policy's hours for it.
    block: ClassVar[Literal["law_enforcement_report", "ncmec_report"]]
    hours_field: ClassVar[Literal["police_deadline_hours", "ncmec_deadline_hours"]]
    #: The configurable federal hours (``le_deadline_hours``, ``deadline_hours``).
    federal_setting: ClassVar[Literal["le_deadline_hours", "deadline_hours"]]
    whom: ClassVar[str]
    groups = ("timeliness", "state-policy")
    requires = ("episode.agency_notified_at",)

    def _deadline(
        self, report: MissingChildReport, ctx: Context
    ) -> tuple[StatePolicy, float, date] | None:
        """The state policy, its stricter hours and the start of its clock, if any."""
        state = ctx.state_policy
        if state is None:
            return None
        hours = state.stricter_hours(self.hours_field, getattr(ctx.policy, self.federal_setting))
        if hours is None:
            return None
        episode = report.episode
        if state.clock_starts == "departure":
            start, path = episode.last_seen_at, "episode.last_seen_at"
        else:
            start, path = episode.agency_notified_at, "episode.agency_notified_at"
        if start is None or not ctx.sound(path, "episode.agency_notified_at", self.block):
            return None
        return state, hours, start

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        """A stricter state deadline applies to the report and its dates can be read."""
        return super().applies(report, ctx) and self._deadline(report, ctx) is not None

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        found = self._deadline(report, ctx)
        notified = report.episode.agency_notified_at
        if found is None or notified is None:
            return ()
        state, hours, start = found
        federal = getattr(ctx.policy, self.federal_setting)
        block = getattr(report, self.block)
        since = (
            "the child's departure (last seen)"
            if state.clock_starts == "departure"
            else "the agency was notified"
        )
        source = state.source_of(self.hours_field)
        whose = f"{state.label}'s deadline of {_hours(hours)} ({source.citation}, {source.level})"
        reported = block.reported_at if block is not None else None
        if reported is not None:
            if judge(start, reported, hours, ctx.tz) != "past":
                return ()
            if judge(notified, reported, federal, ctx.tz) == "past":
                return ()  # late by the federal rule too: MR202/MR205 carry it
            return self.one_finding(
                f"{self.block}.reported_at",
                f"reported to {self.whom} more than {_hours(hours)} after {since}: within the "
                f"federal {_hours(federal)} but later than {whose}; check both times, and "
                "record why it was late",
            )
        if _recorded(block) or not _overdue(report, ctx, start, hours):
            return ()
        if _overdue(report, ctx, notified, federal):
            return ()  # overdue by the federal rule too: MR201/MR204 carry it
        return self.one_finding(
            self.block,
            f"no report to {self.whom}, and {whose} after {since} has passed: report to "
            f"{self.whom} now and record it",
        )


class StatePoliceDeadlineMissed(_StateDeadline):
    """The police report missed the state's own deadline, stricter than the federal one.

    ## What it checks
    The state policy of the report (the custodial agency's state, or the configured
    `state_policy`) sets a police deadline stricter than `le_deadline_hours` (24):
    Arkansas, Kansas, Missouri and Utah 2 hours, Wisconsin 8, Kentucky and North Dakota
    12. The rule fires when `law_enforcement_report.reported_at` is later than
    `episode.agency_notified_at` + the state's hours, or, with no police report, when
    that deadline passed before `as_of` and before the child was located; and in both
    cases only while the federal deadline was kept (MR204/MR205 carry a federal miss,
    never both). Elapsed time is absolute (UTC). The windows are under a day, so
    date-only values are not judged. A state with nothing on file, or one saying
    "immediately" without a number, gives no finding.

    ## Why it matters
    The federal 24 hours is a floor: an agency that reports in 20 hours is on time
    federally and late under its own state's manual. Every hour without an NCIC entry
    is an hour in which no officer is looking for the child.

    ## Example
    A Missouri report: notified `2024-03-05T22:15:00-06:00`, reported to police
    `2024-03-06T01:15:00-06:00` (3 hours; Missouri requires 2).

    ## Use instead
    Reported to police `2024-03-06T00:15:00-06:00` or earlier: within Missouri's 2
    hours.

    ## How to fix
    If the recorded time is wrong, correct it; otherwise record the reason for the
    delay and review the procedure against the state's deadline. `missingreport policy
    STATE` shows the deadline and its source.

    ## Basis
    The state's own law or policy, cited in each finding (`missingreport policy STATE`
    lists every source and its level): Arkansas DCFS Policy VII-N1; Kansas PPS Policy
    and Procedure Manual 5245; Missouri Child Welfare Manual 4.8.3; Utah DCFS Practice
    Guidelines 300.8; Wis. Stat. 48.78(2m); Kentucky DCBS Standards of Practice 4.67;
    North Dakota Policy 624-05-15-50-34.
    """

    code = "MR220"
    name = "state-police-deadline-missed"
    default_severity = Severity.ERROR
    block = "law_enforcement_report"
    hours_field = "police_deadline_hours"
    federal_setting = "le_deadline_hours"
    whom = "law enforcement"


class StateNcmecDeadlineMissed(_StateDeadline):
    """The NCMEC report missed the state's own deadline, stricter than the federal one.

    ## What it checks
    As MR220, for `ncmec_report` against the state's NCMEC deadline (stricter than
    `deadline_hours`, 24): Missouri 2 hours, North Dakota 12, and Louisiana 24 hours
    counted from the child's departure (`episode.last_seen_at`) rather than from the
    agency's notice. Only while the federal deadline was kept: a report late by the
    federal rule is MR202 alone, an overdue one MR201 alone. Date-only values are
    judged by calendar days where the state's window is a day or more (Louisiana), as
    MR202 judges them; a shorter window is not judged on dates alone.

    ## Why it matters
    A state that asks for NCMEC within 2 hours, or counts from the departure, does so
    because the first hours decide whether a child is found. Meeting only the federal
    floor hides the delay from the agency's own oversight.

    ## Example
    A Missouri report: notified `2024-03-05T22:15:00-06:00`, reported to NCMEC
    `2024-03-06T01:15:00-06:00` (3 hours; Missouri requires 2).

    ## Use instead
    Reported to NCMEC `2024-03-06T00:15:00-06:00` or earlier: within Missouri's 2 hours.

    ## How to fix
    If the recorded time is wrong, correct it; otherwise record the reason for the
    delay and review the procedure against the state's deadline. `missingreport policy
    STATE` shows the deadline and its source.

    ## Basis
    The state's own law or policy, cited in each finding (`missingreport policy STATE`
    lists every source and its level): Missouri Child Welfare Manual 4.8.3; North
    Dakota Policy 624-05-15-50-34; Louisiana DCFS Policy 6-1215.
    """

    code = "MR221"
    name = "state-ncmec-deadline-missed"
    default_severity = Severity.ERROR
    block = "ncmec_report"
    hours_field = "ncmec_deadline_hours"
    federal_setting = "deadline_hours"
    whom = "NCMEC"
