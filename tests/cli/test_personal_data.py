"""No output format shows a child's personal data unless --show-values asks for it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from missingreport.readers import read_paths
from tests.cli.conftest import AS_OF, DATA, Runner

EXAMPLES = Path(__file__).parents[2] / "examples"
#: Every kind of input, all rules on: the examples and the acceptance data.
INPUTS = (
    str(EXAMPLES / "reports"),
    str(EXAMPLES / "csv"),
    "reports.json",
    "reports.jsonl",
    "agency.csv",
    "clean.json",
)
FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github")
#: Personal data of records that cannot be read (so not found by reading them).
UNREADABLE = ("Darnell", "Hughes", "Noah", "Lindqvist", "Omar", "Haddad", "Tess")
_PEOPLE = ("child", "caseworker", "supervisor")
_PERSONAL_KEYS = {"first_name", "last_name", "middle_name", "nicknames", "date_of_birth",
                  "street", "phone", "email", "social_media", "name"}  # fmt: skip


def _personal(node: Any, owner: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _PERSONAL_KEYS and (owner in _PEOPLE or key == "street"):
                yield from _strings(value)
            else:
                yield from _personal(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _personal(item, owner)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 7 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            yield digits  # a phone number in any notation
            yield digits[-7:]


def _personal_data() -> set[str]:
    found: set[str] = set(UNREADABLE)
    for raw in read_paths([str(DATA / p) for p in INPUTS]):
        for text in _personal(raw.data):
            if len(text) >= 4:  # shorter values ("May") are ordinary words
                found.add(text)
    for raw in read_paths([str(EXAMPLES / "csv")]):
        if raw.data is not None:
            found.add("04/06/2009")  # the date of birth as the export writes it
    return found


@pytest.fixture(scope="module")
def personal() -> set[str]:
    values = _personal_data()
    assert {"Alvarez", "José", "Ramírez", "Okafor", "150 E Gay St", "2009-06-14"} <= values
    assert "4662105" in values  # the base report's phone, digits only
    return values


def _leaks(text: str, personal: set[str]) -> list[str]:
    digits = re.sub(r"[\s().+-]", "", text)
    return sorted(v for v in personal if v in text or (v.isdigit() and v in digits))


def _without_catalogue(run_cli: Runner, sarif: str) -> str:
    """A SARIF log without ``tool.driver.rules``, having checked that it is input-free.

    The rules' documentation is fixed text whose examples may look like test data (the
    base report was written from them); it is the same whatever the input.
    """
    log = json.loads(sarif)
    rules = log["runs"][0]["tool"]["driver"].pop("rules")
    other = json.loads(run_cli("check", "clean.json", "--as-of", AS_OF, "--format", "sarif").out)
    assert rules == other["runs"][0]["tool"]["driver"]["rules"]
    return json.dumps(log, ensure_ascii=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_personal_data_by_default(run_cli: Runner, personal: set[str], fmt: str) -> None:
    """Every format, every rule, every kind of input: no name, birth date, street, phone."""
    outcome = run_cli("check", *INPUTS, "--as-of", AS_OF, "--format", fmt)
    assert outcome.code == 1
    assert len(outcome.out) > 1000
    out = _without_catalogue(run_cli, outcome.out) if fmt == "sarif" else outcome.out
    assert _leaks(out, personal) == []
    assert _leaks(outcome.err, personal) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_values_only_with_show_values(run_cli: Runner, personal: set[str], fmt: str) -> None:
    """--show-values puts the offending values in every format (and only then)."""
    bad_phone = "555-1234"  # examples/reports/bad-identifiers.json: child.phone
    csv_value = "Shelter"  # examples/csv: a placement type that is no code (MR005)
    args = ("check", str(EXAMPLES), "--as-of", AS_OF, "--format", fmt)
    shown = run_cli(*args, "--show-values").out
    assert bad_phone in shown
    assert csv_value in shown
    assert _leaks(shown, personal)  # the scan finds values when they are there
    hidden = run_cli(*args).out
    assert bad_phone not in hidden
    assert csv_value not in hidden


def test_data_folder_is_covered() -> None:
    """The scan reads every acceptance input (a new data file must be added to INPUTS)."""
    reports = {p.name for p in DATA.iterdir() if p.suffix in (".json", ".jsonl", ".csv")}
    assert reports <= set(INPUTS)
