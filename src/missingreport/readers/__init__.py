"""The input layer: every input file becomes a stream of :class:`~missingreport.RawRecord`.

One reader contract (:class:`Format`: suffixes, a file reader, a stream reader) and
one table of formats (:data:`FORMATS`), from which folders, suffix dispatch, content
sniffing, the command-line help and the pre-commit hook's pattern are derived.
``check``, ``audit`` and ``reconcile`` all read through :func:`read_path` /
:func:`read_paths`.

Each reader yields one record at a time with its source, record number and line (the
JSONL line, or the CSV or sheet row with the header as row 1), and turns every reading
problem into an unreadable-record problem (MR001) of that record rather than an
exception. JSON Lines and CSV stream, so memory stays flat however long the file; a
plain JSON file is read whole up to :data:`MAX_JSON_FILE_BYTES`, a workbook whole.
Only a path that cannot be opened at all, a reader whose optional extra is missing, or
a table that needs a mapping and has none is a fault of the invocation
(:class:`~missingreport.errors.InputError`), and only an invalid mapping one of the
configuration (:class:`~missingreport.errors.ConfigError`).
"""

from __future__ import annotations

from ._fields import FieldSpec, field_specs
from ._format import Format, Options, Positions
from ._paths import (
    expand_paths,
    read_path,
    read_paths,
    read_stream,
    refuse_output_among_inputs,
    require_mapping,
)
from ._registry import (
    FORMATS,
    REPORT_SUFFIXES,
    TABULAR_SUFFIXES,
    format_for,
    format_for_media_type,
    hook_files_pattern,
    media_type_words,
    suffix_words,
)
from .csvfile import read_csv, read_csv_stream
from .jsonfile import MAX_JSON_FILE_BYTES, read_json, read_json_bytes, read_jsonl
from .mapping import Column, ColumnMapping, load_mapping, sibling_mapping

__all__ = [
    "FORMATS",
    "MAX_JSON_FILE_BYTES",
    "REPORT_SUFFIXES",
    "TABULAR_SUFFIXES",
    "Column",
    "ColumnMapping",
    "FieldSpec",
    "Format",
    "Options",
    "Positions",
    "expand_paths",
    "field_specs",
    "format_for",
    "format_for_media_type",
    "hook_files_pattern",
    "load_mapping",
    "media_type_words",
    "read_csv",
    "read_csv_stream",
    "read_json",
    "read_json_bytes",
    "read_jsonl",
    "read_path",
    "read_paths",
    "read_stream",
    "refuse_output_among_inputs",
    "require_mapping",
    "sibling_mapping",
    "suffix_words",
]
