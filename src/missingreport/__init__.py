"""missingreport: make reports of children missing from foster care right, on time and provable.

The public API::

    from missingreport import validate, MissingChildReport

    result = validate(record, as_of="2024-03-07T00:00:00-05:00")
    for finding in result.findings:
        print(finding.code, finding.path, finding.message)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import RULESET, SCHEMA_VERSION, __version__

if TYPE_CHECKING:
    from . import rules
    from .codes import StateCode
    from .config import Config, Policy, load_config
    from .engine import Engine, RawRecord, check_files, validate, validate_many
    from .errors import AsOfError, ConfigError, InputError, MissingReportError
    from .findings import Finding, RecordResult, Severity, ValidationResult
    from .rules import Rule, all_rules, get_rule
    from .schema import (
        Address,
        Agency,
        CaseworkerContact,
        Child,
        Contact,
        Endangerment,
        Episode,
        LawEnforcementReport,
        MissingChildReport,
        NcmecReport,
        Photo,
        Recovery,
        report_json_schema,
    )
    from .temporal import DateOrDateTime, DateTimeValue, DateValue
    from .types import (
        Email,
        NcicNumber,
        NcmecCaseNumber,
        Ori,
        PhoneNumber,
        PhoneNumberValidator,
        PostalCode,
    )

#: Each public name and the module that defines it (``""``: the name is a module).
#: Names are imported when first used, so that ``missingreport --version`` or a tool
#: that only needs one field type does not load the rule catalogue.
_LAZY: dict[str, str] = {
    "rules": "",
    "StateCode": "codes",
    "Config": "config",
    "Policy": "config",
    "load_config": "config",
    "Engine": "engine",
    "RawRecord": "engine",
    "check_files": "engine",
    "validate": "engine",
    "validate_many": "engine",
    "AsOfError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "MissingReportError": "errors",
    "Finding": "findings",
    "RecordResult": "findings",
    "Severity": "findings",
    "ValidationResult": "findings",
    "Rule": "rules",
    "all_rules": "rules",
    "get_rule": "rules",
    "Address": "schema",
    "Agency": "schema",
    "CaseworkerContact": "schema",
    "Child": "schema",
    "Contact": "schema",
    "Endangerment": "schema",
    "Episode": "schema",
    "LawEnforcementReport": "schema",
    "MissingChildReport": "schema",
    "NcmecReport": "schema",
    "Photo": "schema",
    "Recovery": "schema",
    "report_json_schema": "schema",
    "DateOrDateTime": "temporal",
    "DateTimeValue": "temporal",
    "DateValue": "temporal",
    "Email": "types",
    "NcicNumber": "types",
    "NcmecCaseNumber": "types",
    "Ori": "types",
    "PhoneNumber": "types",
    "PhoneNumberValidator": "types",
    "PostalCode": "types",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module(f".{module or name}", __name__)
    if module:
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "RULESET",
    "SCHEMA_VERSION",
    "Address",
    "Agency",
    "AsOfError",
    "CaseworkerContact",
    "Child",
    "Config",
    "ConfigError",
    "Contact",
    "DateOrDateTime",
    "DateTimeValue",
    "DateValue",
    "Email",
    "Endangerment",
    "Engine",
    "Episode",
    "Finding",
    "InputError",
    "LawEnforcementReport",
    "MissingChildReport",
    "MissingReportError",
    "NcicNumber",
    "NcmecCaseNumber",
    "NcmecReport",
    "Ori",
    "PhoneNumber",
    "PhoneNumberValidator",
    "Photo",
    "Policy",
    "PostalCode",
    "RawRecord",
    "RecordResult",
    "Recovery",
    "Rule",
    "Severity",
    "StateCode",
    "ValidationResult",
    "__version__",
    "all_rules",
    "check_files",
    "get_rule",
    "load_config",
    "report_json_schema",
    "rules",
    "validate",
    "validate_many",
]
