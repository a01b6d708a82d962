"""``missingreport check PATH...``: check reports and write the findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ..findings import RecordResult, Severity
from ..formatters import FORMAT_MODULES, Tally
from ..formatters._run import run_info, write_results
from ..formatters._statistics import Statistics
from ..parallel import fewer_collections
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

if TYPE_CHECKING:
    from ..baseline import Baseline

__all__ = ["add_parser", "exit_code", "run"]

DESCRIPTION = """\
Check missing-child reports: JSON (one report or a list), JSON Lines, CSV and Excel
workbooks (with --mapping, or a NAME.mapping.toml beside the file; `missingreport
mapping init EXPORT` drafts one), folders, or - for standard input.
Exit status: 0 no finding at or above --fail-on, 1 there is, 2 the tool could not run.
Findings never show a child's personal data unless --show-values is given.
With --baseline, the accepted findings are left out (SARIF: written as suppressed).
"""


def add_parser(subparsers: Any) -> None:
    """Register ``check``."""
    parser = subparsers.add_parser(
        "check", help="check report files", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    add_input_options(parser)
    parser.add_argument("--format", default="text", choices=sorted(FORMAT_MODULES))
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
        "--statistics", action="store_true",
        help="a table of finding counts by rule, most frequent first (after the text "
        "findings, or instead of them with --quiet; on stderr with another --format)",
    )  # fmt: skip
    parser.add_argument(
        "-q", "--quiet", action="store_true",
        help="text: the summary line only; other formats: nothing but the output itself",
    )  # fmt: skip
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
    baseline: Baseline | None = None
    if args.baseline:
        from ..baseline import load_baseline

        baseline = load_baseline(args.baseline)
    job = prepare_run(
        args, fail_on=args.fail_on, exclude=[args.baseline] if args.baseline else [],
        output=args.output,
    )  # fmt: skip
    engine = job.engine
    if not args.quiet:
        for text in engine.notices:
            notice(text)
    show = progress_wanted(disabled=args.no_progress or args.quiet, to_file=args.output is not None)
    jobs = worker_count(args.jobs, job.input_bytes)
    results: Iterable[RecordResult] = engine.run(
        with_progress(job.records, enabled=show), jobs=jobs
    )
    tally = Tally()
    suppress = baseline is not None and args.format == "sarif"
    if baseline is not None:
        results = _baselined(baseline, results, tally, keep_accepted=suppress)
    statistics = Statistics() if args.statistics else None
    if statistics is not None:
        results = statistics.count(results)
    info = run_info(
        engine,
        job.positions,
        baseline=baseline is not None,
        marked=baseline.marked if suppress and baseline is not None else None,
    )
    text = args.format == "text"
    with fewer_collections(), output_file(args.output) as out:
        if text and args.quiet:
            for _ in tally.count(results):
                pass
            out.write(tally.sentence(with_baselined=info.baseline) + "\n")
        else:
            write_results(
                results, out, info, fmt=args.format, tally=tally,
                color=_colour(args.color, out),
            )  # fmt: skip
        if statistics is not None:
            statistics.write(out if text else sys.stderr)
        out.flush()
    return exit_code(tally, job.config.fail_on)


def _baselined(
    baseline: Baseline, results: Iterable[RecordResult], tally: Tally, *, keep_accepted: bool
) -> Iterator[RecordResult]:
    for result in baseline.filter(results, keep_accepted=keep_accepted):
        tally.baselined = baseline.accepted
        yield result
    tally.baselined = baseline.accepted
