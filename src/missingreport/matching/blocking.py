"""Blocking: which pairs of records are worth scoring.

Every record gets several keys; two records become a *candidate pair* when they
share at least one key. The keys are chosen so that an error in any one field
still leaves a shared key:

``r`` record number
    equal child record numbers.
``d`` date of birth + Soundex of any one name token (nickname forms included)
    survives a typo, a nickname or a blank in the *other* name, and swapped names.
``y`` / ``m`` year of birth (resp. the unordered month and day of birth) + the
    unordered pair of Soundex codes of first and last name (the first name's
    nickname forms included)
    survive one keying error in the date of birth (a digit or a transposition
    leaves either the year or month+day intact, a day/month swap both), swapped
    names, most name typos (Soundex ignores vowels) and nicknames.
``a`` / ``b`` (two collections only) the same Soundex pair, one-sided
    a record without a date of birth meets every record of the other side with the
    same pair, while two records with dates of birth never meet through it.
``h`` postal code + house number (when addresses are present)
    the household: survives errors in both the date of birth and the names.

Block sizes stay bounded: a block that would yield more than ``max_block_pairs``
pairs (a placeholder date of birth, a very common name) is *windowed*: sorted by
name and date of birth, each record meets only its nearest neighbours of the
other side (sorted neighbourhood), so the work stays linear. Candidate pairs
from all blocks are deduplicated, so each pair is scored once. On the synthetic
benchmark (100,000 episodes, realistic keying errors) these keys keep 99.8% of the
true pairs with addresses (99.2% without) at about 3 candidates per record.

Within one collection (:func:`candidate_codes_within`) the families ``d``, ``y`` and
``m`` are built without a key string per record, with the same blocks
(:func:`.dated.dated_candidate_codes`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from .dated import Order, code_pairs, dated_candidate_codes, windowed
from .names import NormName, soundex
from .scoring import Prepared

__all__ = [
    "DEFAULT_MAX_BLOCK_PAIRS",
    "MAX_NICKNAME_FORMS",
    "Side",
    "blocking_keys",
    "candidate_codes_within",
    "candidate_pairs",
    "candidate_pairs_within",
    "code_pairs",
    "first_name_codes",
    "last_name_codes",
]

Side = Literal["left", "right", "self"]
DEFAULT_MAX_BLOCK_PAIRS = 5000
#: At most this many nickname forms of a first name take part in blocking keys.
MAX_NICKNAME_FORMS = 6


@lru_cache(maxsize=1 << 16)
def first_name_codes(name: NormName) -> tuple[str, ...]:
    """Soundex of the first name's tokens and of its first token's nickname forms."""
    forms = set(name.tokens)
    if name.groups:
        forms.update(sorted(name.groups[0] - forms)[:MAX_NICKNAME_FORMS])
    return tuple(sorted({soundex(tok) for tok in forms}))


@lru_cache(maxsize=1 << 16)
def last_name_codes(name: NormName) -> tuple[str, ...]:
    """Soundex of the last name's tokens."""
    return tuple(sorted({soundex(tok) for tok in name.tokens}))


def blocking_keys(p: Prepared, side: Side = "self") -> list[str]:
    """The blocking keys of one prepared record (see the module documentation).

    ``side`` is ``"left"`` or ``"right"`` when matching two collections and
    ``"self"`` within one collection (no one-sided keys: a same-child pair needs
    both names and both dates of birth).
    """
    keys: list[str] = []
    for family in "rdym":
        keys.extend(_family_keys(p, family))
    if side != "self":
        pairs = code_pairs(first_name_codes(p.first), last_name_codes(p.last))
        if pairs:
            _one_sided(keys, ("a", "b"), not p.dob, side, pairs)
    keys.extend(_family_keys(p, "h"))
    return keys


def _family_keys(p: Prepared, family: str) -> list[str]:
    """The keys of one two-sided family (``r``, ``d``, ``y``, ``m`` or ``h``) of a record."""
    if family == "r":
        return ["r" + p.record] if p.record else []
    if family == "h":
        return ["h" + p.zip5 + "|" + p.house] if p.zip5 and p.house else []
    dob = p.dob
    if not dob:
        return []
    first_codes = first_name_codes(p.first)
    last_codes = last_name_codes(p.last)
    if family == "d":
        return ["d" + dob + code for code in {*first_codes, *last_codes}]
    pairs = code_pairs(first_codes, last_codes)
    if family == "y":
        return ["y" + dob[:4] + pair for pair in pairs]
    md = dob[4:6] + dob[6:8] if dob[4:6] <= dob[6:8] else dob[6:8] + dob[4:6]
    return ["m" + md + pair for pair in pairs]


def _one_sided(
    keys: list[str], tags: tuple[str, str], special: bool, side: Side, values: Sequence[str]
) -> None:
    """Add keys through which two records meet only if at least one is ``special``."""
    first, second = tags
    if special:
        chosen = (first, second) if side == "right" else (first,)
    else:
        chosen = (second,) if side == "left" else (first,)
    for tag in chosen:
        keys.extend([tag + value for value in values])


def _index(records: Sequence[Prepared], side: Side) -> dict[str, list[int]]:
    index: defaultdict[str, list[int]] = defaultdict(list)
    for idx, rec in enumerate(records):
        for key in blocking_keys(rec, side):
            index[key].append(idx)
    return index


def _order(rec: Prepared, rank: int) -> Order:
    """Sort key in an oversized block: Soundex of last and first name, date of birth,
    then the rank on its side (so that look-alikes of both sides interleave)."""
    return (soundex(rec.last.joined), soundex(rec.first.joined), rec.dob, rank)


def candidate_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    *,
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS,
) -> list[tuple[int, int]]:
    """Sorted, distinct ``(i, j)`` with ``left[i]`` and ``right[j]`` sharing a key.

    A block that would give more than ``max_block_pairs`` pairs is not dropped but
    windowed: its records are sorted by name and date of birth and each meets only
    its nearest neighbours of the other side, about ``max_block_pairs`` pairs in all.
    """
    n_right = max(len(right), 1)
    right_index = _index(right, "right")
    left_keys = [blocking_keys(rec, "left") for rec in left]
    left_sizes: Counter[str] = Counter()
    for keys in left_keys:
        left_sizes.update(keys)
    seen: set[int] = set()
    oversized: dict[str, list[int]] = {}
    for i, keys in enumerate(left_keys):
        base = i * n_right
        for key in keys:
            rights = right_index.get(key)
            if rights is None:
                continue
            if left_sizes[key] * len(rights) > max_block_pairs:
                oversized.setdefault(key, []).append(i)
            elif len(rights) == 1:
                seen.add(base + rights[0])
            else:
                seen.update([base + j for j in rights])
    for key, lefts in oversized.items():
        rights = right_index[key]
        members = [(_order(left[i], rank), 0, i) for rank, i in enumerate(lefts)]
        members += [(_order(right[j], rank), 1, j) for rank, j in enumerate(rights)]
        width = max(2, max_block_pairs // len(members))
        seen.update(i * n_right + j for i, j in windowed(members, width))
    return [divmod(code, n_right) for code in sorted(seen)]


def candidate_pairs_within(
    records: Sequence[Prepared], *, max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS
) -> list[tuple[int, int]]:
    """Sorted, distinct ``(i, j)``, ``i < j``, of records sharing a blocking key
    (oversized blocks windowed as in :func:`candidate_pairs`)."""
    n = max(len(records), 1)
    codes = candidate_codes_within(records, max_block_pairs=max_block_pairs)
    return [divmod(code, n) for code in sorted(codes)]


def candidate_codes_within(
    records: Sequence[Prepared], *, max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS
) -> set[int]:
    """The pairs of :func:`candidate_pairs_within` as codes ``i * n + j`` (``n`` the
    number of records, at least 1), unsorted: no tuple per pair."""
    n = max(len(records), 1)
    seen: set[int] = set()
    # The families without a date of birth one at a time, so that only one family's
    # key strings are held at once; the others through the dates of birth.
    for family in _UNDATED_FAMILIES:
        _family_codes(records, family, n, max_block_pairs, seen)

    def order(i: int) -> Order:
        return _order(records[i], 0)

    dated_candidate_codes(
        [rec.dob for rec in records],
        [first_name_codes(rec.first) for rec in records],
        [last_name_codes(rec.last) for rec in records],
        order,
        seen,
        max_block_pairs=max_block_pairs,
    )
    return seen


#: The key families of :func:`blocking_keys` that do not need a date of birth.
_UNDATED_FAMILIES = "rh"


def _family_codes(
    records: Sequence[Prepared], family: str, n: int, max_block_pairs: int, seen: set[int]
) -> None:
    """Add to ``seen`` the pair codes of the blocks of one key family."""
    # Most keys belong to one record only: such a key holds the index itself, a list
    # only from the second member on (a list per key would dominate the memory).
    index: dict[str, int | list[int]] = {}
    for idx, rec in enumerate(records):
        for key in _family_keys(rec, family):
            held = index.get(key)
            if held is None:
                index[key] = idx
            elif isinstance(held, int):
                index[key] = [held, idx]
            else:
                held.append(idx)
    for members in index.values():
        if isinstance(members, int):
            continue
        size = len(members)
        if size * (size - 1) // 2 > max_block_pairs:
            ordered = [(_order(records[i], 0), 0, i) for i in members]
            width = max(2, max_block_pairs // size)
            seen.update(min(i, j) * n + max(i, j) for i, j in windowed(ordered, width))
            continue
        for pos, i in enumerate(members):
            base = i * n
            seen.update(base + j for j in members[pos + 1 :])
