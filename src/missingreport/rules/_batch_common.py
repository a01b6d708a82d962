"""What the MR6xx rules share: which records describe the same child, and how a
finding names the other records.

:func:`same_child_facts` computes, once per run (through
:meth:`~._base.BatchContext.shared`), what rules.md calls **the same child**:

* both records have a ``child_record_number``: the same child exactly when the numbers
  are equal (the names and dates of birth are not looked at);
* otherwise: first and last name alike (:func:`~missingreport.matching.names_alike` at
  or above ``Policy.name_match_threshold``: typos, swapped names, nicknames, hyphens,
  accents) and dates of birth equal or one keying error apart (the date-of-birth
  levels ``exact`` and ``one keying error`` of the reconcile's model,
  :func:`~missingreport.matching.levels.dob_alike`).

This is :func:`~missingreport.matching.find_same_child_pairs` built from the same
parts, never all pairs: the bounded blocking passes within one collection
(:data:`~missingreport.matching.passes.SAME_CHILD_PASSES`, the passes mechanism of
reconciliation) and name scoring, through a
:class:`~missingreport.matching.collection.Collection`, with two differences: the
candidate pairs also include every two records that share a case number, an NCMEC
case number or an NCIC number, judged directly so that a blocking miss can never turn
one child's two reports into "two children sharing a number" (MR604, MR605); and the
record numbers are compared as below. Two records that both have a (non-placeholder)
record number are never judged by identity, so blocking leaves their pairs out.

Identifiers are compared normalised (letters and digits, case-folded, leading zeros
dropped: :func:`~._keys.identifier`). ``child_record_number`` and ``case_number`` are
the state's own numbers, so they are compared within the custodial agency's state;
the keys hold them normalised already (the work of each record, done where it is
checked). An identifier is taken for a placeholder, and not compared at all, when it
has no digit (``UNKNOWN``, ``N/A``, ``PENDING``) or when more than :data:`LARGE_GROUP`
records share it (no child, family or case has that many reports: it is a system
default). A record whose ``child_record_number`` is a placeholder is matched by name
and date of birth. A shared NCMEC or NCIC number above that size is still reported
(MR604, MR605); its pairs are then judged through blocking only.

The phase is linear in the records and light on memory: each distinct name and date
of birth is prepared once (the collection), a pair of records is an integer code
``i * n + j``, names are scored a chunk of pairs at a time and once per distinct pair
of names, and the relation is kept as sorted arrays of codes, not as a set per record.
"""

from __future__ import annotations

import gc
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter
from typing import Any

from ..matching.collection import Collection
from ..matching.levels import dob_alike
from ._base import BatchContext, RecordKey
from ._keys import identifier

__all__ = [
    "LARGE_GROUP",
    "MAX_NAMED",
    "SameChild",
    "groups_of",
    "identifier",
    "iso",
    "named",
    "same_child_facts",
    "values_of",
]

#: More records than this sharing one identifier: the identifier is a placeholder.
LARGE_GROUP = 100
#: At most this many other records are named in one finding ("... and N more").
MAX_NAMED = 5
_EPS = 1e-9
#: Pairs whose names are scored at once (bounds the memory of a long run).
_CHUNK = 16384


def groups_of(values: Iterable[str | None]) -> list[list[int]]:
    """Indices sharing each non-blank value, for values held by two records or more
    (in the order of each value's first record)."""
    values = values if isinstance(values, list) else list(values)
    shared: dict[str | None, list[int]] = {
        value: [] for value, count in Counter(values).items() if count > 1 and value
    }
    if shared:  # the records of shared values picked out without a loop over all
        for i in compress(range(len(values)), map(shared.__contains__, values)):
            shared[values[i]].append(i)
    return list(shared.values())


def _column(keys: Sequence[RecordKey], field: str) -> list[Any]:
    """One field of every key, in order."""
    return list(map(attrgetter(field), keys))


def _identifiers(values: list[str | None]) -> list[str]:
    """:func:`~._keys.identifier` of each value; a value that is case-folded already
    clean (letters and digits, a digit, no leading zero) is taken without the call."""
    return [
        folded
        if value
        and (folded := value.casefold()).isalnum()
        and folded[0] != "0"
        and not folded.isalpha()
        else identifier(value)
        for value in values
    ]


def _pairs_within(groups: Iterable[list[int]], n: int) -> set[int]:
    """Pair codes ``i * n + j`` (``i < j``) of every two members of each group."""
    codes: set[int] = set()
    for members in groups:
        if len(members) == 2:  # most groups
            codes.add(members[0] * n + members[1])
            continue
        for pos, i in enumerate(members):
            base = i * n
            codes.update(base + j for j in members[pos + 1 :])
    return codes


def _holds(codes: array[int], code: int) -> bool:
    at = bisect_left(codes, code)
    return at < len(codes) and codes[at] == code


@dataclass(frozen=True, slots=True)
class SameChild:
    """The same-child relation of one run, and what the rules need besides.

    Attributes:
        n: the number of records.
        record_numbers: each record's state-scoped ``child_record_number`` token
            (``""`` when none or a placeholder).
        same_codes: the pair codes ``i * n + j`` (``i < j``) of the records that
            describe the same child, sorted.
        akin_codes: sorted codes ``i * n + j`` in both orders of those pairs and of
            the pairs of one case whose names are alike (they name one child: MR606
            judges them, never MR604/MR605).
        by_identity: for each record of an NCMEC or NCIC group (the records
            :meth:`other_children` compares), whether it can be matched by identity
            (both names and a date of birth).
        record_groups: records sharing one (non-placeholder) record number.
        case_alike: pairs sharing a case number whose names are alike (pair codes).
        ncmec_groups: records sharing one NCMEC case number (any group size).
        ncic_groups: records sharing one NCIC number (any group size).
    """

    n: int
    record_numbers: Sequence[str]
    same_codes: array[int]
    akin_codes: array[int]
    by_identity: Mapping[int, bool]
    record_groups: Sequence[Sequence[int]]
    case_alike: frozenset[int]
    ncmec_groups: Sequence[Sequence[int]]
    ncic_groups: Sequence[Sequence[int]]

    def same(self, i: int, j: int) -> bool:
        """Whether records ``i`` and ``j`` describe the same child."""
        return i != j and _holds(self.same_codes, min(i, j) * self.n + max(i, j))

    def akin(self, i: int) -> list[int]:
        """The records that describe the same child as ``i`` or name it in its case."""
        codes, base = self.akin_codes, i * self.n
        lo = bisect_left(codes, base)
        return [code - base for code in codes[lo : bisect_left(codes, base + self.n, lo)]]

    def comparable(self, i: int, j: int) -> bool:
        """Whether the data can tell if ``i`` and ``j`` (of NCMEC or NCIC groups) are the
        same child at all."""
        rn = self.record_numbers
        return bool(rn[i] and rn[j]) or (self.by_identity[i] and self.by_identity[j])

    def different(self, i: int, j: int) -> bool:
        """Whether ``i`` and ``j`` (of NCMEC or NCIC groups) are certainly not the same
        child: the data can tell, they are not, and they do not name one child in one
        case either."""
        return not _holds(self.akin_codes, i * self.n + j) and self.comparable(i, j)

    def other_children(self, group: Sequence[int]) -> Iterator[tuple[int, list[int], int]]:
        """For each member of ``group`` (records sharing a number) that shares it with
        other children: ``(member, the first MAX_NAMED of them, how many in all)``.

        Counted without comparing every two members, so that a large group stays linear.
        """
        members = set(group)
        rn, ident = self.record_numbers, self.by_identity
        with_rn = sum(1 for j in group if rn[j])
        with_id = sum(1 for j in group if ident[j])
        with_both = sum(1 for j in group if rn[j] and ident[j])
        for i in group:
            has_rn, has_id = bool(rn[i]), ident[i]
            if not (has_rn or has_id):
                continue
            comparable = (with_rn if has_rn else 0) + (with_id if has_id else 0) - 1
            comparable -= with_both if has_rn and has_id else 0
            alike = sum(1 for j in self.akin(i) if j in members and self.comparable(i, j))
            total = comparable - alike
            if total <= 0:
                continue
            others: list[int] = []
            for j in group:
                if j != i and self.different(i, j):
                    others.append(j)
                    if len(others) == MAX_NAMED:
                        break
            yield i, others, total

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every same-child pair ``(i, j)``, ``i < j``, in order."""
        n = self.n
        for code in self.same_codes:
            yield divmod(code, n)


def same_child_facts(ctx: BatchContext) -> SameChild:
    """The same-child facts of the run, computed once and shared by the MR6xx rules."""
    return ctx.shared("same-child", lambda: _compute(ctx.keys, ctx.policy.name_match_threshold))


def _bounded(groups: list[list[int]]) -> list[list[int]]:
    return [g for g in groups if len(g) <= LARGE_GROUP]


def _compute(keys: Sequence[RecordKey], threshold: float) -> SameChild:
    was_enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: the collector's passes only cost time
    try:
        return _facts(keys, threshold)
    finally:
        if was_enabled:
            gc.enable()


def _facts(keys: Sequence[RecordKey], threshold: float) -> SameChild:
    n = len(keys)
    numbers = _column(keys, "child_record_token")
    shared_numbers = groups_of(numbers)
    placeholder = {numbers[g[0]] for g in shared_numbers if len(g) > LARGE_GROUP}
    if placeholder:
        numbers = ["" if rn in placeholder else rn for rn in numbers]
    record_groups = _bounded(shared_numbers)
    # Equal record numbers: the same child, whatever the names say.
    same = _pairs_within(record_groups, n)
    # Otherwise identity, on the pairs that blocking proposes and on every two records
    # sharing a case, NCMEC or NCIC number (so that no blocking miss decides MR604/MR605).
    ncmec_groups = groups_of(_identifiers(_column(keys, "ncmec_case_number")))
    ncic_groups = groups_of(_identifiers(_column(keys, "ncic_number")))
    case_codes = _pairs_within(_bounded(groups_of(_column(keys, "case_token"))), n)
    candidates = _pairs_within(_bounded(ncmec_groups) + _bounded(ncic_groups), n)
    people = Collection(
        _column(keys, "first_name"), _column(keys, "last_name"), _column(keys, "date_of_birth")
    )
    # Two record numbers decide: blocking leaves out the pairs of two such records.
    people.candidate_codes(candidates, decided=bytearray(map(bool, numbers)))
    candidates -= case_codes
    # Identity: dates of birth first, then the names, scored a chunk at a time.
    judge = _Judge(people, threshold, case_codes, same)
    dobs = people.dobs
    for code in chain(case_codes, candidates):
        i, j = divmod(code, n)
        if numbers[i] and numbers[j]:
            continue  # the record numbers decide
        ok = dob_alike(dobs[i], dobs[j])
        if ok or code in case_codes:
            judge.add(code, ok)
    del candidates
    case_alike = judge.done()
    return SameChild(
        n=n,
        record_numbers=numbers,
        same_codes=array("q", sorted(same)),
        akin_codes=_both_ways(same | case_alike, n),
        by_identity={
            i: people.identified(i) for group in chain(ncmec_groups, ncic_groups) for i in group
        },
        record_groups=record_groups,
        case_alike=frozenset(case_alike),
        ncmec_groups=ncmec_groups,
        ncic_groups=ncic_groups,
    )


class _Judge:
    """Judges candidate pairs by name, :data:`_CHUNK` pairs at a time: a pair whose
    names are alike is the same child when its dates of birth match, and names one
    child in its case when it shares a case number."""

    def __init__(
        self, people: Collection, threshold: float, case_codes: set[int], same: set[int]
    ) -> None:
        self.people, self.n, self.cut = people, len(people), threshold - _EPS
        self.case_codes, self.same = case_codes, same
        self.case_alike: set[int] = set()
        self.todo: list[int] = []
        self.dob_ok: list[bool] = []

    def add(self, code: int, dob_ok: bool) -> None:
        """Judge pair ``code``, whose dates of birth match or not."""
        self.todo.append(code)
        self.dob_ok.append(dob_ok)
        if len(self.todo) >= _CHUNK:
            self._flush()

    def done(self) -> set[int]:
        """Judge the pairs left; the pairs of one case whose names are alike."""
        self._flush()
        return self.case_alike

    def _flush(self) -> None:
        if not self.todo:
            return  # no pair to judge: no name is prepared
        n = self.n
        sims = self.people.names_alike(divmod(code, n) for code in self.todo)
        for code, ok, sim in zip(self.todo, self.dob_ok, sims, strict=True):
            if sim >= self.cut:
                if ok:
                    self.same.add(code)
                if code in self.case_codes:
                    self.case_alike.add(code)
        self.todo.clear()
        self.dob_ok.clear()


def _both_ways(codes: set[int], n: int) -> array[int]:
    """The codes ``i * n + j`` and ``j * n + i`` of each pair, sorted."""
    flipped = [j * n + i for i, j in (divmod(code, n) for code in codes)]
    return array("q", sorted([*codes, *flipped]))


# --- naming other records in a finding (never by the child's name) -----------------


def _shown(text: str) -> str:
    """Input text made safe for a message: control and format characters escaped (a
    report id read from a record that failed may hold a terminal escape)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _place(key: RecordKey) -> str:
    """Where a record is, as its finding's location says: the line (of JSON Lines, or the
    row of a table) when it has one, else its number in the input."""
    if key.line is not None:
        number = f"line {key.line}"
    else:
        number = f"record {key.record if key.record is not None else key.index + 1}"
    return f"{_shown(key.source)} {number}" if key.source else number


def _describe(key: RecordKey, *, with_id: bool) -> str:
    if not with_id:
        return _place(key)
    if key.report_id:
        return f"report {_shown(key.report_id)} ({_place(key)})"
    return f"a report without a readable report_id ({_place(key)})"


def named(
    keys: Sequence[RecordKey], others: Sequence[int], total: int, *, with_id: bool = True
) -> str:
    """``report A (f.jsonl record 2), report B (f.jsonl record 9) and 3 more records``.

    ``with_id=False`` names records by source and record number only (MR601, where the
    report ids are the same).
    """
    shown = [_describe(keys[j], with_id=with_id) for j in others[:MAX_NAMED]]
    rest = total - len(shown)
    if rest > 0:
        shown.append(f"{rest} more record{'s' if rest > 1 else ''}")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def values_of(
    ctx: BatchContext | None,
    keys: Sequence[RecordKey],
    i: int,
    others: Sequence[int],
    show: Callable[[RecordKey], str],
) -> str | None:
    """This record's value, then each named record's: ``a; B: b, C: c`` (personal data:
    the engine keeps it only when values were asked for; ``None`` when the run's
    context says they were not)."""
    if ctx is not None and not ctx.show_values:
        return None
    listed = ", ".join(
        f"{_shown(keys[j].report_id or _place(keys[j]))}: {show(keys[j])}"
        for j in others[:MAX_NAMED]
    )
    return f"{show(keys[i])}; {listed}"


def iso(value: object) -> str:
    """A date in ISO form, ``unknown`` for ``None``."""
    return value.isoformat() if hasattr(value, "isoformat") else "unknown"
