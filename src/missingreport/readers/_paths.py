"""From the paths given on the command line to the readers.

By suffix, from the table of formats (:mod:`._registry`): ``.json`` (one report or a
list), ``.jsonl``/``.ndjson``, ``.csv``, ``.xlsx``. A folder stands for its report
files, found recursively and read in sorted order; hidden files and folders
(``.git``...), mapping files (``*.mapping.json``) and the files named in ``exclude``
(the run's own configuration, baseline and output) are left out. Standard input
(``-``) and files of any other suffix are told apart by content: a workbook by its
first bytes, ``[`` starts a JSON list, ``{`` a JSON report or JSON Lines, anything
else is CSV.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Collection, Generator, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from .._raw import RawRecord
from ..errors import InputError
from ..problems import UNREADABLE_RECORD
from ..structure import MAX_RECORD_BYTES, Problem, decode_json
from ._format import Format, Options, Positions
from ._lines import BOM, bounded_lines
from ._registry import FORMATS, REPORT_SUFFIXES, TABULAR_SUFFIXES, format_for, suffix_words
from .csvfile import CSV
from .jsonfile import JSON_LINES, MAX_JSON_FILE_BYTES, read_json_bytes, read_jsonl_lines
from .mapping import ColumnMapping, load_mapping, sibling_mapping

__all__ = [
    "REPORT_SUFFIXES",
    "excluded",
    "expand_paths",
    "read_path",
    "read_paths",
    "read_stream",
    "refuse_output_among_inputs",
    "require_mapping",
]

_MAPPING_SUFFIXES = (".mapping.json", ".mapping.toml")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # pragma: no cover - a broken link or a loop
        return path.absolute()


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or the same inode."""
    if _resolved(a) == _resolved(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_output_among_inputs(output: str | None, inputs: Sequence[str | None]) -> None:
    """Stop a run whose ``--output`` names one of its input files, before anything is written.

    The same file by path (``a.json`` and ``./a.json``) or by inode (a hard or
    symbolic link) counts: writing the findings there would destroy the input.

    Raises:
        InputError: ``output`` is one of ``inputs``.
    """
    if output is None or output == "-":
        return
    target = Path(output)
    for given in inputs:
        if given is None or given == "-":
            continue
        path = Path(given)
        if path.is_file() and _same_file(target, path):
            raise InputError(
                f"--output {output} is also an input: the findings would overwrite it; "
                "write them to another file"
            )


def excluded(path: Path, patterns: Collection[str]) -> bool:
    """Whether a path found in a folder matches an ``exclude`` pattern of the configuration.

    A pattern is a glob matched, from the right as :meth:`PurePath.match` does, against
    the path and each folder above it: ``examples/reconcile`` skips that folder wherever
    the check starts, ``*.episodes.csv`` skips files by name.
    """
    if not patterns:
        return False
    candidates = [PurePosixPath(path.as_posix()), *PurePosixPath(path.as_posix()).parents]
    return any(c.match(pattern) for pattern in patterns for c in candidates if c.name)


def _folder(root: Path, exclude: set[Path], patterns: Collection[str] = ()) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [
            d for d in dirs if not d.startswith(".") and not excluded(Path(folder, d), patterns)
        ]
        for name in files:
            lower = name.lower()
            if (
                name.startswith(".")
                or not lower.endswith(REPORT_SUFFIXES)
                or lower.endswith(_MAPPING_SUFFIXES)
            ):
                continue
            path = Path(folder, name)
            if _resolved(path) not in exclude and not excluded(path, patterns):
                found.append(path)
    return sorted(found, key=lambda p: p.as_posix())


def expand_paths(
    paths: Sequence[str],
    *,
    exclude: Collection[str | Path] = (),
    patterns: Collection[str] = (),
) -> list[tuple[str, Path | None]]:
    """Each input as (source name, path): folders become their report files, sorted.

    ``exclude`` names files a folder must not yield (the run's own configuration,
    mapping, baseline, output); ``patterns`` are the configuration's ``exclude`` globs,
    applied to what folders hold (a file named on the command line is always read).

    Raises:
        InputError: a path does not exist, or a folder holds no report files.
    """
    skip = {_resolved(Path(p)) for p in exclude}
    out: list[tuple[str, Path | None]] = []
    for given in paths:
        if given == "-":
            out.append(("-", None))
            continue
        path = Path(given)
        if path.is_dir():
            found = _folder(path, skip, patterns)
            if not found:
                raise InputError(f"no report files ({suffix_words()}) in the folder {given}")
            out.extend((p.as_posix(), p) for p in found)
        elif path.is_file():
            if _resolved(path) not in skip:  # the run's own baseline, mapping, output
                out.append((path.as_posix(), path))
        elif path.exists():
            raise InputError(f"not a file or folder: {given}")
        else:
            raise InputError(f"no such file or folder: {given}")
    return out


class _Chained(io.RawIOBase):
    """The bytes already read to tell the kind of a stream, then the rest of it."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        # read1: what the stream has now (a pipe's lines come as they are written)
        data = getattr(self._rest, "read1", self._rest.read)(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _sniff(handle: BinaryIO) -> bytes:
    """Read until the kind of the stream shows: its first character, and for ``{`` the
    whole first line (bounded by the record limit)."""
    prefix = b""
    read = getattr(handle, "read1", handle.read)
    while True:
        chunk = read(65536)
        if not chunk:
            return prefix
        prefix += chunk
        body = prefix.removeprefix(BOM).lstrip()
        if body and (not body.startswith(b"{") or b"\n" in body):
            return prefix
        if len(prefix) > MAX_RECORD_BYTES:
            return prefix


def _magic(prefix: bytes) -> Format | None:
    return next((f for f in FORMATS if f.magic and prefix.startswith(f.magic)), None)


def read_stream(
    handle: BinaryIO,
    source: str,
    *,
    mapping: ColumnMapping | None = None,
    positions: Positions | None = None,
    is_field: Callable[[str], bool] | None = None,
) -> Iterator[RawRecord]:
    """Records from a byte stream of unknown kind, told apart by its first content.

    A format's own first bytes (a workbook). ``[``: a JSON list (read whole, up to
    the JSON limit). ``{``: JSON Lines when the first line is a whole JSON value, else
    one JSON report. Anything else: CSV. JSON Lines and CSV are read as they come.
    """
    options = Options(mapping, positions, is_field)
    prefix = _sniff(handle)
    chained = io.BufferedReader(_Chained(prefix, handle))
    binary = _magic(prefix)
    if binary is not None:
        yield from binary.read_stream(chained, source, options)
        return
    body = prefix.removeprefix(BOM).lstrip()
    if not body:
        return
    first_line = body.split(b"\n", 1)[0]
    if body.startswith(b"{") and decode_json(first_line)[1] is None:
        yield from JSON_LINES.read_stream(chained, source, options)
        return
    if not body.startswith((b"{", b"[")):
        yield from CSV.read_stream(chained, source, options)
        return
    raw = chained.read(MAX_JSON_FILE_BYTES + 1)
    if len(raw) > MAX_JSON_FILE_BYTES:
        detail = (
            f"the input is larger than {MAX_JSON_FILE_BYTES // 2**20} MiB, the limit of "
            "plain JSON: write it as JSON Lines (one report per line)"
        )
        yield RawRecord(source, 1, None, None, Problem(UNREADABLE_RECORD, "", detail))
    elif body.startswith(b"{") and _jsonl_like(raw) and decode_json(raw)[1] is not None:
        # Not one document, but every line opens an object: JSON Lines, a line broken.
        yield from read_jsonl_lines(bounded_lines(io.BytesIO(raw), ends=False), source)
    else:
        yield from read_json_bytes(raw, source, positions)


def read_path(
    path: Path,
    source: str,
    *,
    mapping: ColumnMapping | None = None,
    positions: Positions | None = None,
    is_field: Callable[[str], bool] | None = None,
) -> Generator[RawRecord, None, None]:
    """The records of one file: by the reader its suffix names, else by its content.

    Raises:
        InputError: the file cannot be opened, or its reader needs an extra that is not
            installed, or a table without a mapping has headers that are no fields.
    """
    found = format_for(path)
    try:
        if found is not None:
            yield from found.read_file(path, source, Options(mapping, positions, is_field))
            return
        with path.open("rb") as handle:
            yield from read_stream(
                handle, source, mapping=mapping, positions=positions, is_field=is_field
            )
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None


def _jsonl_like(raw: bytes) -> bool:
    lines = [line for line in raw.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.lstrip().startswith(b"{") for line in lines)


def _mapping_for(path: Path, given: ColumnMapping | None) -> ColumnMapping | None:
    if given is not None or path.suffix.lower() not in TABULAR_SUFFIXES:
        return given
    beside = sibling_mapping(path)
    return load_mapping(beside) if beside is not None else None


def read_paths(
    paths: Sequence[str],
    *,
    mapping: ColumnMapping | None = None,
    positions: Positions | None = None,
    exclude: Collection[str | Path] = (),
    patterns: Collection[str] = (),
    stdin: BinaryIO | None = None,
) -> Iterator[RawRecord]:
    """Every record of every input, in order.

    The inputs are found and their mappings loaded at once (so that a missing file or
    a bad mapping is reported before anything is read); the records are then read
    lazily, one at a time.

    Args:
        paths: files, folders, or ``-`` for standard input.
        mapping: the column mapping of CSV inputs (default: a ``NAME.mapping.toml`` or
            ``.json`` beside the CSV, else canonical headers).
        positions: filled with the line each record of a plain JSON file starts on.
        exclude: files a folder must not yield (configuration, baseline, output).
        patterns: ``exclude`` globs of the configuration, for what folders hold.
        stdin: the stream ``-`` reads (default: the process's standard input).

    Raises:
        InputError: a path does not exist or cannot be opened.
        ConfigError: a mapping found beside a CSV file is invalid.
    """
    plan = [
        (source, path, _mapping_for(path, mapping) if path is not None else mapping)
        for source, path in expand_paths(paths, exclude=exclude, patterns=patterns)
    ]
    for source, path, found in plan:
        if path is not None and found is None:
            require_mapping(path, source)
    return _read(plan, positions, stdin)


def require_mapping(path: Path, source: str, is_field: Callable[[str], bool] | None = None) -> None:
    """Refuse, before anything is read, a table without a mapping whose headers are no
    fields (see :func:`~._table.refuse_unmapped`); other files pass.

    Raises:
        InputError: the table needs a mapping, or cannot be opened.
    """
    found = format_for(path)
    if found is None or not found.tabular:
        return
    records = read_path(path, source, is_field=is_field)
    try:
        next(records, None)  # the header is resolved before the first record
    finally:
        records.close()


def _read(
    plan: list[tuple[str, Path | None, ColumnMapping | None]],
    positions: Positions | None,
    stdin: BinaryIO | None,
) -> Iterator[RawRecord]:
    for source, path, mapping in plan:
        if path is None:
            handle = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(handle, source, mapping=mapping, positions=positions)
        else:
            yield from read_path(path, source, mapping=mapping, positions=positions)
