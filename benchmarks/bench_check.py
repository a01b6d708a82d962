"""Speed of ``missingreport check`` against its floor, on both generated corpora.

Usage::

    python benchmarks/bench_check.py                     # both corpora, 74,353 reports each
    python benchmarks/bench_check.py --kind light --repeat 3
    python benchmarks/bench_check.py --corpus my.jsonl --as-of 2025-07-01

The floor is the project's own ``MissingChildReport.model_validate_json`` over every
line of a corpus (the lines already in memory; an invalid report raises and is
counted), in this one process. Measured in the same run, on the same lines, through
the installed ``missingreport`` entry point in a child process, end to end
(interpreter start, imports, reading, every rule including the batch rules, writing
the findings): ``check FILE --format jsonl --output OUT`` as it runs by default on a
file this size (one worker process per core), and the same with ``--jobs 1`` (one
process). Variants, in this process: without the batch rules (``--ignore MR6``) and
structure only (``--select MR0``).

CPU time is the sum over the process and its workers.

Each figure is the best of ``--repeat`` runs, and every run of the two targets' checks
is printed beside it (this machine's wall-clock times move a lot from run to run); the
floor is measured before and after the checks and the best is used. The targets, on
each corpus (``generate.py --kind full`` and ``--kind light``), in wall-clock time:
default jobs within 3x of the floor, ``--jobs 1`` within 5x. CPU time (user + system)
is printed beside it: on a shared machine it moves less than wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_common import OUT, batch_codes, clear_caches, compile_package, describe_machine, run_cli
from generate import AS_OF, ensure_corpus

__all__ = ["TARGET_ONE_PROCESS", "TARGET_RATIO", "main", "measure_floor"]

#: The check, end to end with the default jobs, within this multiple of the floor.
TARGET_RATIO = 3.0
#: The same in one process (``--jobs 1``).
TARGET_ONE_PROCESS = 5.0


#: Wall-clock seconds and CPU seconds of one measurement.
Timing = tuple[float, float]


def measure_floor(lines: list[bytes]) -> tuple[Timing, int]:
    """Seconds (wall, CPU) to ``model_validate_json`` every line, and how many were valid."""
    from pydantic import ValidationError

    from missingreport.schema import MissingChildReport

    validate = MissingChildReport.model_validate_json
    clear_caches()
    valid = 0
    started, cpu = time.perf_counter(), time.process_time()
    for line in lines:
        try:
            validate(line)
        except ValidationError:
            continue
        valid += 1
    return (time.perf_counter() - started, time.process_time() - cpu), valid


def _best(times: int, run: Callable[[], Timing], walls: list[float] | None = None) -> Timing:
    """The best wall-clock and CPU seconds of ``times`` runs; every run's wall-clock
    seconds appended to ``walls``, when given."""
    runs = [run() for _ in range(times)]
    if walls is not None:
        walls.extend(t[0] for t in runs)
    return min(t[0] for t in runs), min(t[1] for t in runs)


def _cpu_with_workers() -> float:
    """CPU seconds of this process and of the worker processes it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _in_process(args: list[str]) -> Timing:
    from missingreport.cli import main as cli_main

    clear_caches()
    started, cpu = time.perf_counter(), _cpu_with_workers()
    code = cli_main(args)
    elapsed = time.perf_counter() - started, _cpu_with_workers() - cpu
    if code not in (0, 1):
        raise RuntimeError(f"missingreport {' '.join(args)} exited {code}")
    return elapsed


def _subprocess(args: list[str]) -> Timing:
    run = run_cli(args)
    if run.exit_code not in (0, 1):
        raise RuntimeError(f"missingreport {' '.join(args)} exited {run.exit_code}: {run.stderr}")
    return run.seconds, run.user_seconds + run.system_seconds


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=74_353, help="reports in each corpus")
    parser.add_argument("--kind", choices=["full", "light", "both"], default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--corpus", type=Path, help="an existing JSONL file instead")
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (best kept)")
    parser.add_argument("--no-variants", action="store_true", help="only the two targets")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def _measure(corpus: Path, args: argparse.Namespace, tag: str) -> dict[str, Any]:
    """The figures of one corpus; prints them and whether the targets are met."""
    lines = [line for line in corpus.read_bytes().splitlines() if line.strip()]
    n = len(lines)
    out_file = OUT / f"bench-check-{tag}-findings.jsonl"

    def command(output: Path, *extra: str) -> list[str]:
        return [
            "check", str(corpus), "--format", "jsonl", "--output", str(output),
            "--as-of", args.as_of, "--fail-on", "never", *extra,
        ]  # fmt: skip

    batch = batch_codes()
    print(f"\ncorpus: {corpus} ({n:,} reports, {corpus.stat().st_size / 1e6:,.0f} MB)")
    floor_before, valid = measure_floor(lines)
    default, one = "check, every rule, default jobs", "check, every rule, --jobs 1"
    figures: dict[str, Timing] = {}
    walls: dict[str, list[float]] = {default: [], one: []}  # every run: the machine's noise
    figures[default] = _best(args.repeat, lambda: _subprocess(command(out_file)), walls[default])
    with out_file.open("rb") as handle:
        findings = sum(1 for _ in handle)
    one_file = OUT / f"bench-check-{tag}-findings-one-process.jsonl"
    figures[one] = _best(
        args.repeat, lambda: _subprocess(command(one_file, "--jobs", "1")), walls[one]
    )
    if one_file.read_bytes() != out_file.read_bytes():
        raise RuntimeError("--jobs 1 and the default jobs gave different findings")
    if not args.no_variants:
        if batch:
            no_batch = command(OUT / "bench-check-findings-no-batch.jsonl", "--ignore", "MR6")
            figures["check --ignore MR6 (no batch rules), in process"] = _best(
                args.repeat, lambda: _in_process(no_batch)
            )
        structure = command(OUT / "bench-check-findings-mr0.jsonl", "--select", "MR0")
        figures["check --select MR0 (structure only), in process"] = _best(
            args.repeat, lambda: _in_process(structure)
        )
    floor_after, _ = measure_floor(lines)
    floor = min(floor_before[0], floor_after[0])
    floor_cpu = min(floor_before[1], floor_after[1])

    print(f"valid reports (floor): {valid:,} of {n:,}; findings of the full check: {findings:,}")
    print(f"{'what':<52} {'seconds':>8} {'reports/s':>10} {'x floor':>8} {'CPU s':>7} {'x CPU':>6}")
    rows: list[dict[str, Any]] = [
        {
            "what": "floor: MissingChildReport.model_validate_json",
            "seconds": floor,
            "cpu_seconds": floor_cpu,
        }
    ]
    rows += [
        {"what": what, "seconds": wall, "cpu_seconds": cpu} for what, (wall, cpu) in figures.items()
    ]
    for row in rows:
        row["reports_per_second"] = n / row["seconds"]
        row["ratio"] = row["seconds"] / floor
        row["cpu_ratio"] = row["cpu_seconds"] / floor_cpu
        print(
            f"{row['what']:<52} {row['seconds']:>8.2f} {row['reports_per_second']:>10,.0f} "
            f"{row['ratio']:>7.2f}x {row['cpu_seconds']:>7.2f} {row['cpu_ratio']:>5.2f}x"
        )
    print(
        f"(floor {floor / n * 1e6:.1f} us a report; before the checks {floor_before[0]:.2f} s, "
        f"after {floor_after[0]:.2f} s; CPU s: user + system time of the processes)"
    )
    if args.repeat > 1:
        for key, seconds in walls.items():
            runs = ", ".join(f"{x:.2f}" for x in seconds)
            print(f"runs of {key}: {runs} s (the best is the figure)")
    met = True
    for key, target in ((default, TARGET_RATIO), (one, TARGET_ONE_PROCESS)):
        ratio = figures[key][0] / floor
        met = met and ratio <= target
        print(
            f"target: {key} within {target:g}x of the floor: "
            f"{'MET' if ratio <= target else 'NOT MET'} ({ratio:.2f}x)"
        )
    print("load average after: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return {
        "corpus": str(corpus),
        "reports": n,
        "floor_before": floor_before[0],
        "floor_after": floor_after[0],
        "rows": rows,
        "runs": walls,
        "target_met": met,
    }


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 when every target is met on every corpus, 1 when not."""
    args = _parse_args(argv)
    compile_package()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.corpus:
        corpora = {"given": args.corpus}
    else:
        kinds = ["full", "light"] if args.kind == "both" else [args.kind]
        corpora = {
            kind: ensure_corpus(args.count, args.seed, args.defect_rate, kind=kind)
            for kind in kinds
        }
    batch = batch_codes()
    print(f"machine: {describe_machine()}")
    print(f"batch rules: {', '.join(batch) if batch else 'none'}")
    results = {tag: _measure(corpus, args, tag) for tag, corpus in corpora.items()}
    met = all(result["target_met"] for result in results.values())
    print(f"\ntargets on {' and '.join(results)}: {'MET' if met else 'NOT MET'}")
    if args.json:
        document = {"machine": describe_machine(), "batch_rules": batch, "corpora": results}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
