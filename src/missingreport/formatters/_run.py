"""One way from an engine's results to a format: what ``check`` and the HTTP service share.

:func:`run_info` describes a run for the formatters; :func:`write_results` counts the
results and writes them in one format, so that the service's ``/v1/check`` and
``check --format json`` give the same document for the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TextIO

from ..findings import Finding, RecordResult
from ._base import RunInfo, Tally

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["run_info", "write_results"]


def run_info(
    engine: Engine,
    positions: Mapping[tuple[str, int], int],
    *,
    baseline: bool = False,
    marked: Callable[[RecordResult], list[tuple[Finding, str | None]]] | None = None,
) -> RunInfo:
    """What the formatters know of a run besides its results."""
    return RunInfo(
        as_of=engine.as_of,
        notices=engine.notices,
        rules=list(engine.selected.values()),
        positions=positions,
        baseline=baseline,
        marked=marked,
        state_policy=engine.config.state_policy,
    )


def write_results(
    results: Iterable[RecordResult],
    out: TextIO,
    info: RunInfo,
    *,
    fmt: str = "json",
    tally: Tally | None = None,
    color: bool = False,
) -> Tally:
    """Count ``results`` and write them to ``out`` in the format ``fmt``; the counts."""
    tally = tally if tally is not None else Tally()
    from . import get_formatter

    get_formatter(fmt)(out, info, color=color).write(tally.count(results), tally)
    return tally
