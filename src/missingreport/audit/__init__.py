"""The compliance picture of a set of reports, as the HHS-OIG audit drew it.

:func:`audit_reports` streams reports through the rules and returns an
:class:`AuditResult` (outcomes of the duties to report to NCMEC and to the police,
the delay of the NCMEC reports, breakdowns by age band, placement type and county,
the failure rate of each rule over the records it applies to, and, for a sample, the
projection onto its population); :func:`render` writes it as ``json``, ``markdown``
or ``html``.
"""

from __future__ import annotations

from .compute import DEFAULT_STRATUM_FIELD, AuditOptionError, audit_reports, check_field_path
from .estimates import (
    Estimate,
    StrataFileError,
    Stratum,
    read_strata,
    srs_estimate,
    stratified_estimate,
)
from .render import FORMATS, render
from .result import AuditResult, DelayStats, Estimates, Outcomes, RuleRate, StateRow

__all__ = [
    "DEFAULT_STRATUM_FIELD",
    "FORMATS",
    "AuditOptionError",
    "AuditResult",
    "DelayStats",
    "Estimate",
    "Estimates",
    "Outcomes",
    "RuleRate",
    "StateRow",
    "StrataFileError",
    "Stratum",
    "audit_reports",
    "check_field_path",
    "read_strata",
    "render",
    "srs_estimate",
    "stratified_estimate",
]
