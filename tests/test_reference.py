"""Behaviour of the optional reference data layer (growth charts, ZIP codes)."""

from __future__ import annotations

import dataclasses
import importlib
import math
import os
import random
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
import rcpchgrowth
import zipcodes

import missingreport.reference as reference
from missingreport.reference import growth, postal

__all__: list[str] = []

TEN_YEARS = 3652  # days
TWENTY_YEARS = 7305  # days: 20 * 365.25, the last day the CDC charts cover
CM_PER_INCH = 2.54
Measurement = Literal["height", "weight"]
MEASUREMENTS: tuple[Measurement, ...] = ("height", "weight")
_matching: Callable[[str], list[dict[str, Any]]] = zipcodes.matching  # untyped in the package
KG_PER_POUND = 0.45359237


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    growth._clear_caches()
    postal._clear_caches()
    yield
    growth._clear_caches()
    postal._clear_caches()


def _package_centile(sex: str, age_days: int, measurement: str, value: float) -> float:
    """The centile straight from rcpchgrowth's public API."""
    factor = CM_PER_INCH if measurement == "height" else KG_PER_POUND
    z = rcpchgrowth.sds_for_measurement(
        reference=rcpchgrowth.CDC,
        age=age_days / 365.25,
        measurement_method=measurement,
        observation_value=value * factor,
        sex=rcpchgrowth.MALE if sex == "M" else rcpchgrowth.FEMALE,
    )
    return float(rcpchgrowth.centile(z))


# --- package API ----------------------------------------------------------------


def test_package_exports() -> None:
    for name in reference.__all__:
        assert hasattr(reference, name), name
    assert reference.GROWTH_EXTRA == "growth"
    assert reference.ZIP_EXTRA == "zip"
    assert "missingreport[growth]" in reference.GROWTH_UNAVAILABLE_REASON
    assert "missingreport[zip]" in reference.ZIP_UNAVAILABLE_REASON


def test_both_packages_available() -> None:
    assert reference.growth_available() is True
    assert reference.zip_available() is True


# --- ZIP codes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zip5", "state"),
    [
        ("43215", "OH"),
        ("10001", "NY"),
        ("90210", "CA"),
        ("20500", "DC"),
        ("00501", "NY"),  # leading zeros kept
        ("00901", "PR"),
        ("00801", "VI"),
        ("96910", "GU"),
        ("96799", "AS"),
        ("96950", "MP"),
        ("09001", "AE"),  # military
    ],
)
def test_known_zip_states(zip5: str, state: str) -> None:
    result = reference.zip_states(zip5)
    assert result == frozenset({state})
    assert isinstance(result, frozenset)


@pytest.mark.parametrize("zip5", ["99999", "00000", "00100"])
def test_unknown_zip_is_none(zip5: str) -> None:
    assert reference.zip_states(zip5) is None


@pytest.mark.parametrize(
    "zip5",
    ["", "4321", "432150", "43215-1234", " 43215", "4321a", "\uff14\uff13\uff12\uff11\uff15"],
)
def test_malformed_zip_is_none(zip5: str) -> None:
    assert reference.zip_states(zip5) is None


def test_non_string_zip_is_none() -> None:
    assert reference.zip_states(43215) is None  # type: ignore[arg-type]
    assert reference.zip_states(None) is None  # type: ignore[arg-type]


def test_zip_index_agrees_with_package() -> None:
    rng = random.Random(504308)
    sample = [f"{rng.randrange(100_000):05d}" for _ in range(400)]
    sample += ["43215", "00601", "96910", "82001"]
    for zip5 in sample:
        expected = {record["state"] for record in _matching(zip5)}
        assert reference.zip_states(zip5) == (frozenset(expected) if expected else None), zip5


def test_zip_unavailable(monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    monkeypatch.setitem(sys.modules, "zipcodes", None)
    assert reference.zip_available() is False
    assert reference.zip_states("43215") is None


# --- growth charts ----------------------------------------------------------------


def test_typical_ten_year_old_boy() -> None:
    height = reference.measurement_centile(
        sex="M", age_days=TEN_YEARS, measurement="height", value_in_or_lb=54
    )
    weight = reference.measurement_centile(
        sex="M", age_days=TEN_YEARS, measurement="weight", value_in_or_lb=70
    )
    assert height is not None
    assert 10 < height < 90
    assert weight is not None
    assert 10 < weight < 90


def test_typical_ten_year_old_girl() -> None:
    height = reference.measurement_centile(
        sex="F", age_days=TEN_YEARS, measurement="height", value_in_or_lb=54.5
    )
    assert height is not None
    assert 10 < height < 90


def test_extreme_values() -> None:
    short = reference.measurement_centile(
        sex="M", age_days=TEN_YEARS, measurement="height", value_in_or_lb=30
    )
    tall = reference.measurement_centile(
        sex="M", age_days=TEN_YEARS, measurement="height", value_in_or_lb=80
    )
    light = reference.measurement_centile(
        sex="F", age_days=TEN_YEARS, measurement="weight", value_in_or_lb=20
    )
    heavy = reference.measurement_centile(
        sex="F", age_days=TEN_YEARS, measurement="weight", value_in_or_lb=400
    )
    assert short is not None
    assert short < 0.1
    assert tall is not None
    assert tall > 99.9
    assert light is not None
    assert light < 0.1
    assert heavy is not None
    assert heavy > 99.9


def test_infant_is_covered() -> None:
    # a typical newborn, and a typical one-year-old (WHO 2006 part of the reference)
    newborn = reference.measurement_centile(
        sex="F", age_days=0, measurement="weight", value_in_or_lb=7.3
    )
    one_year = reference.measurement_centile(
        sex="M", age_days=365, measurement="height", value_in_or_lb=29.75
    )
    assert newborn is not None
    assert 10 < newborn < 90
    assert one_year is not None
    assert 10 < one_year < 90


@pytest.mark.parametrize("sex", ["U", "", "X", "m", "male"])
def test_sex_other_than_m_or_f_is_none(sex: str) -> None:
    assert (
        reference.measurement_centile(
            sex=sex, age_days=TEN_YEARS, measurement="height", value_in_or_lb=54
        )
        is None
    )


@pytest.mark.parametrize("age_days", [-1, -365, TWENTY_YEARS + 1, 25 * 366, 10**9])
def test_age_outside_coverage_is_none(age_days: int) -> None:
    for measurement in MEASUREMENTS:
        assert (
            reference.measurement_centile(
                sex="F", age_days=age_days, measurement=measurement, value_in_or_lb=60
            )
            is None
        )


@pytest.mark.parametrize("age_days", [0, 1, 729, 730, 731, 732, TWENTY_YEARS - 1, TWENTY_YEARS])
def test_age_edges_are_covered(age_days: int) -> None:
    for sex in ("M", "F"):
        for measurement in MEASUREMENTS:
            centile = reference.measurement_centile(
                sex=sex, age_days=age_days, measurement=measurement, value_in_or_lb=40.0
            )
            assert centile is not None
            assert 0.0 <= centile <= 100.0


@pytest.mark.parametrize("value", [0, 0.0, -5.0, math.nan, math.inf, -math.inf, True])
def test_impossible_values_are_none(value: float) -> None:
    for measurement in MEASUREMENTS:
        assert (
            reference.measurement_centile(
                sex="M", age_days=TEN_YEARS, measurement=measurement, value_in_or_lb=value
            )
            is None
        )


@pytest.mark.parametrize("value", [1e-300, 1e-6, 1e6, 1e300, 1e308])
def test_extreme_values_never_raise(value: float) -> None:
    for age_days in (0, 400, TEN_YEARS, TWENTY_YEARS):
        for measurement in MEASUREMENTS:
            centile = reference.measurement_centile(
                sex="F", age_days=age_days, measurement=measurement, value_in_or_lb=value
            )
            assert centile is None or 0.0 <= centile <= 100.0


def test_odd_arguments_are_none() -> None:
    assert (
        reference.measurement_centile(
            sex="M",
            age_days=TEN_YEARS,
            measurement="bmi",  # type: ignore[arg-type]
            value_in_or_lb=17,
        )
        is None
    )
    assert (
        reference.measurement_centile(
            sex="M",
            age_days=3652.5,  # type: ignore[arg-type]
            measurement="height",
            value_in_or_lb=54,
        )
        is None
    )
    assert (
        reference.measurement_centile(
            sex="M", age_days=True, measurement="height", value_in_or_lb=20
        )
        is None
    )
    assert (
        reference.measurement_centile(
            sex="M",
            age_days=TEN_YEARS,
            measurement="height",
            value_in_or_lb="54",  # type: ignore[arg-type]
        )
        is None
    )


def _grid() -> list[tuple[str, int, Measurement, float]]:
    rng = random.Random(504)
    ages = [0, 1, 7, 14, 30, 200, 729, 730, 731, 1000, 3652, 5000, 7300, 7304, 7305]
    ages += [rng.randrange(TWENTY_YEARS + 1) for _ in range(60)]
    cases: list[tuple[str, int, Measurement, float]] = []
    for age in ages:
        for sex in ("M", "F"):
            cases.append((sex, age, "height", rng.uniform(15.0, 78.0)))
            cases.append((sex, age, "weight", rng.uniform(4.0, 250.0)))
    return cases


def test_matches_rcpchgrowth_public_api() -> None:
    for sex, age_days, measurement, value in _grid():
        ours = reference.measurement_centile(
            sex=sex,
            age_days=age_days,
            measurement=measurement,
            value_in_or_lb=value,
        )
        assert ours == pytest.approx(
            _package_centile(sex, age_days, measurement, value), abs=1e-9
        ), (sex, age_days, measurement, value)


def test_fallback_without_lookup_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = growth._backend()
    assert backend is not None
    assert backend.lms_array is not None  # the fast path is in use with this rcpchgrowth
    slow = dataclasses.replace(backend, lms_array=None, fetch_lms=None)
    monkeypatch.setattr(growth, "_backend", lambda: slow)
    for sex, age_days, measurement, value in _grid()[::7]:
        ours = reference.measurement_centile(
            sex=sex,
            age_days=age_days,
            measurement=measurement,
            value_in_or_lb=value,
        )
        assert ours == pytest.approx(_package_centile(sex, age_days, measurement, value), abs=1e-9)
    assert (
        reference.measurement_centile(
            sex="M", age_days=TWENTY_YEARS + 1, measurement="height", value_in_or_lb=60
        )
        is None
    )


def _fake_lookup_module(monkeypatch: pytest.MonkeyPatch, **functions: Any) -> None:
    """Make growth see a ``rcpchgrowth.global_functions`` holding only ``functions``."""
    fake = types.ModuleType("rcpchgrowth.global_functions")
    for name, function in functions.items():
        setattr(fake, name, function)
    real_import = growth._import_optional

    def import_optional(name: str) -> types.ModuleType | None:
        return fake if name == "rcpchgrowth.global_functions" else real_import(name)

    monkeypatch.setattr(growth, "_import_optional", import_optional)


def test_disagreeing_lookup_functions_are_not_used(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    functions = importlib.import_module("rcpchgrowth.global_functions")
    real_fetch_lms = functions.fetch_lms

    def skewed_fetch_lms(**kwargs: Any) -> dict[str, float]:
        lms = real_fetch_lms(**kwargs)
        return {"l": float(lms["l"]), "m": float(lms["m"]) * 1.1, "s": float(lms["s"])}

    _fake_lookup_module(
        monkeypatch,
        lms_value_array_for_measurement_for_reference=(
            functions.lms_value_array_for_measurement_for_reference
        ),
        fetch_lms=skewed_fetch_lms,
    )
    backend = growth._backend()
    assert backend is not None
    assert backend.lms_array is None  # fell back to the public function
    ours = reference.measurement_centile(
        sex="M", age_days=TEN_YEARS, measurement="height", value_in_or_lb=54
    )
    assert ours == pytest.approx(_package_centile("M", TEN_YEARS, "height", 54), abs=1e-9)


def test_missing_lookup_functions_are_not_used(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    _fake_lookup_module(monkeypatch)
    backend = growth._backend()
    assert backend is not None
    assert backend.lms_array is None
    ours = reference.measurement_centile(
        sex="F", age_days=500, measurement="weight", value_in_or_lb=22
    )
    assert ours == pytest.approx(_package_centile("F", 500, "weight", 22), abs=1e-9)


def test_growth_unavailable(monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    monkeypatch.setitem(sys.modules, "rcpchgrowth", None)
    assert reference.growth_available() is False
    assert (
        reference.measurement_centile(
            sex="M", age_days=TEN_YEARS, measurement="height", value_in_or_lb=54
        )
        is None
    )


# --- no network -------------------------------------------------------------------

_NO_NETWORK_SCRIPT = """
import socket

def refuse(*args, **kwargs):
    raise AssertionError("network access attempted")

socket.socket = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from missingreport.reference import growth_available, measurement_centile, zip_states

assert growth_available()
centile = measurement_centile(sex="F", age_days=4000, measurement="weight", value_in_or_lb=80)
assert centile is not None, centile
assert zip_states("10001") == frozenset({"NY"})
print("ok")
"""


def test_no_network_access() -> None:
    src = Path(reference.__file__).resolve().parents[2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", _NO_NETWORK_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
