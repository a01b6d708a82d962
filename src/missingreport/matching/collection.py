"""The records of one collection prepared for matching within it, each distinct value once.

:class:`Collection` keeps what blocking and name scoring need of each record (its date
of birth as ``YYYYMMDD``, its normalised first and last names with their blocking
codes) as references to values prepared once per distinct name (on first use) and date
of birth: a long collection costs a list entry per record and field, not an object per
record.
Its candidate pairs come from the bounded passes on names and dates of birth of
:mod:`.passes` (:func:`.passes.same_child_codes`, on the codes and dates held here);
it scores names once per distinct pair of names (:func:`.scoring.names_alike_pairs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import NamedTuple

from .dob import dob_digits
from .names import NormName, normalize_name, soundex
from .passes import (
    WITHIN_MAX_BLOCK_PAIRS,
    Order,
    first_name_codes,
    last_name_codes,
    same_child_codes,
)
from .scoring import names_alike_pairs

__all__ = ["Collection"]


class _Name:
    """One distinct name field: normalised, its blocking codes, the Soundex of the
    whole. Compared and hashed by identity: the records of one name share it."""

    __slots__ = ("codes", "norm", "sound")

    def __init__(self, raw: str | None, codes: Callable[[NormName], tuple[str, ...]]) -> None:
        self.norm = normalize_name(raw)
        self.codes = codes(self.norm)
        self.sound = soundex(self.norm.joined)


class _Names(NamedTuple):
    """A record's normalised first and last name (what name scoring compares)."""

    first: NormName
    last: NormName


class _Prepared:
    """One name field of every record, each distinct name prepared on first use (a
    collection whose pairs are all decided otherwise may never need most of them)."""

    __slots__ = ("_codes", "_done", "_every", "_names")

    def __init__(
        self, names: Sequence[str | None], codes: Callable[[NormName], tuple[str, ...]]
    ) -> None:
        self._names, self._codes = names, codes
        self._done: dict[str | None, _Name] = {}
        self._every: list[_Name] | None = None

    def of(self, i: int) -> _Name:
        """Record ``i``'s prepared name."""
        if self._every is not None:
            return self._every[i]
        raw = self._names[i]
        name = self._done.get(raw)
        if name is None:
            name = self._done[raw] = _Name(raw, self._codes)
        return name

    def every(self) -> list[_Name]:
        """Every record's prepared name, in order."""
        if self._every is None:
            done, codes = self._done, self._codes
            for raw in dict.fromkeys(self._names):
                if raw not in done:
                    done[raw] = _Name(raw, codes)
            self._every = list(map(done.__getitem__, self._names))
        return self._every


class Collection:
    """The names and dates of birth of the records of one collection, prepared.

    Args:
        first_names: each record's first name (``None`` when blank).
        last_names: each record's last name.
        births: each record's date of birth.
    """

    def __init__(
        self,
        first_names: Sequence[str | None],
        last_names: Sequence[str | None],
        births: Sequence[date | None],
    ) -> None:
        self._firsts = _Prepared(first_names, first_name_codes)
        self._lasts = _Prepared(last_names, last_name_codes)
        digits = {born: dob_digits(born) for born in dict.fromkeys(births)}
        #: Each record's date of birth, ``YYYYMMDD`` (``""`` when unknown).
        self.dobs: list[str] = list(map(digits.__getitem__, births))

    def __len__(self) -> int:
        return len(self.dobs)

    def identified(self, i: int) -> bool:
        """Whether record ``i`` can be matched by identity: both names and a date of
        birth (a name has codes exactly when it is not blank)."""
        return bool(self.dobs[i] and self._firsts.of(i).codes and self._lasts.of(i).codes)

    def candidate_codes(
        self,
        seen: set[int],
        *,
        decided: Sequence[int] | None = None,
        max_block_pairs: int = WITHIN_MAX_BLOCK_PAIRS,
    ) -> None:
        """Add to ``seen`` the codes ``i * n + j`` (``i < j``) of the pairs that share a
        key of the same-child passes (:func:`.passes.same_child_codes`, which says
        what ``decided`` does). When every record is decided no pair can be wanted:
        no key is made, and no name is prepared for it."""
        if decided is not None and all(decided):
            return
        same_child_codes(
            self.dobs,
            [name.codes for name in self._firsts.every()],
            [name.codes for name in self._lasts.every()],
            self._order,
            seen,
            max_block_pairs=max_block_pairs,
            decided=decided,
        )

    def _order(self, i: int) -> Order:
        return (self._lasts.of(i).sound, self._firsts.of(i).sound, self.dobs[i], 0)

    def names_alike(self, pairs: Iterable[tuple[int, int]]) -> list[float]:
        """:func:`~.scoring.names_alike` of records ``i`` and ``j`` for each pair, scored
        once per distinct pair of names (it depends on the names only)."""
        firsts, lasts = self._firsts.every(), self._lasts.every()
        distinct: dict[tuple[_Name, _Name, _Name, _Name], int] = {}
        left: list[_Names] = []
        right: list[_Names] = []
        places: list[int] = []
        for i, j in pairs:
            place = distinct.setdefault((firsts[i], lasts[i], firsts[j], lasts[j]), len(left))
            if place == len(left):
                left.append(_Names(firsts[i].norm, lasts[i].norm))
                right.append(_Names(firsts[j].norm, lasts[j].norm))
            places.append(place)
        # One C call per pair: faster here than numpy's start and threads (same scores).
        indices = [(k, k) for k in range(len(left))]
        scores = names_alike_pairs(left, right, indices, vectorised=False)
        return [scores[place] for place in places]
