"""Centiles on the CDC growth charts, from the optional ``rcpchgrowth`` package.

Used by rule MR504 (measurement-unusual-for-age).  The reference data is not
copied into this library: it is read from the JSON tables that ``rcpchgrowth``
(RCPCH, PyPI) ships inside its package directory, installed by the ``growth``
extra (``pip install missingreport[growth]``).  The tables are read as data
files: none of ``rcpchgrowth``'s modules is imported, so neither is SciPy
(about 83 MB and 1.5-3 s that the package's own import costs).  The growth
data is available when the package's data files are present (found with
``importlib.util.find_spec``, which does not run the package); the files are
read once, on the first measurement.  When they are missing or unreadable,
:func:`measurement_centile` returns ``None``.  No network access, ever.  Note
that ``rcpchgrowth`` is licensed AGPL-3.0-or-later (this library is MIT), one
more reason it stays an optional extra.

Reference and age coverage
--------------------------
``rcpchgrowth``'s ``"cdc"`` reference (checked against 4.6.5, whose
``cdc.py`` this module follows) is a patchwork, exactly as the CDC recommends
for US children:

* birth (0 days) to just under 2 years: WHO 2006 growth standard for length and
  weight (``data_tables/who/pre_2025/who_infants.json``, the package's "CDC
  interpretation of WHO"; the CDC has recommended the WHO charts under 2 years
  since 2010).
* 2.0 years to 20.0 years: CDC 2000 growth charts, stature-for-age and
  weight-for-age (``data_tables/cdc2-20.json``).

The two parts do not join smoothly at 2 years (recumbent length becomes
standing height, and the populations differ): a 20 lb girl is on the 2.5th
centile at 730 days and the 0.16th at 731 days.

So heights and weights are covered from ``age_days == 0`` to
``age_days == 7305`` (20.0 years, ages are ``age_days / 365.25`` as in
``rcpchgrowth``); any other age gives ``None``.  So does a sex other than
``"M"``/``"F"`` (such as ``"U"``), a measurement other than ``"height"``/
``"weight"``, or a value that is not a finite positive number.

The L, M and S parameters at an age are found as ``rcpchgrowth``'s
``fetch_lms`` finds them (the table's row when the age matches one to 4
decimals; otherwise Tim Cole's four-point cubic interpolation, or a straight
line between the two neighbouring rows at the table's fringes), with
``bisect`` instead of its linear scan.  The result equals
``rcpchgrowth.centile(rcpchgrowth.sds_for_measurement(reference="cdc", ...))``
to 1e-9 (checked by the test suite on every fifth covered day), and the
(L, M, S) equal those of the package's ``fetch_lms`` bit for bit.

Speed
-----
Measured on the development machine (rcpchgrowth 4.6.5, Python 3.11): finding,
reading and checking the two tables takes 5-10 ms and 0.5 MB, once (importing
the package took 1.3 s and 95 MB); the parameters of a new (sex, measurement,
age in days) cost about 4 us (137 us with the package's ``fetch_lms``; there
are at most 2 x 2 x 7306 = 29,224 such keys, cached); a call whose key is
cached costs about 2-2.5 us (the LMS formula and ``math.erfc``).
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import json
import math
from array import array
from pathlib import Path
from statistics import NormalDist
from typing import Any, Literal

__all__ = [
    "GROWTH_EXTRA",
    "UNAVAILABLE_REASON",
    "growth_available",
    "measurement_centile",
    "usual_range",
]

GROWTH_EXTRA = "growth"
"""Name of the optional extra that installs the growth reference data."""

UNAVAILABLE_REASON = (
    f"install missingreport[{GROWTH_EXTRA}] for the CDC growth charts (rcpchgrowth package)"
)
"""Why growth checks are skipped when the optional package is missing."""

_PACKAGE = "rcpchgrowth"
_DATA_FOLDER = "data_tables"
_INFANT_FILE = "who/pre_2025/who_infants.json"  # birth to 2 years (rcpchgrowth's cdc.py)
_CHILD_FILE = "cdc2-20.json"  # 2 to 20 years
_SEXES = {"M": "male", "F": "female"}  # rcpchgrowth's MALE, FEMALE
_MEASUREMENTS = ("height", "weight")  # rcpchgrowth's HEIGHT, WEIGHT
_TWO_YEARS = 2.0
_TWENTY_YEARS = 20.0  # rcpchgrowth's CDC_UPPER_THRESHOLD
_MAX_AGE_DAYS = 7305  # the last whole day with age_days / 365.25 <= 20.0
_DAYS_PER_YEAR = 365.25  # rcpchgrowth's decimal age is days / 365.25
_CM_PER_INCH = 2.54
_KG_PER_POUND = 0.45359237
_SQRT2 = math.sqrt(2.0)

_LMS = tuple[float, float, float]


class _Table:
    """One LMS table (a sex and a measurement of one reference), ready for ``bisect``."""

    __slots__ = ("ages", "rounded", "rows")

    def __init__(self, ages: list[float], rows: list[_LMS]) -> None:
        self.ages = ages
        self.rounded = [round(age, 4) for age in ages]
        self.rows = rows

    def lms(self, age: float) -> _LMS | None:
        """``rcpchgrowth.global_functions.fetch_lms`` at ``age``, or None outside the table."""
        ages, rows = self.ages, self.rows
        rounded_age = round(age, 4)
        j = bisect.bisect_left(self.rounded, rounded_age)
        if j < len(ages) and self.rounded[j] == rounded_age:
            return rows[j]  # the package's exact match, to 4 decimals
        i = max(0, bisect.bisect_left(ages, age) - 1)  # the last row below, else the first
        if age < ages[0] or i >= len(ages) - 1:
            return None  # outside the table: the package raises
        if 1 <= i < len(ages) - 2:
            a0, a1, a2, a3 = ages[i - 1], ages[i], ages[i + 1], ages[i + 2]
            r0, r1, r2, r3 = rows[i - 1], rows[i], rows[i + 1], rows[i + 2]
            return (
                _cubic(age, a0, a1, a2, a3, r0[0], r1[0], r2[0], r3[0]),
                _cubic(age, a0, a1, a2, a3, r0[1], r1[1], r2[1], r3[1]),
                _cubic(age, a0, a1, a2, a3, r0[2], r1[2], r2[2], r3[2]),
            )
        x0, x1 = ages[i], ages[i + 1]
        return (
            _linear(age, x0, x1, rows[i][0], rows[i + 1][0]),
            _linear(age, x0, x1, rows[i][1], rows[i + 1][1]),
            _linear(age, x0, x1, rows[i][2], rows[i + 1][2]),
        )


def _cubic(
    t: float, a0: float, a1: float, a2: float, a3: float, p0: float, p1: float, p2: float, p3: float
) -> float:
    """Tim Cole's cubic interpolation (``rcpchgrowth``'s ``cubic_interpolation``, same steps)."""
    tt0, tt1, tt2, tt3 = t - a0, t - a1, t - a2, t - a3
    t01, t02, t03 = a0 - a1, a0 - a2, a0 - a3
    t12, t13, t23 = a1 - a2, a1 - a3, a2 - a3
    return (
        p0 * tt1 * tt2 * tt3 / t01 / t02 / t03
        - p1 * tt0 * tt2 * tt3 / t01 / t12 / t13
        + p2 * tt0 * tt1 * tt3 / t02 / t12 / t23
        - p3 * tt0 * tt1 * tt2 / t03 / t13 / t23
    )


def _linear(t: float, x0: float, x1: float, y0: float, y1: float) -> float:
    """Straight line between two rows (the arithmetic of SciPy's ``interp1d``)."""
    return (y1 - y0) / (x1 - x0) * (t - x0) + y0


@functools.lru_cache(maxsize=1)
def _data_folder() -> Path | None:
    """``rcpchgrowth``'s data folder when both tables are there (the package is not run)."""
    try:
        spec = importlib.util.find_spec(_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / _DATA_FOLDER
        try:
            if (folder / _INFANT_FILE).is_file() and (folder / _CHILD_FILE).is_file():
                return folder
        except OSError:
            continue
    return None


def growth_available() -> bool:
    """Whether the ``rcpchgrowth`` package's growth tables are installed (answer cached)."""
    return _data_folder() is not None


def _clear_caches() -> None:
    """Forget the located folder, the tables and the parameters (for tests)."""
    _RANGES.clear()
    _lms.cache_clear()
    _tables.cache_clear()
    _data_folder.cache_clear()


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("not a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _read_table(document: Any, measurement: str, sex: str) -> _Table:
    """One table of a decoded reference file, checked (raises ValueError, LookupError)."""
    raw = document["measurement"][measurement][sex]
    if not isinstance(raw, list) or len(raw) < 4:
        raise ValueError("too few rows")
    ages: list[float] = []
    rows: list[_LMS] = []
    for row in raw:
        age = _number(row["decimal_age"])
        lms = (_number(row["L"]), _number(row["M"]), _number(row["S"]))
        if lms[1] <= 0.0 or lms[2] <= 0.0 or (ages and age <= ages[-1]):
            raise ValueError("M or S not positive, or ages not increasing")
        ages.append(age)
        rows.append(lms)
    return _Table(ages, rows)


@functools.lru_cache(maxsize=1)
def _tables() -> dict[tuple[str, str, bool], _Table] | None:
    """Every table, keyed by (sex, measurement, under two), or None when unreadable."""
    folder = _data_folder()
    if folder is None:
        return None
    tables: dict[tuple[str, str, bool], _Table] = {}
    try:
        for name, infant in ((_INFANT_FILE, True), (_CHILD_FILE, False)):
            document = json.loads((folder / name).read_bytes())
            for sex in _SEXES.values():
                for measurement in _MEASUREMENTS:
                    table = _read_table(document, measurement, sex)
                    first, last = table.ages[0], table.ages[-1]
                    covered = (0.0, _TWO_YEARS) if infant else (_TWO_YEARS, _TWENTY_YEARS)
                    if first > covered[0] or last < covered[1]:
                        raise ValueError("table does not cover its ages")
                    tables[(sex, measurement, infant)] = table
    except (OSError, ValueError, LookupError, TypeError):
        return None
    return tables


@functools.lru_cache(maxsize=32768)
def _lms(sex: str, measurement: str, age_days: int) -> _LMS | None:
    """Cached (L, M, S) of the CDC reference at an age, or None where it has none."""
    tables = _tables()
    if tables is None:
        return None
    age = age_days / _DAYS_PER_YEAR
    lms = tables[(sex, measurement, age < _TWO_YEARS)].lms(age)  # cdc_reference's choice
    if lms is None or not all(math.isfinite(x) for x in lms) or lms[1] <= 0 or lms[2] <= 0:
        return None
    return lms


def _z_from_lms(lms: _LMS, value: float) -> float:
    """Cole's LMS z-score (the formula rcpchgrowth's ``z_score`` uses)."""
    box_cox_power, median, variation = lms
    if box_cox_power == 0.0:
        return math.log(value / median) / variation
    return (math.pow(value / median, box_cox_power) - 1.0) / (box_cox_power * variation)


def measurement_centile(
    *,
    sex: str,
    age_days: int,
    measurement: Literal["height", "weight"],
    value_in_or_lb: float,
) -> float | None:
    """Centile (0-100) of a height or weight on the CDC reference, or None.

    ``sex`` is ``"M"`` or ``"F"``; ``age_days`` the age in whole days;
    ``value_in_or_lb`` a height in inches or a weight in pounds.  Returns
    ``None`` when the package's tables are not installed (or unreadable), the
    sex is not ``"M"``/``"F"``, the age is outside 0-7305 days, or the value
    is not a finite positive number.  Never raises.
    """
    package_sex = _SEXES.get(sex) if isinstance(sex, str) else None
    if package_sex is None or not isinstance(measurement, str):
        return None
    if measurement not in _MEASUREMENTS:
        return None
    if not isinstance(age_days, int) or isinstance(age_days, bool):
        return None
    if not 0 <= age_days <= _MAX_AGE_DAYS:
        return None
    if not isinstance(value_in_or_lb, (int, float)) or isinstance(value_in_or_lb, bool):
        return None
    factor = _CM_PER_INCH if measurement == "height" else _KG_PER_POUND
    value = float(value_in_or_lb) * factor
    if not (math.isfinite(value) and value > 0.0):
        return None
    lms = _lms(package_sex, measurement, age_days)
    if lms is None:
        return None
    try:
        z = _z_from_lms(lms, value)
    except (ValueError, ArithmeticError):
        return None
    if math.isnan(z):
        return None
    return 50.0 * math.erfc(-z / _SQRT2)


#: Relative margin by which :func:`usual_range` narrows a range, so that rounding
#: never puts inside it a value whose centile is outside.
_RANGE_MARGIN = 1e-6
#: Per (sex, measurement, low, high): the lower and upper ends of the usual range at
#: each age in days, NaN until computed (compact: 2 x 7,306 floats).
_RANGES: dict[tuple[str, str, float, float], tuple[array[float], array[float]]] = {}


def usual_range(
    sex: str, age_days: int, measurement: Literal["height", "weight"], low: float, high: float
) -> tuple[float, float]:
    """Values (inches or pounds) whose centile is certainly within ``[low, high]``.

    A value strictly between the two ends has a :func:`measurement_centile` between
    ``low`` and ``high`` (the centile grows with the value). A value outside may be
    within them too, so it is to be judged by its centile. ``(0, 0)`` (nothing is
    certain) wherever :func:`measurement_centile` gives no centile. Each age's range
    is computed once, on first use, from the same (L, M, S) as the centile.
    """
    key = (sex, measurement, low, high)
    ends = _RANGES.get(key)
    if ends is None:
        if sex not in _SEXES or measurement not in _MEASUREMENTS:
            return (0.0, 0.0)
        unknown = array("d", [math.nan]) * (_MAX_AGE_DAYS + 1)
        ends = _RANGES[key] = (unknown, array("d", unknown))
    if not 0 <= age_days <= _MAX_AGE_DAYS:
        return (0.0, 0.0)
    below, above = ends[0][age_days], ends[1][age_days]
    if below != below:  # NaN: not computed yet
        below, above = _range_at(sex, measurement, age_days, low, high)
        ends[0][age_days], ends[1][age_days] = below, above
    return (below, above)


def _range_at(
    sex: str, measurement: str, age_days: int, low: float, high: float
) -> tuple[float, float]:
    lms = _lms(_SEXES[sex], measurement, age_days)
    if lms is None or not 0.0 < low < high < 100.0:
        return (0.0, 0.0)
    factor = _CM_PER_INCH if measurement == "height" else _KG_PER_POUND
    below = _value_at(lms, _z_of(low)) / factor
    above = _value_at(lms, _z_of(high)) / factor
    return (below * (1.0 + _RANGE_MARGIN), above * (1.0 - _RANGE_MARGIN))


@functools.lru_cache(maxsize=64)
def _z_of(centile: float) -> float:
    """The z-score of a centile (0-100, exclusive), computed once per centile."""
    return NormalDist().inv_cdf(centile / 100.0)


def _value_at(lms: _LMS, z: float) -> float:
    """The value at z-score ``z`` (the inverse of :func:`_z_from_lms`): 0 or infinity
    beyond the values the Box-Cox transform reaches."""
    box_cox_power, median, variation = lms
    if box_cox_power == 0.0:
        return median * math.exp(variation * z)
    base = 1.0 + box_cox_power * variation * z
    if base <= 0.0:
        return 0.0 if z < 0 else math.inf
    return float(median * math.pow(base, 1.0 / box_cox_power))
