"""Normalisation of the non-name identifying fields: sex, address, record number, dates.

Every function takes raw text (``""`` when blank) and returns a normalised string,
``""`` when the value is blank or unusable, so that scoring can skip it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from .names import fold_text

__all__ = [
    "normalize_city",
    "normalize_postal",
    "normalize_record_number",
    "normalize_sex",
    "normalize_state",
    "normalize_street",
    "normalize_zip5",
    "ordinal",
    "text_of",
]

_STREET_WORDS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd", "drive": "dr",
    "lane": "ln", "court": "ct", "boulevard": "blvd", "place": "pl", "circle": "cir",
    "terrace": "ter", "parkway": "pkwy", "highway": "hwy", "trail": "trl", "square": "sq",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw",
}  # fmt: skip
_UNIT_WORDS = frozenset(
    {"apt", "apartment", "unit", "ste", "suite", "lot", "rm", "room", "fl", "floor", "bldg"}
)
_CITY_WORDS = {"saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt"}
_MALE = frozenset({"m", "male", "man", "boy"})
_FEMALE = frozenset({"f", "female", "woman", "girl"})


def text_of(value: object) -> str:
    """``""`` for ``None``, the string itself, or ``str(value)`` for anything else."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


@lru_cache(maxsize=1 << 10)
def normalize_state(raw: str) -> str:
    """Letters only, accent-free and case-folded (``"GA"`` -> ``"ga"``)."""
    return "".join(ch for ch in fold_text(raw) if ch.isalpha()) if raw else ""


@lru_cache(maxsize=1 << 10)
def normalize_sex(raw: str) -> str:
    """``"m"``, ``"f"`` or ``""`` (unknown, other or blank)."""
    word = normalize_state(raw)
    if word in _MALE:
        return "m"
    return "f" if word in _FEMALE else ""


@lru_cache(maxsize=1 << 16)
def normalize_street(raw: str) -> tuple[str, str]:
    """``(house number, street name)``: suffixes and directions abbreviated, the unit
    (``Apt 4``, ``#12``) dropped. ``"12 North Oak Street Apt 3"`` -> ``("12", "n oak st")``."""
    if not raw:
        return "", ""
    text = "".join(ch if ch.isalnum() or ch == "#" else " " for ch in fold_text(raw))
    tokens: list[str] = []
    for tok in text.split():
        if tok.startswith("#") or tok in _UNIT_WORDS:
            break
        tokens.append(_STREET_WORDS.get(tok, tok))
    house = tokens.pop(0) if tokens and tokens[0][:1].isdigit() else ""
    return house, " ".join(tokens)


@lru_cache(maxsize=1 << 14)
def normalize_city(raw: str) -> str:
    """Letters and single spaces, ``Saint``/``Fort``/``Mount`` abbreviated."""
    text = "".join(ch if ch.isalpha() else " " for ch in fold_text(raw)) if raw else ""
    return " ".join(_CITY_WORDS.get(tok, tok) for tok in text.split())


def normalize_zip5(raw: str) -> str:
    """The first five digits of a postal code, ``""`` when there are fewer."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    return digits[:5] if len(digits) >= 5 else ""


def normalize_postal(raw: str) -> str:
    """A postal code as letters and digits, case-folded: a US ZIP (ZIP+4 too) as its
    first five digits, any other code of at least three characters as it is (a
    4-digit Australian or Swiss code, a Canadian ``K1A 0B1``); ``""`` otherwise."""
    text = "".join(ch for ch in raw.casefold() if ch.isalnum())
    if text.isdigit() and len(text) >= 5:
        return text[:5]
    return text if len(text) >= 3 else ""


def normalize_record_number(raw: str) -> str:
    """Letters and digits, case-folded, leading zeros dropped."""
    return "".join(ch for ch in raw.casefold() if ch.isalnum()).lstrip("0")


def ordinal(value: object) -> int:
    """The proleptic ordinal of a date (or datetime's date), -1 for anything else."""
    if isinstance(value, datetime):
        return value.date().toordinal()
    return value.toordinal() if isinstance(value, date) else -1
