"""Imports every rule family so that their rules register (in code order)."""

from __future__ import annotations

from . import (
    age,
    batch,
    content,
    dates,
    identifiers,
    plausibility,
    reconciliation,
    state,
    structure,
    timeliness,
)

__all__ = [
    "age",
    "batch",
    "content",
    "dates",
    "identifiers",
    "plausibility",
    "reconciliation",
    "state",
    "structure",
    "timeliness",
]
