"""Output formats: one module per format, each registered by its ``--format`` name."""

from __future__ import annotations

from . import json as _json  # noqa: F401 - registers json, jsonl
from . import text as _text  # noqa: F401 - registers text
from ._base import FORMATTERS, Formatter, RunInfo, Tally, register

__all__ = ["FORMATTERS", "Formatter", "RunInfo", "Tally", "register"]
