"""``missingreport policy [STATE]``: the state policy the tool applies, with its sources."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import MissingReportError
from ..states.render import policy_document
from ._common import EXIT_OK

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    """Register ``policy``."""
    parser = subparsers.add_parser(
        "policy",
        help="show a state's deadlines and care ceiling, with their sources",
        description="The policy the tool applies for a state (no STATE: every state on "
        "file): police and NCMEC deadlines, where the clock starts, the extended-care "
        "ceiling, notes, and the citation and level of every value. A state with nothing "
        "on file answers with the federal rule.",
    )
    parser.add_argument("state", nargs="?", metavar="STATE", help="a USPS code (MO)")
    parser.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the policy of one state, or of every state on file."""
    try:
        text = policy_document(args.state, args.format)
    except ValueError as exc:
        raise MissingReportError(
            f"{exc}: see `missingreport policy` for the states on file"
        ) from None
    sys.stdout.write(text)
    return EXIT_OK
