"""Peak memory of ``missingreport check`` on both large generated JSONL corpora.

Usage::

    python benchmarks/bench_memory.py                    # 300,000 reports of each corpus
    python benchmarks/bench_memory.py --kind light --count 100000

Runs the installed ``missingreport`` entry point in a child process: on a one-report
file (the cost of the interpreter and the imports), then on the corpus without the
batch rules (``--ignore MR6``) and with every rule, each as ``check`` runs by default
(one worker process per core for a file this size) and with ``--jobs 1`` (one
process). Two figures per run:

* **tree PSS**: the peak of the summed proportional set size of the process and its
  workers, sampled every 50 ms from ``/proc`` (a page the workers share with the main
  process counts once): the memory the run holds, and the figure the targets judge;
* **largest RSS**: ``ru_maxrss`` from ``os.wait4``, the peak resident set of the
  largest single process (what ``/usr/bin/time -v`` prints).

Targets, on each corpus (``generate.py --kind full`` and ``--kind light``), met when
both figures are under them: 200 MB without the batch rules, 600 MB with them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench_common import OUT, Run, batch_codes, compile_package, describe_machine, run_cli
from generate import AS_OF, ensure_corpus

__all__ = ["TARGET_WITHOUT_BATCH_MB", "TARGET_WITH_BATCH_MB", "main"]

TARGET_WITHOUT_BATCH_MB = 200
TARGET_WITH_BATCH_MB = 600


def _check(corpus: Path, as_of: str, extra: list[str]) -> Run:
    out = OUT / "bench-memory-findings.jsonl"
    run = run_cli(
        [
            "check",
            str(corpus),
            "--format",
            "jsonl",
            "--output",
            str(out),
            "--as-of",
            as_of,
            "--fail-on",
            "never",
            *extra,
        ],
        sample_tree=True,
    )
    if run.exit_code not in (0, 1):
        raise RuntimeError(f"check exited {run.exit_code}: {run.stderr}")
    return run


def _measure(corpus: Path, as_of: str, batch: list[str]) -> bool:
    """The figures of one corpus; prints them, returns whether the targets are met."""
    print(f"\ncorpus: {corpus} ({corpus.stat().st_size / 1e6:,.0f} MB)")
    one = OUT / "one-report.jsonl"
    with corpus.open("rb") as handle:
        one.write_bytes(handle.readline())
    rows: list[tuple[str, Run, int | None]] = [
        ("one report (interpreter and imports)", _check(one, as_of, []), None)
    ]
    without = ["--ignore", "MR6"] if batch else []
    for jobs, label in (([], "default jobs"), (["--jobs", "1"], "--jobs 1")):
        run = _check(corpus, as_of, [*without, *jobs])
        rows.append((f"without batch rules (--ignore MR6), {label}", run, TARGET_WITHOUT_BATCH_MB))
        run = _check(corpus, as_of, jobs)
        rows.append((f"every rule, {label}", run, TARGET_WITH_BATCH_MB))

    met = True
    print(
        f"{'what':<50} {'procs':>5} {'tree PSS MB':>11} {'largest RSS MB':>14} "
        f"{'target':>9} {'seconds':>8}"
    )
    for what, run, target in rows:
        held = run.tree_pss_mb if run.tree_pss_mb is not None else run.max_rss_mb
        ok = target is None or max(held, run.max_rss_mb) < target
        met = met and ok
        mark = "" if target is None else f"{target:>5} {'ok' if ok else 'OVER'}"
        print(
            f"{what:<50} {run.tree_processes:>5} {held:>11.0f} {run.max_rss_mb:>14.0f} "
            f"{mark:>9} {run.seconds:>8.1f}"
        )
    print("load average after: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return met


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 when the targets are met on every corpus, 1 when not."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300_000)
    parser.add_argument("--kind", choices=["full", "light", "both"], default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--corpus", type=Path, help="an existing JSONL file instead")
    parser.add_argument("--as-of", default=AS_OF)
    args = parser.parse_args(argv)
    compile_package()

    kinds = ["full", "light"] if args.kind == "both" else [args.kind]
    corpora = [args.corpus] if args.corpus else [
        ensure_corpus(args.count, args.seed, args.defect_rate, kind=kind) for kind in kinds
    ]  # fmt: skip
    batch = batch_codes()
    print(f"machine: {describe_machine()}")
    print(f"batch rules: {', '.join(batch) if batch else 'none'}")
    results = [_measure(corpus, args.as_of, batch) for corpus in corpora]  # every corpus
    met = all(results)
    print(f"\ntargets: {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
