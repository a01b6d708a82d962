"""Every rule's named pass and fail cases (tests/rules/cases/MRnnn.json), one parametrised test.

A case file::

    {"rule": "MR202", "as_of": "2024-04-01T00:00:00Z",
     "cases": [
       {"name": "exactly 24 h is on time", "expect": "pass",
        "patch": {"ncmec_report": {"reported_at": "..."}}},
       {"name": "24 h + 1 min", "expect": "fail", "path": "ncmec_report.reported_at",
        "patch": {...}, "also": ["MR210"]}]}

``patch`` is a JSON Merge Patch on tests/rules/base.json (``null`` removes a key); a case
may instead give the whole ``report``. A failing case must produce the rule's finding and
nothing else but the codes listed in ``also``; a passing case must not produce it (and,
with ``"clean": true``, nothing at all). ``policy`` sets configurable values; ``as_of``
may be set per case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from missingreport import Config, Policy, get_rule, validate
from tests.conftest import AS_OF, load_base, merge_patch

CASES_DIR = Path(__file__).parent / "rules" / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("MR*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(
                pytest.param(spec["rule"], spec.get("as_of", AS_OF), case,
                             id=f"{spec['rule']}-{case['expect']}-{case['name']}")
            )  # fmt: skip
    return params


@pytest.mark.parametrize(("code", "as_of", "case"), _cases())
def test_rule_case(code: str, as_of: str, case: dict[str, Any]) -> None:
    assert get_rule(code) is not None, f"{code} is not in the catalogue"
    record = case["report"] if "report" in case else merge_patch(load_base(), case.get("patch", {}))
    config = Config(policy=Policy(**case.get("policy", {})))
    result = validate(record, as_of=case.get("as_of", as_of), config=config)
    codes = [f.code for f in result.findings]
    if case["expect"] == "fail":
        assert code in codes, f"expected {code}, got {codes}"
        unexpected = set(codes) - {code} - set(case.get("also", []))
        assert not unexpected, f"only {code} expected, also got {sorted(unexpected)}"
        if "path" in case:
            paths = [f.path for f in result.findings if f.code == code]
            assert case["path"] in paths, f"{code} at {paths}, expected {case['path']}"
        if "count" in case:
            assert codes.count(code) == case["count"]
    else:
        assert case["expect"] == "pass", case["expect"]
        assert code not in codes, [f for f in result.findings if f.code == code]
        if case.get("clean"):
            assert codes == []


def test_every_rule_has_cases() -> None:
    from missingreport import all_rules

    have = {p.stem for p in CASES_DIR.glob("MR*.json")}
    single_report = [r for r in all_rules() if r.code[2] in "12345"]
    missing = [r.code for r in single_report if r.code not in have]
    assert not missing, f"rules without a case file: {missing}"


def test_base_report_is_clean() -> None:
    result = validate(load_base(), as_of=AS_OF)
    assert result.findings == []
    assert result.report is not None
