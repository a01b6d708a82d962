"""Reading records: every MR0xx code, one finding per bad field, and the partial report."""

from __future__ import annotations

import json
from typing import Any

import pytest

from missingreport import validate
from tests.conftest import AS_OF, merge_patch


def _codes(record: Any) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in validate(record, as_of=AS_OF).findings]


class TestUnreadable:
    """MR001: what cannot be read at all."""

    @pytest.mark.parametrize(
        "text",
        [
            '{"schema_version": "1.0",',  # malformed
            b'{"report_id": "\xff\xfe"}',  # not UTF-8
            '{"a": 1, "a": 2}',  # duplicate keys
            '{"child": {"height_in": NaN}}',  # NaN is no JSON number
            '{"x": Infinity}',
            "[1, 2, 3]",  # not an object
            '"a string"',
            "1" * 5000,  # a 5,000-digit integer
            "[" * 100_000 + "]" * 100_000,  # deep nesting
        ],
    )
    def test_unreadable_text(self, text: str | bytes) -> None:
        result = validate(text, as_of=AS_OF)
        assert [f.code for f in result.findings] == ["MR001"]
        assert result.report is None

    def test_duplicate_key_names_the_key_not_the_value(self) -> None:
        result = validate('{"report_id": "A", "report_id": "Maya Alvarez"}', as_of=AS_OF)
        assert "report_id" in result.findings[0].message
        assert "Maya" not in result.findings[0].message

    def test_oversized_record(self) -> None:
        text = json.dumps({"narrative": "x" * 1_100_000})
        assert [f.code for f in validate(text, as_of=AS_OF).findings] == ["MR001"]

    def test_bom_is_accepted(self, report: dict[str, Any]) -> None:
        text = b"\xef\xbb\xbf" + json.dumps(report).encode()
        assert validate(text, as_of=AS_OF).findings == []


class TestFieldProblems:
    """MR002-MR007: one finding per bad field, at its dotted path."""

    def test_missing_required(self, report: dict[str, Any]) -> None:
        del report["child"]["last_name"]
        assert _codes(report) == [("MR002", "child.last_name")]

    def test_null_required_is_missing(self, report: dict[str, Any]) -> None:
        report["child"]["sex"] = None
        assert _codes(report) == [("MR002", "child.sex")]

    @pytest.mark.parametrize("blank", ["", "   "])
    def test_blank_required_is_missing(self, report: dict[str, Any], blank: str) -> None:
        report["custodial_agency"]["case_number"] = blank
        assert _codes(report) == [("MR002", "custodial_agency.case_number")]

    def test_empty_race_list_is_missing(self, report: dict[str, Any]) -> None:
        report["child"]["race"] = []
        assert _codes(report) == [("MR002", "child.race")]

    def test_blank_tristate_is_never_no(self, report: dict[str, Any]) -> None:
        report["child"]["endangerment"]["pregnant"] = ""
        assert _codes(report) == [("MR002", "child.endangerment.pregnant")]

    @pytest.mark.parametrize(
        ("patch", "path"),
        [
            ({"child": {"height_in": "63"}}, "child.height_in"),
            ({"child": {"height_in": "five feet"}}, "child.height_in"),
            ({"episode": {"in_extended_foster_care": "no"}}, "episode.in_extended_foster_care"),
            ({"episode": {"last_seen_at": "03/05/2024"}}, "episode.last_seen_at"),
            ({"episode": {"last_seen_at": "2024-02-30"}}, "episode.last_seen_at"),
            ({"child": {"date_of_birth": "2009-06-14T00:00:00Z"}}, "child.date_of_birth"),
            ({"law_enforcement_report": {"ncic_entered_at": "2024-03-05"}},
             "law_enforcement_report.ncic_entered_at"),
            ({"child": {"photo": "yes"}}, "child.photo"),
            ({"child": {"nicknames": "May"}}, "child.nicknames"),
        ],
    )  # fmt: skip
    def test_invalid_value(self, report: dict[str, Any], patch: Any, path: str) -> None:
        assert _codes(merge_patch(report, patch)) == [("MR003", path)]

    def test_unknown_field_suggests_the_right_one(self, report: dict[str, Any]) -> None:
        report["child"]["nickname"] = ["May"]
        findings = validate(report, as_of=AS_OF).findings
        assert [(f.code, f.path) for f in findings] == [("MR004", "child.nickname")]
        assert "nicknames" in findings[0].message

    @pytest.mark.parametrize(
        ("patch", "path"),
        [
            ({"child": {"sex": "Female"}}, "child.sex"),
            ({"child": {"race": ["W", "X"]}}, "child.race.1"),
            ({"child": {"hair_color": "Brown"}}, "child.hair_color"),
            ({"custodial_agency": {"state": "Ohio"}}, "custodial_agency.state"),
            ({"episode": {"circumstance": "ran away"}}, "episode.circumstance"),
        ],
    )
    def test_not_in_code_table(self, report: dict[str, Any], patch: Any, path: str) -> None:
        assert _codes(merge_patch(report, patch)) == [("MR005", path)]

    @pytest.mark.parametrize(
        ("patch", "path"),
        [
            ({"child": {"first_name": "M" * 101}}, "child.first_name"),
            ({"episode": {"narrative": "x" * 10_001}}, "episode.narrative"),
            ({"child": {"nicknames": ["a"] * 51}}, "child.nicknames"),
            ({"report_id": "OH 2024/1"}, "report_id"),
            ({"custodial_agency": {"case_number": "C" * 65}}, "custodial_agency.case_number"),
        ],
    )
    def test_out_of_bounds(self, report: dict[str, Any], patch: Any, path: str) -> None:
        assert _codes(merge_patch(report, patch)) == [("MR006", path)]

    def test_limits_are_inclusive(self, report: dict[str, Any]) -> None:
        patch = {"child": {"first_name": "M" * 100, "nicknames": ["a"] * 50}}
        assert [c for c, _ in _codes(merge_patch(report, patch)) if c.startswith("MR0")] == []

    @pytest.mark.parametrize("version", ["0.9", "2.0", "1"])
    def test_unsupported_schema_version(self, report: dict[str, Any], version: str) -> None:
        report["schema_version"] = version
        assert _codes(report) == [("MR007", "schema_version")]


class TestPartialReport:
    """A failed field is taken out; every other rule still runs on the rest."""

    def test_bad_field_does_not_stop_timeliness(self, report: dict[str, Any]) -> None:
        report["child"]["height_in"] = "tall"
        report["ncmec_report"]["reported_at"] = "2024-03-07T09:00:00-05:00"
        result = validate(report, as_of=AS_OF)
        assert [f.code for f in result.findings] == ["MR003", "MR202"]
        assert result.report is None
        assert not result.ok

    def test_rule_needing_a_failed_field_is_skipped(self, report: dict[str, Any]) -> None:
        report["episode"]["agency_notified_at"] = "yesterday"
        del report["ncmec_report"]
        assert _codes(report) == [("MR003", "episode.agency_notified_at")]

    def test_whole_sub_object_broken(self, report: dict[str, Any]) -> None:
        report["recovery"] = "found"
        report["ncmec_report"]["reported_at"] = "2024-03-07T09:00:00-05:00"
        assert [c for c, _ in _codes(report)] == ["MR003", "MR202"]

    def test_many_defects_each_once(self, report: dict[str, Any]) -> None:
        report["child"]["sex"] = "X"
        report["child"]["middle"] = "Q"
        del report["episode"]["circumstance"]
        codes = _codes(report)
        assert sorted(codes) == sorted(
            [("MR005", "child.sex"), ("MR004", "child.middle"), ("MR002", "episode.circumstance")]
        )


def test_values_only_on_request(report: dict[str, Any]) -> None:
    report["child"]["sex"] = "Female"
    hidden = validate(report, as_of=AS_OF).findings[0]
    shown = validate(report, as_of=AS_OF, show_values=True).findings[0]
    assert hidden.value is None
    assert shown.value == "Female"
    assert "Female" not in shown.message


def test_unreadable_report_object_is_not_a_missing_report(report: dict[str, Any]) -> None:
    report["ncmec_report"] = "sent by phone"
    report["law_enforcement_report"] = ["CPD"]
    del report["recovery"]
    codes = _codes(report)
    assert codes == [("MR003", "law_enforcement_report"), ("MR003", "ncmec_report")]
