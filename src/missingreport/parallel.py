"""Checking records in several processes at once (``check --jobs``).

The records are read in the main process and sent to the workers in chunks of
:data:`CHUNK` records; each worker parses and checks its chunk with its own
:class:`~missingreport.engine.Engine` (same configuration, same moment) and sends back
each record's result and batch key (:mod:`.rules._keys`). The main process yields the
results in the order of the records, keeps the keys and runs the batch rules at the
end, exactly as a run in one process does: the output is the same byte for byte.

At most ``2 * jobs + 2`` chunks are in flight, so memory stays flat however long the
stream: the reader waits while the workers are busy.

On Linux the workers are forked from the main process once its reference data (ZIP
table, growth charts: :meth:`~missingreport.rules.Rule.prepare`) is loaded, so they
share it instead of each loading its own. The fork happens before any other thread
starts (the progress display starts with the first record). Elsewhere the platform's
own way of starting processes is used, and each worker loads what it needs.

A fault of a worker (it is killed, or a bug raises) ends the run with an error: bad
data never does, since checking a record never raises.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING

from ._raw import RawRecord
from .config import Config
from .findings import RecordResult

if TYPE_CHECKING:
    from .engine import Engine
    from .rules._keys import KeyFields

__all__ = ["CHUNK", "available_cores", "check_in_parallel"]

#: Records sent to a worker at a time.
CHUNK = 256

Checked = tuple[RecordResult, "KeyFields | None"]

#: The engine of a worker process, made once by :func:`_start_worker`.
_WORKER_ENGINE: Engine | None = None


def available_cores() -> int:
    """The processor cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _start_worker(config: Config, as_of: datetime, show_values: bool) -> None:
    from .engine import Engine

    global _WORKER_ENGINE
    _WORKER_ENGINE = Engine(config, as_of=as_of, show_values=show_values)
    _WORKER_ENGINE.prepare()


def _ready() -> None:
    """A first task: makes the pool start its workers."""


def _check_chunk(records: list[RawRecord]) -> list[Checked]:
    engine = _WORKER_ENGINE
    if engine is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without an engine")
    return [engine.check_raw(raw) for raw in records]


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def check_in_parallel(engine: Engine, records: Iterable[RawRecord], jobs: int) -> Iterator[Checked]:
    """``engine.check_raw`` of each record, computed by ``jobs`` worker processes.

    The engine's reference data should be loaded first (:meth:`Engine.prepare`), so
    that forked workers share it.
    """
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(engine.config, engine.as_of, engine.show_values),
    )
    try:
        pool.submit(_ready)  # starts every worker now, before a record is read
        pending: deque[Future[list[Checked]]] = deque()
        stream = iter(records)
        while chunk := list(islice(stream, CHUNK)):
            pending.append(pool.submit(_check_chunk, chunk))
            if len(pending) >= 2 * jobs + 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
