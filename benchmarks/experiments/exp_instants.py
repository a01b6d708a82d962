"""Experiment: how often the report rules convert the same times, per record.

Usage: python benchmarks/experiments/exp_instants.py [--lines 5000]

Counts the calls of ``temporal.instant``, ``temporal.calendar_date``, ``clock.judge``
and ``clock.gap_days`` made by ``Engine.check_parsed`` (every report rule) per record,
and times one call of each. A report has about 12 dates and times; everything beyond
that is the same conversion done again by another rule, which a per-report memo (or
comparing fixed-offset datetimes directly, see ``exp_rules_fast.py``) would save.
"""

from __future__ import annotations

import argparse
import sys
import timeit
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import AS_OF, ensure_corpus

from missingreport import clock, temporal
from missingreport.engine import Engine
from missingreport.structure import decode_json

NAMES = ("instant", "calendar_date", "judge", "gap_days")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=5_000)
    args = parser.parse_args()
    with ensure_corpus(74_353).open("rb") as handle:
        lines = [handle.readline() for _ in range(args.lines)]
    engine = Engine(as_of=AS_OF)
    parsed = [engine.parse(decode_json(line)[0]) for line in lines if line.strip()]
    counts: Counter[str] = Counter()
    patched: list[tuple[Any, str, Callable[..., Any]]] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("missingreport"):
            continue
        for fn_name in NAMES:
            fn = getattr(module, fn_name, None)
            if callable(fn) and getattr(fn, "__module__", "") in (
                clock.__name__,
                temporal.__name__,
            ):

                def counted(*a: Any, _fn: Any = fn, _name: str = fn_name, **k: Any) -> Any:
                    counts[_name] += 1
                    return _fn(*a, **k)

                setattr(module, fn_name, counted)
                patched.append((module, fn_name, fn))
    try:
        for p in parsed:
            engine.check_parsed(p)
    finally:
        for module, fn_name, fn in patched:
            setattr(module, fn_name, fn)
    tz = ZoneInfo("America/New_York")
    a = datetime.fromisoformat("2024-03-05T21:40:00-05:00")
    b = datetime.fromisoformat("2024-03-06T09:05:00-05:00")
    cost = {
        "instant": lambda: temporal.instant(a, tz),
        "calendar_date": lambda: temporal.calendar_date(a, tz),
        "judge": lambda: clock.judge(a, b, 24, tz),
        "gap_days": lambda: clock.gap_days(a, b, tz),
    }
    for fn_name in NAMES:
        per_call = min(timeit.repeat(cost[fn_name], number=20_000, repeat=5)) / 20_000 * 1e6
        calls = counts[fn_name] / len(parsed)
        print(
            f"{fn_name:<14} {calls:5.1f} calls per record x {per_call:4.2f} us = "
            f"{calls * per_call:5.1f} us per record"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
