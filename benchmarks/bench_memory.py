"""Peak memory (RSS) of ``missingreport check`` on a large generated JSONL corpus.

Usage::

    python benchmarks/bench_memory.py                    # 300,000 reports, seed 1
    python benchmarks/bench_memory.py --count 100000

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

Targets (issue 6): under 200 MB without the batch rules, under 600 MB with them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_common import OUT, Run, batch_codes, describe_machine, run_cli
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


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 when both targets are met, 1 when not."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--corpus", type=Path, help="an existing JSONL file instead")
    parser.add_argument("--as-of", default=AS_OF)
    args = parser.parse_args(argv)

    corpus = args.corpus or ensure_corpus(args.count, args.seed, args.defect_rate)
    one = OUT / "one-report.jsonl"
    with corpus.open("rb") as handle:
        one.write_bytes(handle.readline())
    batch = batch_codes()
    print(f"corpus: {corpus} ({corpus.stat().st_size / 1e6:,.0f} MB)")
    print(f"machine: {describe_machine()}")
    print(f"batch rules: {', '.join(batch) if batch else 'none yet (MR6xx not written)'}")

    rows: list[tuple[str, Run, int | None]] = [
        ("one report (interpreter and imports)", _check(one, args.as_of, []), None)
    ]
    without = ["--ignore", "MR6"] if batch else []
    for jobs, label in (([], "default jobs"), (["--jobs", "1"], "--jobs 1")):
        run = _check(corpus, args.as_of, [*without, *jobs])
        rows.append((f"without batch rules (--ignore MR6), {label}", run, TARGET_WITHOUT_BATCH_MB))
        run = _check(corpus, args.as_of, jobs)
        rows.append((f"every rule, {label}", run, TARGET_WITH_BATCH_MB))

    met = True
    print(
        f"{'what':<50} {'procs':>5} {'tree PSS MB':>11} {'target':>9} "
        f"{'largest RSS MB':>14} {'seconds':>8}"
    )
    for what, run, target in rows:
        held = run.tree_pss_mb if run.tree_pss_mb is not None else run.max_rss_mb
        ok = target is None or held < target
        met = met and ok
        mark = "" if target is None else f"{target:>5} {'ok' if ok else 'OVER'}"
        print(
            f"{what:<50} {run.tree_processes:>5} {held:>11.0f} {mark:>9} "
            f"{run.max_rss_mb:>14.0f} {run.seconds:>8.1f}"
        )
    print(f"targets: {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
