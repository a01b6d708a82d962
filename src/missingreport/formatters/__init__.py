"""Output formats: one module per format, each registered by its ``--format`` name.

``text`` (for people), ``json`` (the fixed keys of interfaces.md), ``jsonl`` (one
finding per line), ``sarif`` (SARIF 2.1.0), ``junit`` (JUnit XML), ``github``
(workflow annotations) and ``gitlab`` (GitLab Code Quality). A new format is a
:class:`Formatter` subclass decorated with :func:`register` in a module imported here.
"""

from __future__ import annotations

from . import github as _github  # noqa: F401 - registers github
from . import gitlab as _gitlab  # noqa: F401 - registers gitlab
from . import json as _json  # noqa: F401 - registers json, jsonl
from . import junit as _junit  # noqa: F401 - registers junit
from . import sarif as _sarif  # noqa: F401 - registers sarif
from . import text as _text  # noqa: F401 - registers text
from ._base import FORMATTERS, Formatter, RunInfo, Tally, register

__all__ = ["FORMATTERS", "Formatter", "RunInfo", "Tally", "register"]
