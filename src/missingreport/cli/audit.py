"""``missingreport audit PATH...``: the compliance picture of a set of reports."""

from __future__ import annotations

import argparse
import re
from typing import Any

from ..audit import FORMATS, audit_reports, check_field_path, render
from ..errors import MissingReportError
from ._common import EXIT_OK, add_input_options, notice, output_file, prepare_run
from ._progress import progress_wanted, with_progress

__all__ = ["add_parser", "run"]

DESCRIPTION = """\
The compliance picture of a set of reports, as the HHS-OIG audit drew it: reports to
NCMEC and to the police on time, late, unconfirmed or never made; the delay of the
NCMEC reports; breakdowns by age band, placement type and county; the failure rate of
each rule over the records it applies to. With --population N (a simple random sample
of N episodes) or --strata FILE (a stratified sample: CSV or JSON with stratum,
population and optionally sample), the projection onto the population with a
two-sided interval. Aggregates only: no child's personal data, no report id.
Exit status: 0 the audit was written, 2 the tool could not run.
"""

_WHOLE = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")


def _population(text: str) -> int:
    value = text.strip()
    if not _WHOLE.fullmatch(value) or int(value.replace(",", "")) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of episodes (e.g. 74353), not {text!r}")
    return int(value.replace(",", ""))


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"a level between 0 and 1 (e.g. 0.90), not {text!r}")
    return value


def _field(text: str) -> str:
    try:
        return check_field_path(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(subparsers: Any) -> None:
    """Register ``audit``."""
    parser = subparsers.add_parser(
        "audit", help="the compliance picture of a set of reports", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    add_input_options(parser)
    parser.add_argument("--format", default="markdown", choices=sorted(FORMATS))
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    design = parser.add_mutually_exclusive_group()
    design.add_argument(
        "--population", type=_population, metavar="N",
        help="the reports are a simple random sample of N episodes",
    )  # fmt: skip
    design.add_argument(
        "--strata", metavar="FILE", help="a stratified design: stratum, population[, sample]"
    )
    parser.add_argument(
        "--stratum-field", type=_field, metavar="PATH",
        help="the report field naming its stratum (default: custodial_agency.state)",
    )  # fmt: skip
    parser.add_argument(
        "--confidence", type=_confidence, default=0.90, metavar="LEVEL",
        help="two-sided confidence level of the interval (default: 0.90)",
    )  # fmt: skip
    parser.add_argument("--no-progress", action="store_true", help="never show progress")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``audit``; returns the exit code."""
    if args.stratum_field is not None and args.strata is None:
        raise MissingReportError("--stratum-field needs --strata")
    job = prepare_run(args, exclude=[args.strata] if args.strata else [], output=args.output)
    show = progress_wanted(disabled=args.no_progress, to_file=args.output is not None)
    result = audit_reports(
        with_progress(job.records, enabled=show),
        as_of=job.engine.as_of,
        config=job.config,
        population=args.population,
        strata=args.strata,
        confidence=args.confidence,
        stratum_field=args.stratum_field,
    )
    for text in result.notices:
        notice(text)
    document = render(result, args.format)
    with output_file(args.output) as out:
        out.write(document)
        out.flush()
    return EXIT_OK
