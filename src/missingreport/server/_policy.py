"""``GET /v1/policy/{state}``: the policy the tool applies for a state.

The same document as ``missingreport policy STATE --format json``
(:meth:`~missingreport.states.StatePolicy.as_json`): the state's own deadlines, clock
and care ceiling with their sources, or the federal rule and "no state policy on file".
"""

from __future__ import annotations

from typing import Any

from ..codes import STATE_CODES
from ..states import policy_of

__all__ = ["policy_document"]


def policy_document(state: str) -> dict[str, Any] | None:
    """The JSON of ``missingreport policy STATE --format json``; ``None`` for no state."""
    code = state.strip().upper()
    if code not in STATE_CODES:
        return None
    return policy_of(code).as_json()
