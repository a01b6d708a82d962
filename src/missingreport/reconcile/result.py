"""The outcome of a reconciliation: a status per episode, unmatched submissions, a summary.

:meth:`ReconcileResult.to_dict` gives the fixed JSON keys of interfaces.md::

    {"summary": {"episodes", "submissions", "on_time", "late", "unconfirmed",
                 "never_reported", "needs_review", "report_without_episode",
                 "differs_from_record"},
     "episodes": [{"episode_id", "status", "submission_id", "score", "source", "line",
                   "findings"}],
     "unmatched_submissions": [{"submission_id", "source", "line", "findings"}]}

A late episode also carries ``delay_hours`` (the hours from the agency's notice to the
report; whole calendar days times 24 when either is a date alone), and a
``needs_review`` one its ``candidate`` (``{"submission_id", "score"}``). ``score`` is the
match probability.

Each finding is ``{"code", "name", "severity", "path", "message"}`` (and ``value`` only
when values were asked for). Where a record sits in its file (source, record, row or
line) is kept on the outcomes and on each :class:`~missingreport.Finding` for the text
and CSV outputs and for Python callers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ..findings import Finding, Severity

__all__ = [
    "STATUSES",
    "EpisodeOutcome",
    "ReconcileResult",
    "Status",
    "SubmissionOutcome",
    "Summary",
]

#: The status of an episode: reported on time, late, not confirmable either way (date-only
#: values one day apart, no dates to judge, or a deadline not yet passed), never, or a
#: case for a person to review (a candidate report below the match threshold, MR705).
Status = Literal["on_time", "late", "unconfirmed", "never_reported", "needs_review"]
STATUSES: tuple[Status, ...] = (
    "on_time", "late", "unconfirmed", "never_reported", "needs_review",
)  # fmt: skip


def _findings(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    return [f.to_dict(with_location=False) for f in findings]


@dataclass(frozen=True, slots=True)
class EpisodeOutcome:
    """One episode of the agency's records: its status and the submission it matched.

    Attributes:
        episode_id: the episode's id (``None`` when blank).
        status: one of :data:`STATUSES`.
        submission_id: the matched submission's id (``None`` when unmatched or blank).
        score: the match score in [0, 1] (``None`` when unmatched).
        findings: the episode's findings (and those of its matched submission).
        source, record, line: where the episode is in its file.
        matched: whether a submission matched (its id may be blank).
        note: why the status is ``unconfirmed`` (for people; not in the JSON).
        delay_hours: a late report's delay after the agency's notice.
        candidate: a ``needs_review`` episode's best candidate ``(submission id,
            probability)``.
    """

    episode_id: str | None
    status: Status
    submission_id: str | None
    score: float | None
    findings: tuple[Finding, ...]
    source: str | None = None
    record: int | None = None
    line: int | None = None
    matched: bool = False
    note: str = ""
    delay_hours: float | None = None
    candidate: tuple[str | None, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fixed JSON keys of an episode."""
        out: dict[str, Any] = {
            "episode_id": self.episode_id,
            "status": self.status,
            "submission_id": self.submission_id,
            "score": None if self.score is None else round(self.score, 4),
            "source": self.source,
            "line": self.line,
        }
        if self.delay_hours is not None:
            out["delay_hours"] = round(self.delay_hours, 2)
        if self.candidate is not None:
            out["candidate"] = {
                "submission_id": self.candidate[0],
                "score": round(self.candidate[1], 4),
            }
        out["findings"] = _findings(self.findings)
        return out


@dataclass(frozen=True, slots=True)
class SubmissionOutcome:
    """A submission that no episode matched (or that could not be read)."""

    submission_id: str | None
    findings: tuple[Finding, ...]
    source: str | None = None
    record: int | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fixed JSON keys of an unmatched submission."""
        return {
            "submission_id": self.submission_id,
            "source": self.source,
            "line": self.line,
            "findings": _findings(self.findings),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of a reconciliation.

    ``on_time + late + unconfirmed + never_reported + needs_review == episodes``;
    ``report_without_episode`` counts the readable submissions no episode matched,
    ``differs_from_record`` the matched pairs with at least one differing field. The
    counts describe the data, whichever rules are selected.
    """

    episodes: int = 0
    submissions: int = 0
    on_time: int = 0
    late: int = 0
    unconfirmed: int = 0
    never_reported: int = 0
    needs_review: int = 0
    report_without_episode: int = 0
    differs_from_record: int = 0

    def to_dict(self) -> dict[str, int]:
        """The fixed JSON keys of the summary, in the order of interfaces.md."""
        return {
            "episodes": self.episodes,
            "submissions": self.submissions,
            "on_time": self.on_time,
            "late": self.late,
            "unconfirmed": self.unconfirmed,
            "never_reported": self.never_reported,
            "needs_review": self.needs_review,
            "report_without_episode": self.report_without_episode,
            "differs_from_record": self.differs_from_record,
        }


@dataclass(frozen=True)
class ReconcileResult:
    """Everything a reconciliation found.

    Attributes:
        summary: the counts.
        episodes: one outcome per episode, in the order of the episodes file.
        unmatched_submissions: submissions no episode matched, in file order.
        as_of: the moment "never reported" was judged against.
        notices: run-level notices (a time zone assumed, columns not read).
        explanation: with ``explain``, the blocking passes (candidates, and the share
            of the matches each proposed) and the match model's weights.
    """

    summary: Summary
    episodes: list[EpisodeOutcome]
    unmatched_submissions: list[SubmissionOutcome]
    as_of: datetime
    notices: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)

    def findings(self) -> Iterator[Finding]:
        """Every finding: the episodes' first, then the unmatched submissions'."""
        for episode in self.episodes:
            yield from episode.findings
        for submission in self.unmatched_submissions:
            yield from submission.findings

    def worst(self) -> Severity | None:
        """The most serious severity among the findings, if any."""
        worst: Severity | None = None
        for finding in self.findings():
            if worst is None or finding.severity.rank > worst.rank:
                worst = finding.severity
        return worst

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of interfaces.md (``summary``, ``episodes``,
        ``unmatched_submissions``)."""
        return {
            "summary": self.summary.to_dict(),
            "episodes": [e.to_dict() for e in self.episodes],
            "unmatched_submissions": [s.to_dict() for s in self.unmatched_submissions],
        }
