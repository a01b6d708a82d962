"""The shape of the state policy data (``states.toml``), validated on load.

Every value a state entry holds must be named by one of its sources (the citation,
where it was read, the level of verification and, when the source gives one, its
date), and every field a source names must hold a value: a number without a source,
or a source for nothing, is refused when the data is loaded.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..codes import STATE_CODES

__all__ = [
    "VALUED_FIELDS",
    "Clock",
    "ConditionalCeiling",
    "FederalRule",
    "Hours",
    "Level",
    "PolicyData",
    "Source",
    "StateEntry",
    "ValuedField",
]

#: primary = read in the statute, regulation or the agency's own manual; secondary =
#: read in a summary.
Level = Literal["primary", "secondary"]
#: Where the hours run from: the agency's notice, or the child's departure.
Clock = Literal["notice", "departure"]
#: A number of hours, or the state's "immediately" without a number.
Hours = float | Literal["immediately"]
#: The fields of an entry that hold a value and so need a source.
ValuedField = Literal[
    "police_deadline_hours",
    "ncmec_deadline_hours",
    "clock_starts",
    "extended_care_max_age",
    "conditional_extended_care",
    "weaker_than_federal",
]
VALUED_FIELDS: tuple[ValuedField, ...] = get_args(ValuedField)

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where one or more values were read."""

    applies_to: tuple[ValuedField, ...] = Field(min_length=1)
    citation: str = Field(min_length=1)
    #: Where it was read: an address, a document, or "not recorded".
    where: str = Field(min_length=1)
    level: Level
    #: The source's own date (effective, revised or published), when it gives one.
    date: str | None = Field(None, pattern=_DATE)

    def as_json(self) -> dict[str, object]:
        """The source as ``policy --format json`` writes it."""
        return {
            "applies_to": list(self.applies_to),
            "citation": self.citation,
            "where": self.where,
            "level": self.level,
        }


class ConditionalCeiling(_Strict):
    """An extended-care ceiling that holds only on a condition the report cannot show."""

    max_age: int = Field(ge=18, le=26)
    condition: str = Field(min_length=1)


class _Sourced(_Strict):
    sources: tuple[Source, ...] = ()

    @model_validator(mode="after")
    def _every_value_sourced(self) -> _Sourced:
        held = {name for name in VALUED_FIELDS if getattr(self, name, None) is not None}
        named = {name for source in self.sources for name in source.applies_to}
        if held - named:
            raise ValueError(f"no source for {', '.join(sorted(held - named))}")
        if named - held:
            raise ValueError(f"a source names {', '.join(sorted(named - held))}, not on file")
        return self


class FederalRule(_Sourced):
    """The federal floor that applies wherever a state has nothing on file."""

    police_deadline_hours: float = Field(gt=0)
    ncmec_deadline_hours: float = Field(gt=0)
    clock_starts: Clock
    extended_care_max_age: int = Field(ge=18, le=21)


class StateEntry(_Sourced):
    """What one state's own law or policy says, as far as it was verified."""

    name: str = Field(min_length=1)
    police_deadline_hours: Hours | None = None
    ncmec_deadline_hours: Hours | None = None
    clock_starts: Clock | None = None
    extended_care_max_age: int | None = Field(None, ge=18, le=22)
    conditional_extended_care: ConditionalCeiling | None = None
    weaker_than_federal: str | None = None
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _hours_positive(self) -> StateEntry:
        for hours in (self.police_deadline_hours, self.ncmec_deadline_hours):
            if isinstance(hours, float) and not 0 < hours <= 24 * 30:
                raise ValueError(f"{hours:g} hours is no deadline")
        return self


class PolicyData(_Strict):
    """The whole file: the research version, the federal rule and the states on file."""

    #: When the research was done (year and month).
    read: str = Field(pattern=_DATE)
    federal: FederalRule
    states: dict[str, StateEntry]

    @model_validator(mode="after")
    def _state_codes(self) -> PolicyData:
        unknown = sorted(set(self.states) - STATE_CODES)
        if unknown:
            raise ValueError(f"not USPS state codes: {', '.join(unknown)}")
        return self
