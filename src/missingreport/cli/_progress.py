"""A progress display on standard error for long runs (the optional ``progress`` extra).

Shown only when standard error is a terminal and the findings do not go to that same
terminal (``--output FILE``, or standard output redirected), only once a run has taken
longer than a second, and only when rich is installed. It is transient: it disappears
when the run ends, and nothing else is written to standard error.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

from ..engine import RawRecord

__all__ = ["DELAY_SECONDS", "progress_wanted", "with_progress"]

#: How long a run goes before the display appears.
DELAY_SECONDS = 1.0


def progress_wanted(*, disabled: bool, to_file: bool) -> bool:
    """Whether a run should show progress (see the module documentation)."""
    if disabled or not sys.stderr.isatty():
        return False
    return to_file or not sys.stdout.isatty()


def _progress(console: Any) -> Any:
    try:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    except ImportError:  # the optional extra is not installed: no display
        return None
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.completed:,} records"),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )


def with_progress(
    records: Iterable[RawRecord],
    *,
    enabled: bool,
    delay: float = DELAY_SECONDS,
    console: Any = None,
) -> Iterator[RawRecord]:
    """Pass the records through, counting them on a progress display when enabled.

    Args:
        records: the stream of records.
        enabled: whether to show anything at all (:func:`progress_wanted`).
        delay: seconds before the display appears.
        console: the rich console to draw on (default: standard error).
    """
    if not enabled:
        yield from records
        return
    if console is None:
        try:
            from rich.console import Console
        except ImportError:
            yield from records
            return
        console = Console(stderr=True)
    display = None
    task = None
    pending = True
    start = time.monotonic()
    try:
        for count, record in enumerate(records, start=1):
            if pending and time.monotonic() - start >= delay:
                pending = False
                display = _progress(console)
                if display is not None:
                    display.start()
                    task = display.add_task("", total=None)
            if display is not None:
                display.update(task, completed=count, description=record.source or "")
            yield record
    finally:
        if display is not None:
            display.stop()
