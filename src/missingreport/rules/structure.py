"""MR0xx: input and structure. Found while reading a record into the schema.

These rules have no ``check`` of their own: :mod:`missingreport.structure` maps every
problem of reading and schema validation to one of them (or to the specific rule a
field type names, such as MR301).
"""

from __future__ import annotations

from typing import ClassVar

from ..findings import Severity
from ._base import Rule, Scope

__all__ = [
    "InvalidValue",
    "MissingField",
    "NonUtf8Encoding",
    "NotInCodeTable",
    "OutOfBounds",
    "UnknownField",
    "UnreadableRecord",
    "UnsupportedSchemaVersion",
]


class _Structural(Rule):
    scope: ClassVar[Scope] = "structure"
    default_severity = Severity.ERROR


class UnreadableRecord(_Structural):
    """The record cannot be read at all.

    ## What it checks
    That the record is well-formed: valid JSON (no duplicate keys in one object, no
    NaN or Infinity), UTF-8 bytes, at most 1 MB, nested at most 64 levels, a JSON
    object, and for CSV a row with as many cells as the header. (A CSV row that is not
    UTF-8 is read as Windows-1252 and noted by MR008.)

    ## Why it matters
    Nothing else can be checked in a record that cannot be read, and a duplicate key
    means one of two values was silently lost.

    ## Example
    `{"report_id": "OH-1", "report_id": "OH-2", ...}` (a key written twice).

    ## Use instead
    `{"report_id": "OH-1", ...}`: every key once, the record saved as UTF-8 JSON.

    ## How to fix
    Export the record again from the case-management system as UTF-8 JSON, one object
    per report, each key once.

    ## Basis
    RFC 8259 (JSON); the report schema.
    """

    code = "MR001"
    name = "unreadable-record"


class MissingField(_Structural):
    """A required field is absent or blank.

    ## What it checks
    Every field that the report schema marks required is present and not blank (`null`
    and an absent key both mean "not recorded").

    ## Why it matters
    A report without, say, the date last seen cannot start the 24-hour clock; a blank
    answer must never be read as "no" (45 CFR 1355.43(d)).

    ## Example
    `"child": {"first_name": "Ana", "date_of_birth": "2009-04-02", ...}` with no
    `last_name`.

    ## Use instead
    `"child": {"first_name": "Ana", "last_name": "Ruiz", "date_of_birth": "2009-04-02",
    ...}`.

    ## How to fix
    Record the value. For tri-state answers record `unknown` explicitly.

    ## Basis
    The report schema; 45 CFR 1355.43(d).
    """

    code = "MR002"
    name = "missing-field"


class InvalidValue(_Structural):
    """A value has the wrong type or cannot be parsed.

    ## What it checks
    Each value has its field's type: text, whole number, true/false, an object, a
    list, or an ISO 8601 date (`2024-03-05`) or date and time
    (`2024-03-05T21:40:00-05:00`).

    ## Why it matters
    A value that cannot be read cannot be checked or sent; a date in a local format is
    ambiguous (is 03/05 March or May?).

    ## Example
    `"height_in": "five feet"`, `"last_seen_at": "03/05/2024"` in JSON.

    ## Use instead
    `"height_in": 62`, `"last_seen_at": "2024-03-05T21:40:00-05:00"`.

    ## How to fix
    Write the value in the field's type; dates in ISO 8601 with a UTC offset.

    ## Basis
    The report schema; ISO 8601.
    """

    code = "MR003"
    name = "invalid-value"


class UnknownField(_Structural):
    """A key that the schema does not define.

    ## What it checks
    Every key of every object is a field of the report schema.

    ## Why it matters
    A misspelt key (`nickname` for `nicknames`) would otherwise pass silently and the
    information would be lost.

    ## Example
    `"child": {"nickname": ["Mo"], ...}`

    ## Use instead
    `"child": {"nicknames": ["Mo"], ...}`

    ## How to fix
    Correct the spelling (the message suggests the closest field), or remove the key.

    ## Basis
    The report schema: unknown keys are rejected.
    """

    code = "MR004"
    name = "unknown-field"


class NotInCodeTable(_Structural):
    """A coded value outside its code table.

    ## What it checks
    Coded fields (sex, race, ethnicity, hair, eyes, skin, state, circumstance,
    placement type, NCIC category, method...) hold one of their table's codes.

    ## Why it matters
    NCIC and NCMEC take only their own codes; a free-text colour cannot be entered.

    ## Example
    `"hair_color": "Brown"` instead of `"BRO"`.

    ## Use instead
    `"hair_color": "BRO"`.

    ## How to fix
    Use the code from the table in the report schema (NCIC codes where NCIC has one).

    ## Basis
    NCIC code tables; the report schema.
    """

    code = "MR005"
    name = "not-in-code-table"


class OutOfBounds(_Structural):
    """A value too long, too short, outside its range or failing its pattern.

    ## What it checks
    The documented limits: names 100 characters, identifiers 64, free text 10,000,
    other strings 200, lists 50 items; `report_id` of `[A-Za-z0-9._:-]`; a country
    code of two capital letters.

    ## Why it matters
    Receiving systems truncate or reject over-long values; limits also keep a hostile
    file from exhausting memory.

    ## Example
    A `report_id` with a space or a slash in it.

    ## Use instead
    `"report_id": "OH-2024-0001"`.

    ## How to fix
    Shorten the value, or move long text into `narrative`.

    ## Basis
    The report schema (limits).
    """

    code = "MR006"
    name = "out-of-bounds"


class UnsupportedSchemaVersion(_Structural):
    """The report's schema_version is not one this release reads.

    ## What it checks
    `schema_version` is `"1.0"`.

    ## Why it matters
    Field names and meanings are tied to the schema version; reading a report of
    another version by this one's rules would give wrong findings.

    ## Example
    `"schema_version": "2.0"`.

    ## Use instead
    `"schema_version": "1.0"`.

    ## How to fix
    Write reports in schema 1.0, or upgrade missingreport.

    ## Basis
    The report schema (versioning).
    """

    code = "MR007"
    name = "unsupported-schema-version"


class NonUtf8Encoding(_Structural):
    """A CSV row was not UTF-8 and was read as Windows-1252.

    ## What it checks
    Found while reading a CSV export: the bytes of the row are not valid UTF-8, so they
    were read as Windows-1252, the encoding Excel uses when it saves "CSV" on Windows.

    ## Why it matters
    Read in the wrong encoding, accented letters change (`José` becomes `JosÃ©`), and a
    name that no longer matches cannot be found in NCIC or matched to NCMEC's record.
    The tool says how it read the row rather than guessing silently.

    ## Example
    An export with the name `José` saved by Excel as "CSV (Comma delimited)".

    ## Use instead
    The same export saved as "CSV UTF-8 (Comma delimited)".

    ## How to fix
    Check the row's accented letters, and export the file as "CSV UTF-8".

    ## Basis
    RFC 4180 and the WHATWG Encoding Standard (windows-1252); the report schema.
    """

    code = "MR008"
    name = "non-utf8-encoding"
    default_severity = Severity.INFO
