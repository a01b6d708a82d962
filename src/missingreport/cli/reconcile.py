"""``missingreport reconcile``: the agency's episodes against the reports NCMEC received."""

from __future__ import annotations

import argparse
import sys
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from ..config import load_config
from ..engine import resolve_as_of
from ..errors import MissingReportError
from ..findings import Severity
from ..matching import DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD
from ..readers import refuse_output_among_inputs
from ..reconcile import FORMATS, reconcile_files, render
from ..temporal import zone
from ._common import EXIT_FAIL, EXIT_OK, notice, output_file

__all__ = ["add_parser", "run"]

DESCRIPTION = """\
Reconcile the agency's own records of missing episodes (--episodes, e.g. a CCWIS
extract) with the reports NCMEC received (--submissions): CSV (headers mapped with
--mapping-episodes / --mapping-submissions, or NAME.mapping.toml beside NAME.csv),
JSON Lines or JSON. Each episode matches at most one submission and the reverse (an
optimal assignment) by a match probability learned from the two files, and gets a
status: on_time, late, unconfirmed, never_reported, or needs_review when its best
remaining candidate is below --threshold but at or above --review-threshold
(MR701-MR705). Blank or malformed values are findings on their record, never a failure.
Exit status: 0 no finding at or above --fail-on, 1 there is, 2 the tool could not run.
No output shows a child's personal data unless --show-values is given.
"""


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"a match probability in (0, 1] (e.g. 0.5), not {text!r}")
    return value


def _zone_name(text: str) -> str:
    try:
        zone(text)
    except (ValueError, KeyError, ZoneInfoNotFoundError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an IANA time zone name (e.g. America/Chicago)"
        ) from None
    return text


def add_parser(subparsers: Any) -> None:
    """Register ``reconcile``."""
    parser = subparsers.add_parser(
        "reconcile", help="agency episodes against the reports NCMEC received",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--episodes", required=True, metavar="FILE", help="the agency's episodes")
    parser.add_argument(
        "--submissions", required=True, metavar="FILE", help="the reports NCMEC received"
    )
    parser.add_argument("--mapping-episodes", metavar="F", help="column mapping of --episodes")
    parser.add_argument(
        "--mapping-submissions", metavar="F", help="column mapping of --submissions"
    )
    parser.add_argument("--format", default="text", choices=FORMATS)
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "info", "never"],
        help="the lowest severity that makes the exit status 1 (default: error)",
    )  # fmt: skip
    parser.add_argument(
        "--select", type=_codes, action="extend", metavar="CODES",
        help="rules to report: codes, prefixes (MR7), names, ALL; comma-separated",
    )  # fmt: skip
    parser.add_argument(
        "--ignore", type=_codes, action="extend", metavar="CODES", help="rules not to report"
    )
    parser.add_argument(
        "--as-of", metavar="DATETIME",
        help="the moment an unreported episode's deadline is judged against (default: now)",
    )  # fmt: skip
    parser.add_argument(
        "--config", metavar="FILE", help="missingreport.toml or pyproject.toml to use"
    )
    parser.add_argument(
        "--threshold", type=_threshold, default=DEFAULT_MATCH_THRESHOLD, metavar="SCORE",
        help="the lowest match probability that pairs two records "
        f"(default: {DEFAULT_MATCH_THRESHOLD})",
    )  # fmt: skip
    parser.add_argument(
        "--review-threshold", type=_threshold, default=DEFAULT_REVIEW_THRESHOLD,
        metavar="SCORE",
        help="the lowest probability of an unmatched episode's best candidate that makes "
        f"it needs_review (MR705) rather than never_reported (default: {DEFAULT_REVIEW_THRESHOLD})",
    )  # fmt: skip
    parser.add_argument(
        "--explain", action="store_true",
        help="write the blocking passes (candidate pairs, share of the matches each found) "
        "and the learned match weights to standard error",
    )  # fmt: skip
    parser.add_argument(
        "--time-zone", type=_zone_name, metavar="ZONE",
        help="the agency's time zone for episodes without a state (default: the episodes "
        "mapping's time_zone, else UTC)",
    )  # fmt: skip
    parser.add_argument(
        "--show-values", action="store_true",
        help="include the differing and unreadable values (personal data)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``reconcile``; returns the exit code."""
    refuse_output_among_inputs(args.output, [args.episodes, args.submissions])
    config = load_config(args.config).merged(
        select=args.select, ignore=args.ignore, fail_on=args.fail_on
    )
    try:
        as_of = resolve_as_of(args.as_of)
    except ValueError as exc:
        raise MissingReportError(f"--as-of: {exc}") from None
    if args.review_threshold > args.threshold:
        raise MissingReportError("--review-threshold must not be above --threshold")
    result = reconcile_files(
        args.episodes,
        args.submissions,
        mapping_episodes=args.mapping_episodes,
        mapping_submissions=args.mapping_submissions,
        config=config,
        as_of=as_of,
        threshold=args.threshold,
        review_threshold=args.review_threshold,
        time_zone=args.time_zone,
        show_values=args.show_values,
        explain=args.explain,
    )
    for text in result.notices:
        notice(text)
    for line in result.explanation:
        sys.stderr.write(line + "\n")
    with output_file(args.output) as out:
        render(result, args.format, out)
        out.flush()
    worst = result.worst()
    if config.fail_on == "never" or worst is None:
        return EXIT_OK
    return EXIT_FAIL if worst.rank >= Severity(config.fail_on).rank else EXIT_OK
