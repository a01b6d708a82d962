"""The names of the problems that reading and structure raise, as constants.

A :class:`~missingreport.structure.Problem` (and the type of a ``PydanticCustomError``
raised by a field type) names the rule it is reported under. The names are written
here once, as constants of one ``Literal`` type, so that a misspelt name is a type
error (``mypy --strict``) rather than a finding silently filed under another rule;
the tests check that every name is a rule of the catalogue.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = [
    "AMBIGUOUS_DATE",
    "INVALID_EMAIL",
    "INVALID_PHONE",
    "INVALID_VALUE",
    "MALFORMED_NCIC_NUMBER",
    "MALFORMED_NCMEC_CASE_NUMBER",
    "MALFORMED_ORI",
    "MALFORMED_POSTAL_CODE",
    "MISSING_FIELD",
    "NON_UTF8_ENCODING",
    "NOT_IN_CODE_TABLE",
    "OUT_OF_BOUNDS",
    "PROBLEM_KINDS",
    "UNKNOWN_FIELD",
    "UNREADABLE_RECORD",
    "UNSUPPORTED_SCHEMA_VERSION",
    "ProblemKind",
    "problem_kind",
]

#: Every rule a problem of reading or structure may be reported under.
ProblemKind = Literal[
    "unreadable-record",
    "missing-field",
    "invalid-value",
    "unknown-field",
    "not-in-code-table",
    "out-of-bounds",
    "unsupported-schema-version",
    "non-utf8-encoding",
    "ambiguous-date",
    "malformed-ori",
    "malformed-ncic-number",
    "malformed-ncmec-case-number",
    "invalid-phone",
    "invalid-email",
    "malformed-postal-code",
]

#: The names, in catalogue order.
PROBLEM_KINDS: tuple[ProblemKind, ...] = get_args(ProblemKind)

UNREADABLE_RECORD: Final = "unreadable-record"
MISSING_FIELD: Final = "missing-field"
INVALID_VALUE: Final = "invalid-value"
UNKNOWN_FIELD: Final = "unknown-field"
NOT_IN_CODE_TABLE: Final = "not-in-code-table"
OUT_OF_BOUNDS: Final = "out-of-bounds"
UNSUPPORTED_SCHEMA_VERSION: Final = "unsupported-schema-version"
NON_UTF8_ENCODING: Final = "non-utf8-encoding"
AMBIGUOUS_DATE: Final = "ambiguous-date"
MALFORMED_ORI: Final = "malformed-ori"
MALFORMED_NCIC_NUMBER: Final = "malformed-ncic-number"
MALFORMED_NCMEC_CASE_NUMBER: Final = "malformed-ncmec-case-number"
INVALID_PHONE: Final = "invalid-phone"
INVALID_EMAIL: Final = "invalid-email"
MALFORMED_POSTAL_CODE: Final = "malformed-postal-code"

_KNOWN: frozenset[str] = frozenset(PROBLEM_KINDS)


def problem_kind(name: str) -> ProblemKind:
    """A pydantic error type that is a problem name, checked.

    Raises:
        ValueError: ``name`` is no problem name (a bug of the field type raising it).
    """
    if name not in _KNOWN:
        raise ValueError(f"{name!r} is no problem name: add it to missingreport.problems")
    return name  # type: ignore[return-value]
