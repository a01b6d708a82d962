"""The canonical report of one missing episode, schema version 1.0 (report-schema.md).

The field names are a contract: the JSON Schema in ``schemas/`` is generated from
these models (:func:`report_json_schema`), CSV mappings point at them, and every
finding's ``path`` uses them. Unknown keys are rejected.

Structure is checked here (types, code tables, lengths, patterns, the field types of
:mod:`missingreport.types`); everything that needs judgement, a clock or several
fields at once is a rule in :mod:`missingreport.rules`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ._version import SCHEMA_VERSION
from .codes import (
    Circumstance,
    Ethnicity,
    EyeColor,
    HairColor,
    NcicCategory,
    NcmecMethod,
    PlacementType,
    Race,
    ReportedBy,
    Sex,
    SkinTone,
    StateCode,
    TraffickingScreening,
    TriState,
)
from .problems import MALFORMED_POSTAL_CODE, UNSUPPORTED_SCHEMA_VERSION
from .temporal import DateOrDateTime, DateTimeValue, DateValue
from .types import ZIP_MESSAGE, ZIP_PATTERN, Email, Ori, PhoneNumber, is_us_zip

__all__ = [
    "LIST_MAX",
    "Address",
    "Agency",
    "CaseworkerContact",
    "Child",
    "Contact",
    "Endangerment",
    "Episode",
    "LawEnforcementReport",
    "MissingChildReport",
    "NcmecReport",
    "Photo",
    "Recovery",
    "report_json_schema",
]

#: Most items a list may hold.
LIST_MAX = 50

#: Surrounding white space is stripped, so a blank string is "not recorded" (MR002); the
#: JSON Schema says the same with a pattern that asks for one visible character.
_NOT_BLANK: dict[str, Any] = {"pattern": r"\S"}

#: A name or nickname: 1-100 characters.
Name = Annotated[str, Field(min_length=1, max_length=100, json_schema_extra=_NOT_BLANK)]
#: An identifier: 1-64 characters.
Identifier = Annotated[str, Field(min_length=1, max_length=64, json_schema_extra=_NOT_BLANK)]
#: Free text (narrative, risks, marks): up to 10,000 characters.
Text = Annotated[str, Field(min_length=1, max_length=10_000, json_schema_extra=_NOT_BLANK)]
#: Any other string: up to 200 characters.
Short = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra=_NOT_BLANK)]


def _schema_version(value: str) -> str:
    if value != SCHEMA_VERSION:
        raise PydanticCustomError(
            UNSUPPORTED_SCHEMA_VERSION,
            "is a schema version this release does not read (it reads {supported}): write "
            "the report in schema {supported}",
            {"supported": SCHEMA_VERSION},
        )
    return value


SchemaVersion = Annotated[
    str,
    AfterValidator(_schema_version),
    Field(json_schema_extra={"const": SCHEMA_VERSION}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class Address(_Model):
    """A place: city and state at least, for the place last seen (MR405)."""

    street: Short | None = None
    city: Short | None = None
    state: StateCode | None = None
    postal_code: (
        Annotated[str, Field(min_length=1, max_length=10, json_schema_extra=_NOT_BLANK)] | None
    ) = Field(default=None, description="ZIP or ZIP+4 when the country is US")
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = Field(
        default="US", description="ISO 3166 alpha-2; absent or null means US"
    )

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"country": {"enum": ["US", None]}}},
            "then": {"properties": {"postal_code": {"pattern": ZIP_PATTERN}}},
        }
    )

    @model_validator(mode="after")
    def _us_zip(self) -> Address:
        if (
            self.postal_code is not None
            and self.country in (None, "US")
            and not is_us_zip(self.postal_code)
        ):
            raise PydanticCustomError(
                MALFORMED_POSTAL_CODE,
                ZIP_MESSAGE,
                {"field": "postal_code"},
            )
        return self


class Photo(_Model):
    """A recent photograph (42 U.S.C. 671(a)(35)(B)(i))."""

    available: bool
    taken_on: DateValue | None = None
    reason_unavailable: Short | None = None


class Endangerment(_Model):
    """Endangerment information (42 U.S.C. 671(a)(35)(B)(iii)); each answer explicit."""

    pregnant: TriState
    prescription_medications: TriState
    suicidal: TriState
    trafficking_risk: TriState
    medications_detail: Text | None = None
    other_risks: Text | None = None


class Child(_Model):
    """Who the child or youth is."""

    first_name: Name
    last_name: Name
    middle_name: Name | None = None
    suffix: Name | None = None
    nicknames: Annotated[list[Name], Field(max_length=LIST_MAX)] | None = None
    date_of_birth: DateValue
    sex: Sex
    race: Annotated[list[Race], Field(min_length=1, max_length=LIST_MAX)]
    ethnicity: Ethnicity
    height_in: int | None = None
    weight_lb: int | None = None
    hair_color: HairColor | None = None
    eye_color: EyeColor | None = None
    skin_tone: SkinTone | None = None
    scars_marks_tattoos: Annotated[list[Text], Field(max_length=LIST_MAX)] | None = None
    photo: Photo
    endangerment: Endangerment
    phone: PhoneNumber | None = None
    email: Email | None = None
    social_media: Annotated[list[Short], Field(max_length=LIST_MAX)] | None = None


class Episode(_Model):
    """When and where the child was last seen, and when the agency learned of it."""

    last_seen_at: DateOrDateTime
    last_seen_location: Address
    agency_notified_at: DateOrDateTime = Field(description="the 24-hour clock starts here")
    circumstance: Circumstance
    ncic_category: NcicCategory | None = None
    placement_type: PlacementType
    in_extended_foster_care: bool
    removal_date: DateValue | None = None
    narrative: Text | None = None


class Contact(_Model):
    """A person to contact at the agency."""

    name: Short
    phone: PhoneNumber | None = None
    email: Email | None = None


class CaseworkerContact(Contact):
    """The caseworker: name and phone required."""

    phone: PhoneNumber


class Agency(_Model):
    """The child welfare agency responsible for the child."""

    state: StateCode
    name: Short
    county: Short | None = None
    case_number: Identifier
    child_record_number: Identifier | None = None
    caseworker: CaseworkerContact
    supervisor: Contact | None = None


class LawEnforcementReport(_Model):
    """The report to law enforcement, for entry into NCIC."""

    agency_name: Short
    ori: Ori | None = None
    case_number: Identifier
    reported_at: DateOrDateTime
    ncic_number: Identifier | None = None
    ncic_entered_at: DateTimeValue | None = None


class NcmecReport(_Model):
    """The agency's report to NCMEC."""

    reported_at: DateOrDateTime
    method: NcmecMethod
    case_number: Identifier | None = None
    reported_by: ReportedBy = "agency"


class Recovery(_Model):
    """The child was located."""

    located_at: DateOrDateTime
    location: Address | None = None
    ncmec_notified_at: DateOrDateTime | None = None
    law_enforcement_notified_at: DateOrDateTime | None = None
    debriefed_at: DateOrDateTime | None = None
    trafficking_screening: TraffickingScreening | None = None


class MissingChildReport(_Model):
    """One report = one episode of one child or youth missing from foster care."""

    model_config = ConfigDict(title="MissingChildReport")

    schema_version: SchemaVersion
    report_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$", max_length=64)]
    child: Child
    episode: Episode
    custodial_agency: Agency
    law_enforcement_report: LawEnforcementReport | None = None
    ncmec_report: NcmecReport | None = None
    recovery: Recovery | None = None


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report: one self-contained document."""
    schema = MissingChildReport.model_json_schema(mode="validation")
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://missingreport.dev/schemas/missing-child-report-{SCHEMA_VERSION}.json",
    }
    out.update(schema)
    out["description"] = (
        "One episode of one child or youth missing from foster care, as reported under "
        f"42 U.S.C. 671(a)(35)(B). Schema version {SCHEMA_VERSION} of missingreport."
    )
    return out
