"""The 24-hour clock: judging whether something happened within a window.

One function, :func:`judge`, decides every timeliness question of the rule catalogue
(MR201-MR206, MR213, MR214, MR407), of reconciliation (MR702) and of the audit, so
that they can never disagree. The definitions are those of rules.md:

- Both values with a time of day: elapsed time is absolute (UTC), so daylight-saving
  changes and mixed UTC offsets never move the deadline. Exactly ``hours`` is within.
- Either value a date alone: compare calendar dates in the agency's time zone. For a
  window of ``k = ceil(hours / 24)`` days and a gap of ``d`` days: ``d <= k-1`` is
  within, ``d >= k+1`` is past, ``d == k`` is unconfirmed. Windows under a day are not
  judged on date-only values.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Literal

from .temporal import calendar_date, instant

__all__ = ["Verdict", "gap_days", "judge"]

#: within the window, past it, or not decidable from calendar dates.
Verdict = Literal["within", "past", "unconfirmed"]


#: The window of each number of hours judged so far (a run uses a handful).
_WINDOWS: dict[float, timedelta] = {}


def _window(hours: float) -> timedelta:
    window = timedelta(hours=hours)
    if len(_WINDOWS) < 64:
        _WINDOWS[hours] = window
    return window


def gap_days(start: date, end: date, tz: tzinfo) -> int:
    """Calendar days from ``start`` to ``end`` in ``tz``."""
    return (calendar_date(end, tz) - calendar_date(start, tz)).days


def judge(start: date, end: date, hours: float, tz: tzinfo) -> Verdict | None:
    """Whether ``end`` came within ``hours`` of ``start``.

    Returns ``None`` when the window is under a day and a value is a date alone
    (such a window cannot be judged on calendar dates).
    """
    if isinstance(start, datetime) and isinstance(end, datetime):
        # Two values of fixed UTC offsets subtract as instants already (temporal.moment).
        if type(start.tzinfo) is not timezone:
            start = instant(start, tz)
        if type(end.tzinfo) is not timezone:
            end = instant(end, tz)
        window = _WINDOWS.get(hours)
        if window is None:
            window = _window(hours)
        return "within" if end - start <= window else "past"
    if hours < 24:
        return None
    k = math.ceil(hours / 24)
    d = gap_days(start, end, tz)
    if d <= k - 1:
        return "within"
    if d >= k + 1:
        return "past"
    return "unconfirmed"
