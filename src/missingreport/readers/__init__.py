"""Readers: turn input files into a stream of :class:`~missingreport.engine.RawRecord`.

Each reader yields one record at a time (memory stays flat however long the file),
with its source, record number and line, and turns every reading problem into an
unreadable-record problem (MR001) of that record rather than an exception. Only a
path that cannot be opened at all is a fault of the invocation (:class:`InputError`).
"""

from __future__ import annotations

from ._paths import REPORT_SUFFIXES, expand_paths, read_paths
from .jsonfile import read_json, read_jsonl, read_stdin

__all__ = ["REPORT_SUFFIXES", "expand_paths", "read_json", "read_jsonl", "read_paths", "read_stdin"]
