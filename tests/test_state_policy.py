"""State policy: the data, its sources, what the tool applies, and the ``policy`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from missingreport import Config, Policy, validate
from missingreport.cli import main
from missingreport.codes import STATE_CODES
from missingreport.states import (
    NOTHING_ON_FILE,
    VALUED_FIELDS,
    PolicyData,
    StateEntry,
    load_policy_data,
    policy_of,
    resolve_setting,
    states_on_file,
)
from missingreport.states.render import policy_markdown
from tests.conftest import AS_OF, load_base, merge_patch

DOCS = Path(__file__).parent.parent / "docs" / "state-policy.md"

# The research the data encodes, transcribed by hand from the project's research notes
# (version 2026-12): state -> (police hours, NCMEC hours, clock, care ceiling, level of
# the deadline source, a part of the deadline citation). None hours: "immediately";
# "federal": nothing on file for that value.
RESEARCH: dict[str, tuple[Any, Any, str, int, str, str]] = {
    # deadlines that differ from the federal 24 hours
    "AR": (2, 24, "notice", 21, "secondary", "DCFS Policy VII-N1"),
    "KS": (2, 24, "notice", 21, "secondary", "PPS Policy and Procedure Manual 5245"),
    "MO": (2, 2, "notice", 21, "primary", "Child Welfare Manual section 4, chapter 4"),
    "UT": (2, 24, "notice", 21, "secondary", "DCFS Practice Guidelines 300.8"),
    "WI": (8, 24, "notice", 21, "secondary", "Wis. Stat. 48.78(2m)"),
    "KY": (12, 24, "notice", 21, "primary", "DCBS Standards of Practice 4.67"),
    "ND": (12, 12, "notice", 21, "primary", "Policy 624-05-15-50-34"),
    "LA": (None, 24, "departure", 21, "secondary", "DCFS Policy 6-1215"),
    # stated as the federal 24 hours
    "AK": (24, 24, "notice", 21, "secondary", "CPS Manual 2.2.7"),
    "AZ": (24, 24, "notice", 21, "primary", "DCS Policy"),
    "CA": (24, 24, "notice", 21, "secondary", "Pen. Code 11166"),
    "CO": (24, 24, "notice", 21, "primary", "C.R.S. 19-1-115.3"),
    "FL": (24, 24, "notice", 21, "primary", "F.A.C. 65C-30.019"),
    "GA": (24, 24, "notice", 21, "primary", "DFCS Policy 19.22"),
    "IA": (24, 24, "notice", 21, "secondary", "DHS Employees' Manual Title 17"),
    "IL": (24, 24, "notice", 21, "primary", "89 Ill. Adm. Code 329.30"),
    "IN": (24, 24, "notice", 21, "primary", "IC 31-36-1-3.5"),
    "MD": (24, 24, "notice", 21, "secondary", "COMAR 07.02.11.18"),
    "MI": (24, 24, "notice", 21, "secondary", "FOM 722-03A"),
    "MS": (24, 24, "notice", 21, "secondary", "Code of Rules 18-006-104"),
    "MT": (24, 24, "notice", 21, "secondary", "CFSD Policy 408-6"),
    "NH": (24, 24, "notice", 21, "secondary", "DCYF Policy 1558"),
    "NY": (24, 24, "notice", 21, "secondary", "18 NYCRR 431.8"),
    "OH": (24, 24, "notice", 21, "primary", "OAC 5101:2-42-88"),
    "OR": (24, 24, "notice", 21, "primary", "OAR 413-080-0053"),
    "SC": (24, 24, "notice", 21, "secondary", "Policy Manual 550.4"),
    "TN": (24, 24, "notice", 21, "secondary", "Policy 31.2 supplement"),
    "TX": (24, 24, "notice", 21, "secondary", "Fam. Code 264.123"),
    "VT": (24, 24, "notice", 21, "secondary", "Family Services Policy 155"),
    "VA": (24, 24, "notice", 21, "secondary", "CFS Manual Part E 17.13"),
    "WA": (24, 24, "notice", 21, "primary", "DCYF Policy 4550"),
    "WV": (24, 24, "notice", 21, "secondary", "Foster Care Policy Manual 5.20"),
    "WY": (24, 24, "notice", 21, "secondary", "DFS Policy 2.9(4)"),
    "MN": (24, 24, "notice", 21, "secondary", "Minn. Stat. 260C.212 subd. 13(b)"),
}
#: Weaker than federal on paper: state -> (level, a part of the citation).
WEAKER = {
    "ME": ("primary", "OCFS Policy V.B"),
    "CT": ("secondary", "DCF Practice Guide 21-15PG"),
    "MN": ("secondary", "DHS Best Practice Guide"),
    "NV": ("secondary", "Child Welfare Policy MTL 0210"),
}
#: Unconditional ceilings the state sets: state -> (age, level, citation).
CEILINGS = {
    "MA": (22, "secondary", "M.G.L. c. 119 s. 21, s. 23(f)"),
    "OK": (18, "primary", "OAC 340:75-6-110"),
    "IN": (21, "secondary", "IC 31-28-5.8-5"),
    "MO": (21, "primary", "Child Welfare Manual"),
}
#: Conditional ceilings (notes only): state -> (age, citation).
CONDITIONAL = {
    "TX": (22, "40 TAC 700.346(c)"),
    "FL": (22, "Fla. Stat. 39.013, 39.6251"),
    "WI": (21, "Wis. Stat. 48.366"),
}
#: Named in the research without a citation for their hours: notes, no values.
UNCITED = {"ID", "NE", "NC"}
#: Stated without hours: the federal 24 hours, with the state's citation for the clock.
NO_HOURS = {"NJ": "CP&P-VIII-E-2-100"}
#: Not found: the federal rule.
NOT_FOUND = {"AL", "DE", "DC", "HI", "NM", "PA", "RI", "SD", "PR", "VI", "GU", "AS", "MP"}


# --- the data ----------------------------------------------------------------------------
def test_every_value_on_file_has_a_full_source() -> None:
    data = load_policy_data()
    for code, entry in data.states.items():
        held = {f for f in VALUED_FIELDS if getattr(entry, f) is not None}
        for field in held:
            sources = [s for s in entry.sources if field in s.applies_to]
            assert sources, f"{code}.{field} has no source"
            for source in sources:
                assert source.citation.strip(), (code, field)
                assert source.where.strip(), (code, field)
                assert source.level in ("primary", "secondary")
    assert load_policy_data().read == "2026-12"


def test_a_value_without_a_source_is_refused() -> None:
    with pytest.raises(ValidationError, match="no source for police_deadline_hours"):
        StateEntry(name="X", police_deadline_hours=2)
    with pytest.raises(ValidationError, match="not on file"):
        StateEntry.model_validate(
            {
                "name": "X",
                "sources": [
                    {"applies_to": ["police_deadline_hours"], "citation": "c", "where": "w",
                     "level": "primary"}
                ],
            }
        )  # fmt: skip
    with pytest.raises(ValidationError):  # a level that is not primary or secondary
        StateEntry.model_validate(
            {"name": "X", "police_deadline_hours": 2,
             "sources": [{"applies_to": ["police_deadline_hours"], "citation": "c",
                          "where": "w", "level": "unverified"}]}
        )  # fmt: skip


def test_the_file_is_refused_with_a_code_that_is_no_state() -> None:
    raw = load_policy_data().model_dump()
    raw["states"]["ZZ"] = raw["states"]["MO"]
    with pytest.raises(ValidationError, match="ZZ"):
        PolicyData.model_validate(raw)


@pytest.mark.parametrize("state", sorted(RESEARCH))
def test_deadlines_agree_with_the_research(state: str) -> None:
    police, ncmec, clock, ceiling, level, citation = RESEARCH[state]
    policy = policy_of(state)
    assert policy.on_file
    assert policy.police_deadline_hours == police
    assert policy.ncmec_deadline_hours == ncmec
    assert policy.clock_starts == clock
    assert policy.extended_care_max_age == ceiling
    source = policy.source_of("ncmec_deadline_hours")
    assert citation in source.citation
    assert source.level == level
    assert policy.is_own("ncmec_deadline_hours")


@pytest.mark.parametrize("state", sorted(WEAKER))
def test_weaker_than_federal_is_a_note_not_a_change(state: str) -> None:
    level, citation = WEAKER[state]
    policy = policy_of(state)
    assert policy.weaker_than_federal
    source = policy.source_of("weaker_than_federal")
    assert citation in source.citation
    assert source.level == level
    assert policy.police_deadline_hours == 24
    assert policy.ncmec_deadline_hours == 24
    assert any("federal rule still governs" in note for note in policy.notes)


@pytest.mark.parametrize("state", sorted(CEILINGS))
def test_unconditional_ceilings(state: str) -> None:
    age, level, citation = CEILINGS[state]
    policy = policy_of(state)
    assert policy.extended_care_max_age == age
    assert policy.is_own("extended_care_max_age")
    source = policy.source_of("extended_care_max_age")
    assert citation in source.citation
    assert source.level == level


@pytest.mark.parametrize("state", sorted(CONDITIONAL))
def test_conditional_ceilings_are_notes(state: str) -> None:
    age, citation = CONDITIONAL[state]
    policy = policy_of(state)
    assert policy.extended_care_max_age == 21
    assert not policy.is_own("extended_care_max_age")
    assert any(f"extended care to {age}" in n and citation in n for n in policy.notes)


def test_the_data_holds_exactly_the_states_of_the_research() -> None:
    expected = (
        set(RESEARCH) | set(WEAKER) | set(CEILINGS) | set(CONDITIONAL) | UNCITED | set(NO_HOURS)
    )
    assert set(states_on_file()) == expected
    assert not set(states_on_file()) & NOT_FOUND
    assert NOT_FOUND | expected == STATE_CODES


@pytest.mark.parametrize("state", sorted(UNCITED))
def test_uncited_states_hold_notes_and_federal_values(state: str) -> None:
    policy = policy_of(state)
    assert policy.notes
    assert "no citation recorded" in policy.notes[0]
    assert policy.police_deadline_hours == 24
    assert policy.source_of("police_deadline_hours").citation == "42 U.S.C. 671(a)(35)(B)"


@pytest.mark.parametrize("state", sorted(NO_HOURS))
def test_states_without_hours(state: str) -> None:
    policy = policy_of(state)
    assert policy.police_deadline_hours == 24
    assert not policy.is_own("police_deadline_hours")
    assert NO_HOURS[state] in policy.source_of("clock_starts").citation
    assert any("states no hours" in note for note in policy.notes)


@pytest.mark.parametrize("state", sorted(NOT_FOUND))
def test_nothing_on_file_is_the_federal_rule_and_says_so(state: str) -> None:
    policy = policy_of(state)
    assert not policy.on_file
    assert policy.notes == (NOTHING_ON_FILE,)
    assert (policy.police_deadline_hours, policy.ncmec_deadline_hours) == (24, 24)
    assert (policy.clock_starts, policy.extended_care_max_age) == ("notice", 21)
    assert policy.stricter_hours("police_deadline_hours", 24) is None


def test_resolve_setting() -> None:
    assert resolve_setting("federal", "MO") is None
    assert resolve_setting("auto", None) is None
    auto = resolve_setting("auto", "MO")
    assert auto is not None
    assert auto.state == "MO"
    forced = resolve_setting("KY", "MO")
    assert forced is not None
    assert forced.state == "KY"
    with pytest.raises(ValueError, match="not a USPS"):
        policy_of("ZZ")


def test_stricter_hours() -> None:
    mo, la = policy_of("MO"), policy_of("LA")
    assert mo.stricter_hours("police_deadline_hours", 24) == 2
    assert mo.stricter_hours("police_deadline_hours", 1) is None  # configured stricter
    assert la.stricter_hours("ncmec_deadline_hours", 24) == 24  # counted from departure
    assert la.stricter_hours("police_deadline_hours", 24) is None  # "immediately"


# --- the policy command ------------------------------------------------------------------
def test_policy_mo_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "MO", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == [
        "state", "police_deadline_hours", "ncmec_deadline_hours", "clock_starts",
        "extended_care_max_age", "weaker_than_federal", "notes", "sources",
    ]  # fmt: skip
    assert doc["state"] == "MO"
    assert doc["police_deadline_hours"] == 2
    assert doc["ncmec_deadline_hours"] == 2
    assert doc["clock_starts"] == "notice"
    assert doc["extended_care_max_age"] == 21
    assert doc["weaker_than_federal"] is None
    [source] = doc["sources"]
    assert set(source) == {"applies_to", "citation", "where", "level"}
    assert "police_deadline_hours" in source["applies_to"]
    assert "ncmec_deadline_hours" in source["applies_to"]
    assert source["citation"] == "Child Welfare Manual section 4, chapter 4, subsection 8, 4.8.3"
    assert source["level"] == "primary"
    assert "dssmanuals.mo.gov" in source["where"]


def test_policy_for_a_state_with_nothing_on_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "pa", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["state"] == "PA"
    assert doc["notes"] == ["no state policy on file: the federal rule applies"]
    assert (doc["police_deadline_hours"], doc["ncmec_deadline_hours"]) == (24, 24)
    assert {s["citation"] for s in doc["sources"]} == {
        "42 U.S.C. 671(a)(35)(B)",
        "42 U.S.C. 675(8)(B)",
    }


def test_policy_immediately_is_null(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "LA", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["police_deadline_hours"] is None
    assert doc["clock_starts"] == "departure"


def test_policy_text_shows_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "TX"]) == 0
    out = capsys.readouterr().out
    assert "extended care to 22 only while regularly attending high school" in out
    assert "Fam. Code 264.123" in out
    assert main(["policy", "ME"]) == 0
    assert "weaker than federal on paper" in capsys.readouterr().out


def test_policy_every_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["state"] for s in doc["states"]] == states_on_file()


def test_policy_of_no_state_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "ZZ"]) == 2
    assert "not a USPS state" in capsys.readouterr().err


def test_docs_file_matches_the_data() -> None:
    assert DOCS.read_text(encoding="utf-8") == policy_markdown(
        [policy_of(s) for s in states_on_file()]
    ), "docs/state-policy.md drifted: run `missingreport policy --format markdown`"


# --- the rules under state policy --------------------------------------------------------
def _codes(record: dict[str, Any], **policy: Any) -> list[str]:
    config = Config(policy=Policy(**policy))
    return [f.code for f in validate(record, as_of=AS_OF, config=config).findings]


def test_missouri_ncmec_three_hours_after_notice() -> None:
    record = merge_patch(
        load_base(),
        {"custodial_agency": {"state": "MO"},
         "episode": {"agency_notified_at": "2024-03-05T22:15:00-05:00"},
         "law_enforcement_report": {"reported_at": "2024-03-05T22:30:00-05:00"},
         "ncmec_report": {"reported_at": "2024-03-06T01:15:00-05:00"}},
    )  # fmt: skip
    result = validate(record, as_of=AS_OF)
    assert [f.code for f in result.findings] == ["MR221"]
    message = result.findings[0].message
    assert "Missouri" in message
    assert "2 hours" in message
    assert "4.8.3" in message
    assert "Maya" not in message
    assert "2009" not in message


def test_massachusetts_youth_of_21_in_extended_care() -> None:
    record = merge_patch(
        load_base(),
        {"custodial_agency": {"state": "MA"}, "child": {"date_of_birth": "2002-06-14"},
         "episode": {"in_extended_foster_care": True}},
    )  # fmt: skip
    assert "MR101" not in _codes(record)
    assert "MR101" in _codes(record, state_policy="federal")
    assert "MR101" in _codes(record, extended_care_max_age=21)
    not_marked = merge_patch(record, {"episode": {"in_extended_foster_care": False}})
    findings = validate(not_marked, as_of=AS_OF).findings
    assert [f.code for f in findings] == ["MR102"]
    assert "Massachusetts" in findings[0].message
    assert "22" in findings[0].message


def test_oklahoma_has_no_extended_care() -> None:
    record = merge_patch(
        load_base(),
        {"custodial_agency": {"state": "OK"}, "child": {"date_of_birth": "2005-06-14"},
         "episode": {"in_extended_foster_care": True}},
    )  # fmt: skip
    findings = validate(record, as_of=AS_OF).findings
    assert [f.code for f in findings] == ["MR101"]
    assert "Oklahoma" in findings[0].message
    assert "OAC 340:75-6-110" in findings[0].message


#: Reports of a state with nothing on file, and the codes ruleset 1 gave them (measured
#: with the code before state policy existed: the same codes, paths and messages).
_VARIANTS: list[tuple[dict[str, Any], list[str]]] = [
    ({}, []),
    ({"ncmec_report": {"reported_at": "2024-03-06T23:00:00-05:00"}}, ["MR202"]),
    ({"ncmec_report": {"reported_at": "2024-03-06"}}, ["MR203"]),
    ({"ncmec_report": None}, ["MR201"]),
    ({"law_enforcement_report": None, "recovery": None}, ["MR204"]),
    ({"law_enforcement_report": {"reported_at": "2024-03-06T03:00:00-05:00"}}, ["MR208"]),
    (
        {"child": {"date_of_birth": "2002-06-14"}, "episode": {"in_extended_foster_care": True}},
        ["MR101"],
    ),
    ({"child": {"date_of_birth": "2005-06-14"}}, ["MR102"]),
    ({"episode": {"agency_notified_at": "2024-03-05T22:15:00"}}, ["MR210"]),
]


@pytest.mark.parametrize(("patch", "codes"), _VARIANTS)
def test_a_state_with_nothing_on_file_behaves_as_before(
    patch: dict[str, Any], codes: list[str]
) -> None:
    """PA under ``auto``: the findings of ruleset 1, the same as under ``federal``."""
    record = merge_patch(merge_patch(load_base(), {"custodial_agency": {"state": "PA"}}), patch)
    auto = validate(record, as_of=AS_OF).findings
    federal = validate(
        record, as_of=AS_OF, config=Config(policy=Policy(state_policy="federal"))
    ).findings
    assert [f.code for f in auto] == codes
    assert auto == federal
    assert not any("Pennsylvania" in f.message for f in auto)


def test_configuration_state_policy(tmp_path: Path) -> None:
    from missingreport import load_config

    path = tmp_path / "missingreport.toml"
    path.write_text('state-policy = "mo"\n', encoding="utf-8")
    assert load_config(path).state_policy == "MO"
    path.write_text('[policy]\nstate-policy = "federal"\n', encoding="utf-8")
    assert load_config(path).state_policy == "federal"
    assert Config().state_policy == "auto"
    assert Config().merged(state_policy="KY").state_policy == "KY"
    path.write_text('state_policy = "XX"\n', encoding="utf-8")
    with pytest.raises(Exception, match="not auto, federal or a USPS state code"):
        load_config(path)


def test_check_json_names_the_state_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = merge_patch(
        load_base(),
        {"ncmec_report": {"reported_at": "2024-03-06T01:15:00-05:00"}},
    )
    path = tmp_path / "oh.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    args = ["check", str(path), "--format", "json", "--as-of", AS_OF]
    assert main(args) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tool"]["state_policy"] == "auto"
    assert doc["ruleset"] == "2"
    assert main([*args, "--state-policy", "MO"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["tool"]["state_policy"] == "MO"
    assert [f["code"] for f in doc["results"][0]["findings"]] == ["MR221"]
    assert main([*args, "--state-policy", "nowhere"]) == 2


def test_package_data_is_declared() -> None:
    """states.toml ships in the wheel: pyproject's package-data names it."""
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"states/*.toml"' in text
