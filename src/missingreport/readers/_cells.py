"""What a spreadsheet does to values, undone where it is safe and named where it is not.

A case-system export passes through Excel before it reaches us, and Excel changes
values: long digit strings become numbers in scientific notation (``4.04657E+09``),
whole numbers gain ``.0`` (``1512121.0``), a ZIP code loses its leading zero
(``2134``), and measurements keep their units (``125 lbs``, ``5'2"``). Each function
here looks at one cell's text for the field it fills and says what to read, or what
problem to report; none of them ever puts the value in a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from ..problems import (
    INVALID_PHONE,
    INVALID_VALUE,
    MALFORMED_NCIC_NUMBER,
    MALFORMED_NCMEC_CASE_NUMBER,
    MALFORMED_ORI,
    MALFORMED_POSTAL_CODE,
    ProblemKind,
)
from ..structure import Problem

__all__ = [
    "Reading",
    "four_digit_zip",
    "measurement",
    "parse_time_of_day",
    "scientific",
    "whole_float",
]

_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}")
_WHOLE_FLOAT = re.compile(r"([+-]?\d{1,30})\.0+")
_FOUR_DIGIT_ZIP = re.compile(r"\d{4}(?:-\d{4})?", re.ASCII)

#: The rule of a field whose value a spreadsheet turned into a number, by the path's end.
_NUMBER_RULE: tuple[tuple[str, ProblemKind], ...] = (
    ("phone", INVALID_PHONE),
    ("ori", MALFORMED_ORI),
    ("ncic_number", MALFORMED_NCIC_NUMBER),
    ("ncmec_report.case_number", MALFORMED_NCMEC_CASE_NUMBER),
    ("postal_code", MALFORMED_POSTAL_CODE),
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What to make of one cell: the value to read, and a problem to report with it."""

    value: str | int
    problem: Problem | None = None


def scientific(path: str, text: str) -> Problem | None:
    """A number in scientific notation where text belongs (a phone, an identifier).

    Its digits are lost (``4.04657E+09`` keeps 6 of 10), so it is never read: the
    field's own rule reports it (MR305 for a phone, MR301/MR303/MR304/MR307), else
    MR003.
    """
    if _SCIENTIFIC.fullmatch(text) is None:
        return None
    kind: ProblemKind = next((k for end, k in _NUMBER_RULE if path.endswith(end)), INVALID_VALUE)
    return Problem(
        kind,
        path,
        "was turned into a number in scientific notation by a spreadsheet, and its digits "
        "are lost: format the column as text in the export and export it again",
        text,
        replaces=True,
    )


def whole_float(text: str) -> str | None:
    """The digits of an integer a spreadsheet wrote as a float (``1512121.0``), else ``None``."""
    match = _WHOLE_FLOAT.fullmatch(text)
    return match.group(1) if match is not None else None


def four_digit_zip(path: str, text: str) -> Problem | None:
    """A US ZIP code of 4 digits: a spreadsheet dropped its leading zero (MR307)."""
    if not path.endswith("postal_code") or _FOUR_DIGIT_ZIP.fullmatch(text) is None:
        return None
    return Problem(
        MALFORMED_POSTAL_CODE,
        path,
        "has 4 digits: a spreadsheet dropped the leading zero of the ZIP code; write it with "
        "5 digits (0NNNN) and format the column as text in the export",
        text,
        replaces=True,
    )


_NUMBER = r"(\d{1,4}(?:\.\d+)?)"
_UNIT = re.compile(_NUMBER + r"\s*([A-Za-z\"'#.]+)")
_FEET_INCHES = re.compile(
    r"(\d)\s*(?:'|ft\.?|feet|foot)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:\"|''|in\.?|inches)?)?"
)
_UNITS = {
    "lb": "lb", "lbs": "lb", "lb.": "lb", "lbs.": "lb", "pound": "lb", "pounds": "lb", "#": "lb",
    "in": "in", "in.": "in", "inch": "in", "inches": "in", '"': "in", "''": "in",
    "kg": "kg", "kgs": "kg", "kilograms": "kg", "g": "g",
    "cm": "cm", "m": "m", "mm": "mm", "ft": "ft", "feet": "ft", "'": "ft",
}  # fmt: skip
_FIELD_UNIT = {"_in": ("in", "inches"), "_lb": ("lb", "pounds")}


def measurement(path: str, text: str) -> Reading | None:
    """A measurement written with its unit (``125 lbs``, ``5'2"``, ``62 in``).

    Read as the whole number the field holds when the unit is the field's own
    (inches for ``height_in``, pounds for ``weight_lb``; feet and inches are turned
    into inches); a unit of another kind is MR003 naming the unit. ``None``: the text
    is no number with a unit.
    """
    own = next((v for end, v in _FIELD_UNIT.items() if path.endswith(end)), None)
    if own is None:
        return None
    unit, words = own
    feet = _FEET_INCHES.fullmatch(text)
    if feet is not None and unit == "in":
        inches = int(feet.group(1)) * 12 + float(feet.group(2) or 0)
        return Reading(round(inches))
    match = _UNIT.fullmatch(text)
    if match is None:
        return None
    number, written = match.groups()
    found = _UNITS.get(written.casefold())
    if found == unit:
        return Reading(round(float(number)))
    name = found or written
    return Reading(
        text,
        Problem(
            INVALID_VALUE,
            path,
            f"is written in {name}, and this field holds {words}: convert it and write the "
            "number alone",
            text,
            replaces=True,
        ),
    )


_HALF = r"\s*([AaPp])\.?\s*[Mm]\.?"
_COLON = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:" + _HALF + ")?")
_COMPACT = re.compile(r"(\d{1,2})(\d{2})(?:" + _HALF + ")?")
_HOUR = re.compile(r"(\d{1,2})" + _HALF)


def parse_time_of_day(text: str) -> time | None:
    """A time of day as exports write it: ``16:30``, ``4:30 PM``, ``1630``, ``16:30:00``.

    Three or four digits without a colon are hours and minutes (``0930``, ``930``); a
    bare hour needs AM or PM (``4 PM``). ``None`` when the text is no time of day.
    """
    text = text.strip()
    second = 0
    if (match := _COLON.fullmatch(text)) is not None:
        hour, minute, second, half = (
            int(match[1]), int(match[2]), int(match[3] or 0), match[4]
        )  # fmt: skip
    elif (match := _COMPACT.fullmatch(text)) is not None:
        hour, minute, half = int(match[1]), int(match[2]), match[3]
    elif (match := _HOUR.fullmatch(text)) is not None:
        hour, minute, half = int(match[1]), 0, match[2]
    else:
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)
