"""``missingreport check`` in every output format, against golden outputs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from tests.cli.conftest import AS_OF, GOLDEN_INPUTS, GOLDEN_SELECT, Runner, assert_golden

FORMATS = {
    "text": "check.txt",
    "json": "check.json",
    "jsonl": "check.jsonl",
    "sarif": "check.sarif",
    "junit": "check.junit.xml",
    "github": "check.github.txt",
}


def _check(run_cli: Runner, fmt: str, *extra: str) -> tuple[int, str, str]:
    outcome = run_cli(
        "check", *GOLDEN_INPUTS, "--mapping", "agency.mapping.toml", "--as-of", AS_OF,
        "--select", GOLDEN_SELECT, "--format", fmt, *extra,
    )  # fmt: skip
    return outcome.code, outcome.out, outcome.err


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_golden(run_cli: Runner, fmt: str) -> None:
    """Each format's output of the golden inputs is exactly the golden; exit 1, quiet stderr."""
    code, out, err = _check(run_cli, fmt)
    assert code == 1
    assert err == ""
    assert_golden(FORMATS[fmt], out)


def test_json_has_the_fixed_keys(run_cli: Runner) -> None:
    """The JSON document has the keys of interfaces.md, and the summary adds up."""
    _, out, _ = _check(run_cli, "json")
    document = json.loads(out)
    assert list(document) == ["tool", "ruleset", "as_of", "summary", "results"]
    assert document["tool"]["name"] == "missingreport"
    assert document["as_of"] == AS_OF
    assert document["summary"] == {"records": 11, "error": 7, "warning": 1, "info": 0}
    for result in document["results"]:
        assert list(result) == ["source", "record", "line", "report_id", "findings"]
        for finding in result["findings"]:
            assert list(finding) == ["code", "name", "severity", "path", "message"]
    lines = {(r["source"], r["record"]): r["line"] for r in document["results"]}
    assert lines[("reports.json", 2)] is None  # plain JSON: no line
    assert lines[("reports.jsonl", 3)] == 4  # the JSONL line (a blank line before it)
    assert lines[("agency.csv", 2)] == 3  # the CSV row, header = row 1


def test_jsonl_is_one_flat_finding_per_line(run_cli: Runner) -> None:
    """Each line is one finding with the location keys flattened into it."""
    _, out, _ = _check(run_cli, "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 8
    keys = ["source", "record", "line", "report_id", "code", "name", "severity", "path"]
    assert all(list(row)[:8] == keys and "message" in row for row in rows)


def test_sarif_points_at_files_and_lines(run_cli: Runner) -> None:
    """SARIF 2.1.0: rules from the catalogue, a location with file and line per result."""
    _, out, _ = _check(run_cli, "sarif")
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == GOLDEN_SELECT.split(",")
    assert all(r["shortDescription"]["text"] and r["help"]["markdown"] for r in rules)
    located = {
        (
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            res["locations"][0]["physicalLocation"]["region"]["startLine"],
            res["ruleId"],
            res["level"],
        )
        for res in run["results"]
    }
    # the second element of the JSON list starts on line 92 of reports.json
    assert ("reports.json", 92, "MR202", "error") in located
    assert ("reports.jsonl", 2, "MR004", "error") in located
    assert ("agency.csv", 5, "MR203", "warning") in located
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_junit_has_a_suite_per_file_and_a_case_per_record(run_cli: Runner) -> None:
    """One suite per input file, one case per record, a failure per error."""
    _, out, _ = _check(run_cli, "junit")
    root = ET.fromstring(out)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == list(GOLDEN_INPUTS)
    assert [s.get("tests") for s in suites.values()] == ["3", "3", "4", "1"]
    cases = [c.get("name") for c in suites["agency.csv"].iter("testcase")]
    assert cases == ["OH-2024-0311", "OH-2024-0312", "record 3", "OH-2024-0314"]
    failures = [str(f.get("type")) for f in root.iter("failure")]
    assert sorted(failures) == sorted(
        ["MR202", "MR001", "MR004", "MR001", "MR002", "MR005", "MR001"]
    )
    assert root.get("tests") == "11"
    assert root.get("failures") == "6"  # records with at least one error


def test_github_annotations(run_cli: Runner) -> None:
    """Workflow commands with file and line; warnings are warnings."""
    _, out, _ = _check(run_cli, "github")
    lines = out.splitlines()
    assert lines[0].startswith("::error file=reports.json,line=92,title=MR202 ncmec-report-late::")
    assert any(line.startswith("::warning file=agency.csv,line=5,") for line in lines)
    assert lines[-1] == "11 records checked: 7 errors, 1 warning, 0 info"


def test_output_file(run_cli: Runner, tmp_path_factory: pytest.TempPathFactory) -> None:
    """--output writes the report to the file and nothing to stdout."""
    target = tmp_path_factory.mktemp("out") / "results.sarif"
    code, out, err = _check(run_cli, "sarif", "--output", str(target))
    assert (code, out, err) == (1, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert list(target.parent.iterdir()) == [target]  # no temporary file left behind
