"""Person keys, their preparation, name similarity and pairwise match probabilities.

* :class:`PersonKey`: the identifying fields of one record (every one may be blank);
  :class:`Prepared`: the same normalised once for blocking and comparison (names by
  :func:`~.names.normalize_name`, the date of birth as its eight digits, an unreadable
  one by the digits it was written with, postal codes of any country);
* :func:`names_alike`: how alike two names are, in [0, 1] (what rules.md calls "first
  and last name alike" for the batch rules);
* :func:`score_pair`: the match probability of two keys under the shipped default
  model (:mod:`.model`); reconciliation learns its model from the data instead
  (:func:`~.api.match_one_to_one`).

Scoring names of many pairs is vectorised: the four Jaro-Winkler columns
(first/first, last/last, first/last, last/first) are computed by
``rapidfuzz.process.cpdist(..., workers=-1)`` when numpy is importable (the optional
``speed`` extra) and by a plain loop over the same C scorer otherwise, with the same
results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from rapidfuzz.distance import JaroWinkler

from .dob import dob_digits, text_digits
from .fields import (
    normalize_city,
    normalize_postal,
    normalize_record_number,
    normalize_sex,
    normalize_state,
    normalize_street,
    ordinal,
    text_of,
)
from .names import EMPTY_NAME, NormName, field_similarity, normalize_name

if TYPE_CHECKING:
    from .model import MatchModel

__all__ = [
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
    #: The date of birth as written, when it could not be read as a date
    #: (``2029-30-05``): its digits are still compared (:func:`.dob.text_digits`).
    dob_text: str | None = None


class Named(Protocol):
    """Has a normalised first and last name, as :class:`Prepared` (for name scoring)."""

    @property
    def first(self) -> NormName: ...

    @property
    def last(self) -> NormName: ...


_ALIKE_SWAP_PENALTY = 0.02
_BLANK_FIELD_ALIKE = 0.5
_EPS = 1e-9


#: What the blank (``None``) fields normalise to, computed once.
_BLANK_STREET = normalize_street("")
_BLANK_CITY = normalize_city("")
_BLANK_STATE = normalize_state("")
_BLANK_ZIP = normalize_postal("")
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
        if not self.dob and key.dob_text:
            self.dob = text_digits(text_of(key.dob_text))
        self.sex: str = normalize_sex(text_of(key.sex)) if key.sex else ""
        # A blank field normalises to a constant: skip the call (most keys have no address).
        street, city, state, postal = key.street, key.city, key.state, key.postal_code
        self.house, self.street = (
            _BLANK_STREET if street is None else normalize_street(text_of(street))
        )
        self.city: str = _BLANK_CITY if city is None else normalize_city(text_of(city))
        self.state: str = _BLANK_STATE if state is None else normalize_state(text_of(state))
        self.zip5: str = _BLANK_ZIP if postal is None else normalize_postal(text_of(postal))
        number = key.record_number
        self.record: str = (
            _BLANK_RECORD if number is None else normalize_record_number(text_of(number))
        )
        self.seen: int = -1 if key.last_seen is None else ordinal(key.last_seen)


def prepare(key: PersonKey) -> Prepared:
    return Prepared(key)


def prepare_all(keys: Sequence[PersonKey]) -> list[Prepared]:
    return [Prepared(key) for key in keys]


def _jw4(a: Named, b: Named) -> tuple[float, float, float, float]:
    jw = JaroWinkler.normalized_similarity
    return (
        jw(a.first.joined, b.first.joined),
        jw(a.last.joined, b.last.joined),
        jw(a.first.joined, b.last.joined),
        jw(a.last.joined, b.first.joined),
    )


def score_prepared(a: Prepared, b: Prepared) -> float:
    """Match probability of two prepared keys under the shipped default model."""
    return score_prepared_pairs([a], [b], [(0, 0)])[0]


def score_pair(a: PersonKey, b: PersonKey) -> float:
    """Match probability in [0, 1] that two records describe the same child (and,
    with dates last seen, the same episode), under the shipped default model
    (:func:`.model.default_model`: one match expected per 1,000 pairs).

    About 0.99 for the same names and date of birth. Without the term-frequency
    adjustment and without the learning from the data at hand, which need the
    collections (:func:`~.api.match_one_to_one` does both).
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
    model: MatchModel | None = None,
) -> list[float]:
    """Match probabilities of ``left[i]`` and ``right[j]`` for every ``(i, j)`` in
    ``pairs`` under ``model`` (default: the shipped default model)."""
    from .levels import Comparer
    from .model import default_model, probability

    used = model or default_model(len(left), len(right))
    comparer = Comparer()
    out = []
    for i, j in pairs:
        levels, swapped = comparer.levels(left[i], right[j])
        out.append(probability(used.log_odds(levels, swapped, left[i], right[j], None)))
    return out


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
