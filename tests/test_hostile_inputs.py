"""Hostile and broken inputs are findings, never crashes or hangs (issue 6).

Each input goes through the command line (``missingreport check``, written with
``--output`` so that the output is encoded as a file is) or through ``validate()``,
and each test states the exact outcome: which record gets which finding, and that the
good records beside a broken one are still checked. Where a hang is the risk (deep
nesting, megabytes in one record), the time taken is bounded too, generously.

The limits themselves are listed in docs/limits.md; the last tests keep that page and
the code in step.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from missingreport import validate
from missingreport.cli import main
from missingreport.formatters import FORMATTERS
from missingreport.readers import MAX_JSON_FILE_BYTES
from missingreport.schema import LIST_MAX, report_json_schema
from missingreport.structure import MAX_DEPTH, MAX_RECORD_BYTES
from missingreport.types import EMAIL_MAX, PHONE_MAX
from tests.conftest import AS_OF, load_base, merge_patch

LIMITS_DOC = Path(__file__).parent.parent / "docs" / "limits.md"
#: Generous: each of these inputs takes well under a second; a hang takes forever.
SECONDS = 20.0
#: Batch rules (MR6xx) are left out: every good record here is the same child.
RUN = ("--as-of", AS_OF, "--ignore", "MR6")

Found = tuple[int | None, str, str]  # (record, code, path)


def good(report_id: str) -> dict[str, Any]:
    """The complete, correct base report under its own id: no finding."""
    record: dict[str, Any] = merge_patch(load_base(), {"report_id": report_id})
    return record


def late(report_id: str) -> dict[str, Any]:
    """A sound report whose only finding is MR202 (NCMEC told 35 hours after notice)."""
    patch = {"report_id": report_id, "ncmec_report": {"reported_at": "2024-03-07T09:05:00-05:00"}}
    record: dict[str, Any] = merge_patch(load_base(), patch)
    return record


LATE: list[tuple[str, str]] = [("MR202", "ncmec_report.reported_at")]


def line(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode("utf-8")


def check(tmp_path: Path, name: str, data: bytes, *options: str) -> list[dict[str, Any]]:
    """Check one file with the command line; its findings (``--format jsonl``)."""
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "findings.jsonl"
    code = main(["check", str(path), *RUN, "--format", "jsonl", "--output", str(out), *options])
    findings = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
    return findings


def found(findings: list[dict[str, Any]]) -> list[Found]:
    return [(f["record"], f["code"], f["path"]) for f in findings]


def message(findings: list[dict[str, Any]], record: int) -> str:
    (only,) = [f["message"] for f in findings if f["record"] == record]
    return str(only)


@pytest.fixture(autouse=True)
def _no_internal_error(capsys: pytest.CaptureFixture[str]) -> Any:
    """No input here may make the command line fail with an internal error (a bug)."""
    yield
    assert "internal error" not in capsys.readouterr().err


class TestJsonLines:
    """One report per line: a broken line is one MR001, the lines around it are checked."""

    def run(self, tmp_path: Path, broken: bytes) -> list[dict[str, Any]]:
        data = line(good("A")) + b"\n" + broken + b"\n" + line(late("C")) + b"\n"
        return check(tmp_path, "x.jsonl", data)

    def test_invalid_utf8(self, tmp_path: Path) -> None:
        broken = line(good("B")).replace(b'"Maya"', b'"Ma\xffya"')
        findings = self.run(tmp_path, broken)
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert "not UTF-8" in message(findings, 2)

    @pytest.mark.parametrize(
        "broken",
        [
            line(good("B")).replace(b'"Maya"', b'"Ma\x00ya"'),  # a NUL inside a string
            b"\x00" + line(good("B")),  # and outside one
            b"\x00\x00\x00",
        ],
    )
    def test_nul_bytes(self, tmp_path: Path, broken: bytes) -> None:
        findings = self.run(tmp_path, broken)
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2).startswith("malformed JSON at line 1 column ")

    def test_byte_order_marks_at_the_start_and_between_files(self, tmp_path: Path) -> None:
        bom = b"\xef\xbb\xbf"
        data = bom + line(good("A")) + b"\n" + bom + line(late("C")) + b"\n"
        assert found(check(tmp_path, "x.jsonl", data)) == [(2, *LATE[0])]

    def test_100000_deep_nesting(self, tmp_path: Path) -> None:
        started = time.perf_counter()
        findings = self.run(tmp_path, b"[" * 100_000 + b"]" * 100_000)
        assert time.perf_counter() - started < SECONDS
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2) == f"the record is nested deeper than {MAX_DEPTH} levels"

    def test_a_5000_digit_integer(self, tmp_path: Path) -> None:
        broken = line(good("B")).replace(b'"height_in": 63', b'"height_in": ' + b"7" * 5000)
        findings = self.run(tmp_path, broken)
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2) == "malformed JSON: a number has too many digits"

    @pytest.mark.parametrize("word", [b"NaN", b"Infinity", b"-Infinity"])
    def test_nan_and_infinity(self, tmp_path: Path, word: bytes) -> None:
        broken = line(good("B")).replace(b'"weight_lb": 118', b'"weight_lb": ' + word)
        findings = self.run(tmp_path, broken)
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2) == f"malformed JSON: {word.decode()} is not a JSON number"

    def test_a_5_mb_string(self, tmp_path: Path) -> None:
        record = merge_patch(good("B"), {"episode": {"narrative": "x" * 5_000_000}})
        started = time.perf_counter()
        findings = self.run(tmp_path, line(record))
        assert time.perf_counter() - started < SECONDS
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2) == f"the line is longer than {MAX_RECORD_BYTES:,} bytes"

    def test_a_150_character_name(self, tmp_path: Path) -> None:
        record = merge_patch(good("B"), {"child": {"first_name": "M" * 150}})
        findings = self.run(tmp_path, line(record))
        assert found(findings) == [(2, "MR006", "child.first_name"), (3, *LATE[0])]
        assert message(findings, 2) == "child.first_name should have at most 100 characters"

    @pytest.mark.parametrize(
        ("old", "new", "key"),
        [
            (b'"report_id": "B"', b'"report_id": "B", "report_id": "B2"', "report_id"),
            (b'"sex": "F"', b'"sex": "F", "sex": "M"', "sex"),  # inside child
        ],
    )
    def test_duplicate_keys(self, tmp_path: Path, old: bytes, new: bytes, key: str) -> None:
        findings = self.run(tmp_path, line(good("B")).replace(old, new))
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2) == f'the key "{key}" appears twice in one object: keep one'

    def test_a_last_line_without_its_end(self, tmp_path: Path) -> None:
        data = line(good("A")) + b"\r\n" + line(late("C"))  # no line break at the end
        assert found(check(tmp_path, "x.jsonl", data)) == [(2, *LATE[0])]

    def test_unpaired_surrogate_escapes(self, tmp_path: Path) -> None:
        broken = line(good("B")).replace(b'"Maya"', b'"Ma\\ud800ya"')
        findings = self.run(tmp_path, broken)
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert "unpaired surrogate" in message(findings, 2)
        paired = line(good("B")).replace(b'"May"', b'"May \\ud83d\\ude00"')  # an emoji is fine
        assert found(self.run(tmp_path, paired)) == [(3, *LATE[0])]

    @pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", b"\n\n"])
    def test_empty_and_blank_files_hold_no_record(self, tmp_path: Path, data: bytes) -> None:
        assert check(tmp_path, "x.jsonl", data) == []


class TestJson:
    """A plain JSON file: one report, or a list of reports each its own record."""

    def test_a_bad_element_among_good_ones(self, tmp_path: Path) -> None:
        elements = [
            line(good("A")),
            line(good("B")).replace(b'"sex": "F"', b'"sex": "F", "sex": "M"'),
            b'"a string"',
            line(good("D")).replace(b'"height_in": 63', b'"height_in": NaN'),
            b"[" * 100_000 + b"]" * 100_000,
            line(good("F")).replace(b'"height_in": 63', b'"height_in": ' + b"9" * 5000),
            line(good("G")).replace(b'"Maya"', b'"\\udc00"'),
            line(merge_patch(good("H"), {"episode": {"narrative": "x" * 1_100_000}})),
            line(merge_patch(good("I"), {"child": {"first_name": "M" * 150}})),
            line(late("J")),
        ]
        started = time.perf_counter()
        findings = check(tmp_path, "x.json", b"[\n" + b",\n".join(elements) + b"\n]\n")
        assert time.perf_counter() - started < SECONDS
        assert found(findings) == [
            (2, "MR001", ""),  # a duplicate key
            (3, "MR001", ""),  # not an object
            (4, "MR001", ""),  # NaN
            (5, "MR001", ""),  # too deep for the decoder
            (6, "MR001", ""),  # 5,000 digits
            (7, "MR001", ""),  # an unpaired surrogate
            (8, "MR001", ""),  # over 1 MB
            (9, "MR006", "child.first_name"),
            (10, *LATE[0]),
        ]
        assert [f["line"] for f in findings] == [None] * 9  # by contract, for plain JSON
        assert [f["report_id"] for f in findings][-2:] == ["I", "J"]

    @pytest.mark.parametrize("data", [b"[]", b" [ \n ] \n", b"\xef\xbb\xbf[]"])
    def test_an_empty_list_holds_no_record(self, tmp_path: Path, data: bytes) -> None:
        assert check(tmp_path, "x.json", data) == []

    @pytest.mark.parametrize("data", [b"", b"  \n\t "])
    def test_an_empty_file_is_one_unreadable_record(self, tmp_path: Path, data: bytes) -> None:
        findings = check(tmp_path, "x.json", data)
        assert found(findings) == [(1, "MR001", "")]
        assert message(findings, 1).startswith("malformed JSON at line ")

    def test_a_5_mb_single_report(self, tmp_path: Path) -> None:
        record = merge_patch(good("A"), {"episode": {"narrative": "é" * 2_500_000}})
        findings = check(tmp_path, "x.json", json.dumps(record, ensure_ascii=False).encode())
        assert found(findings) == [(1, "MR001", "")]
        assert message(findings, 1) == (
            f"the record is larger than the limit of {MAX_RECORD_BYTES:,} bytes"
        )

    def test_a_report_of_400000_characters_but_1_2_mb(self, tmp_path: Path) -> None:
        # the limit is in bytes of UTF-8, however the text was given
        record = merge_patch(good("A"), {"episode": {"narrative": "€" * 400_000}})
        text = json.dumps(record, ensure_ascii=False)
        assert len(text) < MAX_RECORD_BYTES < len(text.encode("utf-8"))
        assert found(check(tmp_path, "x.json", text.encode("utf-8"))) == [(1, "MR001", "")]
        assert validate(text, as_of=AS_OF).codes == ["MR001"]


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A report as one CSV row under canonical (dotted) headers."""
    out: dict[str, str] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out[prefix + key] = ";".join(value)
        elif isinstance(value, bool):
            out[prefix + key] = "true" if value else "false"
        else:
            out[prefix + key] = str(value)
    return out


def csv_rows(*records: dict[str, Any]) -> list[bytes]:
    """The header, then one row per report (no line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_flat(records[0]).keys())
    for record in records:
        writer.writerow(_flat(record).values())
    return buffer.getvalue().encode("utf-8").split(b"\n")[:-1]


class TestCsv:
    """CSV rows: a broken row is one MR001 at its row number, the other rows are checked."""

    def run(self, tmp_path: Path, broken: bytes, *options: str) -> list[dict[str, Any]]:
        header, first, last = csv_rows(good("A"), late("C"))
        data = b"\n".join([header, first, broken, last]) + b"\n"
        return check(tmp_path, "x.csv", data, *options)

    def row(self, report_id: str = "B") -> bytes:
        return csv_rows(good(report_id))[1]

    def test_too_few_and_too_many_cells(self, tmp_path: Path) -> None:
        header, first, last = csv_rows(good("A"), late("C"))
        fewer = self.row().rsplit(b",", 1)[0]
        data = b"\n".join([header, first, self.row() + b",extra", fewer, last])
        findings = check(tmp_path, "x.csv", data + b"\n")
        assert found(findings) == [(2, "MR001", ""), (3, "MR001", ""), (4, *LATE[0])]
        assert [f["line"] for f in findings] == [3, 4, 5]  # the row, as in a spreadsheet
        width = len(header.split(b","))
        assert message(findings, 2).startswith(
            f"the row has {width + 1} cells and the header {width}"
        )
        assert message(findings, 3).startswith(
            f"the row has {width - 1} cells and the header {width}"
        )

    def test_a_last_row_without_its_end(self, tmp_path: Path) -> None:
        header, first, last = csv_rows(good("A"), late("C"))
        data = b"\r\n".join([header, first, last])  # no line break at the end
        assert found(check(tmp_path, "x.csv", data)) == [(2, *LATE[0])]

    def test_a_nul_byte(self, tmp_path: Path) -> None:
        findings = self.run(tmp_path, self.row().replace(b"Maya", b"Ma\x00ya"))
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert message(findings, 2).startswith("the row holds a NUL byte")

    def test_a_utf16_file_is_one_unreadable_header(self, tmp_path: Path) -> None:
        text = b"\n".join(csv_rows(good("A"), late("C"))).decode("utf-8") + "\n"
        findings = check(tmp_path, "x.csv", text.encode("utf-16"))
        assert found(findings) == [(1, "MR001", "")]
        assert "UTF-16" in message(findings, 1)

    def test_invalid_utf8_that_is_no_windows_1252_either(self, tmp_path: Path) -> None:
        findings = self.run(tmp_path, self.row().replace(b"Maya", b"Ma\x81ya"))
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert "neither UTF-8 nor Windows-1252" in message(findings, 2)

    def test_a_150_character_name(self, tmp_path: Path) -> None:
        findings = self.run(tmp_path, self.row().replace(b"Maya", b"M" * 150))
        assert found(findings) == [(2, "MR006", "child.first_name"), (3, *LATE[0])]

    def test_a_5_mb_cell(self, tmp_path: Path) -> None:
        started = time.perf_counter()
        findings = self.run(tmp_path, self.row().replace(b"Maya", b"M" * 5_000_000))
        assert time.perf_counter() - started < SECONDS
        assert found(findings) == [(2, "MR001", ""), (3, *LATE[0])]
        assert "a cell is longer than 131,072 characters" in message(findings, 2)

    def test_a_quote_never_closed(self, tmp_path: Path) -> None:
        header, first, last = csv_rows(good("A"), late("C"))
        quoted = b'"' + b"x,x\n" * 40_000  # the rest of the file would be one cell
        data = b"\n".join([header, first, quoted + last]) + b"\n" + last + b"\n"
        started = time.perf_counter()
        findings = check(tmp_path, "x.csv", data)
        assert time.perf_counter() - started < SECONDS
        assert found(findings)[0] == (2, "MR001", "")
        assert "look for a quote that is never closed" in message(findings, 2)
        assert found(findings)[-1] == (found(findings)[-1][0], *LATE[0])  # the last row read

    def test_a_row_of_many_multi_line_cells_is_bounded(self, tmp_path: Path) -> None:
        header, first, last = csv_rows(good("A"), late("C"))
        # 1.6 MB over 1,600 lines, no cell too long for Python's csv module (131,072)
        cells = b",".join([b'"' + (b"x" * 999 + b"\n") * 40 + b'"'] * 40)
        data = b"\n".join([header, first, cells, last]) + b"\n"
        started = time.perf_counter()
        findings = check(tmp_path, "x.csv", data)
        assert time.perf_counter() - started < SECONDS
        assert found(findings)[0] == (2, "MR001", "")
        assert message(findings, 2) == (
            f"the row is longer than {MAX_RECORD_BYTES:,} bytes: look for a quote that is never "
            "closed"
        )

    @pytest.mark.parametrize("data", [b"", b" \n \n", b"\xef\xbb\xbf"])
    def test_empty_and_blank_files_hold_no_record(self, tmp_path: Path, data: bytes) -> None:
        assert check(tmp_path, "x.csv", data) == []

    @pytest.mark.parametrize(
        "moment",
        [b"2024-03-05 21:40 +2500", b"2024-03-05T21:40:00+24:00", b"5 Mar 2024 9:40 PM -99:00"],
    )
    def test_a_time_zone_offset_of_a_day_or_more(self, tmp_path: Path, moment: bytes) -> None:
        # found by fuzz_readers.py: dateutil reads the offset, no datetime can hold it
        row = self.row().replace(b"2024-03-05T21:40:00-05:00", moment, 1)
        findings = self.run(tmp_path, row)
        assert found(findings) == [(2, "MR003", "episode.last_seen_at"), (3, *LATE[0])]


class TestFormulaCells:
    """A cell such as ``=HYPERLINK(...)`` is data: read as text, shown as text, never run."""

    FORMULA = '=HYPERLINK("http://example.org/x","click")'

    def test_a_formula_as_a_name_is_just_a_name(self, tmp_path: Path) -> None:
        header, row = csv_rows(merge_patch(good("A"), {"child": {"first_name": self.FORMULA}}))
        assert check(tmp_path, "x.csv", header + b"\n" + row + b"\n") == []

    def test_a_formula_value_is_shown_verbatim_only_on_request(self, tmp_path: Path) -> None:
        bad = merge_patch(good("A"), {"child": {"date_of_birth": "=1+1"}})
        header, row = csv_rows(bad)
        data = header + b"\n" + row + b"\n"
        assert [f.get("value") for f in check(tmp_path, "x.csv", data)] == [None]
        shown = check(tmp_path, "x.csv", data, "--show-values")
        assert [(f["code"], f["path"], f["value"]) for f in shown] == [
            ("MR003", "child.date_of_birth", "=1+1")
        ]

    def test_no_output_is_a_spreadsheet(self) -> None:
        # Were a CSV or spreadsheet output added, cells starting with = + - @ would have to
        # be neutralised there (OWASP "CSV injection"); no output format opens as one.
        assert sorted(FORMATTERS) == ["github", "gitlab", "json", "jsonl", "junit", "sarif", "text"]


class TestWhatFindingsShow:
    """A finding carries input text only made printable, bounded and encodable."""

    KEY = "\x1b[2J\nMR999 error fake-finding\u202e"

    def data(self) -> bytes:
        record = good("A")
        record["child"][self.KEY] = "\x1b]0;title\x07"
        record["child"]["k" * 5000] = 1
        return line(record) + b"\n"

    def test_unknown_keys_are_escaped_and_cut_in_paths(self, tmp_path: Path) -> None:
        findings = check(tmp_path, "x.jsonl", self.data(), "--show-values")
        assert [(f["code"], f["path"], f["value"]) for f in findings] == [
            ("MR004", "child.\\x1b[2J\\nMR999 error fake-finding\\u202e", "\\x1b]0;title\\x07"),
            ("MR004", "child." + "k" * 64 + "...", "1"),
        ]

    @pytest.mark.parametrize("fmt", sorted(FORMATTERS))
    def test_no_control_character_reaches_any_output(self, tmp_path: Path, fmt: str) -> None:
        path = tmp_path / "x.jsonl"
        path.write_bytes(self.data())
        out = tmp_path / f"out.{fmt}"
        code = main(
            ["check", str(path), *RUN, "--format", fmt, "--show-values", "--output", str(out)]
        )
        assert code == 1
        text = out.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", text)
        assert "\nMR999" not in text  # no line of output can be faked

    def test_a_report_id_that_fails_its_pattern_is_shown_printable(self, tmp_path: Path) -> None:
        record = merge_patch(good("A"), {"report_id": "A\x1b[31m\nMR999 fake"})
        findings = check(tmp_path, "x.jsonl", line(record) + b"\n")
        assert [(f["code"], f["path"], f["report_id"]) for f in findings] == [
            ("MR006", "report_id", "A\\x1b[31m\\nMR999 fake")
        ]

    def test_lone_surrogates_in_a_python_value_never_reach_an_output(self) -> None:
        record = good("A")
        record["child"]["\ud800"] = "\udc00"
        record["child"]["first_name"] = "Ma\udfffya"
        result = validate(record, as_of=AS_OF, show_values=True)
        assert result.codes  # refused, and every part of every finding encodes
        for f in result.findings:
            (f.path + f.message + (f.value or "")).encode("utf-8")


class TestPythonValues:
    """``validate()`` of a Python value that no JSON text can give still never raises."""

    def test_nesting_beyond_the_recursion_limit(self) -> None:
        deep: Any = "x"
        for _ in range(100_000):
            deep = {"a": deep}
        result = validate({**good("A"), "child": deep}, as_of=AS_OF, show_values=True)
        assert {(f.code, f.path) for f in result.findings} >= {("MR004", "child.a")}
        (shown,) = [f.value for f in result.findings if f.path == "child.a"]
        assert shown == "(dict too large to show)"

    def test_a_5000_digit_integer_in_a_text_field(self) -> None:
        record = merge_patch(good("A"), {"child": {"first_name": -(10**5000)}})
        result = validate(record, as_of=AS_OF, show_values=True)
        assert [(f.code, f.path, f.value) for f in result.findings] == [
            ("MR003", "child.first_name", "(int too large to show)")
        ]

    def test_a_5000_digit_height(self) -> None:
        # An absurd height is MR503 (rules.md), whatever its number of digits.
        record = merge_patch(good("A"), {"child": {"height_in": 10**5000}})
        result = validate(record, as_of=AS_OF, show_values=True)
        assert [(f.code, f.path) for f in result.findings] == [("MR503", "child.height_in")]

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
    def test_nan_and_infinity_as_numbers(self, value: float) -> None:
        record = merge_patch(good("A"), {"child": {"weight_lb": value}})
        result = validate(record, as_of=AS_OF)
        assert [(f.code, f.path) for f in result.findings] == [("MR003", "child.weight_lb")]


# --- the limits are documented ------------------------------------------------------------


def _schema_limits() -> tuple[set[int], set[int]]:
    """Every maxLength and maxItems of the published JSON Schema."""
    lengths: set[int] = set()
    items: set[int] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "maxLength" in node:
                lengths.add(node["maxLength"])
            if "maxItems" in node:
                items.add(node["maxItems"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report_json_schema())
    return lengths, items


def test_every_limit_is_documented() -> None:
    text = LIMITS_DOC.read_text(encoding="utf-8")
    lengths, items = _schema_limits()
    assert items == {LIST_MAX}
    documented = {
        f"{MAX_RECORD_BYTES:,}",
        f"{MAX_DEPTH}",
        f"{MAX_JSON_FILE_BYTES // 2**20} MiB",
        f"{csv.field_size_limit():,}",
        "4,300",
        f"{PHONE_MAX}",
        f"{EMAIL_MAX}",
        *(f"{n:,}" for n in lengths | items),
    }
    table = {cell.strip() for row in text.splitlines() for cell in row.split("|")}
    missing = sorted(n for n in documented if not any(re.search(rf"\b{n}\b", c) for c in table))
    assert not missing, f"docs/limits.md does not give these limits: {missing}"
