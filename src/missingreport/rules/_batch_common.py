"""What the MR6xx rules share: which records describe the same child, and how a
finding names the other records.

:func:`same_child_facts` computes, once per run (through
:meth:`~._base.BatchContext.shared`), what rules.md calls **the same child**:

* both records have a ``child_record_number``: the same child exactly when the numbers
  are equal (the names and dates of birth are not looked at);
* otherwise: first and last name alike (:func:`~missingreport.matching.names_alike` at
  or above ``Policy.name_match_threshold``: typos, swapped names, nicknames, hyphens,
  accents) and dates of birth equal or one keying error apart.

This is :func:`~missingreport.matching.find_same_child_pairs` built from the same
parts (blocking by :func:`~missingreport.matching.blocking.candidate_pairs_within`,
names scored in one vectorised pass), never all pairs, with two differences: the
candidate pairs also include every two records that share a case number, an NCMEC
case number or an NCIC number, judged directly so that a blocking miss can never turn
one child's two reports into "two children sharing a number" (MR604, MR605); and the
record numbers are compared as below.

Identifiers are compared normalised (letters and digits, case-folded, leading zeros
dropped). ``child_record_number`` and ``case_number`` are the state's own numbers, so
they are compared within the custodial agency's state. An identifier is taken for a
placeholder, and not compared at all, when it has no digit (``UNKNOWN``, ``N/A``,
``PENDING``) or when more than :data:`LARGE_GROUP` records share it (no child, family
or case has that many reports: it is a system default). A record whose
``child_record_number`` is a placeholder is matched by name and date of birth.
A shared NCMEC or NCIC number above that size is still reported (MR604, MR605); its
pairs are then judged through blocking only.
"""

from __future__ import annotations

import gc
import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..matching import PersonKey
from ..matching.blocking import candidate_codes_within
from ..matching.dob import digits_relation
from ..matching.scoring import Prepared, names_alike_pairs
from ._base import BatchContext, RecordKey

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
_NOT_ALNUM = re.compile(r"[\W_]+")
_PUNCTUATION = str.maketrans("", "", string.punctuation + string.whitespace)


def identifier(value: str | None, scope: str | None = None) -> str:
    """The normalised identifier (``""`` when blank or a placeholder without digits):
    letters and digits only, case-folded, leading zeros dropped.

    ``scope`` (the state) is prefixed when the number is only unique within it.
    """
    if not value:
        return ""
    folded = value.casefold()
    if not folded.isalnum():
        folded = folded.translate(_PUNCTUATION)  # fast for ASCII; the rest below
        if not folded.isalnum():
            folded = _NOT_ALNUM.sub("", folded)
    norm = folded.lstrip("0")
    if not norm or norm.isalpha():
        return ""
    return f"{scope or ''}|{norm}" if scope is not None else norm


def groups_of(values: Iterable[str]) -> list[list[int]]:
    """Indices sharing each non-blank value, for values held by two records or more."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    for i, value in enumerate(values):
        if value:
            index[value].append(i)
    return [members for members in index.values() if len(members) > 1]


def _pairs_within(groups: Iterable[list[int]], n: int) -> set[int]:
    """Pair codes ``i * n + j`` (``i < j``) of every two members of each group."""
    codes: set[int] = set()
    for members in groups:
        for pos, i in enumerate(members):
            base = i * n
            codes.update(base + j for j in members[pos + 1 :])
    return codes


@dataclass(frozen=True, slots=True)
class SameChild:
    """The same-child relation of one run, and what the rules need besides.

    Attributes:
        n: the number of records.
        record_numbers: each record's state-scoped ``child_record_number`` token
            (``""`` when none or a placeholder).
        adjacent: for each record, the records that describe the same child.
        akin: for each record, those and the records of its case whose names are alike
            (they name one child: MR606 judges them, never MR604/MR605).
        by_identity: whether each record can be matched by identity (both names and a
            date of birth).
        record_groups: records sharing one (non-placeholder) record number.
        case_alike: pairs sharing a case number whose names are alike (pair codes).
        ncmec_groups: records sharing one NCMEC case number (any group size).
        ncic_groups: records sharing one NCIC number (any group size).
    """

    n: int
    record_numbers: tuple[str, ...]
    adjacent: dict[int, frozenset[int]]
    akin: dict[int, frozenset[int]]
    by_identity: tuple[bool, ...]
    record_groups: tuple[tuple[int, ...], ...]
    case_alike: frozenset[int]
    ncmec_groups: tuple[tuple[int, ...], ...]
    ncic_groups: tuple[tuple[int, ...], ...]

    def same(self, i: int, j: int) -> bool:
        """Whether records ``i`` and ``j`` describe the same child."""
        return j in self.adjacent.get(i, ())

    def comparable(self, i: int, j: int) -> bool:
        """Whether the data can tell if ``i`` and ``j`` are the same child at all."""
        rn = self.record_numbers
        return bool(rn[i] and rn[j]) or (self.by_identity[i] and self.by_identity[j])

    def different(self, i: int, j: int) -> bool:
        """Whether ``i`` and ``j`` are certainly not the same child: the data can tell,
        they are not, and they do not name one child in one case either."""
        return j not in self.akin.get(i, ()) and self.comparable(i, j)

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
            alike = sum(1 for j in self.akin.get(i, ()) if j in members and self.comparable(i, j))
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

    def pairs(self) -> Iterable[tuple[int, int]]:
        """Every same-child pair ``(i, j)``, ``i < j``, in order."""
        for i in sorted(self.adjacent):
            for j in sorted(self.adjacent[i]):
                if i < j:
                    yield i, j


def same_child_facts(ctx: BatchContext) -> SameChild:
    """The same-child facts of the run, computed once and shared by the MR6xx rules."""
    return ctx.shared("same-child", lambda: _compute(ctx.keys, ctx.policy.name_match_threshold))


def _bounded(groups: list[list[int]]) -> list[list[int]]:
    return [g for g in groups if len(g) <= LARGE_GROUP]


def _compute(keys: Sequence[RecordKey], threshold: float) -> SameChild:
    was_enabled = gc.isenabled()
    gc.disable()  # many small tuples, no cycles: the collector's passes only cost time
    try:
        return _facts(keys, threshold)
    finally:
        if was_enabled:
            gc.enable()


def _facts(keys: Sequence[RecordKey], threshold: float) -> SameChild:
    n = len(keys)
    raw_numbers = [identifier(k.child_record_number, k.state) for k in keys]
    shared_numbers = groups_of(raw_numbers)
    placeholder = {raw_numbers[g[0]] for g in shared_numbers if len(g) > LARGE_GROUP}
    numbers = tuple("" if rn in placeholder else rn for rn in raw_numbers)
    record_groups = _bounded(shared_numbers)
    # Equal record numbers: the same child, whatever the names say.
    same = _pairs_within(record_groups, n)
    # Otherwise identity, on the pairs that blocking proposes and on every two records
    # sharing a case, NCMEC or NCIC number (so that no blocking miss decides MR604/MR605).
    prepared = _prepared(keys)
    case_groups = groups_of(identifier(k.case_number, k.state) for k in keys)
    ncmec_groups = groups_of(identifier(k.ncmec_case_number) for k in keys)
    ncic_groups = groups_of(identifier(k.ncic_number) for k in keys)
    case_codes = _pairs_within(_bounded(case_groups), n)
    candidates = candidate_codes_within(prepared)
    candidates |= case_codes
    candidates |= _pairs_within(_bounded(ncmec_groups) + _bounded(ncic_groups), n)
    todo: list[int] = []
    dob_ok: list[bool] = []
    for code in sorted(candidates):
        i, j = divmod(code, n)
        if numbers[i] and numbers[j]:
            continue  # the record numbers decide
        ok = digits_relation(prepared[i].dob, prepared[j].dob) in ("equal", "typo")
        if ok or code in case_codes:
            todo.append(code)
            dob_ok.append(ok)
    alike = names_alike_pairs(prepared, prepared, [divmod(code, n) for code in todo])
    cut = threshold - _EPS
    case_alike: set[int] = set()
    for code, ok, sim in zip(todo, dob_ok, alike, strict=True):
        if sim >= cut:
            if ok:
                same.add(code)
            if code in case_codes:
                case_alike.add(code)
    adjacent = _adjacency(same, n)
    akin = _adjacency(same | case_alike, n)
    return SameChild(
        n=n,
        record_numbers=numbers,
        adjacent=adjacent,
        akin=akin,
        by_identity=tuple(bool(p.dob) and not p.first.blank and not p.last.blank for p in prepared),
        record_groups=tuple(tuple(g) for g in record_groups),
        case_alike=frozenset(case_alike),
        ncmec_groups=tuple(tuple(g) for g in ncmec_groups),
        ncic_groups=tuple(tuple(g) for g in ncic_groups),
    )


def _prepared(keys: Sequence[RecordKey]) -> list[Prepared]:
    """The names and date of birth of each key prepared for matching; keys with the same
    three values share one (immutable) :class:`Prepared`, prepared once."""
    done: dict[tuple[object, object, object], Prepared] = {}
    out: list[Prepared] = []
    for k in keys:
        first, last, born = k.first_name, k.last_name, k.date_of_birth
        one = done.get((first, last, born))
        if one is None:
            one = done[first, last, born] = Prepared(PersonKey(first=first, last=last, dob=born))
        out.append(one)
    return out


def _adjacency(codes: Iterable[int], n: int) -> dict[int, frozenset[int]]:
    out: defaultdict[int, set[int]] = defaultdict(set)
    for code in codes:
        i, j = divmod(code, n)
        out[i].add(j)
        out[j].add(i)
    return {i: frozenset(js) for i, js in out.items()}


# --- naming other records in a finding (never by the child's name) -----------------


def _shown(text: str) -> str:
    """Input text made safe for a message: control and format characters escaped (a
    report id read from a record that failed may hold a terminal escape)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _place(key: RecordKey) -> str:
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
    keys: Sequence[RecordKey], i: int, others: Sequence[int], show: Callable[[RecordKey], str]
) -> str:
    """This record's value, then each named record's: ``a; B: b, C: c`` (personal data:
    the engine keeps it only when values were asked for)."""
    listed = ", ".join(
        f"{_shown(keys[j].report_id or _place(keys[j]))}: {show(keys[j])}"
        for j in others[:MAX_NAMED]
    )
    return f"{show(keys[i])}; {listed}"


def iso(value: object) -> str:
    """A date in ISO form, ``unknown`` for ``None``."""
    return value.isoformat() if hasattr(value, "isoformat") else "unknown"
