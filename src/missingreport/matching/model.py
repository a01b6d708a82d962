"""The Fellegi-Sunter match model: weights learned from the data at hand.

Each field of a pair has an agreement level (:mod:`.levels`). For a level ``l`` of a
field, ``m`` is how often a true match shows it and ``u`` how often two records of
different children do; the level adds ``log2(m / u)`` to the pair's log-odds (a
blank field adds nothing). The match probability is
``1 / (1 + 2 ** -(prior + sum of weights))``, with ``prior`` the log2 odds that two
records taken at random are a match.

:func:`train` learns the model from the two collections being matched:

* ``u`` from random pairs of records (almost all of them non-matches), with add-half
  smoothing;
* ``m`` by expectation-maximisation over the candidate pairs of several blocking
  passes (:mod:`.blocking`). Within a pass, the fields it blocks on agree by
  construction and tell nothing: EM runs on the other fields, with ``u`` held fixed,
  and a pass is used only when it leaves at least two informative fields (else EM
  has nothing to separate the two classes with). A field's ``m`` is the average of
  its estimates over the passes that left it free, weighted by the matches each pass
  holds; no level's ``m`` falls below :data:`M_FLOOR`, so that one wrong field never
  weighs more than ``log2(M_FLOOR / u)``;
* the prior from the expected number of matches among all candidate pairs (EM on the
  share of matches with ``m`` and ``u`` fixed), over all ``len(left) * len(right)``
  pairs.

An input too small to learn from (:data:`MIN_RECORDS`) uses the shipped defaults
(:mod:`._defaults`, learned on public data: see there) and a prior of one match per
:data:`DEFAULT_PRIOR_POOL` pairs.

Three corrections sit on top of the independent weights:

* **term frequencies**: an exact agreement on a first name, last name or date of
  birth weighs ``log2(m / f)``, with ``f`` that value's share of the records (smoothed
  toward the field's ``u``), instead of ``log2(m / u)``: sharing a rare name is
  stronger evidence than sharing a common one, and a placeholder date of birth that
  many records hold weighs little. The change is held within :data:`TF_LIMIT`.
* **household evidence** is not counted twice: siblings share a last name and an
  address (and often a phone), so unless the dates of birth support the match (equal or
  one keying error apart), or are blank and the first names support it (exact, close,
  a nickname or half alike, Jaro-Winkler 0.80), the last name and the address
  together weigh no more than ``-prior - HOUSEHOLD_MARGIN``: on their own they can
  bring a pair to one chance in three (a case for a person to review), never to a
  match.
* **the date last seen** tells apart the episodes of one child; it is no identity:
  dates close together add weight only when the first names name the same child
  (exact, close or a nickname; or, one being blank, the dates of birth agree):
  siblings who run away together share the date. Dates far apart always take weight
  away.
* **twins** share a last name, an address and a date of birth: when the data holds
  twins (:func:`twins_present`: within a collection, records of one last name share a
  date of birth with a different first name far more often than chance; the default
  model assumes they may), a pair whose first names are both given and differ counts
  the date of birth as family evidence too, capped with the rest. Where the data holds
  none (FEBRL), the date of birth stays individual evidence. The one-to-one
  assignment keeps twins apart besides: each twin's own report agrees better.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from . import _defaults
from .levels import (
    CITY,
    DOB,
    FIELDS,
    FIRST,
    LAST,
    LEVEL_NAMES,
    N_FIELDS,
    POSTAL,
    RECORD,
    SEEN,
    SEX,
    STATE,
    STREET,
    Comparer,
)
from .scoring import Prepared

__all__ = [
    "DEFAULT_PRIOR_POOL",
    "HOUSEHOLD_MARGIN",
    "MIN_RECORDS",
    "M_FLOOR",
    "SWAP_WEIGHT",
    "TF_LIMIT",
    "Levels",
    "MatchModel",
    "TermFrequencies",
    "TrainingPass",
    "default_model",
    "train",
    "twins_present",
]

#: Neither collection smaller than this: the model is learned from the data.
MIN_RECORDS = 1000
#: The smallest ``m`` of any level.
M_FLOOR = 0.005
#: The term-frequency change of an exact agreement stays within +-TF_LIMIT (log2).
TF_LIMIT = 3.0
#: Without data to estimate it from, the prior is one match per this many pairs.
DEFAULT_PRIOR_POOL = 1000
#: Household evidence alone stops this far (log2) below even odds.
HOUSEHOLD_MARGIN = 1.0
#: Weight (log2) of reading the names crossed (first against last).
SWAP_WEIGHT = -1.0
_RANDOM_PAIRS = 40_000
_EM_ROUNDS = 40
_TF_PSEUDO = 2000.0
_LN2 = math.log(2.0)
_SUPPORT_FIRST = frozenset({1, 2, 3, 4})
_LAST_AGREES = frozenset({1, 2})
#: First-name levels that name the child (exact, close, nickname).
_NAMED = frozenset({1, 2, 3})
_FIRST_DIFFERS = 6
#: A field on which more random pairs agree exactly than this tells nothing.
_UNINFORMATIVE = 0.6
#: Fields whose m is never learned by EM: the date last seen tells episodes apart, and
#: EM over blocked pairs would take another episode of the same child for a match;
#: record numbers are too rare in reconciliation to learn from.
_NOT_LEARNED = frozenset({SEEN, RECORD})
#: At most this many records of one last name are looked at for twins.
_TWIN_GROUP = 200
#: Pairs of one last name sharing a date of birth, at least this many times the chance
#: rate: the data holds twins.
_TWIN_EXCESS = 5.0
_DOB_SUPPORT = frozenset({1, 2})
_HOUSEHOLD = (STREET, POSTAL, CITY, STATE)
_TF_FIELDS = (FIRST, LAST, DOB)

Table = tuple[tuple[float, ...], ...]
#: A pair's levels and whether its names were read crossed (:meth:`Comparer.levels`).
Levels = tuple[tuple[int, ...], bool]


def _normalised(values: Sequence[float]) -> tuple[float, ...]:
    """Level 0 (missing) kept at 0, the others scaled to sum to 1."""
    total = sum(values[1:])
    return (0.0, *(v / total for v in values[1:]))


def _floored(values: Sequence[float]) -> tuple[float, ...]:
    raised = [0.0, *(max(v, M_FLOOR) for v in values[1:])]
    return _normalised(raised)


class TermFrequencies:
    """How common each first name, last name and date of birth is among the records.

    ``share(field, value)`` is the value's share of the records that have the field,
    smoothed toward the field's ``u`` of an exact agreement by 2,000 pseudo-records (so
    that a small collection gets almost no adjustment).
    """

    __slots__ = ("_counts", "_totals")

    def __init__(self, records: Iterable[Prepared]) -> None:
        counts: list[Counter[str]] = [Counter(), Counter(), Counter()]
        for rec in records:
            if rec.first.joined:
                counts[0][rec.first.joined] += 1
            if rec.last.joined:
                counts[1][rec.last.joined] += 1
            if rec.dob:
                counts[2][rec.dob] += 1
        self._counts = counts
        self._totals = [sum(c.values()) for c in counts]

    def adjustment(self, slot: int, value: str, u_exact: float) -> float:
        """``log2(u_exact / share)`` within +-:data:`TF_LIMIT` (slot 0 first name, 1
        last name, 2 date of birth)."""
        count = self._counts[slot].get(value, 0)
        share = (count + _TF_PSEUDO * u_exact) / (self._totals[slot] + _TF_PSEUDO)
        return max(-TF_LIMIT, min(TF_LIMIT, math.log2(u_exact / share)))


@dataclass(frozen=True)
class MatchModel:
    """m and u of every level of every field, the prior, and where they came from.

    Attributes:
        m, u: per field (:data:`~.levels.FIELDS` order), per level; level 0 unused.
        prior: log2 odds that a random pair is a match.
        learned: which fields' ``m`` were learned from the data (the others default).
        source: ``"learned"`` or ``"default"``.
        expected_matches: the number of matches the prior was estimated from.
        passes: per training pass, the pairs it had and the matches EM found.
        lift: how much the one-to-one prior raises the odds of a left record's only
            candidate (``-log2(1 - pi)``, ``pi`` the share of left records with a
            match; :func:`~.linker.link`): the household cap stays below even odds
            after it.
        twins: whether the data holds twins (:func:`twins_present`): then a shared
            date of birth is family evidence too when the first names do not agree.
    """

    m: Table
    u: Table
    prior: float
    learned: frozenset[str] = frozenset()
    source: str = "default"
    expected_matches: float = 0.0
    passes: tuple[tuple[str, int, float], ...] = ()
    twins: bool = True
    lift: float = 0.0
    weights: Table = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "weights", tuple(_weights(mf, uf) for mf, uf in zip(self.m, self.u, strict=True))
        )

    def log_odds(
        self,
        levels: Sequence[int],
        swapped: bool,
        a: Prepared,
        b: Prepared,
        tf: TermFrequencies | None,
    ) -> float:
        """The log2 odds of a pair, prior included (see the module documentation)."""
        w = self.weights
        f_level, l_level, d_level = levels[FIRST], levels[LAST], levels[DOB]
        first = w[FIRST][f_level]
        last = w[LAST][l_level]
        dob = w[DOB][d_level]
        if tf is not None:
            if f_level == 1:
                first += tf.adjustment(
                    0, b.last.joined if swapped else b.first.joined, self.u[FIRST][1]
                )
            if l_level == 1:
                last += tf.adjustment(
                    1, b.first.joined if swapped else b.last.joined, self.u[LAST][1]
                )
            if d_level == 1:
                dob += tf.adjustment(2, b.dob, self.u[DOB][1])
        household = 0.0
        for f in _HOUSEHOLD:
            household += w[f][levels[f]]
        first_supports = f_level in _SUPPORT_FIRST
        cap = max(last, -self.prior - self.lift - HOUSEHOLD_MARGIN)
        if self.twins and f_level == _FIRST_DIFFERS and l_level in _LAST_AGREES and dob > 0.0:
            # twins share the last name, the address and the date of birth
            family = min(last + household + dob, cap)
        else:
            family = last + household
            supported = d_level in _DOB_SUPPORT or (d_level == 0 and first_supports)
            if not supported and household > 0.0:
                family = min(family, cap)
            family += dob
        total = self.prior + first + family + w[SEX][levels[SEX]] + w[RECORD][levels[RECORD]]
        seen = w[SEEN][levels[SEEN]]
        identified = f_level in _NAMED if f_level else d_level in _DOB_SUPPORT
        if seen < 0.0 or identified:
            total += seen  # the date last seen tells episodes apart; it is no identity
        if swapped:
            total += SWAP_WEIGHT
        return total

    def with_prior(self, prior: float) -> MatchModel:
        return replace(self, prior=prior)

    def describe(self) -> list[str]:
        """One line per field: the weight of each level (for ``--explain``)."""
        lines = [
            f"model: {self.source}; prior log2 odds {self.prior:.2f}; "
            f"twins {'present' if self.twins else 'not seen'}"
            + (f" ({self.expected_matches:.0f} expected matches)" if self.expected_matches else "")
        ]
        for f, name in enumerate(FIELDS):
            origin = "learned" if name in self.learned else "default"
            parts = [
                f"{LEVEL_NAMES[f][lv]} {self.weights[f][lv]:+.1f}"
                for lv in range(1, len(LEVEL_NAMES[f]))
            ]
            lines.append(f"  {name:<7} ({origin}): " + ", ".join(parts))
        return lines


def _weights(m: Sequence[float], u: Sequence[float]) -> tuple[float, ...]:
    """``log2(m / u)`` of each level; 0 for every level of a field on which most random
    pairs agree (one state for all records: it tells nothing); an exact agreement never
    below 0 and the last level (``differs``) never above 0, whatever the smoothing."""
    if u[1] > _UNINFORMATIVE:
        return tuple(0.0 for _ in m)
    out = [0.0, *(math.log2(mv / uv) for mv, uv in zip(m[1:], u[1:], strict=True))]
    out[1] = max(out[1], 0.0)
    out[-1] = min(out[-1], 0.0)
    return tuple(out)


def probability(log_odds: float) -> float:
    """``1 / (1 + 2 ** -log_odds)``, safe for any value."""
    if log_odds > 60:
        return 1.0
    if log_odds < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-log_odds * _LN2))


def default_model(n_left: int = 1, n_right: int = 1) -> MatchModel:
    """The shipped model (:mod:`._defaults`), prior one match per
    ``max(n_right, DEFAULT_PRIOR_POOL)`` pairs."""
    pool = max(n_left, n_right, DEFAULT_PRIOR_POOL)
    return MatchModel(
        m=tuple(_floored(row) for row in _defaults.M),
        u=tuple(_normalised(row) for row in _defaults.U),
        prior=-math.log2(pool - 1),
    )


@dataclass(frozen=True, slots=True)
class TrainingPass:
    """The candidate pairs of one blocking pass and the fields it blocks on."""

    name: str
    fixed: frozenset[int]
    pairs: Sequence[tuple[int, int]]


def _u_from_random(
    left: Sequence[Prepared], right: Sequence[Prepared], comparer: Comparer, rng: random.Random
) -> Table:
    counts = [[0] * len(LEVEL_NAMES[f]) for f in range(N_FIELDS)]
    total = len(left) * len(right)
    if total <= _RANDOM_PAIRS:
        pairs: Iterable[tuple[int, int]] = (
            (i, j) for i in range(len(left)) for j in range(len(right))
        )
    else:
        nl, nr = len(left), len(right)
        pairs = [(rng.randrange(nl), rng.randrange(nr)) for _ in range(_RANDOM_PAIRS)]
    for i, j in pairs:
        levels, _ = comparer.levels(left[i], right[j])
        for f, lv in enumerate(levels):
            counts[f][lv] += 1
    default_u = [_normalised(row) for row in _defaults.U]
    out = []
    for f, row in enumerate(counts):
        present = sum(row[1:])
        if present < 1000:
            out.append(default_u[f])  # too few to tell: the default
            continue
        out.append(_normalised([0.0, *(c + 0.5 for c in row[1:])]))
    return tuple(out)


def _em(
    patterns: Mapping[tuple[int, ...], int],
    free: Sequence[int],
    m0: Table,
    u: Table,
) -> tuple[list[list[float]], float, float]:
    """EM over the counted level patterns of one pass; returns the expected counts of
    each level among matches, the share of matches and the expected matches."""
    m = [list(row) for row in m0]
    lam = 0.3
    items = list(patterns.items())
    total = float(sum(patterns.values()))
    expected: list[list[float]] = []
    matches = 0.0
    for _ in range(_EM_ROUNDS):
        expected = [[0.0] * len(LEVEL_NAMES[f]) for f in range(N_FIELDS)]
        matches = 0.0
        for pattern, count in items:
            pm, pu = lam, 1.0 - lam
            for f in free:
                lv = pattern[f]
                if lv:
                    pm *= m[f][lv]
                    pu *= u[f][lv]
            post = pm / (pm + pu) if pm + pu > 0 else 0.0
            weight = post * count
            matches += weight
            for f in free:
                lv = pattern[f]
                if lv:
                    expected[f][lv] += weight
        new_lam = matches / total if total else 0.0
        for f in free:
            row = expected[f]
            if sum(row[1:]) > 0:
                m[f] = list(_floored(row))
        if abs(new_lam - lam) < 1e-6:
            lam = new_lam
            break
        lam = min(max(new_lam, 1e-6), 1 - 1e-6)
    return expected, lam, matches


def _informative(patterns: Mapping[tuple[int, ...], int], f: int) -> bool:
    """Whether field ``f`` is present (both sides) in at least a fifth of the pairs and
    takes more than one level."""
    present = Counter[int]()
    total = 0
    for pattern, count in patterns.items():
        total += count
        if pattern[f]:
            present[pattern[f]] += count
    return total > 0 and sum(present.values()) >= 0.2 * total and len(present) > 1


def twins_present(collections: Sequence[Sequence[Prepared]], rng: random.Random) -> bool:
    """Whether the records of one collection hold twins: pairs of records with the same
    last name and date of birth but clearly different first names, far more often
    than the dates of birth of unrelated records coincide (at least
    :data:`_TWIN_EXCESS` times; records of one last name compared within each
    collection, up to :data:`_TWIN_GROUP` of them)."""
    comparer = Comparer()
    pairs = same = 0
    dobs: Counter[str] = Counter()
    counted = 0
    for records in collections:
        groups: dict[str, list[Prepared]] = {}
        for rec in records:
            if rec.dob and rec.last.joined and rec.first.joined:
                groups.setdefault(rec.last.joined, []).append(rec)
                dobs[rec.dob] += 1
                counted += 1
        for members in groups.values():
            if len(members) > _TWIN_GROUP:
                members = rng.sample(members, _TWIN_GROUP)
            for k, a in enumerate(members):
                for b in members[k + 1 :]:
                    pairs += 1
                    if a.dob == b.dob and comparer.name(a.first, b.first) == 6:
                        same += 1
    if not pairs or counted < 2:
        return True  # nothing to tell by: assume twins may be there
    chance = sum(c * c for c in dobs.values()) / (counted * counted)
    return same >= 3 and same / pairs >= _TWIN_EXCESS * chance


def train(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    passes: Sequence[TrainingPass],
    *,
    comparer: Comparer | None = None,
    seed: int = 20240307,
    known: Callable[[int, int], Levels | None] | None = None,
) -> MatchModel:
    """Learn m and u from the data (see the module documentation); the prior is
    left at the default (:func:`estimate_prior` sets it). ``known(i, j)``, when given,
    returns the levels of a pair already compared (or None): the training passes
    reuse them instead of comparing the pair again."""
    base = default_model(len(left), len(right))
    if min(len(left), len(right)) < MIN_RECORDS:
        return base
    comparer = comparer or Comparer()
    rng = random.Random(seed)
    u = _u_from_random(left, right, comparer, rng)
    if max(u[FIRST][1], u[LAST][1], u[DOB][1]) > 0.2:
        return base  # most random pairs agree: no population to learn from
    sums = [[0.0] * len(LEVEL_NAMES[f]) for f in range(N_FIELDS)]
    weights = [0.0] * N_FIELDS
    done: list[tuple[str, int, float]] = []
    for tp in passes:
        if not tp.pairs:
            continue
        patterns: Counter[tuple[int, ...]] = Counter()
        levels_of = comparer.levels
        for i, j in tp.pairs:
            found = known(i, j) if known is not None else None
            if found is None:
                found = levels_of(left[i], right[j])
            patterns[found[0]] += 1
        free = [
            f
            for f in range(N_FIELDS)
            if f not in tp.fixed and f not in _NOT_LEARNED and _informative(patterns, f)
        ]
        if len(free) < 2:
            continue
        expected, _, matches = _em(patterns, free, base.m, u)
        done.append((tp.name, len(tp.pairs), matches))
        if matches < 20:
            continue
        for f in free:
            row = _floored(expected[f])
            for lv in range(1, len(row)):
                sums[f][lv] += row[lv] * matches
            weights[f] += matches
    m = list(base.m)
    learned = set()
    for f in range(N_FIELDS):
        if weights[f] > 0:
            m[f] = _floored([s / weights[f] for s in sums[f]])
            learned.add(FIELDS[f])
    return MatchModel(
        m=tuple(m),
        u=u,
        prior=base.prior,
        learned=frozenset(learned),
        source="learned",
        passes=tuple(done),
        twins=twins_present((left, right), rng),
    )


def estimate_prior(
    model: MatchModel,
    log_odds_without_prior: Sequence[float],
    lefts: Sequence[int],
    n_left: int,
    n_right: int,
) -> MatchModel:
    """The model with its prior estimated from the candidate pairs' weights (``lefts``:
    each pair's left record): EM on the number of matches, each left record counting
    at most one (the probability of its best candidate), over all
    ``n_left * n_right`` pairs."""
    if model.source != "learned" or not log_odds_without_prior:
        return model
    total_pairs = float(n_left) * float(n_right)
    cap = float(min(n_left, n_right))
    factors = [2.0 ** min(max(x, -60.0), 60.0) for x in log_odds_without_prior]
    best: dict[int, float] = {}
    for i, bf in zip(lefts, factors, strict=True):
        if bf > best.get(i, 0.0):
            best[i] = bf
    strongest = list(best.values())
    expected = min(cap, max(1.0, 0.5 * cap))
    for _ in range(60):
        odds = expected / max(total_pairs - expected, 1.0)
        new = sum(odds * bf / (1.0 + odds * bf) for bf in strongest)
        new = min(cap, max(new, 1.0))
        if abs(new - expected) < 0.01:
            expected = new
            break
        expected = new
    prior = math.log2(expected / max(total_pairs - expected, 1.0))
    pi = min(max(expected / max(n_left, 1), 1e-6), 0.999)
    return replace(model, prior=prior, expected_matches=expected, lift=-math.log2(1.0 - pi))
