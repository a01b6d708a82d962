"""MR6xx: across the reports of one run.

These rules compare the compact :class:`~._base.RecordKey` of every record once the
stream has ended. "The same child" (rules.md) is computed once per run by
:mod:`._batch_common` and shared through the :class:`~._base.BatchContext`.

One defect gives one finding per record: every record involved gets a single finding
of the rule, naming the other records by report id and source record number (never by
the child's name), however many pairs it belongs to; at most five are named, then "and
N more". The offending values travel in ``value`` only when values were asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import ClassVar

from ..findings import Finding, Severity
from ._base import BatchContext, BatchRule, RecordKey
from ._batch_common import (
    MAX_NAMED,
    SameChild,
    groups_of,
    iso,
    named,
    same_child_facts,
    values_of,
)

__all__ = [
    "DuplicateEpisode",
    "DuplicateReportId",
    "IdentityConflict",
    "OverlappingEpisodes",
    "SharedNcicNumber",
    "SharedNcmecCaseNumber",
]

_Found = Iterator[tuple[RecordKey, Finding]]


def _facts(keys: Sequence[RecordKey], ctx: BatchContext | None, rule: BatchRule) -> SameChild:
    return same_child_facts(ctx if ctx is not None else BatchContext(keys, rule.policy))


class DuplicateReportId(BatchRule):
    """One report_id is on two or more records.

    ## What it checks
    The same `report_id`, compared exactly, on two or more records of one run (across
    every file of the run). Each of those records gets one finding that names the
    other records by source and record number.

    ## Why it matters
    The report id is how a report is found again: corrected, accepted in a baseline,
    matched to what NCMEC received. Two records under one id are either one report
    read twice (a file included twice, a resubmission) or two reports numbered alike;
    either way the tracking the HHS-OIG found missing breaks down. Records under one
    id are treated as one report read twice: MR602 and MR603 do not compare them.

    ## Example
    `reports.jsonl` records 3 and 17 both carry `"report_id": "OH-2024-0001"`.

    ## Use instead
    A `report_id` of its own for each report: `OH-2024-0001` and `OH-2024-0017`.

    ## How to fix
    If the records are copies of one report, remove the copy. If they are different
    reports, give the later one a new id.

    ## Basis
    Data integrity: `report_id` identifies one report (the report schema); HHS-OIG
    A-07-21-06102 (states could not show whether and when they had reported).
    """

    code = "MR601"
    groups = ("duplicates",)
    name = "duplicate-report-id"
    default_severity = Severity.ERROR
    requires = ("report_id",)

    def check_batch(self, keys: Sequence[RecordKey], ctx: BatchContext | None = None) -> _Found:
        for group in groups_of(map(attrgetter("report_id"), keys)):
            for i in group:
                others = [j for j in group[: MAX_NAMED + 1] if j != i][:MAX_NAMED]
                where = named(keys, others, len(group) - 1, with_id=False)
                yield (
                    keys[i],
                    self.finding(
                        "report_id",
                        f"report_id is also on {where}: give every report its own report_id, "
                        "or remove the copy",
                        value=keys[i].report_id,
                    ),
                )


class DuplicateEpisode(BatchRule):
    """Two reports of the same child were last seen at most a day apart: one episode twice.

    ## What it checks
    Two reports of the same child (rules.md: equal `child_record_number` where both
    have one; otherwise names alike, tolerant of typos, swapped first and last names,
    nicknames, hyphens and accents, and dates of birth equal or one keying error
    apart) whose `episode.last_seen_at` calendar dates are at most 1 day apart. A
    shared `case_number` alone is no identity: siblings share it. A record number
    without digits or on more than 100 reports is a placeholder: identity decides.
    Record numbers are the state's, compared within the custodial agency's state.
    Each report gets one finding naming all its duplicates (a group of three: each
    names the other two). Records with one `report_id` are one report read twice
    (MR601), not compared here.

    ## Why it matters
    An episode reported twice is counted twice in every compliance figure, gets two
    NCMEC cases and two police entries, and the two copies drift apart as one is
    updated and the other is not.

    ## Example
    `OH-2024-0001` (Maya Alvarez, born 2009-06-14, last seen 2024-03-05 at night) and
    `OH-2024-0107` (ALVAREZ-RUIZ, Maya, born 2009-06-04: a digit off, last seen
    2024-03-06), made by two caseworkers of one agency.

    ## Use instead
    One report of the episode: the second one withdrawn, or merged into the first.

    ## How to fix
    Keep one report of the episode, merge what the others add, and withdraw them. If
    they really are two children, give each report its `child_record_number`.

    ## Basis
    42 U.S.C. 671(a)(35)(B) (a report of each episode to NCMEC and police); 45 CFR
    1355.44(a)(4) (the child record number is the same across episodes); HHS-OIG
    A-07-21-06102 (states could not show whether and when each episode was reported).
    """

    code = "MR602"
    groups = ("identity", "duplicates")
    name = "duplicate-episode"
    default_severity = Severity.ERROR
    requires = ("episode.last_seen_at",)

    def check_batch(self, keys: Sequence[RecordKey], ctx: BatchContext | None = None) -> _Found:
        facts = _facts(keys, ctx, self)
        duplicates: defaultdict[int, list[int]] = defaultdict(list)
        for i, j in facts.pairs():
            a, b = keys[i], keys[j]
            if a.last_seen is None or b.last_seen is None:
                continue
            if a.report_id is not None and a.report_id == b.report_id:
                continue  # one report read twice (MR601), not two
            if abs((a.last_seen - b.last_seen).days) <= 1:
                duplicates[i].append(j)
                duplicates[j].append(i)
        for i in sorted(duplicates):
            others = sorted(duplicates[i])
            yield (
                keys[i],
                self.finding(
                    "episode.last_seen_at",
                    f"the same child, last seen within a day of this report, is also reported in "
                    f"{named(keys, others, len(others))}: one episode is reported more than once;"
                    " keep one report and withdraw the others",
                    value=values_of(ctx, keys, i, others, lambda k: iso(k.last_seen)),
                ),
            )


class OverlappingEpisodes(BatchRule):
    """Two episodes of the same child overlap in time.

    ## What it checks
    Two reports of the same child (as MR602 defines it) whose `episode.last_seen_at`
    calendar dates are more than 1 day apart, where the later episode starts before
    the earlier one ended: its date last seen is before the earlier
    `recovery.located_at` date, or the earlier report has no `recovery` at all (still
    open). Pairs at most a day apart are MR602's and are not repeated here; a recovery
    that could not be read, or a missing date last seen, leaves the pair unjudged.
    Each report gets one finding naming every episode it overlaps.

    ## Why it matters
    A child cannot go missing again before being found. Either the earlier recovery
    was never recorded (the child shows as missing in every report and audit), or a
    date is wrong, or the reports belong to two children mixed up under one number.

    ## Example
    `OH-2024-0001` last seen 2024-03-05 with no `recovery`; `OH-2024-0340` of the
    same child last seen 2024-05-20.

    ## Use instead
    `OH-2024-0001` closed with `"recovery": {"located_at": "2024-05-02T10:00:00-04:00",
    ...}` before the later episode.

    ## How to fix
    Record when and where the child was located in the earlier episode
    (`recovery.located_at`), and tell NCMEC and police of the recovery; otherwise
    correct the wrong date last seen.

    ## Basis
    42 U.S.C. 671(a)(35)(B) ("regular communication" with NCMEC and police about the
    episode, its recovery included); date sequence.
    """

    code = "MR603"
    groups = ("identity",)
    name = "overlapping-episodes"
    default_severity = Severity.ERROR
    requires = ("episode.last_seen_at",)

    def check_batch(self, keys: Sequence[RecordKey], ctx: BatchContext | None = None) -> _Found:
        facts = _facts(keys, ctx, self)
        overlaps: defaultdict[int, list[int]] = defaultdict(list)
        for i, j in facts.pairs():
            a, b = keys[i], keys[j]
            seen_a, seen_b = a.last_seen, b.last_seen
            if seen_a is None or seen_b is None:
                continue
            if a.report_id is not None and a.report_id == b.report_id:
                continue  # one report read twice (MR601), not two
            if abs((seen_a - seen_b).days) <= 1:
                continue  # MR602's
            earlier, started = (a, seen_b) if seen_a < seen_b else (b, seen_a)
            if earlier.episode_open or (earlier.located is not None and started < earlier.located):
                overlaps[i].append(j)
                overlaps[j].append(i)
        for i in sorted(overlaps):
            others = sorted(overlaps[i])
            yield (
                keys[i],
                self.finding(
                    "episode.last_seen_at",
                    f"this episode overlaps another episode of the same child in "
                    f"{named(keys, others, len(others))}: a child cannot go missing again "
                    "before being located; record recovery.located_at of the earlier episode, "
                    "or correct the date last seen",
                    value=values_of(ctx, keys, i, others, _episode_dates),
                ),
            )


def _episode_dates(key: RecordKey) -> str:
    end = "open" if key.episode_open else f"located {iso(key.located)}"
    return f"last seen {iso(key.last_seen)}, {end}"


class _SharedNumber(BatchRule):
    """One number on reports of different children: MR604 and MR605, written once.

    A subclass names the number: the key field it is read from, the groups of records
    sharing it in :class:`~._batch_common.SameChild`, its path and its words.
    """

    key_field: ClassVar[str]
    shared_groups: ClassVar[str]
    path: ClassVar[str]
    what: ClassVar[str]
    groups = ("identity",)

    def check_batch(self, keys: Sequence[RecordKey], ctx: BatchContext | None = None) -> _Found:
        """One finding per record sharing the number with reports of other children."""
        facts = _facts(keys, ctx, self)
        what = self.what
        for group in getattr(facts, self.shared_groups):
            for i, others, total in facts.other_children(group):
                children = (
                    "a report of another child" if total == 1 else "reports of other children"
                )
                yield (
                    keys[i],
                    self.finding(
                        self.path,
                        f"{what} is also on {named(keys, others, total)}, {children}: "
                        f"one {what} belongs to one child; correct the number on the wrong report",
                        value=getattr(keys[i], self.key_field),
                    ),
                )


class SharedNcmecCaseNumber(_SharedNumber):
    """One NCMEC case number is on reports of different children.

    ## What it checks
    `ncmec_report.case_number` (letters and digits compared, leading zeros ignored)
    shared by reports of children who are not the same child (different
    `child_record_number`s, or, without both, names or dates of birth that do not
    match). Reports of one child sharing a number are fine: NCMEC keeps a child's later
    episode under the same case. No finding where the data cannot tell (no record
    numbers, and no date of birth or name on one side), nor for two reports of one
    `case_number` with names alike: they name one child, and a date of birth that
    differs between them is MR606's. Each report gets one finding naming the reports
    of the other children. A number without digits (`UNKNOWN`, `N/A`) is a
    placeholder and is not compared.

    ## Why it matters
    The NCMEC case number is the proof that a child was reported (the HHS-OIG audit
    asked for it). A number copied onto another child's report proves nothing for that
    child, and its own report may never have been made.

    ## Example
    Siblings `OH-2024-0001` (Maya, born 2009-06-14) and `OH-2024-0002` (Lucas, born
    2012-01-30) in one family case, both with NCMEC case number `1498532`.

    ## Use instead
    Each child's own NCMEC case number: `1498532` for Maya, `1498533` for Lucas.

    ## How to fix
    Look up each child's case with NCMEC and correct the number on the wrong report;
    if a child was never reported, report now.

    ## Basis
    42 U.S.C. 671(a)(35)(B); HHS-OIG A-07-21-06102 (states could not document their
    reports to NCMEC).
    """

    code = "MR604"
    name = "shared-ncmec-case-number"
    default_severity = Severity.ERROR
    requires = ("ncmec_report.case_number",)
    key_field = "ncmec_case_number"
    shared_groups = "ncmec_groups"
    path = "ncmec_report.case_number"
    what = "NCMEC case number"


class SharedNcicNumber(_SharedNumber):
    """One NCIC number is on reports of different children.

    ## What it checks
    `law_enforcement_report.ncic_number` shared by reports of children who are not the
    same child, judged as MR604 judges the NCMEC case number. A child's own reports may
    share it. Each report gets one finding naming the reports of the other children.

    ## Why it matters
    The NCIC number (NIC) is the police's record that the child is entered as missing:
    officers who stop the child find them through it. A number copied from another
    child's report means this child's entry cannot be shown, and a recovery cleared
    against it would clear the wrong child.

    ## Example
    `GA-2024-0311` (Jamal, born 2008-02-11) and `GA-2024-0312` (Trinity, born
    2010-09-03), two children, both with `ncic_number` `M123456789`.

    ## Use instead
    Each child's own NIC: `M123456789` for Jamal, `M123456790` for Trinity.

    ## How to fix
    Ask the police agency for each child's NIC and correct the wrong report; if the
    child was never entered, ask for the entry now.

    ## Basis
    34 U.S.C. 41308(a)(3) (entry of every missing child into NCIC); 42 U.S.C.
    671(a)(35)(B).
    """

    code = "MR605"
    name = "shared-ncic-number"
    default_severity = Severity.ERROR
    requires = ("law_enforcement_report.ncic_number",)
    aliases = ("shared-nic",)
    key_field = "ncic_number"
    shared_groups = "ncic_groups"
    path = "law_enforcement_report.ncic_number"
    what = "NCIC number"


class IdentityConflict(BatchRule):
    """Two reports that name one child disagree on date of birth or sex.

    ## What it checks
    Two reports that name one child, either by the same `child_record_number` (within
    the agency's state) or by the same `case_number` and names alike (unless both
    have different record numbers), whose `child.date_of_birth` differ (any
    difference, a one-digit typo included) or whose `child.sex` differ (`M` against
    `F`; `U` is unknown and conflicts with nothing). A number without digits, or on
    more than 100 reports, is a placeholder and names no child. One finding per field
    and report, naming the other reports. A duplicate whose date of birth has a typo gets both
    MR602 (the episode is reported twice) and this finding (which date is right?):
    two defects with two fixes, the second remaining when the duplicate is withdrawn.

    ## Why it matters
    Age decides eligibility (MR101-MR103), the NCMEC case type and the police
    category, and a search uses date of birth and sex to recognise the child. Two
    versions of them leave every later check and match in doubt.

    ## Example
    `OH-2024-0001` and `OH-2024-0340`, both `child_record_number` `OH-AFCARS-7731`,
    the child born 2009-06-14 in one and 2009-06-04 in the other.

    ## Use instead
    The date of birth of the case record, `2009-06-14`, on both reports.

    ## How to fix
    Check the child's record (birth certificate, AFCARS file) and correct the wrong
    report. Siblings with near-identical names in one case are told apart by giving
    each report its `child_record_number`.

    ## Basis
    45 CFR 1355.44(a)(4) (one child record number per child, across episodes); 45 CFR
    1355.46(b)(3) (internally inconsistent data); 34 U.S.C. 41308(a)(3) (the child's
    description entered for the search).
    """

    code = "MR606"
    groups = ("identity",)
    name = "identity-conflict"
    default_severity = Severity.WARNING
    requires = ("child.date_of_birth", "child.sex")

    def check_batch(self, keys: Sequence[RecordKey], ctx: BatchContext | None = None) -> _Found:
        facts = _facts(keys, ctx, self)
        conflicts: dict[str, defaultdict[int, list[int]]] = {
            field: defaultdict(list) for field in _IDENTITY_FIELDS
        }
        why: defaultdict[tuple[str, int], set[str]] = defaultdict(set)

        def judge(i: int, j: int, reason: str) -> None:
            a, b = keys[i], keys[j]
            differ = {
                "date of birth": bool(a.date_of_birth and b.date_of_birth)
                and a.date_of_birth != b.date_of_birth,
                "sex": a.sex in _SEXES and b.sex in _SEXES and a.sex != b.sex,
            }
            for field, table in conflicts.items():
                if differ[field]:
                    table[i].append(j)
                    table[j].append(i)
                    why[field, i].add(reason)
                    why[field, j].add(reason)

        for group in facts.record_groups:
            for pos, i in enumerate(group):
                a = keys[i]
                for j in group[pos + 1 :]:
                    b = keys[j]
                    if a.date_of_birth != b.date_of_birth or a.sex != b.sex:
                        judge(i, j, "record")
        rn, n = facts.record_numbers, max(facts.n, 1)
        for code in sorted(facts.case_alike):  # never two different record numbers
            i, j = divmod(code, n)
            a, b = keys[i], keys[j]
            if (a.date_of_birth != b.date_of_birth or a.sex != b.sex) and not (
                rn[i] and rn[i] == rn[j]  # a record pair already
            ):
                judge(i, j, "case")
        for i in sorted(set().union(*conflicts.values())):
            for field, (path, show) in _IDENTITY_FIELDS.items():
                others = sorted(conflicts[field].get(i, ()))
                if not others:
                    continue
                how = _how(why[field, i], len(others))
                yield (
                    keys[i],
                    self.finding(
                        path,
                        f"{named(keys, others, len(others))} {how} but a different {field}: "
                        "check the child's record and correct the wrong report",
                        value=values_of(ctx, keys, i, others, show),
                    ),
                )


_SEXES = ("M", "F")
#: The fields MR606 compares: message word -> (path, value shown with --show-values).
_IDENTITY_FIELDS: dict[str, tuple[str, Callable[[RecordKey], str]]] = {
    "date of birth": ("child.date_of_birth", lambda k: iso(k.date_of_birth)),
    "sex": ("child.sex", lambda k: k.sex or "unknown"),
}


def _how(reasons: set[str], count: int) -> str:
    verb = "names" if count == 1 else "name"
    if reasons == {"record"}:
        return f"{verb} the same child (same child_record_number)"
    if reasons == {"case"}:
        return f"{verb} the same child (same case_number and a similar name)"
    return f"{verb} the same child (same child_record_number, or case_number and name)"
