"""Readers: JSON, JSON Lines, CSV with mappings, standard input, folders."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from missingreport.engine import RawRecord
from missingreport.errors import ConfigError, InputError
from missingreport.readers import (
    ColumnMapping,
    expand_paths,
    field_specs,
    load_mapping,
    read_csv_stream,
    read_json_bytes,
    read_paths,
    read_stream,
)
from missingreport.readers._lines import bounded_lines
from missingreport.schema import report_json_schema


def _csv(
    text: str, mapping: dict[str, Any] | None = None, *, encoding: str = "utf-8"
) -> list[RawRecord]:
    model = ColumnMapping.model_validate(mapping) if mapping is not None else None
    return list(read_csv_stream(io.BytesIO(text.encode(encoding)), "x.csv", model))


def _kinds(record: RawRecord) -> list[str]:
    return [n.kind for n in record.notes]


class TestFieldKinds:
    """The CSV conversions follow the schema's own types."""

    def test_kinds_come_from_the_models(self) -> None:
        specs = field_specs()
        assert specs["child.height_in"].kind == "int"
        assert specs["episode.in_extended_foster_care"].kind == "bool"
        assert specs["child.photo.available"].kind == "bool"
        assert specs["child.race"].is_list
        assert specs["child.race"].kind == "text"
        assert specs["child.date_of_birth"].kind == "date"
        assert specs["law_enforcement_report.ncic_entered_at"].kind == "datetime"
        assert specs["episode.last_seen_at"].kind == "either"
        assert specs["child.sex"].kind == "text"

    def test_every_leaf_of_the_json_schema_is_known(self) -> None:
        schema = report_json_schema()
        defs = schema["$defs"]

        def leaves(node: dict[str, Any], prefix: str) -> set[str]:
            out: set[str] = set()
            for name, prop in node.get("properties", {}).items():
                options = prop.get("anyOf", [prop])
                refs = [o["$ref"].split("/")[-1] for o in options if "$ref" in o]
                if refs:
                    out |= leaves(defs[refs[0]], f"{prefix}{name}.")
                else:
                    out.add(prefix + name)
            return out

        assert leaves(schema, "") == set(field_specs())


class TestJson:
    """Plain JSON: one report or a list, each element its own record."""

    def test_list_elements_are_separate_records_with_their_lines(self) -> None:
        text = b'[\n  {"a": 1},\n  {"b": 1, "b": 2},\n\n  {"c": 3}\n]\n'
        positions: dict[tuple[str, int], int] = {}
        records = list(read_json_bytes(text, "x.json", positions))
        assert [r.data for r in records] == [{"a": 1}, None, {"c": 3}]
        assert records[1].problem is not None
        assert "appears twice" in records[1].problem.detail
        assert all(r.line is None for r in records)  # by contract, for plain JSON
        assert positions == {("x.json", 1): 2, ("x.json", 2): 3, ("x.json", 3): 5}

    def test_a_malformed_element_stops_the_list(self) -> None:
        records = list(read_json_bytes(b'[{"a": 1}, {"b": ], {"c": 1}]', "x.json"))
        assert [r.record for r in records] == [1, 2]
        assert records[1].problem is not None
        assert "line 1 column 18 (Expecting value)" in records[1].problem.detail

    def test_missing_comma_and_trailing_data(self) -> None:
        missing = list(read_json_bytes(b'[{"a": 1} {"b": 2}]', "x.json"))
        assert missing[0].data == {"a": 1}
        assert missing[1].problem is not None
        assert "expected ',' or ']'" in missing[1].problem.detail
        trailing = list(read_json_bytes(b'[{"a": 1}] junk', "x.json"))
        assert trailing[1].problem is not None
        assert "more data after the list" in trailing[1].problem.detail

    def test_empty_list_and_single_report(self) -> None:
        assert list(read_json_bytes(b" [ ] ", "x.json")) == []
        (one,) = read_json_bytes(b'\xef\xbb\xbf\n{"a": 1}', "x.json")
        assert (one.record, one.data) == (1, {"a": 1})

    def test_an_element_nested_too_deep(self) -> None:
        deep = b"[" + b'{"a": ' * 70 + b"1" + b"}" * 70 + b', {"b": 1}]'
        records = list(read_json_bytes(deep, "x.json"))
        assert records[0].problem is not None
        assert "nested deeper" in records[0].problem.detail
        assert records[1].data == {"b": 1}

    def test_not_utf8(self) -> None:
        (record,) = read_json_bytes(b'{"a": "\xff"}', "x.json")
        assert record.problem is not None
        assert "not UTF-8" in record.problem.detail


class TestJsonLines:
    """One report per line; streamed; lines bounded."""

    def test_lines_and_blank_lines(self, tmp_path: Path) -> None:
        path = tmp_path / "x.jsonl"
        path.write_bytes(b'\xef\xbb\xbf{"a": 1}\n\n{"b": \n{"c": 3}\r\n')
        records = list(read_paths([str(path)]))
        assert [(r.record, r.line) for r in records] == [(1, 1), (2, 3), (3, 4)]
        assert records[1].problem is not None
        assert records[1].problem.detail.startswith("malformed JSON at line 1 column 7")
        assert records[2].data == {"c": 3}

    def test_an_over_long_line_is_cut_and_skipped(self) -> None:
        data = b"x" * 50 + b"\nshort\n"
        assert list(bounded_lines(io.BytesIO(data), limit=10)) == [
            (b"x" * 10, True),
            (b"short\n", False),
        ]


class TestStdin:
    """Standard input is told apart by content."""

    def test_json_list(self) -> None:
        records = list(read_stream(io.BytesIO(b'\n[{"a": 1}, {"b": 2}]'), "-"))
        assert [r.data for r in records] == [{"a": 1}, {"b": 2}]

    def test_pretty_printed_report(self) -> None:
        (record,) = read_stream(io.BytesIO(b'{\n  "a": 1\n}\n'), "-")
        assert (record.data, record.line) == ({"a": 1}, None)

    def test_json_lines(self) -> None:
        records = list(read_stream(io.BytesIO(b'{"a": 1}\n{"b": 2}\n'), "-"))
        assert [(r.data, r.line) for r in records] == [({"a": 1}, 1), ({"b": 2}, 2)]

    def test_json_lines_with_a_broken_first_line(self) -> None:
        records = list(read_stream(io.BytesIO(b'{"a": \n{"b": 2}\n'), "-"))
        assert records[0].problem is not None
        assert records[1].data == {"b": 2}

    def test_minified_list_longer_than_a_line_limit(self) -> None:
        items = [{"report_id": f"R-{i}", "narrative": "x" * 600} for i in range(2500)]
        data = json.dumps(items, separators=(",", ":")).encode()
        assert len(data) > 1_500_000
        assert b"\n" not in data
        records = list(read_stream(io.BytesIO(data), "-"))
        assert [r.data for r in records] == items

    def test_csv(self) -> None:
        (record,) = read_stream(io.BytesIO(b"report_id,child.first_name\nR-1,Ana\n"), "-")
        assert record.data == {
            "schema_version": "1.0",
            "report_id": "R-1",
            "child": {"first_name": "Ana"},
        }
        assert record.strict is False


class TestCsv:
    """CSV rows become nested records; cells are converted by the schema."""

    def test_canonical_headers_without_a_mapping(self) -> None:
        text = (
            "report_id,child.height_in,child.race,child.photo.available,"
            "episode.in_extended_foster_care,child.first_name\n"
            'R-1,63,W;B,Y,no,=HYPERLINK("x")\n'
        )
        (record,) = _csv(text)
        assert (record.record, record.line, record.strict) == (1, 2, False)
        assert record.data == {
            "schema_version": "1.0",
            "report_id": "R-1",
            "child": {
                "height_in": 63,
                "race": ["W", "B"],
                "photo": {"available": True},
                "first_name": '=HYPERLINK("x")',  # a formula is data, never run
            },
            "episode": {"in_extended_foster_care": False},
        }

    def test_blank_cells_are_left_out_and_blank_rows_skipped(self) -> None:
        records = _csv("report_id,child.first_name\nR-1,  \n,\n\nR-3,Ana\n")
        assert [(r.record, r.line) for r in records] == [(1, 2), (2, 5)]
        assert records[0].data == {"schema_version": "1.0", "report_id": "R-1"}

    def test_unconvertible_cells_stay_text(self) -> None:
        (record,) = _csv(
            "child.height_in,child.photo.available,child.weight_lb\nfive feet,maybe,98.0\n"
        )
        assert record.data["child"] == {
            "height_in": "five feet",
            "photo": {"available": "maybe"},
            "weight_lb": 98,
        }

    def test_value_maps_separators_and_constants(self) -> None:
        mapping = {
            "columns": {
                "Gender": {"field": "child.sex", "values": {"Male": "M"}},
                "Race": {"field": "child.race", "separator": "/"},
                "Why": "episode.circumstance",
            },
            "values": {
                "child.race": {"White": "W", "Black": "B"},
                "episode.circumstance": {"N/A": ""},
            },
            "constants": {"custodial_agency.state": "OH", "episode.in_extended_foster_care": "no"},
        }
        (record,) = _csv("gender,Race,Why\n male ,White/ black /,N/A\n", mapping)
        assert record.data == {
            "schema_version": "1.0",
            "child": {"sex": "M", "race": ["W", "B"]},
            "custodial_agency": {"state": "OH"},
            "episode": {"in_extended_foster_care": False},
        }

    def test_list_items_by_index(self) -> None:
        (record,) = _csv("child.nicknames.1,child.nicknames.0\nBee,Ay\n")
        assert record.data["child"] == {"nicknames": ["Ay", "Bee"]}

    def test_ambiguous_date_is_noted_and_read_by_the_convention(self) -> None:
        (us,) = _csv("child.date_of_birth\n03/05/2009\n")
        assert us.data["child"] == {"date_of_birth": "2009-03-05"}
        (note,) = us.notes
        assert (note.kind, note.path, note.value) == (
            "ambiguous-date",
            "child.date_of_birth",
            "03/05/2009",
        )
        assert "03/05/2009" not in note.detail  # the value only travels in .value
        assert "month first" in note.detail
        assert "default convention" in note.detail
        (eu,) = _csv("child.date_of_birth\n03/05/2009\n", {"date_convention": "day_first"})
        assert eu.data["child"] == {"date_of_birth": "2009-05-03"}
        assert eu.notes == ()  # the mapping declares how dates are written: no MR211

    def test_a_mapping_without_date_convention_still_gets_mr211(self) -> None:
        (record,) = _csv("child.date_of_birth\n03/05/2009\n", {"delimiter": ","})
        assert [n.kind for n in record.notes] == ["ambiguous-date"]
        (declared,) = _csv("child.date_of_birth\n03/05/2009\n", {"date_convention": "month_first"})
        assert declared.data["child"] == {"date_of_birth": "2009-03-05"}
        assert declared.notes == ()

    def test_unambiguous_dates_and_time_zone(self) -> None:
        mapping = {"date_convention": "day_first", "time_zone": "America/Chicago"}
        text = (
            "child.date_of_birth,episode.last_seen_at,episode.agency_notified_at\n"
            "25/12/2009,14/07/2024 9:40 PM,2024-07-14\n"
        )
        (record,) = _csv(text, mapping)
        assert record.notes == ()
        assert record.data["child"] == {"date_of_birth": "2009-12-25"}
        assert record.data["episode"] == {
            "last_seen_at": "2024-07-14T21:40:00-05:00",
            "agency_notified_at": "2024-07-14",
        }

    def test_naive_time_stays_naive_without_a_zone(self) -> None:
        (record,) = _csv("episode.last_seen_at\n7/14/2024 21:40\n")
        assert record.data["episode"] == {"last_seen_at": "2024-07-14T21:40:00"}

    def test_windows_1252_is_read_and_noted(self) -> None:
        records = _csv("report_id,child.first_name\nR-1,José\nR-2,Ana\n", encoding="cp1252")
        assert records[0].data["child"] == {"first_name": "José"}
        assert _kinds(records[0]) == ["non-utf8-encoding"]
        assert records[1].notes == ()  # a plain ASCII row needed no guess

    def test_utf8_with_bom(self) -> None:
        (record,) = _csv("\ufeffreport_id,child.first_name\nR-1,José\n")
        assert record.data["report_id"] == "R-1"
        assert record.notes == ()

    def test_bytes_that_are_no_text_make_the_row_unreadable(self) -> None:
        data = b"report_id\nR-\x81\x8d\n"
        (record,) = read_csv_stream(io.BytesIO(data), "x.csv")
        assert record.problem is not None
        assert "neither UTF-8 nor Windows-1252" in record.problem.detail

    def test_wrong_number_of_cells(self) -> None:
        records = _csv("report_id,child.first_name\nR-1,Reyes, J.\nR-2,Ana\n")
        assert records[0].problem is not None
        assert records[0].problem.detail.startswith("the row has 3 cells and the header 2")
        assert records[1].data["report_id"] == "R-2"

    def test_rows_count_as_in_a_spreadsheet(self) -> None:
        records = _csv('report_id,episode.narrative\nR-1,"two\nlines"\nR-2,x\n')
        assert [r.line for r in records] == [2, 3]
        assert records[0].data["episode"] == {"narrative": "two\nlines"}

    def test_header_defects(self) -> None:
        twice = _csv("report_id,report_id\nR-1,R-2\n")
        assert twice[0].problem is not None
        assert "twice" in twice[0].problem.detail
        both = _csv("Sex,child.sex\nM,F\n", {"columns": {"Sex": "child.sex"}, "values": {}})
        assert both[0].problem is not None
        assert "two columns fill child.sex" in both[0].problem.detail

    def test_unmapped_and_headerless_columns(self) -> None:
        (kept,) = _csv("report_id,Worker Notes\nR-1,called\n")
        assert kept.data["Worker Notes"] == "called"  # reported as an unknown field
        (ignored,) = _csv("report_id,Worker Notes,\nR-1,called,\n", {"unmapped_columns": "ignore"})
        assert "Worker Notes" not in ignored.data
        (orphan,) = _csv("report_id,\nR-1,stray\n")
        assert _kinds(orphan) == ["unknown-field"]
        assert "column 2 has a value but no header" in orphan.notes[0].detail

    def test_semicolon_delimiter(self) -> None:
        (record,) = _csv(
            "report_id;child.race\nR-1;W,B\n", {"delimiter": ";", "list_separator": ","}
        )
        assert record.data["child"] == {"race": ["W", "B"]}


class TestMapping:
    """Mapping files: TOML or JSON, checked against the schema."""

    def test_toml_and_json(self, tmp_path: Path) -> None:
        toml = tmp_path / "m.toml"
        toml.write_text(
            'date_convention = "day_first"\n[columns]\nDOB = "child.date_of_birth"\n', "utf-8"
        )
        assert load_mapping(toml).columns["DOB"].field == "child.date_of_birth"
        js = tmp_path / "m.json"
        js.write_text(json.dumps({"columns": {"DOB": {"field": "child.date_of_birth"}}}), "utf-8")
        assert load_mapping(js).day_first is False

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('[columns]\nA = "child.first_nme"', "did you mean child.first_name?"),
            ('[columns]\nA = "child.sex"\nB = "child.sex"', "both fill child.sex"),
            ('[columns]\nA = "child.sex"\n[constants]\n"child.sex" = "M"', "both a constant"),
            ('time_zone = "Mars/Base"', "is not an IANA time zone"),
            ('date_convention = "year_first"', "date_convention"),
            ("colums = {}", "colums"),
            ("[columns\n", "not valid TOML"),
        ],
    )
    def test_invalid_mappings(self, tmp_path: Path, text: str, message: str) -> None:
        path = tmp_path / "m.toml"
        path.write_text(text + "\n", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_mapping(path)
        assert message in str(info.value)

    def test_sibling_mapping_is_used(self, tmp_path: Path) -> None:
        (tmp_path / "x.csv").write_text("Sex\nMale\n", encoding="utf-8")
        (tmp_path / "x.mapping.json").write_text(
            json.dumps({"columns": {"Sex": {"field": "child.sex", "values": {"Male": "M"}}}}),
            "utf-8",
        )
        (record,) = read_paths([str(tmp_path / "x.csv")])
        assert record.data["child"] == {"sex": "M"}

    def test_invalid_sibling_mapping_fails_before_reading(self, tmp_path: Path) -> None:
        (tmp_path / "x.csv").write_text("Sex\nMale\n", encoding="utf-8")
        (tmp_path / "x.mapping.toml").write_text("nonsense = 1\n", encoding="utf-8")
        with pytest.raises(ConfigError):
            read_paths([str(tmp_path)])


class TestPaths:
    """Folders and exclusions."""

    def test_folder_expansion(self, tmp_path: Path) -> None:
        for name in (
            "b/z.json",
            "a.csv",
            "b/a.jsonl",
            ".hidden/x.json",
            "m.mapping.json",
            "n.txt",
            "o.json",
        ):
            (tmp_path / name).parent.mkdir(exist_ok=True)
            (tmp_path / name).write_text("{}", encoding="utf-8")
        found = [
            Path(s).relative_to(tmp_path).as_posix()
            for s, _ in expand_paths([str(tmp_path)], exclude=[tmp_path / "o.json"])
        ]
        assert found == ["a.csv", "b/a.jsonl", "b/z.json"]

    def test_missing_and_empty(self, tmp_path: Path) -> None:
        with pytest.raises(InputError, match="no such file"):
            expand_paths([str(tmp_path / "nope.json")])
        with pytest.raises(InputError, match="no report files"):
            expand_paths([str(tmp_path)])

    def test_unknown_suffix_is_read_by_content(self, tmp_path: Path) -> None:
        path = tmp_path / "export.txt"
        path.write_text('{"a": 1}\n{"b": 2}\n', encoding="utf-8")
        assert [r.data for r in read_paths([str(path)])] == [{"a": 1}, {"b": 2}]


class TestStreaming:
    """JSON Lines and CSV are read as they are consumed, not all at once."""

    @pytest.mark.parametrize(
        ("head", "line"),
        [(b"", b'{"report_id": "R"}\n'), (b"report_id,child.first_name\n", b"R,Ana\n")],
    )
    def test_first_record_before_the_rest_is_read(self, head: bytes, line: bytes) -> None:
        stream = io.BytesIO(head + line * 200_000)
        records = read_stream(stream, "-")
        first = next(records)
        assert first.record == 1
        assert stream.tell() < 100_000  # a few buffered lines, not the 4 MB behind them


class TestExcludePatterns:
    """The configuration's exclude globs keep folders and files out of a folder check."""

    def test_folder_and_name_patterns(self, tmp_path: Path) -> None:
        from missingreport.readers import expand_paths

        for rel in ("a/r1.json", "a/skip/r2.json", "a/r3.episodes.csv", "a/r4.jsonl"):
            target = tmp_path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{}")
        root = (tmp_path / "a").as_posix()
        found = [s for s, _ in expand_paths([root], patterns=[f"{root}/skip", "*.episodes.csv"])]
        assert found == [f"{root}/r1.json", f"{root}/r4.jsonl"]

    def test_a_file_named_explicitly_is_always_read(self, tmp_path: Path) -> None:
        from missingreport.readers import expand_paths

        target = tmp_path / "r.episodes.csv"
        target.write_text("x\n1\n")
        assert [p for _, p in expand_paths([str(target)], patterns=["*.episodes.csv"])] == [target]


def test_project_examples_exclude_the_reconcile_inputs() -> None:
    from missingreport.config import load_config
    from missingreport.readers import expand_paths

    root = Path(__file__).parent.parent
    config = load_config(root / "pyproject.toml")
    sources = [s for s, _ in expand_paths([str(root / "examples")], patterns=config.exclude)]
    assert sources
    assert not [s for s in sources if "/reconcile/" in s]
