"""The command line: ``missingreport check|baseline|rules|rule|schema|serve ...``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 there is; 2 the tool could not
do its job (bad option, unreadable configuration, file not found, internal error).
Bad data is never exit 2. A run stopped by Ctrl-C (SIGINT) or SIGTERM exits 128 plus
the signal's number (130, 143) after an orderly stop: no traceback, and no ``--output``
file written (an existing one is left as it was).

Each subcommand is a module of this package with an ``add_parser(subparsers)``
function that adds its parser and sets ``handler`` (``args -> exit code``) as a
default. Adding a subcommand is one module plus its name in :data:`COMMANDS`.

A usage error is reported in the usage of the subcommand at fault, with the closest
option, subcommand or choice when one was mistyped (:mod:`._suggest`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

from .._version import __version__
from ..errors import MissingReportError, fault_site
from ._common import EXIT_ERROR, EXIT_FAIL, EXIT_OK, Parser
from ._suggest import parse_args

__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_FAIL",
    "EXIT_OK",
    "STOP_SIGNALS",
    "Stopped",
    "build_parser",
    "main",
]

#: The subcommand modules of this package, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "check",
    "baseline",
    "catalogue",
    "policy",
    "audit",
    "reconcile",
    "serve",
    "fields",
    "mapping",
)

#: The signals that stop a run the way Ctrl-C does.
STOP_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived. Raised where the run is, like Ctrl-C's KeyboardInterrupt,
    so that every ``finally`` and ``with`` on the way out cleans up (worker processes,
    the temporary ``--output`` file)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """Turn :data:`STOP_SIGNALS` into :class:`Stopped` while the command runs.

    Only the main thread can set signal handlers; elsewhere (main called from a thread)
    the process's own handling stays.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the command line, with every registered subcommand.

    Given the subcommand about to run, and a module of that name that registers it,
    only that module is imported (a run loads what it uses); otherwise all of them.
    """
    parser = Parser(
        prog="missingreport",
        description="Check reports of children missing from foster care.",
    )
    parser.add_argument("--version", action="version", version=f"missingreport {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=Parser, metavar="COMMAND"
    )
    if command in COMMANDS:
        importlib.import_module(f"{__name__}.{command}").add_parser(sub)
        if command in sub.choices:
            return parser
        return build_parser()
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:
        print(f"missingreport {__version__}")
        return EXIT_OK
    command = argv[0] if argv and not argv[0].startswith("-") else None
    try:
        args = parse_args(build_parser(command), argv)
    except SystemExit as exc:  # --help, --version (0) or a usage error (2)
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        with _stopping_on_signals():
            code: int = args.handler(args)
    except MissingReportError as exc:
        print(f"missingreport: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:  # Ctrl-C or a stop signal: already cleaned up
        return 128 + getattr(exc, "signum", signal.SIGINT)
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
    return f"{fault_site(exc)} (please report it)"
