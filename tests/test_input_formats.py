"""The input layer: every format of the registry read alike, problem names as constants."""

from __future__ import annotations

import ast
import builtins
import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest

from missingreport import all_rules, check_files
from missingreport.problems import PROBLEM_KINDS, ProblemKind
from missingreport.readers import (
    FORMATS,
    REPORT_SUFFIXES,
    Format,
    hook_files_pattern,
    read_path,
    read_stream,
)
from missingreport.structure import _GENERIC
from tests.conftest import AS_OF, load_base
from tests.test_hostile_inputs import _flat

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "missingreport"


def _json(reports: list[dict[str, Any]], path: Path) -> None:
    import json

    path.write_text(json.dumps(reports), encoding="utf-8")


def _jsonl(reports: list[dict[str, Any]], path: Path) -> None:
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")


def _rows(reports: list[dict[str, Any]]) -> list[list[str]]:
    flat = [_flat(r) for r in reports]
    headers = list(flat[0])
    return [headers, *([row.get(h, "") for h in headers] for row in flat)]


def _csv(reports: list[dict[str, Any]], path: Path) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(_rows(reports))
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))  # as Excel saves


def _xlsx(reports: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in _rows(reports):
        sheet.append(row)
    book.save(path)


#: A writer for each format of the registry: a new reader needs one here too.
WRITERS: dict[str, Callable[[list[dict[str, Any]], Path], None]] = {
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "xlsx": _xlsx,
}


def _reports() -> list[dict[str, Any]]:
    first, second = load_base(), load_base()
    second["report_id"] = "OH-2024-0002"
    second["child"]["phone"] = "555-1234"  # one finding, the same in every format
    return [first, second]


def test_every_format_has_a_writer() -> None:
    assert sorted(f.name for f in FORMATS) == sorted(WRITERS)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
class TestEveryFormat:
    """Each format of the registry: by suffix, by content, through check_files."""

    def _write(self, fmt: Format, tmp_path: Path, suffix: str | None = None) -> Path:
        path = tmp_path / f"reports{suffix or fmt.suffixes[0]}"
        WRITERS[fmt.name](_reports(), path)
        return path

    def _findings(self, path: Path) -> list[tuple[str, str]]:
        results = check_files([path], as_of=AS_OF, config=None)
        return sorted(
            (f.code, f.path) for r in results for f in r.findings if not f.code.startswith("MR6")
        )

    def test_read_by_every_suffix(self, fmt: Format, tmp_path: Path) -> None:
        for suffix in fmt.suffixes:
            path = self._write(fmt, tmp_path, suffix)
            assert self._findings(path) == [("MR305", "child.phone")]

    def test_read_by_content(self, fmt: Format, tmp_path: Path) -> None:
        path = self._write(fmt, tmp_path)
        by_suffix = [r.data for r in read_path(path, "x")]
        other = path.rename(tmp_path / "reports.export")
        assert [r.data for r in read_path(other, "x")] == by_suffix
        with other.open("rb") as handle:
            assert [r.data for r in read_stream(handle, "-")] == by_suffix

    def test_a_folder_holds_it(self, fmt: Format, tmp_path: Path) -> None:
        self._write(fmt, tmp_path)
        assert self._findings(tmp_path) == [("MR305", "child.phone")]


class TestTheTable:
    def test_suffixes_are_unique_and_lower_case(self) -> None:
        assert len(REPORT_SUFFIXES) == len(set(REPORT_SUFFIXES))
        assert all(s == s.lower() and s.startswith(".") for s in REPORT_SUFFIXES)

    def test_ndjson_is_json_lines(self) -> None:
        assert ".ndjson" in REPORT_SUFFIXES

    def test_the_pre_commit_hook_pattern_is_the_table(self) -> None:
        text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
        (files,) = re.findall(r"^  files: (.+)$", text, flags=re.M)
        assert files == hook_files_pattern()
        pattern = re.compile(files)
        assert all(pattern.search(f"reports/a{s}") for s in REPORT_SUFFIXES)
        assert not pattern.search("reports/a.txt")
        assert not pattern.search("package.json")

    def test_the_help_names_every_suffix(self, capsys: pytest.CaptureFixture[str]) -> None:
        from missingreport.cli import main

        assert main(["check", "--help"]) == 0
        out = capsys.readouterr().out
        assert all(s in out for s in REPORT_SUFFIXES)

    def test_reconcile_reads_through_the_same_layer(self) -> None:
        source = (SRC / "reconcile" / "reading.py").read_text(encoding="utf-8")
        assert "read_path" in source
        assert ".ndjson" not in source  # no second table of suffixes
        assert 'startswith(b"[")' not in source  # no second sniffing

    def test_no_reader_imports_the_engine(self) -> None:
        for path in (SRC / "readers").glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
            assert "engine" not in modules, path.name


class TestWorkbooks:
    def test_without_the_extra(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from missingreport.cli import main

        path = tmp_path / "r.xlsx"
        _xlsx(_reports(), path)
        real_import = builtins.__import__

        def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
            if name == "openpyxl" or name.startswith("openpyxl."):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", refuse)
        assert main(["check", str(path), "--as-of", AS_OF]) == 2
        assert "missingreport[xlsx]" in capsys.readouterr().err

    def test_named_sheet_row_numbers_and_date_cells(self, tmp_path: Path) -> None:
        from datetime import date, datetime

        from openpyxl import Workbook

        book = Workbook()
        book.active.title = "Notes"
        book.active.append(["not the data"])
        sheet = book.create_sheet("Episodes")
        sheet.append(["report_id", "child.date_of_birth", "episode.last_seen_at", "child.phone"])
        sheet.append([])  # a blank row still counts as a row
        sheet.append(["R1", date(2009, 6, 14), datetime(2024, 3, 5, 21, 40), 6144662105])
        sheet.append(["R2", datetime(2010, 1, 2), "03/05/2024", 4.04657e9])
        path = tmp_path / "book.xlsx"
        book.save(path)
        mapping = tmp_path / "book.mapping.toml"
        mapping.write_text('sheet = "Episodes"\n', encoding="utf-8")
        from missingreport import InputError
        from missingreport.readers import load_mapping

        with pytest.raises(InputError, match="mapping init"):  # the first sheet is notes
            list(read_path(path, "book.xlsx", mapping=None))

        records = list(read_path(path, "book.xlsx", mapping=load_mapping(mapping)))
        assert [r.line for r in records] == [3, 4]
        first, second = (r.data for r in records)
        assert first["child"] == {"date_of_birth": "2009-06-14", "phone": "6144662105"}
        assert first["episode"] == {"last_seen_at": "2024-03-05T21:40:00"}
        assert second["child"]["date_of_birth"] == "2010-01-02"  # a date cell at midnight

    def test_a_sheet_that_is_not_there(self, tmp_path: Path) -> None:
        from missingreport import InputError
        from missingreport.readers import ColumnMapping

        path = tmp_path / "r.xlsx"
        _xlsx(_reports(), path)
        with pytest.raises(InputError, match="no sheet 'Episodes'"):
            list(read_path(path, "r.xlsx", mapping=ColumnMapping(sheet="Episodes")))

    def test_a_broken_workbook_is_one_unreadable_record(self, tmp_path: Path) -> None:
        path = tmp_path / "r.xlsx"
        path.write_bytes(b"PK\x03\x04 not really a workbook")
        (record,) = read_path(path, "r.xlsx")
        assert record.problem is not None
        assert record.problem.kind == "unreadable-record"


class TestProblemNames:
    """An unknown problem name is impossible (item: rules linked by constants)."""

    def test_every_problem_name_is_a_rule(self) -> None:
        names = {rule.name for rule in all_rules()}
        assert set(PROBLEM_KINDS) <= names
        assert len(PROBLEM_KINDS) == len(set(PROBLEM_KINDS))

    def test_every_pydantic_error_type_maps_to_a_problem_name(self) -> None:
        assert set(_GENERIC.values()) <= set(get_args(ProblemKind))

    def test_every_custom_error_type_raised_is_a_problem_name(self) -> None:
        """No free string names a problem: every PydanticCustomError and Problem in the
        package takes a constant of missingreport.problems, or a pydantic error type."""
        free: list[str] = []
        for path in SRC.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                callee = node.func.id if isinstance(node.func, ast.Name) else None
                first = node.args[0]
                if callee == "Problem" and isinstance(first, ast.Constant):
                    free.append(f"{path.name}:{node.lineno} Problem({first.value!r})")
                if callee == "PydanticCustomError" and isinstance(first, ast.Constant):
                    name = str(first.value)
                    if "-" in name:  # a rule name written as a free string
                        free.append(f"{path.name}:{node.lineno} {name!r}")
        assert free == []

    def test_an_unknown_name_fails_loudly(self) -> None:
        from missingreport.problems import problem_kind

        with pytest.raises(ValueError, match="no problem name"):
            problem_kind("malformed-thing")

    def test_aliases_of_rules_name_no_problem(self) -> None:
        """A rule's old names (aliases) never stand for a problem: only current names do."""
        aliases = {a for rule in all_rules() for a in getattr(rule, "aliases", ())}
        assert not aliases & set(PROBLEM_KINDS)


class TestFieldsCommand:
    def test_every_field_has_a_description_and_docs_do_not_drift(self) -> None:
        from missingreport.readers import field_specs
        from missingreport.readers.catalogue import field_catalogue, render_fields

        paths = [f.path for f in field_catalogue()]
        assert sorted(paths) == sorted(field_specs())  # the models' leaves, every one
        assert all(f.description for f in field_catalogue())
        text = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
        assert text == render_fields("markdown"), (
            "docs/fields.md drifted: run `missingreport fields --format markdown > docs/fields.md`"
        )

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        import json

        from missingreport.cli import main

        assert main(["fields", "--format", "json"]) == 0
        fields = {f["path"]: f for f in json.loads(capsys.readouterr().out)["fields"]}
        assert fields["child.sex"] == {
            "path": "child.sex", "type": "text", "required": True, "codes": ["M", "F", "U"],
            "description": "sex as NCIC codes it",
        }  # fmt: skip
        assert fields["episode.last_seen_at"]["type"] == "date or datetime"
        assert fields["child.race"]["type"] == "list of text"
        assert fields["recovery.located_at"]["required"] is True


class TestMappingInit:
    """Drafts on exports of several styles."""

    def _draft(self, tmp_path: Path, text: str) -> dict[str, Any]:
        import sys

        from missingreport.cli import main

        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        export = tmp_path / "export.csv"
        export.write_text(text, encoding="utf-8")
        out = tmp_path / "export.mapping.toml"
        assert main(["mapping", "init", str(export), "--output", str(out)]) == 0
        draft = tomllib.loads(out.read_text(encoding="utf-8"))
        load_mapping_checked = __import__("missingreport.readers", fromlist=["x"]).load_mapping
        load_mapping_checked(out)  # a draft is a valid mapping
        return draft

    def test_abbreviations_and_codes(self, tmp_path: Path) -> None:
        text = (
            "FNAME,LNAME,DOB,Gender (M/F),CW_NOTIFIED_DTTM,ZZ_INTERNAL\n"
            "Ann,Lee,25/12/2009,Female,25/03/2024 16:30,x1\n"
            "Bo,Kim,01/02/2010,Male,26/03/2024 09:00,x2\n"
            "Cy,Ray,03/04/2011,Male,27/03/2024 10:00,x3\n"
        )
        draft = self._draft(tmp_path, text)
        columns = draft["columns"]
        assert columns["FNAME"] == "child.first_name"
        assert columns["LNAME"] == "child.last_name"
        assert columns["DOB"] == "child.date_of_birth"
        assert columns["Gender (M/F)"] == {
            "field": "child.sex", "values": {"Female": "F", "Male": "M"},
        }  # fmt: skip
        assert columns["CW_NOTIFIED_DTTM"] == "episode.agency_notified_at"
        assert "ZZ_INTERNAL" not in columns
        assert draft["date_convention"] == "day_first"  # 25/12/2009
        text_of = (tmp_path / "export.mapping.toml").read_text(encoding="utf-8")
        assert '# "ZZ_INTERNAL"' in text_of
        assert "Ann" not in text_of  # no personal data in the draft

    def test_date_and_time_columns_are_paired(self, tmp_path: Path) -> None:
        text = (
            "Last Name,First Name,Missing Date,Missing Time\n"
            "Lee,Ann,3/5/2024,4:30 PM\nKim,Bo,3/14/2024,1630\nRay,Cy,3/6/2024,09:15\n"
        )
        columns = self._draft(tmp_path, text)["columns"]
        assert columns["Missing Date"] == {"field": "episode.last_seen_at", "part": "date"}
        assert columns["Missing Time"] == {"field": "episode.last_seen_at", "part": "time"}

    def test_abbreviated_date_and_time_columns_with_half_the_times_in_digits(
        self, tmp_path: Path
    ) -> None:
        """MISSING_DT + MISSING_TM, the times written `4:30 PM` and `1630` alike."""
        text = "FNAME,MISSING_DT,MISSING_TM\r\nAnn,05/01/2024,4:30 PM\r\nBo,05/03/2024,1630\r\n"
        columns = self._draft(tmp_path, text)["columns"]
        assert columns["MISSING_DT"] == {"field": "episode.last_seen_at", "part": "date"}
        assert columns["MISSING_TM"] == {"field": "episode.last_seen_at", "part": "time"}

    def test_a_workbook(self, tmp_path: Path) -> None:
        from missingreport.cli import main

        path = tmp_path / "export.xlsx"
        _xlsx(_reports(), path)
        assert main(["mapping", "init", str(path)]) == 0

    def test_not_a_table(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        from missingreport.cli import main

        path = tmp_path / "r.json"
        _json(_reports(), path)
        assert main(["mapping", "init", str(path)]) == 2
        assert "tables" in capsys.readouterr().err


def test_the_docs_name_every_key() -> None:
    """docs/mapping.md and docs/configuration.md name every key of their files."""
    from missingreport import Config, Policy
    from missingreport.readers import Column, ColumnMapping

    mapping = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    for key in [*ColumnMapping.model_fields, *Column.model_fields]:
        assert f"`{key}`" in mapping or f"`[{key}]`" in mapping, key
    configuration = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key in [*Config.model_fields, *Policy.model_fields]:
        assert f"`{key}`" in configuration or f"`[{key}]`" in configuration, key


def test_readme_and_examples_refer_only_to_files_in_the_repository() -> None:
    docs = [ROOT / "docs" / f"{name}.md" for name in ("mapping", "configuration", "fields")]
    texts = [ROOT / "README.md", *docs, *ROOT.glob("examples/**/*.md"),
             *ROOT.glob("examples/**/*.toml")]  # fmt: skip
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for name in ("report-schema.md", "interfaces.md", "state-policies.md", "../shared"):
            assert name not in text, f"{path.relative_to(ROOT)} names {name}"


def test_a_pipe_is_read_as_it_is_written() -> None:
    """Standard input from a pipe: each JSON Lines record comes when its line is written,
    not when the pipe closes (the reader asks for what the pipe has: read1)."""
    import json
    import os
    import queue
    import threading

    read_end, write_end = os.pipe()
    records: queue.Queue[object] = queue.Queue()

    def consume() -> None:
        with os.fdopen(read_end, "rb") as handle:
            for raw in read_stream(handle, "-"):
                records.put(raw.record)
        records.put("end")

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    writer = os.fdopen(write_end, "wb", buffering=0)
    line = json.dumps(load_base()).encode() + b"\n"
    writer.write(line + line)  # what the reader looks at to tell the kind of the stream
    assert [records.get(timeout=10) for _ in range(2)] == [1, 2]
    writer.write(line)  # read after the opening, while the pipe is still open
    assert records.get(timeout=10) == 3
    writer.close()
    assert records.get(timeout=10) == "end"
    thread.join(timeout=10)


def test_no_import_cycle_is_dodged_by_a_lazy_import() -> None:
    """The input layer, the engine and its workers import each other only at the top."""
    files = [SRC / "engine.py", SRC / "parallel.py", *(SRC / "readers").glob("*.py")]
    lazy = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level > 0:
                    lazy.append(f"{path.name}:{node.lineno} from {'.' * node.level}{node.module}")
    assert lazy == []


def test_mapping_init_on_spelled_out_headers(tmp_path: Path) -> None:
    import sys

    from missingreport.readers.draft import draft_mapping, read_table_sample

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    export = tmp_path / "tx.csv"
    export.write_text(
        "Child First Name,Date of Birth,Date Missing,Time Missing,LE Report Date,LE Case #,"
        "NCIC #,NCMEC Case #,Caseworker Phone,Placement\n"
        "Ann,2009-06-14,2024-03-05,21:40,2024-03-05,APD1,M123456789,1234567,512-555-0100,"
        "Group Home\n"
        "Bo,2010-01-02,2024-03-07,08:00,2024-03-07,APD2,M123456780,1234568,512-555-0100,"
        "Foster Home\n",
        encoding="utf-8",
    )
    headers, rows = read_table_sample(export)
    columns = tomllib.loads(draft_mapping(headers, rows, "tx.csv").toml())["columns"]
    assert columns["LE Report Date"] == "law_enforcement_report.reported_at"
    assert columns["LE Case #"] == "law_enforcement_report.case_number"
    assert columns["NCIC #"] == "law_enforcement_report.ncic_number"
    assert columns["NCMEC Case #"] == "ncmec_report.case_number"
    assert columns["Caseworker Phone"] == "custodial_agency.caseworker.phone"
    assert columns["Time Missing"] == {"field": "episode.last_seen_at", "part": "time"}
    assert columns["Placement"]["values"] == {"Group Home": "group_home"}
