"""Blocking as a union of passes, each with bounded blocks.

Two records of the two collections become a candidate pair when they share a key of
any pass. Each pass survives a different kind of error, so that a pair missed by one
is found by another:

``dob``            the date of birth's eight digits (an unreadable date by its digits)
``names``          a first-name token (or one of its nickname forms) with a last-name
                   token, unordered (swapped names meet): no date of birth needed
``tail+dob``       the Soundex codes without their first letter (a typo in the first
                   letter keeps them) and the date of birth's digits, sorted (any
                   transposition or swap meets)
``last+digits``    the Soundex code of a last-name token and the date of birth's digits,
                   sorted (the first name replaced, the date mistyped)
``first+digits``   the same with the first name (the last name replaced)
``sound``          the Soundex codes of the two names alone (no date of birth on either
                   side; oversized blocks refined by the year of birth, then windowed)
``last+year``      a last-name token and the year of birth (the first name replaced)
``first+day``      a first-name token or nickname form, the month and day of birth
                   (the last name replaced, the year mistyped)
``address``        the postal code and the house number
``postal+first``   the postal code and a first-name token
``street+postal``  the street's name and the postal code (another house number)
``street+house``   the street's name and the house number (a mistyped postal code)

**Bounded blocks.** A block whose pairs would exceed ``max_block_pairs`` is refined by
the pass's further keys (the Soundex codes of the names, then the year of birth):
its members are split by the further key and only records sharing it meet. A block
that is still too large is windowed: sorted by name and date of birth, each record
meets only its nearest neighbours of the other side. No block is ever scored
all-pairs, so the candidates grow linearly with the records even when a few surnames
cover 1% of the people each.

:func:`blocked_pairs` returns the union and, per pass, the number of pairs it
proposed and of pairs no earlier pass proposed (:class:`PassStats`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .dated import Order, windowed
from .levels import DOB, FIRST, LAST, POSTAL, STREET
from .names import NormName, soundex
from .scoring import Prepared

__all__ = [
    "DEFAULT_MAX_BLOCK_PAIRS",
    "PASSES",
    "TRAINING_PASSES",
    "Pass",
    "PassStats",
    "blocked_pairs",
    "pass_pairs",
    "passes_sharing",
    "sampled_pairs",
]

#: A block with more pairs than this is refined by a further key, then windowed: a
#: constant, so that the candidate pairs grow linearly with the records.
DEFAULT_MAX_BLOCK_PAIRS = 50
#: At most this many nickname forms of a first-name token make keys.
_MAX_FORMS = 4

Keys = Callable[[Prepared], Sequence[str]]


@lru_cache(maxsize=1 << 16)
def _first_forms(name: NormName) -> tuple[str, ...]:
    forms = set(name.tokens)
    for group in name.groups[:1]:
        forms.update(sorted(group - forms)[:_MAX_FORMS])
    return tuple(sorted(forms))


@lru_cache(maxsize=1 << 16)
def _codes(name: NormName) -> tuple[str, ...]:
    return tuple(sorted({soundex(tok) for tok in name.tokens}))


@lru_cache(maxsize=1 << 16)
def _first_codes(name: NormName) -> tuple[str, ...]:
    return tuple(sorted({soundex(tok) for tok in _first_forms(name)}))


def _pairs(a: Sequence[str], b: Sequence[str]) -> list[str]:
    return sorted({x + "|" + y if x <= y else y + "|" + x for x in a for y in b})


def _day(dob: str) -> str:
    md, dm = dob[4:6], dob[6:8]
    return md + dm if md <= dm else dm + md


def k_dob(p: Prepared) -> Sequence[str]:
    return [p.dob] if p.dob else []


def k_names(p: Prepared) -> Sequence[str]:
    return _pairs(_first_forms(p.first), p.last.tokens)


def k_tail_dob(p: Prepared) -> Sequence[str]:
    if not p.dob:
        return []
    tails_f = [c[1:] for c in _first_codes(p.first)]
    tails_l = [c[1:] for c in _codes(p.last)]
    digits = "".join(sorted(p.dob))
    return [code + digits for code in _pairs(tails_f, tails_l)]


def k_sound(p: Prepared) -> Sequence[str]:
    return _pairs(_first_codes(p.first), _codes(p.last))


def k_last_sorted(p: Prepared) -> Sequence[str]:
    if not p.dob:
        return []
    digits = "".join(sorted(p.dob))
    return [code + digits for code in _codes(p.last)]


def k_first_sorted(p: Prepared) -> Sequence[str]:
    if not p.dob:
        return []
    digits = "".join(sorted(p.dob))
    return [code + digits for code in _first_codes(p.first)]


def k_last_year(p: Prepared) -> Sequence[str]:
    if not p.dob:
        return []
    return [tok + p.dob[:4] for tok in p.last.tokens]


def k_first_day(p: Prepared) -> Sequence[str]:
    if not p.dob:
        return []
    day = _day(p.dob)
    return [tok + day for tok in _first_forms(p.first)]


def k_address(p: Prepared) -> Sequence[str]:
    return [p.zip5 + "|" + p.house] if p.zip5 and p.house else []


def k_postal_first(p: Prepared) -> Sequence[str]:
    return [p.zip5 + "|" + tok for tok in p.first.tokens] if p.zip5 else []


def k_street_postal(p: Prepared) -> Sequence[str]:
    return [p.street + "|" + p.zip5] if p.street and p.zip5 else []


def k_street_house(p: Prepared) -> Sequence[str]:
    return [p.street + "|" + p.house] if p.street and p.house else []


def r_codes(p: Prepared) -> Sequence[str]:
    """Refinement: any Soundex code of either name."""
    return sorted({*_first_codes(p.first), *_codes(p.last)})


def r_year(p: Prepared) -> Sequence[str]:
    return [p.dob[:4]] if p.dob else []


def r_house(p: Prepared) -> Sequence[str]:
    return [p.house] if p.house else []


@dataclass(frozen=True, slots=True)
class Pass:
    """One blocking pass: its keys, its further keys for oversized blocks, and the
    fields that agree (or nearly) within its blocks."""

    name: str
    keys: Keys
    refine: tuple[Keys, ...]
    fixed: frozenset[int]


PASSES: tuple[Pass, ...] = (
    Pass("dob", k_dob, (r_codes,), frozenset({DOB})),
    Pass("names", k_names, (r_year, r_house), frozenset({FIRST, LAST})),
    Pass("tail+dob", k_tail_dob, (), frozenset({FIRST, LAST, DOB})),
    Pass("last+year", k_last_year, (r_codes,), frozenset({LAST, DOB})),
    Pass("last+digits", k_last_sorted, (r_codes,), frozenset({LAST, DOB})),
    Pass("first+digits", k_first_sorted, (r_codes,), frozenset({FIRST, DOB})),
    Pass("sound", k_sound, (r_year,), frozenset({FIRST, LAST})),
    Pass("first+day", k_first_day, (r_codes,), frozenset({FIRST, DOB})),
    Pass("address", k_address, (r_codes,), frozenset({POSTAL, STREET})),
    Pass("postal+first", k_postal_first, (r_year,), frozenset({POSTAL, FIRST})),
    Pass("street+postal", k_street_postal, (r_house, r_codes), frozenset({STREET, POSTAL})),
    Pass("street+house", k_street_house, (r_codes,), frozenset({STREET})),
)


@dataclass(frozen=True, slots=True)
class PassStats:
    """What one pass contributed: the pairs it proposed, those no earlier pass had,
    and its blocks that were refined or windowed."""

    name: str
    pairs: int
    new: int
    refined: int
    windowed: int


def _order(p: Prepared, rank: int) -> Order:
    return (soundex(p.last.joined), soundex(p.first.joined), p.dob, rank)


class _Collector:
    def __init__(
        self, left: Sequence[Prepared], right: Sequence[Prepared], max_block_pairs: int
    ) -> None:
        self.left, self.right = left, right
        self.n_right = max(len(right), 1)
        self.cap = max_block_pairs
        self.codes: set[int] = set()
        self.refined = 0
        self.windowed = 0

    def block(self, lefts: list[int], rights: list[int], refine: tuple[Keys, ...]) -> None:
        n_right = self.n_right
        if len(lefts) * len(rights) <= self.cap:
            codes = self.codes
            if len(rights) == 1:
                j = rights[0]
                codes.update(i * n_right + j for i in lefts)
            else:
                for i in lefts:
                    base = i * n_right
                    codes.update(base + j for j in rights)
            return
        if refine:
            self.refined += 1
            further, rest = refine[0], refine[1:]
            split_l: dict[str, list[int]] = {}
            for i in lefts:
                for key in further(self.left[i]):
                    split_l.setdefault(key, []).append(i)
            split_r: dict[str, list[int]] = {}
            for j in rights:
                for key in further(self.right[j]):
                    split_r.setdefault(key, []).append(j)
            for key, sub_l in split_l.items():
                sub_r = split_r.get(key)
                if sub_r:
                    self.block(sub_l, sub_r, rest)
            return
        self.windowed += 1
        members = [(_order(self.left[i], r), 0, i) for r, i in enumerate(lefts)]
        members += [(_order(self.right[j], r), 1, j) for r, j in enumerate(rights)]
        width = max(2, self.cap // len(members))
        self.codes.update(i * n_right + j for i, j in windowed(members, width))


def pass_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    one: Pass,
    *,
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS,
) -> tuple[set[int], int, int]:
    """The pair codes ``i * len(right) + j`` of one pass, and how many of its blocks
    were refined and windowed."""
    keys = one.keys
    index: dict[str, list[int]] = {}
    for j, rec in enumerate(right):
        for key in keys(rec):
            held = index.get(key)
            if held is None:
                index[key] = [j]
            else:
                held.append(j)
    lefts: dict[str, list[int]] = {}
    for i, rec in enumerate(left):
        for key in keys(rec):
            if key in index:
                held = lefts.get(key)
                if held is None:
                    lefts[key] = [i]
                else:
                    held.append(i)
    collector = _Collector(left, right, max_block_pairs)
    for key, members in lefts.items():
        collector.block(members, index[key], one.refine)
    return collector.codes, collector.refined, collector.windowed


def blocked_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    *,
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS,
    passes: Sequence[Pass] = PASSES,
) -> tuple[list[tuple[int, int]], list[PassStats]]:
    """The sorted union of the passes' candidate pairs and each pass's statistics."""
    n_right = max(len(right), 1)
    union: set[int] = set()
    stats: list[PassStats] = []
    for one in passes:
        codes, refined, windowed_ = pass_pairs(left, right, one, max_block_pairs=max_block_pairs)
        before = len(union)
        union |= codes
        stats.append(PassStats(one.name, len(codes), len(union) - before, refined, windowed_))
        del codes
    pairs = [divmod(code, n_right) for code in sorted(union)]
    return pairs, stats


def passes_sharing(a: Prepared, b: Prepared, passes: Sequence[Pass] = PASSES) -> list[str]:
    """The passes through whose keys two records meet (before any refinement)."""
    return [one.name for one in passes if not set(one.keys(a)).isdisjoint(one.keys(b))]


def k_last(p: Prepared) -> Sequence[str]:
    return list(p.last.tokens)


def k_first(p: Prepared) -> Sequence[str]:
    return list(_first_forms(p.first))


#: The passes EM trains on, each with the fields it fixes: each blocks on few fields
#: and leaves at least two others free (names and dates of birth alone: ``dob`` leaves
#: both names, ``last`` and ``first`` the other name and the date of birth).
TRAINING_PASSES: tuple[Pass, ...] = (
    Pass("dob", k_dob, (), frozenset({DOB})),
    Pass("last", k_last, (), frozenset({LAST})),
    Pass("first", k_first, (), frozenset({FIRST})),
    Pass("address", k_address, (), frozenset({POSTAL, STREET})),
)


def sampled_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    one: Pass,
    rng: random.Random,
    limit: int = 50_000,
) -> list[tuple[int, int]]:
    """Pairs sharing a key of ``one`` for training: all of them when there are at most
    ``limit``, else a random sample of about ``limit``, each block contributing in
    proportion to its size (no block is refined: EM needs the pairs as they come)."""
    index: dict[str, list[int]] = {}
    for j, rec in enumerate(right):
        for key in one.keys(rec):
            index.setdefault(key, []).append(j)
    blocks: dict[str, list[int]] = {}
    for i, rec in enumerate(left):
        for key in one.keys(rec):
            if key in index:
                blocks.setdefault(key, []).append(i)
    total = sum(len(ls) * len(index[k]) for k, ls in blocks.items())
    if not total:
        return []
    share = min(1.0, limit / total)
    seen: set[tuple[int, int]] = set()
    for key, lefts in blocks.items():
        rights = index[key]
        size = len(lefts) * len(rights)
        if share >= 1.0:
            seen.update((i, j) for i in lefts for j in rights)
            continue
        want = size * share
        take = int(want) + (1 if rng.random() < want - int(want) else 0)
        for _ in range(take):
            seen.add((rng.choice(lefts), rng.choice(rights)))
    return sorted(seen)
