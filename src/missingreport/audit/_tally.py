"""The counters of one audit run: outcomes, groups, delays, rule rates, strata.

Only aggregates are kept: counts by outcome and group, one float per measured NCMEC
delay, and counts by stratum. See :mod:`.compute` for the definitions.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from ..clock import judge
from ..engine import Engine
from ..rules import Context, Rule
from ..rules.timeliness import ncmec_verdict, police_verdict
from ..schema import MissingChildReport
from ..structure import Parsed
from ..temporal import calendar_date, instant
from ._stats import OUTCOMES, Outcome, age_band, outcome_of

__all__ = ["Tally"]


def _value_at(report: MissingChildReport, path: str) -> object:
    node: object = report
    for part in path.split("."):
        if node is None:
            return None
        node = getattr(node, part, None)
    return node


def _future(value: date | None, ctx: Context) -> bool:
    """Whether a date or datetime is later than ``as_of`` (MR209): it cannot be judged."""
    if value is None:
        return False
    if isinstance(value, datetime):
        return instant(value, ctx.tz) > ctx.as_of
    return value > calendar_date(ctx.as_of, ctx.tz)


def _outcome(
    report: MissingChildReport, ctx: Context, failed: frozenset[str], which: str
) -> Outcome:
    """The outcome of one duty to report (see :mod:`.compute`)."""
    sub = getattr(report, which)
    episode = report.episode
    notified = episode.agency_notified_at if episode is not None else None
    if which in failed or "episode.agency_notified_at" in failed or _future(notified, ctx):
        return "unreadable"
    if sub is None:
        if notified is None:
            return "not_reported"
        hours = (
            ctx.policy.deadline_hours if which == "ncmec_report" else ctx.policy.le_deadline_hours
        )
        passed = judge(notified, ctx.as_of, hours, ctx.tz) == "past"
        return "not_reported" if passed else "not_yet_due"
    if f"{which}.reported_at" in failed or _future(sub.reported_at, ctx):
        return "unreadable"
    if sub.reported_at is None or notified is None:
        return "unconfirmed"
    verdict = ncmec_verdict(report, ctx) if which == "ncmec_report" else police_verdict(report, ctx)
    return outcome_of(verdict)


class Tally:
    """The mutable counters of one audit run (aggregates only)."""

    def __init__(self, rules: Sequence[Rule], stratum_field: str | None) -> None:
        self.episodes = 0
        self.ncmec: Counter[Outcome] = Counter()
        self.police: Counter[Outcome] = Counter()
        self.groups: dict[str, dict[str, Counter[Outcome]]] = {
            "age": {},
            "placement": {},
            "county": {},
        }
        self.delays = array("d")
        self.before_notification = 0
        self.rules = rules
        self.applies: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.stratum_field = stratum_field
        self.in_stratum: Counter[str] = Counter()
        self.by_stratum: dict[Outcome, Counter[str]] = {o: Counter() for o in OUTCOMES}
        self.unstratified = 0
        #: By the custodial agency's state: NCMEC and police outcomes, and the reports
        #: that missed the state's own deadlines (MR220, MR221).
        self.by_state: dict[str, dict[str, Counter[str]]] = {}

    def _group(self, dimension: str, key: str, outcome: Outcome) -> None:
        self.groups[dimension].setdefault(key, Counter())[outcome] += 1

    def add(self, parsed: Parsed, codes: set[str], engine: Engine) -> None:
        self.episodes += 1
        report = parsed.partial
        ctx = engine.context(report, parsed.failed) if report is not None else None
        for rule in self.rules:
            applies = rule.scope == "structure" or (
                report is not None and ctx is not None and rule.applies(report, ctx)
            )
            if rule.code in codes:
                self.failed[rule.code] += 1
                applies = True
            if applies:
                self.applies[rule.code] += 1
        if report is None or ctx is None:
            self._unreadable()
            return
        ncmec = _outcome(report, ctx, parsed.failed, "ncmec_report")
        police = _outcome(report, ctx, parsed.failed, "law_enforcement_report")
        self.ncmec[ncmec] += 1
        self.police[police] += 1
        if ncmec != "unreadable":
            self._delay(report, ctx)
        self._group("age", age_band(ctx.age), ncmec)
        episode, agency = report.episode, report.custodial_agency
        placement = episode.placement_type if episode is not None else None
        self._group("placement", placement or "unknown", ncmec)
        county = agency.county if agency is not None else None
        state = agency.state if agency is not None else None
        where = "unknown" if not county else (f"{county}, {state}" if state else county)
        self._group("county", where, ncmec)
        self._state(state or "unknown", ncmec, police, codes)
        if self.stratum_field is not None:
            value = _value_at(report, self.stratum_field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.unstratified += 1
            else:
                name = value.isoformat() if isinstance(value, date) else str(value).strip()
                self.in_stratum[name] += 1
                self.by_stratum[ncmec][name] += 1

    def _state(self, state: str, ncmec: Outcome, police: Outcome, codes: set[str]) -> None:
        row = self.by_state.setdefault(
            state, {"ncmec": Counter(), "police": Counter(), "missed": Counter()}
        )
        row["ncmec"][ncmec] += 1
        row["police"][police] += 1
        row["missed"].update(code for code in ("MR220", "MR221") if code in codes)

    def _unreadable(self) -> None:
        self.ncmec["unreadable"] += 1
        self.police["unreadable"] += 1
        for dimension in self.groups:
            self._group(dimension, "unknown", "unreadable")
        self._state("unknown", "unreadable", "unreadable", set())
        if self.stratum_field is not None:
            self.unstratified += 1

    def _delay(self, report: MissingChildReport, ctx: Context) -> None:
        ncmec, episode = report.ncmec_report, report.episode
        if ncmec is None or episode is None:
            return
        start, end = episode.agency_notified_at, ncmec.reported_at
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            return
        hours = (instant(end, ctx.tz) - instant(start, ctx.tz)).total_seconds() / 3600.0
        if hours < 0:
            self.before_notification += 1
        else:
            self.delays.append(hours)
