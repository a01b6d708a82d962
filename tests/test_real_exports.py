"""Reading real exports: what a new user tripped on (issue 11), each case failing before."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, ClassVar

import pytest

from missingreport import validate
from missingreport.audit import audit_reports, render
from missingreport.cli import main
from missingreport.engine import RawRecord
from missingreport.readers import ColumnMapping, load_mapping, read_csv_stream
from missingreport.readers._cells import parse_time_of_day
from tests.conftest import AS_OF, load_base

EPISODES = "episode_id,first_name,last_name,date_of_birth,sex,last_seen_at,agency_notified_at\n"


def _write(path: Path, data: Any) -> Path:
    text = data if isinstance(data, str) else json.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


def _csv(text: str, mapping: dict[str, Any] | None = None) -> list[RawRecord]:
    model = ColumnMapping.model_validate(mapping) if mapping is not None else None
    return list(read_csv_stream(io.BytesIO(text.encode("utf-8")), "x.csv", model))


class TestOutputIsNeverAnInput:
    """`--output` naming an input is exit 2 and writes nothing (item 1)."""

    def _check(self, args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
        assert main(args) == 2
        return capsys.readouterr().err

    @pytest.mark.parametrize("how", ["same", "dotted", "hard link", "symbolic link"])
    def test_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str) -> None:
        report = _write(tmp_path / "same.json", load_base())
        before = report.read_bytes()
        output = {"same": report, "dotted": tmp_path / "." / "same.json"}.get(how)
        if output is None:
            output = tmp_path / "other.json"
            (os.link if how == "hard link" else os.symlink)(report, output)
        err = self._check(["check", str(report), "--output", str(output), "--as-of", AS_OF], capsys)
        assert "is also an input" in err
        assert report.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    def test_audit(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        report = _write(tmp_path / "r.json", load_base())
        before = report.read_bytes()
        self._check(["audit", str(report), "--output", str(report), "--as-of", AS_OF], capsys)
        assert report.read_bytes() == before

    def test_reconcile(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        episodes = _write(tmp_path / "e.csv", EPISODES)
        submissions = _write(tmp_path / "s.jsonl", "")
        for target in (episodes, submissions):
            args = ["reconcile", "--episodes", str(episodes), "--submissions", str(submissions)]
            err = self._check([*args, "--output", str(target), "--as-of", AS_OF], capsys)
            assert "is also an input" in err
        assert episodes.read_text(encoding="utf-8") == EPISODES

    def test_an_output_in_a_folder_read_is_still_left_out(self, tmp_path: Path) -> None:
        _write(tmp_path / "r.json", load_base())
        out = tmp_path / "findings.json"
        _write(out, {"earlier": "run"})
        code = main(["check", str(tmp_path), "--output", str(out), "--as-of", AS_OF,
                     "--format", "json", "--no-progress"])  # fmt: skip
        assert code == 0
        assert json.loads(out.read_text(encoding="utf-8"))["summary"]["records"] == 1


class TestDateAndTimeColumns:
    """Two columns fill one date and time field (item 2)."""

    MAPPING: ClassVar[dict[str, Any]] = {
        "date_convention": "month_first",
        "time_zone": "America/New_York",
        "columns": {
            "MISSING_DT": {"field": "episode.last_seen_at", "part": "date"},
            "MISSING_TM": {"field": "episode.last_seen_at", "part": "time"},
        },
    }

    @pytest.mark.parametrize(
        ("clock", "iso"),
        [("16:30", "2024-03-05T16:30:00-05:00"), ("4:30 PM", "2024-03-05T16:30:00-05:00"),
         ("1630", "2024-03-05T16:30:00-05:00"), ("9:05 am", "2024-03-05T09:05:00-05:00"),
         ("12:00 AM", "2024-03-05T00:00:00-05:00"), ("", "2024-03-05")],
    )  # fmt: skip
    def test_joined(self, clock: str, iso: str) -> None:
        (record,) = _csv(f"MISSING_DT,MISSING_TM\n03/05/2024,{clock}\n", self.MAPPING)
        assert record.data["episode"] == {"last_seen_at": iso}
        assert record.notes == ()  # the convention is declared: no MR211

    def test_a_time_without_a_date_is_missing(self) -> None:
        (record,) = _csv("MISSING_DT,MISSING_TM\n,16:30\n", self.MAPPING)
        assert "episode" not in record.data
        (note,) = record.notes
        assert (note.kind, note.path) == ("missing-field", "episode.last_seen_at")

    def test_a_time_that_is_no_time(self) -> None:
        (record,) = _csv("MISSING_DT,MISSING_TM\n03/05/2024,25:99\n", self.MAPPING)
        assert record.data["episode"] == {"last_seen_at": "2024-03-05"}
        assert [(n.kind, n.path) for n in record.notes] == [
            ("invalid-value", "episode.last_seen_at")
        ]
        assert "25:99" not in record.notes[0].detail

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("16:30", (16, 30)), ("4:30 PM", (16, 30)), ("1630", (16, 30)), ("930", (9, 30)),
         ("4 PM", (16, 0)), ("16:30:15", (16, 30)), ("4:30 p.m.", (16, 30)),
         ("25:00", None), ("13:00 PM", None), ("4", None), ("noon", None)],
    )  # fmt: skip
    def test_times_of_day(self, text: str, expected: tuple[int, int] | None) -> None:
        found = parse_time_of_day(text)
        assert (None if found is None else (found.hour, found.minute)) == expected

    @pytest.mark.parametrize(
        ("columns", "words"),
        [({"A": {"field": "episode.last_seen_at"}, "B": {"field": "episode.last_seen_at"}},
          "both fill"),
         ({"A": {"field": "child.first_name", "part": "date"}}, "no date and time field"),
         ({"A": {"field": "episode.last_seen_at", "part": "time"}}, 'part = "date"'),
         ({"A": {"field": "episode.last_seen_at", "part": "date"},
           "B": {"field": "episode.last_seen_at", "part": "date"}}, "both fill")],
    )  # fmt: skip
    def test_wrong_pairs_are_configuration_errors(
        self, tmp_path: Path, columns: dict[str, Any], words: str
    ) -> None:
        from missingreport import ConfigError

        path = _write(tmp_path / "m.json", {"columns": columns})
        with pytest.raises(ConfigError, match=words):
            load_mapping(path)

    def test_deadlines_judged_on_the_joined_times(self, tmp_path: Path) -> None:
        """Notified 16:30, reported to NCMEC 17:00 the next day: late by hours, not by day."""
        mapping = {
            "date_convention": "month_first",
            "time_zone": "America/New_York",
            "unmapped_columns": "ignore",
            "columns": {
                "NOTIFIED_DT": {"field": "episode.agency_notified_at", "part": "date"},
                "NOTIFIED_TM": {"field": "episode.agency_notified_at", "part": "time"},
                "NCMEC_DT": {"field": "ncmec_report.reported_at", "part": "date"},
                "NCMEC_TM": {"field": "ncmec_report.reported_at", "part": "time"},
            },
        }
        text = "NOTIFIED_DT,NOTIFIED_TM,NCMEC_DT,NCMEC_TM\n03/05/2024,4:30 PM,03/06/2024,1700\n"
        (record,) = _csv(text, mapping)
        report = load_base()
        report["episode"]["agency_notified_at"] = record.data["episode"]["agency_notified_at"]
        report["ncmec_report"] = {**report["ncmec_report"], **record.data["ncmec_report"]}
        report["law_enforcement_report"]["reported_at"] = "2024-03-05T17:00:00-05:00"
        report["law_enforcement_report"]["ncic_entered_at"] = "2024-03-05T18:00:00-05:00"
        findings = validate(report, as_of=AS_OF).findings
        (late,) = [f for f in findings if f.code == "MR202"]
        assert "24.5 hours after the agency was notified, 0.5 hours late" in late.message
        assert "MR203" not in {f.code for f in findings}  # timed: nothing left unconfirmed


class TestAnExportWithoutItsMapping:
    """Exit 2 naming --mapping and mapping init, never a page of MR002/MR004 (item 3)."""

    HEADERS = "CASE_ID,FNAME,LNAME,DOB,GENDER\nC1,Ann,Lee,01/02/2010,F\n"

    @pytest.mark.parametrize("command", ["check", "audit"])
    def test_check_and_audit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        export = _write(tmp_path / "export.csv", self.HEADERS)
        assert main([command, str(export), "--as-of", AS_OF, "--no-progress"]) == 2
        captured = capsys.readouterr()
        assert "--mapping" in captured.err
        assert "mapping init" in captured.err
        assert captured.out == ""

    def test_reconcile(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        episodes = _write(tmp_path / "e.csv", self.HEADERS)
        submissions = _write(tmp_path / "s.jsonl", "")
        args = ["reconcile", "--episodes", str(episodes), "--submissions", str(submissions)]
        assert main([*args, "--as-of", AS_OF]) == 2
        err = capsys.readouterr().err
        assert "--mapping" in err
        assert "mapping init" in err

    def test_canonical_headers_with_a_typo_are_still_read(self) -> None:
        records = _csv("report_id,child.first_nam,child.last_name\nR1,Ann,Lee\n")
        assert records[0].data["child"] == {"first_nam": "Ann", "last_name": "Lee"}


class TestAReportRecorded:
    """A pre-filled police block is no report: MR204 as due, never MR002 (item 6)."""

    def _report(self) -> dict[str, Any]:
        report = load_base()
        report["law_enforcement_report"] = {"agency_name": "Atlanta Police Department"}
        del report["recovery"]
        return report

    def test_overdue(self) -> None:
        codes = [(f.code, f.path) for f in validate(self._report(), as_of=AS_OF).findings]
        assert ("MR204", "law_enforcement_report") in codes
        assert not [c for c in codes if c[0] in ("MR002", "MR406", "MR409")]

    def test_not_yet_due(self) -> None:
        report = self._report()
        as_of = "2024-03-05T23:00:00-05:00"  # 45 minutes after the notification
        codes = {f.code for f in validate(report, as_of=as_of).findings}
        assert not codes & {"MR002", "MR204", "MR406"}

    def test_the_ori_alone_is_no_report_either(self) -> None:
        report = self._report()
        report["law_enforcement_report"] = {"agency_name": "APD", "ori": "GA0600100"}
        assert "MR204" in validate(report, as_of=AS_OF).codes

    def test_a_case_number_makes_it_a_report(self) -> None:
        report = self._report()
        report["law_enforcement_report"]["case_number"] = "APD-24-1"
        codes = [(f.code, f.path) for f in validate(report, as_of=AS_OF).findings]
        assert ("MR002", "law_enforcement_report.reported_at") in codes
        assert "MR204" not in {c for c, _ in codes}

    def test_another_key_keeps_the_block_a_report(self) -> None:
        report = self._report()
        report["law_enforcement_report"]["a"] = 1
        assert "MR004" in validate(report, as_of=AS_OF).codes


class TestAuditOutcomes:
    """not_yet_due and unreadable, the same words in every format (item 7)."""

    def _records(self) -> list[RawRecord]:
        due = load_base()
        del due["ncmec_report"]
        del due["recovery"]
        fresh = json.loads(json.dumps(due))
        fresh["report_id"] = "OH-2024-0002"
        fresh["episode"]["agency_notified_at"] = "2024-03-31T18:00:00-04:00"
        fresh["episode"]["last_seen_at"] = "2024-03-31T17:00:00-04:00"
        typo = load_base()
        typo["report_id"] = "OH-2024-0003"
        typo["ncmec_report"]["reported_at"] = "2042-03-06T00:15:00-05:00"
        typo["law_enforcement_report"]["reported_at"] = "2042-03-05T22:30:00-05:00"
        return [RawRecord("a.jsonl", n, n, r) for n, r in enumerate([due, fresh, typo], 1)]

    def test_outcomes_and_delays(self) -> None:
        result = audit_reports(self._records(), as_of=AS_OF)
        ncmec = result.ncmec.to_dict()
        assert (ncmec["not_reported"], ncmec["not_yet_due"], ncmec["unreadable"]) == (1, 1, 1)
        assert result.police.to_dict()["unreadable"] == 1
        assert result.delay_hours.count == 0  # the 2042 typo is no 157,792-hour delay

    def test_the_same_words_in_every_format(self) -> None:
        result = audit_reports(self._records(), as_of=AS_OF)
        document = json.loads(render(result, "json"))
        assert {"not_yet_due", "unreadable"} <= set(document["ncmec"])
        assert "unknown" not in document["ncmec"]
        for fmt in ("markdown", "html"):
            text = render(result, fmt)
            assert "Not yet due" in text
            assert "Unreadable" in text


class TestSmallerItems:
    """Item 8."""

    def test_mr007_quotes_no_value(self) -> None:
        report = load_base()
        report["schema_version"] = "9.9\u202e"
        (finding,) = [f for f in validate(report, as_of=AS_OF).findings if f.code == "MR007"]
        assert "9.9" not in finding.message
        assert "\u202e" not in finding.message

    def test_reconcile_episodes_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        submissions = _write(tmp_path / "s.jsonl", "")
        args = ["reconcile", "--episodes", str(tmp_path), "--submissions", str(submissions)]
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "is a folder" in err
        assert "not found" not in err

    @pytest.mark.parametrize("command", ["baseline", "rules", "schema"])
    def test_help(self, capsys: pytest.CaptureFixture[str], command: str) -> None:
        assert main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert ":mod:" not in out
        assert "``" not in out
        description = out.split("\n\n")[1]
        assert not description.startswith(("options:", "positional arguments:"))
        assert len(description) > 60  # a paragraph that says what the command does

    def test_batch_messages_name_the_line_of_the_location(self, tmp_path: Path) -> None:
        first, second = load_base(), load_base()
        second["report_id"] = "OH-2024-0002"
        lines = [json.dumps(first), "", json.dumps(second)]
        path = _write(tmp_path / "two.jsonl", "\n".join(lines) + "\n")
        out = tmp_path / "out.json"
        main(["check", str(path), "--select", "MR602", "--as-of", AS_OF, "--format", "json",
              "--output", str(out), "--no-progress"])  # fmt: skip
        document = json.loads(out.read_text(encoding="utf-8"))
        findings = [(r["line"], f["message"]) for r in document["results"] for f in r["findings"]]
        assert findings
        assert all("line 3)" in m or "line 1)" in m for _, m in findings)
        assert not any("record 2" in m for _, m in findings)


class TestSpreadsheetDamage:
    """What a spreadsheet did to a value is named, never read silently."""

    def _codes(self, **cells: str) -> list[tuple[str, str, str]]:
        report = load_base()
        from tests.test_hostile_inputs import _flat

        flat = _flat(report)
        flat.update(cells)
        text = ",".join(flat) + "\n" + ",".join(f'"{v}"' for v in flat.values()) + "\n"
        (record,) = _csv(text)
        engine = __import__("missingreport").Engine(as_of=AS_OF)
        _, findings, _ = engine.check_one(record)
        return [(f.code, f.path, f.message) for f in findings]

    def test_a_phone_in_scientific_notation(self) -> None:
        found = self._codes(**{"child.phone": "4.04657E+09"})
        (phone,) = [f for f in found if f[1] == "child.phone"]
        assert phone[0] == "MR305"
        assert "scientific notation" in phone[2]
        assert "4.04657" not in phone[2]

    def test_an_identifier_in_scientific_notation(self) -> None:
        found = self._codes(**{"ncmec_report.case_number": "1.51212E+06"})
        assert [f[0] for f in found if f[1] == "ncmec_report.case_number"] == ["MR304"]

    def test_an_integer_written_as_a_float(self) -> None:
        (record,) = _csv("report_id,custodial_agency.case_number\nR1,1512121.0\n")
        assert record.data["custodial_agency"] == {"case_number": "1512121"}

    def test_a_zip_that_lost_its_leading_zero(self) -> None:
        found = self._codes(**{"episode.last_seen_location.postal_code": "2134"})
        (zip_code,) = [f for f in found if f[1].endswith("postal_code")]
        assert zip_code[0] == "MR307"
        assert "leading zero" in zip_code[2]

    @pytest.mark.parametrize(
        ("path", "cell", "value"),
        [("child.weight_lb", "125 lbs", 125), ("child.height_in", "5'2\"", 62),
         ("child.height_in", "62 in", 62), ("child.weight_lb", "118 pounds", 118)],
    )  # fmt: skip
    def test_units_of_the_field_are_read(self, path: str, cell: str, value: int) -> None:
        text = f'report_id,{path}\nR1,"{cell.replace(chr(34), chr(34) * 2)}"\n'
        (record,) = _csv(text)
        assert record.data["child"][path.split(".")[1]] == value
        assert record.notes == ()

    def test_another_unit_is_named(self) -> None:
        found = self._codes(**{"child.weight_lb": "57 kg"})
        (weight,) = [f for f in found if f[1] == "child.weight_lb"]
        assert weight[0] == "MR003"
        assert "kg" in weight[2]
        assert "pounds" in weight[2]


def test_a_policy_key_at_the_top_level_points_at_the_policy_table(tmp_path: Path) -> None:
    from missingreport import ConfigError, load_config

    path = _write(tmp_path / "missingreport.toml", "deadline-hours = 12\n")
    with pytest.raises(
        ConfigError, match=r"deadline_hours is a policy value: put it under \[policy\]"
    ):
        load_config(path)
