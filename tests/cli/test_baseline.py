"""Baselines: accepted findings with a justification; CI fails only on new ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from missingreport.baseline import PLACEHOLDER
from tests.cli.conftest import AS_OF, DATA, Runner

INPUTS = ("reports.json", "reports.jsonl", "--as-of", AS_OF, "--select", "MR0,MR202")


def _write(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")


def _justify(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for entry in document["entries"]:
        entry["justification"] = f"known since the 2024 audit ({entry['code']})"
    _write(path, document)
    return document


class TestWriting:
    """`missingreport baseline` writes one entry per report id, code and path."""

    def test_writes_entries_with_placeholders(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        outcome = run_cli("baseline", *INPUTS, "--output", str(target))
        assert outcome.code == 0
        document = json.loads(target.read_text(encoding="utf-8"))
        assert document == {
            "version": 1,
            "entries": [
                {
                    "report_id": "OH-2024-0303",
                    "code": "MR202",
                    "path": "ncmec_report.reported_at",
                    "justification": PLACEHOLDER,
                },
                {
                    "report_id": "OH-2024-0305",
                    "code": "MR004",
                    "path": "child.hair_colour",
                    "justification": PLACEHOLDER,
                },
            ],
        }
        assert "wrote 2 entries" in outcome.out
        assert "2 need a justification" in outcome.out
        assert "2 findings of records without a report id cannot be baselined" in outcome.out

    def test_update_keeps_justifications(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        run_cli("baseline", "reports.json", "--as-of", AS_OF, "--output", str(target))
        _justify(target)
        run_cli("baseline", *INPUTS, "--output", str(target))
        entries = json.loads(target.read_text(encoding="utf-8"))["entries"]
        by_code = {e["code"]: e["justification"] for e in entries}
        assert by_code["MR202"] == "known since the 2024 audit (MR202)"
        assert by_code["MR004"] == PLACEHOLDER

    def test_to_stdout(self, run_cli: Runner) -> None:
        outcome = run_cli("baseline", "reports.json", "--as-of", AS_OF, "--select", "MR202")
        assert json.loads(outcome.out)["entries"][0]["report_id"] == "OH-2024-0303"


class TestChecking:
    """`check --baseline` hides accepted findings and fails only on new ones."""

    def test_placeholder_justification_is_refused(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        run_cli("baseline", *INPUTS, "--output", str(target))
        outcome = run_cli("check", *INPUTS, "--baseline", str(target))
        assert outcome.code == 2
        assert "2 entries have no justification" in outcome.err
        assert "OH-2024-0303 MR202" in outcome.err

    def test_blank_justification_is_refused(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        _write(target, [{"report_id": "OH-2024-0303", "code": "MR202", "justification": " "}])
        assert run_cli("check", *INPUTS, "--baseline", str(target)).code == 2

    def test_accepted_findings_are_not_reported(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        run_cli("baseline", *INPUTS, "--output", str(target))
        _justify(target)
        outcome = run_cli("check", *INPUTS, "--baseline", str(target), "--format", "json")
        document = json.loads(outcome.out)
        assert document["summary"] == {
            "records": 6, "error": 2, "warning": 0, "info": 0, "baselined": 2,
        }  # fmt: skip
        codes = {f["code"] for r in document["results"] for f in r["findings"]}
        assert codes == {"MR001"}  # the unreadable records cannot be baselined
        text = run_cli("check", *INPUTS, "--baseline", str(target))
        assert "2 accepted by the baseline" in text.out
        assert "MR202" not in text.out

    def test_only_new_findings_fail(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        _write(
            target,
            [{"report_id": "OH-2024-0305", "code": "MR004", "justification": "legacy export"}],
        )
        args = ("check", "--as-of", AS_OF, "--select", "MR004,MR202", "--baseline", str(target))
        assert run_cli(*args, "reports.jsonl").code == 0
        new = run_cli(*args, "reports.jsonl", "reports.json")
        assert new.code == 1
        assert "MR202" in new.out
        assert "MR004" not in new.out

    def test_entry_without_path_accepts_any_path(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        entry = {"report_id": "OH-2024-0305", "code": "MR004", "justification": "legacy"}
        _write(target, {"version": 1, "entries": [entry]})
        args = ("check", "reports.jsonl", "--as-of", AS_OF, "--select", "MR004")
        assert run_cli(*args, "--baseline", str(target)).code == 0
        _write(target, {"version": 1, "entries": [{**entry, "path": "child.other"}]})
        assert run_cli(*args, "--baseline", str(target)).code == 1

    def test_unknown_code_is_refused(self, run_cli: Runner, tmp_path: Path) -> None:
        target = tmp_path / "baseline.json"
        _write(target, [{"report_id": "X-1", "code": "MR999", "justification": "why"}])
        outcome = run_cli("check", "clean.json", "--baseline", str(target))
        assert outcome.code == 2
        assert "MR999" in outcome.err

    def test_baseline_inside_a_checked_folder_is_not_read_as_a_report(
        self, run_cli: Runner, tmp_path: Path
    ) -> None:
        folder = tmp_path / "reports"
        folder.mkdir()
        (folder / "clean.json").write_bytes((DATA / "clean.json").read_bytes())
        target = folder / "baseline.json"
        _write(target, {"version": 1, "entries": []})
        outcome = run_cli("check", str(folder), "--as-of", AS_OF, "--baseline", str(target))
        assert outcome.code == 0
        assert outcome.out.startswith("1 record checked")

    def test_baseline_given_as_a_path_is_not_read(self, run_cli: Runner, tmp_path: Path) -> None:
        """As pre-commit does: every changed file is a path, the baseline among them."""
        target = tmp_path / "missingreport-baseline.json"
        _write(target, {"version": 1, "entries": []})
        outcome = run_cli("check", "clean.json", str(target), "--baseline", str(target))
        assert outcome.code == 0
        assert outcome.out.startswith("1 record checked")
