"""The compliance audit: stream reports through the engine, keep only counts.

:func:`audit_reports` reads each record once, with the rules of one
:class:`~missingreport.engine.Engine`, and keeps counters and the NCMEC delays (one
float per report): never a report, a name or a report id. Definitions:

* **Episode**: one record, readable or not.
* **Outcome** (NCMEC, and police with ``le_deadline_hours``): with no report recorded
  (a block holding neither ``reported_at`` nor ``case_number`` is none),
  ``not_reported`` when the deadline has passed as of ``as_of`` (or there is no
  notification to count it from) and ``not_yet_due`` when it has not; otherwise the
  verdict of
  :func:`~missingreport.rules.timeliness.ncmec_verdict` (:func:`missingreport.clock.judge`
  on notification and report): within -> ``on_time``, past -> ``late``, unconfirmed ->
  ``unconfirmed``. A report whose own time or the notification cannot be read, or a
  window under a day against a date alone, is ``unconfirmed`` (on time cannot be
  shown, as reconciliation says of "no dates to judge"). ``unreadable`` when a date
  cannot be judged (the notification or the report's time cannot be read, or lies in
  the future of ``as_of``, MR209) or whether a report exists cannot be read (the
  record is unreadable, or its report object failed). Unreadable reports are left out
  of the delay figures.
* **Delay**: NCMEC ``reported_at`` minus ``agency_notified_at`` in absolute hours, when
  both have a time of day; median and 90th percentile as :mod:`._stats` defines them.
* **Age band**: completed years at the date last seen (rules.md), ``unknown`` without
  a sound date of birth and date last seen.
* **Rule rates**: for each selected rule that judges one report at a time (structure
  MR0xx and report rules), the denominator is the records it applies to
  (:meth:`~missingreport.rules.Rule.applies` on the report, partial when its structure
  failed; a structural rule applies to every record) and the numerator the records
  with at least one finding of it. A record with a finding always counts in the
  denominator. Batch rules (MR6xx) compare records with each other, so "the records
  a rule applies to" has no meaning for them: they are left out (``check`` reports
  them); so are reconciliation rules (MR7xx) and unavailable rules (named in
  ``notices``).
* **Estimates**: ``population=N`` treats the reports as a simple random sample of
  ``N`` episodes (``n`` = every episode read). ``strata`` gives a stratified design
  (a strata file, or :class:`~.estimates.Stratum` objects); a report's stratum is the
  value of ``stratum_field`` (a dotted path, default ``custodial_agency.state``), and
  ``n_h`` is the file's ``sample`` column or else the reports counted in the stratum.
  A report with no stratum is left out of the estimate (a notice says how many). An
  episode whose outcome is ``unreadable`` stays in the sample and counts towards none of
  the outcomes, so the estimates never claim more than the reports show.
"""

from __future__ import annotations

import os
import typing
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from ..codes import PlacementType
from ..config import Config
from ..engine import Engine, RawRecord
from ..errors import ConfigError
from ..readers._fields import field_specs, object_paths
from ..states import resolve_setting
from ..structure import Parsed
from ._stats import AGE_BANDS, DELAY_BINS, OUTCOMES, Outcome, delay_bin, percentile
from ._tally import Tally
from .estimates import Estimate, Stratum, read_strata, srs_estimate, stratified_estimate
from .result import AuditResult, DelayStats, Estimates, Outcomes, RuleRate, StateRow

__all__ = ["DEFAULT_STRATUM_FIELD", "AuditOptionError", "audit_reports", "check_field_path"]

#: The field that names a report's stratum unless told otherwise.
DEFAULT_STRATUM_FIELD = "custodial_agency.state"

_PLACEMENTS: tuple[str, ...] = typing.get_args(PlacementType)


class AuditOptionError(ConfigError, ValueError):
    """An option of the audit is wrong (a fault of the invocation: exit 2).

    .. versionadded:: 1.0
    """


#: Fields that identify a person (a child, a caseworker) or a case: never a stratum, so
#: that their values cannot reach an output or an error message.
_PERSONAL = frozenset(
    {
        "first_name", "last_name", "middle_name", "suffix", "date_of_birth", "phone",
        "email", "street", "postal_code", "narrative", "medications_detail", "other_risks",
        "report_id", "case_number", "child_record_number", "ncic_number", "located_at",
        "last_seen_at", "agency_notified_at", "reported_at", "taken_on",
    }
)  # fmt: skip


def check_field_path(path: str) -> str:
    """Check that a dotted path names a single-valued field of the report schema.

    Raises:
        AuditOptionError: it names no field, a group of fields, a list, or a field
            that identifies a person or a case (names, dates, numbers, contacts).
    """
    parts = path.split(".")
    if path in object_paths():
        raise AuditOptionError(f"{path!r} is a group of fields; name one of its fields")
    spec = field_specs().get(path)
    if spec is None:
        raise AuditOptionError(f"{path!r} is not a field of a report (e.g. custodial_agency.state)")
    if spec.is_list:
        raise AuditOptionError(f"{path!r} is a list; a stratum needs a single value")
    if parts[-1] in _PERSONAL or "caseworker" in parts or "supervisor" in parts:
        raise AuditOptionError(
            f"{path!r} identifies a person or a case and cannot name a stratum "
            "(use e.g. custodial_agency.state or custodial_agency.county)"
        )
    return path


def _outcomes(counter: Counter[Outcome]) -> Outcomes:
    return Outcomes(**{outcome: counter[outcome] for outcome in OUTCOMES})


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _delay_stats(tally: Tally) -> DelayStats:
    ordered = sorted(tally.delays)
    bins = [0] * len(DELAY_BINS)
    for hours in ordered:
        bins[delay_bin(hours)] += 1
    return DelayStats(
        median=_rounded(percentile(ordered, 0.5)),
        p90=_rounded(percentile(ordered, 0.9)),
        count=len(ordered),
        before_notification=tally.before_notification,
        distribution=tuple(bins),
    )


def _ordered(groups: dict[str, Counter[Outcome]], first: Sequence[str]) -> dict[str, Outcomes]:
    """Rows in the given order, then the others sorted, ``unknown`` last."""
    keys = [k for k in first if k in groups]
    keys += sorted(k for k in groups if k not in first and k != "unknown")
    keys += ["unknown"] if "unknown" in groups else []
    return {k: _outcomes(groups[k]) for k in keys}


def _estimates(
    tally: Tally,
    population: int | None,
    strata: str | os.PathLike[str] | Sequence[Stratum] | None,
    confidence: float,
    notices: list[str],
) -> Estimates | None:
    if population is None and strata is None:
        return None
    if tally.episodes == 0:
        notices.append("no reports were read, so nothing is projected onto the population")
        return None
    if population is not None:
        if population < tally.episodes:
            raise AuditOptionError(
                f"the population ({population}) is smaller than the sample ({tally.episodes} "
                "reports): give the number of episodes the reports were sampled from"
            )
        n = tally.episodes

        def srs(outcome: Outcome) -> Estimate:
            return srs_estimate(tally.ncmec[outcome], n, population, confidence)

        return Estimates(
            "simple random sample",
            population,
            n,
            confidence,
            not_reported=srs("not_reported"),
            late=srs("late"),
            on_time=srs("on_time"),
        )
    design = _design(tally, strata)
    if tally.unstratified:
        notices.append(
            f"{tally.unstratified} report(s) have no readable {tally.stratum_field} and are "
            "left out of the stratified estimate"
        )
    for stratum in design:
        counted = tally.in_stratum[stratum.name]
        if counted > stratum.sample:
            raise AuditOptionError(
                f"stratum {stratum.name!r}: the design samples {stratum.sample} episode(s) but "
                f"{counted} report(s) are in it"
            )
        if counted < stratum.sample:
            notices.append(
                f"stratum {stratum.name!r}: the design samples {stratum.sample} episode(s) but "
                f"only {counted} report(s) are in it; the missing ones count towards no outcome"
            )

    def stratified(outcome: Outcome) -> Estimate:
        return stratified_estimate(dict(tally.by_stratum[outcome]), design, confidence)

    return Estimates(
        "stratified random sample",
        sum(s.population for s in design),
        sum(s.sample for s in design),
        confidence,
        not_reported=stratified("not_reported"),
        late=stratified("late"),
        on_time=stratified("on_time"),
        strata=tuple(design),
        stratum_field=tally.stratum_field,
    )


def _design(
    tally: Tally, strata: str | os.PathLike[str] | Sequence[Stratum] | None
) -> list[Stratum]:
    if isinstance(strata, (str, os.PathLike)):
        return read_strata(strata, sample_sizes=dict(tally.in_stratum))
    design = list(strata or ())
    unknown = sorted(set(tally.in_stratum) - {s.name for s in design})
    if unknown:
        raise AuditOptionError(
            f"the reports name strata the design does not list: {', '.join(unknown)}"
        )
    return design


def audit_reports(
    records: Iterable[RawRecord],
    *,
    as_of: datetime | date | str | None,
    config: Config | None = None,
    population: int | None = None,
    strata: str | os.PathLike[str] | Sequence[Stratum] | None = None,
    confidence: float = 0.90,
    stratum_field: str | None = None,
) -> AuditResult:
    """The compliance picture of a set of reports, as the HHS-OIG audit drew it.

    Args:
        records: the reports, as the readers yield them (streamed; read once).
        as_of: the moment the reports are checked against (rules such as MR201 use it).
        config: rule selection, severities and policy (deadlines, ages).
        population: the reports are a simple random sample of this many episodes.
        strata: a stratified design instead: a strata file (see
            :func:`~.estimates.read_strata`) or the strata themselves.
        confidence: the two-sided confidence level of the estimates' limits.
        stratum_field: the dotted path naming a report's stratum (default
            ``custodial_agency.state``); only with ``strata``.

    Returns:
        The figures (see the module docstring for every definition).

    Raises:
        AuditOptionError: contradictory or out-of-range options, or a design that the
            reports contradict (more reports in a stratum than it samples).
        StrataFileError: the strata file cannot be read or is wrong.

    .. versionadded:: 1.0
    """
    if population is not None and strata is not None:
        raise AuditOptionError(
            "give either a population (simple random sample) or strata, not both"
        )
    if population is not None and (
        isinstance(population, bool) or not isinstance(population, int) or population < 1
    ):
        raise AuditOptionError(
            f"the population must be a whole number of episodes, not {population!r}"
        )
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, (int, float))
        or not 0 < confidence < 1
    ):
        raise AuditOptionError(
            f"the confidence must be between 0 and 1 (e.g. 0.90), not {confidence!r}"
        )
    if stratum_field is not None and strata is None:
        raise AuditOptionError("a stratum field needs strata")
    field = check_field_path(stratum_field or DEFAULT_STRATUM_FIELD) if strata is not None else None
    engine = Engine(config, as_of=as_of)
    rules = sorted(
        (
            r
            for r in engine.selected.values()
            if r.available() and r.scope in ("structure", "report")
        ),
        key=lambda r: r.code,
    )
    tally = Tally(rules, field)
    for raw in records:
        if raw.problem is not None:
            parsed = Parsed(None, None, (raw.problem,))
        else:
            parsed = engine.parse(raw.data, strict=raw.strict)
        codes = {finding.code for finding in engine.check_parsed(parsed, raw.notes)}
        tally.add(parsed, codes, engine)
    notices = list(engine.notices)
    if tally.before_notification:
        notices.append(
            f"{tally.before_notification} NCMEC report(s) are dated before the agency was "
            "notified (MR212) and are left out of the delay figures"
        )
    estimates = _estimates(tally, population, strata, float(confidence), notices)
    age_groups = tally.groups["age"]
    for band in AGE_BANDS:
        age_groups.setdefault(band, Counter())
    return AuditResult(
        as_of=engine.as_of,
        episodes=tally.episodes,
        ncmec=_outcomes(tally.ncmec),
        police=_outcomes(tally.police),
        delay_hours=_delay_stats(tally),
        by_age_band=_ordered(age_groups, (*AGE_BANDS, "21+")),
        by_placement_type=_ordered(tally.groups["placement"], _PLACEMENTS),
        by_county=_ordered(tally.groups["county"], ()),
        rules=tuple(
            RuleRate(r.code, r.name, tally.applies[r.code], tally.failed[r.code]) for r in rules
        ),
        estimates=estimates,
        notices=tuple(notices),
        deadline_hours=engine.config.policy.deadline_hours,
        le_deadline_hours=engine.config.policy.le_deadline_hours,
        by_state=_by_state(tally, engine.config),
        state_policy=engine.config.state_policy,
    )


def _by_state(tally: Tally, config: Config) -> dict[str, StateRow]:
    """The rows of ``by_state``, the states in alphabetical order, ``unknown`` last."""
    policy = config.policy
    out: dict[str, StateRow] = {}
    for state in sorted(tally.by_state, key=lambda s: (s == "unknown", s)):
        row = tally.by_state[state]
        own = resolve_setting(policy.state_policy, state if state != "unknown" else None)
        police = ncmec = None
        if own is not None:
            police = own.stricter_hours("police_deadline_hours", policy.le_deadline_hours)
            ncmec = own.stricter_hours("ncmec_deadline_hours", policy.deadline_hours)
        out[state] = StateRow(
            ncmec=_outcomes(typing.cast("Counter[Outcome]", row["ncmec"])),
            police=_outcomes(typing.cast("Counter[Outcome]", row["police"])),
            police_deadline_hours=police,
            ncmec_deadline_hours=ncmec,
            state_police_missed=row["missed"]["MR220"],
            state_ncmec_missed=row["missed"]["MR221"],
        )
    return out
