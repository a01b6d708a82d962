"""Field types for the identifiers and contacts of a report.

Each type is ``Annotated`` over ``str`` with a validator object, usable in a
developer's own pydantic models::

    class MyRecord(BaseModel):
        police_agency: Ori
        caseworker_phone: PhoneNumber

A failure raises ``PydanticCustomError`` whose *type* is the name of the rule that
describes it (``malformed-ori``, ``invalid-phone``...), so that the engine reports it
under that rule's code (MR301, MR305, MR306, MR307) rather than a generic one. Each
message says what to do and starts with a verb, so that it reads after the field path
(``child.phone is not a valid phone number: ...``). Messages carry no input value: a
phone number or an email address is personal data.

The schema uses ``Ori``, ``PhoneNumber`` and ``Email``, and checks US ZIP codes in
``Address`` (the rule depends on the country). ``NcicNumber`` and ``NcmecCaseNumber``
are for developers' own models: in a report those formats are warnings (MR303, MR304),
checked by rules with :func:`is_ncic_number` and :func:`is_ncmec_case_number`. The
state code type ``StateCode`` is a code table, in :mod:`missingreport.codes`.
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
from .problems import (
    INVALID_EMAIL,
    INVALID_PHONE,
    MALFORMED_NCIC_NUMBER,
    MALFORMED_NCMEC_CASE_NUMBER,
    MALFORMED_ORI,
    MALFORMED_POSTAL_CODE,
    ProblemKind,
)

__all__ = [
    "EMAIL_MAX",
    "EMAIL_MESSAGE",
    "NCIC_MESSAGE",
    "NCIC_PATTERN",
    "NCMEC_CASE_MESSAGE",
    "NCMEC_CASE_PATTERN",
    "NOT_BLANK_PATTERN",
    "ORI_MESSAGE",
    "ORI_PATTERN",
    "PHONE_MAX",
    "PHONE_PATTERN",
    "ZIP_MESSAGE",
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
#: Longest email address read (RFC 5321 path limit).
EMAIL_MAX = 254
#: What to do about an invalid email address.
EMAIL_MESSAGE = (
    "is not a valid email address: write it as name@domain (like name@agency.gov), "
    "with no spaces or angle brackets"
)
#: JSON Schema pattern of a value that is not blank (a blank is MR002, whitespace too).
NOT_BLANK_PATTERN = r"\S"
#: Longest phone number read (a number with an extension and separators).
PHONE_MAX = 40
#: JSON Schema pattern of a phone number, for validators that know no phone format: at
#: least 10 digits (a US number with its area code), or ``+`` and at least 7 (a
#: country code and a national number), in any notation. libphonenumber judges more.
PHONE_PATTERN = r"^[^0-9+]*(?:\+(?:[^0-9]*[0-9]){7}|(?:[^0-9]*[0-9]){10})"

# ASCII: in Python ``\d`` also matches other scripts' digits, which JSON Schema's does not.
_NCIC_RE = re.compile(NCIC_PATTERN, re.ASCII)
_NCMEC_RE = re.compile(NCMEC_CASE_PATTERN, re.ASCII)
_ZIP_RE = re.compile(ZIP_PATTERN, re.ASCII)


def is_ncic_number(value: str) -> bool:
    """True for ``M`` followed by 9 digits."""
    return _NCIC_RE.fullmatch(value) is not None


def is_ncmec_case_number(value: str) -> bool:
    """True for 1 to 10 digits."""
    return _NCMEC_RE.fullmatch(value) is not None


def is_us_zip(value: str) -> bool:
    """True for ``NNNNN`` or ``NNNNN-NNNN``."""
    return _ZIP_RE.fullmatch(value) is not None


def ori_state_known(ori: str) -> bool:
    """True when the ORI's first two letters are a USPS state or territory code."""
    return ori[:2] in STATE_CODES


@dataclass(frozen=True, slots=True)
class PatternValidator:
    """A string that must match a pattern; a mismatch raises the named rule's error.

    Attributes:
        pattern: the regular expression the whole value must match (ASCII digits).
        error_type: the rule name raised on a mismatch (``malformed-ori``).
        message: what to do, without the value.
        json_format: a JSON Schema ``format`` to publish, if any.
    """

    pattern: str
    error_type: ProblemKind
    message: str
    json_format: str | None = None

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        regex = re.compile(self.pattern, re.ASCII)

        def check(value: str) -> str:
            if regex.fullmatch(value) is None:
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


#: What to do about a malformed ORI (the engine puts the field path before it).
ORI_MESSAGE = (
    "is not a valid ORI: copy the police agency's 9-character NCIC identifier, "
    "2 capital letters for the state then 7 capital letters or digits (like VA007019W)"
)
#: What to do about a malformed NCIC number.
NCIC_MESSAGE = (
    "is not a valid NCIC number: copy the number NCIC gave the entry, the letter M and 9 digits"
)
#: What to do about a malformed NCMEC case number.
NCMEC_CASE_MESSAGE = (
    "is not a valid NCMEC case number: copy the case number NCMEC gave, 1 to 10 digits"
)
#: What to do about a malformed US ZIP code.
ZIP_MESSAGE = (
    "is not a valid US ZIP code: write 5 digits (NNNNN) or ZIP+4 (NNNNN-NNNN); "
    "for a place outside the US, set country to its 2-letter code"
)

#: NCIC Originating Agency Identifier (MR301 on failure).
Ori = Annotated[str, PatternValidator(ORI_PATTERN, MALFORMED_ORI, ORI_MESSAGE)]
#: NCIC number assigned at entry (MR303 on failure).
NcicNumber = Annotated[str, PatternValidator(NCIC_PATTERN, MALFORMED_NCIC_NUMBER, NCIC_MESSAGE)]
#: NCMEC case number (MR304 on failure).
NcmecCaseNumber = Annotated[
    str, PatternValidator(NCMEC_CASE_PATTERN, MALFORMED_NCMEC_CASE_NUMBER, NCMEC_CASE_MESSAGE)
]
#: US ZIP or ZIP+4 (MR307 on failure).
PostalCode = Annotated[str, PatternValidator(ZIP_PATTERN, MALFORMED_POSTAL_CODE, ZIP_MESSAGE)]


#: The usual written forms of a US number: ``(614) 466-2000``, ``614-466-2000``,
#: ``614.466.2000``, ``6144662000``, ``1-614-466-2000``, ``+1 614 466 2000``. ASCII
#: digits and spaces only; anything else (extensions, letters, other countries, other
#: white space) is left to libphonenumber.
_US_FORM = re.compile(
    r" *(?:\+1[ .-]?|1[ .-]?)?(?:\(([2-9][0-9]{2})\) ?|([2-9][0-9]{2})[ .-]?)"
    r"([2-9][0-9]{2})[ .-]?([0-9]{4}) *"
)


@lru_cache(maxsize=65536)
def normalize_phone(raw: str, region: str = "US") -> str | None:
    """The E.164 form of a phone number, or ``None`` when it is no valid number.

    Any common written form is read (``(614) 466-2000``, ``614.466.2000``,
    ``+1 614 466 2000``, ``1-614-466-2000``); a number without a country code is read
    in ``region``. Validity is libphonenumber's: a real area code and exchange, the
    right number of digits. An extension (``x123``, ``ext. 123``) is kept after the
    number in the RFC 3966 form ``;ext=123``, so that a caseworker's direct line is
    not lost.

    Cached by raw string and region: the same caseworker numbers recur across
    thousands of reports.

    Args:
        raw: the number as written.
        region: ISO 3166 alpha-2 region for numbers written without ``+`` and a
            country code.

    Returns:
        ``+16144662000`` (or ``+16144662000;ext=123``), or ``None``.

    >>> normalize_phone("(614) 466-2000")
    '+16144662000'
    >>> normalize_phone("614-466-2000 x123")
    '+16144662000;ext=123'
    >>> normalize_phone("555-1234") is None
    True
    """
    if region == "US" and (match := _US_FORM.fullmatch(raw)) is not None:
        # The usual US forms, read without libphonenumber's parser (the same answers on
        # every number of the benchmark corpus and 20,000 random ones, at a fifth of the
        # cost). Valid for the US implies valid; otherwise the full test finds the
        # region (Canada, Puerto Rico, the Caribbean).
        area, area_in_parentheses, exchange, line = match.groups()
        digits = (area or area_in_parentheses) + exchange + line
        us = phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
        valid = phonenumbers.is_valid_number_for_region(us, "US")
        return "+1" + digits if valid or phonenumbers.is_valid_number(us) else None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return f"{e164};ext={number.extension}" if number.extension else e164


def _phone_message(region: str) -> str:
    if region == "US":
        return (
            "is not a valid phone number: write all 10 digits with the area code, like "
            "NNN-NNN-NNNN (a number outside the US: + and its country code)"
        )
    return (
        "is not a valid phone number for region {region}: write it with its area code, "
        "or with + and its country code"
    )


def _digits_of_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@dataclass(frozen=True, slots=True)
class PhoneNumberValidator:
    """Validate a phone number in any common form and store it as E.164 (MR305 on failure).

    The region used for numbers without a country code is ``region``, unless the
    validation context gives ``phone_region`` (the ``default_phone_region`` setting)::

        Model.model_validate(data, context={"phone_region": "CA"})
    """

    region: str = "US"

    def __post_init__(self) -> None:
        if not (len(self.region) == 2 and self.region.isascii() and self.region.isupper()):
            raise ValueError(f"region must be an ISO 3166 alpha-2 code, not {self.region!r}")

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        default_region = self.region

        def check(value: str, info: core_schema.ValidationInfo) -> str:
            context = info.context
            region = default_region
            if isinstance(context, dict):
                given = context.get("phone_region")
                if isinstance(given, str) and given:
                    region = given
            normalized = normalize_phone(value, region) if len(value) <= PHONE_MAX else None
            if normalized is None:
                raise PydanticCustomError(INVALID_PHONE, _phone_message(region), {"region": region})
            return normalized

        # A blank is missing (MR002); an over-long number is an invalid phone (MR305),
        # not a generic out-of-bounds value, so there is no max_length here. A whole
        # number (6144662000, as a spreadsheet or a program may give it) is its digits.
        return core_schema.no_info_before_validator_function(
            _digits_of_int,
            core_schema.with_info_after_validator_function(
                check, core_schema.str_schema(min_length=1)
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        text = handler(schema)
        text["maxLength"] = PHONE_MAX
        text["pattern"] = PHONE_PATTERN
        return {
            "anyOf": [text, {"type": "integer", "minimum": 0}],
            "description": (
                "a phone number in any common form (or its digits as a whole number); "
                "stored as E.164 (+15551234567), an extension as ;ext=123"
            ),
        }


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
            normalized = validate_email_syntax(value) if len(value) <= EMAIL_MAX else None
            if normalized is None:
                raise PydanticCustomError(INVALID_EMAIL, EMAIL_MESSAGE)
            return normalized

        # A blank is missing (MR002); an over-long address is an invalid email (MR306).
        return core_schema.no_info_after_validator_function(
            check, core_schema.str_schema(min_length=1)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out["format"] = "email"
        out["maxLength"] = EMAIL_MAX
        out["pattern"] = NOT_BLANK_PATTERN
        return out


#: An email address (syntax checked, MR306 on failure).
Email = Annotated[str, _EmailValidator()]
