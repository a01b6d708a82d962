"""The other commands and options: stdin, folders, colour, the catalogue, real processes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from missingreport.cli import COMMANDS, build_parser
from missingreport.readers import REPORT_SUFFIXES
from tests.cli.conftest import AS_OF, DATA, Runner


class TestInputs:
    """What `check` reads besides named files."""

    def test_json_lines_on_stdin(self, run_cli: Runner) -> None:
        data = (DATA / "reports.jsonl").read_bytes()
        empty = run_cli("check", "-", "--as-of", AS_OF, "--format", "jsonl", stdin=b"")
        assert (empty.code, empty.out) == (0, "")  # an empty stream has no records
        outcome = run_cli(
            "check", "-", "--as-of", AS_OF, "--select", "MR0", "--format", "jsonl", stdin=data
        )
        rows = [json.loads(line) for line in outcome.out.splitlines()]
        assert [(r["source"], r["line"], r["code"]) for r in rows] == [
            ("-", 2, "MR004"),
            ("-", 4, "MR001"),
        ]

    def test_csv_on_stdin_with_a_mapping(self, run_cli: Runner) -> None:
        data = (DATA / "agency.csv").read_bytes()
        args = ("check", "-", "--mapping", "agency.mapping.toml", "--as-of", AS_OF)
        outcome = run_cli(*args, "--select", "MR0", "--format", "jsonl", stdin=data)
        rows = [json.loads(line) for line in outcome.out.splitlines()]
        assert [(r["line"], r["code"]) for r in rows] == [(3, "MR002"), (3, "MR005"), (4, "MR001")]

    def test_folder_is_read_recursively_in_order(self, run_cli: Runner, tmp_path: Path) -> None:
        (tmp_path / "b").mkdir()
        (tmp_path / ".git").mkdir()
        for name in ("b/2.json", "a.jsonl", ".git/x.json", "c.json"):
            (tmp_path / name).write_bytes((DATA / "clean.json").read_bytes().replace(b"\n", b""))
        (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
        # the same report in three files: MR601 would add a batch suite, not the point here
        args = ("check", str(tmp_path), "--as-of", AS_OF, "--ignore", "MR6")
        outcome = run_cli(*args, "--format", "junit")
        suites = [
            line.split('"')[1][len(tmp_path.as_posix()) + 1 :]
            for line in outcome.out.splitlines()
            if line.startswith("  <testsuite ")
        ]
        assert suites == ["a.jsonl", "b/2.json", "c.json"]
        assert outcome.code == 0

    def test_csv_beside_its_mapping(self, run_cli: Runner, tmp_path: Path) -> None:
        (tmp_path / "export.csv").write_bytes((DATA / "agency.csv").read_bytes())
        (tmp_path / "export.mapping.toml").write_bytes((DATA / "agency.mapping.toml").read_bytes())
        outcome = run_cli("check", str(tmp_path), "--as-of", AS_OF, "--select", "MR0")
        assert outcome.out.endswith("4 records checked: 3 errors, 0 warnings, 0 info\n")


class TestText:
    """Colour only when asked or on a terminal."""

    def test_no_colour_when_not_a_terminal(self, run_cli: Runner) -> None:
        assert "\033[" not in run_cli("check", "reports.json", "--as-of", AS_OF).out

    def test_colour_always(self, run_cli: Runner) -> None:
        out = run_cli("check", "reports.json", "--as-of", AS_OF, "--color", "always").out
        assert "\033[31merror  \033[0m" in out

    def test_colour_never_beats_a_terminal(self, run_cli: Runner) -> None:
        out = run_cli("check", "reports.json", "--as-of", AS_OF, "--color", "never").out
        assert "\033[" not in out


class TestCatalogue:
    """`rules`, `rule` and `schema`."""

    def test_rules_json_shape(self, run_cli: Runner) -> None:
        document = json.loads(run_cli("rules", "--format", "json").out)
        assert document["ruleset"] == "2"
        keys = ["code", "name", "severity", "summary", "basis", "available"]
        assert all(list(rule) == keys for rule in document["rules"])
        assert {"MR001", "MR202"} <= {rule["code"] for rule in document["rules"]}

    def test_rule_page(self, run_cli: Runner) -> None:
        outcome = run_cli("rule", "ncmec-report-late")
        assert outcome.code == 0
        assert outcome.out.startswith("# MR202 ncmec-report-late\n")

    def test_schema_into_a_folder(self, run_cli: Runner, tmp_path: Path) -> None:
        assert run_cli("schema", "--output", str(tmp_path)).code == 0
        schema = json.loads((tmp_path / "missing-child-report.schema.json").read_text("utf-8"))
        assert schema["title"] == "MissingChildReport"

    def test_every_registered_command_has_a_handler(self) -> None:
        parser = build_parser()
        for command in ("check", "baseline", "rules", "rule", "schema"):
            argv = [command, "x"] if command in ("check", "baseline", "rule") else [command]
            assert callable(parser.parse_args(argv).handler)
        assert COMMANDS[:3] == ("check", "baseline", "catalogue")


class TestProcesses:
    """The installed entry points, run as real processes."""

    def test_console_script(self) -> None:
        script = Path(sys.executable).with_name("missingreport")
        assert script.is_file(), "the console script is not installed beside the interpreter"
        done = subprocess.run(
            [str(script), "check", "reports.jsonl", "--as-of", AS_OF, "--format", "json",
             "--select", "MR0"],
            cwd=DATA, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 1
        assert json.loads(done.stdout)["summary"]["error"] == 2
        assert done.stderr == ""

    def test_python_dash_m(self) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "missingreport", "check", "clean.json", "--as-of", AS_OF,
             "--select", "MR0,MR2"],
            cwd=DATA, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout == "1 record checked: 0 errors, 0 warnings, 0 info\n"


class TestExcelExport:
    """examples/csv: an Excel export (Windows-1252, US dates) with its mapping beside it."""

    EXPORT = Path(__file__).parents[2] / "examples" / "csv"

    def _rows(self, run_cli: Runner) -> tuple[list[dict[str, object]], str]:
        outcome = run_cli("check", str(self.EXPORT), "--as-of", AS_OF, "--format", "jsonl")
        assert outcome.code == 1
        return [json.loads(line) for line in outcome.out.splitlines()], outcome.err

    def test_row_numbered_findings(self, run_cli: Runner) -> None:
        rows, _ = self._rows(run_cli)
        found = {(r["line"], r["code"], r["path"]) for r in rows}
        # 04/06/2009, read month first as the mapping declares: no MR211 (it declares one)
        assert not any(code == "MR211" for _, code, _ in found)
        assert (3, "MR202", "ncmec_report.reported_at") in found
        assert (4, "MR001", "") in found  # an unquoted comma: one cell too many
        assert (5, "MR002", "child.sex") in found
        assert (5, "MR005", "episode.placement_type") in found  # "Shelter" is no code

    def test_windows_1252_is_never_silent(self, run_cli: Runner) -> None:
        """The guessed encoding is an MR008 finding on the row that needed the guess."""
        rows, err = self._rows(run_cli)
        flagged = [(r["line"], r["code"]) for r in rows if r["name"] == "non-utf8-encoding"]
        assert flagged == [(2, "MR008")]  # José's row; the ASCII rows needed no guess
        assert err == ""


def test_pre_commit_hook_matches_the_readers() -> None:
    """The hook runs `missingreport check` on exactly the files a folder check reads."""
    text = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(
        line.strip().split(": ", 1) for line in text.splitlines() if line.startswith("  ")
    )
    assert fields["entry"] == "missingreport check"
    assert fields["require_serial"] == "true"
    files, exclude = re.compile(fields["files"]), re.compile(fields["exclude"])
    for name in (
        "reports/a.json", "data/missing-reports/2024/b.jsonl", "tests/fixtures/export.csv",
        "reports/export.mapping.json", "report/x.txt",
    ):  # fmt: skip
        read = name.endswith(REPORT_SUFFIXES) and not name.endswith(".mapping.json")
        assert bool(files.search(name) and not exclude.search(name)) is read


def test_pre_commit_hook_leaves_other_json_alone() -> None:
    """By default the hook does not check package.json or other JSON outside report folders."""
    text = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    pattern = next(line for line in text.splitlines() if line.startswith("  files: "))
    files = re.compile(pattern.split(": ", 1)[1])
    for name in ("package.json", "web/package.json", "tsconfig.json", "src/reports.py",
                 "notreports/a.json", "a.json"):  # fmt: skip
        assert not files.search(name), name
