"""Exit codes: 0 nothing at or above --fail-on, 1 there is, 2 the tool could not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from missingreport.cli import EXIT_ERROR, EXIT_FAIL, EXIT_OK
from tests.cli.conftest import AS_OF, Runner

#: A report whose only finding is a warning (MR203: date-only values a day apart).
WARNING_ONLY = ("agency.csv", "--mapping", "agency.mapping.toml", "--select", "MR203")


class TestFailOn:
    """--fail-on sets the lowest severity that fails the run."""

    def test_clean_report_exits_0(self, run_cli: Runner) -> None:
        outcome = run_cli("check", "clean.json", "--as-of", AS_OF)
        assert outcome.code == EXIT_OK
        assert outcome.out == "1 record checked: 0 errors, 0 warnings, 0 info\n"
        assert outcome.err == ""

    def test_errors_exit_1(self, run_cli: Runner) -> None:
        assert run_cli("check", "reports.json", "--as-of", AS_OF).code == EXIT_FAIL

    def test_never_exits_0_despite_errors(self, run_cli: Runner) -> None:
        outcome = run_cli("check", "reports.json", "--as-of", AS_OF, "--fail-on", "never")
        assert outcome.code == EXIT_OK
        assert "MR202" in outcome.out

    def test_warning_passes_by_default(self, run_cli: Runner) -> None:
        outcome = run_cli("check", *WARNING_ONLY, "--as-of", AS_OF)
        assert outcome.code == EXIT_OK
        assert "MR203 warning" in outcome.out

    def test_warning_fails_with_fail_on_warning(self, run_cli: Runner) -> None:
        assert run_cli("check", *WARNING_ONLY, "--as-of", AS_OF, "--fail-on", "warning").code == 1

    def test_info_fails_only_with_fail_on_info(self, run_cli: Runner, tmp_path: Path) -> None:
        config = tmp_path / "missingreport.toml"
        config.write_text('[severity]\nMR203 = "info"\n', encoding="utf-8")
        base = ("check", *WARNING_ONLY, "--as-of", AS_OF, "--config", str(config))
        assert run_cli(*base, "--fail-on", "warning").code == EXIT_OK
        outcome = run_cli(*base, "--fail-on", "info")
        assert outcome.code == EXIT_FAIL
        assert "MR203 info" in outcome.out

    def test_fail_on_from_the_configuration(self, run_cli: Runner, tmp_path: Path) -> None:
        config = tmp_path / "missingreport.toml"
        config.write_text('fail-on = "warning"\n', encoding="utf-8")
        outcome = run_cli("check", *WARNING_ONLY, "--as-of", AS_OF, "--config", str(config))
        assert outcome.code == EXIT_FAIL


class TestToolFaults:
    """Exit 2, with a message on stderr and nothing on stdout, when the tool cannot run."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["check", "no-such.json"], "no such file or folder: no-such.json"),
            (["check", "clean.json", "--format", "xml"], "invalid choice: 'xml'"),
            (["check", "clean.json", "--bogus"], "unrecognized arguments: --bogus"),
            (["check", "clean.json", "--as-of", "last Tuesday"], "--as-of"),
            (["check", "clean.json", "--select", "MR9"], "'MR9' names no rule"),
            (["check", "clean.json", "--config", "nope.toml"], "configuration file not found"),
            (["check", "agency.csv", "--mapping", "nope.toml"], "mapping file not found"),
            (["check", "clean.json", "--baseline", "nope.json"], "baseline file not found"),
            (["rule", "MR999"], "no rule 'MR999'"),
            (["check"], "the following arguments are required: PATH"),
            ([], "the following arguments are required: COMMAND"),
        ],
    )
    def test_exit_2(self, run_cli: Runner, args: list[str], message: str) -> None:
        outcome = run_cli(*args)
        assert outcome.code == EXIT_ERROR
        assert message in outcome.err
        assert outcome.out == ""

    def test_invalid_toml_configuration(self, run_cli: Runner, tmp_path: Path) -> None:
        config = tmp_path / "missingreport.toml"
        config.write_text("select = [\n", encoding="utf-8")
        outcome = run_cli("check", "clean.json", "--config", str(config))
        assert outcome.code == EXIT_ERROR
        assert "is not valid TOML" in outcome.err

    def test_unknown_configuration_key(self, run_cli: Runner, tmp_path: Path) -> None:
        config = tmp_path / "missingreport.toml"
        config.write_text('fail_onn = "warning"\n', encoding="utf-8")
        outcome = run_cli("check", "clean.json", "--config", str(config))
        assert outcome.code == EXIT_ERROR
        assert "fail_onn" in outcome.err

    def test_mapping_naming_a_field_that_does_not_exist(
        self, run_cli: Runner, tmp_path: Path
    ) -> None:
        mapping = tmp_path / "m.toml"
        mapping.write_text('[columns]\n"DOB" = "child.date_of_brith"\n', encoding="utf-8")
        outcome = run_cli("check", "agency.csv", "--mapping", str(mapping))
        assert outcome.code == EXIT_ERROR
        assert "did you mean child.date_of_birth?" in outcome.err

    def test_output_into_a_missing_folder(self, run_cli: Runner, tmp_path: Path) -> None:
        outcome = run_cli("check", "clean.json", "--output", str(tmp_path / "no" / "x.json"))
        assert outcome.code == EXIT_ERROR
        assert "cannot write" in outcome.err

    def test_empty_folder(self, run_cli: Runner, tmp_path: Path) -> None:
        outcome = run_cli("check", str(tmp_path))
        assert outcome.code == EXIT_ERROR
        assert "no report files" in outcome.err

    def test_bad_data_is_never_exit_2(self, run_cli: Runner, tmp_path: Path) -> None:
        broken = tmp_path / "broken.json"
        broken.write_bytes(b"\xff\xfe not json at all")
        outcome = run_cli("check", str(broken), "--as-of", AS_OF)
        assert outcome.code == EXIT_FAIL
        assert "MR001" in outcome.out

    def test_help_and_version_exit_0(self, run_cli: Runner) -> None:
        assert run_cli("--version").code == EXIT_OK
        outcome = run_cli("check", "--help")
        assert outcome.code == EXIT_OK
        assert "--fail-on" in outcome.out
