"""Output formats: one module per format, each registered by its ``--format`` name.

``text`` (for people), ``json`` (the fixed keys of interfaces.md), ``jsonl`` (one
finding per line), ``sarif`` (SARIF 2.1.0), ``junit`` (JUnit XML), ``github``
(workflow annotations) and ``gitlab`` (GitLab Code Quality). A new format is a
:class:`Formatter` subclass decorated with :func:`register` in a module named in
:data:`FORMAT_MODULES`.

A format's module is imported when the format is first used (:func:`get_formatter`),
so that a run loads only the format it writes; :data:`FORMATTERS` (every format)
imports them all.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._base import Formatter, RunInfo, Tally, register

__all__ = [
    "FORMATTERS",
    "FORMAT_MODULES",
    "Formatter",
    "RunInfo",
    "Tally",
    "get_formatter",
    "register",
]

#: Each ``--format`` name and the module of this package that registers it.
FORMAT_MODULES: dict[str, str] = {
    "github": "github",
    "gitlab": "gitlab",
    "json": "json",
    "jsonl": "json",
    "junit": "junit",
    "sarif": "sarif",
    "text": "text",
}


def get_formatter(name: str) -> type[Formatter]:
    """The formatter class of a ``--format`` name (its module imported first).

    Raises:
        KeyError: no format has that name.
    """
    from ._base import FORMATTERS

    if name not in FORMATTERS:
        importlib.import_module(f"{__name__}.{FORMAT_MODULES[name]}")
    return FORMATTERS[name]


def __getattr__(name: str) -> Any:
    """``FORMATTERS``: the registry with every format loaded (PEP 562)."""
    if name == "FORMATTERS":
        from ._base import FORMATTERS

        for format_name in FORMAT_MODULES:
            get_formatter(format_name)
        return FORMATTERS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
