"""State policy: each state's own deadlines, clock and extended-care ceiling, with sources.

The federal rule (42 U.S.C. 671(a)(35)(B): police and NCMEC within 24 hours of the
agency's notice) is the floor everywhere. Many states are stricter. ``states.toml``
holds what was verified, state by state, each value with its citation, where it was
read, its level (primary or secondary) and the source's date; :func:`policy_of` gives
what the tool applies for a state, and says so when a state has nothing on file.

    >>> policy_of("MO").ncmec_deadline_hours
    2.0
"""

from __future__ import annotations

from ._model import VALUED_FIELDS, ConditionalCeiling, PolicyData, Source, StateEntry
from ._resolve import (
    NOTHING_ON_FILE,
    StatePolicy,
    load_policy_data,
    policy_of,
    resolve_setting,
    states_on_file,
)

__all__ = [
    "NOTHING_ON_FILE",
    "VALUED_FIELDS",
    "ConditionalCeiling",
    "PolicyData",
    "Source",
    "StateEntry",
    "StatePolicy",
    "load_policy_data",
    "policy_of",
    "resolve_setting",
    "states_on_file",
]
