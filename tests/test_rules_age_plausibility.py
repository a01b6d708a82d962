"""Behaviour of the MR1xx and MR5xx rules beyond their case files.

The case files (tests/rules/cases/MR1nn.json, MR5nn.json) pin what each rule finds;
these tests pin what they must never do: name a child in a message, fail when the
optional growth data is missing, or go silent on sound fields because another one
failed to parse.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from missingreport import Config, Engine, Policy, get_rule, validate
from missingreport.reference import growth
from missingreport.rules import plausibility
from tests.conftest import AS_OF, load_base, merge_patch

CASES_DIR = Path(__file__).parent / "rules" / "cases"
CODES = ("MR101", "MR102", "MR103", "MR104", "MR105", "MR501", "MR502", "MR503", "MR504", "MR505")


def _failing_cases() -> list[Any]:
    params = []
    for code in CODES:
        spec = json.loads((CASES_DIR / f"{code}.json").read_text(encoding="utf-8"))
        for case in spec["cases"]:
            if case["expect"] == "fail":
                as_of = case.get("as_of", spec.get("as_of", AS_OF))
                params.append(pytest.param(code, as_of, case, id=f"{code}-{case['name']}"))
    return params


def _personal_data(record: dict[str, Any]) -> list[str]:
    """The child's names, nicknames and date of birth as written in the record."""
    child = record["child"]
    names = [child.get("first_name"), child.get("last_name"), child.get("middle_name")]
    names += child.get("nicknames", [])
    return [str(v) for v in [*names, child.get("date_of_birth")] if v]


@pytest.mark.parametrize(("code", "as_of", "case"), _failing_cases())
def test_messages_carry_no_personal_data(code: str, as_of: str, case: dict[str, Any]) -> None:
    """A finding names no name, nickname or date of birth; the value goes in ``value``."""
    record = merge_patch(load_base(), case["patch"])
    config = Config(policy=Policy(**case.get("policy", {})))
    result = validate(record, as_of=as_of, config=config, show_values=True)
    ours = [f for f in result.findings if f.code == code]
    assert ours
    for finding in ours:
        assert finding.value, finding
        for text in _personal_data(record):
            folded = text.strip().casefold()
            if len(folded) >= 3:  # "J." or "NA" would match ordinary words
                assert not re.search(rf"\b{re.escape(folded)}\b", finding.message.casefold()), (
                    finding.message
                )
    hidden = validate(record, as_of=as_of, config=config)
    assert [f.value for f in hidden.findings if f.code == code] == [None] * len(ours)


@pytest.fixture
def fresh_growth() -> Iterator[None]:
    growth._clear_caches()
    yield
    growth._clear_caches()


def test_mr504_unavailable_without_growth_data(
    monkeypatch: pytest.MonkeyPatch, fresh_growth: None
) -> None:
    """Without rcpchgrowth, MR504 is a notice and never a finding; other rules still run."""
    record = merge_patch(load_base(), {"child": {"height_in": 80, "weight_lb": 0}})
    with_data = Engine(as_of=AS_OF)
    assert with_data.notices == []
    assert with_data.validate(record).codes == ["MR503", "MR504"]

    monkeypatch.setitem(sys.modules, "rcpchgrowth", None)
    growth._clear_caches()
    rule = get_rule("MR504")
    assert rule is not None
    assert not rule.available()
    engine = Engine(as_of=AS_OF)
    assert len(engine.notices) == 1
    assert engine.notices[0].startswith("MR504 measurement-unusual-for-age is unavailable")
    assert "missingreport[growth]" in engine.notices[0]
    assert engine.validate(record).codes == ["MR503"]


def test_sound_name_checked_when_the_other_fails() -> None:
    """A last name over the length limit (MR006) does not stop the first name's check."""
    record = merge_patch(load_base(), {"child": {"first_name": "UNKNOWN", "last_name": "A" * 101}})
    result = validate(record, as_of=AS_OF)
    assert [(f.code, f.path) for f in result.findings] == [
        ("MR006", "child.last_name"),
        ("MR501", "child.first_name"),
    ]


def test_age_rules_skip_an_unreadable_date_of_birth() -> None:
    """A date of birth that is no date is MR003 alone: no age is guessed from it."""
    record = merge_patch(
        load_base(),
        {"child": {"date_of_birth": "2009-13-45"}, "episode": {"in_extended_foster_care": True}},
    )
    assert validate(record, as_of=AS_OF).codes == ["MR003"]


def test_born_after_event_checked_without_the_extended_care_flag() -> None:
    """MR104 needs only the two dates: a missing flag (MR002) skips MR102/MR103 alone."""
    record = merge_patch(
        load_base(),
        {"child": {"date_of_birth": "2024-03-06"}, "episode": {"in_extended_foster_care": None}},
    )
    result = validate(record, as_of=AS_OF)
    assert [(f.code, f.path) for f in result.findings] == [
        ("MR002", "episode.in_extended_foster_care"),
        ("MR104", "child.date_of_birth"),
    ]


@pytest.mark.parametrize(
    "name",
    ["Maria", "UNK", "Baby Girl", "Baby-Girl", "O'Neil", "José", "ÉLODIE", "Ŀukasz", "Straße",
     "ﬀ", "Ⅻ", "x²", "N/A", "J.", "?", "123", "Garcia Lopez", "Nguyễn", "İlker", "K", "Ǆ",
     "", " - ", "Mary-Kate 2nd", "X_X", "a\tb"],
)  # fmt: skip
def test_name_letters_are_the_folded_name(name: str) -> None:
    """MR501 compares the folded name, whichever way it is computed (ASCII letters or not)."""
    assert plausibility._letters(name) == plausibility._fold(name).replace(" ", "")
