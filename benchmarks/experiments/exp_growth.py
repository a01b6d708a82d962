"""Experiment: the per-age cost of the CDC growth parameters (rule MR504), and a faster lookup.

Usage: python benchmarks/experiments/exp_growth.py

``reference.growth._lookup_lms`` calls ``rcpchgrowth.global_functions.fetch_lms`` for
each new (sex, measurement, age in days); ``fetch_lms`` finds its place in the LMS
table with a linear scan that rounds every age (``nearest_lowest_index``) and
interpolates at the fringes with a new ``scipy.interpolate.interp1d``. The candidate
does the same arithmetic with ``bisect`` on the table's ages, prepared once per table:
Tim Cole's four-point cubic formula (copied from ``cubic_interpolation``) inside the
table, a straight line between the two neighbours at its fringes, the table's own
values on an exact match. It is checked here to give the same (L, M, S) for every
age 0-7305 days, both sexes, height and weight, before its speed is reported.
"""

from __future__ import annotations

import bisect
import math
import sys
import time
from typing import Any

from missingreport.reference import growth


class TableIndex:
    """One LMS table of ``rcpchgrowth``, ready for ``bisect``."""

    def __init__(self, table: list[dict[str, Any]]) -> None:
        self.table = table
        self.ages = [row["decimal_age"] for row in table]
        self.rounded = [round(a, 4) for a in self.ages]

    def lms(self, age: float) -> tuple[float, float, float]:
        ages, table = self.ages, self.table
        rounded_age = round(age, 4)
        j = bisect.bisect_left(self.rounded, rounded_age)
        if j < len(ages) and self.rounded[j] == rounded_age:
            row = table[j]
            return float(row["L"]), float(row["M"]), float(row["S"])
        # nearest_lowest_index: the last index whose age is below, else 0
        i = max(0, bisect.bisect_left(ages, age) - 1)
        if 1 <= i < len(ages) - 2:
            t0, t1, t2, t3 = ages[i - 1], ages[i], ages[i + 1], ages[i + 2]
            return tuple(  # type: ignore[return-value]
                _cubic(age, t0, t1, t2, t3, *(table[k][p] for k in range(i - 1, i + 3)))
                for p in ("L", "M", "S")
            )
        a0, a1 = ages[i], ages[i + 1]
        f = (age - a0) / (a1 - a0)
        return tuple(  # type: ignore[return-value]
            float(table[i][p] + f * (table[i + 1][p] - table[i][p])) for p in ("L", "M", "S")
        )


def _cubic(t: float, a0: float, a1: float, a2: float, a3: float, *p: float) -> float:
    """``rcpchgrowth.global_functions.cubic_interpolation``, the same operations."""
    p0, p1, p2, p3 = p
    tt0, tt1, tt2, tt3 = t - a0, t - a1, t - a2, t - a3
    t01, t02, t03 = a0 - a1, a0 - a2, a0 - a3
    t12, t13, t23 = a1 - a2, a1 - a3, a2 - a3
    return (
        p0 * tt1 * tt2 * tt3 / t01 / t02 / t03
        - p1 * tt0 * tt2 * tt3 / t01 / t12 / t13
        + p2 * tt0 * tt1 * tt3 / t02 / t12 / t23
        - p3 * tt0 * tt1 * tt2 / t03 / t13 / t23
    )


def main() -> int:
    backend = growth._backend()
    if backend is None or backend.lms_array is None:
        print("rcpchgrowth is not installed (or its lookup functions changed)")
        return 1
    keys = [(s, m, d) for s in ("M", "F") for m in ("height", "weight") for d in range(7306)]
    indexes: dict[int, TableIndex] = {}

    def candidate(sex: str, method: str, days: int) -> tuple[float, float, float] | None:
        age = days / 365.25
        table = backend.lms_array(  # type: ignore[misc]
            reference=backend.reference, age=age, measurement_method=method, sex=sex,
            default_youngest_reference=False,
        )  # fmt: skip
        if not table:
            return None
        index = indexes.get(id(table))
        if index is None or index.table is not table:
            index = indexes[id(table)] = TableIndex(table)
        return index.lms(age)

    print(f"{len(keys):,} keys (sex, measurement, age 0-7305 days)")
    started = time.perf_counter()
    new = [candidate(backend.sexes[s], backend.methods[m], d) for s, m, d in keys]
    new_time = time.perf_counter() - started
    started = time.perf_counter()
    old = [growth._lookup_lms(backend, backend.sexes[s], backend.methods[m], d) for s, m, d in keys]
    old_time = time.perf_counter() - started
    worst = 0.0
    for (s, m, d), o, n in zip(keys, old, new, strict=True):
        if o is None or n is None:
            assert o is n, (s, m, d, o, n)
            continue
        worst = max(worst, *(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(n, o, strict=True)))
    print(f"largest relative difference over all {len(keys):,} keys: {worst:.1e}")
    per_old = old_time / len(keys) * 1e6
    per_new = new_time / len(keys) * 1e6
    print(f"current _lookup_lms: {per_old:7.1f} us per new key ({old_time:.1f} s for all keys)")
    print(f"bisect candidate:    {per_new:7.1f} us per new key ({new_time:.2f} s for all keys)")
    print("cached call (either): ~2 us; a 74,353-report corpus has about 20,000 distinct keys")
    return 0 if worst < 1e-9 and math.isfinite(worst) else 1


if __name__ == "__main__":
    sys.exit(main())
