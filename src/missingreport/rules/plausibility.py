"""MR5xx: plausibility and placeholders.

Values that parse but cannot be true: stand-in names and dates typed in when the real
one was not known, measurements no child has, and a nickname that only repeats the
name. One defect gives one finding: a measurement that MR503 flags is not measured
against the growth charts again (MR504), and a full name such as ``Baby Girl`` is one
finding, not one for each of its parts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from ..findings import Finding, Severity
from ..reference.growth import (
    UNAVAILABLE_REASON,
    growth_available,
    measurement_centile,
    usual_range,
)
from ..schema import MissingChildReport
from ._base import Context, Rule

__all__ = [
    "ImplausibleMeasurement",
    "MeasurementUnusualForAge",
    "NicknameRepeatsName",
    "PlaceholderDate",
    "PlaceholderName",
]


#: Name fields that stand in for an unknown name (folded, letters only).
STAND_IN_NAMES = frozenset(
    {"unknown", "unk", "na", "none", "test", "baby", "xxx", "babyboy", "babygirl"}
)
#: First and last names that together stand in for an unknown name (folded).
STAND_IN_FULL_NAMES = frozenset(
    {("baby", "boy"), ("baby", "girl"), ("john", "doe"), ("jane", "doe")}
)
_STAND_IN_LAST_NAMES = frozenset(last for _, last in STAND_IN_FULL_NAMES)
#: Dates that systems and people type when the real one is not known.
PLACEHOLDER_DATES = frozenset(
    {date(1900, 1, 1), date(1901, 1, 1), date(1970, 1, 1), date(2000, 1, 1)}
)
#: Plausible ranges, inclusive: height in inches, weight in pounds.
HEIGHT_RANGE_IN = (12, 90)
WEIGHT_RANGE_LB = (3, 700)
#: Centiles beyond which a measurement is unusual for the age and sex.
LOWEST_CENTILE, HIGHEST_CENTILE = 0.1, 99.9
#: Similarity (0-1, rapidfuzz ratio of folded text) from which a nickname repeats a name.
NICKNAME_SIMILARITY = 0.9

Measurement = Literal["height", "weight"]
_HEIGHT: Measurement = "height"
_WEIGHT: Measurement = "weight"
_HEIGHT_LOW, _HEIGHT_HIGH = HEIGHT_RANGE_IN
_WEIGHT_LOW, _WEIGHT_HIGH = WEIGHT_RANGE_LB


@lru_cache(maxsize=16384)  # names recur from report to report
def _fold(text: str) -> str:
    """Accent-free, case-folded words: punctuation and spacing become one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


#: The ASCII characters that are neither letters nor digits, to be deleted.
_ASCII_NOT_ALNUM = {i: None for i in range(128) if not chr(i).isalnum()}


def _letters(name: str) -> str:
    """The folded name without spaces (``Baby-Girl`` and ``baby girl`` are ``babygirl``)."""
    if name.isascii():
        return name.lower().translate(_ASCII_NOT_ALNUM)  # what folding gives it
    return _folded_letters(name)


@lru_cache(maxsize=4096)  # names with accents or in other scripts: fewer, and dearer
def _folded_letters(name: str) -> str:
    return _fold(name).replace(" ", "")


def _stand_in(name: str) -> bool:
    """A name field that is no name: a stand-in word, a single letter, or no letter.

    Not cached: names have a long tail (a cache of them thrashes), and a name of two
    or more ASCII letters, the common case, is judged by one lookup.
    """
    if len(name) > 1 and name.isalpha() and name.isascii():
        letters = name.lower()
        return letters in STAND_IN_NAMES or letters.strip("x") == ""
    letters = _letters(name)
    if not (letters.isalpha() or any(ch.isalpha() for ch in letters)):
        return True  # "?", "--", "123"
    if len(letters) == 1:
        return letters.isascii()  # "J.", not a one-character name in another script
    return letters in STAND_IN_NAMES or set(letters) == {"x"}


def _measurements(ctx: Context) -> tuple[tuple[Measurement, str, str, int, bool], ...]:
    """(measurement, path, unit, value, plausible) of each recorded height and weight
    (shared by MR503 and MR504: ``ctx.shared(_measurements)``)."""
    child = ctx.report.child
    if child is None:
        return ()
    height, weight = child.height_in, child.weight_lb
    found: tuple[tuple[Measurement, str, str, int, bool], ...] = ()
    if height is not None:
        found = (
            (_HEIGHT, "child.height_in", "inches", height, _HEIGHT_LOW <= height <= _HEIGHT_HIGH),
        )
    if weight is not None:
        found += (
            (_WEIGHT, "child.weight_lb", "pounds", weight, _WEIGHT_LOW <= weight <= _WEIGHT_HIGH),
        )
    return found


class PlaceholderName(Rule):
    """The child's name is a stand-in, not a name.

    ## What it checks
    The first or last name is a word used when the name is not known (`UNKNOWN`, `UNK`,
    `N/A`, `NA`, `NONE`, `TEST`, `BABY`, `XXX` or any run of X), a single letter (`J.`),
    or has no letter at all (`?`), ignoring case, accents, punctuation and spacing; or
    the first and last name together are `BABY BOY`, `BABY GIRL`, `JOHN DOE` or
    `JANE DOE` (one finding for the pair). `Baby Girl` written in the first-name field
    counts too.

    ## Why it matters
    The name is the first thing police and NCMEC search by. A stand-in matches no
    record, hides the child among every other "unknown", and in a test value may mean
    the report is not real at all.

    ## Example
    `child.first_name: "UNK"`, or `first_name: "Baby"` with `last_name: "Girl"`.

    ## Use instead
    The child's name from the case record; a first name not yet known left blank
    (MR002), never `UNK`.

    ## How to fix
    Record the child's legal name from the case record. If the name really is not known,
    say so in the narrative and update the report as soon as it is. If the value is the
    child's real name (a surname `Na`, say), no change is needed.

    ## Basis
    34 U.S.C. 41308(a)(3) (the name is part of the NCIC entry); 45 CFR 1355.43(d): data
    not collected is left blank, never filled with a stand-in.
    """

    code = "MR501"
    name = "placeholder-name"
    default_severity = Severity.WARNING

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        child = report.child
        if child is None:
            return ()
        first, last = child.first_name, child.last_name
        if (
            first is not None
            and last is not None
            and _letters(last) in _STAND_IN_LAST_NAMES
            and (_letters(first), _letters(last)) in STAND_IN_FULL_NAMES
        ):
            return self.one_finding(
                "child",
                "the first and last name together are a stand-in for an unknown name: "
                "record the child's legal name",
                value=f"{first} {last}",
            )
        return [
            self.finding(
                path,
                f"the {label} name is a stand-in, not a name: record the child's legal "
                f"{label} name",
                value=name,
            )
            for path, label, name in (
                ("child.first_name", "first", first),
                ("child.last_name", "last", last),
            )
            if name is not None and _stand_in(name)
        ]


class PlaceholderDate(Rule):
    """A date is a common default, not a real date.

    ## What it checks
    `child.date_of_birth`, `episode.removal_date` or `child.photo.taken_on` is
    1900-01-01, 1901-01-01, 1970-01-01 or 2000-01-01: the values that systems and
    people fill in when the real date is not known. One finding for each such field.

    ## Why it matters
    A default date looks like data but says nothing. A default date of birth also
    makes every age check wrong (it usually shows up as over age, MR101), and a
    default photo date hides how old the photo is.

    ## Example
    `child.date_of_birth: "1900-01-01"`.

    ## Use instead
    The real date of birth, `child.date_of_birth: "2009-06-14"`.

    ## How to fix
    Record the real date from the case record, or leave the field out when it is truly
    not known (the date of birth is required: find it). If the date is real (a removal
    on 1 January 2000, say), no change is needed.

    ## Basis
    45 CFR 1355.43(d): data not collected is left blank, never mapped to a valid value.
    """

    code = "MR502"
    name = "placeholder-date"
    default_severity = Severity.WARNING

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        child, episode = report.child, report.episode
        photo = child.photo if child is not None else None
        dates = (
            ("child.date_of_birth", "date of birth", child.date_of_birth if child else None),
            ("episode.removal_date", "removal date", episode.removal_date if episode else None),
            ("child.photo.taken_on", "date the photo was taken", photo.taken_on if photo else None),
        )
        return [
            self.finding(
                path,
                f"the {label} is a common default date, not a real one: record the real date",
                value=value.isoformat(),
            )
            for path, label, value in dates
            if value is not None and value in PLACEHOLDER_DATES
        ]


class ImplausibleMeasurement(Rule):
    """A height or weight that no child has.

    ## What it checks
    `child.height_in` is outside 12-90 inches, or `child.weight_lb` outside 3-700
    pounds (zero included). One finding for each such field.

    ## Why it matters
    Height and weight are part of the description police and NCMEC search with. An
    impossible value is usually a unit mix-up (centimetres, kilograms, feet) or a
    stand-in such as 0 or 999, and it hides the real description.

    ## Example
    `child.height_in: 160` (centimetres typed as inches), or `child.weight_lb: 0`.

    ## Use instead
    `child.height_in: 63` (160 cm converted), and the weight in pounds.

    ## How to fix
    Record the height in inches and the weight in pounds (5 ft 3 in is 63 inches; 160 cm
    is 63 inches; 54 kg is 119 pounds), or leave the field out when it is not known.

    ## Basis
    42 U.S.C. 671(a)(35)(B)(ii) and 34 U.S.C. 41308(a)(3) (height and weight are part
    of the report); NCIC HGT and WGT fields.
    """

    code = "MR503"
    name = "implausible-measurement"
    default_severity = Severity.ERROR

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        found: list[Finding] = []
        for measurement, path, unit, value, plausible in ctx.shared(_measurements):
            if not plausible:
                low, high = HEIGHT_RANGE_IN if measurement == "height" else WEIGHT_RANGE_LB
                message = (
                    f"the {measurement} is not a plausible value in {unit} (expected "
                    f"{low}-{high}): record it in {unit}, or leave it out when not known"
                )
                found.append(self.finding(path, message, value=value))
        return found


class MeasurementUnusualForAge(Rule):
    """A height or weight that is extreme for the child's age and sex.

    ## What it checks
    `child.height_in` or `child.weight_lb` lies below the 0.1st or above the 99.9th
    percentile for the child's age (in days, at the calendar date last seen) and sex on
    the CDC growth charts (the WHO charts under 2 years, as the CDC recommends). No
    finding when `sex` is `U`, when the charts do not cover the age (over 20 years, or
    born after the date last seen, MR104), or for a value that MR503 already flags.
    Needs the optional growth data (`pip install missingreport[growth]`); without it
    the rule is unavailable.

    ## Why it matters
    Only 1 child in 1,000 is that tall for the age, and 1 in 1,000 that short (the same
    for weight). The usual cause is a wrong unit, a typing slip, a measurement years out
    of date, or a wrong date of birth, and a description that does not fit the child
    misleads the search.

    ## Example
    A girl of 14 (`date_of_birth: "2009-06-14"`, last seen `2024-03-05`) with
    `height_in: 80`.

    ## Use instead
    `height_in: 63`, measured again.

    ## How to fix
    Check the measurement, its unit and how recent it is, and the date of birth. If the
    value is right, no change is needed.

    ## Basis
    CDC growth charts 2000, stature- and weight-for-age (2-20 years); WHO Child Growth
    Standards 2006 (under 2 years), via the rcpchgrowth package.
    """

    code = "MR504"
    name = "measurement-unusual-for-age"
    default_severity = Severity.WARNING
    requires = ("child.date_of_birth", "child.sex", "episode.last_seen_at")
    extra = "growth"

    @classmethod
    def available(cls) -> bool:
        """False when the growth charts (rcpchgrowth) are not installed."""
        return growth_available()

    @classmethod
    def unavailable_reason(cls) -> str:
        """What to install for the growth charts."""
        return UNAVAILABLE_REASON

    @classmethod
    def prepare(cls) -> None:
        """Read the growth charts now (the first lookup reads them all)."""
        if growth_available():
            measurement_centile(sex="F", age_days=5000, measurement="height", value_in_or_lb=60.0)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        child, episode = report.child, report.episode
        if child is None or episode is None or child.sex not in ("M", "F"):
            return ()
        if child.date_of_birth is None or episode.last_seen_at is None:
            return ()
        age_days = (ctx.date_of(episode.last_seen_at) - child.date_of_birth).days
        found: list[Finding] = []
        sex = child.sex
        for measurement, path, unit, value, plausible in ctx.shared(_measurements):
            if not plausible:
                continue  # MR503
            low, high = usual_range(sex, age_days, measurement, LOWEST_CENTILE, HIGHEST_CENTILE)
            if low < value < high:
                continue  # most values: certainly usual, no centile to compute
            centile = measurement_centile(
                sex=child.sex, age_days=age_days, measurement=measurement, value_in_or_lb=value
            )
            if centile is None or LOWEST_CENTILE <= centile <= HIGHEST_CENTILE:
                continue
            where = "below the 0.1st" if centile < LOWEST_CENTILE else "above the 99.9th"
            message = (
                f"the {measurement} is {where} percentile for the child's age and sex on the "
                f"CDC growth charts: check the value, its unit ({unit}) and the date of birth"
            )
            found.append(self.finding(path, message, value=value))
        return found


class NicknameRepeatsName(Rule):
    """A nickname only repeats the child's legal name.

    ## What it checks
    An entry of `child.nicknames` is the legal first name or full name again (first and
    last, in either order, with or without the middle name), ignoring case, accents,
    punctuation and small typing differences (similarity of 90% or more). A nickname
    that is only the last name is not flagged. One finding for each such nickname.

    ## Why it matters
    Nicknames, street names and names used online are how a missing child is often
    found. A list that only repeats the legal name adds nothing, and it usually means
    that the names the child really goes by were never asked for.

    ## Example
    `first_name: "Maya"`, `last_name: "Alvarez"`, `nicknames: ["maya alvarez"]`.

    ## Use instead
    `nicknames: ["May"]`: only names that differ from the legal name.

    ## How to fix
    Remove the repeated name and record the names the child actually uses (ask
    caregivers, friends and school staff; check social media).

    ## Basis
    Ohio OAC 5101:2-42-88 (the report lists the child's nicknames and social media).
    """

    code = "MR505"
    name = "nickname-repeats-name"
    default_severity = Severity.INFO

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        child = report.child
        if child is None or not child.nicknames or child.first_name is None:
            return ()
        first = _fold(child.first_name)
        full_names = []
        if child.last_name is not None:
            last = _fold(child.last_name)
            full_names.append(f"{first} {last}")
            if child.middle_name is not None:
                full_names.append(f"{first} {_fold(child.middle_name)} {last}")
        found: list[Finding] = []
        for index, nickname in enumerate(child.nicknames):
            folded = _fold(nickname)
            if not folded:
                continue
            score = max(
                [fuzz.ratio(folded, first)]
                + [fuzz.token_sort_ratio(folded, full) for full in full_names]
            )
            if score >= NICKNAME_SIMILARITY * 100:
                message = (
                    "this nickname repeats the child's legal name: remove it and record the "
                    "names the child actually goes by"
                )
                found.append(self.finding(f"child.nicknames.{index}", message, value=nickname))
        return found
