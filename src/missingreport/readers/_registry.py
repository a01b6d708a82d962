"""The table of input formats: one line per reader.

Everything that depends on which files are reports is derived from :data:`FORMATS`:
the suffixes a folder is searched for, the reader a suffix picks, the help of the
commands and the ``files`` pattern of the pre-commit hook. A new reader is one module
defining its :class:`~._format.Format` and one line here.
"""

from __future__ import annotations

from pathlib import Path

from ._format import Format
from .csvfile import CSV
from .jsonfile import JSON, JSON_LINES
from .xlsxfile import XLSX

__all__ = [
    "FORMATS",
    "HOOK_FOLDERS",
    "REPORT_SUFFIXES",
    "TABULAR_SUFFIXES",
    "format_for",
    "format_for_media_type",
    "hook_files_pattern",
    "media_type_words",
    "suffix_words",
]

#: Every input format, in the order the help lists them.
FORMATS: tuple[Format, ...] = (JSON, JSON_LINES, CSV, XLSX)

#: The suffixes of report files (what a folder is searched for).
REPORT_SUFFIXES: tuple[str, ...] = tuple(s for f in FORMATS for s in f.suffixes)
#: The suffixes of tabular formats (read through a column mapping).
TABULAR_SUFFIXES: tuple[str, ...] = tuple(s for f in FORMATS if f.tabular for s in f.suffixes)

_BY_SUFFIX: dict[str, Format] = {s: f for f in FORMATS for s in f.suffixes}


def format_for(path: Path) -> Format | None:
    """The format a file's suffix names (any case), or ``None``: told by its content."""
    return _BY_SUFFIX.get(path.suffix.lower())


_BY_MEDIA_TYPE: dict[str, Format] = {m: f for f in FORMATS for m in f.media_types}


def format_for_media_type(media_type: str) -> Format | None:
    """The format a body sent as ``media_type`` (no parameters, any case) is read as."""
    return _BY_MEDIA_TYPE.get(media_type.strip().lower())


def media_type_words() -> str:
    """The usual media type of each format, as an error message lists them."""
    return ", ".join(f.media_types[0] for f in FORMATS if f.media_types)


def suffix_words() -> str:
    """The suffixes as the help writes them: ``.json, .jsonl, .ndjson, .csv, .xlsx``."""
    return ", ".join(REPORT_SUFFIXES)


#: The folders the pre-commit hook looks in by default (``reports/``, ``report/``,
#: ``missing-reports/``, ``missing_reports/``, ``fixtures/``, at any depth): never
#: ``package.json`` or other JSON that holds no report.
HOOK_FOLDERS = r"(^|/)((missing[-_])?reports?|fixtures)/(.*/)?[^/]+"


def hook_files_pattern() -> str:
    r"""The pre-commit hook's ``files`` pattern: the report files of the table of formats
    in the hook's default folders (:data:`HOOK_FOLDERS`), ``...\.(json|jsonl|...)$``."""
    return HOOK_FOLDERS + r"\.(" + "|".join(s.lstrip(".") for s in REPORT_SUFFIXES) + r")$"
