"""MR4xx: required content of a report.

What the law and state manuals expect a report to contain: a photo, a description, the
place last seen, and the proof of the reports to the police, NCIC and NCMEC. A value
that failed to parse already has its own finding (MR0xx, MR3xx); these rules do not
call it missing a second time.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..clock import judge
from ..findings import Finding, Severity
from ..schema import MissingChildReport
from ._base import Context, Rule

__all__ = [
    "EndangeredNotFlagged",
    "IncompleteDescription",
    "LastSeenPlaceIncomplete",
    "NcicCategoryMissing",
    "NcicNumberNotRecorded",
    "NcmecCaseNumberMissing",
    "NoPhotoNoReason",
    "PoliceReportWithoutOri",
    "StalePhoto",
]

#: Hours after the police report by which an NCIC number is expected (rules.md MR407).
NCIC_NUMBER_HOURS = 24
#: NCIC categories that flag a child as at risk: endangered, involuntary, disability.
_AT_RISK_CATEGORIES = frozenset({"EME", "EMI", "EMD"})
_ABDUCTIONS = frozenset({"family_abduction", "nonfamily_abduction"})


def _photo_available(report: MissingChildReport) -> bool | None:
    child = report.child
    photo = child.photo if child is not None else None
    return photo.available if photo is not None else None


def _category(report: MissingChildReport, ctx: Context) -> str | None:
    episode = report.episode
    if episode is None or not ctx.sound("episode.ncic_category"):
        return None
    return episode.ncic_category


def _danger(report: MissingChildReport) -> bool:
    """A danger that calls for EME/EMI: trafficking risk, suicide risk or an abduction.

    Pregnancy and prescription medications alone do not count (rules.md MR404).
    """
    if report.episode is not None and report.episode.circumstance in _ABDUCTIONS:
        return True
    risks = report.child.endangerment if report.child is not None else None
    return risks is not None and "yes" in (risks.trafficking_risk, risks.suicidal)


class NoPhotoNoReason(Rule):
    """No photo of the child, and no reason recorded why.

    ## What it checks
    `child.photo.available` is `false` and `child.photo.reason_unavailable` is not
    recorded.

    ## Why it matters
    The law requires a recent photo in the report to NCMEC where reasonably possible. A
    photo is the single most useful thing for finding a child; where there is none, the
    file must show that the agency tried.

    ## Example
    `"photo": {"available": false}`.

    ## Use instead
    `"photo": {"available": false, "reason_unavailable": "no photo was ever taken; one
    is requested from the school"}`.

    ## How to fix
    Get a photo (from the placement, school, family or social media) and send it to
    NCMEC and the police. If there is truly none, record why in `reason_unavailable`
    (for example "placed two days ago, no photo taken yet").

    ## Basis
    42 U.S.C. 671(a)(35)(B)(i).
    """

    code = "MR401"
    name = "no-photo-no-reason"
    default_severity = Severity.ERROR
    requires = ("child.photo.available", "child.photo.reason_unavailable")

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return ctx.sound(*self.requires) and _photo_available(report) is False

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        photo = report.child.photo
        if photo.available is False and photo.reason_unavailable is None:
            return self.one_finding(
                "child.photo.reason_unavailable",
                "there is no photo and no reason why: get a recent photo and send it to "
                "NCMEC and the police, or record why none can be had",
            )
        return ()


class StalePhoto(Rule):
    """The photo is undated, or older than the policy allows.

    ## What it checks
    A photo is available and `child.photo.taken_on` is missing, or it was taken more
    than `photo_max_age_days` (180) days before the calendar date the child was last
    seen. A photo taken exactly 180 days before is recent enough; 181 days is not.

    ## Why it matters
    Children change fast: a photo from a year ago may not look like the child at all.
    Federal law asks the police for a recent photo, and NCMEC's posters use the
    agency's.

    ## Example
    Last seen `2024-03-05`, `"photo": {"available": true, "taken_on": "2023-09-06"}`
    (181 days before).

    ## Use instead
    `"photo": {"available": true, "taken_on": "2024-01-20"}`.

    ## How to fix
    Get a more recent photo (placement, school, social media) and record its date. If
    the date of the photo is not known, record your best estimate.

    ## Basis
    34 U.S.C. 41308(a)(4)(A) (a recent photograph); `photo_max_age_days` in the state's
    policy (default 180).
    """

    code = "MR402"
    name = "stale-photo"
    default_severity = Severity.WARNING
    requires = ("child.photo.available", "child.photo.taken_on")

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return ctx.sound(*self.requires) and _photo_available(report) is True

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        photo = report.child.photo
        if photo.available is not True:
            return ()
        if photo.taken_on is None:
            return self.one_finding(
                "child.photo.taken_on",
                "the photo has no date: record when it was taken (an estimate if need be), "
                "so that it can be shown to be recent",
            )
        seen = report.episode.last_seen_at if report.episode is not None else None
        if seen is None or not ctx.sound("episode.last_seen_at"):
            return ()
        days = ctx.policy.photo_max_age_days
        if (ctx.date_of(seen) - ctx.date_of(photo.taken_on)).days > days:
            return self.one_finding(
                "child.photo.taken_on",
                f"the photo was taken more than {days} days before the child was last seen: "
                "get a recent photo, send it to NCMEC and the police, and record its date",
                value=photo.taken_on.isoformat(),
            )
        return ()


#: (field, path, message) of each part of the description.
_DESCRIPTION = tuple(
    (field, f"child.{field}", message)
    for field, message in (
        ("height_in", "no height: record it in inches (an estimate is better than none)"),
        ("weight_lb", "no weight: record it in pounds (an estimate is better than none)"),
        ("hair_color", "no hair color: record its NCIC code (XXX if bald or unknown)"),
        ("eye_color", "no eye color: record its NCIC code (XXX if unknown)"),
    )
)


class IncompleteDescription(Rule):
    """The child's description lacks height, weight, hair or eye color.

    ## What it checks
    Each of `child.height_in`, `child.weight_lb`, `child.hair_color` and
    `child.eye_color` is recorded. Each missing one is a finding of its own, at its
    own path, so that each can be fixed and checked on its own. A value that is there
    but could not be read (`"5 ft"`) is reported as invalid instead, not as missing.

    ## Why it matters
    The law requires a description of the child in the report to NCMEC, and NCIC
    needs height, weight, hair and eyes to enter a missing person. An entry without
    them is hard to match when someone finds the child.

    ## Example
    A child with `height_in` and `weight_lb` but no `hair_color` and no `eye_color`
    gives two findings.

    ## Use instead
    `"height_in": 63, "weight_lb": 118, "hair_color": "BRO", "eye_color": "BRO"`.

    ## How to fix
    Record the missing values: an estimate from the caregiver is better than nothing.
    Hair and eye colors use the NCIC codes (`BRO` brown, `BLK` black, `BLN` blond...);
    record `XXX` when they are truly unknown.

    ## Basis
    42 U.S.C. 671(a)(35)(B)(ii); 34 U.S.C. 41308(a)(3).
    """

    code = "MR403"
    name = "incomplete-description"
    default_severity = Severity.ERROR
    # No "requires": a bad phone number elsewhere in `child` must not hide a missing
    # height; a description field that failed to parse is skipped field by field.

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return report.child is not None

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        child = report.child
        if child is None:
            return ()  # missing or unreadable: reported by the schema
        return [
            self.finding(path, message)
            for field, path, message in _DESCRIPTION
            if getattr(child, field) is None and ctx.sound(path)
        ]


class EndangeredNotFlagged(Rule):
    """A child at risk is entered in NCIC under a category that does not say so.

    ## What it checks
    The report records a danger (`trafficking_risk` or `suicidal` is `yes`, or the
    `circumstance` is `family_abduction` or `nonfamily_abduction`), the episode has an
    `ncic_category`, and it is not `EME` (endangered), `EMI` (involuntary) or `EMD`
    (disability). Pregnancy and prescription medications alone do not count. No
    category at all is MR409, when there is a police report.

    ## Why it matters
    The NCIC category tells every officer who runs the child's name how urgent it is.
    A trafficked or suicidal child entered as a juvenile runaway (`EMJ`) is not treated
    as endangered.

    ## Example
    `"trafficking_risk": "yes"` with `"ncic_category": "EMJ"`.

    ## Use instead
    `"trafficking_risk": "yes"` with `"ncic_category": "EME"`.

    ## How to fix
    Ask the police to change the NCIC entry to `EME` (endangered), or `EMI` for an
    abduction, and record the new category. If the risk was recorded by mistake,
    correct the risk.

    ## Basis
    NCIC Missing Person File categories; Michigan FOM 722-03A (children missing from
    care are entered as endangered when at risk).
    """

    code = "MR404"
    name = "endangered-not-flagged"
    default_severity = Severity.WARNING
    requires = ("episode.ncic_category",)

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return _category(report, ctx) is not None and _danger(report)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        category = _category(report, ctx)
        if category is not None and category not in _AT_RISK_CATEGORIES and _danger(report):
            return self.one_finding(
                "episode.ncic_category",
                "the report records a danger (trafficking, suicide risk or an abduction) but "
                "the NCIC category does not flag it: ask the police to enter the child as "
                "EME (endangered), or EMI for an abduction, and record it",
                value=category,
            )
        return ()


class LastSeenPlaceIncomplete(Rule):
    """The place the child was last seen has no city or no state.

    ## What it checks
    `episode.last_seen_location` has a `city` and a `state`. Each missing one is a
    finding at its own path. A state that is there but not a USPS code is reported as
    such (MR005), not as missing.

    ## Why it matters
    The search starts where the child was last seen; NCIC and NCMEC need at least the
    city and state to share the case with the right police and the right region.

    ## Example
    `"last_seen_location": {"street": "150 E Gay St"}`.

    ## Use instead
    `"last_seen_location": {"street": "150 E Gay St", "city": "Columbus", "state":
    "OH"}`.

    ## How to fix
    Record the city (or the nearest town) and the state's 2-letter code.

    ## Basis
    34 U.S.C. 41308(a)(3)(C).
    """

    code = "MR405"
    name = "last-seen-place-incomplete"
    default_severity = Severity.ERROR
    # Not "episode.last_seen_location": a bad ZIP code must not hide a missing city.

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return report.episode is not None and report.episode.last_seen_location is not None

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        episode = report.episode
        place = episode.last_seen_location if episode is not None else None
        if place is None:
            return ()  # missing or unreadable: reported by the schema (MR002, MR003)
        city, state = place.city is None, place.state is None
        if not (city or state):
            return ()
        found: list[Finding] = []
        base = "episode.last_seen_location"
        if city and ctx.sound(f"{base}.city"):
            found.append(
                self.finding(
                    f"{base}.city",
                    "the place last seen has no city: record the city or nearest town",
                )
            )
        if state and ctx.sound(f"{base}.state"):
            found.append(
                self.finding(
                    f"{base}.state",
                    "the place last seen has no state: record the state's 2-letter code",
                )
            )
        return found


class PoliceReportWithoutOri(Rule):
    """The police report does not name the police agency's ORI.

    ## What it checks
    There is a `law_enforcement_report` and it has no `ori`.

    ## Why it matters
    The ORI identifies the police agency in NCIC. Without it the agency's record cannot
    be matched to the NCIC entry, and state manuals require it in the case file.

    ## Example
    `"law_enforcement_report": {"agency_name": "Columbus Division of Police",
    "case_number": "CPD-24-031877", "reported_at": "..."}`.

    ## Use instead
    `"law_enforcement_report": {"agency_name": "Columbus Division of Police", "ori":
    "OH0250200", ...}`.

    ## How to fix
    Ask the police agency for its ORI (9 characters, like `OH0250200`) and record it.

    ## Basis
    Kentucky SOP 4.67; Arkansas policy VII-N1.
    """

    code = "MR406"
    name = "police-report-without-ori"
    default_severity = Severity.WARNING
    requires = ("law_enforcement_report.ori",)

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return ctx.sound(*self.requires) and report.law_enforcement_report is not None

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        police = report.law_enforcement_report
        if police is not None and police.ori is None:
            return self.one_finding(
                "law_enforcement_report.ori",
                "the police report has no ORI: ask the police agency for its 9-character "
                "NCIC identifier and record it",
            )
        return ()


class NcicNumberNotRecorded(Rule):
    """A day after the police report, no NCIC number is recorded.

    ## What it checks
    There is a `law_enforcement_report`, more than 24 hours have passed since its
    `reported_at` as of `as_of`, and it has no `ncic_number`. When `reported_at` is a
    date alone, 2 or more calendar days count as past 24 hours.

    ## Why it matters
    Police must enter a missing child into NCIC within 2 hours. The NCIC number is the
    agency's proof that this happened; without it, nobody can tell whether the child is
    in NCIC at all.

    ## Example
    Reported to police `2024-03-05T22:30:00-05:00`, no `ncic_number`, checked as of
    `2024-03-07`.

    ## Use instead
    `"ncic_number": "M123456789"`, asked of the police and recorded.

    ## How to fix
    Ask the police for the NCIC number of the entry and record it, with
    `ncic_entered_at`. If the child was never entered, ask them to enter the child now.

    ## Basis
    Michigan FOM 722-03A; Kentucky SOP 4.67; 34 U.S.C. 41308(a)(3).
    """

    code = "MR407"
    name = "ncic-number-not-recorded"
    default_severity = Severity.WARNING
    requires = ("law_enforcement_report.reported_at", "law_enforcement_report.ncic_number")

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        """A police report old enough that its NCIC number is due."""
        police = report.law_enforcement_report
        if police is None or police.reported_at is None or not ctx.sound(*self.requires):
            return False
        return judge(police.reported_at, ctx.as_of, NCIC_NUMBER_HOURS, ctx.tz) == "past"

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        police = report.law_enforcement_report
        if police is not None and police.ncic_number is None and self.applies(report, ctx):
            return self.one_finding(
                "law_enforcement_report.ncic_number",
                f"the police report is more than {NCIC_NUMBER_HOURS} hours old and no NCIC "
                "number is recorded: ask the police for it and record it, or ask them to "
                "enter the child into NCIC now",
            )
        return ()


class NcmecCaseNumberMissing(Rule):
    """The report to NCMEC has no NCMEC case number.

    ## What it checks
    There is an `ncmec_report` and it has no `case_number`.

    ## Why it matters
    The case number NCMEC gives is the proof that the report was made and when. The
    HHS-OIG audit found that states often could not show whether or when they had
    reported a child.

    ## Example
    `"ncmec_report": {"reported_at": "2024-03-06T09:05:00-05:00", "method": "web"}`.

    ## Use instead
    `"ncmec_report": {"reported_at": "2024-03-06T09:05:00-05:00", "method": "web",
    "case_number": "1498532"}`.

    ## How to fix
    Record the case number from NCMEC's confirmation. If there is none, call NCMEC to
    confirm the report was received.

    ## Basis
    HHS-OIG A-07-21-06102 (states could not show if or when they reported);
    42 U.S.C. 671(a)(35)(B).
    """

    code = "MR408"
    name = "ncmec-case-number-missing"
    default_severity = Severity.WARNING
    requires = ("ncmec_report.case_number",)

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return ctx.sound(*self.requires) and report.ncmec_report is not None

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        ncmec = report.ncmec_report
        if ncmec is not None and ncmec.case_number is None:
            return self.one_finding(
                "ncmec_report.case_number",
                "the NCMEC report has no case number: record the number from NCMEC's "
                "confirmation, or call NCMEC to confirm the report",
            )
        return ()


class NcicCategoryMissing(Rule):
    """The child was reported to police, but no NCIC category is recorded.

    ## What it checks
    There is a `law_enforcement_report` and `episode.ncic_category` is not recorded.

    ## Why it matters
    The category (juvenile, endangered, involuntary, disability...) decides how urgently
    every officer treats the NCIC entry. The agency should know it and check it matches
    the risks it knows of (MR404).

    ## Example
    A report with a `law_enforcement_report` and an episode without `ncic_category`.

    ## Use instead
    `"ncic_category": "EMJ"` (or the endangered category when the child is at risk).

    ## How to fix
    Ask the police which category they entered and record it: `EMJ` juvenile, `EME`
    endangered, `EMI` involuntary, `EMD` disability, `EMV` catastrophe victim, `EMO`
    other.

    ## Basis
    34 U.S.C. 41308(a)(3)(D); NCIC Missing Person File categories.
    """

    code = "MR409"
    name = "ncic-category-missing"
    default_severity = Severity.WARNING
    requires = ("episode.ncic_category",)

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        police, episode = report.law_enforcement_report, report.episode
        return ctx.sound(*self.requires) and police is not None and episode is not None

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        if self.applies(report, ctx) and report.episode.ncic_category is None:
            return self.one_finding(
                "episode.ncic_category",
                "the child was reported to police but no NCIC category is recorded: ask "
                "the police which category they entered and record it",
            )
        return ()
