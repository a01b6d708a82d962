"""MR1xx: age and eligibility.

Age is ``ctx.age``: completed years at the calendar date of ``episode.last_seen_at`` in
the agency's state time zone, by calendar (a 29 February birthday falls on 1 March in
common years). One defect gives one finding: a date of birth after the date last seen
(MR104) gives a negative age, so the rules that compare the age with a limit (MR103,
MR105) stay silent on it; an age at or over the extended-care limit is MR101 only, never
also MR102.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding, Severity
from ..schema import MissingChildReport
from ..states import StatePolicy
from ._base import Context, Rule

__all__ = [
    "AdultNotInExtendedCare",
    "BornAfterEvent",
    "ImplausibleRunawayAge",
    "MinorMarkedExtendedCare",
    "OverAge",
]

#: The age of majority: from here a youth is in care only under extended foster care.
ADULT_AGE = 18

_AGE_FIELDS = ("child.date_of_birth", "episode.last_seen_at")
_EXTENDED = "episode.in_extended_foster_care"


def _age_value(age: int) -> str:
    return f"age {age}"


def _where(state: StatePolicy | None, limit: int) -> str:
    """`` in Massachusetts (22, M.G.L. ...)`` when the ceiling is a state's own."""
    if state is None:
        return ""
    return f" in {state.label} ({limit}, {state.source_of('extended_care_max_age').citation})"


def _until(state: StatePolicy | None, limit: int) -> str:
    """`` (care lasts to 22 in Massachusetts, M.G.L. ...)`` when the ceiling is a state's own."""
    if state is None:
        return ""
    cited = state.source_of("extended_care_max_age").citation
    return f" (care lasts until {limit} in {state.label}, {cited})"


class OverAge(Rule):
    """The youth was at or over the age limit of extended foster care when last seen.

    ## What it checks
    The age when last seen (completed years at the calendar date of
    `episode.last_seen_at`, in the agency's state time zone) is the extended-care
    ceiling or more: `extended_care_max_age` when configured, else the ceiling of the
    state policy (Massachusetts 22, Oklahoma 18), else 21. A youth turns 21 on the 21st
    birthday itself; a child born on 29 February has the birthday on 1 March in common
    years.

    ## Why it matters
    Foster care, and with it the federal duty to report a missing youth to NCMEC and
    law enforcement, ends at 21 at the latest. A report of an older person is either
    about someone no longer in care, or, far more often, carries a wrong date of birth,
    which would also mislead the search.

    ## Example
    `child.date_of_birth: "2003-03-05"` and `episode.last_seen_at:
    "2024-03-05T21:40:00-05:00"`: the youth turned 21 that day.

    ## Use instead
    The date of birth of the case record, `child.date_of_birth: "2008-03-05"` (16 when
    last seen).

    ## How to fix
    Check the date of birth against the case record and correct it. If it is right, the
    youth was not in foster care when last seen: this is not a report under the
    foster-care duty.

    ## Basis
    42 U.S.C. 675(8) (foster care ends at 18, or at up to 21 under extended foster care).
    """

    code = "MR101"
    groups = ("eligibility", "state-policy")
    name = "over-age"
    default_severity = Severity.ERROR
    requires = _AGE_FIELDS

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        age = ctx.age
        limit, state = ctx.care_ceiling
        if age is not None and age >= limit:
            return self.one_finding(
                "child.date_of_birth",
                f"by the date of birth the youth was {limit} or older when last seen, past the "
                f"age limit of foster care{_where(state, limit)}: check the date of birth, or "
                "whether the youth was still in care",
                value=report.child.date_of_birth.isoformat(),
            )
        return ()


class AdultNotInExtendedCare(Rule):
    """A youth of 18 or over is not marked as in extended foster care.

    ## What it checks
    The age when last seen is at least 18 and under the extended-care ceiling (as MR101
    takes it: 21, Massachusetts 22, Oklahoma 18, or `extended_care_max_age`), and
    `episode.in_extended_foster_care` is `false`. An age at or over the limit is MR101
    instead, never both.

    ## Why it matters
    A youth of 18 to 20 is in foster care only under the state's extended foster care.
    Either the flag is wrong (the youth is in extended care and must be reported like
    any child), or the date of birth is wrong.

    ## Example
    `child.date_of_birth: "2006-03-05"` (18 on the day last seen, `2024-03-05`) with
    `episode.in_extended_foster_care: false`.

    ## Use instead
    `episode.in_extended_foster_care: true` for the youth of 18 in extended foster care.

    ## How to fix
    If the youth is in extended foster care, set `in_extended_foster_care` to `true`.
    Otherwise check the date of birth against the case record.

    ## Basis
    42 U.S.C. 671(a)(9)(C) (runaways from foster care under 18 or the higher age elected
    under 675(8)), 42 U.S.C. 675(8).
    """

    code = "MR102"
    groups = ("eligibility", "state-policy")
    name = "adult-not-in-extended-care"
    default_severity = Severity.ERROR
    requires = (*_AGE_FIELDS, _EXTENDED)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        age = ctx.age
        limit, state = ctx.care_ceiling
        if (
            age is not None
            and ADULT_AGE <= age < limit
            and report.episode.in_extended_foster_care is False
        ):
            return self.one_finding(
                _EXTENDED,
                f"by the date of birth the youth was {ADULT_AGE} or older when last seen, but "
                f"is not marked as in extended foster care{_until(state, limit)}: "
                "set in_extended_foster_care to true if so, otherwise check the date of birth",
                value=_age_value(age),
            )
        return ()


class MinorMarkedExtendedCare(Rule):
    """A child under 18 is marked as in extended foster care.

    ## What it checks
    The age when last seen is under 18 and `episode.in_extended_foster_care` is `true`.
    A date of birth after the date last seen is MR104 alone.

    ## Why it matters
    Extended foster care is for youth of 18 and over. A child marked as in it has either
    a wrong flag or a wrong date of birth, and either one puts the other facts of the
    report in doubt.

    ## Example
    `child.date_of_birth: "2006-03-06"` (17 on `2024-03-05`, the 18th birthday is the
    next day) with `episode.in_extended_foster_care: true`.

    ## Use instead
    `episode.in_extended_foster_care: false` for the child of 17.

    ## How to fix
    Set `in_extended_foster_care` to `false`, or correct the date of birth.

    ## Basis
    42 U.S.C. 675(8).
    """

    code = "MR103"
    groups = ("eligibility",)
    name = "minor-marked-extended-care"
    default_severity = Severity.ERROR
    requires = (*_AGE_FIELDS, _EXTENDED)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        age = ctx.age
        if age is not None and 0 <= age < ADULT_AGE and report.episode.in_extended_foster_care:
            return self.one_finding(
                _EXTENDED,
                f"marked as in extended foster care, but by the date of birth the child was "
                f"under {ADULT_AGE} when last seen: set in_extended_foster_care to false, or "
                "correct the date of birth",
                value=_age_value(age),
            )
        return ()


class BornAfterEvent(Rule):
    """The date of birth is after the date the child was last seen.

    ## What it checks
    `child.date_of_birth` is later than the calendar date of `episode.last_seen_at` in
    the agency's state time zone (a child last seen at 23:30 Eastern time on 13 June was
    last seen on 13 June, even though it was already 14 June in UTC). Born on the day
    last seen is not flagged.

    ## Why it matters
    A child cannot go missing before being born: one of the two dates is wrong, and both
    are what the police and NCMEC search by.

    ## Example
    `child.date_of_birth: "2024-03-06"` with `episode.last_seen_at:
    "2024-03-05T21:40:00-05:00"`.

    ## Use instead
    `child.date_of_birth: "2014-03-06"` (the year mistyped, corrected from the case
    record).

    ## How to fix
    Check both dates against the case record (a mistyped year is the usual cause) and
    correct the wrong one.

    ## Basis
    Date sequence: birth comes before every event of the episode.
    """

    code = "MR104"
    name = "born-after-event"
    default_severity = Severity.ERROR
    requires = _AGE_FIELDS

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        age = ctx.age
        if age is not None and age < 0:
            return self.one_finding(
                "child.date_of_birth",
                "the date of birth is after the date last seen: check both dates and correct "
                "the wrong one",
                value=report.child.date_of_birth.isoformat(),
            )
        return ()


class ImplausibleRunawayAge(Rule):
    """A young child is recorded as a runaway.

    ## What it checks
    `episode.circumstance` is `runaway` and the age when last seen is under
    `runaway_min_age` (10 unless the state sets another age). A date of birth after the
    date last seen is MR104 alone.

    ## Why it matters
    Young children rarely run away. A young child recorded as a runaway is more likely
    to have been abducted, or to be lost or injured, and those cases need a different
    urgency and NCIC category. The age itself may also be wrong.

    ## Example
    `child.date_of_birth: "2014-03-06"` (9 on `2024-03-05`) with
    `episode.circumstance: "runaway"`.

    ## Use instead
    `episode.circumstance: "lost_injured_otherwise_missing"` when the child did not run
    away.

    ## How to fix
    Check the circumstance: record `family_abduction`, `nonfamily_abduction` or
    `lost_injured_otherwise_missing` if that is what happened, and check the date of
    birth. If the child did run away, no change is needed.

    ## Basis
    NCMEC case types (endangered runaway, family abduction, nonfamily abduction, lost,
    injured or otherwise missing).
    """

    code = "MR105"
    name = "implausible-runaway-age"
    default_severity = Severity.WARNING
    requires = (*_AGE_FIELDS, "episode.circumstance")

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        age, youngest = ctx.age, ctx.policy.runaway_min_age
        if age is not None and 0 <= age < youngest and report.episode.circumstance == "runaway":
            return self.one_finding(
                "episode.circumstance",
                f"recorded as a runaway, but by the date of birth the child was under "
                f"{youngest} when last seen: check whether the child was abducted, lost or "
                "injured, and check the date of birth",
                value=_age_value(age),
            )
        return ()
