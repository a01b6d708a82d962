"""``GET /v1/policy/{state}``: the policy the tool applies for a state.

:func:`policy_document` is the one place the service asks for a state's policy.
Until the state-policy tables are part of the package it answers, for every state,
the federal rule (42 U.S.C. 671(a)(35)(B): police and NCMEC within 24 hours of the
agency's notice) with the extended-care age of the configuration, and says that no
state policy is on file.
"""

from __future__ import annotations

from typing import Any

from ..codes import STATE_CODES
from ..config import Policy

__all__ = ["NO_POLICY_NOTE", "policy_document"]

NO_POLICY_NOTE = "no state policy on file: the federal rule applies"
_FEDERAL = "42 U.S.C. 671(a)(35)(B)"


def policy_document(state: str, policy: Policy) -> dict[str, Any] | None:
    """The JSON of ``missingreport policy STATE --format json``; ``None`` for no state."""
    code = state.upper()
    if code not in STATE_CODES:
        return None
    return {
        "state": code,
        "police_deadline_hours": policy.le_deadline_hours,
        "ncmec_deadline_hours": policy.deadline_hours,
        "clock_starts": "notice",
        "extended_care_max_age": policy.extended_care_max_age,
        "weaker_than_federal": None,
        "notes": [NO_POLICY_NOTE],
        "sources": [
            {
                "applies_to": ["police_deadline_hours", "ncmec_deadline_hours"],
                "citation": _FEDERAL,
                "where": "the federal rule: immediately, and no later than 24 hours after "
                "the agency receives the information",
                "level": "primary",
            }
        ],
    }
