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

**Within one collection** (the batch rules' "same child", MR602, MR603, MR606, and
:func:`~.api.find_same_child_pairs`) a pair is wanted only when its names are alike
*and* its dates of birth equal or one keying error apart, so every key holds a part of
the date of birth that one keying error leaves, with a name code
(:data:`SAME_CHILD_PASSES`): a key of a common name is still a small block.

``dob+code``       the date of birth and any one Soundex code of either name
``halves+month``   the Soundex code of one name with the other's code without its
                   first letter, both ways (a typo in a first letter, and swapped
                   names, keep one), and the year and month of birth (a day mistyped)
``halves+mday``    the same with the year and the day of the month (a month mistyped)
``halves+day``     the same with the month and day, unordered (a year mistyped, day
                   and month swapped)
``halves+digits``  the same with the eight digits sorted (two digits transposed)

:func:`pairs_within` adds the household (:data:`ADDRESS_PASS`) when addresses are
known. Each pair comes once (``i < j``, no record with itself), and a block is bounded
the same way: above :data:`WITHIN_MAX_BLOCK_PAIRS` pairs it is split by the pair of
the names' codes, then windowed. A caller that decides some pairs otherwise (two
records with record numbers) marks those records ``decided``: their pairs among
themselves are left out, and a block of decided records only costs a look-up. With
numpy (the ``speed`` extra) the blocks are found on integer arrays (a key per record
and pass, sorted once); without it in dictionaries, with the same pairs.
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress
from operator import add, and_, itemgetter, mul, ne, not_
from typing import TYPE_CHECKING, Any

from .levels import DOB, FIRST, LAST, POSTAL, STREET
from .names import NormName, soundex
from .scoring import Prepared

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy as np
    import numpy.typing as npt

    #: Integer keys or record indices, on numpy (32 bits when stored, 64 to sort).
    IntArray: TypeAlias = npt.NDArray[np.signedinteger[Any]]
    #: Name keys of many records as integers: (positions, keys) lists.
    Numbered: TypeAlias = list[tuple[npt.NDArray[np.intp], IntArray]]

__all__ = [
    "ADDRESS_PASS",
    "DEFAULT_MAX_BLOCK_PAIRS",
    "PASSES",
    "SAME_CHILD_PASSES",
    "TRAINING_PASSES",
    "WITHIN_MAX_BLOCK_PAIRS",
    "Order",
    "Pass",
    "PassStats",
    "SameChildPass",
    "blocked_pairs",
    "first_name_codes",
    "last_name_codes",
    "pairs_within",
    "pass_pairs",
    "passes_sharing",
    "same_child_codes",
    "sampled_pairs",
    "windowed",
]

#: A record's place in an oversized block: Soundex of its last and first name, its
#: date of birth, its rank on its side.
Order = tuple[str, str, str, int]


def windowed(members: list[tuple[Order, int, int]], width: int) -> list[tuple[int, int]]:
    """Sorted-neighbourhood pairs inside an oversized block: each member meets the
    next ``width`` members of the other side (side ``0`` left, ``1`` right; a single
    side uses ``0`` for all)."""
    members.sort()
    two_sided = any(side for _, side, _ in members) and not all(side for _, side, _ in members)
    out: list[tuple[int, int]] = []
    for pos, (_, side, idx) in enumerate(members):
        met = 0
        for _, other_side, other in members[pos + 1 :]:
            if two_sided and other_side == side:
                continue
            out.append((idx, other) if side == 0 else (other, idx))
            met += 1
            if met >= width:
                break
    return out


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


#: The household: the postal code and the house number (also within one collection).
ADDRESS_PASS = Pass("address", k_address, (r_codes,), frozenset({POSTAL, STREET}))

PASSES: tuple[Pass, ...] = (
    Pass("dob", k_dob, (r_codes,), frozenset({DOB})),
    Pass("names", k_names, (r_year, r_house), frozenset({FIRST, LAST})),
    Pass("tail+dob", k_tail_dob, (), frozenset({FIRST, LAST, DOB})),
    Pass("last+year", k_last_year, (r_codes,), frozenset({LAST, DOB})),
    Pass("last+digits", k_last_sorted, (r_codes,), frozenset({LAST, DOB})),
    Pass("first+digits", k_first_sorted, (r_codes,), frozenset({FIRST, DOB})),
    Pass("sound", k_sound, (r_year,), frozenset({FIRST, LAST})),
    Pass("first+day", k_first_day, (r_codes,), frozenset({FIRST, DOB})),
    ADDRESS_PASS,
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


# --- within one collection: the same child of the batch rules -------------------------

#: Within one collection a block (after its refinements) with more pairs than this is
#: windowed: a constant, so that the pairs grow linearly with the records.
WITHIN_MAX_BLOCK_PAIRS = 5000
#: At most this many nickname forms of a first name make keys within one collection.
_WITHIN_FORMS = 6
#: From this many records on, the blocks within one collection are found on numpy
#: arrays when numpy is importable (the optional ``speed`` extra).
VECTOR_MIN = 2048


@lru_cache(maxsize=1)
def numpy_available() -> bool:
    """Whether numpy can be imported."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


#: A record's Soundex codes of one name field.
Codes = tuple[str, ...]
#: The date-of-birth key of a record, of its ``YYYYMMDD``.
DobKey = Callable[[str], str]


@lru_cache(maxsize=1 << 16)
def first_name_codes(name: NormName) -> Codes:
    """Soundex of the first name's tokens and of its first token's nickname forms (at
    most six), the first-name codes of :data:`SAME_CHILD_PASSES`."""
    forms = set(name.tokens)
    if name.groups:
        forms.update(sorted(name.groups[0] - forms)[:_WITHIN_FORMS])
    return tuple(sorted({soundex(tok) for tok in forms}))


def last_name_codes(name: NormName) -> Codes:
    """Soundex of the last name's tokens, the last-name codes of :data:`SAME_CHILD_PASSES`."""
    return _codes(name)


@lru_cache(maxsize=1 << 16)
def _code_pairs(first: Codes, last: Codes) -> Codes:
    return tuple(sorted({a + b if a <= b else b + a for a in first for b in last}))


@lru_cache(maxsize=1 << 17)
def _codes_of(first: Codes, last: Codes) -> Codes:
    if len(first) == 1 and len(last) == 1:  # most records
        a, b = first[0], last[0]
        return (a,) if a == b else (a, b)
    return tuple(sorted({*first, *last}))


def _codes_columns(first: list[str], last: list[str]) -> list[tuple[list[int], list[str]]]:
    differ = list(compress(range(len(first)), map(ne, first, last)))
    return [(list(range(len(first))), first), (differ, list(map(last.__getitem__, differ)))]


@lru_cache(maxsize=1 << 17)
def _pairs_of(first: Codes, last: Codes) -> Codes:
    if len(first) == 1 and len(last) == 1:
        a, b = first[0], last[0]
        return (a + b,) if a <= b else (b + a,)
    return _code_pairs(first, last)


def _pairs_columns(first: list[str], last: list[str]) -> list[tuple[list[int], list[str]]]:
    return [(list(range(len(first))), list(map(add, map(min, first, last), map(max, first, last))))]


@lru_cache(maxsize=1 << 17)
def _halves_of(first: Codes, last: Codes) -> Codes:
    return tuple(
        sorted({a + b[1:] for a in first for b in last} | {b + a[1:] for a in first for b in last})
    )


_TAIL = itemgetter(slice(1, None))


def _halves_columns(first: list[str], last: list[str]) -> list[tuple[list[int], list[str]]]:
    differ = list(compress(range(len(first)), map(ne, first, last)))
    tails_first = list(map(_TAIL, map(first.__getitem__, differ)))
    return [
        (list(range(len(first))), list(map(add, first, map(_TAIL, last)))),
        (differ, list(map(add, map(last.__getitem__, differ), tails_first))),
    ]


def _codes_numbers(first: IntArray, last: IntArray, tails: IntArray, n_tails: int) -> Numbered:
    import numpy as np

    differ = np.flatnonzero(first != last)
    return [(np.arange(len(first)), first), (differ, last[differ])]


def _codes_numbers_of(
    first: tuple[int, ...], last: tuple[int, ...], tails: list[int], n_tails: int
) -> set[int]:
    return {*first, *last}


def _halves_numbers(first: IntArray, last: IntArray, tails: IntArray, n_tails: int) -> Numbered:
    import numpy as np

    differ = np.flatnonzero(first != last)
    whole = np.arange(len(first))
    return [
        (whole, first * n_tails + tails[last]),
        (differ, last[differ] * n_tails + tails[first[differ]]),
    ]


def _halves_numbers_of(
    first: tuple[int, ...], last: tuple[int, ...], tails: list[int], n_tails: int
) -> set[int]:
    return {a * n_tails + tails[b] for a in first for b in last} | {
        b * n_tails + tails[a] for a in first for b in last
    }


@dataclass(frozen=True, slots=True)
class NameKeys:
    """The name keys of a record, of its first-name and last-name codes: ``of`` one
    record; ``columns`` the same for many records of one code in each name (the codes
    in two lists), as lists of (positions, keys). ``numbers`` and ``numbers_of`` (when
    given) are the same keys as integers, of the codes numbered (``code * n_tails +
    tail`` for a code with a tail): the first for many records of one code in each
    name, on numpy arrays; the second for one record."""

    name: str
    of: Callable[[Codes, Codes], Codes]
    columns: Callable[[list[str], list[str]], list[tuple[list[int], list[str]]]]
    numbers: Callable[[IntArray, IntArray, IntArray, int], Numbered] | None = None
    numbers_of: Callable[[tuple[int, ...], tuple[int, ...], list[int], int], set[int]] | None = None


#: Any one code of either name (a typo, a nickname or a blank in the other name, and
#: swapped names, keep one).
N_CODES = NameKeys("code", _codes_of, _codes_columns, _codes_numbers, _codes_numbers_of)
#: An unordered pair of a first-name and a last-name code (swapped names meet; Soundex
#: ignores vowels, so most typos keep it).
N_PAIRS = NameKeys("pair", _pairs_of, _pairs_columns)
#: The code of one name with the code of the other without its first letter, both
#: ways (a typo in the first letter of one name, and swapped names, keep one).
N_HALVES = NameKeys("code+tail", _halves_of, _halves_columns, _halves_numbers, _halves_numbers_of)


def d_exact(dob: str) -> str:
    """Date-of-birth key: the date itself."""
    return dob


def d_month(dob: str) -> str:
    """Date-of-birth key: the year and month (a keying error in the day keeps them)."""
    return dob[:6]


def d_mday(dob: str) -> str:
    """Date-of-birth key: the year and the day of the month (a keying error in the
    month keeps them)."""
    return dob[:4] + dob[6:]


def d_day(dob: str) -> str:
    """Date-of-birth key: the month and day, unordered (a keying error in the year, or
    day and month swapped, keep it)."""
    return _day(dob)


def d_digits(dob: str) -> str:
    """Date-of-birth key: the eight digits sorted (two digits transposed anywhere, the
    year's last with the month's first included, keep it)."""
    return "".join(sorted(dob))


@dataclass(frozen=True, slots=True)
class SameChildPass:
    """One pass within one collection: two records meet when they share one of their
    ``names`` keys and their ``dob`` key; a block with more pairs than the cap is split
    by the ``refine`` name keys one after the other, then windowed."""

    name: str
    names: NameKeys
    dob: DobKey
    refine: tuple[NameKeys, ...]


#: The passes that propose the pairs of one collection that may be the same child
#: (names alike, dates of birth equal or one keying error apart). Every key holds a
#: part of the date of birth with a name code, so that a key of a common name is still
#: a small block. ``dob+code`` needs the date itself and one code of either name (a
#: typo, a nickname or a blank in the other). The ``halves`` passes need the code of
#: one name with the other's code without its first letter, either way round (a typo
#: in a first letter, and swapped names, keep one) with a part of the date that one
#: keying error leaves: a digit changed in the day leaves the year and month, in the
#: month the year and day, in the year the month and day (unordered: day and month
#: swapped keep them too), and two digits transposed anywhere leave the sorted
#: digits. So two records of one child with such a typo in each field still share a
#: key. Their blocks, when oversized, are split by the pair of the names' codes.
SAME_CHILD_PASSES: tuple[SameChildPass, ...] = (
    SameChildPass("dob+code", N_CODES, d_exact, ()),
    SameChildPass("halves+month", N_HALVES, d_month, (N_PAIRS,)),
    SameChildPass("halves+mday", N_HALVES, d_mday, (N_PAIRS,)),
    SameChildPass("halves+day", N_HALVES, d_day, (N_PAIRS,)),
    SameChildPass("halves+digits", N_HALVES, d_digits, (N_PAIRS,)),
)

#: A further key of a record, by its index.
_Further = Callable[[int], Sequence[str]]


class _Within:
    """The bounded blocks of one collection: the pair codes ``i * n + j`` (``i < j``)
    added to ``seen``, leaving out the pairs of two ``decided`` records."""

    def __init__(
        self,
        n: int,
        seen: set[int],
        order: Callable[[int], Order],
        cap: int,
        decided: Sequence[int] | None,
    ) -> None:
        self.n, self.seen, self.order, self.cap, self.decided = n, seen, order, cap, decided

    def wanted(self, members: Sequence[int]) -> bool:
        """Whether a block may give pairs: not all its members are decided."""
        decided = self.decided
        return decided is None or not all(map(decided.__getitem__, members))

    def add(self, members: list[int], refine: tuple[_Further, ...]) -> None:
        """Add the pairs of one block (members ascending): refined, then windowed, when
        oversized."""
        n, seen, decided = self.n, self.seen, self.decided
        size = len(members)
        if size == 2:  # most blocks
            i, j = members
            if decided is None or not (decided[i] and decided[j]):
                seen.add(i * n + j)
            return
        if not self.wanted(members):
            return
        if size * (size - 1) // 2 > self.cap:
            if refine:
                further, rest = refine[0], refine[1:]
                by_key: dict[str, list[int]] = {}
                for idx in members:
                    for key in further(idx):
                        held = by_key.get(key)
                        if held is None:
                            by_key[key] = [idx]
                        elif held[-1] != idx:
                            held.append(idx)
                for block in by_key.values():
                    if len(block) > 1:
                        self.add(block, rest)
                return
            ordered = [(self.order(i), 0, i) for i in members]
            width = max(2, self.cap // size)
            seen.update(
                min(i, j) * n + max(i, j)
                for i, j in windowed(ordered, width)
                if decided is None or not (decided[i] and decided[j])
            )
        elif decided is None:
            for pos, i in enumerate(members):
                base = i * n
                seen.update(base + j for j in members[pos + 1 :])
        else:
            for pos, i in enumerate(members):
                base = i * n
                if decided[i]:
                    seen.update(base + j for j in members[pos + 1 :] if not decided[j])
                else:
                    seen.update(base + j for j in members[pos + 1 :])


def _entries(
    names: NameKeys,
    dobs: Sequence[str],
    first_codes: Sequence[Codes],
    last_codes: Sequence[Codes],
) -> tuple[list[int], list[str]]:
    """Each name key of each record with a date of birth: the records (a record once per
    key) and the keys, in two lists; the records of one code in each name through
    ``names.columns`` (no call per record)."""
    n = len(dobs)
    single = bytes(map((1).__eq__, map(mul, map(len, first_codes), map(len, last_codes))))
    dated = bytes(map(bool, dobs))
    ones = list(compress(range(n), map(and_, single, dated)))
    first = list(map(itemgetter(0), map(first_codes.__getitem__, ones)))
    last = list(map(itemgetter(0), map(last_codes.__getitem__, ones)))
    records: list[int] = []
    keys: list[str] = []
    for positions, column in names.columns(first, last):
        records.extend(map(ones.__getitem__, positions))
        keys.extend(column)
    of = names.of
    for idx in compress(range(n), map(and_, map(not_, single), dated)):
        held = of(first_codes[idx], last_codes[idx])
        records.extend([idx] * len(held))
        keys.extend(held)
    return records, keys


def same_child_codes(
    dobs: Sequence[str],
    first_codes: Sequence[Codes],
    last_codes: Sequence[Codes],
    order: Callable[[int], Order],
    seen: set[int],
    *,
    passes: Sequence[SameChildPass] = SAME_CHILD_PASSES,
    max_block_pairs: int = WITHIN_MAX_BLOCK_PAIRS,
    decided: Sequence[int] | None = None,
    vectorised: bool | None = None,
) -> None:
    """Add to ``seen`` the pair codes ``i * n + j`` (``i < j``, ``n = len(dobs)``, at
    least 1) of the records of one collection that share a key of ``passes``, each
    block bounded (refined, then windowed, above ``max_block_pairs`` pairs).

    Args:
        dobs: each record's date of birth, ``YYYYMMDD`` (``""`` when unknown: such a
            record has no key).
        first_codes: each record's first-name codes (:func:`first_name_codes`).
        last_codes: each record's last-name codes (:func:`last_name_codes`).
        order: a record's place in an oversized block.
        seen: the set the codes are added to.
        passes: the passes (:data:`SAME_CHILD_PASSES`).
        max_block_pairs: the pairs above which a block is refined, then windowed.
        decided: whether each record's pairs with other decided records are unwanted
            (true: such a pair is left out; its pairs with the others are kept).
        vectorised: find the blocks on numpy arrays (True), in dictionaries (False),
            or choose (None: numpy when importable, for :data:`VECTOR_MIN` records
            or more); the same blocks either way.
    """
    blocks = _Within(max(len(dobs), 1), seen, order, max_block_pairs, decided)
    if vectorised is None:
        vectorised = len(dobs) >= VECTOR_MIN and numpy_available()
    # Passes with the same name keys share their keys, each then joined with its
    # date-of-birth key (made once per distinct date): a block is the records of one
    # joined key that an undecided record holds.
    sharing: dict[NameKeys, list[SameChildPass]] = {}
    for one in passes:
        sharing.setdefault(one.names, []).append(one)
    distinct = list(dict.fromkeys(dobs))
    numbered = _Codes(dobs, distinct, first_codes, last_codes) if vectorised else None
    for names, group in sharing.items():
        joiner: _DictJoin | _ArrayJoin
        if numbered is not None and names.numbers is not None and names.numbers_of is not None:
            joiner = _ArrayJoin(
                *numbered.entries(names.numbers, names.numbers_of), numbered.dob_ids, distinct
            )
        else:
            records, keys = _entries(names, dobs, first_codes, last_codes)
            live = None if decided is None else bytes(map(not_, map(decided.__getitem__, records)))
            joiner = _DictJoin(records, keys, live, dobs, distinct)
        for one in group:
            further = tuple(_further(refine, first_codes, last_codes) for refine in one.refine)
            for block in joiner.blocks(one.dob, blocks):
                blocks.add(block, further)
        del joiner  # before the next name keys' entries are made


class _DictJoin:
    """The blocks of the name keys of some records joined with a date-of-birth key:
    a dictionary of the joined keys (the plain path)."""

    def __init__(
        self,
        records: list[int],
        keys: list[str],
        live: bytes | None,
        dobs: Sequence[str],
        distinct: list[str],
    ) -> None:
        self.records, self.keys, self.live = records, keys, live
        self.dobs = list(map(dobs.__getitem__, records))  # each entry's date of birth
        self.distinct = distinct

    def blocks(self, dob_key: DobKey, into: _Within) -> list[list[int]]:
        """The blocks (members ascending) of two records or more."""
        of_dob = {dob: dob_key(dob) if dob else "" for dob in self.distinct}
        joined = list(map(add, self.keys, map(of_dob.__getitem__, self.dobs)))
        if self.live is None:
            wanted = {key for key, count in Counter(joined).items() if count > 1}
        else:
            wanted = set(compress(joined, self.live))
        records = self.records
        by_key: dict[str, list[int]] = {}
        for pos in compress(range(len(joined)), map(wanted.__contains__, joined)):
            key, idx = joined[pos], records[pos]
            held = by_key.get(key)
            if held is None:
                by_key[key] = [idx]
            else:
                held.append(idx)
        return [sorted(block) for block in by_key.values() if len(block) > 1]


class _Codes:
    """The names' codes of many records numbered (numpy): each record of one code in
    each name by two arrays, the others one by one."""

    def __init__(
        self,
        dobs: Sequence[str],
        distinct: list[str],
        first_codes: Sequence[Codes],
        last_codes: Sequence[Codes],
    ) -> None:
        import numpy as np

        place = {dob: num for num, dob in enumerate(distinct)}
        #: Each record's date of birth, by its place in ``distinct``.
        self.dob_ids = np.fromiter(map(place.__getitem__, dobs), dtype=np.int32, count=len(dobs))
        dated = np.array(list(map(bool, dobs)), dtype=bool)
        one_first = np.array(list(map(len, first_codes))) == 1
        single = one_first & (np.array(list(map(len, last_codes))) == 1) & dated
        self.ones = np.flatnonzero(single)
        self.rest = np.flatnonzero(~single & dated)
        at = self.ones.tolist()
        first = list(map(itemgetter(0), map(first_codes.__getitem__, at)))
        last = list(map(itemgetter(0), map(last_codes.__getitem__, at)))
        rest_codes = chain.from_iterable(
            chain(first_codes[idx], last_codes[idx]) for idx in self.rest.tolist()
        )
        self.number = {
            code: k for k, code in enumerate(dict.fromkeys(chain(first, last, rest_codes)))
        }
        tail_number: dict[str, int] = {}
        tails = [tail_number.setdefault(code[1:], len(tail_number)) for code in self.number]
        self.tails, self.tails_list = np.array(tails, dtype=np.int32), tails
        self.n_tails = max(len(tail_number), 1)
        self.first = np.array(list(map(self.number.__getitem__, first)), dtype=np.int32)
        self.last = np.array(list(map(self.number.__getitem__, last)), dtype=np.int32)
        self.first_codes, self.last_codes = first_codes, last_codes

    def entries(
        self,
        numbers: Callable[[IntArray, IntArray, IntArray, int], Numbered],
        of: Callable[[tuple[int, ...], tuple[int, ...], list[int], int], set[int]],
    ) -> tuple[IntArray, IntArray]:
        """Each name key of each record with a date of birth, as integers: the records
        (a record once per key) and the keys."""
        import numpy as np

        records: list[IntArray] = []
        keys: list[IntArray] = []
        for positions, some in numbers(self.first, self.last, self.tails, self.n_tails):
            records.append(self.ones[positions].astype(np.int32))
            keys.append(some)
        number = self.number.__getitem__
        done: dict[tuple[Codes, Codes], tuple[int, ...]] = {}
        more = array("i")
        more_keys = array("i")
        for idx in self.rest.tolist():
            both = (self.first_codes[idx], self.last_codes[idx])
            held = done.get(both)
            if held is None:
                first, last = tuple(map(number, both[0])), tuple(map(number, both[1]))
                held = done[both] = tuple(of(first, last, self.tails_list, self.n_tails))
            more.extend([idx] * len(held))
            more_keys.extend(held)
        records.append(np.frombuffer(more, dtype=np.int32))
        keys.append(np.frombuffer(more_keys, dtype=np.int32))
        return np.concatenate(records), np.concatenate(keys)


class _ArrayJoin:
    """:class:`_DictJoin` on integer arrays (numpy): the joined keys sorted and cut
    into runs; the pairs of a block within the cap are added to ``into`` directly."""

    def __init__(
        self, records: IntArray, keys: IntArray, dob_ids: IntArray, distinct: list[str]
    ) -> None:
        self.records, self.key_ids = records, keys
        self.distinct = distinct
        self.dob_ids = dob_ids[records]
        self.decided: npt.NDArray[np.bool_] | None = None

    def blocks(self, dob_key: DobKey, into: _Within) -> list[list[int]]:
        """The blocks (members ascending) with more pairs than the cap; the pairs of
        the others are added to ``into``."""
        import numpy as np

        parts = [dob_key(dob) if dob else "" for dob in self.distinct]
        numbered = {part: num for num, part in enumerate(dict.fromkeys(parts))}
        table = np.array([numbered[part] for part in parts], dtype=np.int64)
        if not len(self.key_ids):
            return []
        joined = self.key_ids.astype(np.int64)
        joined *= len(numbered)
        joined += table[self.dob_ids]
        # Sorted with each entry's record in the low bits: the runs of equal joined
        # keys, their records ascending (a value sort in place, no argsort).
        bits = max(int(self.records.max()).bit_length(), 1)
        if int(joined.max()).bit_length() + bits > 62:  # too many to pack: sort by both
            order = np.lexsort((self.records, joined))
            joined, members = joined[order], self.records[order]
        else:
            joined <<= bits
            joined |= self.records
            joined.sort()
            members = joined & ((1 << bits) - 1)
            joined >>= bits
        starts = np.flatnonzero(np.r_[True, joined[1:] != joined[:-1]])
        sizes = np.diff(np.r_[starts, len(joined)])
        del joined
        chosen = sizes > 1
        if into.decided is not None:  # a run gives pairs only with an undecided record
            if self.decided is None:
                self.decided = np.frombuffer(bytes(into.decided), dtype=np.uint8).astype(bool)
            chosen &= np.add.reduceat(~self.decided[members], starts) > 0
        starts, sizes = starts[chosen], sizes[chosen]
        # Every block within the cap: all its pairs (members ascending), one array
        # operation per block size, leaving out the pairs of two decided records.
        cap = into.cap
        found = []
        for size in np.unique(sizes[sizes > 1]).tolist():
            if size * (size - 1) // 2 > cap:
                break
            rows = starts[sizes == size]
            first_of, second_of = np.triu_indices(size, 1)
            first = members[rows[:, None] + first_of].reshape(-1)
            second = members[rows[:, None] + second_of].reshape(-1)
            if self.decided is not None:
                keep = ~(self.decided[first] & self.decided[second])
                first, second = first[keep], second[keep]
            found.append(first * into.n + second)
        if found:
            into.seen.update(np.concatenate(found).tolist())
        over = sizes * (sizes - 1) // 2 > cap
        return [
            members[start : start + size].tolist()
            for start, size in zip(starts[over].tolist(), sizes[over].tolist(), strict=True)
        ]


def _further(
    names: NameKeys, first_codes: Sequence[Codes], last_codes: Sequence[Codes]
) -> _Further:
    of = names.of

    def keys(idx: int) -> Codes:
        return of(first_codes[idx], last_codes[idx])

    return keys


def pairs_within(
    records: Sequence[Prepared],
    *,
    max_block_pairs: int = WITHIN_MAX_BLOCK_PAIRS,
    decided: Sequence[int] | None = None,
    households: bool = True,
) -> set[int]:
    """The pair codes ``i * n + j`` (``i < j``, ``n = len(records)``, at least 1) of the
    records of one collection that share a key of :data:`SAME_CHILD_PASSES` or, with
    ``households``, of :data:`ADDRESS_PASS` (its blocks bounded the same way)."""
    seen: set[int] = set()

    def order(idx: int) -> Order:
        return _order(records[idx], 0)

    same_child_codes(
        [rec.dob for rec in records],
        [first_name_codes(rec.first) for rec in records],
        [last_name_codes(rec.last) for rec in records],
        order,
        seen,
        max_block_pairs=max_block_pairs,
        decided=decided,
    )
    if households:
        blocks = _Within(max(len(records), 1), seen, order, max_block_pairs, decided)
        index: dict[str, list[int]] = {}
        for idx, rec in enumerate(records):
            for key in ADDRESS_PASS.keys(rec):
                index.setdefault(key, []).append(idx)
        further = tuple(_of_records(refine, records) for refine in ADDRESS_PASS.refine)
        for members in index.values():
            if len(members) > 1:
                blocks.add(members, further)
    return seen


def _of_records(keys: Keys, records: Sequence[Prepared]) -> _Further:
    def of(idx: int) -> Sequence[str]:
        return keys(records[idx])

    return of
