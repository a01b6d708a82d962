"""Code tables of the canonical report (report-schema.md), with their sources.

Codes follow NCIC where NCIC has a code table (NCIC 2000 Code Manual, Missing
Person File entry form): sex, race, hair, eyes, skin and missing-person category.
Each table is a ``Literal`` type (it becomes a JSON Schema ``enum``) and a
frozenset of its values for rules that need to test membership.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "CIRCUMSTANCES",
    "STATE_CODES",
    "STATE_TIME_ZONES",
    "Circumstance",
    "Ethnicity",
    "EyeColor",
    "HairColor",
    "NcicCategory",
    "NcmecMethod",
    "PlacementType",
    "Race",
    "ReportedBy",
    "Sex",
    "SkinTone",
    "StateCode",
    "TraffickingScreening",
    "TriState",
    "state_time_zone",
]

#: NCIC SEX; ``U`` = unknown.
Sex = Literal["M", "F", "U"]
#: NCIC RAC: Asian, Black, American Indian/Alaska Native, Native Hawaiian/Pacific Islander,
#: White, Unknown.
Race = Literal["A", "B", "I", "P", "W", "U"]
#: Hispanic, not Hispanic, unknown.
Ethnicity = Literal["H", "N", "U"]
#: NCIC HAI.
HairColor = Literal[
    "BAL", "BLK", "BLN", "BLU", "BRO", "GRN", "GRY", "ONG", "PLE", "PNK", "RED", "SDY", "WHI", "XXX"
]
#: NCIC EYE.
EyeColor = Literal["BLK", "BLU", "BRO", "GRN", "GRY", "HAZ", "MAR", "MUL", "PNK", "XXX"]
#: NCIC SKN.
SkinTone = Literal[
    "ALB", "BLK", "DBR", "DRK", "FAR", "LBR", "LGT", "MBR", "MED", "OLV", "RUD", "SAL", "YEL"
]
#: Explicit answers: a blank is never "no" (45 CFR 1355.43(d)).
TriState = Literal["yes", "no", "unknown"]
Circumstance = Literal[
    "runaway",
    "family_abduction",
    "nonfamily_abduction",
    "lost_injured_otherwise_missing",
    "unknown",
]
#: NCIC Missing Person File category (MKE): juvenile, endangered, involuntary, disability,
#: catastrophe victim, other.
NcicCategory = Literal["EMJ", "EME", "EMI", "EMD", "EMV", "EMO"]
PlacementType = Literal[
    "foster_family_home_relative",
    "foster_family_home_nonrelative",
    "pre_adoptive_home",
    "group_home",
    "institution",
    "qualified_residential_treatment_program",
    "supervised_independent_living",
    "trial_home_visit",
    "other",
]
NcmecMethod = Literal["call_center", "web", "system_to_system"]
ReportedBy = Literal["agency", "law_enforcement"]
TraffickingScreening = Literal["positive", "negative", "not_done"]
#: USPS codes: the 50 states, DC, and the territories PR, VI, GU, AS, MP.
StateCode = Literal[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC", "PR", "VI", "GU", "AS", "MP",
]  # fmt: skip

STATE_CODES: frozenset[str] = frozenset(get_args(StateCode))
CIRCUMSTANCES: frozenset[str] = frozenset(get_args(Circumstance))

_EASTERN, _CENTRAL, _MOUNTAIN, _PACIFIC = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)

#: The IANA time zone of each state: for a state spanning several zones, the zone of
#: most of its people. The second item is True when the state spans several zones.
STATE_TIME_ZONES: dict[str, tuple[str, bool]] = {
    "AL": (_CENTRAL, False), "AK": ("America/Anchorage", True), "AZ": ("America/Phoenix", True),
    "AR": (_CENTRAL, False), "CA": (_PACIFIC, False), "CO": (_MOUNTAIN, False),
    "CT": (_EASTERN, False), "DE": (_EASTERN, False), "FL": (_EASTERN, True),
    "GA": (_EASTERN, False), "HI": ("Pacific/Honolulu", False), "ID": ("America/Boise", True),
    "IL": (_CENTRAL, False), "IN": ("America/Indiana/Indianapolis", True),
    "IA": (_CENTRAL, False), "KS": (_CENTRAL, True), "KY": ("America/Kentucky/Louisville", True),
    "LA": (_CENTRAL, False), "ME": (_EASTERN, False), "MD": (_EASTERN, False),
    "MA": (_EASTERN, False), "MI": ("America/Detroit", True), "MN": (_CENTRAL, False),
    "MS": (_CENTRAL, False), "MO": (_CENTRAL, False), "MT": (_MOUNTAIN, False),
    "NE": (_CENTRAL, True), "NV": (_PACIFIC, True), "NH": (_EASTERN, False),
    "NJ": (_EASTERN, False), "NM": (_MOUNTAIN, False), "NY": (_EASTERN, False),
    "NC": (_EASTERN, False), "ND": (_CENTRAL, True), "OH": (_EASTERN, False),
    "OK": (_CENTRAL, False), "OR": (_PACIFIC, True), "PA": (_EASTERN, False),
    "RI": (_EASTERN, False), "SC": (_EASTERN, False), "SD": (_CENTRAL, True),
    "TN": (_CENTRAL, True), "TX": (_CENTRAL, True), "UT": (_MOUNTAIN, False),
    "VT": (_EASTERN, False), "VA": (_EASTERN, False), "WA": (_PACIFIC, False),
    "WV": (_EASTERN, False), "WI": (_CENTRAL, False), "WY": (_MOUNTAIN, False),
    "DC": (_EASTERN, False), "PR": ("America/Puerto_Rico", False),
    "VI": ("America/St_Thomas", False), "GU": ("Pacific/Guam", False),
    "AS": ("Pacific/Pago_Pago", False), "MP": ("Pacific/Saipan", False),
}  # fmt: skip


def state_time_zone(state: str | None) -> tuple[str, bool]:
    """The IANA zone used for a state's local times, and whether the state spans zones.

    An unknown or missing state falls back to UTC (and is reported elsewhere).
    """
    if state is None:
        return ("UTC", False)
    return STATE_TIME_ZONES.get(state, ("UTC", False))
