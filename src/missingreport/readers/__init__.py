"""Readers: turn input files into a stream of :class:`~missingreport.engine.RawRecord`.

Each reader yields one record at a time with its source, record number and line (the
JSONL line, or the CSV row with the header as row 1), and turns every reading problem
into an unreadable-record problem (MR001) of that record rather than an exception.
JSON Lines and CSV stream, so memory stays flat however long the file; a plain JSON
file is read whole up to :data:`MAX_JSON_FILE_BYTES`. Only a path that cannot be opened
at all is a fault of the invocation (:class:`~missingreport.errors.InputError`), and
only an invalid mapping one of the configuration
(:class:`~missingreport.errors.ConfigError`).
"""

from __future__ import annotations

from ._fields import FieldSpec, field_specs
from ._paths import REPORT_SUFFIXES, expand_paths, read_paths, read_stream
from .csvfile import read_csv, read_csv_stream
from .jsonfile import MAX_JSON_FILE_BYTES, Positions, read_json, read_json_bytes, read_jsonl
from .mapping import Column, ColumnMapping, load_mapping, sibling_mapping

__all__ = [
    "MAX_JSON_FILE_BYTES",
    "REPORT_SUFFIXES",
    "Column",
    "ColumnMapping",
    "FieldSpec",
    "Positions",
    "expand_paths",
    "field_specs",
    "load_mapping",
    "read_csv",
    "read_csv_stream",
    "read_json",
    "read_json_bytes",
    "read_jsonl",
    "read_paths",
    "read_stream",
    "sibling_mapping",
]
