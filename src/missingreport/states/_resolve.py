"""The policy the tool applies for one state: the state's values, else the federal ones.

:func:`policy_of` answers for any state or territory code. A state with nothing on
file answers with the federal values and says so; a value the state has not got on
file (Massachusetts has a ceiling but no deadline of its own) comes from the federal
rule, with the federal citation.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..codes import STATE_CODES
from ._model import Clock, PolicyData, Source, ValuedField

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "NOTHING_ON_FILE",
    "StatePolicy",
    "load_policy_data",
    "policy_of",
    "resolve_setting",
    "states_on_file",
]

#: The note of a state with nothing on file.
NOTHING_ON_FILE = "no state policy on file: the federal rule applies"

_DEADLINES: tuple[ValuedField, ...] = (
    "police_deadline_hours",
    "ncmec_deadline_hours",
    "clock_starts",
)


@lru_cache(maxsize=1)
def load_policy_data() -> PolicyData:
    """The state policy data shipped with the package, validated (read once)."""
    text = files(__package__).joinpath("states.toml").read_text(encoding="utf-8")
    return PolicyData.model_validate(tomllib.loads(text))


def states_on_file() -> list[str]:
    """The codes of the states with something on file, in alphabetical order."""
    return sorted(load_policy_data().states)


@dataclass(frozen=True)
class StatePolicy:
    """What the tool applies for one state.

    Attributes:
        state: the USPS code.
        name: the state's name (``None`` for a state with nothing on file).
        police_deadline_hours: hours to the police report; ``None`` where the state
            says "immediately" without a number (the federal bound then applies).
        ncmec_deadline_hours: likewise for NCMEC.
        clock_starts: ``notice`` or ``departure`` (from ``episode.last_seen_at``).
        extended_care_max_age: the unconditional extended-care ceiling.
        weaker_than_federal: what the written policy says that is weaker than the
            federal rule (the federal rule still governs), if anything.
        notes: what a user should know, including conditional ceilings.
        sources: the source of every value, the federal ones included.
        on_file: whether the state has anything on file.
        federal_fields: the values taken from the federal rule.
    """

    state: str
    name: str | None
    police_deadline_hours: float | None
    ncmec_deadline_hours: float | None
    clock_starts: Clock
    extended_care_max_age: int
    weaker_than_federal: str | None
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    on_file: bool
    federal_fields: frozenset[ValuedField] = frozenset()

    def is_own(self, field: ValuedField) -> bool:
        """Whether the value of ``field`` is the state's own, not the federal one."""
        return self.on_file and field not in self.federal_fields

    @property
    def label(self) -> str:
        """The state's name, or its code when it has nothing on file."""
        return self.name or self.state

    def source_of(self, field: ValuedField) -> Source:
        """The source of one value (every value has one)."""
        for source in self.sources:
            if field in source.applies_to:
                return source
        raise KeyError(field)  # pragma: no cover - the data is validated

    def stricter_hours(self, field: ValuedField, federal_hours: float) -> float | None:
        """The state's hours for ``field`` when they are stricter than ``federal_hours``.

        Stricter: fewer hours, or as many counted from the departure (which comes
        before the notice). ``None`` when the state's deadline is "immediately", not
        on file, or no stricter than the federal one.
        """
        hours = getattr(self, field)
        if not isinstance(hours, float):
            return None
        if hours < federal_hours or (self.clock_starts == "departure" and hours <= federal_hours):
            return hours
        return None

    def as_json(self) -> dict[str, object]:
        """The policy as ``policy STATE --format json`` writes it."""
        return {
            "state": self.state,
            "police_deadline_hours": _number(self.police_deadline_hours),
            "ncmec_deadline_hours": _number(self.ncmec_deadline_hours),
            "clock_starts": self.clock_starts,
            "extended_care_max_age": self.extended_care_max_age,
            "weaker_than_federal": self.weaker_than_federal,
            "notes": list(self.notes),
            "sources": [source.as_json() for source in self.sources],
        }


def _number(hours: float | None) -> int | float | None:
    if hours is None:
        return None
    return int(hours) if hours == int(hours) else hours


def _federal_sources(data: PolicyData, fields: set[ValuedField]) -> list[Source]:
    out = []
    for source in data.federal.sources:
        taken = tuple(f for f in source.applies_to if f in fields)
        if taken:
            out.append(source.model_copy(update={"applies_to": taken}))
    return out


@lru_cache(maxsize=128)
def policy_of(state: str) -> StatePolicy:
    """The policy the tool applies for ``state`` (a USPS state or territory code).

    Raises:
        ValueError: ``state`` is no state or territory code.
    """
    code = state.strip().upper()
    if code not in STATE_CODES:
        raise ValueError(f"{state!r} is not a USPS state or territory code")
    data = load_policy_data()
    federal = data.federal
    entry = data.states.get(code)
    if entry is None:
        return StatePolicy(
            state=code,
            name=None,
            police_deadline_hours=federal.police_deadline_hours,
            ncmec_deadline_hours=federal.ncmec_deadline_hours,
            clock_starts=federal.clock_starts,
            extended_care_max_age=federal.extended_care_max_age,
            weaker_than_federal=None,
            notes=(NOTHING_ON_FILE,),
            sources=tuple(federal.sources),
            on_file=False,
        )
    from_federal: set[ValuedField] = set()
    hours: dict[str, float | None] = {}
    for field in ("police_deadline_hours", "ncmec_deadline_hours"):
        value = getattr(entry, field)
        if value is None:
            from_federal.add(field)
            hours[field] = getattr(federal, field)
        else:
            hours[field] = None if value == "immediately" else float(value)
    if entry.clock_starts is None:
        from_federal.add("clock_starts")
    if entry.extended_care_max_age is None:
        from_federal.add("extended_care_max_age")
    notes = list(entry.notes)
    if all(getattr(entry, f) is None for f in _DEADLINES):
        notes.append("no deadline on file: the federal 24 hours apply")
    ceiling = entry.conditional_extended_care
    max_age = entry.extended_care_max_age or federal.extended_care_max_age
    conditional = [s for s in entry.sources if "conditional_extended_care" in s.applies_to]
    if ceiling is not None:
        cited = conditional[0].citation
        notes.append(
            f"extended care to {ceiling.max_age} {ceiling.condition} ({cited}): the report has "
            f"no field to show it, so the tool uses {max_age}"
        )
    if entry.weaker_than_federal is not None:
        notes.append("weaker than the federal rule on paper: the federal rule still governs")
    sources = [s for s in entry.sources if s not in conditional] + conditional
    return StatePolicy(
        state=code,
        name=entry.name,
        police_deadline_hours=hours["police_deadline_hours"],
        ncmec_deadline_hours=hours["ncmec_deadline_hours"],
        clock_starts=entry.clock_starts or federal.clock_starts,
        extended_care_max_age=max_age,
        weaker_than_federal=entry.weaker_than_federal,
        notes=tuple(notes),
        sources=(*sources, *_federal_sources(data, from_federal)),
        on_file=True,
        federal_fields=frozenset(from_federal),
    )


def resolve_setting(setting: str, agency_state: str | None) -> StatePolicy | None:
    """The policy a report is judged by under ``state_policy = setting``.

    ``auto``: the custodial agency's state (``None`` when it has none, or it is no
    state code); ``federal``: ``None`` (no state policy); a state code: that state's.
    """
    if setting == "federal":
        return None
    if setting == "auto":
        if agency_state is None or agency_state not in STATE_CODES:
            return None
        return policy_of(agency_state)
    return policy_of(setting)
