"""Field types for the identifiers and contacts of a report.

Each type is ``Annotated`` over ``str`` with a validator object, usable in a
developer's own pydantic models::

    class MyRecord(BaseModel):
        police_agency: Ori
        caseworker_phone: PhoneNumber

A failure raises ``PydanticCustomError`` whose *type* is the name of the rule that
describes it (``malformed-ori``, ``invalid-phone``...), so that the engine reports it
under that rule's code (MR301-MR307) rather than a generic one. Error messages carry
no input value: a phone number or an email address is personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

import phonenumbers
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .codes import STATE_CODES

__all__ = [
    "EMAIL_MAX",
    "ORI_PATTERN",
    "ZIP_PATTERN",
    "Email",
    "NcicNumber",
    "NcmecCaseNumber",
    "Ori",
    "PatternValidator",
    "PhoneNumber",
    "PhoneNumberValidator",
    "PostalCode",
    "is_ncic_number",
    "is_ncmec_case_number",
    "is_us_zip",
    "normalize_phone",
    "ori_state_known",
    "validate_email_syntax",
]

#: NCIC Originating Agency Identifier: 9 characters, the first two the state.
ORI_PATTERN = r"^[A-Z]{2}[A-Z0-9]{7}$"
#: NCIC number (NIC): the file letter M and 9 digits.
NCIC_PATTERN = r"^M\d{9}$"
#: NCMEC case number: numeric in practice.
NCMEC_CASE_PATTERN = r"^\d{1,10}$"
#: US ZIP or ZIP+4.
ZIP_PATTERN = r"^\d{5}(?:-\d{4})?$"
EMAIL_MAX = 254

_NCIC_RE = re.compile(NCIC_PATTERN)
_NCMEC_RE = re.compile(NCMEC_CASE_PATTERN)
_ZIP_RE = re.compile(ZIP_PATTERN)


def is_ncic_number(value: str) -> bool:
    """True for ``M`` followed by 9 digits."""
    return bool(_NCIC_RE.match(value))


def is_ncmec_case_number(value: str) -> bool:
    """True for 1 to 10 digits."""
    return bool(_NCMEC_RE.match(value))


def is_us_zip(value: str) -> bool:
    """True for ``NNNNN`` or ``NNNNN-NNNN``."""
    return bool(_ZIP_RE.match(value))


def ori_state_known(ori: str) -> bool:
    """True when the ORI's first two letters are a USPS state or territory code."""
    return ori[:2] in STATE_CODES


@dataclass(frozen=True, slots=True)
class PatternValidator:
    """A string that must match a pattern; a mismatch raises the named rule's error."""

    pattern: str
    error_type: str
    message: str
    json_format: str | None = None

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        regex = re.compile(self.pattern)

        def check(value: str) -> str:
            if not regex.match(value):
                raise PydanticCustomError(self.error_type, self.message)
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out["pattern"] = self.pattern
        if self.json_format:
            out["format"] = self.json_format
        return out


#: NCIC Originating Agency Identifier (MR301 on failure).
Ori = Annotated[
    str,
    PatternValidator(
        ORI_PATTERN,
        "malformed-ori",
        "an ORI is 9 capital letters or digits, the first two the state code",
    ),
]
#: NCIC number assigned at entry (MR303 on failure).
NcicNumber = Annotated[
    str, PatternValidator(NCIC_PATTERN, "malformed-ncic-number", "an NCIC number is M and 9 digits")
]
#: NCMEC case number (MR304 on failure).
NcmecCaseNumber = Annotated[
    str,
    PatternValidator(
        NCMEC_CASE_PATTERN, "malformed-ncmec-case-number", "a NCMEC case number is 1 to 10 digits"
    ),
]
#: US ZIP or ZIP+4 (MR307 on failure).
PostalCode = Annotated[
    str,
    PatternValidator(ZIP_PATTERN, "malformed-postal-code", "a ZIP code is NNNNN or NNNNN-NNNN"),
]


@lru_cache(maxsize=65536)
def normalize_phone(raw: str, region: str = "US") -> str | None:
    """The E.164 form of a phone number, or ``None`` when it is no valid number.

    Cached by raw string: the same caseworker numbers recur across thousands of reports.

    >>> normalize_phone("(614) 555-0123")
    >>> normalize_phone("(614) 466-2000")
    '+16144662000'
    """
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


@dataclass(frozen=True, slots=True)
class PhoneNumberValidator:
    """Validate a phone number in any common form and store it as E.164 (MR305 on failure).

    The region used for numbers without a country code is ``region``, unless the
    validation context gives ``phone_region`` (the ``default_phone_region`` setting).
    """

    region: str = "US"

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        default_region = self.region

        def check(value: str, info: core_schema.ValidationInfo) -> str:
            context = info.context
            region = default_region
            if isinstance(context, dict):
                region = context.get("phone_region", default_region)
            normalized = normalize_phone(value, region)
            if normalized is None:
                raise PydanticCustomError(
                    "invalid-phone",
                    "not a valid phone number for region {region}",
                    {"region": region},
                )
            return normalized

        return core_schema.with_info_after_validator_function(
            check, core_schema.str_schema(max_length=40)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out["format"] = "phone"
        out["description"] = "a phone number in any common form; stored as E.164 (+15551234567)"
        return out


#: A phone number, stored as E.164.
PhoneNumber = Annotated[str, PhoneNumberValidator()]


@lru_cache(maxsize=16384)
def validate_email_syntax(value: str) -> str | None:
    """The normalised address, or ``None`` when its syntax is invalid (no DNS look-up)."""
    from email_validator import EmailNotValidError
    from email_validator import validate_email as _validate

    try:
        return _validate(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


class _EmailValidator:
    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def check(value: str) -> str:
            normalized = validate_email_syntax(value)
            if normalized is None:
                raise PydanticCustomError("invalid-email", "not a valid email address")
            return normalized

        return core_schema.no_info_after_validator_function(
            check, core_schema.str_schema(max_length=EMAIL_MAX)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out["format"] = "email"
        return out


#: An email address (syntax checked, MR306 on failure).
Email = Annotated[str, _EmailValidator()]
