"""Reconciliation: match episodes with submissions one to one, judge each episode.

1. Every episode and submission becomes a :class:`~missingreport.matching.PersonKey`
   (names, date of birth, sex, address, the calendar date last seen); blank and
   unreadable values are simply left out of it.
2. :func:`~missingreport.matching.match_with_review` pairs them: a Fellegi-Sunter
   model learned from the two files gives each candidate pair a match probability;
   each episode matches at most one submission and the reverse, maximising the total
   log-odds (an optimal assignment, not first come first served), never below
   ``threshold``.
3. Each episode gets a status, judged by :func:`~missingreport.clock.judge` exactly as
   MR202 judges a report (the episode's ``agency_notified_at`` + ``deadline_hours``
   against the submission's ``reported_at``, in the agency's time zone):

   * matched: ``on_time`` (within), ``late`` (past: MR702), ``unconfirmed`` (date-only
     values one calendar day apart, or a date missing on either side);
   * unmatched: ``never_reported`` (MR701) once the deadline has passed as of
     ``as_of``, or when the notification date is unknown; before that ``unconfirmed``;
     but ``needs_review`` (MR705) instead of ``never_reported`` when its best remaining
     candidate (a submission no episode matched) reaches ``review_threshold``.
4. A matched pair whose name (below ``name_match_threshold``), date of birth, sex or
   date last seen differ gets MR703, one finding per field; a submission no episode
   matches gets MR704.

The agency's time zone is that of the episode's ``state``
(:func:`~missingreport.codes.state_time_zone`), else the ``time_zone`` given, else UTC
(with a notice).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from ..config import Config
from ..engine import RawRecord, resolve_as_of
from ..matching import DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD, match_with_review
from ..rules.reconciliation import ReportWithoutEpisode
from .judging import Judge, at
from .reading import mapping_for, read_entries
from .records import Entry, Kind, parse_entry
from .result import STATUSES, EpisodeOutcome, ReconcileResult, SubmissionOutcome, Summary

__all__ = ["reconcile", "reconcile_files", "reconcile_records"]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are read and judged: they make
    no reference cycles, and its repeated full passes over hundreds of thousands of new
    objects cost a quarter of the run time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reconcile(
    episodes: Sequence[Entry],
    submissions: Sequence[Entry],
    *,
    config: Config | None = None,
    as_of: datetime | date | str | None = None,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    time_zone: str | None = None,
    show_values: bool = False,
    explain: bool = False,
) -> ReconcileResult:
    """Reconcile read episodes with read submissions (see the module documentation).

    Args:
        episodes: the agency's episodes (:func:`~.records.parse_entry`).
        submissions: the reports NCMEC received.
        config: rule selection, severities and policy (``deadline_hours``,
            ``name_match_threshold``).
        as_of: the moment an unmatched episode's deadline is judged against (default now).
        threshold: the lowest match probability that pairs an episode with a submission.
        review_threshold: the lowest probability of an unmatched episode's best
            remaining candidate that makes it ``needs_review`` (MR705) rather than
            ``never_reported``.
        time_zone: the agency's zone for episodes without a ``state`` (default UTC).
        show_values: keep the differing values (personal data) in the findings.
        explain: add the blocking passes and the learned model to ``explanation``.

    Raises:
        ValueError: ``threshold`` or ``review_threshold`` is not in (0, 1], the review
            threshold is above the match threshold, or ``as_of`` is no ISO 8601 value.
    """
    if not 0.0 < review_threshold <= 1.0:
        raise ValueError(f"review_threshold must be in (0, 1], got {review_threshold!r}")
    if review_threshold > threshold:
        raise ValueError("review_threshold must not be above threshold")
    moment = resolve_as_of(as_of)
    judge = Judge(config or Config(), moment, time_zone, show_values)
    with _gc_paused():
        return _reconcile(
            episodes, submissions, threshold, review_threshold, time_zone, judge, explain
        )


def _reconcile(
    episodes: Sequence[Entry],
    submissions: Sequence[Entry],
    threshold: float,
    review_threshold: float,
    time_zone: str | None,
    judge: Judge,
    explain: bool,
) -> ReconcileResult:
    ep_keys = [judge.key(e) for e in episodes]
    sub_keys = [judge.key(s) for s in submissions]
    linkage = match_with_review(ep_keys, sub_keys, threshold=threshold)
    matches = linkage.matches
    pairs = {i: (j, score) for i, j, score in matches}
    counts = dict.fromkeys(STATUSES, 0)
    differing = 0
    outcomes: list[EpisodeOutcome] = []
    for i, ep in enumerate(episodes):
        findings = judge.own(ep)
        pair = pairs.get(i)
        candidate: tuple[str | None, float] | None = None
        if pair is None:
            verdict = judge.unmatched(ep)
            sub_id, score = None, None
            best = linkage.best.get(i)
            if (
                verdict.status == "never_reported"
                and best is not None
                and best[1] >= review_threshold - 1e-12
            ):
                verdict = judge.review(ep, submissions[best[0]], best[1])
                candidate = (submissions[best[0]].ident, best[1])
        else:
            sub = submissions[pair[0]]
            findings += judge.own(sub)
            verdict = judge.matched(ep, sub)
            differing += verdict.differs
            sub_id, score = sub.ident, pair[1]
        counts[verdict.status] += 1
        outcomes.append(
            EpisodeOutcome(
                ep.ident, verdict.status, sub_id, score, (*findings, *verdict.findings),
                ep.source, ep.record, ep.line, matched=pair is not None, note=verdict.note,
                delay_hours=verdict.delay_hours, candidate=candidate,
            )
        )  # fmt: skip
    used = {j for _, j, _ in matches}
    unmatched: list[SubmissionOutcome] = []
    without = judge.rule(ReportWithoutEpisode)
    alone = 0
    for j, sub in enumerate(submissions):
        if j in used:
            continue
        findings = judge.own(sub)
        if sub.readable:
            alone += 1
            if without is not None:
                findings.append(at(without.without_episode(), sub))
        unmatched.append(
            SubmissionOutcome(sub.ident, tuple(findings), sub.source, sub.record, sub.line)
        )
    summary = Summary(
        episodes=len(episodes),
        submissions=len(submissions),
        report_without_episode=alone,
        differs_from_record=differing,
        **counts,
    )
    return ReconcileResult(
        summary,
        outcomes,
        unmatched,
        judge.as_of,
        _zone_notice(episodes, time_zone),
        linkage.explain() if explain else [],
    )


def _zone_notice(episodes: Sequence[Entry], time_zone: str | None) -> list[str]:
    if time_zone is not None:
        return []
    stateless = sum(1 for e in episodes if e.readable and e.state is None)
    if not stateless:
        return []
    return [
        f"{stateless} episode(s) have no state and no time zone was given (--time-zone, or "
        "time_zone in the episodes' mapping): their times without a UTC offset and their "
        "calendar dates are read in UTC"
    ]


def _entries(records: Iterable[Mapping[str, object]], kind: Kind) -> list[Entry]:
    out: list[Entry] = []
    for number, data in enumerate(records, start=1):
        entry, _ = parse_entry(RawRecord(None, number, None, data), kind)
        out.append(entry)
    return out


def reconcile_records(
    episodes: Iterable[Mapping[str, object]],
    submissions: Iterable[Mapping[str, object]],
    *,
    config: Config | None = None,
    as_of: datetime | date | str | None = None,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    time_zone: str | None = None,
    show_values: bool = False,
    explain: bool = False,
) -> ReconcileResult:
    """Reconcile records given as dicts keyed by the field names of interfaces.md.

    Values may be text (dates as ISO 8601 or a common spreadsheet form), numbers for
    ids, or ``None``. The options are those of :func:`reconcile`.

    >>> result = reconcile_records(
    ...     [{"episode_id": "E1", "first_name": "Ana", "last_name": "Diaz",
    ...       "date_of_birth": "2010-05-01", "agency_notified_at": "2024-03-05T09:00:00-05:00"}],
    ...     [{"submission_id": "S1", "first_name": "Ana", "last_name": "Diaz",
    ...       "date_of_birth": "2010-05-01", "reported_at": "2024-03-05T15:00:00-05:00"}],
    ...     as_of="2024-04-01")
    >>> result.episodes[0].status, result.episodes[0].submission_id
    ('on_time', 'S1')
    """
    return reconcile(
        _entries(episodes, "episode"),
        _entries(submissions, "submission"),
        config=config,
        as_of=as_of,
        threshold=threshold,
        review_threshold=review_threshold,
        time_zone=time_zone,
        show_values=show_values,
        explain=explain,
    )


def reconcile_files(
    episodes: str | Path,
    submissions: str | Path,
    *,
    mapping_episodes: str | Path | None = None,
    mapping_submissions: str | Path | None = None,
    config: Config | None = None,
    as_of: datetime | date | str | None = None,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    time_zone: str | None = None,
    show_values: bool = False,
    explain: bool = False,
) -> ReconcileResult:
    """Reconcile an episodes file with a submissions file (CSV, JSON Lines or JSON).

    A CSV file ``NAME.csv`` without a mapping given uses ``NAME.mapping.toml`` beside
    it when there is one. The agency's default time zone is ``time_zone``, else the
    episodes mapping's ``time_zone``. The other options are those of :func:`reconcile`.

    Raises:
        InputError: a file cannot be found or opened.
        ConfigError: a mapping file is missing or invalid.
    """
    m_ep = mapping_for(episodes, mapping_episodes, "episode")
    m_sub = mapping_for(submissions, mapping_submissions, "submission")
    default_zone = time_zone or (m_ep.time_zone if m_ep is not None else None)
    with _gc_paused():
        ep_entries, ep_notices = read_entries(episodes, "episode", m_ep)
        sub_entries, sub_notices = read_entries(submissions, "submission", m_sub)
        result = reconcile(
            ep_entries,
            sub_entries,
            config=config,
            as_of=as_of,
            threshold=threshold,
            review_threshold=review_threshold,
            time_zone=default_zone,
            show_values=show_values,
            explain=explain,
        )
    result.notices[:0] = [*ep_notices, *sub_notices]
    return result
