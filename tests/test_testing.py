"""missingreport.testing: assertions for a developer's own test suite."""

from __future__ import annotations

import json
from typing import Any

import pytest

from missingreport import Config
from missingreport.testing import assert_finding, assert_valid
from tests.conftest import AS_OF, merge_patch

LATE = {"ncmec_report": {"reported_at": "2024-03-08T09:05:00-05:00"}}
UNCONFIRMED = {
    "episode": {"agency_notified_at": "2024-03-05"},
    "ncmec_report": {"reported_at": "2024-03-06"},
}


class TestAssertValid:
    """assert_valid passes a sound report and fails, without personal data, on errors."""

    def test_sound_report_passes(self, report: dict[str, Any]) -> None:
        result = assert_valid(report, as_of=AS_OF)
        assert result.ok
        assert result.report is not None

    def test_json_text_is_accepted(self, report: dict[str, Any]) -> None:
        assert assert_valid(json.dumps(report), as_of=AS_OF).ok

    def test_error_fails_with_a_listing(self, report: dict[str, Any]) -> None:
        with pytest.raises(AssertionError) as info:
            assert_valid(merge_patch(report, LATE), as_of=AS_OF)
        message = str(info.value)
        assert message.startswith("report OH-2024-0001 has 1 finding(s) at or above error:")
        assert "MR202 error ncmec-report-late ncmec_report.reported_at:" in message

    def test_message_has_no_personal_data(self, report: dict[str, Any]) -> None:
        bad = merge_patch(report, {"child": {"phone": "555-12", "date_of_birth": "2009-02-30"}})
        with pytest.raises(AssertionError) as info:
            assert_valid(bad, as_of=AS_OF)
        message = str(info.value)
        assert "child.phone" in message
        assert "child.date_of_birth" in message
        for personal in ("555-12", "2009-02-30", "Maya", "Alvarez", "150 E Gay St"):
            assert personal not in message

    @pytest.mark.parametrize("allow", [["MR202"], ["MR2"], ["ncmec-report-late"]])
    def test_allowed_findings_pass(self, report: dict[str, Any], allow: list[str]) -> None:
        result = assert_valid(merge_patch(report, LATE), as_of=AS_OF, allow=allow)
        assert result.codes == ["MR202"]

    def test_allow_naming_no_rule_is_an_error(self, report: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match="MR99"):
            assert_valid(report, as_of=AS_OF, allow=["MR99"])

    def test_warnings_pass_unless_asked(self, report: dict[str, Any]) -> None:
        unconfirmed = merge_patch(report, UNCONFIRMED)
        assert assert_valid(unconfirmed, as_of=AS_OF).codes == ["MR203"]
        with pytest.raises(AssertionError, match="MR203"):
            assert_valid(unconfirmed, as_of=AS_OF, fail_on="warning")
        with pytest.raises(AssertionError, match="MR203"):
            assert_valid(unconfirmed, as_of=AS_OF, config=Config(fail_on="warning"))

    def test_fail_on_never_is_refused(self, report: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match="never"):
            assert_valid(report, as_of=AS_OF, fail_on="never")

    def test_config_selects_rules(self, report: dict[str, Any]) -> None:
        assert assert_valid(
            merge_patch(report, LATE), as_of=AS_OF, config=Config(ignore=("MR202",))
        ).ok


class TestAssertFinding:
    """assert_finding checks that a defect is caught."""

    def test_present(self, report: dict[str, Any]) -> None:
        hits = assert_finding(
            merge_patch(report, LATE), "MR202", path="ncmec_report.reported_at", as_of=AS_OF
        )
        assert [f.code for f in hits] == ["MR202"]

    def test_absent(self, report: dict[str, Any]) -> None:
        with pytest.raises(AssertionError, match=r"expected MR202; found:\n  \(no findings\)"):
            assert_finding(report, "MR202", as_of=AS_OF)

    def test_wrong_path(self, report: dict[str, Any]) -> None:
        with pytest.raises(AssertionError, match=r"expected MR202 at episode\.last_seen_at"):
            assert_finding(
                merge_patch(report, LATE), "MR202", path="episode.last_seen_at", as_of=AS_OF
            )
