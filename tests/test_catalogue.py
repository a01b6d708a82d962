"""The rule catalogue: complete documentation, permanent codes, generated docs without drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from missingreport import all_rules, get_rule
from missingreport.cli import main
from missingreport.docs import catalogue_markdown
from missingreport.rules import DOC_HEADINGS, Rule

DOCS = Path(__file__).parent.parent / "docs" / "rules.md"
SPEC_CODES = (
    [f"MR00{i}" for i in range(1, 8)]
    + [f"MR10{i}" for i in range(1, 6)]
    + [f"MR2{i:02d}" for i in range(1, 17)]
    + [f"MR30{i}" for i in range(1, 9)]
    + [f"MR40{i}" for i in range(1, 10)]
    + [f"MR50{i}" for i in range(1, 6)]
    + [f"MR60{i}" for i in range(1, 7)]
    + [f"MR70{i}" for i in range(1, 5)]
)


def test_every_spec_code_exists() -> None:
    have = {r.code for r in all_rules()}
    assert [c for c in SPEC_CODES if c not in have] == []


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_complete(rule: type[Rule]) -> None:
    assert re.fullmatch(r"MR\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary()
    assert rule.summary().endswith(".")
    assert rule.basis
    sections = rule.sections()
    assert list(sections) == list(DOC_HEADINGS), f"{rule.code} headings: {list(sections)}"
    assert all(text.strip() for text in sections.values()), f"{rule.code} has an empty section"


def test_codes_and_names_are_unique() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


def test_a_second_rule_with_a_taken_code_is_refused() -> None:
    with pytest.raises(TypeError, match="defined twice"):
        type("Again", (Rule,), {"code": "MR202", "name": "again", "__doc__": "x"})


def test_lookup_by_code_and_name() -> None:
    assert get_rule("MR202") is get_rule("ncmec-report-late") is get_rule("mr202")
    assert get_rule("MR999") is None


def test_docs_file_matches_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/rules.md drifted: run `missingreport rules --format markdown > docs/rules.md`"
    )


def test_rules_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["ruleset"] == "2"
    assert [r["code"] for r in document["rules"]] == sorted(r.code for r in all_rules())
    for entry in document["rules"]:
        assert set(entry) == {"code", "name", "severity", "summary", "basis", "available"}
        assert entry["severity"] in ("error", "warning", "info")


def test_rule_command_prints_the_doc(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "MR202"]) == 0
    out = capsys.readouterr().out
    for heading in DOC_HEADINGS:
        assert f"## {heading}" in out
    assert main(["rule", "MR999"]) == 2


def test_basis_has_one_source() -> None:
    """The attribute SARIF and ``rules --format json`` give is the docs' ## Basis section."""
    for rule in all_rules():
        assert rule.basis == " ".join(rule.sections()["Basis"].split()), rule.code
    with pytest.raises(TypeError, match="basis is the docstring"):
        type(
            "Twice",
            (Rule,),
            {"code": "MR998", "name": "twice", "basis": "x", "__doc__": "x.\n\n## Basis\ny"},
        )


def test_groups_and_aliases() -> None:
    from missingreport.rules import resolve

    for rule in all_rules():
        assert rule.groups[0] == "all", rule.code
        assert len(rule.groups) >= 2, rule.code
    assert resolve(["state-policy"]) == {"MR101", "MR102", "MR220", "MR221"}
    assert {"MR201", "MR202", "MR205", "MR220", "MR221", "MR702"} <= resolve(["timeliness"])
    assert {"MR602", "MR603", "MR604", "MR605", "MR606"} <= resolve(["identity"])
    assert resolve(["dates"]) == {r.code for r in all_rules() if r.code.startswith("MR2")}
    assert resolve(["malformed-nic", "SHARED-NIC"]) == {"MR303", "MR605"}
    assert resolve(["ALL"]) == {r.code for r in all_rules()}


def test_selection_resolves_codes_names_groups_prefixes_aliases_in_that_order() -> None:
    """Where two kinds of reference are spelt alike, the earlier kind wins (sqlfluff)."""
    from types import SimpleNamespace

    from missingreport.rules import reference_map, resolve

    def rule(code: str, name: str, groups: tuple[str, ...] = (), aliases: tuple[str, ...] = ()):
        return SimpleNamespace(code=code, name=name, groups=("all", *groups), aliases=aliases)

    rules = [
        rule("MR901", "alpha", groups=("beta",), aliases=("mr902", "gamma")),
        rule("MR902", "beta", groups=("delta",), aliases=("MR91",)),
        rule("MR913", "delta", aliases=("epsilon", "beta")),
    ]
    ref = reference_map(rules)  # type: ignore[arg-type]
    assert ref["mr902"] == {"MR902"}  # a code beats the alias of another rule
    assert ref["beta"] == {"MR902"}  # a name beats a group and an alias
    assert ref["delta"] == {"MR913"}  # a name beats a group
    assert ref["mr91"] == {"MR913"}  # a prefix beats an alias
    assert ref["gamma"] == {"MR901"}
    assert ref["epsilon"] == {"MR913"}
    assert ref["mr9"] == {"MR901", "MR902", "MR913"}
    assert ref["all"] == ref["mr9"]
    assert resolve(["Beta", "epsilon"], rules) == {"MR902", "MR913"}  # type: ignore[arg-type]
