"""ZIP code to state, from the optional ``zipcodes`` package.

Used by rule MR308 (postal-code-state-mismatch).  The data is not copied into
this library: it comes from ``zipcodes`` (PyPI, MIT licence), installed by the
``zip`` extra (``pip install missingreport[zip]``).  The package embeds its
dataset (no SQLite, no data files, no network); when it is missing,
:func:`zip_available` is false and :func:`zip_states` returns ``None``.

The table
---------
``zipcodes.matching()`` scans the whole dataset on each call, so the answers
are kept in a compact table: one byte per 5-digit ZIP number (100,000 bytes;
two if ever more than 255 distinct state sets occur), each an index into a
short tuple of distinct frozensets of state codes (0: unknown ZIP).  It is built
from ``zipcodes.similar_to(p)`` for each two-digit prefix ``p`` (every 5-digit
ZIP the package knows), a few hundred records at a time, so that the package's
dicts are freed as soon as they are read.  All records are used, active or not
(a retired ZIP still names a state), including territories (PR, VI, GU, AS,
MP), the freely associated states (FM, MH, PW) and the military "states" (AA,
AE, AP).  States are USPS two-letter codes.  The package's data (zipcodes
3.0.0) gives one state per ZIP, so the frozensets have one element; the type
allows more for ZIPs that straddle state lines.

The cache
---------
Building the table takes 0.5-0.9 s (most of it the package decoding its
dataset, which it then keeps, about 36 MB, to the end of the process), so the
table is built once per version of the package and kept on disk, about
100 KB, in the user's cache folder (:func:`cache_folder`): reading it back
takes about a millisecond, and the package's dataset is then never decoded.
A cache file that cannot be read, is of another package version or does not
hold a whole table is ignored and written again; a cache folder that cannot be
written only means building the table in each process.
"""

from __future__ import annotations

import array
import contextlib
import functools
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TypeGuard

__all__ = [
    "CACHE_FOLDER_VARIABLE",
    "UNAVAILABLE_REASON",
    "ZIP_EXTRA",
    "cache_folder",
    "load_zip_table",
    "zip_available",
    "zip_states",
]

ZIP_EXTRA = "zip"
"""Name of the optional extra that installs the ZIP code data."""

UNAVAILABLE_REASON = f"install missingreport[{ZIP_EXTRA}] for the ZIP code data (zipcodes package)"
"""Why ZIP checks are skipped when the optional package is missing."""

CACHE_FOLDER_VARIABLE = "MISSINGREPORT_CACHE_DIR"
"""Environment variable naming the folder for cached reference tables."""

_PACKAGE = "zipcodes"
_ZIP_NUMBERS = 100_000  # 00000-99999
_PREFIXES = tuple(f"{n:02d}" for n in range(100))  # a hundred small batches of records
_CACHE_FORMAT = b"missingreport zip-states 1"  # first line of a cache file


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
    """Forget the cached import and table (for tests; the cache file stays)."""
    _table.cache_clear()
    _module.cache_clear()


def cache_folder() -> Path | None:
    """The folder of cached reference tables, or None when there is no home folder.

    ``$MISSINGREPORT_CACHE_DIR`` when set, else the platform's per-user cache folder:
    ``$XDG_CACHE_HOME/missingreport`` (by default ``~/.cache/missingreport``),
    ``~/Library/Caches/missingreport`` on macOS, ``%LOCALAPPDATA%\\missingreport``
    on Windows.
    """
    given = os.environ.get(CACHE_FOLDER_VARIABLE)
    if given:
        return Path(given)
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = str(Path.home() / "Library" / "Caches")
        else:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError, OSError):  # no home folder to be found
        return None
    return Path(base) / "missingreport"


class _ZipTable:
    """The ZIP-number-to-state-set table."""

    def __init__(self, table: array.array[int], sets: list[frozenset[str] | None]) -> None:
        self.table = table
        self.sets = sets  # index 0: unknown ZIP

    def states(self, number: int) -> frozenset[str] | None:
        """The state set of a ZIP number (0-99999), or None when unknown."""
        return self.sets[self.table[number]]

    def to_bytes(self) -> bytes:
        """The cache file's content: format line, state sets (JSON), the table."""
        sets = json.dumps([None if s is None else sorted(s) for s in self.sets])
        head = b"%s %s %s\n" % (_CACHE_FORMAT, self.table.typecode.encode(), sys.byteorder.encode())
        return head + sets.encode("ascii") + b"\n" + self.table.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> _ZipTable | None:
        """The table a cache file holds, or None when it is not one whole, sound table."""
        head, _, rest = data.partition(b"\n")
        sets_line, _, body = rest.partition(b"\n")
        for typecode in ("B", "H"):
            if head == b"%s %s %s" % (_CACHE_FORMAT, typecode.encode(), sys.byteorder.encode()):
                break
        else:
            return None
        try:
            decoded = json.loads(sets_line)
        except ValueError:
            return None
        if not isinstance(decoded, list) or not decoded or decoded[0] is not None:
            return None
        sets: list[frozenset[str] | None] = [None]
        for codes in decoded[1:]:
            if not isinstance(codes, list) or not codes or not all(_is_code(c) for c in codes):
                return None
            sets.append(frozenset(sys.intern(c) for c in codes))
        table = array.array(typecode)
        if len(body) != _ZIP_NUMBERS * table.itemsize:
            return None
        table.frombytes(body)
        if max(table) >= len(sets):
            return None
        return cls(table, sets)


def _is_code(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


class _Builder:
    """Builds the table from the package, prefix by prefix."""

    def __init__(self) -> None:
        self.table: array.array[int] = array.array("B", bytes(_ZIP_NUMBERS))
        self.sets: list[frozenset[str] | None] = [None]
        self._numbers: dict[frozenset[str], int] = {}

    def build(self, module: ModuleType) -> _ZipTable | None:
        """The whole table, or None when the package fails on a query."""
        try:
            for prefix in _PREFIXES:
                for record in module.similar_to(prefix):
                    zip_code = record.get("zip_code")
                    state = record.get("state")
                    if _is_zip5(zip_code) and isinstance(state, str) and state:
                        self._add(int(zip_code), sys.intern(state.upper()))
        except (AttributeError, TypeError, ValueError, OverflowError):
            return None
        return _ZipTable(self.table, self.sets)

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


def _cache_file(module: ModuleType) -> Path | None:
    """Where the table of this version of the package is cached, or None (no version)."""
    version = getattr(module, "__version__", None)
    folder = cache_folder()
    if not isinstance(version, str) or not version or folder is None:
        return None
    safe = "".join(c if c.isascii() and (c.isalnum() or c in ".+-_") else "_" for c in version)
    return folder / f"zip-states-{_PACKAGE}-{safe}.bin"


def _read_cache(path: Path) -> _ZipTable | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _ZipTable.from_bytes(data)


def _write_cache(path: Path, table: _ZipTable) -> None:
    """Write the cache file whole (a temporary file renamed), or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(table.to_bytes())
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@functools.lru_cache(maxsize=1)
def _table() -> _ZipTable | None:
    """The table (from the cache file, else built and cached), or None without data."""
    module = _module()
    if module is None:
        return None
    path = _cache_file(module)
    cached = _read_cache(path) if path is not None else None
    if cached is not None:
        return cached
    built = _Builder().build(module)
    if built is not None and path is not None:
        _write_cache(path, built)
    return built


def load_zip_table() -> None:
    """Read the ZIP table now (before worker processes fork, so that they share it)."""
    _table()


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
