"""ZIP code to state, from the optional ``zipcodes`` package.

Used by rule MR308 (postal-code-state-mismatch).  The data is not copied into
this library: it comes from ``zipcodes`` (PyPI, MIT licence), installed by the
``zip`` extra (``pip install missingreport[zip]``).  The package embeds its
dataset (no SQLite, no data files, no network); when it is missing,
:func:`zip_available` is false and :func:`zip_states` returns ``None``.

The table
---------
``zipcodes.matching()`` scans the whole dataset on each call, so the answers
are kept, as lookups need them, in a compact table: one byte per
5-digit ZIP number (100,000 bytes; two if ever more than 255 distinct state
sets occur), each an index into a short tuple of distinct frozensets of state
codes (0: unknown ZIP).  It is filled from ``zipcodes.similar_to(p)`` for
each two-digit prefix ``p`` (every 5-digit ZIP the package knows), when a
lookup first meets a ZIP code of that prefix (``load_zip_table()`` reads them
all at once), a few hundred records at a time, so the package's dicts are freed as soon as they
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
and cannot be released from Python.  Reading one prefix takes about 10 ms
and the whole table 0.5-0.9 s, once; a lookup then costs about 0.3 us.
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
    "load_zip_table",
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


class _ZipTable:
    """The ZIP-number-to-state-set table, filled one two-digit prefix at a time.

    A prefix is read from the package when a lookup first needs it, so that a run
    meeting the ZIP codes of a few areas reads only those; :meth:`load_all` reads the
    rest (before worker processes fork, so that they share the whole table). A
    package that fails on a query leaves the table broken: no answers from then on.
    """

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.table: array.array[int] = array.array("B", bytes(_ZIP_NUMBERS))
        self.sets: list[frozenset[str] | None] = [None]  # index 0: unknown ZIP
        self.broken = False
        self._numbers: dict[frozenset[str], int] = {}
        self._loaded = bytearray(len(_PREFIXES))

    def states(self, number: int) -> frozenset[str] | None:
        """The state set of a ZIP number (0-99999), or None when unknown."""
        prefix = number // 1000
        if not self._loaded[prefix]:
            self._load(prefix)
        return None if self.broken else self.sets[self.table[number]]

    def load_all(self) -> None:
        """Read every prefix not read yet."""
        for prefix in range(len(_PREFIXES)):
            if not self._loaded[prefix]:
                self._load(prefix)

    def _load(self, prefix: int) -> None:
        self._loaded[prefix] = 1
        if self.broken:
            return
        try:
            records = self.module.similar_to(_PREFIXES[prefix])
            for record in records:
                zip_code = record.get("zip_code")
                state = record.get("state")
                if _is_zip5(zip_code) and isinstance(state, str) and state:
                    self._add(int(zip_code), sys.intern(state.upper()))
        except (AttributeError, TypeError, ValueError, OverflowError):
            self.broken = True

    def _add(self, number: int, state: str) -> None:
        sets, table = self.sets, self.table
        known = sets[table[number]] or frozenset()
        codes = known | {state}
        if codes == known:
            return
        index = self._numbers.get(codes)
        if index is None:
            index = self._numbers[codes] = len(sets)
            sets.append(codes)
            if index > 255 and table.typecode == "B":
                self.table = array.array("H", table)  # more state sets than a byte holds
        self.table[number] = index


@functools.lru_cache(maxsize=1)
def _table() -> _ZipTable | None:
    """The (lazily filled) table, or None without the package."""
    module = _module()
    return _ZipTable(module) if module is not None else None


def load_zip_table() -> None:
    """Read the whole ZIP table now (it is otherwise read as lookups need it)."""
    built = _table()
    if built is not None:
        built.load_all()


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
    return built.states(int(zip5)) if built is not None else None
