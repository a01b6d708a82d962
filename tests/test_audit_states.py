"""The audit by state: outcomes per custodial state, each report judged by its own policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from missingreport.audit import audit_reports, render
from missingreport.cli import main
from missingreport.config import Config, Policy
from missingreport.engine import RawRecord
from tests.conftest import AS_OF, load_base, merge_patch


def _report(state: str, ncmec_at: str | None, report_id: str) -> dict[str, Any]:
    patch: dict[str, Any] = {"report_id": report_id, "custodial_agency": {"state": state}}
    patch["ncmec_report"] = None if ncmec_at is None else {"reported_at": ncmec_at}
    return merge_patch(load_base(), patch)


#: Notified 2024-03-05T22:15-05:00, police 15 minutes later.
_REPORTS = [
    _report("MO", "2024-03-05T23:00:00-05:00", "MO-1"),  # 45 min: on time for Missouri too
    _report("MO", "2024-03-06T01:15:00-05:00", "MO-2"),  # 3 h: MR221
    _report("MO", "2024-03-06T23:00:00-05:00", "MO-3"),  # federally late: MR202 only
    _report("ND", "2024-03-06T12:15:00-05:00", "ND-1"),  # 14 h: MR221 (ND 12 h)
    _report("PA", "2024-03-06T12:15:00-05:00", "PA-1"),  # nothing on file: on time
    _report("PA", None, "PA-2"),  # never reported
]


def _audit(**policy: Any) -> Any:
    records = (
        RawRecord(data=r, source="t.jsonl", record=i + 1, line=i + 1)
        for i, r in enumerate(_REPORTS)
    )
    return audit_reports(records, as_of=AS_OF, config=Config(policy=Policy(**policy)))


def test_outcomes_by_state_with_their_own_deadlines() -> None:
    doc = _audit().to_dict()
    assert list(doc["by_state"]) == ["MO", "ND", "PA"]
    mo, nd, pa = (doc["by_state"][s] for s in ("MO", "ND", "PA"))
    assert mo["episodes"] == 3
    assert mo["ncmec"]["on_time"] == 2
    assert mo["ncmec"]["late"] == 1
    assert mo["state_ncmec_deadline_hours"] == 2
    assert mo["state_police_deadline_hours"] == 2
    assert mo["state_ncmec_deadline_missed"] == 1  # MO-3 is MR202's, not MR221's
    assert nd["state_ncmec_deadline_missed"] == 1
    assert nd["state_ncmec_deadline_hours"] == 12
    assert pa["ncmec"]["not_reported"] == 1
    assert pa["state_ncmec_deadline_hours"] is None
    assert pa["state_ncmec_deadline_missed"] == 0
    assert doc["state_policy"] == "auto"
    assert {r["code"]: r["failed"] for r in doc["rules"]}["MR221"] == 2


def test_federal_setting_gives_no_state_figures() -> None:
    doc = _audit(state_policy="federal").to_dict()
    assert all(row["state_ncmec_deadline_missed"] == 0 for row in doc["by_state"].values())
    assert all(row["state_ncmec_deadline_hours"] is None for row in doc["by_state"].values())
    assert doc["state_policy"] == "federal"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_carry_the_state_figures(fmt: str) -> None:
    text = render(_audit(), fmt)
    assert "By state (NCMEC)" in text
    assert "By state (police)" in text
    assert "State deadlines" in text
    assert "MR221" in text


def test_audit_cli_takes_state_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _REPORTS), encoding="utf-8")
    args = ["audit", str(path), "--format", "json", "--as-of", AS_OF, "--no-progress"]
    assert main([*args, "--state-policy", "ND"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["state_policy"] == "ND"
    assert doc["by_state"]["MO"]["state_ncmec_deadline_hours"] == 12
