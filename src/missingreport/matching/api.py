"""The matching engine's entry points: same-child pairs and one-to-one reconciliation."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .levels import dob_alike
from .linker import Linkage, link
from .model import probability
from .passes import DEFAULT_MAX_BLOCK_PAIRS as PASS_BLOCK_PAIRS
from .passes import WITHIN_MAX_BLOCK_PAIRS, pairs_within
from .scoring import PersonKey, names_alike_pairs, prepare_all

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "DEFAULT_NAME_THRESHOLD",
    "DEFAULT_REVIEW_THRESHOLD",
    "find_same_child_pairs",
    "match_one_to_one",
    "match_with_review",
    "scored_candidates",
]

#: :func:`names_alike` at or above which two names are "alike" (one typo in the
#: first name of a pair with the same last name stays above it; twins named
#: Emma and Olivia are far below).
DEFAULT_NAME_THRESHOLD = 0.85
#: Match probability at or above which a pair may be matched by :func:`match_one_to_one`.
DEFAULT_MATCH_THRESHOLD = 0.5
#: Match probability at or above which the best remaining candidate of an unmatched
#: episode makes it a case for review (MR705) rather than "never reported".
DEFAULT_REVIEW_THRESHOLD = 0.05


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during bulk allocation (no cycles are made
    here; its repeated full passes over millions of new tuples triple the run time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_unit(name: str, value: float) -> None:
    if not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")


def find_same_child_pairs(
    keys: Sequence[PersonKey],
    *,
    name_threshold: float = DEFAULT_NAME_THRESHOLD,
    max_block_pairs: int = WITHIN_MAX_BLOCK_PAIRS,
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of records judged to describe the same child.

    Two records describe the same child when both have a ``record_number`` and these
    are equal; when either lacks one, when their names are alike
    (:func:`names_alike` >= ``name_threshold``: typos, swapped first and last
    names, nicknames, accents and hyphens tolerated) *and* their dates of birth are
    equal or one keying error apart (:func:`dob_relation` is ``equal`` or
    ``typo``). A blank date of birth or a blank name is not enough; a shared address
    or family case number is never identity (siblings).

    Candidates come from the bounded blocking passes within one collection
    (:func:`.passes.pairs_within`: :data:`~.passes.SAME_CHILD_PASSES` and the
    household, no all-pairs comparison): equal record numbers are always paired; other
    pairs only when they share a key.
    """
    _check_unit("name_threshold", name_threshold)
    with _gc_paused():
        return _same_child_pairs(keys, name_threshold, max_block_pairs)


def _same_child_pairs(
    keys: Sequence[PersonKey], name_threshold: float, max_block_pairs: int
) -> list[tuple[int, int]]:
    prepared = prepare_all(keys)
    result: set[tuple[int, int]] = set()
    by_record: dict[str, list[int]] = {}
    for idx, rec in enumerate(prepared):
        if rec.record:
            by_record.setdefault(rec.record, []).append(idx)
    for members in by_record.values():
        for pos, i in enumerate(members):
            result.update((i, j) for j in members[pos + 1 :])
    todo: list[tuple[int, int]] = []
    n = max(len(prepared), 1)
    decided = bytearray(bool(rec.record) for rec in prepared)  # record numbers decide
    for code in sorted(pairs_within(prepared, max_block_pairs=max_block_pairs, decided=decided)):
        i, j = divmod(code, n)
        if dob_alike(prepared[i].dob, prepared[j].dob):
            todo.append((i, j))
    alike = names_alike_pairs(prepared, prepared, todo)
    cut = name_threshold - 1e-9
    result.update(pair for pair, sim in zip(todo, alike, strict=True) if sim >= cut)
    return sorted(result)


def scored_candidates(
    left: Sequence[PersonKey],
    right: Sequence[PersonKey],
    *,
    max_block_pairs: int = PASS_BLOCK_PAIRS,
) -> list[tuple[int, int, float]]:
    """Every blocked candidate pair ``(i, j, probability)`` of ``left`` x ``right``
    (the model learned from the two collections, :func:`.linker.link`)."""
    with _gc_paused():
        linked = link(left, right, max_block_pairs=max_block_pairs)
    return [
        (i, j, probability(lo)) for (i, j), lo in zip(linked.pairs, linked.log_odds, strict=True)
    ]


def match_one_to_one(
    left: Sequence[PersonKey],
    right: Sequence[PersonKey],
    *,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
    max_block_pairs: int = PASS_BLOCK_PAIRS,
) -> list[tuple[int, int, float]]:
    """Optimal one-to-one matches ``(i, j, probability)`` of ``left[i]`` and ``right[j]``.

    The match probabilities come from a Fellegi-Sunter model learned from the two
    collections (:mod:`.model`; the shipped default for small inputs) over the pairs
    that blocking proposes (:mod:`.passes`). Each record is matched at most once,
    pairs below ``threshold`` never are, and among the rest the matching maximises the
    total log-odds (Hungarian method per connected component of the candidate graph),
    not a greedy choice. Sorted by ``i``.
    """
    _check_unit("threshold", threshold)
    with _gc_paused():
        return link(left, right, threshold=threshold, max_block_pairs=max_block_pairs).matches


def match_with_review(
    left: Sequence[PersonKey],
    right: Sequence[PersonKey],
    *,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
    max_block_pairs: int = PASS_BLOCK_PAIRS,
) -> Linkage:
    """:func:`match_one_to_one` with everything around it: the best remaining candidate
    of each unmatched left record (for the review band), the model and the blocking
    statistics (:class:`.linker.Linkage`)."""
    _check_unit("threshold", threshold)
    with _gc_paused():
        return link(left, right, threshold=threshold, max_block_pairs=max_block_pairs)
