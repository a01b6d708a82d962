"""Behaviour of the optional reference data layer (growth charts, ZIP codes)."""

from __future__ import annotations

import importlib
import json
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
_similar_to: Callable[[str], list[dict[str, Any]]] = zipcodes.similar_to
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


def test_every_known_zip_agrees_with_package() -> None:
    expected: dict[str, set[str]] = {}
    for digit in "0123456789":
        for record in _similar_to(digit):
            expected.setdefault(record["zip_code"], set()).add(record["state"])
    assert len(expected) > 40_000
    for zip5, states in expected.items():
        assert reference.zip_states(zip5) == frozenset(states), zip5
    unknown = [n for n in range(0, 100_000, 7) if f"{n:05d}" not in expected]
    assert len(unknown) > 5_000
    for number in unknown:
        assert reference.zip_states(f"{number:05d}") is None, number


def test_zip_table_is_compact() -> None:
    postal.load_zip_table()
    built = postal._table()
    assert built is not None
    table, sets = built.table, built.sets
    assert len(table) == 100_000
    assert table.itemsize == 1
    assert sets[0] is None
    assert len(sets) < 100  # one frozenset per distinct state (set)
    assert reference.zip_states("43215") is reference.zip_states("45202")  # shared


def _fake_zip_module(
    monkeypatch: pytest.MonkeyPatch, similar_to: Callable[[str], list[dict[str, Any]]]
) -> None:
    fake = types.ModuleType("fake_zip_data")
    fake.similar_to = similar_to  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_zip_data", fake)
    monkeypatch.setattr(postal, "_PACKAGE", "fake_zip_data")


def test_zip_table_with_many_state_sets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_caches: None
) -> None:
    """More than 255 distinct state sets widen the table; each ZIP keeps its own set."""
    names = [f"{a}{b}" for a in "ABCDEFGHIJKLMNOPQRST" for b in "ABCDEFGHIJKLMNOPQRST"]
    expected = {f"1{n:04d}": {names[n], names[n + 1]} for n in range(300)}
    records: list[dict[str, Any]] = [
        {"zip_code": zip5, "state": state.lower()}
        for zip5, states in expected.items()
        for state in sorted(states)
    ]
    records += [{"zip_code": "1234", "state": "OH"}, {"zip_code": "20001", "state": ""}]
    records += [{"zip_code": 20002, "state": "DC"}, {"zip_code": "20003"}]

    def similar_to(digit: str) -> list[dict[str, Any]]:
        return [r for r in records if str(r["zip_code"]).startswith(digit)]

    _fake_zip_module(monkeypatch, similar_to)
    for zip5, states in expected.items():
        assert reference.zip_states(zip5) == frozenset(states), zip5
    for zip5 in ("01234", "20001", "20002", "20003", "10300"):
        assert reference.zip_states(zip5) is None, zip5
    built = postal._table()
    assert built is not None
    assert built.table.itemsize == 2
    # the two-byte table goes through the cache file alike
    monkeypatch.setattr(sys.modules["fake_zip_data"], "__version__", "9", raising=False)
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(tmp_path))
    for _ in range(2):  # built and written, then read back
        postal._clear_caches()
        for zip5, states in expected.items():
            assert reference.zip_states(zip5) == frozenset(states), zip5
        assert reference.zip_states("10300") is None
    assert len(list(tmp_path.iterdir())) == 1


def _versioned_fake(
    monkeypatch: pytest.MonkeyPatch, version: str, asked: list[str], state: str = "OH"
) -> None:
    """A fake package of one version whose every prefix has one ZIP (prefix + "215")."""

    def similar_to(prefix: str) -> list[dict[str, Any]]:
        asked.append(prefix)
        return [{"zip_code": f"{prefix}215", "state": state}]

    _fake_zip_module(monkeypatch, similar_to)
    monkeypatch.setattr(sys.modules["fake_zip_data"], "__version__", version, raising=False)


def test_zip_table_is_cached_on_disk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_caches: None
) -> None:
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(tmp_path / "cache"))
    asked: list[str] = []
    _versioned_fake(monkeypatch, "1.0", asked)
    assert reference.zip_states("43215") == frozenset({"OH"})
    assert sorted(asked) == [f"{n:02d}" for n in range(100)]  # built whole, once
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["zip-states-fake_zip_data-1.0.bin"]
    postal._clear_caches()
    asked.clear()
    assert reference.zip_states("43215") == frozenset({"OH"})
    assert reference.zip_states("99215") == frozenset({"OH"})
    assert reference.zip_states("43216") is None
    assert asked == []  # read back from the cache file, the package not queried


def test_zip_cache_is_per_package_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_caches: None
) -> None:
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(tmp_path))
    asked: list[str] = []
    _versioned_fake(monkeypatch, "1.0", asked, state="OH")
    assert reference.zip_states("43215") == frozenset({"OH"})
    postal._clear_caches()
    _versioned_fake(monkeypatch, "2.0/beta", asked, state="IN")
    assert reference.zip_states("43215") == frozenset({"IN"})
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["zip-states-fake_zip_data-1.0.bin", "zip-states-fake_zip_data-2.0_beta.bin"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],  # truncated
        lambda data: data + b"\0",  # too long
        lambda data: b"something else\n" + data.partition(b"\n")[2],  # another format
        lambda data: data.replace(b"[null,", b"[null,1,", 1),  # a set that is not a list
        lambda data: data.replace(b'[null, ["OH"]]', b"[null]", 1),  # index beyond the sets
        lambda data: b"",
    ],
)
def test_damaged_zip_cache_is_rebuilt(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fresh_caches: None,
    damage: Callable[[bytes], bytes],
) -> None:
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(tmp_path))
    asked: list[str] = []
    _versioned_fake(monkeypatch, "1.0", asked)
    reference.zip_states("43215")
    (cache,) = tmp_path.iterdir()
    sound = cache.read_bytes()
    cache.write_bytes(damage(sound))
    postal._clear_caches()
    asked.clear()
    assert reference.zip_states("43215") == frozenset({"OH"})
    assert reference.zip_states("43216") is None
    assert len(asked) == 100  # rebuilt from the package
    assert cache.read_bytes() == sound  # and written again


def test_unwritable_zip_cache_still_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_caches: None
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(blocker / "cache"))
    asked: list[str] = []
    _versioned_fake(monkeypatch, "1.0", asked)
    assert reference.zip_states("43215") == frozenset({"OH"})
    assert reference.zip_states("43216") is None
    assert list(tmp_path.iterdir()) == [blocker]


def test_cache_folder_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(postal.CACHE_FOLDER_VARIABLE, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert postal.cache_folder() == tmp_path / "missingreport"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert postal.cache_folder() == tmp_path / "home" / ".cache" / "missingreport"
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(tmp_path / "given"))
    assert postal.cache_folder() == tmp_path / "given"


def test_real_table_read_back_from_cache_agrees_with_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_caches: None
) -> None:
    monkeypatch.setenv(postal.CACHE_FOLDER_VARIABLE, str(tmp_path))
    postal.load_zip_table()  # built from the package, written
    assert len(list(tmp_path.iterdir())) == 1
    postal._clear_caches()
    monkeypatch.setattr(zipcodes, "similar_to", None)  # a query now would fail
    rng = random.Random(308)
    sample = [f"{rng.randrange(100_000):05d}" for _ in range(3000)]
    for zip5 in [*sample, "43215", "00601", "96910", "82001", "09001"]:
        expected = {record["state"] for record in _matching(zip5)}
        assert reference.zip_states(zip5) == (frozenset(expected) if expected else None), zip5


def test_zip_package_failure_means_no_answers(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    def similar_to(digit: str) -> list[dict[str, Any]]:
        raise ValueError("broken data")

    _fake_zip_module(monkeypatch, similar_to)
    assert reference.zip_states("43215") is None


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


def test_matches_rcpchgrowth_on_every_fifth_day() -> None:
    """Every fifth covered day, both sexes, both measurements, near the median and far off."""
    rng = random.Random(5045)
    for age_days in range(0, TWENTY_YEARS + 1, 5):
        for sex in ("M", "F"):
            for measurement in MEASUREMENTS:
                low, high = (18.0, 76.0) if measurement == "height" else (5.0, 220.0)
                value = rng.uniform(low, high)
                ours = reference.measurement_centile(
                    sex=sex, age_days=age_days, measurement=measurement, value_in_or_lb=value
                )
                expected = _package_centile(sex, age_days, measurement, value)
                assert ours == pytest.approx(expected, abs=1e-9), (sex, age_days, measurement)


def test_parameters_equal_the_package_lookup() -> None:
    """The (L, M, S) found by bisect are those of the package's own lookup, bit for bit."""
    functions = importlib.import_module("rcpchgrowth.global_functions")
    ages = [0, 1, 2, 13, 14, 15, 729, 730, 731, 732, 733, 7290, 7302, 7303, 7304, 7305]
    ages += list(range(3, TWENTY_YEARS, 37))
    for sex in ("male", "female"):
        for measurement in MEASUREMENTS:
            for age_days in ages:
                age = age_days / 365.25
                table = functions.lms_value_array_for_measurement_for_reference(
                    reference="cdc",
                    age=age,
                    measurement_method=measurement,
                    sex=sex,
                    default_youngest_reference=False,
                )
                lms = functions.fetch_lms(age=age, lms_value_array_for_measurement=table)
                expected = (float(lms["l"]), float(lms["m"]), float(lms["s"]))
                assert growth._lms(sex, measurement, age_days) == expected, (sex, age_days)


_NO_SCIPY_SCRIPT = """
import sys
from missingreport.reference import growth_available, measurement_centile

assert growth_available()
for sex in ("M", "F"):
    for age_days in (0, 400, 731, 4000, 7305):
        centile = measurement_centile(
            sex=sex, age_days=age_days, measurement="weight", value_in_or_lb=60
        )
        assert centile is not None, (sex, age_days)
loaded = sorted(
    name for name in sys.modules if name.split(".")[0] in ("rcpchgrowth", "scipy")
)
print(loaded)
"""


def _run_isolated(script: str) -> str:
    src = Path(reference.__file__).resolve().parents[2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_growth_tables_read_without_importing_the_package() -> None:
    """The tables are read as data: neither rcpchgrowth's modules nor SciPy are imported."""
    assert _run_isolated(_NO_SCIPY_SCRIPT) == "[]"


def _fake_package(
    root: Path, monkeypatch: pytest.MonkeyPatch, infant: bytes | None, child: bytes | None
) -> None:
    """A package ``fake_growth_data`` whose import fails, holding the given tables."""
    package = root / "fake_growth_data"
    (package / "data_tables" / "who" / "pre_2025").mkdir(parents=True)
    (package / "__init__.py").write_text("raise ImportError('must not be imported')\n")
    for name, content in (("who/pre_2025/who_infants.json", infant), ("cdc2-20.json", child)):
        if content is not None:
            (package / "data_tables" / name).write_bytes(content)
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setattr(growth, "_PACKAGE", "fake_growth_data")


def _real_table_bytes(name: str) -> bytes:
    return (Path(rcpchgrowth.__file__).parent / "data_tables" / name).read_bytes()


def test_copied_tables_give_the_same_centiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    expected = [
        reference.measurement_centile(sex=s, age_days=d, measurement=m, value_in_or_lb=v)
        for s, d, m, v in _grid()[::5]
    ]
    growth._clear_caches()
    infant = _real_table_bytes("who/pre_2025/who_infants.json")
    _fake_package(tmp_path, monkeypatch, infant, _real_table_bytes("cdc2-20.json"))
    assert reference.growth_available() is True
    ours = [
        reference.measurement_centile(sex=s, age_days=d, measurement=m, value_in_or_lb=v)
        for s, d, m, v in _grid()[::5]
    ]
    assert ours == expected
    assert "fake_growth_data" not in sys.modules


def test_missing_table_file_means_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    _fake_package(tmp_path, monkeypatch, None, _real_table_bytes("cdc2-20.json"))
    assert reference.growth_available() is False
    assert (
        reference.measurement_centile(
            sex="M", age_days=TEN_YEARS, measurement="height", value_in_or_lb=54
        )
        is None
    )


def _broken_child_tables() -> dict[str, bytes]:
    real = json.loads(_real_table_bytes("cdc2-20.json"))
    rows = real["measurement"]["height"]["male"]
    shuffled = json.loads(json.dumps(real))
    shuffled["measurement"]["height"]["male"] = [*rows[:50], rows[51], rows[50], *rows[52:]]
    text_value = json.loads(json.dumps(real))
    text_value["measurement"]["weight"]["female"][5]["M"] = "12.1"
    no_sex = json.loads(json.dumps(real))
    del no_sex["measurement"]["weight"]["male"]
    short = json.loads(json.dumps(real))
    short["measurement"]["height"]["female"] = rows[:100]  # stops before 20 years
    return {
        "not JSON": b"{not json",
        "not an object": b"[1, 2, 3]",
        "ages decreasing": json.dumps(shuffled).encode(),
        "a parameter as text": json.dumps(text_value).encode(),
        "a sex missing": json.dumps(no_sex).encode(),
        "ages not covered": json.dumps(short).encode(),
    }


@pytest.mark.parametrize("kind", list(_broken_child_tables()))
def test_unreadable_tables_give_none(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    infant = _real_table_bytes("who/pre_2025/who_infants.json")
    _fake_package(tmp_path, monkeypatch, infant, _broken_child_tables()[kind])
    for sex, age_days, measurement, value in _grid()[::9]:
        assert (
            reference.measurement_centile(
                sex=sex, age_days=age_days, measurement=measurement, value_in_or_lb=value
            )
            is None
        ), kind


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
    assert _run_isolated(_NO_NETWORK_SCRIPT) == "ok"


# --- the usual range (MR504's quick test) ------------------------------------------


def test_usual_range_agrees_with_the_centile(fresh_caches: None) -> None:
    """A value inside the range has a centile within the bounds; just outside, not."""
    rng = random.Random(504)
    for _ in range(3000):
        sex = rng.choice(("M", "F"))
        measurement = rng.choice(MEASUREMENTS)
        age_days = rng.randint(0, TWENTY_YEARS)
        low, high = growth.usual_range(sex, age_days, measurement, 0.1, 99.9)
        assert 0.0 < low < high
        for inside in (low * 1.000001, (low + high) / 2, high * 0.999999):
            centile = growth.measurement_centile(
                sex=sex, age_days=age_days, measurement=measurement, value_in_or_lb=inside
            )
            assert centile is not None
            assert 0.1 <= centile <= 99.9
        for outside, beyond in ((low * 0.9999, "below"), (high * 1.0001, "above")):
            centile = growth.measurement_centile(
                sex=sex, age_days=age_days, measurement=measurement, value_in_or_lb=outside
            )
            assert centile is not None
            assert centile < 0.1 if beyond == "below" else centile > 99.9
        # computed once: the same answer from the table
        assert growth.usual_range(sex, age_days, measurement, 0.1, 99.9) == (low, high)


@pytest.mark.parametrize(
    ("sex", "age_days", "measurement"),
    [("U", 3000, "height"), ("M", -1, "weight"), ("F", TWENTY_YEARS + 1, "height"),
     ("M", 3000, "length")],
)  # fmt: skip
def test_usual_range_is_empty_without_a_centile(sex: str, age_days: int, measurement: Any) -> None:
    assert growth.usual_range(sex, age_days, measurement, 0.1, 99.9) == (0.0, 0.0)
