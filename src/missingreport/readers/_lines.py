"""Reading a byte stream line by line without ever holding more than one bounded line."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from ..structure import MAX_RECORD_BYTES

__all__ = ["BOM", "bounded_lines"]

BOM = codecs.BOM_UTF8


def bounded_lines(
    handle: BinaryIO, limit: int = MAX_RECORD_BYTES, *, strip_bom: bool = True
) -> Iterator[tuple[bytes, bool]]:
    """Each line of ``handle`` (with its line ending) and whether it was cut short.

    A line longer than ``limit`` bytes is returned cut at the limit with ``True``; the
    rest of it is read and dropped, so memory never grows with a line's length. A UTF-8
    byte-order mark at the very start is removed.
    """
    first = True
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if first and strip_bom and line.startswith(BOM):
            line = line[len(BOM) :]
        first = False
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drop the rest of the over-long line
                rest = handle.readline(limit + 1)
                if not rest or rest.endswith(b"\n"):
                    break
            yield line[:limit], True
            continue
        yield line, False
