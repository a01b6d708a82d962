"""From the paths given on the command line to the readers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..engine import RawRecord
from ..errors import InputError
from .jsonfile import read_json, read_jsonl, read_stdin

__all__ = ["REPORT_SUFFIXES", "expand_paths", "read_paths"]

#: The files a folder is searched for.
REPORT_SUFFIXES = (".json", ".jsonl")


def expand_paths(paths: Sequence[str]) -> list[tuple[str, Path | None]]:
    """Each input as (source name, path); folders become their report files, sorted.

    Raises:
        InputError: a path does not exist.
    """
    out: list[tuple[str, Path | None]] = []
    for given in paths:
        if given == "-":
            out.append(("-", None))
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
            )
            out.extend((p.as_posix(), p) for p in found)
        elif path.is_file():
            out.append((path.as_posix(), path))
        else:
            raise InputError(f"no such file or folder: {given}")
    return out


def read_paths(paths: Sequence[str]) -> Iterator[RawRecord]:
    """Every record of every input, in order."""
    for source, path in expand_paths(paths):
        if path is None:
            yield from read_stdin()
        elif path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path, source)
        else:
            yield from read_json(path, source)
