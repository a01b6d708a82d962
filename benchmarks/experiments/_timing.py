"""Timing helper of the experiments: CPU time, interleaved rounds, best round kept.

The machine is shared (other engineers run test suites on its two cores), so each
candidate is timed in every round, in turn, and its best round is reported: drift in
the machine's load then touches every candidate alike.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import clear_caches

__all__ = ["compare"]


def compare(
    steps: dict[str, Callable[[Any], Any]],
    items: Sequence[Any],
    *,
    rounds: int = 5,
    clear: bool = True,
) -> dict[str, float]:
    """Microseconds per item of each step (best of ``rounds``), printed as a table."""
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(rounds):
        for label, step in steps.items():
            if clear:
                clear_caches()
            started = time.process_time()
            for item in items:
                step(item)
            best[label] = min(best[label], time.process_time() - started)
    out = {label: seconds / len(items) * 1e6 for label, seconds in best.items()}
    for label, per in out.items():
        print(f"{label:<64} {per:8.1f} us/record")
    return out
