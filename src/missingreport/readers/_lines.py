"""Reading a byte stream line by line without ever holding more than one bounded line."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..structure import MAX_RECORD_BYTES

__all__ = ["BOM", "bounded_lines"]

BOM = codecs.BOM_UTF8

#: Bytes asked of the stream at a time: lines are cut out of blocks this large.
BLOCK = 1 << 20


def bounded_lines(
    handle: BinaryIO, limit: int = MAX_RECORD_BYTES, *, strip_bom: bool = True, ends: bool = True
) -> Iterator[tuple[bytes, bool]]:
    """Each line of ``handle`` and whether it was cut short.

    A line is what ends at ``\\n`` (or at the end of the stream); it keeps its ``\\n``
    when ``ends``. A line longer than ``limit`` bytes (its ``\\n`` not counted) is
    returned cut at the limit with ``True``; the rest of it is read and dropped, so
    memory never holds more than a block and one bounded line. A UTF-8 byte-order mark
    at the very start is removed.

    The stream is read in blocks of :data:`BLOCK` bytes (``read1`` when it has it, so
    that a pipe's lines come as they are written).
    """
    read: Callable[[int], bytes] = getattr(handle, "read1", handle.read)
    data = _opening(read, strip_bom)
    pos = 0
    tail = 1 if ends else 0
    while True:
        end = data.find(b"\n", pos)
        if end >= 0:
            if end - pos > limit:
                yield data[pos : pos + limit], True
            else:
                yield data[pos : end + tail], False
            pos = end + 1
            continue
        if len(data) - pos > limit:  # no end in sight: cut it, drop the rest of it
            yield data[pos : pos + limit], True
            data, pos = _after_line(read), 0
            continue
        block = read(BLOCK)
        if not block:
            if pos < len(data):
                yield data[pos:], False
            return
        data, pos = data[pos:] + block, 0


def _opening(read: Callable[[int], bytes], strip_bom: bool) -> bytes:
    """The first bytes of the stream, without a byte-order mark if asked."""
    data = b""
    while len(data) < len(BOM):
        block = read(BLOCK)
        if not block:
            break
        data += block
    if strip_bom and data.startswith(BOM):
        return data[len(BOM) :]
    return data


def _after_line(read: Callable[[int], bytes]) -> bytes:
    """Read past the end of the current line; the bytes read after it."""
    while True:
        block = read(BLOCK)
        if not block:
            return b""
        end = block.find(b"\n")
        if end >= 0:
            return block[end + 1 :]
