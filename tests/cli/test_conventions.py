"""The conventions of linters' command lines: --statistics, -q, gitlab, SARIF suppressions,
"did you mean", usage errors in the subcommand's usage."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from missingreport.cli import build_parser
from tests.cli.conftest import AS_OF, GOLDEN_INPUTS, GOLDEN_SELECT, Runner

CHECK = (
    "check", *GOLDEN_INPUTS, "--mapping", "agency.mapping.toml", "--as-of", AS_OF,
    "--select", GOLDEN_SELECT,
)  # fmt: skip
SUMMARY = "11 records checked: 7 errors, 1 warning, 0 info"


def _document(run_cli: Runner, *extra: str) -> list[dict[str, object]]:
    outcome = run_cli(*CHECK, "--format", "jsonl", *extra)
    return [json.loads(line) for line in outcome.out.splitlines()]


class TestStatistics:
    """--statistics: counts by code, name and severity, most frequent first."""

    def test_table_follows_the_findings(self, run_cli: Runner) -> None:
        """The table counts every finding, sorted by count then code, after the summary."""
        outcome = run_cli(*CHECK, "--statistics")
        assert outcome.code == 1
        findings = _document(run_cli)
        lines = outcome.out.splitlines()
        start = lines.index(SUMMARY) + 1
        rows = [line.split() for line in lines[start:]]
        counts = [int(row[0]) for row in rows]
        assert sum(counts) == len(findings)
        assert counts == sorted(counts, reverse=True)
        for count, code, name, severity in rows:
            same = [f for f in findings if f["code"] == code]
            assert len(same) == int(count)
            assert {(f["name"], f["severity"]) for f in same} == {(name, severity)}
        assert len(rows) == len({f["code"] for f in findings})

    def test_with_quiet_the_table_replaces_the_findings(self, run_cli: Runner) -> None:
        """-q --statistics: the summary line and the table, no finding."""
        outcome = run_cli(*CHECK, "-q", "--statistics")
        lines = outcome.out.splitlines()
        assert lines[0] == SUMMARY
        assert all(line.split()[0].isdigit() for line in lines[1:])
        assert len(lines) > 1

    def test_with_a_document_format_the_table_goes_to_stderr(self, run_cli: Runner) -> None:
        """--format json --statistics: the document stays parseable; the table on stderr."""
        outcome = run_cli(*CHECK, "--format", "json", "--statistics")
        assert json.loads(outcome.out)["summary"]["error"] == 7
        assert "MR202" in outcome.err


class TestQuiet:
    """-q/--quiet: the summary line only; exit codes unchanged."""

    def test_text_is_the_summary_line(self, run_cli: Runner) -> None:
        """Text output is one line, and the exit code is still 1."""
        outcome = run_cli(*CHECK, "--quiet")
        assert outcome.code == 1
        assert outcome.out == SUMMARY + "\n"

    def test_clean_input_exits_0(self, run_cli: Runner) -> None:
        """A clean report under -q: exit 0 and the summary line."""
        outcome = run_cli("check", "clean.json", "--as-of", AS_OF, "-q")
        assert (outcome.code, outcome.out) == (
            0,
            "1 record checked: 0 errors, 0 warnings, 0 info\n",
        )

    def test_with_an_output_file_nothing_else_is_written(
        self, run_cli: Runner, tmp_path: Path
    ) -> None:
        """-q --output FILE: the file, and nothing on stdout or stderr (no notices)."""
        target = tmp_path / "out.json"
        outcome = run_cli(
            *CHECK, "--format", "json",
            "--output", str(target), "-q",
        )  # fmt: skip
        assert outcome.code == 1
        assert (outcome.out, outcome.err) == ("", "")
        assert json.loads(target.read_text(encoding="utf-8"))["summary"]["records"] == 11


class TestGitlab:
    """--format gitlab: GitLab Code Quality JSON."""

    def test_one_issue_per_finding_with_the_required_keys(self, run_cli: Runner) -> None:
        """Each finding is an issue with description, check_name, fingerprint, severity,
        location.path and location.lines.begin."""
        outcome = run_cli(*CHECK, "--format", "gitlab")
        assert outcome.code == 1
        issues = json.loads(outcome.out)
        findings = _document(run_cli)
        assert len(issues) == len(findings)
        severities = {"error": "major", "warning": "minor", "info": "info"}
        for issue, finding in zip(issues, findings, strict=True):
            assert set(issue) == {
                "description",
                "check_name",
                "fingerprint",
                "severity",
                "location",
            }
            assert issue["check_name"] == finding["code"]
            assert issue["severity"] == severities[str(finding["severity"])]
            assert issue["location"]["path"] == finding["source"]
            assert isinstance(issue["location"]["lines"]["begin"], int)
            assert issue["description"].startswith(f"{finding['code']} {finding['name']}")
            assert len(issue["fingerprint"]) == 32
        jsonl = [i for i, f in zip(issues, findings, strict=True) if f["source"] == "reports.jsonl"]
        assert jsonl
        lines = [f["line"] for f in findings if f["source"] == "reports.jsonl"]
        assert [i["location"]["lines"]["begin"] for i in jsonl] == lines

    def test_no_finding_is_an_empty_list(self, run_cli: Runner) -> None:
        """A clean report gives ``[]``, which GitLab reads as no issue."""
        outcome = run_cli("check", "clean.json", "--as-of", AS_OF, "--format", "gitlab")
        assert json.loads(outcome.out) == []


class TestSarifSuppressions:
    """SARIF with --baseline: accepted findings are suppressed, not left out."""

    def test_accepted_findings_carry_an_external_suppression(
        self, run_cli: Runner, tmp_path: Path
    ) -> None:
        """Each accepted finding has kind external and the baseline's justification; the
        exit code counts only the findings the baseline does not accept."""
        baseline = tmp_path / "baseline.json"
        entries = [
            {"report_id": "OH-2024-0303", "code": "MR202", "path": "ncmec_report.reported_at",
             "justification": "late in 2024, documented in the case notes"},
        ]  # fmt: skip
        baseline.write_text(json.dumps({"version": 1, "entries": entries}), encoding="utf-8")
        args = ("check", "reports.json", "--as-of", AS_OF, "--select", "MR202")
        plain = json.loads(run_cli(*args, "--format", "sarif").out)["runs"][0]["results"]
        outcome = run_cli(*args, "--format", "sarif", "--baseline", str(baseline))
        results = json.loads(outcome.out)["runs"][0]["results"]
        assert len(results) == len(plain) == 1
        assert results[0]["suppressions"] == [
            {"kind": "external", "justification": "late in 2024, documented in the case notes"}
        ]
        assert outcome.code == 0
        text = run_cli(*args, "--baseline", str(baseline))
        assert "MR202" not in text.out  # other formats still leave them out
        assert "1 accepted by the baseline" in text.out


class TestUsageErrors:
    """A mistyped option, subcommand or choice: exit 2, the subcommand's usage, a hint."""

    def test_mistyped_option(self, run_cli: Runner) -> None:
        """``check --formt json``: the check usage and "did you mean '--format'"."""
        outcome = run_cli("check", "clean.json", "--formt", "json")
        assert outcome.code == 2
        assert outcome.err.startswith("usage: missingreport check")
        assert "unrecognized arguments: --formt json" in outcome.err
        assert "did you mean '--format'?" in outcome.err

    def test_mistyped_subcommand(self, run_cli: Runner) -> None:
        """``chekc``: "did you mean 'check'"."""
        outcome = run_cli("chekc", "clean.json")
        assert outcome.code == 2
        assert "did you mean 'check'?" in outcome.err

    @pytest.mark.parametrize(
        ("option", "value", "hint"),
        [("--format", "sarf", "sarif"), ("--fail-on", "warn", "warning")],
    )
    def test_mistyped_choice(self, run_cli: Runner, option: str, value: str, hint: str) -> None:
        """A mistyped value of a choice: the subcommand's usage and the closest choice."""
        outcome = run_cli("check", "clean.json", option, value)
        assert outcome.code == 2
        assert outcome.err.startswith("usage: missingreport check")
        assert f"did you mean {hint!r}?" in outcome.err

    def test_error_of_another_subcommand_shows_its_usage(self, run_cli: Runner) -> None:
        """An unknown option of ``rules`` is reported in the usage of ``rules``."""
        outcome = run_cli("rules", "--fromat", "json")
        assert outcome.code == 2
        assert outcome.err.startswith("usage: missingreport rules")
        assert "did you mean '--format'?" in outcome.err


class TestCiExamples:
    """The CI examples install from the repository and judge at a fixed moment."""

    EXAMPLES = Path(__file__).parents[2] / "examples" / "ci"

    def _commands(self) -> list[list[str]]:
        commands = []
        for path in sorted(self.EXAMPLES.glob("*.yml")):
            text = path.read_text(encoding="utf-8")
            # Folded YAML (`>`) continues a command on the lines below it.
            for block in re.split(r"\n\s*(?:- |run: )", text):
                lines = [line.strip() for line in block.splitlines()]
                flat = " ".join(line for line in lines if not line.startswith("#"))
                found = re.search(r"missingreport check (.*?)(?:\|\||$)", flat)
                if found:
                    commands.append(["check", *shlex.split(found.group(1))])
        return commands

    def test_every_check_passes_as_of_and_parses(self) -> None:
        """Each ``missingreport check`` of the examples has --as-of and valid options."""
        commands = self._commands()
        assert len(commands) >= 3
        for command in commands:
            args = build_parser("check").parse_args(command)
            assert args.as_of == "2024-04-01T00:00:00-05:00"

    def test_installs_come_from_the_repository(self) -> None:
        """No ``pip install missingreport`` from an index: from git, at a tag."""
        for path in sorted(self.EXAMPLES.glob("*.yml")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if "pip install" in line and "missingreport" in line:
                    assert "@ git+https://" in line, path.name
                    assert re.search(r"@v\d+\.\d+\.\d+\"", line), path.name
