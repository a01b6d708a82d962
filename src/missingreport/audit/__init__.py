"""The compliance picture of a set of reports, as the HHS-OIG audit drew it."""

from __future__ import annotations

from .estimates import (
    Estimate,
    StrataFileError,
    Stratum,
    read_strata,
    srs_estimate,
    stratified_estimate,
)

__all__ = [
    "Estimate",
    "StrataFileError",
    "Stratum",
    "read_strata",
    "srs_estimate",
    "stratified_estimate",
]
