"""Linking two collections: block, learn the model, score, assign one to one.

:func:`link` runs the whole of it on two sequences of
:class:`~.scoring.PersonKey`:

1. every key is prepared once (:class:`~.scoring.Prepared`);
2. the blocking passes (:mod:`.passes`) propose candidate pairs, bounded per block;
3. the model (:mod:`.model`) is learned from the data (u from random pairs, m by EM
   over the training passes, the prior from the candidates), or the shipped default
   when the input is too small to learn from;
4. each candidate pair gets its log-odds and its match probability;
5. the pairs at or above the match threshold are assigned one to one, maximising the
   total log-odds above the threshold (:func:`~.assignment.optimal_assignment`);
6. a record of the left side left without a match gets its best remaining candidate
   (a right record no one was assigned), for the review band.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from .assignment import optimal_assignment
from .levels import Comparer
from .model import (
    MIN_RECORDS,
    Levels,
    MatchModel,
    TermFrequencies,
    TrainingPass,
    estimate_prior,
    probability,
    train,
)
from .passes import (
    DEFAULT_MAX_BLOCK_PAIRS,
    TRAINING_PASSES,
    PassStats,
    blocked_pairs,
    passes_sharing,
    sampled_pairs,
)
from .scoring import PersonKey, Prepared, prepare_all
from .weighing import raw_log_odds

__all__ = ["Linkage", "link", "logit"]

#: The log-odds span mapped onto the assignment's weights in [0, 1].
_SPAN = 128.0


def logit(probability_: float) -> float:
    """The log2 odds of a probability in (0, 1] (1 -> +inf)."""
    if probability_ >= 1.0:
        return math.inf
    return math.log2(probability_ / (1.0 - probability_))


@dataclass(frozen=True)
class Linkage:
    """The outcome of :func:`link`.

    Attributes:
        pairs: every candidate pair ``(i, j)``.
        log_odds: each candidate pair's log2 odds.
        matches: the one-to-one matches ``(i, j, probability)``, sorted by ``i``.
        best: for each unmatched left record with a candidate among the unmatched
            right records, ``i -> (j, probability)`` of the best one.
        model: the model used.
        stats: what each blocking pass proposed.
        found_by: for each pass, how many of the matches it proposed.
    """

    pairs: list[tuple[int, int]]
    log_odds: list[float]
    matches: list[tuple[int, int, float]]
    best: dict[int, tuple[int, float]]
    model: MatchModel
    stats: list[PassStats]
    found_by: dict[str, int]

    def explain(self) -> list[str]:
        """Lines for people: the passes, their candidates and matches, and the model."""
        total = len(self.matches)
        lines = [f"blocking: {len(self.pairs)} candidate pairs; {total} matches"]
        for st in self.stats:
            found = self.found_by.get(st.name, 0)
            share = f"{found / total:.3f}" if total else "n/a"
            lines.append(
                f"  pass {st.name:<13} {st.pairs:>9} pairs, {st.new:>9} new, "
                f"{st.refined} blocks refined, {st.windowed} windowed; "
                f"pair completeness on the matches {share}"
            )
        lines.extend(self.model.describe())
        return lines

    def probability(self, k: int) -> float:
        return probability(self.log_odds[k])


def _all_levels(
    comparer: Comparer,
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    pairs: Sequence[tuple[int, int]],
) -> list[tuple[tuple[int, ...], bool]]:
    """Each pair's levels and swapped flag; equal patterns share one tuple (few distinct
    patterns: a reference per pair)."""
    interned: dict[tuple[tuple[int, ...], bool], tuple[tuple[int, ...], bool]] = {}
    levels_of = comparer.levels
    out = []
    for i, j in pairs:
        found = levels_of(left[i], right[j])
        out.append(interned.setdefault(found, found))
    return out


def _lookup(
    index: dict[tuple[int, int], int], levels: Sequence[Levels]
) -> Callable[[int, int], Levels | None]:
    """``(i, j) ->`` the levels of that candidate pair, None if it is none."""

    def known(i: int, j: int) -> Levels | None:
        k = index.get((i, j))
        return None if k is None else levels[k]

    return known


def _competing(
    pairs: Sequence[tuple[int, int]],
    raw: Sequence[float],
    expected: float,
    n_left: int,
    n_right: int,
) -> list[float]:
    """Each pair's log2 odds given that its left record has at most one match: with
    ``pi`` the share of left records that have one (``expected / n_left``) and each of
    the ``n_right`` right records equally likely a priori, the pair ``(i, j)`` with
    Bayes factor ``B`` (2 ** raw) has odds ``q B / ((1 - pi) + q (S_i - B))``, where
    ``q = pi / n_right`` and ``S_i`` sums the Bayes factors of ``i``'s other candidates,
    each weighted by the square of ``i``'s share of that candidate's Bayes factors over
    all left records (a report that another record fits far better, such as that of
    the same child's other episode, is hardly a rival; two reports that fit two
    episodes equally well are each a quarter of a rival). Records that are no candidates add next to
    nothing."""
    pi = min(max(expected / max(n_left, 1), 1e-6), 0.999)
    q = pi / max(n_right, 1)
    clipped = [min(max(x, -200.0), 200.0) for x in raw]
    factors = [2.0**x for x in clipped]
    column: dict[int, float] = {}
    for (_, j), bf in zip(pairs, factors, strict=True):
        column[j] = column.get(j, 0.0) + bf
    # j rivals i's own candidate in proportion to i's share of j's Bayes factors
    shares = [bf * (bf / column[j]) ** 2 for (_, j), bf in zip(pairs, factors, strict=True)]
    sums: dict[int, float] = {}
    for (i, _), share in zip(pairs, shares, strict=True):
        sums[i] = sums.get(i, 0.0) + share
    out = []
    none = 1.0 - pi
    for (i, _), x, share in zip(pairs, clipped, shares, strict=True):
        rest = none + q * max(sums[i] - share, 0.0)
        out.append(math.log2(q) + x - math.log2(rest))
    return out


def link(
    left: Sequence[PersonKey],
    right: Sequence[PersonKey],
    *,
    threshold: float = 0.5,
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS,
    model: MatchModel | None = None,
    seed: int = 20240307,
    vectorised: bool | None = None,
) -> Linkage:
    """Block, learn, score and assign (see the module documentation); ``vectorised``
    forces (True) or forbids (False) the numpy weighing of the pairs
    (:func:`~.weighing.raw_log_odds`; None: numpy when importable, same results)."""
    lp, rp = prepare_all(left), prepare_all(right)
    pairs, stats = blocked_pairs(lp, rp, max_block_pairs=max_block_pairs)
    comparer = Comparer()
    # the candidates' levels first: the training passes share many of these pairs
    levels = _all_levels(comparer, lp, rp, pairs)
    index = {pair: k for k, pair in enumerate(pairs)}
    if model is None:
        training: list[TrainingPass] = []
        if min(len(lp), len(rp)) >= MIN_RECORDS:
            rng = random.Random(seed)
            training = [
                TrainingPass(p.name, p.fixed, sampled_pairs(lp, rp, p, rng))
                for p in TRAINING_PASSES
            ]
        model = train(lp, rp, training, comparer=comparer, seed=seed, known=_lookup(index, levels))
        estimate = True
    else:
        estimate = False
    tf = TermFrequencies(chain(lp, rp))
    raw = raw_log_odds(model, levels, lp, rp, pairs, tf, vectorised=vectorised)
    if estimate:
        model = estimate_prior(model, raw, [i for i, _ in pairs], len(lp), len(rp))
        # the household cap depends on the prior: weigh again with the final one
        raw = raw_log_odds(model, levels, lp, rp, pairs, tf, vectorised=vectorised)
    del levels
    if model.source == "learned" and model.expected_matches > 0:
        log_odds = _competing(pairs, raw, model.expected_matches, len(lp), len(rp))
    else:
        prior = model.prior
        log_odds = [x + prior for x in raw]
    cut = logit(threshold) - 1e-9
    edges = [
        (i, j, (min(lo, cut + _SPAN) - cut) / _SPAN)
        for (i, j), lo in zip(pairs, log_odds, strict=True)
        if lo >= cut
    ]
    chosen = optimal_assignment(edges)
    matches = [(i, j, probability(log_odds[index[(i, j)]])) for i, j, _ in chosen]
    used_left = {i for i, _, _ in matches}
    used_right = {j for _, j, _ in matches}
    best: dict[int, tuple[int, float]] = {}
    for (i, j), lo in zip(pairs, log_odds, strict=True):
        if i in used_left or j in used_right:
            continue
        held = best.get(i)
        p = probability(lo)
        if held is None or p > held[1]:
            best[i] = (j, p)
    found_by: dict[str, int] = dict.fromkeys((st.name for st in stats), 0)
    for i, j, _ in matches:
        for name in passes_sharing(lp[i], rp[j]):
            found_by[name] += 1
    return Linkage(pairs, log_odds, matches, best, model, stats, found_by)
