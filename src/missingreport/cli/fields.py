"""``missingreport fields``: every canonical field a mapping may name."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..readers.catalogue import render_fields
from ._common import EXIT_OK

__all__ = ["add_parser", "run"]

DESCRIPTION = """\
Every canonical field of a report by its dotted path (the targets a column mapping
may name), with its type, whether it is required in its object, its code table and
a one-line description. JSON: {"fields": [{"path", "type", "required", "codes",
"description"}]}; markdown is docs/fields.md.
"""


def add_parser(subparsers: Any) -> None:
    """Register ``fields``."""
    parser = subparsers.add_parser(
        "fields", help="list the fields a mapping may name", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``fields``; returns the exit code."""
    sys.stdout.write(render_fields(args.format))
    return EXIT_OK
