"""The field types of missingreport.types, used in a developer's own pydantic model.

A failure's error ``type`` is the name of the rule that describes it, so that the engine
reports it under that rule's code; its message says what to do and never repeats the input.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from missingreport import (
    Email,
    NcicNumber,
    NcmecCaseNumber,
    Ori,
    PhoneNumber,
    PhoneNumberValidator,
    PostalCode,
    StateCode,
    get_rule,
    validate,
)
from missingreport.types import PHONE_PATTERN, normalize_phone
from tests.conftest import AS_OF, load_base, merge_patch


class PoliceContact(BaseModel):
    """A developer's own record, built from the library's field types."""

    model_config = ConfigDict(extra="forbid")

    ori: Ori | None = None
    ncic_number: NcicNumber | None = None
    ncmec_case_number: NcmecCaseNumber | None = None
    phone: PhoneNumber | None = None
    postal_code: PostalCode | None = None
    email: Email | None = None
    state: StateCode | None = None


def _error(field: str, value: Any, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """The single validation error of ``field`` set to ``value``."""
    with pytest.raises(ValidationError) as caught:
        PoliceContact.model_validate({field: value}, context=context)
    errors = caught.value.errors(include_url=False)
    assert len(errors) == 1, errors
    assert errors[0]["loc"] == (field,)
    return dict(errors[0])


VALID = [
    ("ori", "OH0250200", "OH0250200"),
    ("ori", "VA007019W", "VA007019W"),
    ("ncic_number", "M123456789", "M123456789"),
    ("ncmec_case_number", "1498532", "1498532"),
    ("ncmec_case_number", "7", "7"),
    ("ncmec_case_number", "1234567890", "1234567890"),
    ("postal_code", "43215", "43215"),
    ("postal_code", "43215-1234", "43215-1234"),
    ("email", "jreyes@example.org", "jreyes@example.org"),
    ("email", "JReyes@Example.ORG", "JReyes@example.org"),
    ("state", "OH", "OH"),
    ("state", "DC", "DC"),
    ("state", "PR", "PR"),
]

INVALID = [
    ("ori", "oh0250200", "malformed-ori"),
    ("ori", "OH-025020", "malformed-ori"),
    ("ori", "OH025020X1", "malformed-ori"),
    ("ori", "12ABCDEFG", "malformed-ori"),
    ("ori", "KY0250200\n", "malformed-ori"),
    ("ncic_number", "M12345678", "malformed-ncic-number"),
    ("ncic_number", "m987654321", "malformed-ncic-number"),
    ("ncic_number", "X987654321", "malformed-ncic-number"),
    ("ncmec_case_number", "12345678901", "malformed-ncmec-case-number"),
    ("ncmec_case_number", "NCMEC-77", "malformed-ncmec-case-number"),
    ("phone", "555-1234", "invalid-phone"),
    ("phone", "unknown", "invalid-phone"),
    ("phone", "(123) 456-7890", "invalid-phone"),
    ("phone", "614-466-20000", "invalid-phone"),
    ("phone", "614 466 2000 614 466 2000 614 466 2000 614", "invalid-phone"),
    ("postal_code", "4321", "malformed-postal-code"),
    ("postal_code", "43215 1234", "malformed-postal-code"),
    ("postal_code", "٤٣٢١٥", "malformed-postal-code"),
    ("postal_code", "43215\n", "malformed-postal-code"),
    ("email", "jreyes@example", "invalid-email"),
    ("email", "maya alvarez@example.org", "invalid-email"),
    ("email", "J. Reyes <jreyes@example.org>", "invalid-email"),
    ("email", "x" * 250 + "@example.org", "invalid-email"),
]


class TestFieldTypes:
    """Each type accepts its valid forms and names its rule on failure."""

    @pytest.mark.parametrize(("field", "value", "stored"), VALID)
    def test_valid(self, field: str, value: str, stored: str) -> None:
        assert getattr(PoliceContact.model_validate({field: value}), field) == stored

    @pytest.mark.parametrize(("field", "value", "rule_name"), INVALID)
    def test_invalid_names_the_rule(self, field: str, value: str, rule_name: str) -> None:
        error = _error(field, value)
        assert error["type"] == rule_name
        rule = get_rule(rule_name)
        assert rule is not None
        assert rule.code.startswith("MR3")

    @pytest.mark.parametrize(("field", "value", "rule_name"), INVALID)
    def test_message_has_no_value_and_says_what_to_do(
        self, field: str, value: str, rule_name: str
    ) -> None:
        message = _error(field, value)["msg"]
        assert value.strip() not in message
        assert message.startswith("is not a valid ")
        assert ": " in message  # the problem, then what to do

    def test_state_code_is_a_code_table(self) -> None:
        error = _error("state", "ZZ")
        assert error["type"] == "literal_error"
        assert "ZZ" not in error["msg"]

    def test_state_code_failure_is_reported_as_not_in_code_table(self) -> None:
        record = merge_patch(load_base(), {"custodial_agency": {"state": "ZZ"}})
        findings = validate(record, as_of=AS_OF).findings
        assert [(f.code, f.name, f.path) for f in findings] == [
            ("MR005", "not-in-code-table", "custodial_agency.state")
        ]

    def test_json_schema_publishes_the_formats(self) -> None:
        properties = PoliceContact.model_json_schema()["properties"]

        def own(name: str) -> dict[str, Any]:
            schema: dict[str, Any] = properties[name]["anyOf"][0]
            return schema

        assert own("ori")["pattern"] == r"^[A-Z]{2}[A-Z0-9]{7}$"
        assert own("ncic_number")["pattern"] == r"^M\d{9}$"
        assert own("postal_code")["pattern"] == r"^\d{5}(?:-\d{4})?$"
        text, whole = own("phone")["anyOf"]
        assert "format" not in text  # "phone" is no format a JSON Schema validator knows
        assert text["pattern"] == PHONE_PATTERN
        assert whole == {"type": "integer", "minimum": 0}
        assert own("email")["format"] == "email"
        assert own("email")["maxLength"] == 254

    @pytest.mark.parametrize(
        ("phone", "valid"),
        [("751-6100", False), ("(614) 466-2000", True), ("+44 20 7946 0958", True),
         ("614-466-2000 x123", True), (6144662000, True), ("x", False)],
    )  # fmt: skip
    def test_other_validators_refuse_what_is_no_phone(self, phone: object, valid: bool) -> None:
        import jsonschema

        schema = PoliceContact.model_json_schema()
        ok = jsonschema.Draft202012Validator(schema).is_valid({"phone": phone})
        assert ok is valid

    def test_a_phone_given_as_a_whole_number_is_read(self) -> None:
        from pydantic import TypeAdapter

        assert TypeAdapter(PhoneNumber).validate_python(6144662000) == "+16144662000"
        with pytest.raises(ValidationError):
            TypeAdapter(PhoneNumber).validate_python(True)


class TestPhoneNumber:
    """Phone numbers are read in any common form and stored as E.164."""

    @pytest.mark.parametrize(
        "written",
        [
            "(614) 466-2000",
            "614.466.2000",
            "+1 614 466 2000",
            "6144662000",
            "16144662000",
            "1-614-466-2000",
            "1 (614) 466-2000",
            "614/466-2000",
            "  614 466 2000 ",
        ],
    )
    def test_common_forms_become_e164(self, written: str) -> None:
        assert PoliceContact(phone=written).phone == "+16144662000"

    def test_a_555_exchange_with_a_real_area_code_is_valid(self) -> None:
        assert PoliceContact(phone="(614) 555-0123").phone == "+16145550123"

    @pytest.mark.parametrize("written", ["614-466-2000 x123", "(614) 466-2000 ext. 123"])
    def test_an_extension_is_kept(self, written: str) -> None:
        assert PoliceContact(phone=written).phone == "+16144662000;ext=123"

    def test_a_number_abroad_with_its_country_code(self) -> None:
        assert PoliceContact(phone="+44 20 7946 0018").phone == "+442079460018"

    def test_region_from_the_validation_context(self) -> None:
        uk = PoliceContact.model_validate(
            {"phone": "020 7946 0018"}, context={"phone_region": "GB"}
        )
        assert uk.phone == "+442079460018"
        error = _error("phone", "020 7946 0018")  # read as a US number: no such number
        assert error["type"] == "invalid-phone"
        assert error["ctx"] == {"region": "US"}

    def test_a_us_number_without_1_is_invalid_in_another_region(self) -> None:
        error = _error("phone", "614-466-2000", context={"phone_region": "GB"})
        assert error["type"] == "invalid-phone"
        assert "region GB" in error["msg"]
        assert "614" not in error["msg"]

    def test_region_per_field(self) -> None:
        class UkContact(BaseModel):
            phone: Annotated[str, PhoneNumberValidator(region="GB")]

        assert UkContact(phone="020 7946 0018").phone == "+442079460018"
        assert _error("phone", "020 7946 0018")["type"] == "invalid-phone"  # US by default

    def test_region_must_be_a_country_code(self) -> None:
        with pytest.raises(ValueError, match="alpha-2"):
            PhoneNumberValidator(region="usa")

    def test_blank_is_missing_not_invalid(self) -> None:
        assert _error("phone", "")["type"] == "string_too_short"

    def test_normalize_phone_is_cached(self) -> None:
        normalize_phone.cache_clear()
        assert normalize_phone("(614) 466-2000") == "+16144662000"
        assert normalize_phone("(614) 466-2000") == "+16144662000"
        info = normalize_phone.cache_info()
        assert (info.hits, info.misses) == (1, 1)
        assert normalize_phone("(614) 466-2000", "GB") is None
        assert normalize_phone.cache_info().misses == 2


class TestInsideAReport:
    """In a report, a type's failure is one finding under its rule; the other rules still run."""

    def test_malformed_ori_and_late_to_ncmec_gives_both(self) -> None:
        record = merge_patch(
            load_base(),
            {
                "law_enforcement_report": {"ori": "OH02502"},
                "ncmec_report": {"reported_at": "2024-03-07T09:05:00-05:00"},
            },
        )
        findings = validate(record, as_of=AS_OF).findings
        assert sorted((f.code, f.path) for f in findings) == [
            ("MR202", "ncmec_report.reported_at"),
            ("MR301", "law_enforcement_report.ori"),
        ]

    def test_message_starts_with_the_path_and_hides_the_value(self) -> None:
        record = merge_patch(load_base(), {"child": {"phone": "555-1234"}})
        (finding,) = validate(record, as_of=AS_OF).findings
        assert (finding.code, finding.name) == ("MR305", "invalid-phone")
        assert finding.message.startswith("child.phone is not a valid phone number: ")
        assert "555" not in finding.message
        assert finding.value is None

    def test_value_only_when_asked(self) -> None:
        record = merge_patch(
            load_base(), {"episode": {"last_seen_location": {"postal_code": "4321"}}}
        )
        (finding,) = validate(record, as_of=AS_OF, show_values=True).findings
        assert (finding.code, finding.path) == ("MR307", "episode.last_seen_location.postal_code")
        assert finding.value == "4321"
        assert "4321" not in finding.message

    def test_phones_are_stored_as_e164(self) -> None:
        report = validate(load_base(), as_of=AS_OF).report
        assert report is not None
        assert report.child.phone == "+16144662105"
        assert report.custodial_agency.caseworker.phone == "+16142297000"
