"""The rule catalogue (rules.md): every check, with its permanent code.

Families, one module each:

- :mod:`.structure` MR0xx input and structure (reported by the schema validation)
- :mod:`.age` MR1xx age and eligibility
- :mod:`.timeliness` and :mod:`.dates` MR2xx dates and timeliness
- :mod:`.identifiers` MR3xx identifiers and contacts
- :mod:`.content` MR4xx required content of a report
- :mod:`.plausibility` MR5xx plausibility and placeholders
- :mod:`.batch` MR6xx across the reports of one run
- :mod:`.reconciliation` MR7xx agency records against NCMEC reports
"""

from __future__ import annotations

import sys
import types

from ._base import DOC_HEADINGS, BatchRule, Context, RecordKey, Rule, Scope, all_rules, get_rule
from ._select import matches, reference_map, resolve, select_rules

__all__ = [
    "DOC_HEADINGS",
    "BatchRule",
    "Context",
    "RecordKey",
    "Rule",
    "Scope",
    "all_rules",
    "get_rule",
    "matches",
    "reference_map",
    "resolve",
    "select_rules",
]


class _Catalogue(types.ModuleType):
    """The package is also callable: ``missingreport.rules()`` lists the catalogue."""

    def __call__(self) -> list[type[Rule]]:
        return all_rules()


sys.modules[__name__].__class__ = _Catalogue
