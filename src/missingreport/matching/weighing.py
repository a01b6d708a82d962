"""The log2 Bayes factors of many candidate pairs at once.

:func:`raw_log_odds` gives each pair's log-odds without the prior
(:meth:`.model.MatchModel.log_odds` minus the prior). With numpy importable
(:func:`~.scoring.vectorised_available`, the optional ``speed`` extra) and at least
:data:`VECTOR_MIN` pairs it works on an integer matrix of the pairs' levels, one
array operation per step of :meth:`~.model.MatchModel.log_odds`, adding the same
terms in the same order (so the same floating-point results); otherwise it calls
:meth:`~.model.MatchModel.log_odds` pair by pair. The term-frequency adjustments are
computed by the same :meth:`~.model.TermFrequencies.adjustment`, once per right
record that needs one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .levels import CITY, DOB, FIRST, LAST, N_FIELDS, POSTAL, RECORD, SEEN, SEX, STATE, STREET
from .model import HOUSEHOLD_MARGIN, SWAP_WEIGHT, Levels, MatchModel, TermFrequencies
from .scoring import Prepared, vectorised_available

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["VECTOR_MIN", "raw_log_odds"]

#: Fewer pairs than this are weighed in the plain loop (numpy's start costs more).
VECTOR_MIN = 2048


def raw_log_odds(
    model: MatchModel,
    levels: Sequence[Levels],
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    pairs: Sequence[tuple[int, int]],
    tf: TermFrequencies | None,
    *,
    vectorised: bool | None = None,
) -> list[float]:
    """Each pair's log2 Bayes factor (its log-odds without the prior); ``vectorised``
    None chooses (see the module documentation), True or False forces a path."""
    if vectorised is None:
        vectorised = len(pairs) >= VECTOR_MIN and vectorised_available()
    if vectorised and pairs:
        return _vectorised(model, levels, right, pairs, tf)
    log_odds_of = model.log_odds
    prior = model.prior
    return [
        log_odds_of(lv, swapped, left[i], right[j], tf) - prior
        for (i, j), (lv, swapped) in zip(pairs, levels, strict=True)
    ]


def _adjustments(
    tf: TermFrequencies,
    slot: int,
    values: Sequence[str],
    rights: npt.NDArray[np.intp],
    u_exact: float,
) -> npt.NDArray[np.float64]:
    """The term-frequency adjustment of ``values[j]`` for each ``j`` in ``rights``,
    computed once per distinct right record."""
    import numpy as np

    if not len(rights):
        return np.zeros(0, dtype=np.float64)
    distinct, where = np.unique(rights, return_inverse=True)
    found = np.array(
        [tf.adjustment(slot, values[j], u_exact) for j in distinct.tolist()], dtype=np.float64
    )
    out: npt.NDArray[np.float64] = found[where.reshape(-1)]
    return out


def _vectorised(
    model: MatchModel,
    levels: Sequence[Levels],
    right: Sequence[Prepared],
    pairs: Sequence[tuple[int, int]],
    tf: TermFrequencies | None,
) -> list[float]:
    import numpy as np

    # few distinct patterns: number them, then one row of levels per pattern
    ids: dict[Levels, int] = {}
    pattern_of = np.fromiter(
        (ids.setdefault(x, len(ids)) for x in levels), dtype=np.intp, count=len(levels)
    )
    table = np.array([lv for lv, _ in ids], dtype=np.intp).reshape(len(ids), N_FIELDS)
    crossed = np.array([sw for _, sw in ids], dtype=bool)
    lv_of = table[pattern_of]
    swapped = crossed[pattern_of]
    w = [np.array(row, dtype=np.float64) for row in model.weights]
    f_level, l_level, d_level = lv_of[:, FIRST], lv_of[:, LAST], lv_of[:, DOB]
    first = w[FIRST][f_level]
    last = w[LAST][l_level]
    dob = w[DOB][d_level]
    if tf is not None:
        js = np.fromiter((j for _, j in pairs), dtype=np.intp, count=len(pairs))
        firsts = [rec.first.joined for rec in right]
        lasts = [rec.last.joined for rec in right]
        u_first, u_last = model.u[FIRST][1], model.u[LAST][1]
        for level, target, slot, u_exact in (
            (f_level, first, 0, u_first),
            (l_level, last, 1, u_last),
        ):
            exact = level == 1
            # the first name read against the right record's last name when crossed
            own, other = (firsts, lasts) if slot == 0 else (lasts, firsts)
            for mask, values in ((exact & ~swapped, own), (exact & swapped, other)):
                target[mask] += _adjustments(tf, slot, values, js[mask], u_exact)
        exact_dob = d_level == 1
        dobs = [rec.dob for rec in right]
        dob[exact_dob] += _adjustments(tf, 2, dobs, js[exact_dob], model.u[DOB][1])
    household = np.zeros(len(levels), dtype=np.float64)
    for f in (STREET, POSTAL, CITY, STATE):
        household += w[f][lv_of[:, f]]
    first_supports = (f_level >= 1) & (f_level <= 4)
    cap = np.maximum(last, -model.prior - model.lift - HOUSEHOLD_MARGIN)
    twins = (
        (f_level == 6) & ((l_level == 1) | (l_level == 2)) & (dob > 0.0)
        if model.twins
        else np.zeros(len(levels), dtype=bool)
    )
    family = last + household
    supported = (d_level == 1) | (d_level == 2) | ((d_level == 0) & first_supports)
    family = np.where(~supported & (household > 0.0), np.minimum(family, cap), family)
    family = family + dob
    family = np.where(twins, np.minimum(last + household + dob, cap), family)
    total = model.prior + first + family + w[SEX][lv_of[:, SEX]] + w[RECORD][lv_of[:, RECORD]]
    seen = w[SEEN][lv_of[:, SEEN]]
    named = (f_level >= 1) & (f_level <= 3)
    identified = np.where(f_level != 0, named, (d_level == 1) | (d_level == 2))
    total = np.where((seen < 0.0) | identified, total + seen, total)
    total = np.where(swapped, total + SWAP_WEIGHT, total)
    out: list[float] = (total - model.prior).tolist()
    return out
