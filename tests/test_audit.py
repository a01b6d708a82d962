"""The compliance audit (``missingreport.audit``) on a hand-made set of reports.

Eleven reports, each a JSON Merge Patch on ``tests/rules/base.json`` (OH, notified
2024-03-05T22:15-05:00, NCMEC report 2024-03-06T09:05 = 10 h 50 min later, police
15 min later, born 2009-06-14 so 14 when last seen on 2024-03-05, group home,
Franklin County), judged as of 2024-04-01:

=====  ===============================  ============  ==========  =====  ============
 no.   what differs                      NCMEC         police      age    delay (h)
=====  ===============================  ============  ==========  =====  ============
 R1    nothing                           on time       on time     14     10.8333
 R2    NCMEC +36 h, no NCMEC case no.,   late          on time     17     36
       born 2007-01-10, foster home
 R3    no NCMEC report, police +33.75 h, not reported  late        18     -
       born 2005-03-06, extended care
 R4    notified and NCMEC date-only,     unconfirmed   on time     10     - (dates)
       1 day apart; Cuyahoga County
 R5    no report to anyone, born         not reported  not rep.    20     -
       2003-06-01, extended care, no county
 R6    no date of birth, no height;      on time       on time     ?      2
       NCMEC +2 h
 R7    agency in Travis County, TX;      late          on time     14     50
       NCMEC +50 h
 R8    unreadable JSON                   unknown       unknown     ?      -
 R9    ``ncmec_report`` is a string      unknown       on time     14     -
 R10   NCMEC 2 h 15 min before notice    on time       on time     14     left out
 R11   born 2001-01-01, extended care    on time       on time     23     10.8333
=====  ===============================  ============  ==========  =====  ============

NCMEC: on time 4 (R1 R6 R10 R11), late 2 (R2 R7), unconfirmed 1 (R4), not reported 2
(R3 R5), unknown 2 (R8 R9). Police: on time 8, late 1 (R3), not reported 1 (R5),
unknown 1 (R8).
Delays, sorted: 2, 10.8333, 10.8333, 36, 50 (n = 5; R10 is negative and left out).
Median = the 3rd = 10.8333 -> 10.83. p90 (type 7): h = 4 * 0.9 = 3.6, so
x[3] + 0.6 * (x[4] - x[3]) = 36 + 0.6 * 14 = 44.4.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from missingreport.audit import (
    AuditOptionError,
    AuditResult,
    StrataFileError,
    Stratum,
    audit_reports,
    render,
    srs_estimate,
    stratified_estimate,
)
from missingreport.audit._charts import CHART_TITLES
from missingreport.audit._stats import age_band, percentile
from missingreport.cli import main
from missingreport.config import Config, Policy
from missingreport.engine import RawRecord
from missingreport.structure import decode_json
from tests.conftest import AS_OF, load_base, merge_patch

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "audit"

_EXTENDED = {"in_extended_foster_care": True, "placement_type": "supervised_independent_living"}
PATCHES: list[dict[str, Any]] = [
    {},
    {
        "ncmec_report": {"reported_at": "2024-03-07T10:15:00-05:00", "case_number": None},
        "child": {"date_of_birth": "2007-01-10"},
        "episode": {"placement_type": "foster_family_home_nonrelative"},
    },
    {
        "ncmec_report": None,
        "law_enforcement_report": {"reported_at": "2024-03-07T08:00:00-05:00"},
        "child": {"date_of_birth": "2005-03-06"},
        "episode": _EXTENDED,
    },
    {
        "episode": {"agency_notified_at": "2024-03-05"},
        "ncmec_report": {"reported_at": "2024-03-06"},
        "child": {"date_of_birth": "2014-01-01"},
        "custodial_agency": {"county": "Cuyahoga"},
    },
    {
        "ncmec_report": None,
        "law_enforcement_report": None,
        "child": {"date_of_birth": "2003-06-01"},
        "episode": _EXTENDED,
        "custodial_agency": {"county": None},
    },
    {
        "child": {"date_of_birth": None, "height_in": None},
        "ncmec_report": {"reported_at": "2024-03-06T00:15:00-05:00"},
    },
    {
        "custodial_agency": {"state": "TX", "county": "Travis"},
        "ncmec_report": {"reported_at": "2024-03-08T00:15:00-05:00"},
    },
    {},  # R8: replaced by an unreadable record
    {"ncmec_report": "yes"},
    {"ncmec_report": {"reported_at": "2024-03-05T20:00:00-05:00"}},
    {"child": {"date_of_birth": "2001-01-01"}, "episode": _EXTENDED},
]


def hand_reports() -> list[dict[str, Any]]:
    """The readable reports, each with its own ids."""
    out = []
    for number, patch in enumerate(PATCHES, start=1):
        report = merge_patch(load_base(), patch)
        report["report_id"] = f"OH-2024-{number:04d}"
        report["custodial_agency"]["child_record_number"] = f"OH-AFCARS-{9000 + number}"
        out.append(report)
    return out


def hand_records() -> Iterator[RawRecord]:
    for number, report in enumerate(hand_reports(), start=1):
        if number == 8:
            data, problem = decode_json('{"report_id": "OH-2024-0008", ')
            yield RawRecord("hand.jsonl", number, number, data, problem)
        else:
            yield RawRecord("hand.jsonl", number, number, report)


def audit(**options: Any) -> AuditResult:
    return audit_reports(hand_records(), as_of=AS_OF, **options)


@pytest.fixture(scope="module")
def result() -> AuditResult:
    return audit()


def rule(result: AuditResult, code: str) -> dict[str, Any]:
    rows = [r.to_dict() for r in result.rules if r.code == code]
    assert len(rows) == 1, code
    return rows[0]


class TestOutcomes:
    """Each episode gets one NCMEC and one police outcome, judged by the clock."""

    def test_ncmec(self, result: AuditResult) -> None:
        assert result.episodes == 11
        assert result.ncmec.to_dict() == {
            "on_time": 4, "late": 2, "unconfirmed": 1,
            "not_reported": 2, "not_yet_due": 0, "unreadable": 2,
        }  # fmt: skip

    def test_police(self, result: AuditResult) -> None:
        assert result.police.to_dict() == {
            "on_time": 8, "late": 1, "unconfirmed": 0,
            "not_reported": 1, "not_yet_due": 0, "unreadable": 1,
        }  # fmt: skip

    def test_a_shorter_deadline_changes_the_verdicts(self) -> None:
        # 8 hours: R1 and R11 (10.83 h) and R2, R7 become or stay late; R6 (2 h) and R10
        # stay on time; R4 (date-only) cannot be judged against a window under a day.
        shorter = audit(config=Config(policy=Policy(deadline_hours=8)))
        assert shorter.ncmec.to_dict() == {
            "on_time": 2, "late": 4, "unconfirmed": 1,
            "not_reported": 2, "not_yet_due": 0, "unreadable": 2,
        }  # fmt: skip
        assert shorter.deadline_hours == 8
        assert shorter.to_dict()["deadline_hours"] == {"ncmec": 8, "police": 24}


class TestDelay:
    """Delays in absolute hours, where both moments have a time of day."""

    def test_median_and_p90(self, result: AuditResult) -> None:
        delay = result.delay_hours
        assert (delay.count, delay.median, delay.p90) == (5, 10.83, 44.4)
        assert delay.before_notification == 1
        # 2 -> 0-6 h; 10.83 twice -> 6-12 h; 36 -> 1-2 days; 50 -> 2-3 days.
        assert delay.distribution == (1, 2, 0, 1, 1, 0, 0, 0)
        assert any("dated before the agency was notified" in n for n in result.notices)

    def test_percentile_type_7(self) -> None:
        assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
        assert percentile([1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.7)
        assert percentile([5.0], 0.9) == 5.0
        assert percentile([], 0.5) is None
        with pytest.raises(ValueError, match="between 0 and 1"):
            percentile([1.0], 1.5)


class TestBreakdowns:
    """By age band (18-20 included), placement type and county."""

    def test_age_bands(self, result: AuditResult) -> None:
        rows = {band: row.row() for band, row in result.by_age_band.items()}
        assert list(rows) == ["0-12", "13-15", "16-17", "18-20", "21+", "unknown"]
        assert rows["0-12"] == _row(1, unconfirmed=1)
        assert rows["13-15"] == _row(4, on_time=2, late=1, unreadable=1)
        assert rows["16-17"] == _row(1, late=1)
        assert rows["18-20"] == _row(2, not_reported=2)  # R3 and R5, in extended care
        assert rows["21+"] == _row(1, on_time=1)
        assert rows["unknown"] == _row(2, on_time=1, unreadable=1)

    def test_bands_are_always_listed_and_extra_ones_only_when_seen(self) -> None:
        only_r1 = audit_reports([RawRecord("one", 1, 1, hand_reports()[0])], as_of=AS_OF).to_dict()[
            "by_age_band"
        ]
        assert list(only_r1) == ["0-12", "13-15", "16-17", "18-20"]
        assert only_r1["18-20"] == _row(0)

    @pytest.mark.parametrize(
        ("age", "band"),
        [(0, "0-12"), (12, "0-12"), (13, "13-15"), (15, "13-15"), (16, "16-17"),
         (17, "16-17"), (18, "18-20"), (20, "18-20"), (21, "21+"), (-1, "unknown"),
         (None, "unknown")],
    )  # fmt: skip
    def test_band_limits(self, age: int | None, band: str) -> None:
        assert age_band(age) == band

    def test_placement_types(self, result: AuditResult) -> None:
        rows = {k: row.row() for k, row in result.by_placement_type.items()}
        assert list(rows) == [
            "foster_family_home_nonrelative", "group_home", "supervised_independent_living",
            "unknown",
        ]  # fmt: skip
        # group home: R1 R6 R10 on time, R7 late, R4 unconfirmed, R9 unknown.
        assert rows["group_home"] == _row(6, on_time=3, late=1, unconfirmed=1, unreadable=1)
        # supervised independent living: the youths in extended care, R3 R5 R11.
        assert rows["supervised_independent_living"] == _row(3, on_time=1, not_reported=2)
        assert rows["foster_family_home_nonrelative"] == _row(1, late=1)
        assert rows["unknown"] == _row(1, unreadable=1)

    def test_counties_are_named_with_their_state(self, result: AuditResult) -> None:
        rows = {k: row.episodes for k, row in result.by_county.items()}
        assert rows == {"Cuyahoga, OH": 1, "Franklin, OH": 7, "Travis, TX": 1, "unknown": 2}


def _row(episodes: int, **outcomes: int) -> dict[str, int]:
    row = {"episodes": episodes, "on_time": 0, "late": 0, "unconfirmed": 0, "not_reported": 0}
    row["not_yet_due"] = row["unreadable"] = 0
    row.update(outcomes)
    assert sum(v for k, v in row.items() if k != "episodes") == episodes
    return row


class TestRuleRates:
    """Failures over the records a rule applies to."""

    def test_structural_rules_apply_to_every_record(self, result: AuditResult) -> None:
        assert rule(result, "MR001") == _rate("MR001", "unreadable-record", 11, 1)
        assert rule(result, "MR002") == _rate("MR002", "missing-field", 11, 1)  # R6

    def test_timeliness_applies_where_there_is_a_report_to_judge(self, result: AuditResult) -> None:
        # Both times present and sound: R1 R2 R4 R6 R7 R10 R11 (R9's report failed).
        assert rule(result, "MR202") == _rate("MR202", "ncmec-report-late", 7, 2)
        assert rule(result, "MR203") == _rate("MR203", "ncmec-timeliness-unconfirmed", 7, 1)

    def test_a_partial_report_counts_where_the_rule_still_applies(
        self, result: AuditResult
    ) -> None:
        # MR403 reads no field that can fail: it applies to the 10 readable reports,
        # including R6, whose date of birth is missing; R6 has no height.
        assert rule(result, "MR403") == _rate("MR403", "incomplete-description", 10, 1)
        # MR101 needs the date of birth: not R6 (missing) nor R8 (unreadable).
        assert rule(result, "MR101") == _rate("MR101", "over-age", 9, 1)

    def test_a_record_with_a_finding_counts_in_the_denominator(self, result: AuditResult) -> None:
        # MR408 reads ncmec_report.case_number, which R2 lacks: the default applies()
        # is False there, but R2 failed the rule, so the denominator is every sound
        # NCMEC report (R1 R2 R4 R6 R7 R10 R11).
        assert rule(result, "MR408") == _rate("MR408", "ncmec-case-number-missing", 7, 1)

    def test_only_rules_that_judge_one_report_are_listed(self, result: AuditResult) -> None:
        codes = [r.code for r in result.rules]
        assert codes == sorted(codes)
        assert {"MR001", "MR101", "MR201", "MR301", "MR401", "MR501"} <= set(codes)
        assert not [c for c in codes if c.startswith(("MR6", "MR7"))]

    def test_selection_is_respected(self) -> None:
        chosen = audit(config=Config(select=("MR2",), ignore=("MR210",)))
        assert [r.code for r in chosen.rules][:3] == ["MR201", "MR202", "MR203"]
        assert all(r.code.startswith("MR2") and r.code != "MR210" for r in chosen.rules)
        assert chosen.ncmec == audit().ncmec

    def test_no_records_gives_no_rate(self) -> None:
        empty = audit_reports([], as_of=AS_OF)
        assert empty.episodes == 0
        assert empty.delay_hours.median is None
        assert rule(empty, "MR202")["rate"] is None


def _rate(code: str, name: str, applies: int, failed: int) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "applies": applies,
        "failed": failed,
        "rate": round(failed / applies, 4),
    }


class TestEstimates:
    """Projection onto the population, the way the estimates module computes it."""

    def test_simple_random_sample(self) -> None:
        est = audit(population=1000).estimates
        assert est is not None
        assert (est.method, est.population, est.sample, est.confidence) == (
            "simple random sample", 1000, 11, 0.90,
        )  # fmt: skip
        assert est.not_reported == srs_estimate(2, 11, 1000)
        assert est.late == srs_estimate(2, 11, 1000)
        assert est.on_time == srs_estimate(4, 11, 1000)
        # By hand, not reported: 1000 * 2/11 = 181.82 -> 182; var = N(N-n)y(n-y)/n^3 =
        # 1000*989*2*9/1331 = 13374.91, SE 115.650, z*SE = 190.227: 181.82 - 190.23 < 2
        # -> at least the 2 seen; 181.82 + 190.23 = 372.05 -> 373.
        assert est.not_reported.to_dict() == {"count": 182, "lower": 2, "upper": 373}

    def test_confidence_is_passed_on(self) -> None:
        est = audit(population=1000, confidence=0.95).estimates
        assert est is not None
        assert est.on_time == srs_estimate(4, 11, 1000, confidence=0.95)
        assert est.to_dict()["confidence"] == 0.95

    def test_stratified_by_state(self, tmp_path: Path) -> None:
        path = tmp_path / "strata.csv"
        path.write_text("stratum,population\nOH,500\nTX,100\n", encoding="utf-8")
        result = audit(strata=path)
        est = result.estimates
        assert est is not None
        # R8 is unreadable: no state, so not in the stratified sample. OH holds 9
        # reports (R1-R6, R9-R11), TX 1 (R7).
        design = [Stratum("OH", 500, 9), Stratum("TX", 100, 1)]
        assert est.strata == tuple(design)
        assert (est.method, est.population, est.sample) == ("stratified random sample", 600, 10)
        assert est.not_reported == stratified_estimate({"OH": 2, "TX": 0}, design)
        assert est.late == stratified_estimate({"OH": 1, "TX": 1}, design)
        assert est.on_time == stratified_estimate({"OH": 4, "TX": 0}, design)
        # By hand: 500 * 2/9 = 111.1 -> 111; var = 500*491*2*7/729 = 4714.68 (TX adds 0),
        # SE 68.664, z*SE 112.94: lower below the 2 seen -> 2; upper 224.05 -> 225.
        assert est.not_reported.to_dict() == {"count": 111, "lower": 2, "upper": 225}
        assert any(
            "1 report(s) have no readable custodial_agency.state" in n for n in result.notices
        )
        document = result.to_dict()["estimates"]
        assert document["strata"] == [
            {"stratum": "OH", "population": 500, "sample": 9},
            {"stratum": "TX", "population": 100, "sample": 1},
        ]

    def test_stratum_field_and_stratum_objects(self) -> None:
        design = [
            Stratum("group_home", 60, 6),
            Stratum("foster_family_home_nonrelative", 20, 1),
            Stratum("supervised_independent_living", 30, 3),
        ]
        est = audit(strata=design, stratum_field="episode.placement_type").estimates
        assert est is not None
        assert est.stratum_field == "episode.placement_type"
        assert est.late == stratified_estimate(
            {"group_home": 1, "foster_family_home_nonrelative": 1}, design
        )

    def test_design_sample_larger_than_the_reports_is_noted(self, tmp_path: Path) -> None:
        path = tmp_path / "strata.csv"
        path.write_text("stratum,population,sample\nOH,500,12\nTX,100,1\n", encoding="utf-8")
        result = audit(strata=path)
        assert result.estimates is not None
        assert result.estimates.not_reported == stratified_estimate(
            {"OH": 2}, [Stratum("OH", 500, 12), Stratum("TX", 100, 1)]
        )
        assert any("'OH'" in n and "12 episode(s)" in n for n in result.notices)

    @pytest.mark.parametrize(
        ("text", "error", "message"),
        [
            ("stratum,population,sample\nOH,500,5\nTX,100,1\n", AuditOptionError, "9 report"),
            ("stratum,population\nOH,500\n", StrataFileError, "does not list: TX"),
        ],
    )
    def test_design_contradicted_by_the_reports(
        self, tmp_path: Path, text: str, error: type[Exception], message: str
    ) -> None:
        path = tmp_path / "strata.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(error, match=message):
            audit(strata=path)

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"population": 10}, "smaller than the sample"),
            ({"population": 0}, "whole number"),
            ({"population": 100, "strata": [Stratum("OH", 5, 1)]}, "not both"),
            ({"population": 100, "confidence": 1.5}, "between 0 and 1"),
            ({"stratum_field": "custodial_agency.state"}, "needs strata"),
            ({"strata": [Stratum("OH", 5, 1)], "stratum_field": "child"}, "group of fields"),
            ({"strata": [Stratum("OH", 5, 1)], "stratum_field": "child.race"}, "a list"),
            ({"strata": [Stratum("OH", 5, 1)], "stratum_field": "child.nicknames"}, "a list"),
            ({"strata": [Stratum("OH", 5, 1)], "stratum_field": "nope"}, "not a field"),
            ({"strata": [Stratum("OH", 5, 1)], "stratum_field": "child.last_name"}, "person"),
            ({"strata": [Stratum("OH", 5, 1)], "stratum_field": "report_id"}, "person or a case"),
            (
                {
                    "strata": [Stratum("OH", 5, 1)],
                    "stratum_field": "custodial_agency.caseworker.name",
                },
                "person",
            ),
        ],
    )
    def test_bad_options(self, options: dict[str, Any], message: str) -> None:
        with pytest.raises(AuditOptionError, match=message):
            audit(**options)

    def test_no_estimates_without_a_design(self, result: AuditResult) -> None:
        assert result.estimates is None
        assert "estimates" not in result.to_dict()

    def test_no_reports_means_no_projection(self) -> None:
        empty = audit_reports([], as_of=AS_OF, population=100)
        assert empty.estimates is None
        assert any("nothing is projected" in n for n in empty.notices)


# --- outputs --------------------------------------------------------------------------


#: Personal data and ids of the hand-made reports: none may appear in any output.
def _private_values() -> set[str]:
    values: set[str] = set()
    for report in hand_reports():
        child = report["child"]
        values |= {child["first_name"], child["last_name"], *child.get("nicknames", [])}
        values |= {child.get("date_of_birth", ""), child.get("phone", "")}
        values |= {report["report_id"], report["episode"]["last_seen_location"]["street"]}
        agency = report["custodial_agency"]
        values |= {agency["case_number"], agency["child_record_number"]}
        values |= {agency["caseworker"]["phone"], agency["caseworker"]["email"]}
        police = report.get("law_enforcement_report") or {}
        values |= {police.get("case_number", ""), police.get("ncic_number", "")}
        ncmec = report.get("ncmec_report")
        if isinstance(ncmec, dict):
            values.add(ncmec.get("case_number", ""))
    values.discard("")
    return values


def _outputs(result: AuditResult) -> dict[str, str]:
    return {fmt: render(result, fmt) for fmt in ("json", "markdown", "html")}


class TestFormats:
    """json, markdown and html carry the same figures, and nothing personal."""

    def test_json_has_the_fixed_keys(self, tmp_path: Path) -> None:
        path = tmp_path / "strata.csv"
        path.write_text("stratum,population\nOH,500\nTX,100\n", encoding="utf-8")
        result = audit(strata=path)
        document = json.loads(render(result, "json"))
        assert document == json.loads(json.dumps(result.to_dict()))
        for key in ("episodes", "ncmec", "police", "delay_hours", "by_age_band", "rules"):
            assert key in document
        assert {"on_time", "late", "unconfirmed", "not_reported"} <= set(document["ncmec"])
        assert {"median", "p90"} <= set(document["delay_hours"])
        assert {"code", "applies", "failed", "rate"} <= set(document["rules"][0])
        assert {"population", "confidence", "method", "not_reported", "late", "on_time"} <= set(
            document["estimates"]
        )
        assert set(document["estimates"]["late"]) == {"count", "lower", "upper"}
        assert document["delay_hours"]["median"] == 10.83
        assert document["by_age_band"]["18-20"]["not_reported"] == 2

    def test_markdown_tables(self, result: AuditResult) -> None:
        text = render(result, "markdown")
        assert "| On time | 4 | 36.4% | 8 | 72.7% |" in text
        assert "| Not reported | 2 | 18.2% | 1 | 9.1% |" in text
        assert "| 5 | 10.83 | 44.4 | 1 |" in text
        assert "| 18-20 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 100.0% |" in text
        assert "| MR202 | ncmec-report-late | 7 | 2 | 28.6% |" in text
        assert "| Travis, TX | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0.0% |" in text

    def test_markdown_estimates(self) -> None:
        text = render(audit(population=1000), "markdown")
        assert "Simple random sample of 11 episode(s) from a population of 1,000" in text
        assert "| Not reported | 182 | 2 | 373 |" in text

    def test_unknown_format(self, result: AuditResult) -> None:
        with pytest.raises(ValueError, match="unknown format"):
            render(result, "pdf")

    def test_html_with_charts(self, result: AuditResult) -> None:
        html = render(result, "html")  # matplotlib is in the test extra
        assert html.startswith("<!DOCTYPE html>")
        assert html.count("<svg") == 3
        for title in CHART_TITLES.values():
            assert f'<svg role="img" aria-label="{title}"' in html
        assert "missingreport[charts]</code> (" not in html
        assert render(result, "html") == html  # deterministic
        _assert_self_contained(html)

    def test_html_without_matplotlib(
        self, result: AuditResult, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
        html = render(result, "html")
        assert "<svg" not in html
        assert "Charts need the optional extra <code>missingreport[charts]</code>" in html
        assert "<td>On time</td><td>4</td><td>36.4%</td><td>8</td><td>72.7%</td>" in html
        assert "<td>18-20</td><td>2</td>" in html
        _assert_self_contained(html)

    def test_html_of_nothing(self) -> None:
        html = render(audit_reports([], as_of=AS_OF), "html")
        assert "<svg" not in html  # no chart without data, and no failure either
        assert "0 episode(s)" in html

    def test_values_from_reports_are_escaped(self) -> None:
        report = hand_reports()[0]
        report["custodial_agency"]["county"] = "<script>x</script>|*"
        result = audit_reports([RawRecord("x", 1, 1, report)], as_of=AS_OF)
        html = render(result, "html")
        assert "<script" not in html
        assert "&lt;script&gt;x&lt;/script&gt;|*, OH" in html
        assert "\\<script\\>x\\</script\\>\\|\\*, OH" in render(result, "markdown")

    def test_no_personal_data_in_any_output(self, result: AuditResult) -> None:
        private = _private_values()
        assert {"Maya", "Alvarez", "OH-2024-0001", "2009-06-14", "(614) 466-2105"} <= private
        for fmt, text in _outputs(result).items():
            leaked = sorted(value for value in private if value in text)
            assert not leaked, (fmt, leaked)


def _assert_self_contained(html: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert not re.search(r"""url\(\s*["']?(?!#)""", html)  # only url(#id), inside the page
    for resource in ("http://", "https://", "<script", "<link", "@import"):
        assert resource not in html


# --- examples and command line -------------------------------------------------------


def _load_make_sample() -> Any:
    spec = importlib.util.spec_from_file_location("make_sample", EXAMPLES / "make_sample.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestExamples:
    """The example is what its script writes, and mirrors the OIG's figures."""

    def test_the_script_reproduces_the_example(self, tmp_path: Path) -> None:
        _load_make_sample().main(tmp_path)
        for name in ("reports.jsonl", "strata.csv"):
            assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name

    def test_example_audit(self) -> None:
        from missingreport.readers import read_paths

        module = _load_make_sample()
        result = audit_reports(
            read_paths([str(EXAMPLES / "reports.jsonl")]),
            as_of=module.AS_OF,
            strata=EXAMPLES / "strata.csv",
        )
        assert result.episodes == 100
        assert result.ncmec.to_dict() == {
            "on_time": 33, "late": 22, "unconfirmed": 0,
            "not_reported": 45, "not_yet_due": 0, "unreadable": 0,
        }  # fmt: skip
        assert result.police.to_dict() == {
            "on_time": 86, "late": 8, "unconfirmed": 0,
            "not_reported": 6, "not_yet_due": 0, "unreadable": 0,
        }  # fmt: skip
        assert result.by_age_band["18-20"].episodes > 0
        assert result.estimates is not None
        assert result.estimates.population == 74_353
        with open(EXAMPLES / "strata.csv", encoding="utf-8") as handle:
            assert sum(int(row["sample"]) for row in csv.DictReader(handle)) == 100


class TestCommandLine:
    """``missingreport audit``: exit 0 with the document, 2 on a bad invocation."""

    def test_json_to_a_file(self, tmp_path: Path) -> None:
        out = tmp_path / "audit.json"
        code = main(
            ["audit", str(EXAMPLES / "reports.jsonl"), "--as-of", "2025-01-01",
             "--format", "json", "--population", "74,353", "--output", str(out)]
        )  # fmt: skip
        assert code == 0
        document = json.loads(out.read_text(encoding="utf-8"))
        assert document["ncmec"]["not_reported"] == 45
        assert document["estimates"]["not_reported"] == {
            "count": 33459, "lower": 27378, "upper": 39540,
        }  # fmt: skip

    def test_strata_and_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(
            ["audit", str(EXAMPLES / "reports.jsonl"), "--as-of", "2025-01-01",
             "--strata", str(EXAMPLES / "strata.csv"), "--confidence", "0.95"]
        )  # fmt: skip
        assert code == 0
        text = capsys.readouterr().out
        assert text.startswith("# Compliance audit")
        assert "Stratified random sample of 100 episode(s) from a population of 74,353" in text
        assert "two-sided 95% interval" in text

    @pytest.mark.parametrize(
        "extra",
        [
            ["--population", "0"],
            ["--population", "50"],  # smaller than the 100 reports
            ["--confidence", "90"],
            ["--stratum-field", "custodial_agency.state"],  # without --strata
            ["--population", "500", "--strata", "strata.csv"],
            ["--strata", "no-such-file.csv"],
        ],
    )
    def test_bad_invocation_exits_2(self, extra: list[str]) -> None:
        args = ["audit", str(EXAMPLES / "reports.jsonl"), "--as-of", "2025-01-01", *extra]
        assert main(args) == 2
