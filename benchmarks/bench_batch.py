"""Speed of the batch rules (MR601-MR606) on a generated corpus, 100,000 reports by default.

Usage::

    python benchmarks/bench_batch.py                    # 100,000 reports, seed 1
    python benchmarks/bench_batch.py --count 20000 --repeat 3
    python benchmarks/bench_batch.py --corpus my.jsonl --as-of 2025-07-01

The corpus comes from ``generate.py`` (made once and kept in ``benchmarks/out``). Every
report is read by the engine with only the batch rules selected, which keeps the
compact key of each record; then, on those keys and timed apart from reading:

* the same-child facts (blocking, vectorised name scoring, the identifier groups),
  computed once per run and shared by the rules;
* each rule, MR601 to MR606;
* the whole batch phase as ``check`` runs it (facts, rules, results), best of
  ``--repeat``.

It also prints the findings per code next to the defects the generator put in
(``duplicate_report_id``, ``same_child_twice``, ``overlapping_episodes``,
``shared_ncmec_case_number``), the number of same-child pairs, and the peak memory
of the batch phase (tracemalloc, measured in a separate pass).
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

__all__ = ["main", "read_keys", "time_batch"]


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


def time_batch(keys: list[RecordKey], as_of: str) -> tuple[float, dict[str, float], Counter[str]]:
    """Seconds of the batch phase as ``check`` runs it, per part, and findings per code."""
    engine = Engine(Config(select=("MR6",)), as_of=as_of)
    parts: dict[str, float] = {}
    ctx = BatchContext(keys, engine.config.policy)
    started = time.perf_counter()
    same_child_facts(ctx)
    parts["same-child facts"] = time.perf_counter() - started
    codes: Counter[str] = Counter()
    for rule in engine.batch_rules:
        started = time.perf_counter()
        codes[rule.code] = sum(1 for _ in rule.check_batch(keys, ctx))
        parts[rule.code] = time.perf_counter() - started
    started = time.perf_counter()
    for _ in engine._batch(keys):
        pass
    return time.perf_counter() - started, parts, codes


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
    best, parts, codes = time_batch(keys, args.as_of)
    for _ in range(max(args.repeat, 1) - 1):
        best = min(best, time_batch(keys, args.as_of)[0])
    for name, seconds in parts.items():
        print(f"  {name:<18} {seconds:7.3f} s  {codes.get(name, 0):>7,} findings")
    ctx = BatchContext(keys, Config().policy)
    pairs = sum(1 for _ in same_child_facts(ctx).pairs())
    print(f"same-child pairs: {pairs:,}")
    print(f"batch rules MR601-MR606 on {len(keys):,} reports: {best:.2f} s (best of {args.repeat})")
    if not args.no_memory:
        print(f"peak memory of the batch phase (tracemalloc): {_peak_mb(keys, args.as_of):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
