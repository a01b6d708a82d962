"""ZIP code to state, from the optional ``zipcodes`` package.

Used by rule MR308 (postal-code-state-mismatch).  The data is not copied into
this library: it comes from ``zipcodes`` (PyPI, MIT licence), installed by the
``zip`` extra (``pip install missingreport[zip]``).  The package embeds its
dataset (no SQLite, no data files, no network); when it is missing,
:func:`zip_available` is false and :func:`zip_states` returns ``None``.

The index
---------
``zipcodes.matching()`` scans the whole dataset on each call, so a dict from
ZIP code to state codes is built once, on the first lookup, from
``zipcodes.similar_to(d)`` for each leading digit ``d`` (this covers every
5-digit ZIP the package knows, and, unlike ``zipcodes.list_all()``, does not
leave the package holding a cached list of 42,000 dicts, which costs about
80 MB more).  All records are used, active or not (a retired ZIP still names
a state), including territories (PR, VI, GU, AS, MP), the freely associated
states (FM, MH, PW) and the military "states" (AA, AE, AP).  States are USPS
two-letter codes.  The package's data (zipcodes 3.0.0) gives one state per
ZIP, so the frozensets have one element; the type allows more for ZIPs that
straddle state lines.

Speed (measured on the development machine, zipcodes 3.0.0 with 42,789 ZIP
codes, Python 3.11): building the index takes 0.6-0.9 s, once, on the first
lookup; a lookup then costs about 0.5 us (100,000 lookups in 0.05-0.07 s).
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

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
    """Forget the cached import and index (for tests)."""
    _index.cache_clear()
    _module.cache_clear()


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[str]] | None:
    module = _module()
    if module is None:
        return None
    states: dict[str, set[str]] = {}
    try:
        for digit in "0123456789":
            for record in module.similar_to(digit):
                zip_code = record.get("zip_code")
                state = record.get("state")
                if isinstance(zip_code, str) and isinstance(state, str) and state:
                    states.setdefault(zip_code, set()).add(state.upper())
    except (AttributeError, TypeError, ValueError):
        return None
    shared: dict[frozenset[str], frozenset[str]] = {}  # one frozenset per distinct value
    return {
        zip_code: shared.setdefault(frozenset(codes), frozenset(codes))
        for zip_code, codes in states.items()
    }


def zip_states(zip5: str) -> frozenset[str] | None:
    """USPS state codes that a 5-digit ZIP code belongs to, or None.

    ``None`` when the ZIP is not five ASCII digits, is unknown to the data, or
    the ``zipcodes`` package is not installed.  Never raises.
    """
    if not (isinstance(zip5, str) and len(zip5) == 5 and zip5.isascii() and zip5.isdigit()):
        return None
    index = _index()
    if index is None:
        return None
    return index.get(zip5)
