"""``missingreport check PATH...``: check reports and write the findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..baseline import Baseline, load_baseline
from ..findings import RecordResult, Severity
from ..formatters import FORMATTERS, RunInfo, Tally
from ._common import (
    EXIT_FAIL,
    EXIT_OK,
    add_input_options,
    notice,
    output_file,
    prepare_run,
    worker_count,
)
from ._progress import progress_wanted, with_progress

__all__ = ["add_parser", "exit_code", "run"]

DESCRIPTION = """\
Check missing-child reports: JSON (one report or a list), JSON Lines, CSV and Excel
workbooks (with --mapping, or a NAME.mapping.toml beside the file; `missingreport
mapping init EXPORT` drafts one), folders, or - for standard input.
Exit status: 0 no finding at or above --fail-on, 1 there is, 2 the tool could not run.
Findings never show a child's personal data unless --show-values is given.
"""


def add_parser(subparsers: Any) -> None:
    """Register ``check``."""
    parser = subparsers.add_parser(
        "check", help="check report files", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    add_input_options(parser)
    parser.add_argument("--format", default="text", choices=sorted(FORMATTERS))
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "--fail-on",
        choices=["error", "warning", "info", "never"],
        help="the lowest severity that makes the exit status 1 (default: error)",
    )
    parser.add_argument(
        "--baseline", metavar="FILE", help="accepted findings (see `missingreport baseline`)"
    )
    parser.add_argument(
        "--show-values", action="store_true", help="include the offending values (personal data)"
    )
    parser.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto", help="colour text output"
    )
    parser.add_argument("--no-progress", action="store_true", help="never show progress")
    parser.add_argument(
        "--jobs", type=_positive, metavar="N",
        help="processes that check records at once (default: one per core for inputs "
        "of 2 MB or more, else 1); the output is the same whatever N",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _colour(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return out is sys.stdout and sys.stdout.isatty()


def exit_code(tally: Tally, fail_on: str) -> int:
    """0 when no finding is at or above ``fail_on`` (or it is ``never``), else 1."""
    if fail_on == "never":
        return EXIT_OK
    worst = tally.worst()
    return EXIT_FAIL if worst is not None and worst.rank >= Severity(fail_on).rank else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit code."""
    baseline: Baseline | None = load_baseline(args.baseline) if args.baseline else None
    job = prepare_run(
        args, fail_on=args.fail_on, exclude=[args.baseline] if args.baseline else [],
        output=args.output,
    )  # fmt: skip
    engine = job.engine
    for text in engine.notices:
        notice(text)
    show = progress_wanted(disabled=args.no_progress, to_file=args.output is not None)
    jobs = worker_count(args.jobs, job.input_bytes)
    results = engine.run(with_progress(job.records, enabled=show), jobs=jobs)
    tally = Tally()
    if baseline is not None:
        results = _baselined(baseline, results, tally)
    info = RunInfo(
        as_of=engine.as_of,
        notices=engine.notices,
        rules=list(engine.selected.values()),
        positions=job.positions,
        baseline=baseline is not None,
    )
    with output_file(args.output) as out:
        formatter = FORMATTERS[args.format](out, info, color=_colour(args.color, out))
        formatter.write(tally.count(results), tally)
        out.flush()
    return exit_code(tally, job.config.fail_on)


def _baselined(
    baseline: Baseline, results: Iterable[RecordResult], tally: Tally
) -> Iterator[RecordResult]:
    for result in baseline.filter(results):
        tally.baselined = baseline.accepted
        yield result
    tally.baselined = baseline.accepted
