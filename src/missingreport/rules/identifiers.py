"""MR3xx: identifiers and contacts.

The error-level formats (MR301 ORI, MR305 phone, MR306 email, MR307 ZIP code) are
checked while the record is read: the field types of :mod:`missingreport.types` (and
``Address`` for the ZIP code) raise an error named after the rule, and the engine
reports it under the rule's code. Those rules have no ``check`` of their own. The
warning-level rules check values that were read successfully.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding, Severity
from ..reference.postal import (
    UNAVAILABLE_REASON,
    ZIP_EXTRA,
    load_zip_table,
    zip_available,
    zip_states,
)
from ..schema import Address, MissingChildReport
from ..types import is_ncic_number, is_ncmec_case_number, ori_state_known
from ._base import Context, Rule

__all__ = [
    "InvalidEmail",
    "InvalidPhone",
    "MalformedNcicNumber",
    "MalformedNcmecCaseNumber",
    "MalformedOri",
    "MalformedPostalCode",
    "OriUnknownState",
    "PostalCodeStateMismatch",
]


def _us_addresses(report: MissingChildReport, ctx: Context) -> list[tuple[str, Address]]:
    """The report's addresses in the US (country US or not given), with their paths."""
    episode, recovery = report.episode, report.recovery
    places = (
        ("episode.last_seen_location", episode.last_seen_location if episode else None),
        ("recovery.location", recovery.location if recovery else None),
    )
    return [
        (path, address)
        for path, address in places
        if address is not None and address.country in (None, "US") and ctx.sound(f"{path}.country")
    ]


def _contacts(report: MissingChildReport) -> list[object]:
    """The child's, the caseworker's and the supervisor's contact records that exist."""
    agency = report.custodial_agency
    found: list[object] = [report.child]
    if agency is not None:
        found += [agency.caseworker, agency.supervisor]
    return [c for c in found if c is not None]


class MalformedOri(Rule):
    """The police agency's ORI is not 9 characters in the NCIC form.

    ## What it checks
    `law_enforcement_report.ori` is 9 characters: 2 capital letters, then 7 capital
    letters or digits (`[A-Z]{2}[A-Z0-9]{7}`). Lower-case letters, spaces inside, or
    8 or 10 characters are all malformed. The check is made while the report is read;
    the rest of the report is still checked.

    ## Why it matters
    The ORI identifies the police agency that took the report and entered the child
    into NCIC. A wrong ORI means nobody can tell from the report which agency to call
    or check the NCIC entry with.

    ## Example
    `"ori": "OH025020"` (8 characters) or `"ori": "oh0250200"` (lower case).

    ## Use instead
    `"ori": "OH0250200"`.

    ## How to fix
    Ask the police agency for its ORI, or copy it from the NCIC entry or the police
    report, and write all 9 characters in capitals (like `OH0250200`).

    ## Basis
    NCIC Originating Agency Identifier; Nlets ORI layout (2-letter state code and 7
    characters).
    """

    code = "MR301"
    name = "malformed-ori"
    default_severity = Severity.ERROR

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        police = report.law_enforcement_report
        return police is not None and police.ori is not None


class OriUnknownState(Rule):
    """The ORI does not start with a US state or territory code.

    ## What it checks
    A well-formed `law_enforcement_report.ori` whose first two letters are not a USPS
    code of a state, DC or a territory (PR, VI, GU, AS, MP).

    ## Why it matters
    The first two letters of an ORI are the state of the police agency. An ORI that
    starts with anything else is almost always mistyped, or copied from another
    identifier, and cannot be traced back to the agency.

    ## Example
    `"ori": "ZZ0250200"`.

    ## Use instead
    `"ori": "OH0250200"` (the police agency's own ORI).

    ## How to fix
    Check the ORI against the police report or the NCIC entry and correct it.

    ## Basis
    NCIC Originating Agency Identifier; Nlets ORI layout (the first 2 characters are
    the state).
    """

    code = "MR302"
    name = "ori-unknown-state"
    default_severity = Severity.WARNING
    requires = ("law_enforcement_report.ori",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        police = report.law_enforcement_report
        if police is not None and police.ori is not None and not ori_state_known(police.ori):
            return self.one_finding(
                "law_enforcement_report.ori",
                "the ORI does not start with a US state or territory code: check it against "
                "the police report or the NCIC entry",
                value=police.ori,
            )
        return ()


class MalformedNcicNumber(Rule):
    """The NCIC number is not in the usual form, M and 9 digits.

    ## What it checks
    `law_enforcement_report.ncic_number` is the letter `M` followed by 9 digits. The
    report accepts any identifier there; a number in another form is a warning only,
    because the form is widely described but not published by the FBI.

    ## Why it matters
    The NCIC number (NIC) proves that the child was entered into NCIC and lets anyone
    find the entry. A mistyped number proves nothing.

    ## Example
    `"ncic_number": "M12345678"` (8 digits) or `"ncic_number": "CPD-24-031877"` (the
    police case number in the wrong field).

    ## Use instead
    `"ncic_number": "M123456789"`, the police case number in `case_number`.

    ## How to fix
    Ask the police for the NCIC number of the entry and copy it exactly. The police
    case number belongs in `law_enforcement_report.case_number`.

    ## Basis
    NCIC Missing Person File: the NIC assigned on entry (file letter M and 9 digits);
    34 U.S.C. 41308(a)(3).
    """

    code = "MR303"
    aliases = ("malformed-nic",)
    name = "malformed-ncic-number"
    default_severity = Severity.WARNING
    requires = ("law_enforcement_report.ncic_number",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        police = report.law_enforcement_report
        if police is None or police.ncic_number is None:
            return ()
        if not is_ncic_number(police.ncic_number):
            return self.one_finding(
                "law_enforcement_report.ncic_number",
                "the NCIC number is not the letter M and 9 digits: ask the police for the "
                "number of the NCIC entry and copy it exactly",
                value=police.ncic_number,
            )
        return ()


class MalformedNcmecCaseNumber(Rule):
    """The NCMEC case number is not 1 to 10 digits.

    ## What it checks
    `ncmec_report.case_number` is made of digits only, 1 to 10 of them.

    ## Why it matters
    The NCMEC case number is the agency's proof that it reported the child to NCMEC.
    NCMEC case numbers are numeric; anything else is usually a typing error or another
    number (the state's case number, the police case number) in the wrong field.

    ## Example
    `"case_number": "NCMEC-1498532"` or `"case_number": "FCCS-2022-118"`.

    ## Use instead
    `"case_number": "1498532"`.

    ## How to fix
    Copy the case number from NCMEC's confirmation (the call center or the web
    report's acknowledgement), digits only.

    ## Basis
    NCMEC case numbers (numeric); HHS-OIG A-07-21-06102 (states could not show that
    they reported).
    """

    code = "MR304"
    name = "malformed-ncmec-case-number"
    default_severity = Severity.WARNING
    requires = ("ncmec_report.case_number",)

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        ncmec = report.ncmec_report
        if ncmec is None or ncmec.case_number is None:
            return ()
        if not is_ncmec_case_number(ncmec.case_number):
            return self.one_finding(
                "ncmec_report.case_number",
                "the NCMEC case number is not 1 to 10 digits: copy it from NCMEC's "
                "confirmation, digits only",
                value=ncmec.case_number,
            )
        return ()


class InvalidPhone(Rule):
    """A phone number that is not a real, complete number.

    ## What it checks
    `child.phone`, `custodial_agency.caseworker.phone` and
    `custodial_agency.supervisor.phone` are valid numbers by libphonenumber: any
    common form is read (`(614) 466-2000`, `614.466.2000`, `+1 614 466 2000`,
    `1-614-466-2000`, with an extension like `x123`), a number without a country code
    is read in the `default_phone_region` (US). Seven digits without an area code, an
    area code that does not exist, or words are not valid. The check is made while the
    report is read; the number is stored as E.164 (`+16144662000`).

    ## Why it matters
    NCMEC and the police call the caseworker about the child, often out of hours; the
    child's own phone can help locate them. A number that cannot be dialled costs
    time when time matters most.

    ## Example
    `"phone": "466-2000"` (no area code) or `"phone": "none"`.

    ## Use instead
    `"phone": "(614) 466-2000"`, or no `phone` when there is none.

    ## How to fix
    Write the full number with its area code, like `614-466-2000`; a number outside
    the US with `+` and its country code. Leave the child's phone out when there is
    none.

    ## Basis
    ITU-T E.164 and libphonenumber; the report schema (Contact); 42 U.S.C.
    671(a)(35)(B).
    """

    code = "MR305"
    name = "invalid-phone"
    default_severity = Severity.ERROR

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return any(getattr(c, "phone", None) is not None for c in _contacts(report))


class InvalidEmail(Rule):
    """An email address that is not written as a valid address.

    ## What it checks
    `child.email`, `custodial_agency.caseworker.email` and
    `custodial_agency.supervisor.email` have valid syntax: one `@`, a local part and a
    domain with a dot, no spaces. The domain is not looked up. The check is made while
    the report is read.

    ## Why it matters
    NCMEC and the police use the caseworker's address to send updates; a child's
    address can help find them. A mistyped address fails silently.

    ## Example
    `"email": "jreyes@example"` or `"email": "J. Reyes <jreyes@example.org>"`.

    ## Use instead
    `"email": "jreyes@example.org"`.

    ## How to fix
    Write the address alone, like `name@agency.gov`, without a display name, spaces or
    angle brackets.

    ## Basis
    RFC 5321 and RFC 5322 address syntax (email-validator); the report schema.
    """

    code = "MR306"
    name = "invalid-email"
    default_severity = Severity.ERROR

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return any(getattr(c, "email", None) is not None for c in _contacts(report))


class MalformedPostalCode(Rule):
    """A US ZIP code that is not 5 digits or ZIP+4.

    ## What it checks
    The `postal_code` of an address in the US (country `US` or not given) is `NNNNN`
    or `NNNNN-NNNN`. Addresses in other countries may use their own forms. The check
    is made while the report is read, for every address in the report.

    ## Why it matters
    The place last seen is where the search starts; a ZIP code that is no ZIP code
    cannot be mapped or checked against the state.

    ## Example
    `"postal_code": "4321"` (a digit lost) or `"postal_code": "43215 1234"`.

    ## Use instead
    `"postal_code": "43215"` or `"postal_code": "43215-1234"`.

    ## How to fix
    Write the 5-digit ZIP code, or ZIP+4 with a hyphen. For a place outside the US,
    set `country` to its 2-letter code (`CA`, `MX`).

    ## Basis
    USPS ZIP Code format (USPS Publication 28); the report schema (Address).
    """

    code = "MR307"
    aliases = ("malformed-zip-code",)
    name = "malformed-postal-code"
    default_severity = Severity.ERROR

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return any(a.postal_code is not None for _, a in _us_addresses(report, ctx))


class PostalCodeStateMismatch(Rule):
    """A ZIP code that belongs to another state than the address's.

    ## What it checks
    For each US address of the report (`episode.last_seen_location`,
    `recovery.location`) with a ZIP code and a state, the ZIP code belongs to that
    state. It needs the optional ZIP data (`pip install missingreport[zip]`); a ZIP
    code the data does not know raises nothing.

    ## Why it matters
    Either the ZIP code or the state is wrong, and the search may start in the wrong
    place or the wrong state may be asked to help.

    ## Example
    `"last_seen_location": {"city": "Columbus", "state": "OH", "postal_code":
    "10001"}` (10001 is in New York).

    ## Use instead
    `"last_seen_location": {"city": "Columbus", "state": "OH", "postal_code": "43215"}`.

    ## How to fix
    Check the address with the placement or the person who last saw the child, and
    correct the ZIP code or the state.

    ## Basis
    USPS ZIP Code assignments (data of the `zipcodes` package); 34 U.S.C.
    41308(a)(3)(C).
    """

    code = "MR308"
    aliases = ("zip-code-state-mismatch",)
    name = "postal-code-state-mismatch"
    default_severity = Severity.WARNING
    extra = ZIP_EXTRA

    @classmethod
    def available(cls) -> bool:
        return zip_available()

    @classmethod
    def unavailable_reason(cls) -> str:
        return UNAVAILABLE_REASON

    @classmethod
    def prepare(cls) -> None:
        """Read the ZIP table now, before worker processes fork (they share it)."""
        load_zip_table()

    @staticmethod
    def _judged(report: MissingChildReport, ctx: Context) -> list[tuple[str, Address, bool]]:
        """Each US address with a ZIP code the data knows and a state: whether they agree."""
        judged = []
        for path, address in _us_addresses(report, ctx):
            postal_code, state = address.postal_code, address.state
            if postal_code is None or state is None:
                continue
            states = zip_states(postal_code[:5])
            if states is not None:
                judged.append((path, address, state in states))
        return judged

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        return bool(self._judged(report, ctx))

    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        return [
            self.finding(
                f"{path}.postal_code",
                "the ZIP code belongs to another state than the one given for this "
                "place: check the address and correct the ZIP code or the state",
                value=address.postal_code,
            )
            for path, address, agree in self._judged(report, ctx)
            if not agree
        ]
