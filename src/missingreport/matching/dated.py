"""The blocks of the keys that hold a date of birth, built without a key per record.

The families ``d``, ``y`` and ``m`` of :mod:`.blocking` within one collection: two
records are candidates when they share

* ``d``: the date of birth and the Soundex of any one name token;
* ``y``: the year of birth and an unordered pair of first- and last-name codes;
* ``m``: the unordered month and day of birth and such a pair.

:func:`dated_candidate_codes` gives the same blocks as the key strings of
:func:`~.blocking.blocking_keys` do, without making them: the records are grouped by
date of birth and split by name code (``d``); grouped by pair of codes and split by
year (``y``) and by unordered month and day (``m``). Each split is a small table of
its own. An oversized block is windowed as in :mod:`.blocking` (:func:`windowed`).
Records whose pairs among themselves are not wanted (``decided``) only join the
blocks of the others, so that a run where most records carry a record number does
little work for them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain

__all__ = ["Order", "code_pairs", "dated_candidate_codes", "windowed"]

#: A record's place in an oversized block: Soundex of its last and first name, its
#: date of birth, its rank on its side.
Order = tuple[str, str, str, int]


@lru_cache(maxsize=1 << 16)
def code_pairs(first: tuple[str, ...], last: tuple[str, ...]) -> tuple[str, ...]:
    """The unordered pairs of a first-name and a last-name code, each once."""
    return tuple(sorted({a + b if a <= b else b + a for a in first for b in last}))


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


class _Blocks:
    """Where the pairs of the blocks go: the codes ``i * n + j`` (``i < j``) added to
    ``seen``, leaving out the pairs of two ``decided`` records."""

    def __init__(
        self,
        n: int,
        seen: set[int],
        order: Callable[[int], Order],
        max_block_pairs: int,
        decided: Sequence[int] | None,
    ) -> None:
        self.n, self.seen, self.order = n, seen, order
        self.max_block_pairs = max_block_pairs
        self.decided = decided

    def wanted(self, members: list[int]) -> bool:
        """Whether a group may give pairs: not all its members are decided."""
        decided = self.decided
        return decided is None or not all(map(decided.__getitem__, members))

    def by_code(
        self,
        members: Sequence[int],
        first_codes: Sequence[tuple[str, ...]],
        last_codes: Sequence[tuple[str, ...]],
    ) -> None:
        """Add the blocks of the members (ascending) of one date of birth that share a
        name code (family ``d``)."""
        decided = self.decided
        each = [first_codes[i] + last_codes[i] for i in members]  # a code may come twice
        live: set[str] | None = None
        if decided is not None:  # only a block with an undecided member gives pairs
            live = set()
            for idx, codes in zip(members, each, strict=True):
                if not decided[idx]:
                    live.update(codes)
        # A code of one member only holds the index itself, a list from the second on.
        index: dict[str, int | list[int]] = {}
        for idx, codes in zip(members, each, strict=True):
            only = live if decided is not None and decided[idx] else None
            for code in codes:
                if only is not None and code not in only:
                    continue
                held = index.get(code)
                if held is None:
                    index[code] = idx
                elif isinstance(held, int):
                    if held != idx:
                        index[code] = [held, idx]
                elif held[-1] != idx:
                    held.append(idx)
        for block in index.values():
            if not isinstance(block, int):
                self.add(block)

    def by_date(self, members: list[int], dobs: Sequence[str]) -> None:
        """Add the blocks of the members (ascending) of one pair of codes that share
        the year (family ``y``) or the unordered month and day of birth (``m``)."""
        if len(members) == 2:  # most groups: their one pair, if it shares either
            a, b = dobs[members[0]], dobs[members[1]]
            if a[:4] == b[:4] or _day(a) == _day(b):
                self.add(members)
            return
        years: dict[str, list[int]] = {}
        days: dict[str, list[int]] = {}
        for idx in members:
            dob = dobs[idx]
            held = years.get(dob[:4])
            if held is None:
                years[dob[:4]] = [idx]
            else:
                held.append(idx)
            both = _day(dob)
            held = days.get(both)
            if held is None:
                days[both] = [idx]
            else:
                held.append(idx)
        for block in chain(years.values(), days.values()):
            if len(block) > 1:
                self.add(block)

    def add(self, members: list[int]) -> None:
        """Add the pairs of one block (members ascending), windowed when oversized."""
        n, seen, decided = self.n, self.seen, self.decided
        size = len(members)
        if size == 2:  # most blocks
            i, j = members
            if decided is None or not (decided[i] and decided[j]):
                seen.add(i * n + j)
        elif size * (size - 1) // 2 > self.max_block_pairs:
            ordered = [(self.order(i), 0, i) for i in members]
            width = max(2, self.max_block_pairs // size)
            seen.update(
                min(i, j) * n + max(i, j)
                for i, j in windowed(ordered, width)
                if decided is None or not (decided[i] and decided[j])
            )
        elif decided is None:
            for pos, i in enumerate(members):
                base = i * n
                seen.update(base + j for j in members[pos + 1 :])
        elif self.wanted(members):
            for pos, i in enumerate(members):
                base = i * n
                if decided[i]:
                    seen.update(base + j for j in members[pos + 1 :] if not decided[j])
                else:
                    seen.update(base + j for j in members[pos + 1 :])


def dated_candidate_codes(
    dobs: Sequence[str],
    first_codes: Sequence[tuple[str, ...]],
    last_codes: Sequence[tuple[str, ...]],
    order: Callable[[int], Order],
    seen: set[int],
    *,
    max_block_pairs: int,
    decided: Sequence[int] | None = None,
) -> None:
    """Add to ``seen`` the pair codes ``i * n + j`` (``i < j``, ``n = len(dobs)``, at
    least 1) of the records of one collection that share a key of family ``d``, ``y``
    or ``m``.

    Args:
        dobs: each record's date of birth, ``YYYYMMDD`` (``""`` when unknown).
        first_codes: each record's first-name codes
            (:func:`~.blocking.first_name_codes`).
        last_codes: each record's last-name codes (:func:`~.blocking.last_name_codes`).
        order: a record's place in an oversized block.
        seen: the set the codes are added to.
        max_block_pairs: the size from which a block is windowed.
        decided: whether each record's pairs with other decided records are unwanted
            (true: such a pair is left out; its pairs with the others are kept).
    """
    blocks = _Blocks(max(len(dobs), 1), seen, order, max_block_pairs, decided)
    # Only a block with an undecided member gives pairs: when some records are decided,
    # the others' dates and pairs of codes are the only ones worth indexing.
    open_dobs: set[str] | None = None
    open_pairs: set[str] | None = None
    if decided is not None:
        undecided = [idx for idx, dob in enumerate(dobs) if dob and not decided[idx]]
        open_dobs = {dobs[idx] for idx in undecided}
        open_pairs = set()
        for idx in undecided:
            open_pairs.update(_pairs(first_codes[idx], last_codes[idx]))
    # d: the records of one date of birth, split by name code (the indices of a date in
    # an array: no int object per record).
    by_dob: dict[str, array[int]] = {}
    for idx, dob in enumerate(dobs):
        if dob and (open_dobs is None or dob in open_dobs):
            held = by_dob.get(dob)
            if held is None:
                by_dob[dob] = array("q", (idx,))
            else:
                held.append(idx)
    for members in by_dob.values():  # each with an undecided member, when any decided
        if len(members) > 1:
            blocks.by_code(members, first_codes, last_codes)
    del by_dob
    # y and m: the records of one pair of codes, split by year and by month and day.
    # A pair of one record only holds the index itself, a list from the second on.
    by_pair: dict[str, int | list[int]] = {}
    for idx, dob in enumerate(dobs):
        if not dob:
            continue
        first, last = first_codes[idx], last_codes[idx]
        if len(first) == 1 and len(last) == 1:  # most records: _pairs without the call
            a, b = first[0], last[0]
            pairs: tuple[str, ...] = (a + b,) if a <= b else (b + a,)
        else:
            pairs = _pairs(first, last)
        for pair in pairs:
            if open_pairs is not None and pair not in open_pairs:
                continue
            one = by_pair.get(pair)
            if one is None:
                by_pair[pair] = idx
            elif isinstance(one, int):
                by_pair[pair] = [one, idx]
            else:
                one.append(idx)
    for shared in by_pair.values():  # each with an undecided member, when any decided
        if not isinstance(shared, int):
            blocks.by_date(shared, dobs)


def _day(dob: str) -> str:
    """The unordered month and day of a date of birth (``YYYYMMDD``)."""
    month, day = dob[4:6], dob[6:8]
    return month + day if month <= day else day + month


def _pairs(first: tuple[str, ...], last: tuple[str, ...]) -> tuple[str, ...]:
    """A record's pairs of a first-name and a last-name code, each once."""
    if len(first) == 1 and len(last) == 1:  # most records: no cache look-up
        a, b = first[0], last[0]
        return (a + b,) if a <= b else (b + a,)
    return code_pairs(first, last)
