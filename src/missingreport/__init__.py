"""missingreport: make reports of children missing from foster care right, on time and provable.

The public API::

    from missingreport import validate, MissingChildReport

    result = validate(record, as_of="2024-03-07T00:00:00-05:00")
    for finding in result.findings:
        print(finding.code, finding.path, finding.message)
"""

from __future__ import annotations

from . import rules
from ._version import RULESET, SCHEMA_VERSION, __version__
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
