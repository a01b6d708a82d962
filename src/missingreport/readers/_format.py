"""The contract of a reader: one :class:`Format` per kind of input file.

A reader module defines its format (its name, suffixes, how it reads a file and a
stream) and the registry (:mod:`._registry`) lists it once; folders, suffix dispatch,
content sniffing, the command-line help and the pre-commit hook's file pattern are all
derived from that one table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .._raw import RawRecord
from .mapping import ColumnMapping

__all__ = ["Format", "Options", "Positions"]

#: Where each record of a plain JSON file starts: (source, record) to line.
Positions = MutableMapping[tuple[str, int], int]


@dataclass(frozen=True, slots=True)
class Options:
    """What a reader is given besides its input.

    Attributes:
        mapping: the column mapping of a table (``None``: headers are field names).
        positions: filled with the line each record of a plain JSON file starts on.
        is_field: whether a header names a field, for refusing an unmapped table
            (default: a report's dotted paths; reconcile passes its records' fields).
    """

    mapping: ColumnMapping | None = None
    positions: Positions | None = None
    is_field: Callable[[str], bool] | None = None


#: A reader of a file: (path, source name, options) to records.
FileReader = Callable[[Path, str, Options], Iterator[RawRecord]]
#: A reader of a byte stream of the format (standard input).
StreamReader = Callable[[BinaryIO, str, Options], Iterator[RawRecord]]


@dataclass(frozen=True, slots=True)
class Format:
    """A kind of input file and its reader.

    Attributes:
        name: a short name (``csv``).
        title: how the help names it (``CSV``).
        suffixes: the file suffixes read as this format, lower case with the dot.
        read_file: reads a file of the format.
        read_stream: reads a byte stream of the format.
        tabular: rows of cells under a header, read through a column mapping.
        magic: the first bytes that identify a file of the format by content, if any.
        extra: the optional extra the reader needs (``xlsx``), if any.
        media_types: the media types a body of the format is sent as (the HTTP
            service's ``Content-Type``), lower case, the first the usual one.
    """

    name: str
    title: str
    suffixes: tuple[str, ...]
    read_file: FileReader
    read_stream: StreamReader
    tabular: bool = False
    magic: bytes | None = None
    extra: str | None = None
    media_types: tuple[str, ...] = ()
