"""Generate a deterministic, realistic corpus of missing-child reports (schema 1.0, JSONL).

Usage::

    python benchmarks/generate.py --count 74353 --seed 1 --output out/reports.jsonl
    python benchmarks/generate.py --count 1000 --defect-rate 0 --output clean.jsonl
    python benchmarks/generate.py --kind light --count 74353 --output out/light.jsonl

``--kind light`` draws the second corpus instead (``corpus_light.py``: lighter reports,
other names and defects); what follows describes the first, ``--kind full``.

The same ``--count``, ``--seed``, ``--defect-rate`` and ``--as-of`` give the same bytes,
whatever ``--jobs``: reports are drawn in blocks of 25,000, each its own random stream.

What the corpus looks like:

* A fixed world (``corpus_world.py``): a few hundred caseworkers with fixed phone
  numbers and emails, a few hundred police agencies with fixed valid ORIs, real ZIP
  codes of each state (with the ``zipcodes`` package). Reports are spread over the
  states by their share of children in foster care, over about 2.5 years before
  ``--as-of``, in date order.
* Children with realistic names, sexes, races, heights and weights for their age;
  ages 0-20 weighted towards 14-17, 18-20 only in extended foster care. About one
  report in five is a child's repeat episode (after the earlier one ended), and a
  few are siblings who went missing together (same family case number).
* A sound report gives no per-report finding under the default policy at ``--as-of``:
  it was reported to police and NCMEC in time, every phone is valid, every date in
  order. (The batch rules' identity match still pairs a few unrelated children of one
  common name whose dates of birth are one typo apart, as it would in real data.)
* With ``--defect-rate R`` (default 0.02), a fraction R of the reports carries each
  kind of defect of :data:`DEFECTS` (at most one per report, so ``13 * R`` in all).

Speed: 110-130 us of CPU a report; 300,000 reports in about 26 s with two processes
on a quiet two-core machine (``benchmarks/README.md`` has the figures).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from corpus_light import LIGHT_DEFECTS, light_block
from corpus_records import BLOCK, DEFECTS, CorpusBuilder

__all__ = [
    "AS_OF",
    "DEFECTS",
    "GENERATOR_VERSION",
    "KINDS",
    "corpus_path",
    "ensure_corpus",
    "generate_blocks",
    "generate_lines",
    "main",
    "write_corpus",
]

#: Changes whenever the same options would give other bytes (names the kept corpora).
GENERATOR_VERSION = 3
#: The moment the corpus is written for: check it with ``--as-of`` this value.
AS_OF = "2025-07-01T00:00:00+00:00"
#: The corpora: ``full`` (the reports of a thorough agency, this module's docstring)
#: and ``light`` (a state's minimal export, ``corpus_light.py``), with their defects.
KINDS: dict[str, tuple[str, ...]] = {"full": DEFECTS, "light": tuple(LIGHT_DEFECTS)}


@dataclass(frozen=True)
class _Plan:
    """What every block needs to know about the whole corpus."""

    count: int
    seed: int
    defect_rate: float
    as_of: str
    caseworkers: int
    police_agencies: int
    kind: str = "full"


def _block(plan: _Plan, block: int) -> tuple[list[str], list[str]]:
    """The JSON texts of one block of reports, and the defect of each (or ``sound``)."""
    moment = datetime.fromisoformat(plan.as_of)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    if plan.kind == "light":
        last = min(plan.count, (block + 1) * BLOCK)
        return light_block(
            plan.seed, block, block * BLOCK, last, moment, plan.defect_rate, plan.count
        )
    builder = CorpusBuilder(
        plan.seed,
        as_of=moment,
        block=block,
        caseworkers=plan.caseworkers,
        police_agencies=plan.police_agencies,
    )
    end = moment.timestamp() - 5 * 86400
    start = end - 900 * 86400
    step = (end - start) / max(plan.count, 1)
    rng, rate, kinds = builder.rng, plan.defect_rate, len(DEFECTS)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines: list[str] = []
    kinds_applied: list[str] = []
    for i in range(block * BLOCK, min(plan.count, (block + 1) * BLOCK)):
        u = rng.random()
        kind = DEFECTS[int(u / rate)] if rate and u < rate * kinds else None
        when = int(start + (i + rng.random()) * step) // 300 * 300
        record, applied = builder.report(i, when, kind)
        kinds_applied.append(applied or "sound")
        line = dumps(record)
        builder.remember(record, line, applied)
        lines.append(line)
    return lines, kinds_applied


def generate_blocks(
    count: int,
    seed: int = 1,
    *,
    defect_rate: float = 0.02,
    as_of: str = AS_OF,
    caseworkers: int = 400,
    police_agencies: int = 300,
    jobs: int = 1,
    kind: str = "full",
) -> Iterator[tuple[list[str], list[str]]]:
    """The corpus in blocks of :data:`BLOCK` JSON texts (no line endings), in order.

    Each block comes with the defect kind of each of its reports (``sound`` for none).

    Each block is its own random stream, so the corpus is the same whatever ``jobs``.

    Args:
        count: number of reports.
        seed: the random seed (same seed, same corpus).
        defect_rate: fraction of reports carrying each kind of defect.
        as_of: ISO 8601 moment; every value of the corpus is before it.
        caseworkers: size of the caseworker pool.
        police_agencies: size of the police agency pool.
        jobs: processes drawing blocks at once.
        kind: which corpus (:data:`KINDS`).
    """
    kinds = len(KINDS[kind])
    if defect_rate < 0 or defect_rate * kinds > 1:
        raise ValueError(f"defect_rate must be between 0 and {1 / kinds:.4f}")
    plan = _Plan(count, seed, defect_rate, as_of, caseworkers, police_agencies, kind)
    blocks = range((count + BLOCK - 1) // BLOCK)
    if jobs <= 1 or len(blocks) <= 1:
        for block in blocks:
            yield _block(plan, block)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(blocks))) as pool:
        yield from pool.map(functools.partial(_block, plan), blocks)


def generate_lines(count: int, seed: int = 1, **options: Any) -> Iterator[str]:
    """The corpus as JSON texts, one report each (see :func:`generate_blocks`)."""
    for lines, _ in generate_blocks(count, seed, **options):
        yield from lines


def write_corpus(
    path: Path | str,
    count: int,
    seed: int = 1,
    *,
    defect_rate: float = 0.02,
    as_of: str = AS_OF,
    jobs: int | None = None,
    tally: Counter[str] | None = None,
    labels: Path | str | None = None,
    kind: str = "full",
) -> Path:
    """Write the corpus to ``path`` (JSONL, UTF-8); ``-`` writes to standard output.

    ``labels``, if given, is a text file written beside it: the defect kind of each
    report, one a line, in the order of the corpus (``sound`` for none).
    """
    blocks = generate_blocks(
        count, seed, defect_rate=defect_rate, as_of=as_of, jobs=jobs or os.cpu_count() or 1,
        kind=kind,
    )  # fmt: skip
    target = Path(path)
    with contextlib.ExitStack() as stack:
        out: TextIO = sys.stdout
        if str(path) != "-":
            target.parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(target.open("w", encoding="utf-8", newline="\n"))
        kinds_out = None
        if labels is not None:
            kinds_out = stack.enter_context(Path(labels).open("w", encoding="utf-8"))
        for lines, kinds in blocks:
            out.write("\n".join(lines) + "\n")
            if tally is not None:
                tally.update(kinds)
            if kinds_out is not None:
                kinds_out.write("\n".join(kinds) + "\n")
    return target


def corpus_path(
    count: int, seed: int, defect_rate: float, folder: Path, kind: str = "full"
) -> Path:
    """Where the benchmarks keep a generated corpus (reused when present)."""
    prefix = "reports" if kind == "full" else kind
    name = f"{prefix}-v{GENERATOR_VERSION}-n{count}-s{seed}-d{defect_rate:g}.jsonl"
    return folder / name


def ensure_corpus(
    count: int,
    seed: int = 1,
    defect_rate: float = 0.02,
    folder: Path | None = None,
    kind: str = "full",
) -> Path:
    """The path of a corpus, generated first when it does not exist yet."""
    folder = folder or Path(__file__).resolve().parent / "out"
    path = corpus_path(count, seed, defect_rate, folder, kind)
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        # In a child process: a benchmark's own process stays small, and the peak RSS
        # of the processes it starts later (which counts from the fork) stays theirs.
        subprocess.run(
            [sys.executable, __file__, "--kind", kind, "--count", str(count),
             "--seed", str(seed), "--defect-rate", str(defect_rate), "--output", str(partial)],
            check=True, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        partial.replace(path)
        print(
            f"generated {path} ({count:,} reports) in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return path


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=74_353, help="number of reports")
    parser.add_argument(
        "--kind", choices=sorted(KINDS), default="full",
        help="full: thorough reports (default); light: a state's minimal export, other "
        "names and defects (corpus_light.py)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default="-", help="JSONL file to write (default: stdout)")
    parser.add_argument(
        "--defect-rate",
        type=float,
        default=0.02,
        help="fraction of reports with each kind of defect (13 kinds in either corpus)",
    )
    parser.add_argument("--as-of", default=AS_OF, help="every value is before this moment")
    parser.add_argument(
        "--jobs", type=int, default=None, help="processes (default: every core; same output)"
    )
    parser.add_argument(
        "--labels", help="also write the defect kind of each report, one a line, to this file"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Write a corpus; print what it holds to standard error."""
    args = _parse_args(argv)
    tally: Counter[str] = Counter()
    started = time.perf_counter()
    write_corpus(
        args.output,
        args.count,
        args.seed,
        defect_rate=args.defect_rate,
        as_of=args.as_of,
        jobs=args.jobs,
        tally=tally,
        labels=args.labels,
        kind=args.kind,
    )
    elapsed = time.perf_counter() - started
    rate = args.count / elapsed if elapsed else math.inf
    print(
        f"{args.count:,} reports in {elapsed:.1f} s ({rate:,.0f}/s); "
        f"check them with --as-of {args.as_of}",
        file=sys.stderr,
    )
    for kind, n in sorted(tally.items(), key=lambda kv: (kv[0] != "sound", kv[0])):
        print(f"  {kind:<26} {n:>8,}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
