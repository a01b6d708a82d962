"""ZIP code to state, from the optional ``zipcodes`` package.

Used by rule MR308 (postal-code-state-mismatch).  The data is not copied into
this library: it comes from ``zipcodes`` (PyPI, MIT licence), installed by the
``zip`` extra (``pip install missingreport[zip]``).  The package embeds its
dataset (no SQLite, no data files, no network); when it is missing,
:func:`zip_available` is false and :func:`zip_states` returns ``None``.

The table
---------
``zipcodes.matching()`` scans the whole dataset on each call, so the answers
are built once, on the first lookup, into a compact table: one byte per
5-digit ZIP number (100,000 bytes; two if ever more than 255 distinct state
sets occur), each an index into a short tuple of distinct frozensets of state
codes (0: unknown ZIP).  It is filled from ``zipcodes.similar_to(p)`` for
each two-digit prefix ``p`` (every 5-digit ZIP the package knows), a few
hundred records at a time, so the package's dicts are freed as soon as they
are read and never add up (one digit at a time left 9 MB more resident, the
whole list 80 MB); unlike ``zipcodes.list_all()``, this leaves the package
holding no cached list.  All records are used, active or not (a retired ZIP
still names a state), including territories (PR, VI, GU, AS, MP), the freely
associated states (FM, MH, PW) and the military "states" (AA, AE, AP).
States are USPS two-letter codes.  The package's data (zipcodes 3.0.0) gives
one state per ZIP, so the frozensets have one element; the type allows more
for ZIPs that straddle state lines.

Memory and speed (measured on the development machine, zipcodes 3.0.0 with
42,789 ZIP codes, Python 3.11): the table and its state sets take about
0.1 MB (the dict of frozensets used before took 16 MB).  The ``zipcodes``
extension itself keeps its decoded dataset, about 36 MB, from its first query
to the end of the process; that memory belongs to its compiled (Rust) code
and cannot be released from Python.  Building the table takes 0.5-0.9 s,
once; a lookup then costs about 0.3 us.
"""

from __future__ import annotations

import array
import functools
import importlib
import sys
from types import ModuleType
from typing import TypeGuard

__all__ = [
    "UNAVAILABLE_REASON",
    "ZIP_EXTRA",
    "zip_available",
    "zip_states",
]

ZIP_EXTRA = "zip"
"""Name of the optional extra that installs the ZIP code data."""

UNAVAILABLE_REASON = f"install missingreport[{ZIP_EXTRA}] for the ZIP code data (zipcodes package)"
"""Why ZIP checks are skipped when the optional package is missing."""

_PACKAGE = "zipcodes"
_ZIP_NUMBERS = 100_000  # 00000-99999
_PREFIXES = tuple(f"{n:02d}" for n in range(100))  # a hundred small batches of records


@functools.lru_cache(maxsize=1)
def _module() -> ModuleType | None:
    try:
        return importlib.import_module(_PACKAGE)
    except Exception:  # not installed, or installed but broken: unusable either way
        return None


def zip_available() -> bool:
    """Whether the optional ``zipcodes`` package can be imported (answer cached)."""
    return _module() is not None


def _clear_caches() -> None:
    """Forget the cached import and table (for tests)."""
    _table.cache_clear()
    _module.cache_clear()


_StateSets = tuple[frozenset[str] | None, ...]


@functools.lru_cache(maxsize=1)
def _table() -> tuple[array.array[int], _StateSets] | None:
    """The ZIP-number-to-state-set table and its state sets, or None without the package."""
    module = _module()
    if module is None:
        return None
    table: array.array[int] = array.array("B", bytes(_ZIP_NUMBERS))
    sets: list[frozenset[str] | None] = [None]  # index 0: unknown ZIP
    numbers: dict[frozenset[str], int] = {}
    try:
        for prefix in _PREFIXES:
            for record in module.similar_to(prefix):
                zip_code = record.get("zip_code")
                state = record.get("state")
                if not (_is_zip5(zip_code) and isinstance(state, str) and state):
                    continue
                number = int(zip_code)
                known = sets[table[number]] or frozenset()
                codes = known | {sys.intern(state.upper())}
                if codes == known:
                    continue
                index = numbers.get(codes)
                if index is None:
                    index = numbers[codes] = len(sets)
                    sets.append(codes)
                    if index > 255 and table.typecode == "B":
                        table = array.array("H", table)  # more state sets than a byte holds
                table[number] = index
    except (AttributeError, TypeError, ValueError, OverflowError):
        return None
    return table, tuple(sets)


def _is_zip5(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) == 5 and value.isascii() and value.isdigit()


def zip_states(zip5: str) -> frozenset[str] | None:
    """USPS state codes that a 5-digit ZIP code belongs to, or None.

    ``None`` when the ZIP is not five ASCII digits, is unknown to the data, or
    the ``zipcodes`` package is not installed.  Never raises.
    """
    if not _is_zip5(zip5):
        return None
    built = _table()
    if built is None:
        return None
    table, sets = built
    return sets[table[int(zip5)]]
