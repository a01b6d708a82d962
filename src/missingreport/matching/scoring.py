"""Pairwise identity scores: name similarity and the match score of two person keys.

The match score is a Fellegi-Sunter style log-odds sum turned into a probability:
each field adds a weight (log2 of a likelihood ratio) according to how well it
agrees, a blank field adds nothing, and ``score = 1 / (1 + 2 ** -(total + PRIOR))``.

Weights (log2), from a prior of -10:

=================  ==========================================================
first name         exact +5, nickname +4, one typo (Jaro-Winkler 0.9) +2.5,
                   0.8 -4, below 0.7 -10 (piecewise linear in between)
last name          exact +4, 0.9 +2, 0.8 -1, below 0.7 -4
exact name         +-: term-frequency adjustment (:class:`NameFrequencies`)
date of birth      equal +7, one keying error +2.5, different -8
sex                agree +0.9, disagree -4
address            at most +4.2: street and number +2.5, postal code +1,
                   city +0.5, state +0.2; small penalties when they differ
record number      equal +10, different -2
date last seen     within 2 days +1.5, a week +0.5, a month -1, further -8
=================  ==========================================================

So the same names and date of birth score about 0.99, the same names with a
blank date of birth about 0.3 (a match only with more: a rare name, the address,
the date last seen), twins (same last name, date of birth and address, different
first names) below 0.2. *Individual* evidence (first name, date of birth, sex,
record number) is kept apart from *household* evidence (last name, address),
which siblings share: the latter is capped well below what a clear first-name or
date-of-birth disagreement takes away. Names are compared in both orientations
(first/last and last/first) and the better one counts, the swapped one -0.5. The
date last seen is not identity; it tells apart the episodes of a child who went
missing more than once.

Scoring many pairs is vectorised: the four Jaro-Winkler columns (first/first,
last/last, first/last, last/first) of all candidate pairs are computed by
``rapidfuzz.process.cpdist(..., workers=-1)`` when numpy is importable (numpy is only
an optional dependency of rapidfuzz) and by a plain loop over the same C scorer
otherwise; the rest of the score is cheap arithmetic shared by both paths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from rapidfuzz.distance import JaroWinkler

from .dob import digits_relation, dob_digits
from .fields import (
    normalize_city,
    normalize_record_number,
    normalize_sex,
    normalize_state,
    normalize_street,
    normalize_zip5,
    ordinal,
    text_of,
)
from .names import EMPTY_NAME, NameFrequencies, NormName, field_similarity, normalize_name

__all__ = [
    "PRIOR_LOG_ODDS",
    "Named",
    "PersonKey",
    "Prepared",
    "jw_column",
    "names_alike",
    "names_alike_pairs",
    "names_alike_prepared",
    "prepare",
    "prepare_all",
    "score_pair",
    "score_prepared",
    "score_prepared_pairs",
    "vectorised_available",
]


@dataclass(frozen=True, slots=True)
class PersonKey:
    """The identifying fields of one record; every field may be blank (``None``)."""

    first: str | None = None
    last: str | None = None
    dob: date | None = None
    sex: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    record_number: str | None = None
    #: Date the child was last seen (episode vs submission); not identity, it only
    #: tells apart episodes of the same child.
    last_seen: date | None = None


class Named(Protocol):
    """Has a normalised first and last name, as :class:`Prepared` (for name scoring)."""

    @property
    def first(self) -> NormName: ...

    @property
    def last(self) -> NormName: ...


#: Log-odds before any evidence (log2): about one chance in a thousand.
PRIOR_LOG_ODDS = -10.0
_FIRST_ANCHORS = ((0.70, -10.0), (0.80, -4.0), (0.85, -1.0), (0.90, 2.5), (0.95, 4.0), (1.0, 5.0))
_LAST_ANCHORS = ((0.70, -4.0), (0.80, -1.0), (0.85, 0.5), (0.90, 2.0), (0.95, 3.0), (1.0, 4.0))
_SWAP_PENALTY = -0.5
_DOB_WEIGHTS = {"equal": 7.0, "typo": 2.5, "different": -8.0, "unknown": 0.0}
_SEX_AGREE, _SEX_DISAGREE = 0.9, -4.0
_STREET_AGREE, _STREET_PARTIAL, _STREET_DISAGREE = 2.5, 1.0, -0.5
_ZIP_AGREE, _ZIP_DISAGREE = 1.0, -0.3
_CITY_AGREE, _CITY_DISAGREE = 0.5, -0.2
_STATE_AGREE, _STATE_DISAGREE = 0.2, -0.5
_RECORD_AGREE, _RECORD_DISAGREE = 10.0, -2.0
#: (maximum days apart, weight) for the dates last seen; beyond the last: _SEEN_FAR.
_SEEN_STEPS = ((2, 1.5), (7, 0.5), (31, -1.0))
_SEEN_FAR = -8.0
_ALIKE_SWAP_PENALTY = 0.02
_BLANK_FIELD_ALIKE = 0.5
_EPS = 1e-9


#: What the blank (``None``) fields normalise to, computed once.
_BLANK_STREET = normalize_street("")
_BLANK_CITY = normalize_city("")
_BLANK_STATE = normalize_state("")
_BLANK_ZIP = normalize_zip5("")
_BLANK_RECORD = normalize_record_number("")


class Prepared:
    """A :class:`PersonKey` normalised once for blocking and scoring."""

    __slots__ = (
        "city", "dob", "first", "house", "last", "record", "seen", "sex", "state", "street",
        "zip5",
    )  # fmt: skip

    def __init__(self, key: PersonKey) -> None:
        self.first: NormName = normalize_name(text_of(key.first)) if key.first else EMPTY_NAME
        self.last: NormName = normalize_name(text_of(key.last)) if key.last else EMPTY_NAME
        self.dob: str = dob_digits(key.dob)
        self.sex: str = normalize_sex(text_of(key.sex)) if key.sex else ""
        # A blank field normalises to a constant: skip the call (most keys have no address).
        street, city, state, postal = key.street, key.city, key.state, key.postal_code
        self.house, self.street = (
            _BLANK_STREET if street is None else normalize_street(text_of(street))
        )
        self.city: str = _BLANK_CITY if city is None else normalize_city(text_of(city))
        self.state: str = _BLANK_STATE if state is None else normalize_state(text_of(state))
        self.zip5: str = _BLANK_ZIP if postal is None else normalize_zip5(text_of(postal))
        number = key.record_number
        self.record: str = (
            _BLANK_RECORD if number is None else normalize_record_number(text_of(number))
        )
        self.seen: int = -1 if key.last_seen is None else ordinal(key.last_seen)


def prepare(key: PersonKey) -> Prepared:
    return Prepared(key)


def prepare_all(keys: Sequence[PersonKey]) -> list[Prepared]:
    return [Prepared(key) for key in keys]


def _interp(sim: float, anchors: tuple[tuple[float, float], ...]) -> float:
    lo_x, lo_y = anchors[0]
    if sim <= lo_x:
        return lo_y
    for hi_x, hi_y in anchors[1:]:
        if sim <= hi_x + _EPS:
            if sim >= hi_x:
                return hi_y
            return lo_y + (hi_y - lo_y) * (sim - lo_x) / (hi_x - lo_x)
        lo_x, lo_y = hi_x, hi_y
    return lo_y


def _orientation(
    fa: NormName,
    la: NormName,
    fb: NormName,
    lb: NormName,
    jw_f: float,
    jw_l: float,
    tf: NameFrequencies | None,
) -> float:
    f = field_similarity(fa, fb, jw_f)
    l_ = field_similarity(la, lb, jw_l)
    total = 0.0
    if f is not None:
        total += _interp(f, _FIRST_ANCHORS)
        if f == 1.0 and tf is not None:
            total += tf.bonus(fa.joined)
    if l_ is not None:
        total += _interp(l_, _LAST_ANCHORS)
        if l_ == 1.0 and tf is not None:
            total += tf.bonus(la.joined)
    return total


def _name_log_odds(
    a: Prepared, b: Prepared, jw: tuple[float, float, float, float], tf: NameFrequencies | None
) -> float:
    straight = _orientation(a.first, a.last, b.first, b.last, jw[0], jw[1], tf)
    if (a.first.blank or b.last.blank) and (a.last.blank or b.first.blank):
        return straight
    if a.first.joined == b.first.joined and a.last.joined == b.last.joined:
        return straight  # both exact: the swapped reading cannot do better
    swapped = _orientation(a.first, a.last, b.last, b.first, jw[2], jw[3], tf)
    return max(straight, swapped + _SWAP_PENALTY)


def _address_log_odds(a: Prepared, b: Prepared) -> float:
    total = 0.0
    if a.street and b.street:
        alike = a.street == b.street or (
            JaroWinkler.normalized_similarity(a.street, b.street) >= 0.88
        )
        if a.house and b.house:
            total += _STREET_AGREE if alike and a.house == b.house else _STREET_DISAGREE
        elif alike:
            total += _STREET_PARTIAL
    if a.zip5 and b.zip5:
        total += _ZIP_AGREE if a.zip5 == b.zip5 else _ZIP_DISAGREE
    if a.city and b.city:
        alike = a.city == b.city or JaroWinkler.normalized_similarity(a.city, b.city) >= 0.92
        total += _CITY_AGREE if alike else _CITY_DISAGREE
    if a.state and b.state:
        total += _STATE_AGREE if a.state == b.state else _STATE_DISAGREE
    return total


def _log_odds(
    a: Prepared, b: Prepared, jw: tuple[float, float, float, float], tf: NameFrequencies | None
) -> float:
    total = PRIOR_LOG_ODDS + _name_log_odds(a, b, jw, tf)
    total += _DOB_WEIGHTS[digits_relation(a.dob, b.dob)]
    if a.sex and b.sex:
        total += _SEX_AGREE if a.sex == b.sex else _SEX_DISAGREE
    if a.record and b.record:
        total += _RECORD_AGREE if a.record == b.record else _RECORD_DISAGREE
    if a.seen >= 0 and b.seen >= 0:
        days = abs(a.seen - b.seen)
        weight = _SEEN_FAR
        for limit, step_weight in _SEEN_STEPS:
            if days <= limit:
                weight = step_weight
                break
        total += weight
    if a.street or b.street or a.zip5 or b.zip5 or a.city or b.city:
        total += _address_log_odds(a, b)
    return total


def _probability(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-log_odds * math.log(2.0)))


def _jw4(a: Named, b: Named) -> tuple[float, float, float, float]:
    jw = JaroWinkler.normalized_similarity
    return (
        jw(a.first.joined, b.first.joined),
        jw(a.last.joined, b.last.joined),
        jw(a.first.joined, b.last.joined),
        jw(a.last.joined, b.first.joined),
    )


def score_prepared(a: Prepared, b: Prepared) -> float:
    """Match score in [0, 1] of two prepared keys."""
    return _probability(_log_odds(a, b, _jw4(a, b), None))


def score_pair(a: PersonKey, b: PersonKey) -> float:
    """Match score in [0, 1]: how likely two records describe the same child (and,
    with dates last seen, the same episode).

    About 0.99 for the same name and date of birth, below 0.2 for twins (same last
    name and date of birth, different first names) or siblings. Without the
    term-frequency adjustment, which needs the collections (:func:`match_one_to_one`
    applies it).
    """
    return score_prepared(Prepared(a), Prepared(b))


def _alike(f: float | None, l_: float | None) -> float:
    if f is None and l_ is None:
        return 0.0
    x = _BLANK_FIELD_ALIKE if f is None else f
    y = _BLANK_FIELD_ALIKE if l_ is None else l_
    return 0.75 * min(x, y) + 0.25 * max(x, y)


def _names_alike(a: Named, b: Named, jw: tuple[float, float, float, float]) -> float:
    straight = _alike(
        field_similarity(a.first, b.first, jw[0]), field_similarity(a.last, b.last, jw[1])
    )
    swapped = _alike(
        field_similarity(a.first, b.last, jw[2]), field_similarity(a.last, b.first, jw[3])
    )
    return max(straight, swapped - _ALIKE_SWAP_PENALTY)


def names_alike_prepared(a: Prepared, b: Prepared) -> float:
    return _names_alike(a, b, _jw4(a, b))


def names_alike(a: PersonKey, b: PersonKey) -> float:
    """Name similarity in [0, 1] of two keys, tolerant of typos, swapped first and last
    names, nicknames, accents and hyphenated names.

    It weighs the worse of the two fields most (``0.75 * min + 0.25 * max``), so that
    twins (same last name, different first names) stay low; a blank field counts as
    0.5 and both fields blank give 0. Identical names give 1, a nickname 0.96, one
    typo about 0.9-0.95, a swap 0.98.
    """
    return names_alike_prepared(Prepared(a), Prepared(b))


@lru_cache(maxsize=1)
def vectorised_available() -> bool:
    """Whether ``rapidfuzz.process.cpdist`` can be used: it needs numpy (only an
    optional dependency of rapidfuzz) and rapidfuzz >= 3.8. Otherwise scoring runs
    the same C scorer in a Python loop, with the same results."""
    try:
        import numpy  # noqa: F401
        from rapidfuzz.process import cpdist  # noqa: F401
    except ImportError:
        return False
    return True


_VECTOR_MIN = 256


def jw_column(xs: list[str], ys: list[str], *, vectorised: bool | None = None) -> list[float]:
    """Jaro-Winkler similarity of ``xs[k]`` and ``ys[k]`` for every ``k``."""
    if vectorised is None:
        vectorised = len(xs) >= _VECTOR_MIN and vectorised_available()
    if vectorised:
        import numpy as np
        from rapidfuzz.process import cpdist

        arr = cpdist(xs, ys, scorer=JaroWinkler.normalized_similarity, workers=-1, dtype=np.float64)
        out: list[float] = arr.tolist()
        return out
    scorer = JaroWinkler.normalized_similarity
    return [scorer(x, y) for x, y in zip(xs, ys, strict=True)]


def _columns(
    left: Sequence[Named],
    right: Sequence[Named],
    pairs: Sequence[tuple[int, int]],
    vectorised: bool | None,
) -> list[tuple[float, float, float, float]]:
    lf = [left[i].first.joined for i, _ in pairs]
    ll = [left[i].last.joined for i, _ in pairs]
    rf = [right[j].first.joined for _, j in pairs]
    rl = [right[j].last.joined for _, j in pairs]
    return list(
        zip(
            jw_column(lf, rf, vectorised=vectorised),
            jw_column(ll, rl, vectorised=vectorised),
            jw_column(lf, rl, vectorised=vectorised),
            jw_column(ll, rf, vectorised=vectorised),
            strict=True,
        )
    )


def score_prepared_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    pairs: Sequence[tuple[int, int]],
    *,
    frequencies: NameFrequencies | None = None,
    vectorised: bool | None = None,
) -> list[float]:
    """Match scores of ``left[i]`` and ``right[j]`` for every ``(i, j)`` in ``pairs``
    (with the term-frequency adjustment when ``frequencies`` is given)."""
    cols = _columns(left, right, pairs, vectorised)
    return [
        _probability(_log_odds(left[i], right[j], jw, frequencies))
        for (i, j), jw in zip(pairs, cols, strict=True)
    ]


def names_alike_pairs(
    left: Sequence[Named],
    right: Sequence[Named],
    pairs: Sequence[tuple[int, int]],
    *,
    vectorised: bool | None = None,
) -> list[float]:
    """:func:`names_alike` of ``left[i]`` and ``right[j]`` for every pair (vectorised)."""
    cols = _columns(left, right, pairs, vectorised)
    return [_names_alike(left[i], right[j], jw) for (i, j), jw in zip(pairs, cols, strict=True)]
