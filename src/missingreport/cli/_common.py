"""What the subcommands share: exit codes, the parser class, input options, output files."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import MissingReportError

if TYPE_CHECKING:  # imported where used: a command loads only what it needs
    from ..config import Config
    from ..engine import Engine, RawRecord
    from ..readers import ColumnMapping

__all__ = [
    "EXIT_ERROR",
    "EXIT_FAIL",
    "EXIT_OK",
    "Parser",
    "Run",
    "add_input_options",
    "notice",
    "output_file",
    "prepare_run",
    "worker_count",
]

#: Inputs smaller than this are checked in one process when ``--jobs`` is not given:
#: starting workers would cost more than it saves (about 1,000 reports).
PARALLEL_MIN_BYTES = 2 * 1024 * 1024

#: No finding at or above ``--fail-on``.
EXIT_OK = 0
#: There is a finding at or above ``--fail-on``.
EXIT_FAIL = 1
#: The tool could not do its job: bad option, unreadable configuration, missing file, bug.
EXIT_ERROR = 2


class Parser(argparse.ArgumentParser):
    """An argument parser that exits 2 on a usage error (argparse's own code too), with
    the closest option or choice when one was mistyped."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from ._suggest import did_you_mean

        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}{did_you_mean(self, message)}\n")


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that reads reports and runs the rules."""
    from ..readers import suffix_words

    parser.add_argument(
        "paths", nargs="+", metavar="PATH",
        help=f"{suffix_words()} files, folders, or - (stdin)",
    )  # fmt: skip
    parser.add_argument(
        "--select", type=_codes, action="extend", metavar="CODES",
        help="rules to run: codes, prefixes (MR2), names, ALL; comma-separated",
    )  # fmt: skip
    parser.add_argument(
        "--ignore", type=_codes, action="extend", metavar="CODES", help="rules not to run"
    )
    parser.add_argument(
        "--as-of", metavar="DATETIME", help="the moment to judge against (default: now)"
    )
    parser.add_argument(
        "--config", metavar="FILE", help="missingreport.toml or pyproject.toml to use"
    )
    parser.add_argument("--mapping", metavar="FILE", help="CSV column mapping (TOML or JSON)")
    parser.add_argument(
        "--state-policy", metavar="auto|federal|XX",
        help="whose stricter deadlines and care ceiling apply: auto (each report's agency "
        "state, the default), federal (none), or a state code",
    )  # fmt: skip


def notice(text: str) -> None:
    """A run-level notice on standard error."""
    print(f"missingreport: notice: {text}", file=sys.stderr)


@dataclass
class Run:
    """A prepared run: configuration, engine and the stream of records."""

    config: Config
    engine: Engine
    records: Iterator[RawRecord]
    positions: dict[tuple[str, int], int] = field(default_factory=dict)
    #: The total size of the input files; ``None`` when standard input is read.
    input_bytes: int | None = None


def prepare_run(
    args: argparse.Namespace,
    *,
    fail_on: str | None = None,
    exclude: Iterable[str] = (),
    output: str | None = None,
) -> Run:
    """Configuration, engine and inputs from the common options.

    ``output`` (the ``--output`` file) must not be one of the inputs; a folder given as
    input never yields it (it may hold the findings of an earlier run).

    Raises:
        MissingReportError: a bad option, configuration, mapping, or a missing input,
            or ``output`` naming an input.
    """
    from ..config import load_config
    from ..engine import Engine, resolve_as_of
    from ..readers import (
        expand_paths,
        load_mapping,
        read_paths,
        refuse_output_among_inputs,
    )

    refuse_output_among_inputs(output, args.paths)
    exclude = [*exclude, *([output] if output else [])]
    config = load_config(args.config).merged(
        select=args.select, ignore=args.ignore, fail_on=fail_on, state_policy=args.state_policy
    )
    try:
        as_of = resolve_as_of(args.as_of)
    except ValueError as exc:
        raise MissingReportError(f"--as-of: {exc}") from None
    engine = Engine(config, as_of=as_of, show_values=getattr(args, "show_values", False))
    mapping: ColumnMapping | None = load_mapping(args.mapping) if args.mapping else None
    skip = [p for p in (args.config, args.mapping, *exclude) if p]
    positions: dict[tuple[str, int], int] = {}
    inputs = expand_paths(args.paths, exclude=skip, patterns=config.exclude)
    sizes = [path.stat().st_size if path is not None else None for _, path in inputs]
    records = read_paths(
        args.paths, mapping=mapping, positions=positions, exclude=skip, patterns=config.exclude
    )
    input_bytes = None if None in sizes else sum(s for s in sizes if s is not None)
    return Run(config, engine, records, positions, input_bytes)


def worker_count(requested: int | None, input_bytes: int | None) -> int:
    """The processes that check records: ``--jobs N``, or else one per core for an
    input of at least :data:`PARALLEL_MIN_BYTES` (one for a small input or stdin)."""
    if requested:
        return requested
    if input_bytes is None or input_bytes < PARALLEL_MIN_BYTES:
        return 1
    from ..parallel import available_cores

    return available_cores()


@contextlib.contextmanager
def output_file(path: str | None) -> Iterator[TextIO]:
    """Standard output, or ``path`` written whole or not at all.

    The file is written beside its destination, flushed to the disk and moved into place
    when the command succeeds. A run that fails (the disk is full, a worker is killed)
    or is stopped (Ctrl-C, SIGTERM) removes its temporary file and leaves ``path`` as it
    was; two runs writing the same ``path`` at once each move a whole file into place,
    so the last one to finish wins and the file is never a mixture.
    """
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    except OSError as exc:
        raise MissingReportError(f"cannot write {path}: {exc.strerror or exc}") from None
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # a full disk fails the last flush again
            handle.close()
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise MissingReportError(
                f"cannot write {path}: {reason}; the file was left as it was"
            ) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
