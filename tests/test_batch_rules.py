"""The batch rules MR601-MR606: across the reports of one run (validate_many and the CLI)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from missingreport import Config, Policy, validate_many
from missingreport.cli import main
from missingreport.findings import Finding
from missingreport.matching import PersonKey, find_same_child_pairs
from missingreport.rules import RecordKey
from missingreport.rules._base import BatchContext
from missingreport.rules._batch_common import LARGE_GROUP, same_child_facts
from missingreport.rules._keys import identifier
from missingreport.rules.batch import DuplicateEpisode, SharedNcmecCaseNumber
from tests.conftest import load_base, merge_patch

AS_OF = "2025-01-01T00:00:00+00:00"
SOURCE = "batch.jsonl"
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _shifted(node: Any, days: int) -> Any:
    """The report with every datetime moved by ``days`` (dates of birth etc. stay)."""
    if isinstance(node, dict):
        return {key: _shifted(value, days) for key, value in node.items()}
    if isinstance(node, str) and _DATETIME.match(node):
        return (datetime.fromisoformat(node) + timedelta(days=days)).isoformat()
    return node


def report(
    report_id: str,
    *,
    days: int = 0,
    child: dict[str, Any] | None = None,
    agency: dict[str, Any] | None = None,
    ncmec: str | None = "1498532",
    ncic: str | None = "M123456789",
    recovery: bool = True,
    **patch: Any,
) -> dict[str, Any]:
    """The base report (Maya Alvarez, last seen 2024-03-05, located 2024-03-08) with
    its episode moved by ``days`` and the given changes."""
    data = _shifted(load_base(), days)
    data["report_id"] = report_id
    changes: dict[str, Any] = {
        "child": child or {},
        "custodial_agency": agency or {},
        "ncmec_report": {"case_number": ncmec},
        "law_enforcement_report": {"ncic_number": ncic},
        **patch,
    }
    if not recovery:
        changes["recovery"] = None
    result: dict[str, Any] = merge_patch(data, changes)
    return result


def sibling(report_id: str, **kw: Any) -> dict[str, Any]:
    """A sibling of the base child: one family case, another first name and birthday."""
    child = {"first_name": "Lucas", "date_of_birth": "2012-01-30", "sex": "M"}
    child.update(kw.pop("child", {}))
    agency = {"child_record_number": "OH-AFCARS-7790"}
    agency.update(kw.pop("agency", {}))
    return report(report_id, child=child, agency=agency, **kw)


def batch(
    records: Iterable[Any], *, config: Config | None = None, show_values: bool = False
) -> dict[int, list[Finding]]:
    """The batch findings of a run, by record number."""
    results = validate_many(
        records, as_of=AS_OF, config=config, show_values=show_values, source=SOURCE
    )
    out: dict[int, list[Finding]] = {}
    for result in results:
        if result.batch:
            assert result.record is not None
            out.setdefault(result.record, []).extend(result.findings)
    return out


def codes(found: dict[int, list[Finding]]) -> dict[int, list[str]]:
    return {record: [f.code for f in findings] for record, findings in found.items()}


def only(found: dict[int, list[Finding]], record: int, code: str) -> Finding:
    """The one finding of ``code`` on ``record``."""
    matching = [f for f in found.get(record, []) if f.code == code]
    assert len(matching) == 1, codes(found)
    return matching[0]


def _word(rng: random.Random) -> str:
    """A random name-like word (letters only: digits are no part of a name)."""
    return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(4))


#: The record number taken away: identity (names, date of birth) decides.
NO_RN = {"child_record_number": None}


class TestDuplicateReportId:
    """MR601: one report_id on several records; every record gets one finding."""

    def test_each_record_names_the_others_by_place(self) -> None:
        found = batch([report("R-1"), report("R-2", days=30), report("R-1", days=60)])
        assert codes(found) == {1: ["MR601"], 3: ["MR601"]}
        first, third = only(found, 1, "MR601"), only(found, 3, "MR601")
        assert first.path == "report_id"
        assert first.severity.value == "error"
        assert f"{SOURCE} record 3" in first.message
        assert f"{SOURCE} record 1" in third.message
        assert first.source == SOURCE
        assert first.record == 1
        assert first.report_id == "R-1"

    def test_a_report_read_twice_is_not_also_a_duplicate_episode(self) -> None:
        found = batch([report("R-1"), report("R-1")])
        assert codes(found) == {1: ["MR601"], 2: ["MR601"]}


#: Two reports of one child with a typo in each field: the first letter of a name (its
#: Soundex code changes) and the date of birth (one digit, two transposed, day and month
#: swapped), so that no key holds both the whole date and both names' codes.
_TYPO_IN_EACH_FIELD = [
    pytest.param(
        {},
        {"last_name": "Elvarez", "date_of_birth": "2009-06-15"},
        id="first-letter-and-dob-day-digit",
    ),
    pytest.param(
        {},
        {"first_name": "Naya", "date_of_birth": "2008-06-14"},
        id="first-letter-and-dob-year-digit",
    ),
    pytest.param(
        {},
        {"first_name": "Naya", "date_of_birth": "2009-05-14"},
        id="first-letter-and-dob-month-digit",
    ),
    pytest.param(
        {"date_of_birth": "2011-04-07"},
        {"last_name": "Elvarez", "date_of_birth": "2011-07-04"},
        id="first-letter-and-dob-day-month",
    ),
    pytest.param(
        {"date_of_birth": "2011-01-22"},
        {"first_name": "Naya", "date_of_birth": "2011-02-12"},
        id="first-letter-and-dob-month-day-digits-transposed",
    ),
    pytest.param(
        {},
        {"first_name": "Alvarez", "last_name": "Naya", "date_of_birth": "2009-09-14"},
        id="swapped-first-letter-and-dob-digit",
    ),
    pytest.param(
        {"date_of_birth": "2010-11-05"},
        {"date_of_birth": "2011-01-05"},
        id="dob-year-month-digits-transposed",
    ),
]


class TestDuplicateEpisode:
    """MR602: two reports of the same child last seen at most a day apart."""

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            pytest.param({}, {"first_name": "Mayah"}, id="typo-first-name"),
            pytest.param({}, {"last_name": "Alvarex"}, id="typo-last-name"),
            pytest.param({}, {"first_name": "Alvarez", "last_name": "Maya"}, id="swapped"),
            pytest.param(
                {"first_name": "William", "last_name": "Smith", "sex": "M"},
                {"first_name": "Bill", "last_name": "Smith", "sex": "M"},
                id="nickname",
            ),
            pytest.param(
                {"first_name": "José", "last_name": "García-López", "sex": "M"},
                {"first_name": "JOSE", "last_name": "Garcia", "sex": "M"},
                id="accents-hyphen",
            ),
            pytest.param({}, {"first_name": "maya", "last_name": "ALVAREZ"}, id="case"),
            pytest.param({}, {"date_of_birth": "2009-06-15"}, id="dob-one-digit"),
            pytest.param(
                {"date_of_birth": "2011-04-12"},
                {"date_of_birth": "2011-04-21"},
                id="dob-transposed",
            ),
            pytest.param(
                {"date_of_birth": "2011-04-07"}, {"date_of_birth": "2011-07-04"}, id="dob-day-month"
            ),
            *_TYPO_IN_EACH_FIELD,
        ],
    )
    def test_same_child_despite_keying_errors(
        self, first: dict[str, Any], second: dict[str, Any]
    ) -> None:
        found = batch(
            [
                report("R-1", child=first, agency=NO_RN),
                report("R-2", child={**first, **second}, agency=NO_RN, days=1),
            ]
        )
        # one child: sharing the NCMEC and NCIC numbers is fine (no MR604/MR605); a
        # date of birth that differs is also an identity conflict within the case
        expected = ["MR602", "MR606"] if "date_of_birth" in second else ["MR602"]
        assert codes(found) == {1: expected, 2: expected}
        assert "report R-2 (batch.jsonl record 2)" in only(found, 1, "MR602").message
        assert "report R-1 (batch.jsonl record 1)" in only(found, 2, "MR602").message

    @pytest.mark.parametrize(("first", "second"), _TYPO_IN_EACH_FIELD)
    def test_same_child_found_by_blocking_alone(
        self, first: dict[str, Any], second: dict[str, Any]
    ) -> None:
        # no number shared (case, NCMEC, NCIC): only the same-child passes propose the pair
        other = {**NO_RN, "case_number": "FCCS-2023-9"}
        found = batch(
            [
                report("R-1", child=first, agency=NO_RN),
                report(
                    "R-2", child={**first, **second}, agency=other, days=1, ncmec="2", ncic="M2"
                ),
            ]
        )
        assert codes(found) == {1: ["MR602"], 2: ["MR602"]}

    def test_two_days_apart_is_no_duplicate(self) -> None:
        found = batch([report("R-1"), report("R-2", days=2, ncmec="2", ncic="M2")])
        assert codes(found) == {1: ["MR603"], 2: ["MR603"]}  # overlapping, not duplicate

    def test_different_dob_is_another_child(self) -> None:
        other = {"date_of_birth": "2010-11-02"}
        elsewhere = {**NO_RN, "case_number": "FCCS-2023-9"}
        found = batch([report("R-1", agency=NO_RN), report("R-2", child=other, agency=elsewhere)])
        assert codes(found) == {1: ["MR604", "MR605"], 2: ["MR604", "MR605"]}
        # in one case, the same name with another date of birth names one child: MR606
        found = batch([report("R-1", agency=NO_RN), report("R-2", child=other, agency=NO_RN)])
        assert codes(found) == {1: ["MR606"], 2: ["MR606"]}

    def test_siblings_in_one_case_are_not_the_same_child(self) -> None:
        for agency in (NO_RN, {}):  # identity decides, then the record numbers do
            found = batch(
                [report("R-1", agency=NO_RN), sibling("R-2", agency=agency, ncic="M000000002")]
            )
            # the copied NCMEC number is the defect; no duplicate, no identity conflict
            assert codes(found) == {1: ["MR604"], 2: ["MR604"]}
            message = only(found, 1, "MR604").message
            assert "report R-2 (batch.jsonl record 2), a report of another child" in message

    def test_twins_are_not_duplicates(self) -> None:
        twin = {"first_name": "Olivia"}  # same birthday, last name, case, day
        found = batch([report("R-1", agency=NO_RN), report("R-2", child=twin, agency=NO_RN)])
        # no duplicate, no identity conflict; the copied numbers are another child's
        assert codes(found) == {1: ["MR604", "MR605"], 2: ["MR604", "MR605"]}

    def test_record_numbers_decide_over_names(self) -> None:
        other = {"first_name": "Jordan", "last_name": "Lee", "date_of_birth": "2010-11-02"}
        found = batch([report("R-1"), report("R-2", child=other)])  # one record number
        assert codes(found) == {1: ["MR602", "MR606"], 2: ["MR602", "MR606"]}
        same_names = batch(
            [report("R-1"), report("R-2", agency={"child_record_number": "OH-AFCARS-9"})]
        )
        assert codes(same_names) == {1: ["MR604", "MR605"], 2: ["MR604", "MR605"]}

    def test_record_numbers_are_compared_within_the_state(self) -> None:
        other = {"first_name": "Jordan", "last_name": "Lee", "date_of_birth": "2010-11-02"}
        georgia = {"state": "GA", "case_number": "GA-1"}
        found = batch([report("R-1"), report("R-2", child=other, agency=georgia, ncic=None)])
        assert codes(found) == {1: ["MR604"], 2: ["MR604"]}

    def test_a_group_of_three_gives_one_finding_per_record(self) -> None:
        found = batch([report("R-1"), report("R-2", days=1), report("R-3")])
        assert codes(found) == {1: ["MR602"], 2: ["MR602"], 3: ["MR602"]}
        for record, others in ((1, ("R-2", "R-3")), (2, ("R-1", "R-3")), (3, ("R-1", "R-2"))):
            message = only(found, record, "MR602").message
            assert all(f"report {rid} (" in message for rid in others)

    def test_name_match_threshold_from_the_policy(self) -> None:
        records = [
            report("R-1", agency=NO_RN),
            report("R-2", child={"first_name": "Mayah"}, agency=NO_RN),
        ]
        assert codes(batch(records)) == {1: ["MR602"], 2: ["MR602"]}
        strict = Config(policy=Policy(name_match_threshold=0.99))
        assert codes(batch(records, config=strict)) == {
            1: ["MR604", "MR605"],
            2: ["MR604", "MR605"],
        }


class TestOverlappingEpisodes:
    """MR603: a later episode of the same child starts before the earlier one ended."""

    def test_started_before_the_earlier_recovery(self) -> None:
        # located 2024-03-08; the next episode last seen 2024-03-07
        found = batch([report("R-1"), report("R-2", days=2, ncmec="2", ncic="M2")])
        assert codes(found) == {1: ["MR603"], 2: ["MR603"]}
        assert only(found, 2, "MR603").path == "episode.last_seen_at"
        assert "report R-1 (batch.jsonl record 1)" in only(found, 2, "MR603").message

    def test_sequential_episodes_are_fine(self) -> None:
        for days in (3, 40):  # last seen on the located date, or weeks later
            found = batch([report("R-1"), report("R-2", days=days, ncmec="2", ncic="M2")])
            assert found == {}

    def test_open_episode(self) -> None:
        found = batch([report("R-1", recovery=False), report("R-2", days=60, ncmec="2", ncic="M2")])
        assert codes(found) == {1: ["MR603"], 2: ["MR603"]}
        later_open = batch(
            [report("R-1"), report("R-2", days=60, ncmec="2", ncic="M2", recovery=False)]
        )
        assert later_open == {}

    def test_unreadable_recovery_is_not_open(self) -> None:
        broken = report("R-1", recovery=True)
        broken["recovery"]["located_at"] = "not a date"
        found = batch([broken, report("R-2", days=60, ncmec="2", ncic="M2")])
        assert found == {}

    def test_pairs_within_a_day_are_left_to_mr602(self) -> None:
        found = batch([report("R-1", recovery=False), report("R-2", days=1)])
        assert codes(found) == {1: ["MR602"], 2: ["MR602"]}


class TestSharedNumbers:
    """MR604/MR605: one NCMEC or NCIC number on reports of different children."""

    def test_one_childs_later_report_may_share_them(self) -> None:
        assert batch([report("R-1"), report("R-2", days=40)]) == {}

    def test_shared_ncic_number(self) -> None:
        found = batch([report("R-1"), sibling("R-2", ncmec="77")])
        assert codes(found) == {1: ["MR605"], 2: ["MR605"]}
        assert only(found, 1, "MR605").path == "law_enforcement_report.ncic_number"

    def test_compared_normalised_and_placeholders_ignored(self) -> None:
        found = batch([report("R-1", ncic=None), sibling("R-2", ncmec="0001498532", ncic=None)])
        assert codes(found) == {1: ["MR604"], 2: ["MR604"]}
        placeholder = batch(
            [
                report("R-1", ncmec="UNKNOWN", ncic="N/A"),
                sibling("R-2", ncmec="unknown", ncic="n/a"),
            ]
        )
        assert placeholder == {}

    def test_one_finding_per_record_however_many_children(self) -> None:
        names = ["Ava", "Ben", "Cleo", "Dante", "Eli", "Faye", "Gus", "Hana"]
        records = [
            report(
                f"R-{k}",
                child={"first_name": name, "date_of_birth": f"20{10 - k:02d}-02-0{k + 1}"},
                agency={"child_record_number": f"OH-{k}"},
                ncic=None,
            )
            for k, name in enumerate(names)
        ]
        found = batch(records)
        assert codes(found) == {k: ["MR604"] for k in range(1, 9)}
        message = only(found, 1, "MR604").message
        assert message.count("report R-") == 5
        assert "and 2 more records" in message

    def test_unknown_identity_is_not_called_another_child(self) -> None:
        faceless = report("R-2", agency=NO_RN)
        del faceless["child"]["date_of_birth"]  # MR002 on the record; cannot compare
        assert batch([report("R-1", agency=NO_RN), faceless]) == {}


class TestIdentityConflict:
    """MR606: reports naming one child disagree on date of birth or sex."""

    def test_same_record_number_different_dob(self) -> None:
        found = batch(
            [report("R-1"), report("R-2", days=90, child={"date_of_birth": "2008-02-01"})]
        )
        assert codes(found) == {1: ["MR606"], 2: ["MR606"]}
        finding = only(found, 1, "MR606")
        assert finding.severity.value == "warning"
        assert finding.path == "child.date_of_birth"
        assert "same child_record_number" in finding.message

    def test_same_case_and_alike_names_different_sex(self) -> None:
        found = batch(
            [report("R-1", agency=NO_RN), report("R-2", days=90, child={"sex": "M"}, agency=NO_RN)]
        )
        assert codes(found) == {1: ["MR606"], 2: ["MR606"]}
        assert only(found, 2, "MR606").path == "child.sex"
        assert "same case_number and a similar name" in only(found, 2, "MR606").message

    def test_unknown_sex_conflicts_with_nothing(self) -> None:
        assert batch([report("R-1"), report("R-2", days=90, child={"sex": "U"})]) == {}

    def test_dob_typo_duplicate_is_both_duplicate_and_conflict(self) -> None:
        found = batch([report("R-1"), report("R-2", child={"date_of_birth": "2009-06-15"})])
        assert codes(found) == {1: ["MR602", "MR606"], 2: ["MR602", "MR606"]}

    def test_different_record_numbers_are_different_children(self) -> None:
        found = batch(
            [
                report("R-1"),
                report(
                    "R-2",
                    days=90,
                    child={"first_name": "Mayah", "date_of_birth": "2011-01-01"},
                    agency={"child_record_number": "OH-AFCARS-9"},
                    ncmec="5",
                    ncic="M5",
                ),
            ]
        )
        assert found == {}


class TestScale:
    """Placeholders, group sizes and the same-child relation at scale."""

    def test_placeholder_record_number_is_no_identity(self) -> None:
        rng = random.Random(11)
        records = [
            report(
                f"R-{k}",
                child={
                    "first_name": _word(rng),
                    "last_name": _word(rng),
                    "date_of_birth": (date(2005, 1, 3) + timedelta(days=40 * k)).isoformat(),
                },
                agency={"child_record_number": "OH-0000001", "case_number": f"C-{k}"},
                ncmec=str(1000 + k),
                ncic=None,
            )
            for k in range(LARGE_GROUP + 1)
        ]
        assert batch(records) == {}
        # two of them under one record number are one child, reported twice
        assert codes(batch(records[:2])) == {1: ["MR602", "MR606"], 2: ["MR602", "MR606"]}

    def test_same_child_pairs_agree_with_the_matching_engine(self) -> None:
        rng = random.Random(7)
        firsts = ["Ava", "Liam", "Mia", "Noah", "Zoe", "Eli", "Ivy", "Leo", "Ada", "Max"]
        lasts = ["Brown", "Stone", "Reyes", "Webb", "Nunez", "Park", "Diaz", "Cole"]
        keys = []
        for index in range(3000):
            born = date(2005, 1, 1) + timedelta(days=rng.randrange(4000))
            first, last = rng.choice(firsts), rng.choice(lasts)
            if rng.random() < 0.2:
                first = first + "h"
            keys.append(RecordKey(index, None, index + 1, None, f"R{index}", first, last, born))
        facts = same_child_facts(BatchContext(keys, Policy()))
        people = [PersonKey(k.first_name, k.last_name, k.date_of_birth) for k in keys]
        expected = set(find_same_child_pairs(people))
        assert expected
        assert set(facts.pairs()) == expected

    def test_same_child_pairs_with_record_numbers_agree_with_the_matching_engine(self) -> None:
        # Blocking leaves out the pairs of two numbered records (their numbers decide):
        # the relation is the matching engine's all the same.
        rng = random.Random(11)
        firsts = ["Ava", "Liam", "Mia", "Noah", "Zoe", "Eli", "Ivy", "Leo", "Ada", "Max"]
        lasts = ["Brown", "Stone", "Reyes", "Webb", "Nunez", "Park", "Diaz", "Cole"]
        keys, people = [], []
        for index in range(3000):
            born = date(2005, 1, 1) + timedelta(days=rng.randrange(3000))
            first, last = rng.choice(firsts), rng.choice(lasts)
            number = str(rng.randrange(1000, 2500)) if rng.random() < 0.7 else None
            keys.append(
                RecordKey(
                    index, None, index + 1, None, f"R{index}", first, last, born,
                    child_record_token=identifier(number),
                )
            )  # fmt: skip
            people.append(PersonKey(first, last, born, record_number=number))
        facts = same_child_facts(BatchContext(keys, Policy()))
        expected = set(find_same_child_pairs(people))
        tokens = [k.child_record_token for k in keys]
        by_number = sum(1 for i, j in expected if tokens[i] and tokens[j])
        assert by_number  # pairs of both kinds: by record number ...
        assert len(expected) > by_number  # ... and by identity
        assert set(facts.pairs()) == expected

    def test_many_records_are_checked_through_blocking(self) -> None:
        rng = random.Random(3)
        n = 20_000
        surnames = [_word(rng) for _ in range(997)]
        keys = [
            RecordKey(
                k,
                "big.jsonl",
                k + 1,
                None,
                f"R{k}",
                _word(rng),
                surnames[k % 997],
                date_of_birth=date(2000, 1, 1) + timedelta(days=rng.randrange(7000)),
                last_seen=date(2024, 1, 1) + timedelta(days=rng.randrange(300)),
                ncmec_case_number=str(10_000 + k),
            )
            for k in range(n)
        ]
        keys[-1] = RecordKey(  # one planted duplicate of record 0
            n - 1, "big.jsonl", n, None, "DUP", keys[0].first_name, keys[0].last_name,
            date_of_birth=keys[0].date_of_birth, last_seen=keys[0].last_seen,
            ncmec_case_number=keys[0].ncmec_case_number,
        )  # fmt: skip
        ctx = BatchContext(keys, Policy())
        found = list(DuplicateEpisode().check_batch(keys, ctx))
        assert [(k.index, f.code) for k, f in found] == [(0, "MR602"), (n - 1, "MR602")]
        assert list(SharedNcmecCaseNumber().check_batch(keys, ctx)) == []


class TestPersonalData:
    """Findings name other records by report id and place, never by the child."""

    def test_no_names_or_dates_of_birth_in_messages(self) -> None:
        found = batch(
            [
                report("R-1"),
                report("R-2", child={"date_of_birth": "2009-06-15"}),
                sibling("R-3"),
            ]
        )
        assert found
        personal = ("Maya", "Alvarez", "Lucas", "2009-06-14", "2009-06-15", "2012-01-30")
        for findings in found.values():
            for finding in findings:
                assert not any(word in finding.message for word in personal), finding.message
                assert re.search(r"report R-\d \(batch\.jsonl record \d\)", finding.message)
                assert finding.value is None

    def test_a_hostile_report_id_is_named_printable(self) -> None:
        found = batch([report("R-1"), report("A\x1b[31m\nMR999 fake")])
        message = only(found, 1, "MR602").message
        assert message.isprintable()
        assert "report A\\x1b[31m\\nMR999 fake (batch.jsonl record 2)" in message

    def test_values_only_when_asked(self) -> None:
        records = [report("R-1"), report("R-2", days=90, child={"date_of_birth": "2009-06-15"})]
        finding = only(batch(records, show_values=True), 1, "MR606")
        assert finding.value == "2009-06-14; R-2: 2009-06-15"


class TestCommandLine:
    """The batch findings through ``missingreport check`` on JSONL files."""

    def _write(self, path: Path, records: list[dict[str, Any]]) -> Path:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    def test_json_output_across_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        sib = sibling("R-2", ncmec="9", ncic="M9")
        first = self._write(tmp_path / "a.jsonl", [report("R-1"), sib])
        second = self._write(tmp_path / "b.jsonl", [report("R-3", child={"last_name": "Alvarex"})])
        args = ["check", str(first), str(second), "--as-of", AS_OF, "--format", "json"]
        code = main([*args, "--select", "MR6", "--no-progress"])
        document = json.loads(capsys.readouterr().out)
        assert code == 1
        rows = [
            (Path(r["source"]).name, r["line"], r["report_id"], f["code"])
            for r in document["results"]
            for f in r["findings"]
        ]
        assert rows == [("a.jsonl", 1, "R-1", "MR602"), ("b.jsonl", 1, "R-3", "MR602")]
        messages = [f["message"] for r in document["results"] for f in r["findings"]]
        assert "report R-3 (" in messages[0]
        assert "b.jsonl line 1)" in messages[0]
        assert "Alvare" not in " ".join(messages)
        assert all("value" not in f for r in document["results"] for f in r["findings"])

    def test_show_values_and_ignore(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = self._write(tmp_path / "r.jsonl", [report("R-1"), report("R-1", days=40)])
        base = ["check", str(path), "--as-of", AS_OF, "--format", "jsonl", "--no-progress"]
        assert main([*base, "--select", "MR601", "--show-values"]) == 1
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [(x["line"], x["code"], x.get("value")) for x in lines] == [
            (1, "MR601", "R-1"),
            (2, "MR601", "R-1"),
        ]
        main([*base, "--ignore", "MR6"])
        assert "MR60" not in capsys.readouterr().out
