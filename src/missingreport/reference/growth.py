"""Centiles on the CDC growth charts, from the optional ``rcpchgrowth`` package.

Used by rule MR504 (measurement-unusual-for-age).  The reference data is not
copied into this library: it is read from ``rcpchgrowth`` (RCPCH, PyPI), which
is installed by the ``growth`` extra (``pip install missingreport[growth]``).
When the package is missing, :func:`growth_available` is false and
:func:`measurement_centile` returns ``None``.  No network access, ever: the
package reads JSON tables shipped inside its wheel.  Note that ``rcpchgrowth``
is licensed AGPL-3.0-or-later (this library is MIT), one more reason it stays
an optional extra.

Reference and age coverage
--------------------------
``rcpchgrowth``'s ``"cdc"`` reference (checked against 4.6.5) is a patchwork,
exactly as the CDC recommends for US children:

* birth (0 days) to just under 2 years: WHO 2006 growth standard for length and
  weight, which the package ships as its "CDC interpretation of WHO" infant table
  (the CDC has recommended the WHO charts under 2 years since 2010).  The package
  also carries CDC 2000 infant tables (length and weight 0-24 months, head
  circumference 0-36 months) but uses them only for head circumference; they
  are not used here.
* 2.0 years to 20.0 years: CDC 2000 growth charts, stature-for-age and
  weight-for-age.

The two parts do not join smoothly at 2 years (recumbent length becomes
standing height, and the populations differ): a 20 lb girl is on the 2.5th
centile at 730 days and the 0.16th at 731 days.

So heights and weights are covered from ``age_days == 0`` to
``age_days == 7305`` (20.0 years, ages are ``age_days / 365.25`` as in
``rcpchgrowth``); any other age gives ``None``.  So does a sex other than
``"M"``/``"F"`` (such as ``"U"``), a measurement other than ``"height"``/
``"weight"``, or a value that is not a finite positive number.  Exceptions that
the package raises for inputs it cannot handle are caught and give ``None``.

Speed
-----
Measured on the development machine (rcpchgrowth 4.6.5, Python 3.11):

* the first call imports ``rcpchgrowth`` (SciPy and the JSON tables): 0.8-1.5 s,
  once;
* ``rcpchgrowth.sds_for_measurement`` costs about 180 us a call, nearly all of
  it in looking up and interpolating the L, M and S parameters (a linear scan
  and SciPy's ``interp1d``): 100,000 calls would take about 18 s.  So the
  parameters are computed with the package's own lookup functions and cached
  per (sex, measurement, age in days): 120-200 us for each new key, and there
  are at most 2 x 2 x 7306 = 29,224 keys (about 5 s in all, ever);
* a call whose key is cached costs about 1.6-2.2 us (the LMS formula and
  ``math.erfc``).  100,000 calls with random sexes, ages and values take
  4-6 s the first time (28,248 new keys) and 0.16-0.22 s the second time.

The result equals
``rcpchgrowth.centile(rcpchgrowth.sds_for_measurement(reference="cdc", ...))``
to 1e-9 (checked by the test suite).  The lookup functions are not part of the
package's documented API, so on first use they are checked against
``sds_for_measurement`` on a few probes; if they are missing or disagree (a
later ``rcpchgrowth``), ``sds_for_measurement`` is called for every
measurement instead (slower, same answers).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any, Literal

__all__ = [
    "GROWTH_EXTRA",
    "UNAVAILABLE_REASON",
    "growth_available",
    "measurement_centile",
]

GROWTH_EXTRA = "growth"
"""Name of the optional extra that installs the growth reference data."""

UNAVAILABLE_REASON = (
    f"install missingreport[{GROWTH_EXTRA}] for the CDC growth charts (rcpchgrowth package)"
)
"""Why growth checks are skipped when the optional package is missing."""

_PACKAGE = "rcpchgrowth"
_DAYS_PER_YEAR = 365.25  # rcpchgrowth's decimal age is days / 365.25
_CM_PER_INCH = 2.54
_KG_PER_POUND = 0.45359237
_SQRT2 = math.sqrt(2.0)

_LMS = tuple[float, float, float]


@dataclasses.dataclass(frozen=True)
class _Backend:
    """What this module needs from ``rcpchgrowth``, resolved once."""

    reference: str
    sexes: dict[str, str]
    methods: dict[str, str]
    sds_for_measurement: Callable[..., Any]
    max_age_years: float | None
    lms_array: Callable[..., Any] | None
    fetch_lms: Callable[..., Any] | None


def _import_optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except Exception:  # not installed, or installed but broken: unusable either way
        return None


@functools.lru_cache(maxsize=1)
def _backend() -> _Backend | None:
    package = _import_optional(_PACKAGE)
    if package is None:
        return None
    try:
        reference = str(package.CDC)
        sexes = {"M": str(package.MALE), "F": str(package.FEMALE)}
        methods = {"height": str(package.HEIGHT), "weight": str(package.WEIGHT)}
        sds_for_measurement = package.sds_for_measurement
    except AttributeError:
        return None
    upper = getattr(package, "CDC_UPPER_THRESHOLD", None)  # 20.0 years
    max_age_years = float(upper) if isinstance(upper, (int, float)) else None
    # Faster path: the package's own LMS lookup, cached per age (see docstring),
    # used only if it gives the public function's answers on a few probes.
    functions = _import_optional(f"{_PACKAGE}.global_functions")
    lms_array = getattr(functions, "lms_value_array_for_measurement_for_reference", None)
    fetch_lms = getattr(functions, "fetch_lms", None)
    backend = _Backend(
        reference=reference,
        sexes=sexes,
        methods=methods,
        sds_for_measurement=sds_for_measurement,
        max_age_years=max_age_years,
        lms_array=lms_array if callable(lms_array) else None,
        fetch_lms=fetch_lms if callable(fetch_lms) else None,
    )
    if not _fast_path_agrees(backend):
        backend = dataclasses.replace(backend, lms_array=None, fetch_lms=None)
    return backend


_PROBES = (  # (sex, measurement, age in days, value in cm or kg)
    ("M", "height", 3652, 140.0),
    ("F", "weight", 400, 9.0),
    ("F", "height", 731, 80.0),
    ("M", "weight", 7300, 70.0),
)


def _fast_path_agrees(backend: _Backend) -> bool:
    if backend.lms_array is None or backend.fetch_lms is None:
        return False
    try:
        for sex, measurement, age_days, value in _PROBES:
            package_sex, method = backend.sexes[sex], backend.methods[measurement]
            lms = _lookup_lms(backend, package_sex, method, age_days)
            if lms is None:
                return False
            fast = _z_from_lms(lms, value)
            public = _z_public(backend, package_sex, method, age_days, value)
            if not math.isclose(fast, public, rel_tol=1e-9, abs_tol=1e-9):
                return False
    except Exception:  # the package's internals changed: use its public function
        return False
    return True


def growth_available() -> bool:
    """Whether the optional ``rcpchgrowth`` package can be used (answer cached)."""
    return _backend() is not None


def _clear_caches() -> None:
    """Forget the cached import and parameters (for tests)."""
    _lms.cache_clear()
    _backend.cache_clear()


@functools.lru_cache(maxsize=32768)
def _lms(sex: str, method: str, age_days: int) -> _LMS | None:
    """Cached (L, M, S) of the CDC reference at an age, or None where it has none."""
    backend = _backend()
    if backend is None:
        return None
    try:
        return _lookup_lms(backend, sex, method, age_days)
    except (LookupError, ValueError, TypeError, ArithmeticError):
        return None


def _lookup_lms(backend: _Backend, sex: str, method: str, age_days: int) -> _LMS | None:
    """Interpolated (L, M, S) from the package's lookup functions (may raise)."""
    if backend.lms_array is None or backend.fetch_lms is None:
        return None
    age = age_days / _DAYS_PER_YEAR
    array = backend.lms_array(
        reference=backend.reference,
        age=age,
        measurement_method=method,
        sex=sex,
        default_youngest_reference=False,  # as sds_for_measurement does
    )
    if not array:
        return None
    lms = backend.fetch_lms(age=age, lms_value_array_for_measurement=array)
    result = (float(lms["l"]), float(lms["m"]), float(lms["s"]))
    if not all(math.isfinite(x) for x in result) or result[1] <= 0 or result[2] <= 0:
        return None
    return result


def _z_from_lms(lms: _LMS, value: float) -> float:
    """Cole's LMS z-score (the formula rcpchgrowth's ``z_score`` uses)."""
    box_cox_power, median, variation = lms
    if box_cox_power == 0.0:
        return math.log(value / median) / variation
    return (math.pow(value / median, box_cox_power) - 1.0) / (box_cox_power * variation)


def _z_public(backend: _Backend, sex: str, method: str, age_days: int, value: float) -> float:
    z = backend.sds_for_measurement(
        reference=backend.reference,
        age=age_days / _DAYS_PER_YEAR,
        measurement_method=method,
        observation_value=value,
        sex=sex,
    )
    return float(z)


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
    ``None`` when the package is not installed, the sex is not ``"M"``/``"F"``,
    the age is outside 0-7305 days, or the value is not a finite positive
    number.  Never raises.
    """
    backend = _backend()
    if backend is None:
        return None
    package_sex = backend.sexes.get(sex) if isinstance(sex, str) else None
    method = backend.methods.get(measurement) if isinstance(measurement, str) else None
    if package_sex is None or method is None:
        return None
    if not isinstance(age_days, int) or isinstance(age_days, bool) or age_days < 0:
        return None
    if backend.max_age_years is not None and age_days / _DAYS_PER_YEAR > backend.max_age_years:
        return None  # beyond the charts; checked here so the cache holds only covered ages
    if not isinstance(value_in_or_lb, (int, float)) or isinstance(value_in_or_lb, bool):
        return None
    factor = _CM_PER_INCH if measurement == "height" else _KG_PER_POUND
    value = float(value_in_or_lb) * factor
    if not (math.isfinite(value) and value > 0.0):
        return None
    try:
        if backend.lms_array is not None:
            lms = _lms(package_sex, method, age_days)
            if lms is None:
                return None
            z = _z_from_lms(lms, value)
        else:
            z = _z_public(backend, package_sex, method, age_days, value)
    except (LookupError, ValueError, TypeError, ArithmeticError):
        return None
    if math.isnan(z):
        return None
    return 50.0 * math.erfc(-z / _SQRT2)
