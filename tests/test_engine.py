"""The Python API: validate() on every kind of input, configuration, notices, batches."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import pytest

from missingreport import (
    Config,
    ConfigError,
    Engine,
    MissingChildReport,
    Policy,
    Severity,
    validate,
    validate_many,
)
from missingreport.config import load_config
from tests.conftest import AS_OF


def _late(report: dict[str, Any]) -> dict[str, Any]:
    report["ncmec_report"]["reported_at"] = "2024-03-07T09:00:00-05:00"
    return report


class TestInputs:
    """A dict, JSON text, JSON bytes and a model all give the same findings."""

    def test_every_form(self, report: dict[str, Any]) -> None:
        _late(report)
        text = json.dumps(report)
        model = MissingChildReport.model_validate(report)
        for form in (report, text, text.encode(), model):
            assert validate(form, as_of=AS_OF).codes == ["MR202"]

    def test_report_is_the_parsed_model(self, report: dict[str, Any]) -> None:
        result = validate(report, as_of=AS_OF)
        assert result.ok
        assert isinstance(result.report, MissingChildReport)
        assert result.report.custodial_agency.caseworker.phone == "+16142297000"

    @pytest.mark.parametrize("junk", [None, 42, 3.5, [], "", b"", "null", object()])
    def test_never_raises(self, junk: Any) -> None:
        result = validate(junk, as_of=AS_OF)
        assert result.codes == ["MR001"]
        assert not result.ok


class TestAsOf:
    """Anything that depends on now takes as_of, in any of its forms."""

    @pytest.mark.parametrize(
        "as_of",
        ["2024-03-08", "2024-03-07T12:00:00Z", date(2024, 3, 8),
         datetime(2024, 3, 7, 12, tzinfo=timezone.utc), datetime(2024, 3, 7, 12)],
    )  # fmt: skip
    def test_forms(self, report: dict[str, Any], as_of: Any) -> None:
        del report["ncmec_report"]
        del report["recovery"]
        assert "MR201" in validate(report, as_of=as_of).codes

    def test_bad_as_of_is_a_usage_error(self, report: dict[str, Any]) -> None:
        from missingreport import AsOfError, ConfigError, MissingReportError, check_files

        with pytest.raises(AsOfError, match="as_of") as raised:
            validate(report, as_of="next tuesday")
        assert isinstance(raised.value, ConfigError)  # the library's own type
        assert isinstance(raised.value, MissingReportError)
        assert "next tuesday" not in str(raised.value)  # the value is not quoted
        with pytest.raises(AsOfError):
            check_files(["tests/cli/data/clean.json"], as_of="2024-13-45")


class TestConfig:
    """Selection by code, prefix and name; severity overrides; policy values."""

    def test_ignore_by_prefix_and_name(self, report: dict[str, Any]) -> None:
        _late(report)
        assert validate(report, as_of=AS_OF, config=Config(ignore=("MR2",))).codes == []
        config = Config(ignore=("ncmec-report-late",))
        assert validate(report, as_of=AS_OF, config=config).codes == []

    def test_select_only(self, report: dict[str, Any]) -> None:
        _late(report)
        report["child"]["sex"] = "X"
        assert validate(report, as_of=AS_OF, config=Config(select=("MR0",))).codes == ["MR005"]

    def test_severity_override(self, report: dict[str, Any]) -> None:
        _late(report)
        result = validate(report, as_of=AS_OF, config=Config(severity={"MR202": Severity.WARNING}))
        assert result.ok
        assert result.warnings[0].code == "MR202"

    def test_policy_value(self, report: dict[str, Any]) -> None:
        strict = Config(policy=Policy(deadline_hours=8))
        assert validate(report, as_of=AS_OF, config=strict).codes == ["MR202"]

    @pytest.mark.parametrize(
        "bad",
        [{"select": ["MR9"]}, {"ignore": ["no-such-rule"]}, {"severity": {"MR999": "error"}},
         {"policy": {"deadline_hours": -1}}, {"policy": {"deadlin_hours": 12}}, {"colour": "red"}],
    )  # fmt: skip
    def test_bad_config_is_a_config_error(self, bad: dict[str, Any], tmp_path: Any) -> None:
        path = tmp_path / "missingreport.toml"
        lines = []
        for key, value in bad.items():
            if isinstance(value, dict):
                lines.append(f"[{key}]")
                lines += [f"{k} = {json.dumps(v)}" for k, v in value.items()]
            else:
                lines.insert(0, f"{key} = {json.dumps(value)}")
        path.write_text("\n".join(lines))
        with pytest.raises(ConfigError):
            Engine(load_config(path))

    def test_pyproject_table_and_kebab_keys(self, tmp_path: Any) -> None:
        path = tmp_path / "pyproject.toml"
        path.write_text(
            '[tool.missingreport]\nignore = ["MR5"]\nfail-on = "warning"\n'
            "[tool.missingreport.policy]\ndeadline-hours = 12\n"
        )
        config = load_config(path)
        assert config.fail_on == "warning"
        assert config.policy.deadline_hours == 12
        assert config.ignore == ("MR5",)

    def test_missing_config_file(self, tmp_path: Any) -> None:
        with pytest.raises(ConfigError, match="not found"):
            load_config(tmp_path / "nope.toml")


def test_validate_many_locates_findings(report: dict[str, Any]) -> None:
    good = json.dumps(report)
    bad = json.dumps(_late(dict(report)))
    results = list(validate_many([good, bad, "{"], as_of=AS_OF, source="inline"))
    located = [(r.record, [f.code for f in r.findings]) for r in results if r.findings]
    assert (2, ["MR202"]) in located
    assert (3, ["MR001"]) in located
    assert all(f.source == "inline" for r in results for f in r.findings)


class TestCheckFiles:
    """``check_files``: the files as ``missingreport check`` reads them."""

    DATA = "tests/cli/data"

    def test_as_the_command_line_reads_them(self, tmp_path: Any) -> None:
        from missingreport import check_files
        from missingreport.cli import main

        results = list(check_files([self.DATA], as_of=AS_OF))
        by_source = {r.source for r in results}
        assert {f"{self.DATA}/{name}" for name in ("reports.jsonl", "agency.csv")} <= by_source
        out, config = tmp_path / "out.jsonl", tmp_path / "missingreport.toml"
        config.write_text("", encoding="utf-8")  # the defaults, as check_files without config
        main(["check", self.DATA, "--as-of", AS_OF, "--format", "jsonl", "--output", str(out),
              "--config", str(config), "--no-progress"])  # fmt: skip
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        found = [(r.source, r.record, f.code, f.path) for r in results for f in r.findings]
        assert found == [(d["source"], d["record"], d["code"], d["path"]) for d in lines]
        csv = [r for r in results if r.source and r.source.endswith(".csv")]
        assert csv
        assert all(r.line is not None for r in csv)  # rows of the CSV, mapped

    def test_missing_path_raises_before_reading(self) -> None:
        from missingreport import InputError, check_files

        with pytest.raises(InputError):
            check_files(["no/such/file.jsonl"])

    def test_mapping_and_jobs(self) -> None:
        from missingreport import check_files

        path = f"{self.DATA}/agency.csv"
        mapping = f"{self.DATA}/agency.mapping.toml"
        one = list(check_files([path], as_of=AS_OF, mapping=mapping))
        two = list(check_files([path], as_of=AS_OF, mapping=mapping, jobs=2))
        assert one == two
        assert any(r.findings for r in one)
