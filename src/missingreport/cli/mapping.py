"""``missingreport mapping init EXPORT``: draft the column mapping of an export."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..readers import TABULAR_SUFFIXES
from ..readers.draft import draft_mapping, read_table_sample
from ._common import EXIT_OK, notice, output_file

__all__ = ["add_parser", "run_init"]

DESCRIPTION = """\
Draft a mapping file for a CSV export or an Excel workbook: each header matched to the
most likely field (its words, common abbreviations such as FNAME, DOB, DTTM, and the
values under it), date and time columns paired, a value map for each coded column
(Male to M), date_convention guessed from the dates seen, and every header it could
not place listed as a comment. A draft to review: check uses a mapping only when it
is given (--mapping) or sits beside the export (NAME.mapping.toml).
"""


def add_parser(subparsers: Any) -> None:
    """Register ``mapping`` (and its ``init``)."""
    parser = subparsers.add_parser(
        "mapping", help="draft the column mapping of an export", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser(
        "init", help="write a draft mapping for an export", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    init.add_argument("export", metavar="EXPORT", help="the export (.csv or .xlsx)")
    init.add_argument(
        "--output", metavar="FILE", help="write the draft to FILE (default: standard output)"
    )
    init.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    """Run ``mapping init``; returns the exit code."""
    path = Path(args.export)
    if not path.is_file():
        raise InputError(f"no such file: {args.export}")
    if path.suffix.lower() not in TABULAR_SUFFIXES:
        raise InputError(f"{args.export}: a mapping is for tables ({', '.join(TABULAR_SUFFIXES)})")
    if args.output is not None and Path(args.output).resolve() == path.resolve():
        raise InputError(f"--output {args.output} is the export itself: write the draft elsewhere")
    headers, rows = read_table_sample(path)
    draft = draft_mapping(headers, rows, path.name)
    with output_file(args.output) as out:
        out.write(draft.toml())
    if draft.unplaced:
        notice(f"{len(draft.unplaced)} header(s) not placed: see the comments in the draft")
    return EXIT_OK
