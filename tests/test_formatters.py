"""Output formats, on hand-made results: shapes, escaping, values, streaming."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytest

from missingreport.findings import Finding, RecordResult, Severity
from missingreport.formatters import FORMATTERS, RunInfo, Tally
from missingreport.formatters._base import SLOT, ListWriter
from missingreport.formatters.github import escape_data, escape_property
from missingreport.formatters.sarif import artifact_uri
from missingreport.rules import get_rule

AS_OF = datetime(2024, 4, 1, tzinfo=timezone.utc)


def _finding(code: str, severity: Severity, path: str, message: str, **where: object) -> Finding:
    rule = get_rule(code)
    assert rule is not None
    return Finding(code, rule.name, severity, path, message, **where)  # type: ignore[arg-type]


def _results() -> list[RecordResult]:
    loc = {"source": "dir/a b.jsonl", "record": 1, "line": 3, "report_id": "OH-1"}
    late = _finding("MR202", Severity.ERROR, "ncmec_report.reported_at", "reported late", **loc)
    note = _finding("MR203", Severity.WARNING, "ncmec_report.reported_at", "a day apart", **loc)
    loc2 = {"source": "b.json", "record": 2, "line": None, "report_id": None}
    broken = _finding("MR001", Severity.ERROR, "", 'bad <JSON> & "quotes"\x01', **loc2)
    info = _finding("MR203", Severity.INFO, "x", "50% done,\nnext: line", **loc2)
    return [
        RecordResult("dir/a b.jsonl", 1, 3, "OH-1", [late, note]),
        RecordResult("dir/a b.jsonl", 2, 4, "OH-2", []),
        RecordResult("b.json", 2, None, None, [broken, info]),
    ]


def _write(name: str, results: list[RecordResult] | None = None, **info: object) -> str:
    out = io.StringIO()
    tally = Tally()
    run = RunInfo(as_of=AS_OF, **info)  # type: ignore[arg-type]
    FORMATTERS[name](out, run).write(tally.count(_results() if results is None else results), tally)
    return out.getvalue()


def test_every_format_is_registered() -> None:
    assert sorted(FORMATTERS) == ["github", "gitlab", "json", "jsonl", "junit", "sarif", "text"]


class TestJson:
    """The JSON document and JSON Lines."""

    def test_document(self) -> None:
        document = json.loads(_write("json"))
        assert list(document) == ["tool", "ruleset", "as_of", "summary", "results"]
        assert document["summary"] == {"records": 3, "error": 2, "warning": 1, "info": 1}
        assert [r["record"] for r in document["results"]] == [1, 2]  # records with findings

    def test_empty_run_and_baselined_key(self) -> None:
        document = json.loads(_write("json", [], baseline=True))
        assert document["results"] == []
        assert document["summary"]["baselined"] == 0

    def test_lines(self) -> None:
        rows = [json.loads(line) for line in _write("jsonl").splitlines()]
        assert len(rows) == 4
        assert rows[0]["source"] == "dir/a b.jsonl"
        assert rows[0]["line"] == 3
        assert "value" not in rows[0]

    def test_lines_are_the_findings_dumped_as_json(self) -> None:
        """Each line is exactly json.dumps of the finding's keys (escapes, no ASCII folding)."""
        valued = Finding(
            "MR202", "ncmec-report-late", Severity.ERROR, "child.nicknames.0", "m \u00e9\ud83d",
            None, None, None, None, value='"\\é\x7f\u2028',
        )  # fmt: skip
        batch = _finding("MR601", Severity.WARNING, "", "seen before", source="a", record=9)
        results = [*_results(), RecordResult("a", 9, 9, "R-9", [valued, batch], batch=True)]
        findings = [f for result in results for f in result.findings]
        expected = "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
        assert _write("jsonl", results) == expected

    def test_value_only_when_present(self) -> None:
        valued = Finding("MR202", "ncmec-report-late", Severity.ERROR, "p", "m", value="V-9")
        result = RecordResult("a.json", 1, None, "R", [valued])
        assert json.loads(_write("jsonl", [result]))["value"] == "V-9"
        assert json.loads(_write("json", [result]))["results"][0]["findings"][0]["value"] == "V-9"

    def test_list_writer_spools_large_bodies(self) -> None:
        body = io.StringIO()
        items = ListWriter(body, indent=4)
        for i in range(3000):
            items.item({"i": i, "text": "x" * 500})
        out = io.StringIO()
        items.finish(out, {"head": 1, "items": SLOT, "tail": 2})
        document = json.loads(out.getvalue())
        assert document["head"] == 1
        assert document["tail"] == 2
        assert [d["i"] for d in document["items"]] == list(range(3000))


class TestSarif:
    """SARIF 2.1.0 structure."""

    def test_log(self) -> None:
        rules = [r() for r in (get_rule("MR001"), get_rule("MR202"), get_rule("MR203")) if r]
        log = json.loads(
            _write(
                "sarif", rules=rules, positions={("b.json", 2): 17}, notices=["MR504 unavailable"]
            )
        )
        assert log["version"] == "2.1.0"
        run = log["runs"][0]
        assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["MR001", "MR202", "MR203"]
        assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == (
            "MR504 unavailable"
        )
        levels = [(r["ruleId"], r["level"], r["ruleIndex"]) for r in run["results"]]
        assert levels == [
            ("MR202", "error", 1),
            ("MR203", "warning", 2),
            ("MR001", "error", 0),
            ("MR203", "note", 2),
        ]
        first = run["results"][0]["locations"][0]
        assert first["physicalLocation"]["artifactLocation"]["uri"] == "dir/a%20b.jsonl"
        assert first["physicalLocation"]["region"]["startLine"] == 3
        assert first["logicalLocations"][0]["fullyQualifiedName"] == "OH-1/ncmec_report.reported_at"
        third = run["results"][2]["locations"][0]
        assert third["physicalLocation"]["region"]["startLine"] == 17  # from the positions
        prints = {r["partialFingerprints"]["missingreport/v1"] for r in run["results"]}
        assert len(prints) == 4

    def test_uris(self) -> None:
        assert artifact_uri("-") == "stdin"
        assert artifact_uri("/tmp/a b.json") == "file:///tmp/a%20b.json"
        assert artifact_uri("reports/x#1.json") == "reports/x%231.json"


class TestJunit:
    """JUnit XML structure and escaping."""

    def test_suites_and_cases(self) -> None:
        root = ET.fromstring(_write("junit"))
        suites = list(root.iter("testsuite"))
        assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
            ("dir/a b.jsonl", "2", "1"),
            ("b.json", "1", "1"),
        ]
        cases = [c.get("name") for c in root.iter("testcase")]
        assert cases == ["OH-1", "OH-2", "record 2"]
        failure = next(iter(suites[1].iter("failure")))
        assert failure.get("message") == 'MR001 unreadable-record: bad <JSON> & "quotes"'
        outs = [o.text for o in root.iter("system-out")]
        assert (
            outs[0]
            == "warning: MR203 ncmec-timeliness-unconfirmed: ncmec_report.reported_at: a day apart"
        )

    def test_batch_findings_form_their_own_suite(self) -> None:
        dup = _finding(
            "MR001",
            Severity.ERROR,
            "report_id",
            "twice",
            source="a.json",
            record=1,
            line=None,
            report_id="R",
        )
        results = [
            RecordResult("a.json", 1, None, "R", []),
            RecordResult("a.json", 1, None, "R", [dup], batch=True),
        ]
        root = ET.fromstring(_write("junit", results))
        assert [s.get("name") for s in root.iter("testsuite")] == ["a.json", "across reports"]
        assert root.get("tests") == "2"


class TestGithubAndText:
    """Annotations and the text report."""

    def test_annotations(self) -> None:
        lines = _write("github").splitlines()
        assert lines[0] == (
            "::error file=dir/a b.jsonl,line=3,title=MR202 ncmec-report-late::"
            "MR202 [OH-1] ncmec_report.reported_at: reported late"
        )
        assert lines[3].startswith("::notice file=b.json,line=1,")
        assert lines[3].endswith("::MR203 x: 50%25 done,%0Anext: line")
        assert lines[-1] == "3 records checked: 2 errors, 1 warning, 1 info"

    @pytest.mark.parametrize(
        ("raw", "data", "prop"),
        [("a:b,c", "a:b,c", "a%3Ab%2Cc"), ("1%\r\n", "1%25%0D%0A", "1%25%0D%0A")],
    )
    def test_escaping(self, raw: str, data: str, prop: str) -> None:
        assert escape_data(raw) == data
        assert escape_property(raw) == prop

    def test_text(self) -> None:
        text = _write("text", baseline=True)
        assert text.splitlines()[0] == "dir/a b.jsonl:3 (OH-1)"
        assert "b.json #2\n" in text
        assert text.endswith(
            "3 records checked: 2 errors, 1 warning, 1 info; 0 accepted by the baseline\n"
        )

    def test_text_colour(self) -> None:
        out = io.StringIO()
        tally = Tally()
        FORMATTERS["text"](out, RunInfo(as_of=AS_OF), color=True).write(
            tally.count(_results()), tally
        )
        assert "\033[31merror  \033[0m" in out.getvalue()
        assert "\033[33mwarning\033[0m" in out.getvalue()
