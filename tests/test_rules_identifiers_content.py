"""MR3xx and MR4xx beyond the case files: what each rule applies to, and what it says.

``Rule.applies`` is the audit's denominator: the reports in which the rule has
something to judge. A rule about something missing applies where it could be missing
(every police report for MR406), not only where it is present.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from missingreport import Config, Engine, Policy
from missingreport.rules import Context
from tests.conftest import AS_OF, load_base, merge_patch

CASES_DIR = Path(__file__).parent / "rules" / "cases"
#: Found while reading: the failed value is taken out of the partial report, and the
#: audit counts a report with a finding in the denominator anyway.
_AT_PARSE = {"MR301", "MR305", "MR306", "MR307"}


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("MR[34]0*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            as_of = case.get("as_of", spec.get("as_of", AS_OF))
            name = f"{spec['rule']}-{case['expect']}-{case['name']}"
            params.append(pytest.param(spec["rule"], as_of, case, id=name))
    return params


def _engine(as_of: str, policy: dict[str, Any]) -> Engine:
    return Engine(Config(policy=Policy(**policy)), as_of=as_of, show_values=True)


def _applies(code: str, patch: dict[str, Any], as_of: str = AS_OF) -> bool:
    engine = _engine(as_of, {})
    parsed = engine.parse(merge_patch(load_base(), patch))
    assert parsed.partial is not None
    ctx = Context(
        parsed.partial, as_of=engine.as_of, policy=engine.config.policy, failed=parsed.failed
    )
    return engine.selected[code].applies(parsed.partial, ctx)


@pytest.mark.parametrize(("code", "as_of", "case"), _cases())
def test_every_case_finding_applies_and_hides_its_value(
    code: str, as_of: str, case: dict[str, Any]
) -> None:
    engine = _engine(as_of, case.get("policy", {}))
    parsed = engine.parse(merge_patch(load_base(), case.get("patch", {})))
    findings = [f for f in engine.check_parsed(parsed) if f.code == code]
    assert bool(findings) == (case["expect"] == "fail")
    if findings and code not in _AT_PARSE:
        assert parsed.partial is not None
        ctx = Context(
            parsed.partial, as_of=engine.as_of, policy=engine.config.policy, failed=parsed.failed
        )
        assert engine.selected[code].applies(parsed.partial, ctx)
    for finding in findings:
        assert finding.message
        if finding.value:
            assert finding.value not in finding.message


@pytest.mark.parametrize(
    ("code", "patch", "expected"),
    [
        ("MR301", {}, True),
        ("MR301", {"law_enforcement_report": {"ori": None}}, False),
        ("MR302", {"law_enforcement_report": None}, False),
        ("MR305", {}, True),
        ("MR306", {}, True),
        ("MR306", {"custodial_agency": {"caseworker": {"email": None}}}, False),
        ("MR307", {}, True),
        ("MR307", {"episode": {"last_seen_location": {"postal_code": None}}}, False),
        ("MR308", {}, True),
        ("MR308", {"episode": {"last_seen_location": {"postal_code": "00000"}}}, False),
        ("MR401", {}, False),
        ("MR401", {"child": {"photo": {"available": False, "reason_unavailable": "none"}}}, True),
        ("MR402", {}, True),
        ("MR402", {"child": {"photo": {"taken_on": None}}}, True),
        ("MR402", {"child": {"photo": {"available": False, "reason_unavailable": "none"}}}, False),
        ("MR403", {"child": {"height_in": None}}, True),
        ("MR404", {}, False),
        ("MR404", {"child": {"endangerment": {"pregnant": "yes"}}}, False),
        ("MR404", {"child": {"endangerment": {"suicidal": "yes"}}}, True),
        ("MR404", {"episode": {"circumstance": "family_abduction", "ncic_category": None}}, False),
        ("MR405", {"episode": {"last_seen_location": {"city": None}}}, True),
        ("MR406", {}, True),
        ("MR406", {"law_enforcement_report": {"ori": None}}, True),
        ("MR406", {"law_enforcement_report": None}, False),
        ("MR407", {}, True),
        ("MR407", {"law_enforcement_report": {"ncic_number": None}}, True),
        ("MR407", {"law_enforcement_report": {"ncic_number": "M12"}}, True),
        ("MR408", {"ncmec_report": {"case_number": None}}, True),
        ("MR408", {"ncmec_report": None}, False),
        ("MR409", {"episode": {"ncic_category": None}}, True),
        ("MR409", {"law_enforcement_report": None}, False),
    ],
)
def test_what_each_rule_applies_to(code: str, patch: dict[str, Any], expected: bool) -> None:
    assert _applies(code, patch) is expected


def test_ncic_number_is_due_only_after_24_hours() -> None:
    patch = {"law_enforcement_report": {"ncic_number": None}, "recovery": None}
    assert _applies("MR407", patch, as_of="2024-03-06T22:30:00-05:00") is False
    assert _applies("MR407", patch, as_of="2024-03-06T22:31:00-05:00") is True


def test_applies_is_safe_on_a_partial_report() -> None:
    patch = {"episode": "not an object", "child": {"photo": "none"}}
    for code in ("MR302", "MR308", "MR401", "MR402", "MR403", "MR404", "MR405", "MR409"):
        assert isinstance(_applies(code, patch), bool)
