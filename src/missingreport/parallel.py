"""Checking records in several processes at once (``check --jobs``).

The records are read in the main process and sent to the workers in chunks of
:data:`CHUNK` records; each worker parses and checks its chunk with its own
:class:`~missingreport.engine.Engine` (same configuration, same moment) and sends back
each record's report id, findings (as plain tuples) and batch key (:mod:`.rules._keys`).
The main process keeps the records and rebuilds each one's result beside it, so only
what checking needs crosses to the workers: a record's JSON text alone when it has one
(the common case), else the record. It yields the results in the order of the
records, keeps the keys and runs the batch rules at the end, exactly as a run in one
process does: the output is the same byte for byte.

At most ``2 * jobs + 2`` chunks are in flight, so memory stays flat however long the
stream: the reader waits while the workers are busy.

On Linux the workers are forked from the main process once its reference data (ZIP
table, growth charts: :meth:`~missingreport.rules.Rule.prepare`) is loaded, so they
share it instead of each loading its own. The fork happens before any other thread
starts (the progress display starts with the first record). Elsewhere the platform's
own way of starting processes is used, and each worker loads what it needs.

A fault of a worker ends the run: a bug raises its exception in the main process, and
a worker that dies (killed, out of memory) raises :class:`WorkerLost`; bad data never
does, since checking a record never raises. Either way the pool is shut down before the
exception leaves, so nothing is left running. Ctrl-C is the main process's to handle:
workers ignore SIGINT (a terminal sends it to every process of the group) and are
stopped by the main process as it unwinds.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from ._raw import RawRecord, from_text
from .config import Config
from .errors import MissingReportError
from .findings import Finding, RecordResult, Severity

if TYPE_CHECKING:
    from .engine import Engine
    from .rules._keys import KeyFields

__all__ = ["CHUNK", "WorkerLost", "available_cores", "check_in_parallel", "fewer_collections"]

#: Records sent to a worker at a time.
CHUNK = 256

Checked = tuple[RecordResult, "KeyFields | None"]
#: What a worker is sent for a record: its JSON text when that is all it holds (location
#: aside), else the record itself.
_Item = bytes | str | RawRecord
#: What a worker sends back for a record: its report id, its findings as plain tuples
#: (code, name, severity, path, message, value) and its batch key. Plain values cost a
#: third of pickled findings; the main process rebuilds them beside its own records.
_Sent = tuple["str | None", list[tuple[Any, ...]], "KeyFields | None"]
_SEVERITIES = {level.value: level for level in Severity}

#: Allocations between two collections of the youngest generation in a worker
#: (Python's default is 700).
_GC_THRESHOLD = 10_000

#: The engine of a worker process, made once by :func:`_start_worker`.
_WORKER_ENGINE: Engine | None = None


class WorkerLost(MissingReportError):
    """A worker process ended before sending back its records' results."""


def available_cores() -> int:
    """The processor cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _start_worker(
    engine_class: type[Engine], config: Config, as_of: datetime, show_values: bool
) -> None:
    # The class comes from the main process (pickled by name): this module never
    # imports the engine, which imports it.
    global _WORKER_ENGINE
    # A forked worker inherits the main process's handlers: Ctrl-C is the main
    # process's to handle, and SIGTERM ends a worker at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_ENGINE = engine_class(config, as_of=as_of, show_values=show_values)
    _WORKER_ENGINE.prepare()
    # What the worker holds from now on (modules, rules, reference data) is never
    # garbage: the worker runs as a whole run does under fewer_collections().
    _collect_less()


def _ready() -> None:
    """A first task: makes the pool start its workers."""


def _items(records: list[RawRecord]) -> list[_Item]:
    """What the workers need of a chunk: the main process keeps the rest."""
    return [
        raw.text if raw.text is not None and raw.strict and not raw.notes else raw
        for raw in records
    ]


def _check_chunk(items: list[_Item]) -> list[_Sent]:
    engine = _WORKER_ENGINE
    if engine is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without an engine")
    out: list[_Sent] = []
    for item in items:
        raw = item if isinstance(item, RawRecord) else from_text(None, None, None, item)
        report_id, findings, fields = engine.check_one(raw)
        sent = [(f.code, f.name, f.severity.value, f.path, f.message, f.value) for f in findings]
        out.append((report_id, sent, fields))
    return out


def _received(records: list[RawRecord], sent: list[_Sent]) -> Iterator[Checked]:
    """The results of a chunk, rebuilt beside the records the main process kept."""
    severity = _SEVERITIES
    for raw, (report_id, findings, fields) in zip(records, sent, strict=True):
        source, record, line = raw.source, raw.record, raw.line
        located = [
            Finding(code, name, severity[level], path, message,
                    source, record, line, report_id, value)
            for code, name, level, path, message, value in findings
        ]  # fmt: skip
        yield RecordResult(source, record, line, report_id, located), fields


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _collect_less() -> tuple[int, ...]:
    """Freeze what the process holds and collect young objects less often; the
    collector's thresholds before."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_GC_THRESHOLD, *thresholds[1:])
    return thresholds


@contextmanager
def fewer_collections() -> Iterator[None]:
    """For a program's long run: what the process holds is kept out of the collector's
    passes, and young objects are collected less often (every record makes thousands
    and drops them at once), as in the workers; the settings are restored after.

    Frozen before any worker forks, the objects are also left alone by the workers'
    collections (the :mod:`gc` module's advice for forking). A process-wide setting:
    the command line uses it around a whole run, the library does not.
    """
    thresholds = _collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def check_in_parallel(engine: Engine, records: Iterable[RawRecord], jobs: int) -> Iterator[Checked]:
    """``engine.check_raw`` of each record, computed by ``jobs`` worker processes.

    The engine's reference data should be loaded first (:meth:`Engine.prepare`), so
    that forked workers share it (and frozen, for a long run: :func:`fewer_collections`).
    """
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(type(engine), engine.config, engine.as_of, engine.show_values),
    )
    try:
        pool.submit(_ready)  # starts every worker now, before a record is read
        pending: deque[tuple[list[RawRecord], Future[list[_Sent]]]] = deque()
        stream = iter(records)
        while chunk := list(islice(stream, CHUNK)):
            pending.append((chunk, pool.submit(_check_chunk, _items(chunk))))
            if len(pending) >= 2 * jobs + 2:
                done, future = pending.popleft()
                yield from _received(done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from _received(done, future.result())
    except BrokenProcessPool:
        raise WorkerLost(
            "a worker process ended before finishing its records (killed, or out of memory?)"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
