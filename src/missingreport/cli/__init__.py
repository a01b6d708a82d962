"""The command line: ``missingreport check|baseline|rules|rule|schema ...``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 there is; 2 the tool could not
do its job (bad option, unreadable configuration, file not found, internal error).
Bad data is never exit 2.

Each subcommand is a module of this package with an ``add_parser(subparsers)``
function that adds its parser and sets ``handler`` (``args -> exit code``) as a
default. Adding a subcommand is one module plus its name in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .._version import __version__
from ..errors import MissingReportError
from ._common import EXIT_ERROR, EXIT_FAIL, EXIT_OK, Parser

__all__ = ["COMMANDS", "EXIT_ERROR", "EXIT_FAIL", "EXIT_OK", "build_parser", "main"]

#: The subcommand modules of this package, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "check", "baseline", "catalogue", "audit", "reconcile", "fields", "mapping",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line, with every registered subcommand."""
    parser = Parser(
        prog="missingreport",
        description="Check reports of children missing from foster care.",
    )
    parser.add_argument("--version", action="version", version=f"missingreport {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=Parser, metavar="COMMAND"
    )
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) or a usage error (2)
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        code: int = args.handler(args)
    except MissingReportError as exc:
        print(f"missingreport: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return EXIT_OK
    except Exception as exc:  # a bug: say where, exit 2, never 1
        print(f"missingreport: internal error: {_where(exc)}", file=sys.stderr)
        return EXIT_ERROR
    return code


def _where(exc: BaseException) -> str:
    """The exception's type and innermost frame; not its text, which may quote data."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno} (please report it)"
