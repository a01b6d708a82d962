"""Judging one episode: its status, and the findings of MR701-MR703.

The timeliness of a matched pair is :func:`~missingreport.clock.judge` of the
episode's ``agency_notified_at`` + ``deadline_hours`` against the submission's
``reported_at``, in the agency's time zone, exactly as MR202 judges a report: both
with a time of day, absolute time (exactly the deadline is on time); either a date
alone, calendar days (0 on time, 1 unconfirmed, 2 or more late). An unmatched episode
is never reported once its deadline has passed as of ``as_of`` (or when its
notification date is unknown), and ``unconfirmed`` before.

MR703 compares only what both records have: a blank is no difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from typing import TypeVar

from ..clock import gap_days, judge
from ..codes import state_time_zone
from ..config import Config
from ..findings import Finding
from ..matching import PersonKey, names_alike, normalize_name
from ..rules import Rule, get_rule, select_rules
from ..rules.reconciliation import (
    EpisodeNeverReported,
    EpisodeReportedLate,
    PossibleReportNeedsReview,
    ReportDiffersFromRecord,
)
from ..structure import Problem
from ..temporal import calendar_date, instant, zone
from .records import Entry
from .result import Status

__all__ = ["Judge", "Judgement", "differences", "names_differ"]

_R = TypeVar("_R", bound=Rule)


@dataclass(frozen=True, slots=True)
class Judgement:
    """The status of an episode, why when it is ``unconfirmed``, and the findings."""

    status: Status
    note: str = ""
    findings: tuple[Finding, ...] = ()
    differs: bool = False
    delay_hours: float | None = None


def at(finding: Finding, entry: Entry) -> Finding:
    """The finding located at an entry's file, record and line."""
    return finding.located(
        source=entry.source, record=entry.record, line=entry.line, report_id=entry.ident
    )


class Judge:
    """The selected rules, the policy and the moment of one reconciliation.

    Args:
        config: rule selection, severities and policy.
        as_of: the moment an unmatched episode's deadline is judged against.
        time_zone: the agency's zone for records without a state (``None``: UTC).
        show_values: keep values (personal data) in the findings.
    """

    def __init__(
        self, config: Config, as_of: datetime, time_zone: str | None, show_values: bool
    ) -> None:
        self.rules = {r.code: r for r in select_rules(config)}
        self.policy = config.policy
        self.as_of = as_of
        self.default_tz: tzinfo = zone(time_zone) if time_zone else timezone.utc
        self.show_values = show_values

    def rule(self, cls: type[_R]) -> _R | None:
        """The selected instance of a rule class (configured severity), if selected."""
        found = self.rules.get(cls.code)
        return found if isinstance(found, cls) else None

    def tz(self, entry: Entry) -> tzinfo:
        """The time zone of the record's state, else the default zone."""
        if entry.state is not None:
            return zone(state_time_zone(entry.state)[0])
        return self.default_tz

    def _problem(self, problem: Problem) -> Finding | None:
        described = get_rule(problem.kind)
        rule = self.rules.get(described.code if described is not None else "MR003")
        if rule is None:
            return None
        value = problem.value if self.show_values else None
        return rule.finding(problem.path, problem.detail, value)

    def own(self, entry: Entry) -> list[Finding]:
        """The findings on what could not be read in an entry."""
        out = [f for p in entry.problems if (f := self._problem(p)) is not None]
        return [at(f, entry) for f in out]

    def key(self, entry: Entry) -> PersonKey:
        """The identifying fields of an entry (blank for an unreadable one)."""
        if not entry.readable:
            return PersonKey()
        seen = entry.last_seen_at
        return PersonKey(
            first=entry.first_name,
            last=entry.last_name,
            dob=entry.date_of_birth,
            dob_text=entry.date_of_birth_text,
            sex=entry.sex,
            street=entry.street,
            city=entry.city,
            state=entry.state,
            postal_code=entry.postal_code,
            last_seen=None if seen is None else calendar_date(seen, self.tz(entry)),
        )

    @staticmethod
    def _delay(ep: Entry, sub: Entry, tz: tzinfo) -> tuple[float | None, int | None]:
        """Hours between notice and report (both with a time of day), else whole days."""
        if ep.moment is None or sub.moment is None:
            return None, None
        if isinstance(ep.moment, datetime) and isinstance(sub.moment, datetime):
            elapsed = instant(sub.moment, tz) - instant(ep.moment, tz)
            return elapsed.total_seconds() / 3600, None
        return None, gap_days(ep.moment, sub.moment, tz)

    def _late(self, ep: Entry, sub: Entry, tz: tzinfo) -> Finding | None:
        rule = self.rule(EpisodeReportedLate)
        hours, days = self._delay(ep, sub, tz)
        if rule is None or (hours is None and days is None):
            return None
        return at(rule.reported_late(elapsed_hours=hours, days=days), sub)

    def matched(self, ep: Entry, sub: Entry) -> Judgement:
        """Status and MR702/MR703 findings of an episode matched with a submission."""
        tz = self.tz(ep)
        findings: list[Finding] = []
        status: Status = "unconfirmed"
        note = ""
        delay: float | None = None
        if ep.moment is None or sub.moment is None:
            note = "a date is missing or unreadable: timeliness cannot be judged"
        else:
            verdict = judge(ep.moment, sub.moment, self.policy.deadline_hours, tz)
            if verdict == "within":
                status = "on_time"
            elif verdict == "past":
                status = "late"
                hours, days = self._delay(ep, sub, tz)
                delay = hours if hours is not None else None if days is None else days * 24.0
                late = self._late(ep, sub, tz)
                if late is not None:
                    findings.append(late)
            elif verdict == "unconfirmed":
                note = "dates only: the report may have come within the deadline or after it"
            else:
                note = "dates only, and the deadline is under a day: not judged"
        differing = differences(ep, sub, tz, self.policy.name_match_threshold)
        rule = self.rule(ReportDiffersFromRecord)
        if rule is not None:
            for name, value in differing:
                findings.append(at(rule.differs(name, value if self.show_values else None), sub))
        return Judgement(status, note, tuple(findings), bool(differing), delay)

    def unmatched(self, ep: Entry) -> Judgement:
        """Status and MR701 finding of an episode that no submission matched."""
        if not ep.readable:
            return Judgement("unconfirmed", "the episode could not be read")
        if ep.moment is not None:
            tz = self.tz(ep)
            verdict = judge(ep.moment, self.as_of, self.policy.deadline_hours, tz) or judge(
                ep.moment, self.as_of, 24.0, tz
            )  # a window under a day on a date alone: judged by whole days
            if verdict != "past":
                return Judgement("unconfirmed", "no report yet; the deadline has not passed")
        rule = self.rule(EpisodeNeverReported)
        if rule is None:
            return Judgement("never_reported")
        finding = rule.never_reported(notified=ep.moment is not None)
        return Judgement("never_reported", findings=(at(finding, ep),))

    def review(self, ep: Entry, candidate: Entry, probability: float) -> Judgement:
        """Status and MR705 finding of an episode that would be never reported but has a
        candidate submission at or above the review threshold."""
        rule = self.rule(PossibleReportNeedsReview)
        if rule is None:
            return Judgement("needs_review")
        finding = rule.needs_review(candidate.ident, probability)
        return Judgement("needs_review", findings=(at(finding, ep),))


def _same_text(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def _name_parts(entry: Entry) -> list[str]:
    return [n for n in (entry.first_name, entry.last_name) if n and not normalize_name(n).blank]


def names_differ(a: Entry, b: Entry, threshold: float) -> bool:
    """Whether the names of two entries are less alike than ``threshold``.

    Only what both have is compared: with both names on both sides, :func:`names_alike`
    of the full names (typos, nicknames and swapped names stay alike); with a part
    blank (or a placeholder such as UNKNOWN) on either side, the best agreement of the
    parts present. No name on a side is no difference.
    """
    if _same_text(a.first_name, b.first_name) and _same_text(a.last_name, b.last_name):
        return False  # the commonest case, without normalising anything
    pa, pb = _name_parts(a), _name_parts(b)
    if not pa or not pb:
        return False
    if len(pa) == 2 and len(pb) == 2:
        sim = names_alike(
            PersonKey(a.first_name, a.last_name), PersonKey(b.first_name, b.last_name)
        )
    else:
        sim = max(names_alike(PersonKey(x, x), PersonKey(y, y)) for x in pa for y in pb)
    return sim < threshold - 1e-9


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def differences(ep: Entry, sub: Entry, tz: tzinfo, threshold: float) -> list[tuple[str, str]]:
    """The MR703 fields that differ, each with its values ``record: ...; report: ...``.

    The date last seen is compared by calendar date in ``tz`` (the agency's zone).
    """
    out: list[tuple[str, str]] = []
    if names_differ(ep, sub, threshold):
        names = [" ".join(n for n in (e.first_name, e.last_name) if n) for e in (ep, sub)]
        out.append(("name", f"record: {names[0]}; report: {names[1]}"))
    pairs = (("date_of_birth", ep.date_of_birth, sub.date_of_birth), ("sex", ep.sex, sub.sex))
    for name, mine, theirs in pairs:
        if mine is not None and theirs is not None and mine != theirs:
            out.append((name, f"record: {_text(mine)}; report: {_text(theirs)}"))
    seen_a, seen_b = ep.last_seen_at, sub.last_seen_at
    if (
        seen_a is not None
        and seen_b is not None
        and calendar_date(seen_a, tz) != calendar_date(seen_b, tz)
    ):
        out.append(("last_seen_at", f"record: {_text(seen_a)}; report: {_text(seen_b)}"))
    return out
