"""The figures of a compliance audit, as plain frozen data with a JSON form.

:meth:`AuditResult.to_dict` gives the document of ``missingreport audit --format json``
(interfaces.md): the keys ``episodes``, ``ncmec``, ``police``, ``delay_hours``,
``by_age_band``, ``rules`` and (when a design was given) ``estimates`` are fixed; this
release adds ``not_yet_due`` and ``unreadable`` to each outcome count, ``count``,
``before_notification`` and
``distribution`` to ``delay_hours``, the late/on-time/unconfirmed counts to each
breakdown row, ``name`` to each rule, ``sample`` (and ``strata``) to ``estimates``, and
``by_placement_type``, ``by_county``, ``deadline_hours`` (``ncmec``, ``police``),
``as_of`` and ``notices``. Every figure is an
aggregate: no report id, name, date of birth or other personal data is ever kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._stats import DELAY_BINS, OUTCOMES, Outcome
from .estimates import Estimate, Stratum

__all__ = ["AuditResult", "DelayStats", "Estimates", "Outcomes", "RuleRate", "StateRow"]


@dataclass(frozen=True)
class Outcomes:
    """How many episodes had each outcome (for one recipient, or one group of episodes).

    Attributes:
        on_time: reported within the deadline.
        late: reported after it (date-only: 2+ calendar days after notification).
        unconfirmed: reported, but on time cannot be shown (date-only values one day
            apart, no time to judge, or a window under a day against a date alone).
        not_reported: no report recorded, and the deadline has passed as of ``as_of``.
        not_yet_due: no report recorded, and the deadline has not passed yet.
        unreadable: a date that cannot be judged (unreadable, or in the future), or a
            record or report object that cannot be read.

    .. versionadded:: 1.0
    """

    on_time: int = 0
    late: int = 0
    unconfirmed: int = 0
    not_reported: int = 0
    not_yet_due: int = 0
    unreadable: int = 0

    @property
    def episodes(self) -> int:
        """All episodes counted here."""
        return sum(self.count(outcome) for outcome in OUTCOMES)

    def count(self, outcome: Outcome) -> int:
        """The count of one outcome by name."""
        value: int = getattr(self, outcome)
        return value

    def share(self, outcome: Outcome) -> float | None:
        """The fraction of the episodes with that outcome (``None`` when there are none)."""
        return self.count(outcome) / self.episodes if self.episodes else None

    def to_dict(self) -> dict[str, int]:
        """``{"on_time", "late", "unconfirmed", "not_reported", "not_yet_due", "unreadable"}``."""
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def row(self) -> dict[str, int]:
        """A breakdown row: ``episodes`` first, then the outcomes."""
        return {"episodes": self.episodes, **self.to_dict()}


@dataclass(frozen=True)
class DelayStats:
    """Hours from the agency's notification to the NCMEC report.

    Only reports where both moments have a time of day are measured (elapsed time is
    absolute, UTC). A report dated before the notification (MR212) is left out of the
    figures and counted in ``before_notification``.

    Attributes:
        median: the median delay in hours (rounded to 2 decimals), ``None`` if no delay.
        p90: the 90th percentile (type 7, see :mod:`._stats`), rounded likewise.
        count: the delays measured.
        before_notification: reports dated before the notification, left out.
        distribution: counts per bin of :data:`~._stats.DELAY_BINS`.

    .. versionadded:: 1.0
    """

    median: float | None = None
    p90: float | None = None
    count: int = 0
    before_notification: int = 0
    distribution: tuple[int, ...] = (0,) * len(DELAY_BINS)

    def to_dict(self) -> dict[str, Any]:
        """The ``delay_hours`` object of the JSON output."""
        return {
            "median": self.median,
            "p90": self.p90,
            "count": self.count,
            "before_notification": self.before_notification,
            "distribution": [
                {"label": label, "max_hours": upper, "count": count}
                for (label, upper), count in zip(DELAY_BINS, self.distribution, strict=True)
            ],
        }


@dataclass(frozen=True)
class RuleRate:
    """How often one rule failed over the records it applies to.

    Attributes:
        code: the rule's code.
        name: the rule's name.
        applies: records the rule had something to judge in (its denominator).
        failed: records with at least one finding of the rule.

    .. versionadded:: 1.0
    """

    code: str
    name: str
    applies: int
    failed: int

    @property
    def rate(self) -> float | None:
        """``failed / applies`` rounded to 4 decimals; ``None`` when it applied nowhere."""
        return round(self.failed / self.applies, 4) if self.applies else None

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "name", "applies", "failed", "rate"}``."""
        return {
            "code": self.code,
            "name": self.name,
            "applies": self.applies,
            "failed": self.failed,
            "rate": self.rate,
        }


@dataclass(frozen=True)
class Estimates:
    """The projection of the sample onto its population.

    Attributes:
        method: ``simple random sample`` or ``stratified random sample``.
        population: ``N`` (the sum of the strata's populations when stratified).
        sample: ``n``, the sampled episodes the projection uses.
        confidence: the two-sided confidence level of the limits.
        not_reported: the projected count of episodes never reported to NCMEC.
        late: likewise, reported late.
        on_time: likewise, reported on time.
        strata: the design, when stratified.
        stratum_field: the field of a report that names its stratum, when stratified.

    .. versionadded:: 1.0
    """

    method: str
    population: int
    sample: int
    confidence: float
    not_reported: Estimate
    late: Estimate
    on_time: Estimate
    strata: tuple[Stratum, ...] = ()
    stratum_field: str | None = None

    def rows(self) -> tuple[tuple[Outcome, Estimate], ...]:
        """The projected outcomes in output order: not reported, late, on time."""
        return (
            ("not_reported", self.not_reported),
            ("late", self.late),
            ("on_time", self.on_time),
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``estimates`` object of the JSON output."""
        out: dict[str, Any] = {
            "population": self.population,
            "confidence": self.confidence,
            "method": self.method,
            "not_reported": self.not_reported.to_dict(),
            "late": self.late.to_dict(),
            "on_time": self.on_time.to_dict(),
            "sample": self.sample,
        }
        if self.strata:
            out["stratum_field"] = self.stratum_field
            out["strata"] = [
                {"stratum": s.name, "population": s.population, "sample": s.sample}
                for s in self.strata
            ]
        return out


@dataclass(frozen=True)
class StateRow:
    """The outcomes of one state's reports, with its own deadlines.

    Attributes:
        ncmec: the NCMEC outcomes (judged by the federal deadline, as everywhere).
        police: the police outcomes.
        police_deadline_hours: the state policy's police deadline, when it has a
            stricter one than the federal (``None`` otherwise).
        ncmec_deadline_hours: likewise for NCMEC.
        state_police_missed: reports that missed the state's police deadline while
            keeping the federal one (MR220).
        state_ncmec_missed: likewise for NCMEC (MR221).

    .. versionadded:: 1.1
    """

    ncmec: Outcomes
    police: Outcomes
    police_deadline_hours: float | None = None
    ncmec_deadline_hours: float | None = None
    state_police_missed: int = 0
    state_ncmec_missed: int = 0

    def to_dict(self) -> dict[str, Any]:
        """One state of ``by_state`` in the JSON output."""
        return {
            "episodes": self.ncmec.episodes,
            "ncmec": self.ncmec.to_dict(),
            "police": self.police.to_dict(),
            "state_police_deadline_hours": self.police_deadline_hours,
            "state_ncmec_deadline_hours": self.ncmec_deadline_hours,
            "state_police_deadline_missed": self.state_police_missed,
            "state_ncmec_deadline_missed": self.state_ncmec_missed,
        }


@dataclass(frozen=True)
class AuditResult:
    """The compliance picture of a set of reports.

    Attributes:
        as_of: the moment the reports were checked against.
        episodes: the records read (one report = one episode), readable or not.
        ncmec: the outcome of the duty to report to NCMEC.
        police: the outcome of the duty to report to law enforcement.
        delay_hours: the delay of the NCMEC reports.
        by_age_band: NCMEC outcomes by age band (``0-12`` ... ``18-20``, then ``21+``
            and ``unknown`` when any).
        by_placement_type: NCMEC outcomes by ``episode.placement_type``.
        by_county: NCMEC outcomes by the custodial agency's county (``County, ST``).
        rules: the failure rate of each rule that judges one report at a time.
        estimates: the projection onto the population, when a design was given.
        notices: what the reader of the figures should know (never personal data).
        deadline_hours: the NCMEC deadline the outcomes were judged by.
        le_deadline_hours: the police deadline.
        by_state: outcomes by the custodial agency's state, with the state's own
            deadlines and the reports that missed them (MR220/MR221, each report judged
            by its own state's policy unless ``state_policy`` names one state).
        state_policy: the ``state_policy`` setting of the run.

    .. versionadded:: 1.0
    """

    as_of: datetime
    episodes: int
    ncmec: Outcomes
    police: Outcomes
    delay_hours: DelayStats
    by_age_band: Mapping[str, Outcomes]
    by_placement_type: Mapping[str, Outcomes]
    by_county: Mapping[str, Outcomes]
    rules: tuple[RuleRate, ...]
    estimates: Estimates | None = None
    notices: tuple[str, ...] = field(default=())
    deadline_hours: float = 24.0
    le_deadline_hours: float = 24.0
    by_state: Mapping[str, StateRow] = field(default_factory=dict)
    state_policy: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        """The document of ``--format json`` (see the module docstring for the keys)."""
        out: dict[str, Any] = {
            "episodes": self.episodes,
            "ncmec": self.ncmec.to_dict(),
            "police": self.police.to_dict(),
            "delay_hours": self.delay_hours.to_dict(),
            "by_age_band": {band: row.row() for band, row in self.by_age_band.items()},
            "by_placement_type": {k: row.row() for k, row in self.by_placement_type.items()},
            "by_county": {k: row.row() for k, row in self.by_county.items()},
            "by_state": {k: row.to_dict() for k, row in self.by_state.items()},
            "rules": [rule.to_dict() for rule in self.rules],
        }
        if self.estimates is not None:
            out["estimates"] = self.estimates.to_dict()
        out["deadline_hours"] = {"ncmec": self.deadline_hours, "police": self.le_deadline_hours}
        out["state_policy"] = self.state_policy
        out["as_of"] = self.as_of.isoformat()
        out["notices"] = list(self.notices)
        return out
