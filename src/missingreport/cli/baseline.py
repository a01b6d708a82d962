"""``missingreport baseline PATH... --output FILE``: accept the current findings.

Writes a baseline (see :mod:`missingreport.baseline`) with one entry per report id,
code and path found now. New entries carry a placeholder justification, which
``check --baseline`` refuses until someone has written the reason. When FILE already
exists its justifications are kept for the findings that remain, and entries whose
findings are gone are dropped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..baseline import PLACEHOLDER, Baseline, baseline_document, load_baseline
from ..findings import Finding
from ._common import EXIT_OK, add_input_options, output_file, prepare_run

__all__ = ["DESCRIPTION", "add_parser", "run"]

DESCRIPTION = """\
Write a baseline that accepts the findings found now: one entry per report id, code
and field path. New entries carry a placeholder justification, which check --baseline
refuses until someone has written the reason. When FILE already exists, its
justifications are kept for the findings that remain, and entries whose findings are
gone are dropped. Then: missingreport check PATH... --baseline FILE.
"""


def add_parser(subparsers: Any) -> None:
    """Register ``baseline``."""
    parser = subparsers.add_parser(
        "baseline",
        help="write a baseline that accepts the current findings",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_options(parser)
    parser.add_argument(
        "--output", metavar="FILE", help="the baseline to write or update (default: stdout)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``baseline``; returns the exit code (0: bad data is not a failure here)."""
    previous: Baseline | None = None
    if args.output and Path(args.output).is_file():
        previous = load_baseline(args.output, require_justification=False)
    job = prepare_run(args, exclude=[args.output] if args.output else [])
    findings: list[Finding] = []
    anonymous = 0
    for result in job.engine.run(job.records):
        for finding in result.findings:
            if finding.report_id is None:
                anonymous += 1
            else:
                findings.append(finding)
    document = baseline_document(findings, previous)
    with output_file(args.output) as out:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    if args.output:
        entries = document["entries"]
        todo = sum(1 for e in entries if e["justification"] == PLACEHOLDER)
        print(f"missingreport: wrote {len(entries)} entries to {args.output}")
        if todo:
            print(f"  {todo} need a justification: replace each {PLACEHOLDER!r}")
        if anonymous:
            print(f"  {anonymous} findings of records without a report id cannot be baselined")
    return EXIT_OK
