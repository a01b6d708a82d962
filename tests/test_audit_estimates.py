"""Projection of a sample onto its population (``missingreport.audit.estimates``).

Every expected value below is worked out by hand in the comments, from

    point  = sum_h N_h * y_h / n_h
    var    = sum_h N_h**2 * (1 - n_h/N_h) * p_h * (1 - p_h) / n_h,   p_h = y_h / n_h
    limits = point -/+ z * sqrt(var), lower rounded down, upper rounded up,
             clamped to [y, N - (n - y)]; point rounded half up.

z(90%) = 1.6448536, z(95%) = 1.9599640 (standard normal quantiles at 0.95 and 0.975).
"""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from missingreport.audit import (
    Estimate,
    StrataFileError,
    Stratum,
    read_strata,
    srs_estimate,
    stratified_estimate,
)
from missingreport.audit import estimates as estimates_module
from missingreport.errors import ConfigError

Z90 = 1.6448536
Z95 = 1.9599640


def limits(estimate: Estimate) -> tuple[int, int, int]:
    return estimate.count, estimate.lower, estimate.upper


# --- simple random sample --------------------------------------------------------------


def test_spec_example_is_reproduced_exactly() -> None:
    # N = 74353, n = 100, y = 45, p = 0.45.
    # point = 74353 * 0.45 = 33458.85 -> 33459
    # var = N^2 (1 - n/N) p q / n = N (N - n) p q / n = 74353 * 74253 * 0.2475 / 100
    #     = 5520933609 * 0.002475 = 13664310.6 (exactly 13664309.939775)
    # SE = sqrt(13664309.94) = 3696.5267
    # z * SE = 1.6448536 * 3696.5267 = 6080.2454
    # lower = 33458.85 - 6080.2454 = 27378.60 -> down -> 27378
    # upper = 33458.85 + 6080.2454 = 39539.10 -> up   -> 39540
    estimate = srs_estimate(45, 100, 74353)
    assert estimate.to_dict() == {"count": 33459, "lower": 27378, "upper": 39540}
    assert estimate.point == pytest.approx(33458.85)
    assert estimate.standard_error == pytest.approx(3696.5267, abs=1e-4)
    # The s^2 = n p q / (n - 1) form would give SE = 3696.5267 * sqrt(100/99) = 3715.149,
    # lower 27347.97 -> 27347: not the spec's figure, so it is not the form used.
    assert estimate.standard_error != pytest.approx(3715.149, abs=1e-3)


def test_default_confidence_is_ninety_percent() -> None:
    assert srs_estimate(45, 100, 74353) == srs_estimate(45, 100, 74353, confidence=0.90)


def test_second_srs_case() -> None:
    # N = 100, n = 20, y = 4, p = 0.2: point = 100 * 0.2 = 20
    # var = 100^2 * (1 - 20/100) * 0.2 * 0.8 / 20 = 10000 * 0.8 * 0.008 = 64, SE = 8
    # z * SE = 1.6448536 * 8 = 13.1588
    # lower = 20 - 13.1588 = 6.84 -> 6; upper = 20 + 13.1588 = 33.16 -> 34
    estimate = srs_estimate(4, 20, 100)
    assert limits(estimate) == (20, 6, 34)
    assert estimate.point == 20.0
    assert estimate.standard_error == pytest.approx(8.0)


def test_confidence_095_is_wider() -> None:
    # Same sample as above at 95%: z * SE = 1.9599640 * 8 = 15.6797
    # lower = 20 - 15.6797 = 4.32 -> 4; upper = 20 + 15.6797 = 35.68 -> 36
    assert limits(srs_estimate(4, 20, 100, confidence=0.95)) == (20, 4, 36)
    # Spec example at 95%: z * SE = 1.9599640 * 3696.5267 = 7245.0593
    # 33458.85 - 7245.0593 = 26213.79 -> 26213; 33458.85 + 7245.0593 = 40703.91 -> 40704
    assert limits(srs_estimate(45, 100, 74353, confidence=0.95)) == (33459, 26213, 40704)
    # 50%: z = 0.6744898, z * 8 = 5.3959 -> 14.60 -> 14, 25.40 -> 26
    assert limits(srs_estimate(4, 20, 100, confidence=0.5)) == (20, 14, 26)


def test_lower_limit_is_at_least_the_count_seen_in_the_sample() -> None:
    # N = 100, n = 10, y = 1: point 10; var = 100^2 * 0.9 * 0.1 * 0.9 / 10 = 81, SE = 9
    # z * SE = 14.8037: 10 - 14.80 = -4.80, but the sample already holds 1 -> 1
    # upper = 24.80 -> 25
    assert limits(srs_estimate(1, 10, 100)) == (10, 1, 25)


def test_upper_limit_leaves_room_for_the_sample_without_the_outcome() -> None:
    # N = 100, n = 10, y = 9: point 90, SE = 9 (as above)
    # lower = 90 - 14.80 = 75.20 -> 75; upper = 104.80, but 1 sampled episode lacks the
    # outcome, so at most 100 - 1 = 99
    assert limits(srs_estimate(9, 10, 100)) == (90, 75, 99)


def test_point_is_rounded_half_up() -> None:
    # N = 5, n = 2, y = 1: point = 5 * 1/2 = 2.5 -> 3 (not 2, as round() would give)
    assert srs_estimate(1, 2, 5).count == 3
    # N = 7, n = 2, y = 1: point = 3.5 -> 4
    assert srs_estimate(1, 2, 7).count == 4


def test_census_has_a_zero_width_interval() -> None:
    # n = N: the fpc (1 - n/N) is 0, so var = 0 and the count is exact.
    estimate = srs_estimate(37, 250, 250)
    assert limits(estimate) == (37, 37, 37)
    assert estimate.standard_error == 0.0


def test_no_successes_and_all_successes() -> None:
    # p = 0 or p = 1 makes p q = 0: the (Wald) interval has no width.
    none = srs_estimate(0, 100, 74353)
    assert limits(none) == (0, 0, 0)
    assert none.standard_error == 0.0
    assert limits(srs_estimate(100, 100, 74353)) == (74353, 74353, 74353)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((45, 100, 74353, 0.0), "confidence"),
        ((45, 100, 74353, 1.0), "confidence"),
        ((45, 100, 74353, 90.0), "confidence"),
        ((45, 100, 74353, float("nan")), "confidence"),
        ((45, 100, 99, 0.9), "larger than the population"),
        ((0, 0, 100, 0.9), "sample must be at least 1"),
        ((101, 100, 74353, 0.9), "cannot exceed the sample"),
        ((-1, 100, 74353, 0.9), "successes must be at least 0"),
        ((1, 1, 0, 0.9), "population must be at least 1"),
        ((4.0, 20, 100, 0.9), "whole number"),
        ((True, 20, 100, 0.9), "whole number"),
    ],
)
def test_invalid_srs_input_raises(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        srs_estimate(*args)  # type: ignore[arg-type]


# --- stratified random sample -----------------------------------------------------------

TWO = [Stratum("A", 1000, 50), Stratum("B", 200, 50)]


def test_two_strata() -> None:
    # A: N=1000, n=50, y=10, p=0.2: point 1000 * 0.2 = 200
    #    var = 1000^2 * (1 - 50/1000) * 0.2 * 0.8 / 50 = 1e6 * 0.95 * 0.0032 = 3040
    # B: N=200, n=50, y=30, p=0.6: point 200 * 0.6 = 120
    #    var = 200^2 * (1 - 50/200) * 0.6 * 0.4 / 50 = 40000 * 0.75 * 0.0048 = 144
    # point = 320; var = 3184; SE = sqrt(3184) = 56.4269
    # z * SE = 1.6448536 * 56.4269 = 92.8141
    # lower = 227.19 -> 227; upper = 412.81 -> 413
    estimate = stratified_estimate({"A": 10, "B": 30}, TWO)
    assert limits(estimate) == (320, 227, 413)
    assert estimate.point == pytest.approx(320.0)
    assert estimate.standard_error == pytest.approx(56.4269, abs=1e-4)
    # 95%: z * SE = 1.9599640 * 56.4269 = 110.5948 -> 209.41 -> 209, 430.59 -> 431
    assert limits(stratified_estimate({"A": 10, "B": 30}, TWO, 0.95)) == (320, 209, 431)
    # Ignoring the design: 40 of 100 sampled, 0.4 * 1200 = 480, far from 320.
    assert srs_estimate(40, 100, 1200).count == 480


def test_missing_stratum_counts_zero() -> None:
    # y_B = 0: point = 200 + 0; var = 3040 + 0, SE = 55.1362; z * SE = 90.6915
    # lower = 109.31 -> 109; upper = 290.69 -> 291
    assert limits(stratified_estimate({"A": 10}, TWO)) == (200, 109, 291)


def test_one_stratum_equals_srs() -> None:
    one = stratified_estimate({"all": 45}, [Stratum("all", 74353, 100)])
    assert one == srs_estimate(45, 100, 74353)
    assert one.to_dict() == {"count": 33459, "lower": 27378, "upper": 39540}


@given(
    population=st.integers(1, 10**6),
    data=st.data(),
    confidence=st.floats(0.01, 0.999),
)
def test_one_stratum_equals_srs_always(
    population: int, data: st.DataObject, confidence: float
) -> None:
    sample = data.draw(st.integers(1, min(population, 5000)))
    successes = data.draw(st.integers(0, sample))
    srs = srs_estimate(successes, sample, population, confidence)
    design = [Stratum("s", population, sample)]
    assert stratified_estimate({"s": successes}, design, confidence) == srs
    assert successes <= srs.lower <= srs.count <= srs.upper <= population - (sample - successes)


def test_stratified_census_is_exact() -> None:
    design = [Stratum("A", 40, 40), Stratum("B", 7, 7)]
    assert limits(stratified_estimate({"A": 12, "B": 3}, design)) == (15, 15, 15)


def test_proportional_allocation_gives_sample_share_times_population() -> None:
    # Equal weights N_h/n_h = 100: point = 100 * (3 + 9) = 1200 = 0.3 * 4000.
    # var: 1000*990*3*7/10^3 = 20790 and 3000*2970*9*21/30^3 = 62370, total 83160 =
    # 4000*3960*12*28/40^3, the SRS variance of 12 in 40 out of 4000.
    design = [Stratum("A", 1000, 10), Stratum("B", 3000, 30)]
    assert stratified_estimate({"A": 3, "B": 9}, design) == srs_estimate(12, 40, 4000)


def test_stratified_weights_move_the_estimate_away_from_share_times_population() -> None:
    # OIG: 100 sampled of 74,353; 45 never reported, 22 late, 33 on time. Its estimates,
    # 34,869 never reported and 16,246 late, are not 0.45 N = 33,459 and 0.22 N = 16,358:
    # the sample was stratified. The strata below are INVENTED (OIG's were not available);
    # they only show that such weights reproduce the published point estimates.
    # A: N=24152, n=38 (weight 635.58); 9 never, 9 late, 20 on time.
    # B: N=50201, n=62 (weight 809.69); 36 never, 13 late, 13 on time.
    design = [Stratum("A", 24152, 38), Stratum("B", 50201, 62)]
    never = stratified_estimate({"A": 9, "B": 36}, design)
    late = stratified_estimate({"A": 9, "B": 13}, design)
    on_time = stratified_estimate({"A": 20, "B": 13}, design)
    # never:   9 * 635.58 + 36 * 809.69 = 5720.21 + 29148.97 = 34869.18 -> 34869
    # late:    9 * 635.58 + 13 * 809.69 = 5720.21 + 10526.02 = 16246.23 -> 16246
    # on time: 20 * 635.58 + 13 * 809.69 = 12711.58 + 10526.02 = 23237.60 -> 23238
    assert (never.count, late.count, on_time.count) == (34869, 16246, 23238)
    assert never.point + late.point + on_time.point == pytest.approx(74353)
    # Sample share x N, which the unweighted projection gives:
    assert srs_estimate(45, 100, 74353).count == 33459
    assert srs_estimate(22, 100, 74353).count == 16358  # 0.22 * 74353 = 16357.66
    # Limits of "never": var_A = N(N-n) y(n-y)/n^3 = 24152*24114*9*29/38^3 = 2770206.05
    # var_B = 50201*50139*36*26/62^3 = 9885276.39; SE = sqrt(12655482.44) = 3557.4545
    # z * SE = 5851.4919: 34869.18 - 5851.49 = 29017.69 -> 29017; + = 40720.67 -> 40721
    assert (never.lower, never.upper) == (29017, 40721)
    assert never.standard_error == pytest.approx(3557.4545, abs=1e-4)


@pytest.mark.parametrize(
    ("successes", "strata", "message"),
    [
        ({"A": 1}, [], "at least one stratum"),
        ({"A": 1}, [Stratum("A", 10, 5), Stratum("A", 20, 5)], "more than once"),
        ({"C": 1}, TWO, "unknown strata"),
        ({"A": 51}, TWO, "cannot exceed the sample"),
        ({"A": -1}, TWO, "at least 0"),
    ],
)
def test_invalid_stratified_input_raises(
    successes: dict[str, int], strata: list[Stratum], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        stratified_estimate(successes, strata)


def test_invalid_confidence_in_stratified_raises() -> None:
    with pytest.raises(ValueError, match="confidence"):
        stratified_estimate({"A": 1}, TWO, confidence=1.5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", 10, 5), "needs a name"),
        (("A", 0, 0), "population of stratum 'A' must be at least 1"),
        (("A", 10, 0), "sample of stratum 'A' must be at least 1"),
        (("A", 10, 11), "larger than the population"),
        (("A", 10.0, 5), "whole number"),
    ],
)
def test_invalid_stratum_raises(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Stratum(*args)  # type: ignore[arg-type]


def test_to_dict_has_exactly_the_json_keys() -> None:
    estimate = Estimate(count=5, lower=3, upper=8, point=5.2, standard_error=1.1)
    assert estimate.to_dict() == {"count": 5, "lower": 3, "upper": 8}
    assert json.dumps(estimate.to_dict()) == '{"count": 5, "lower": 3, "upper": 8}'


def test_docstring_examples_run() -> None:
    assert doctest.testmod(estimates_module).failed == 0


# --- strata files ---------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_sample_column(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "stratum,population,sample\nA,1000,50\nB,200,50\n")
    assert read_strata(path) == TWO


def test_csv_without_sample_takes_counts_from_reports(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", '\ufeffStratum, Population\n\nA,"1,000"\nB, 200\n')
    assert read_strata(str(path), sample_sizes={"A": 50, "B": 50}) == TWO


def test_json_list_and_object(tmp_path: Path) -> None:
    entries = [
        {"stratum": "A", "population": 1000, "sample": 50},
        {"stratum": "B", "population": 200},
    ]
    listed = write(tmp_path, "s.json", json.dumps(entries, indent=1))
    assert read_strata(listed, {"B": 50}) == TWO
    wrapped = write(tmp_path, "t.json", json.dumps({"strata": entries}, indent=1))
    assert read_strata(wrapped, {"B": 50}) == TWO


@pytest.mark.parametrize(
    ("text", "sizes", "where", "message"),
    [
        ("stratum,population\nA,1000\nB,lots\n", {"A": 1, "B": 1}, ":3:", "whole number"),
        ("stratum,population\nA,1000\nB,1.5\n", {"A": 1, "B": 1}, ":3:", "whole number"),
        ("stratum,population,sample\nA,10,5\n\nA,20,5\n", None, ":4:", "already listed on line 2"),
        ("stratum,population,sample\nA,10,11\n", None, ":2:", "larger than the population"),
        ("stratum,population,sample\nA,10,0\n", None, ":2:", "at least 1"),
        ("stratum,population,sampel\nA,10,5\n", None, ":1:", "header"),
        ("stratum,sample\nA,5\n", None, ":1:", "needs stratum and population"),
        ("stratum,population,sample\nA,10\n", None, ":2:", "expected 3 values, found 2"),
        ("stratum,population\nA,10\n", None, ":2:", "no sample size"),
        ("stratum,population\nA,10\nB,20\n", {"A": 3}, ":3:", "no report is in the sample"),
        ("stratum,population\nA,10\n", {"A": 3, "Z": 1}, ": ", "does not list: Z"),
        ("stratum,population\n", None, ": ", "no strata"),
        ("", None, ": ", "no strata"),
        ("stratum,population,sample\n,10,5\n", None, ":2:", "needs a name"),
        ('[{"stratum": "A", "population": 10},\n{"stratum": "B",\n', {"A": 1}, ":3:", "JSON"),
        ('[\n{"stratum": "A", "population": 10, "sample": 5},\n 7\n]', None, ":3:", "object"),
        ('[\n{"stratum": "A",\n "population": 10.5, "sample": 5}]', None, ":2:", "whole number"),
        ('[{"stratum": "A", "population": 10,\n "size": 5}]', None, ":1:", "unknown keys size"),
        ('{"rows": []}', None, ": ", '"strata"'),
        ('{"strata": [], "strata": []}', None, ":1:", "more than once"),
        ('[{"stratum": 3, "population": 10, "sample": 5}]', None, ":1:", "needs a name"),
        ("[]\n[]", None, ":2:", "after the JSON value"),
    ],
)
def test_bad_strata_file(
    tmp_path: Path, text: str, sizes: dict[str, int] | None, where: str, message: str
) -> None:
    path = write(tmp_path, "strata.txt", text)
    with pytest.raises(StrataFileError, match=message) as info:
        read_strata(path, sizes)
    assert str(info.value).startswith(f"{path}{where}")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ConfigError)
    expected_line = int(where.strip(":")) if where.strip(": ") else None
    assert info.value.line == expected_line


def test_json_suffix_means_json(tmp_path: Path) -> None:
    path = write(tmp_path, "strata.json", '"A"')
    with pytest.raises(StrataFileError, match="list of strata"):
        read_strata(path)
    path = write(tmp_path, "other.JSON", "stratum,population")
    with pytest.raises(StrataFileError, match=r"other\.JSON:1: not valid JSON"):
        read_strata(path)


def test_unreadable_strata_file(tmp_path: Path) -> None:
    with pytest.raises(StrataFileError, match="cannot read"):
        read_strata(tmp_path / "absent.csv")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00stratum")
    with pytest.raises(StrataFileError, match="cannot read"):
        read_strata(binary)


def test_interval_always_contains_the_point() -> None:
    for successes in range(0, 21):
        estimate = srs_estimate(successes, 20, 100)
        assert estimate.lower <= estimate.count <= estimate.upper
        assert math.isfinite(estimate.standard_error)
