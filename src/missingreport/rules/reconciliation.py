"""MR7xx: the agency's records against what NCMEC received.

These rules have no ``check``: they judge two collections at once (the agency's
missing episodes and the NCMEC submissions), which only ``missingreport reconcile``
(:mod:`missingreport.reconcile`) sees. That module matches the two, decides each
episode's status with :func:`missingreport.clock.judge`, and asks the selected rule
instances below for their findings, so that configured severities and
``--select``/``--ignore`` apply as for every other rule. The wording of each finding
lives here, beside the rule's documentation.
"""

from __future__ import annotations

from typing import ClassVar

from .._shown import printable
from ..findings import Finding, Severity
from ._base import Rule, Scope

__all__ = [
    "DIFFERING_FIELDS",
    "EpisodeNeverReported",
    "EpisodeReportedLate",
    "PossibleReportNeedsReview",
    "ReportDiffersFromRecord",
    "ReportWithoutEpisode",
]

#: The fields MR703 compares, as they are named in its findings.
DIFFERING_FIELDS = ("name", "date_of_birth", "sex", "last_seen_at")
_FIELD_WORDS = {
    "name": "the child's name (first_name, last_name)",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "last_seen_at": "the date last seen (last_seen_at)",
}


def _hours(hours: float) -> str:
    return f"{hours:g} hours"


class EpisodeNeverReported(Rule):
    """An episode in the agency's records has no matching report to NCMEC.

    ## What it checks
    `missingreport reconcile` matches each missing episode of the agency's records
    (`--episodes`) with at most one report that NCMEC received (`--submissions`).
    An episode that no submission matches, and whose deadline (`agency_notified_at`
    + `deadline_hours`, 24) has passed as of `--as-of`, was never reported. An episode
    whose deadline has not yet passed gets the status `unconfirmed` and no finding.

    ## Why it matters
    Federal law requires the agency to report every child missing from foster care
    to NCMEC within 24 hours. The HHS-OIG audit found that almost no state could tell
    whether it had reported each episode, and that 45 of 100 sampled episodes (an
    estimated 47% nationally) were never reported at all.

    ## Example
    Episode `E-1009` (notified `2024-03-05T09:00:00-05:00`) is in the agency's
    extract; no row of NCMEC's export names that child near that date.

    ## Use instead
    A report to NCMEC for episode `E-1009`, recorded in the agency's tracking.

    ## How to fix
    If the child is still missing, or was missing for any time, report to NCMEC now
    and record the NCMEC case number. If a report was made, find it: a name typed
    very differently, a wrong date of birth or a report filed under another agency
    can keep it from matching (try `--threshold`, and correct the record).

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (no tracking system; 45 of 100
    sampled episodes never reported).
    """

    code = "MR701"
    groups = ("timeliness",)
    name = "episode-never-reported"
    default_severity = Severity.ERROR
    scope: ClassVar[Scope] = "reconcile"

    def never_reported(self, *, notified: bool = True) -> Finding:
        """The finding on an episode that no submission matches (``notified``: the
        episode has a notification date, so the deadline is known to have passed)."""
        when = (
            f"and {_hours(self.policy.deadline_hours)} have passed since the agency was notified"
            if notified
            else "(the date the agency was notified is not recorded)"
        )
        return self.finding(
            "",
            f"no NCMEC report matches this episode {when}: report to NCMEC now, or find the "
            "report and correct what keeps it from matching",
        )


class EpisodeReportedLate(Rule):
    """The report to NCMEC of an episode in the agency's records came after the deadline.

    ## What it checks
    For an episode matched with a submission, `reported_at` of the submission against
    `agency_notified_at` of the episode + `deadline_hours` (24), by the rules of
    MR202: in absolute time when both have a time of day (exactly 24 hours is on
    time); when either is a date alone, by calendar dates in the agency's time zone
    (0 days on time, 1 day unconfirmed, 2 or more days late).

    ## Why it matters
    The OIG audit found 22 of 100 sampled episodes reported late. The first hours
    decide whether a child at risk of trafficking is found.

    ## Example
    Episode notified `2024-03-05T09:00:00-05:00`; the matched submission was
    reported `2024-03-06T09:01:00-05:00`, 24 hours and 1 minute later.

    ## Use instead
    A submission reported `2024-03-06T09:00:00-05:00` or earlier.

    ## How to fix
    If a time is wrong in either record, correct it. Otherwise record the reason for
    the delay in the case file and review how reports reach NCMEC.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (22 of 100 sampled episodes late).
    """

    code = "MR702"
    groups = ("timeliness",)
    name = "episode-reported-late"
    default_severity = Severity.ERROR
    scope: ClassVar[Scope] = "reconcile"

    def reported_late(self, *, elapsed_hours: float | None, days: int | None) -> Finding:
        """The finding on a late report: ``elapsed_hours`` when both values have a
        time of day, else the calendar ``days`` between them."""
        hours = self.policy.deadline_hours
        if elapsed_hours is not None:
            whole, minutes = divmod(round(elapsed_hours * 60), 60)
            delay = f"{whole} h {minutes:02d} min after the agency was notified"
        else:
            delay = f"{days} calendar days after the agency was notified (dates only)"
        return self.finding(
            "reported_at",
            f"the report to NCMEC came {delay}, later than the deadline of {_hours(hours)}: "
            "correct a wrong time, or record the reason for the delay",
        )


class ReportDiffersFromRecord(Rule):
    """The report NCMEC received differs from the agency's record of the child.

    ## What it checks
    For an episode matched with a submission, each of these fields where both
    records have a value: the name (similarity by `names_alike` below the
    `name_match_threshold`, 0.85: a typo, a nickname or swapped first and last names
    stay above it), `date_of_birth` (any difference, a single typo too), `sex`
    (`M` against `F`), and the calendar date of `last_seen_at`. Each differing field
    is a finding of its own, named by field; values appear only with
    `--show-values`.

    ## Why it matters
    A report with a wrong date of birth or name is hard to act on and hard to match
    with later sightings. The OIG audit found data-quality problems in most reports
    that were made on time.

    ## Example
    The agency's record has `date_of_birth` `2011-04-17`; the NCMEC report says
    `2011-04-27`.

    ## Use instead
    The date of birth of the case record, `2011-04-17`, sent to NCMEC in a correction.

    ## How to fix
    Find which record is right (the case file, the birth certificate), correct the
    agency's record or send NCMEC an update of the report.

    ## Basis
    42 U.S.C. 671(a)(35)(B); 34 U.S.C. 41308(a)(3); HHS-OIG A-07-21-06102
    (data-quality problems in most timely reports).
    """

    code = "MR703"
    groups = ("identity",)
    name = "report-differs-from-record"
    default_severity = Severity.ERROR
    scope: ClassVar[Scope] = "reconcile"

    def differs(self, field: str, value: str | None = None) -> Finding:
        """The finding on one differing field (one of :data:`DIFFERING_FIELDS`)."""
        return self.finding(
            field,
            f"{_FIELD_WORDS[field]} differs between the NCMEC report and the agency's "
            "record: find which is right and correct the record or update the report",
            value,
        )


class ReportWithoutEpisode(Rule):
    """A report that NCMEC received matches no episode in the agency's records.

    ## What it checks
    A submission (`--submissions`) that no episode of the agency's records
    (`--episodes`) matches.

    ## Why it matters
    Either the agency's records miss an episode (and with it the tracking of the
    child's return, debriefing and screening), or the report belongs to another
    agency or was filed with details so different that it cannot be tied to the
    child's record.

    ## Example
    NCMEC's export has submission `S-2231` for a child of whom the agency's extract
    has no missing episode at that time.

    ## Use instead
    The episode of submission `S-2231` recorded in the agency's extract.

    ## How to fix
    Add the missing episode to the case record, or correct the details that keep the
    two apart; if the report is another agency's, leave it out of the export.

    ## Basis
    42 U.S.C. 671(a)(35)(B) (the agency's own duty to report and to track each
    episode); HHS-OIG A-07-21-06102.
    """

    code = "MR704"
    name = "report-without-episode"
    default_severity = Severity.WARNING
    scope: ClassVar[Scope] = "reconcile"

    def without_episode(self) -> Finding:
        """The finding on a submission that no episode matches."""
        return self.finding(
            "",
            "no episode in the agency's records matches this NCMEC report: add the missing "
            "episode to the case record, or correct the details that keep them apart",
        )


class PossibleReportNeedsReview(Rule):
    """An unmatched episode has a report that may be its own: a person should compare them.

    ## What it checks
    An episode that no submission matches at or above the match threshold
    (`--threshold`, a match probability of 0.5), whose best remaining candidate (a
    submission no other episode matched) has a match probability at or above
    `--review-threshold` (0.05). Such an episode gets the status `needs_review`, not
    `never_reported`; the finding names the candidate submission and its probability.

    ## Why it matters
    A false "never reported" accuses the agency of a failure it did not commit. When
    the records are too far apart to be sure (a replaced first name, a date of birth
    typed wrong in two places, a name copied from a sibling), the data cannot settle
    it, and a person who looks at both records can.

    ## Example
    Episode `E-1009` and submission `S-2231` share a last name, an address and a date
    of birth one digit apart, but their first names differ: probability 0.21.

    ## Use instead
    One record of the episode, the same in the case system and at NCMEC, so that the
    two match surely.

    ## How to fix
    Compare the two records (with `--show-values`, or in the case system). If they are
    the same episode, correct the record that is wrong so that they match; if not,
    report the episode to NCMEC now.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (the audit matched episodes to
    reports by hand where the records disagreed).
    """

    code = "MR705"
    groups = ("identity",)
    name = "possible-report-needs-review"
    default_severity = Severity.WARNING
    scope: ClassVar[Scope] = "reconcile"

    def needs_review(self, submission: str | None, probability: float) -> Finding:
        """The finding on an episode whose best candidate is below the match threshold
        but at or above the review threshold."""
        named = (
            f"submission {printable(submission)}" if submission else "a submission without an id"
        )
        return self.finding(
            "",
            f"no NCMEC report matches this episode surely, but {named} may be its report "
            f"(match probability {probability:.2f}): compare the two records, correct the "
            "one that is wrong, or report the episode to NCMEC now",
        )
