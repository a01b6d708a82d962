"""Project a sample's counts onto its population, as an auditor does.

``missingreport audit --population N`` treats the reports as a simple random sample of
``N`` episodes; ``--strata FILE`` gives a stratified design instead. For each outcome
(not reported, late, on time) the tool then reports a point estimate of how many
episodes in the population have that outcome, with a two-sided interval (90% by
default, as in the HHS-OIG audit A-07-21-06102, which used RAT-STATS).

Formulas (stratum ``h``: population ``N_h``, sample ``n_h``, ``y_h`` sampled episodes
with the outcome, ``p_h = y_h / n_h``)::

    point    Y  = sum_h N_h * p_h
    variance V  = sum_h N_h**2 * (1 - n_h/N_h) * p_h * (1 - p_h) / n_h
    interval Y -/+ z * sqrt(V),  z = standard normal quantile at (1 + confidence) / 2

A simple random sample is the single-stratum case, so both functions give the same
answer for it. Choices, and why:

* The within-stratum variance of the 0/1 outcome is ``p_h * (1 - p_h)`` (divisor
  ``n_h``), not ``s_h**2 = n_h * p_h * (1 - p_h) / (n_h - 1)``. It is the form that
  reproduces the spec's example (n=100, 45 of them, N=74,353 -> 33,459 [27,378,
  39,540]); the ``n_h - 1`` form gives 27,347-27,348 as the lower limit. It also stays
  defined for a stratum with a single sampled episode.
* ``z`` is the exact quantile (:class:`statistics.NormalDist`), so that any
  ``--confidence`` works, not only the values of a printed table.
* The point estimate is rounded half up to a whole count; the limits are rounded
  outwards (lower down, upper up), so the printed interval always contains the
  computed one and never claims more precision than it has. With the exact ``z`` this
  reproduces the spec's example (27,378.6 -> 27,378; 39,539.1 -> 39,540).
* The limits are clamped to what the sample proves: at least the ``y`` episodes seen
  with the outcome, at most ``N`` less the ``n - y`` seen without it.
* The point estimate and the variance are computed exactly (fractions); only the
  square root is floating point.

The interval is the normal (Wald) one. It has zero width when every stratum is a
census or shows the outcome in none or all of its sampled episodes: the sample then
carries no information about the sampling error.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist
from typing import Any

from ..errors import ConfigError

__all__ = [
    "Estimate",
    "StrataFileError",
    "Stratum",
    "read_strata",
    "srs_estimate",
    "stratified_estimate",
]


def _check_count(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


def _check_confidence(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
        raise ValueError(f"confidence must be a number between 0 and 1, not {confidence!r}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(
            f"confidence must be between 0 and 1 (exclusive), e.g. 0.90, not {confidence!r}"
        )
    return float(confidence)


@dataclass(frozen=True)
class Stratum:
    """One stratum of a sample design.

    Attributes:
        name: The stratum's label, as the reports carry it.
        population: ``N_h``, the number of episodes in the stratum.
        sample: ``n_h``, the number of them sampled (at least 1, at most ``population``).

    Raises:
        ValueError: A size is not a whole number, or the sample is empty or larger
            than the population.

    .. versionadded:: 1.0
    """

    name: str
    population: int
    sample: int

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"a stratum needs a name, not {self.name!r}")
        _check_count(f"the population of stratum {self.name!r}", self.population, 1)
        _check_count(f"the sample of stratum {self.name!r}", self.sample, 1)
        if self.sample > self.population:
            raise ValueError(
                f"stratum {self.name!r}: the sample ({self.sample}) is larger than "
                f"the population ({self.population})"
            )


@dataclass(frozen=True)
class Estimate:
    """A projected count with its two-sided interval.

    Attributes:
        count: The point estimate, rounded half up.
        lower: The lower limit, rounded down (never below the count seen in the sample).
        upper: The upper limit, rounded up (never above what the sample leaves possible).
        point: The unrounded point estimate.
        standard_error: The standard error of the point estimate.

    .. versionadded:: 1.0
    """

    count: int
    lower: int
    upper: int
    point: float
    standard_error: float

    def to_dict(self) -> dict[str, int]:
        """The estimate as the JSON output shows it: ``count``, ``lower``, ``upper``."""
        return {"count": self.count, "lower": self.lower, "upper": self.upper}


def _outward(value: float, *, up: bool) -> int:
    """Round ``value`` down (or up), treating float noise next to an integer as that integer."""
    nearest = round(value)
    if abs(value - nearest) <= 1e-9 * max(1.0, abs(value)):
        return nearest
    return math.ceil(value) if up else math.floor(value)


def _project(parts: Sequence[tuple[int, int, int]], confidence: float) -> Estimate:
    """Project validated ``(N_h, n_h, y_h)`` parts (see the module docstring)."""
    point = sum((Fraction(big * y, n) for big, n, y in parts), Fraction(0))
    # N^2 (1 - n/N) p (1 - p) / n  ==  N (N - n) y (n - y) / n^3, exactly.
    variance = sum(
        (Fraction(big * (big - n) * y * (n - y), n**3) for big, n, y in parts), Fraction(0)
    )
    standard_error = math.sqrt(variance)
    z = NormalDist().inv_cdf((1.0 + confidence) / 2.0)
    count = math.floor(point + Fraction(1, 2))
    seen = sum(y for _, _, y in parts)  # the population holds at least these
    possible = sum(big - (n - y) for big, n, y in parts)  # and at most these
    lower = max(seen, _outward(float(point) - z * standard_error, up=False))
    upper = min(possible, _outward(float(point) + z * standard_error, up=True))
    return Estimate(
        count=count,
        lower=min(lower, count),
        upper=max(upper, count),
        point=float(point),
        standard_error=standard_error,
    )


def srs_estimate(
    successes: int, sample: int, population: int, confidence: float = 0.90
) -> Estimate:
    """Project a count from a simple random sample onto its population.

    Args:
        successes: ``y``, the sampled episodes with the outcome (e.g. not reported).
        sample: ``n``, the number of episodes sampled.
        population: ``N``, the number of episodes sampled from.
        confidence: The two-sided confidence level, strictly between 0 and 1.

    Returns:
        ``N*y/n`` and its interval; see the module docstring for the formulas.

    Raises:
        ValueError: An argument is out of range (``0 <= y <= n``, ``1 <= n <= N``).

    Example:
        >>> srs_estimate(45, 100, 74353).to_dict()
        {'count': 33459, 'lower': 27378, 'upper': 39540}

    .. versionadded:: 1.0
    """
    _check_count("population", population, 1)
    _check_count("sample", sample, 1)
    _check_count("successes", successes, 0)
    if sample > population:
        raise ValueError(f"the sample ({sample}) is larger than the population ({population})")
    if successes > sample:
        raise ValueError(f"successes ({successes}) cannot exceed the sample ({sample})")
    return _project([(population, sample, successes)], _check_confidence(confidence))


def stratified_estimate(
    successes_by_stratum: Mapping[str, int],
    strata: Sequence[Stratum],
    confidence: float = 0.90,
) -> Estimate:
    """Project a count from a stratified random sample onto its population.

    Args:
        successes_by_stratum: ``y_h`` by stratum name; a stratum left out counts 0.
        strata: The design, one :class:`Stratum` per stratum.
        confidence: The two-sided confidence level, strictly between 0 and 1.

    Returns:
        ``sum_h N_h*y_h/n_h`` and its interval; see the module docstring.

    Raises:
        ValueError: No strata, a name given twice, a count for an unknown stratum, or a
            count out of range (``0 <= y_h <= n_h``).

    Example:
        >>> design = [Stratum("A", 1000, 50), Stratum("B", 200, 50)]
        >>> stratified_estimate({"A": 10, "B": 30}, design).to_dict()
        {'count': 320, 'lower': 227, 'upper': 413}

    .. versionadded:: 1.0
    """
    if not strata:
        raise ValueError("a stratified design needs at least one stratum")
    names = Counter(stratum.name for stratum in strata)
    repeated = sorted(name for name, times in names.items() if times > 1)
    if repeated:
        raise ValueError(f"strata named more than once: {', '.join(map(repr, repeated))}")
    unknown = sorted(set(successes_by_stratum) - set(names))
    if unknown:
        raise ValueError(f"counts given for unknown strata: {', '.join(map(repr, unknown))}")
    parts = []
    for stratum in strata:
        y = _check_count(
            f"successes in stratum {stratum.name!r}", successes_by_stratum.get(stratum.name, 0), 0
        )
        if y > stratum.sample:
            raise ValueError(
                f"stratum {stratum.name!r}: successes ({y}) cannot exceed "
                f"the sample ({stratum.sample})"
            )
        parts.append((stratum.population, stratum.sample, y))
    return _project(parts, _check_confidence(confidence))


class StrataFileError(ConfigError, ValueError):
    """A strata file that cannot be read or whose content is wrong.

    The message starts ``PATH:LINE:`` (or ``PATH:`` when no line is to blame). A
    :class:`~missingreport.errors.ConfigError`, so a fault of the invocation (exit 2).

    .. versionadded:: 1.0
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


_COLUMNS = ("stratum", "population", "sample")
_WHOLE = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")


def _csv_entries(path: str, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if header is None:
            header = [cell.lower() for cell in cells]
            wrong = [cell for cell in header if cell not in _COLUMNS]
            if wrong or len(set(header)) != len(header):
                raise StrataFileError(
                    path,
                    line,
                    f"the header must name the columns stratum, population and "
                    f"optionally sample, each once; found {', '.join(cells)}",
                )
            if "stratum" not in header or "population" not in header:
                raise StrataFileError(path, line, "the header needs stratum and population")
            continue
        if len(cells) != len(header):
            raise StrataFileError(path, line, f"expected {len(header)} values, found {len(cells)}")
        entry: dict[str, Any] = dict(zip(header, cells, strict=True))
        for key in ("population", "sample"):
            if key in entry:
                value = entry[key]
                if not _WHOLE.fullmatch(value):
                    raise StrataFileError(
                        path, line, f"{key} must be a whole number, not {value!r}"
                    )
                entry[key] = int(value.replace(",", ""))
        yield line, entry


def _json_entries(path: str, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Entries of ``[{...}, ...]`` or ``{"strata": [...]}``, each with its line."""
    decoder = json.JSONDecoder()

    def line_at(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    try:
        document, end = decoder.raw_decode(text, skip(0))
    except json.JSONDecodeError as exc:
        raise StrataFileError(path, exc.lineno, f"not valid JSON: {exc.msg}") from None
    if skip(end) != len(text):
        raise StrataFileError(path, line_at(skip(end)), "unexpected content after the JSON value")
    start = skip(0)
    if isinstance(document, dict):
        if set(document) != {"strata"} or not isinstance(document["strata"], list):
            raise StrataFileError(path, None, 'a JSON object must be {"strata": [...]}')
        _, pos = decoder.raw_decode(text, skip(start + 1))  # the key
        start = skip(skip(pos) + 1)  # past the colon
        if text[skip(decoder.raw_decode(text, start)[1])] != "}":
            raise StrataFileError(path, line_at(start), '"strata" is given more than once')
    elif not isinstance(document, list):
        raise StrataFileError(path, None, "a JSON strata file holds a list of strata")
    # Walk the list again, element by element, to know where each one starts.
    pos = skip(start + 1)
    while pos < len(text) and text[pos] != "]":
        value, end = decoder.raw_decode(text, pos)
        if not isinstance(value, dict):
            raise StrataFileError(path, line_at(pos), "each stratum must be a JSON object")
        wrong = sorted(set(value) - set(_COLUMNS))
        if wrong:
            raise StrataFileError(
                path,
                line_at(pos),
                f"unknown keys {', '.join(wrong)} "
                "(expected stratum, population and optionally sample)",
            )
        yield line_at(pos), value
        pos = skip(end)
        if pos < len(text) and text[pos] == ",":
            pos = skip(pos + 1)


def read_strata(
    path: str | os.PathLike[str], sample_sizes: Mapping[str, int] | None = None
) -> list[Stratum]:
    """Read a stratified design from a CSV or JSON file.

    CSV: a header ``stratum,population`` with an optional ``sample`` column, then one
    row per stratum. JSON: a list of objects with the same keys (or ``{"strata": [...]}``).
    Population and sample are whole numbers (``74353`` or ``74,353`` in CSV).

    Args:
        path: The strata file: JSON if its name ends ``.json`` or its content starts with
            ``[`` or ``{``, else CSV.
        sample_sizes: ``n_h`` by stratum name, counted from the reports. Used when the
            file has no sample sizes; every name in it must be a stratum of the file.

    Returns:
        The strata in file order.

    Raises:
        StrataFileError: The file cannot be read, or its content is wrong (the message
            gives the line), or it and ``sample_sizes`` disagree on the strata.

    .. versionadded:: 1.0
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise StrataFileError(name, None, f"cannot read the strata file: {exc}") from None
    is_json = name.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{")
    entries = list((_json_entries if is_json else _csv_entries)(name, text))
    if not entries:
        raise StrataFileError(name, None, "the strata file lists no strata")
    known = {str(entry.get("stratum", "")).strip() for _, entry in entries}
    unknown = sorted(set(sample_sizes or {}) - known)
    if unknown:
        raise StrataFileError(
            name, None, f"the reports name strata the file does not list: {', '.join(unknown)}"
        )
    strata: list[Stratum] = []
    first_line: dict[str, int] = {}
    for line, entry in entries:
        label = entry.get("stratum")
        if not isinstance(label, str) or not label.strip():
            raise StrataFileError(name, line, f"the stratum needs a name (text), not {label!r}")
        label = label.strip()
        if label in first_line:
            raise StrataFileError(
                name, line, f"stratum {label!r} is already listed on line {first_line[label]}"
            )
        first_line[label] = line
        if "population" not in entry:
            raise StrataFileError(name, line, f"stratum {label!r} has no population")
        if "sample" in entry:
            sample = entry["sample"]
        elif sample_sizes is None:
            raise StrataFileError(
                name,
                line,
                f"stratum {label!r} has no sample size, and none was counted from the reports",
            )
        elif label not in sample_sizes:
            raise StrataFileError(name, line, f"no report is in the sample of stratum {label!r}")
        else:
            sample = sample_sizes[label]
        try:
            strata.append(Stratum(label, entry["population"], sample))
        except ValueError as exc:
            raise StrataFileError(name, line, str(exc)) from None
    return strata
