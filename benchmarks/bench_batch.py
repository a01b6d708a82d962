"""Speed of the batch rules (MR601-MR606) on a generated corpus, 100,000 reports by default.

Usage::

    python benchmarks/bench_batch.py                    # 100,000 reports, seed 1
    python benchmarks/bench_batch.py --count 74353 --repeat 3
    python benchmarks/bench_batch.py --corpus my.jsonl --as-of 2025-07-01

The corpus comes from ``generate.py`` (made once and kept in ``benchmarks/out``). Every
report is read by the engine with only the batch rules selected, which keeps the
compact key of each record; then, on those keys and timed apart from reading, in CPU
seconds of the process (``time.process_time``: the machine is shared, wall time
depends on the others):

* the whole batch phase as ``check`` runs it (facts, rules, results): its first run
  (what ``check`` pays, with cold caches), then the best of ``--repeat`` (the wall
  seconds of that best run are shown beside it);
* on a fresh context, the same-child facts (blocking, name scoring, the identifier
  groups), computed once per run and shared by the rules, and each rule, MR601 to
  MR606.

It also prints the findings per code, the number of same-child pairs, and the peak
memory of the batch phase (tracemalloc, measured in a separate pass).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from generate import AS_OF, ensure_corpus

from missingreport import Config
from missingreport.engine import Engine, RawRecord
from missingreport.findings import RecordResult
from missingreport.rules import RecordKey
from missingreport.rules._base import BatchContext
from missingreport.rules._batch_common import same_child_facts

__all__ = ["main", "read_keys", "time_batch", "time_parts"]


class _KeptKeys(Engine):
    """An engine that keeps the keys of the run instead of running the batch rules."""

    keys: list[RecordKey]

    def _batch(self, keys: list[RecordKey]) -> Iterator[RecordResult]:
        self.keys = keys
        return iter(())


def _records(path: Path) -> Iterator[RawRecord]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            yield RawRecord(str(path.name), number, number, json.loads(line))


def read_keys(path: Path, as_of: str) -> tuple[list[RecordKey], float]:
    """The record keys of a corpus (batch rules selected only), and seconds to read."""
    engine = _KeptKeys(Config(select=("MR6",)), as_of=as_of)
    started = time.perf_counter()
    for _ in engine.run(_records(path)):
        pass
    return engine.keys, time.perf_counter() - started


def time_batch(keys: list[RecordKey], as_of: str) -> tuple[float, float]:
    """CPU and wall seconds of the batch phase as ``check`` runs it."""
    engine = Engine(Config(select=("MR6",)), as_of=as_of)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in engine._batch(keys):
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def time_parts(keys: list[RecordKey], as_of: str) -> tuple[dict[str, float], Counter[str]]:
    """CPU seconds of the same-child facts and of each rule, and findings per code."""
    engine = Engine(Config(select=("MR6",)), as_of=as_of)
    parts: dict[str, float] = {}
    ctx = BatchContext(keys, engine.config.policy)
    started = time.process_time()
    same_child_facts(ctx)
    parts["same-child facts"] = time.process_time() - started
    codes: Counter[str] = Counter()
    for rule in engine.batch_rules:
        started = time.process_time()
        codes[rule.code] = sum(1 for _ in rule.check_batch(keys, ctx))
        parts[rule.code] = time.process_time() - started
    return parts, codes


def _peak_mb(keys: list[RecordKey], as_of: str) -> float:
    engine = Engine(Config(select=("MR6",)), as_of=as_of)
    tracemalloc.start()
    for _ in engine._batch(keys):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="reports in the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="a JSONL corpus instead of a generated one")
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many batch runs")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Print the seconds of the batch rules on the corpus."""
    args = _parse_args(argv)
    path = args.corpus or ensure_corpus(args.count, args.seed)
    keys, reading = read_keys(path, args.as_of)
    print(f"corpus: {path} ({len(keys):,} records with a key)")
    print(f"reading every record and keeping its key: {reading:.2f} s")
    first, _ = time_batch(keys, args.as_of)
    best, best_wall = float("inf"), 0.0
    for _ in range(max(args.repeat, 1)):
        cpu, wall = time_batch(keys, args.as_of)
        if cpu < best:
            best, best_wall = cpu, wall
    parts, codes = time_parts(keys, args.as_of)
    for name, seconds in parts.items():
        print(f"  {name:<18} {seconds:7.3f} s CPU {codes.get(name, 0):>7,} findings")
    ctx = BatchContext(keys, Config().policy)
    pairs = sum(1 for _ in same_child_facts(ctx).pairs())
    print(f"same-child pairs: {pairs:,}")
    print(
        f"batch rules MR601-MR606 on {len(keys):,} reports: first run {first:.2f} s CPU; "
        f"best of {args.repeat} more {best:.2f} s CPU ({best_wall:.2f} s wall)"
    )
    if not args.no_memory:
        print(f"peak memory of the batch phase (tracemalloc): {_peak_mb(keys, args.as_of):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
