"""Faults of the tool or its invocation (exit 2), never of the data.

::

    MissingReportError
     ├── ConfigError      a configuration file or option is invalid
     │    └── AsOfError   the moment of a check (as_of) is no date or datetime
     └── InputError       an input cannot be opened at all (not found, a folder of nothing)

Bad *data* is never an exception: it is findings.
"""

from __future__ import annotations

__all__ = ["AsOfError", "ConfigError", "InputError", "MissingReportError"]


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
