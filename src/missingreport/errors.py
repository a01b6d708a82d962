"""Faults of the tool or its invocation (exit 2), never of the data.

::

    MissingReportError
     ├── ConfigError      a configuration file or option is invalid
     │    └── AsOfError   the moment of a check (as_of) is no date or datetime
     └── InputError       an input cannot be opened at all (not found, a folder of nothing)

Bad *data* is never an exception: it is findings.
"""

from __future__ import annotations

import traceback
from pathlib import Path

__all__ = ["AsOfError", "ConfigError", "InputError", "MissingReportError", "fault_site"]


class MissingReportError(Exception):
    """Base of the tool's own faults."""


class ConfigError(MissingReportError):
    """A configuration file, mapping file or option is invalid."""


class InputError(MissingReportError):
    """An input path cannot be read at all."""


class AsOfError(ConfigError, ValueError):
    """``as_of`` (``--as-of``) is no ISO 8601 date or datetime.

    A :class:`ValueError` too, as the argument of a function whose value is wrong.
    """


def fault_site(exc: BaseException) -> str:
    """The exception's type and innermost frame (``KeyError at engine.py:120``).

    Never its text, which may quote data: this is what a log line or an internal-error
    message may say of a bug.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}"
