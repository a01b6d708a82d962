"""Small statistics of the audit: outcomes, age bands, percentiles, delay bins.

Percentiles use linear interpolation between the closest ranks (Hyndman and Fan's
type 7; numpy's default, Excel's ``PERCENTILE.INC``): for ``n`` sorted values
``x[0..n-1]`` and a fraction ``q``, ``h = (n - 1) * q`` and the percentile is
``x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])``. With ``q = 0.5``
this is the usual median (the mean of the two middle values when ``n`` is even), so
the median and the 90th percentile come from one definition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from ..clock import Verdict

__all__ = [
    "AGE_BANDS",
    "DELAY_BINS",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "Outcome",
    "age_band",
    "delay_bin",
    "outcome_of",
    "percentile",
]

#: What became of the duty to report, for one episode and one recipient.
Outcome = Literal["on_time", "late", "unconfirmed", "not_reported", "not_yet_due", "unreadable"]

#: Every outcome, in the order outputs list them. ``not_reported``: no report recorded
#: and the deadline has passed as of ``as_of``; ``not_yet_due``: no report and the
#: deadline not yet passed; ``unreadable``: a date that cannot be judged (unreadable,
#: or in the future: MR209), or a record or report object that cannot be read.
OUTCOMES: tuple[Outcome, ...] = (
    "on_time", "late", "unconfirmed", "not_reported", "not_yet_due", "unreadable"
)  # fmt: skip

#: How each outcome is written for people: the same words in every format (the JSON
#: key with its underscore turned into a space, capitalised).
OUTCOME_LABELS: dict[Outcome, str] = {o: o.replace("_", " ").capitalize() for o in OUTCOMES}

#: Age bands in completed years at the date last seen (18-20: extended foster care).
AGE_BANDS = ("0-12", "13-15", "16-17", "18-20")

#: Bins of the delay distribution: (label, upper bound in hours, inclusive); the last
#: bin has no upper bound. 24 hours exactly is on time, so it closes the third bin.
DELAY_BINS: tuple[tuple[str, float | None], ...] = (
    ("0-6 h", 6.0),
    ("6-12 h", 12.0),
    ("12-24 h", 24.0),
    ("1-2 days", 48.0),
    ("2-3 days", 72.0),
    ("3-7 days", 168.0),
    ("7-30 days", 720.0),
    ("over 30 days", None),
)

_FROM_VERDICT: dict[str | None, Outcome] = {
    "within": "on_time",
    "past": "late",
    "unconfirmed": "unconfirmed",
    # A window under a day cannot be judged on a date alone (clock.judge gives None):
    # on time cannot be shown, which is what "unconfirmed" means.
    None: "unconfirmed",
}


def outcome_of(verdict: Verdict | None) -> Outcome:
    """The outcome of an existing report, from the clock's verdict on it."""
    return _FROM_VERDICT[verdict]


def age_band(age: int | None) -> str:
    """The band of an age in completed years; ``unknown`` when there is no (sane) age."""
    if age is None or age < 0:
        return "unknown"
    if age <= 12:
        return "0-12"
    if age <= 15:
        return "13-15"
    if age <= 17:
        return "16-17"
    if age <= 20:
        return "18-20"
    return "21+"


def delay_bin(hours: float) -> int:
    """The index in :data:`DELAY_BINS` of a delay of ``hours`` (not negative)."""
    for index, (_, upper) in enumerate(DELAY_BINS):
        if upper is not None and hours <= upper:
            return index
    return len(DELAY_BINS) - 1


def percentile(ordered: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (``0 <= q <= 1``) of sorted values, type 7; ``None`` if empty.

    Example:
        >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
        2.5
        >>> percentile([0.0, 10.0], 0.9)
        9.0
    """
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"a quantile is between 0 and 1, not {q!r}")
    if not ordered:
        return None
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    if low + 1 >= len(ordered):
        return float(ordered[-1])
    return float(ordered[low] + (h - low) * (ordered[low + 1] - ordered[low]))
