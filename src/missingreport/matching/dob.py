"""Dates of birth: equal, one keying error apart, or different.

A date is compared through its eight digits ``YYYYMMDD``. Two valid dates are one
*typo* apart when they differ by exactly one of:

* ``digit``: one digit changed (``2011-04-17`` / ``2011-04-27``);
* ``transposition``: two adjacent digits swapped (``2011-04-12`` / ``2011-04-21``,
  ``2010-11-05`` / ``2001-11-05``);
* ``day_month_swap``: day and month exchanged (``2011-04-07`` / ``2011-07-04``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

__all__ = [
    "DobRelation",
    "TypoKind",
    "digits_relation",
    "digits_typo_kind",
    "dob_digits",
    "dob_relation",
    "dob_typo_kind",
    "text_digits",
]

DobRelation = Literal["equal", "typo", "different", "unknown"]
TypoKind = Literal["digit", "transposition", "day_month_swap"]


def dob_digits(value: object) -> str:
    """``YYYYMMDD`` for a date (or datetime), ``""`` for anything else."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return ""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


_ISO_LIKE = re.compile(r"\s*(\d{4})\D?(\d{1,2})\D?(\d{1,2})(?:[ T].*)?\s*")
_US_LIKE = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?\s*")


def text_digits(text: str | None, *, day_first: bool = False) -> str:
    """The ``YYYYMMDD`` digits of a date of birth written as text, even when they are no
    valid date (``2029-30-05`` -> ``20293005``: a day and month swapped): ``YYYY-MM-DD``,
    ``YYYYMMDD`` or ``MM/DD/YYYY`` (``DD/MM/YYYY`` when ``day_first``); ``""`` for
    anything else."""
    if not text:
        return ""
    m = _ISO_LIKE.fullmatch(text)
    if m is not None:
        year, month, day = m[1], m[2], m[3]
    else:
        m = _US_LIKE.fullmatch(text)
        if m is None:
            return ""
        month, day, year = (m[2], m[1], m[3]) if day_first else (m[1], m[2], m[3])
    return f"{year}{int(month):02d}{int(day):02d}"


def digits_typo_kind(a: str, b: str) -> TypoKind | None:
    """The kind of single keying error turning digits ``a`` into ``b``, if any."""
    if len(a) != 8 or len(b) != 8 or a == b:
        return None
    diff = [k for k in range(8) if a[k] != b[k]]
    if len(diff) == 1:
        return "digit"
    if (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    ):
        return "transposition"
    if a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return "day_month_swap"
    return None


def digits_relation(a: str, b: str) -> DobRelation:
    """:func:`dob_relation` on ``YYYYMMDD`` strings (``""`` meaning unknown)."""
    if not a or not b:
        return "unknown"
    if a == b:
        return "equal"
    return "typo" if digits_typo_kind(a, b) is not None else "different"


def dob_relation(a: date | None, b: date | None) -> DobRelation:
    """How two dates of birth relate: ``equal``, ``typo``, ``different`` or ``unknown``.

    ``unknown`` when either is missing (or not a date).
    """
    return digits_relation(dob_digits(a), dob_digits(b))


def dob_typo_kind(a: date | None, b: date | None) -> TypoKind | None:
    """Which single keying error separates two dates of birth (``None`` if none)."""
    return digits_typo_kind(dob_digits(a), dob_digits(b))
