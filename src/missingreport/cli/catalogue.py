"""``missingreport rules``, ``rule CODE`` and ``schema``: the catalogue and the schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .._version import RULESET
from ..docs import catalogue_markdown, rule_markdown
from ..errors import MissingReportError
from ..rules import Rule, all_rules, get_rule
from ..schema import report_json_schema
from ._common import EXIT_OK

__all__ = [
    "SCHEMA_FILE",
    "add_parser",
    "rule_entry",
    "rules_document",
    "run_rule",
    "run_rules",
    "run_schema",
]

#: The file ``schema --output DIR`` writes.
SCHEMA_FILE = "missing-child-report.schema.json"


def add_parser(subparsers: Any) -> None:
    """Register ``rules``, ``rule`` and ``schema``."""
    rules = subparsers.add_parser(
        "rules",
        help="list the rule catalogue",
        description="List every rule: code, name, default severity, scope and summary "
        "(unavailable rules, whose optional extra is not installed, are marked). "
        "--format markdown writes the reference of docs/rules.md; json, one object per rule.",
    )
    rules.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    rules.set_defaults(handler=run_rules)

    rule = subparsers.add_parser("rule", help="show one rule's documentation")
    rule.add_argument("code", help="a code (MR202) or a name (ncmec-report-late)")
    rule.set_defaults(handler=run_rule)

    schema = subparsers.add_parser(
        "schema",
        help="write the JSON Schema of a report",
        description="Write the JSON Schema (draft 2020-12) of a missing-child report, as "
        "the library validates it, for other systems to check reports with: to standard "
        "output, or into the folder --output DIR (as schemas/ holds it).",
    )
    schema.add_argument("--output", metavar="DIR", help="folder to write into (default: stdout)")
    schema.set_defaults(handler=run_schema)


def rule_entry(r: type[Rule]) -> dict[str, Any]:
    """One rule as ``rules --format json`` lists it."""
    return {
        "code": r.code,
        "name": r.name,
        "severity": r.default_severity.value,
        "summary": r.summary(),
        "basis": r.basis,
        "available": r.available(),
    }


def rules_document() -> dict[str, Any]:
    """The catalogue as ``rules --format json`` prints it (and ``GET /v1/rules`` answers)."""
    return {"ruleset": RULESET, "rules": [rule_entry(r) for r in all_rules()]}


def run_rules(args: argparse.Namespace) -> int:
    """Print the catalogue as text, JSON (the fixed shape of interfaces.md) or Markdown."""
    catalogue = all_rules()
    if args.format == "json":
        document = rules_document()
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(catalogue_markdown())
    else:
        for r in catalogue:
            flag = "" if r.available() else f"  [unavailable: {r.unavailable_reason()}]"
            print(f"{r.code}  {r.default_severity.value:<7}  {r.name:<32}  {r.summary()}{flag}")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    """Print one rule's page."""
    rule = get_rule(args.code)
    if rule is None:
        raise MissingReportError(f"no rule {args.code!r}: see `missingreport rules`")
    sys.stdout.write(rule_markdown(rule, installed=True))
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema, or write it into a folder."""
    text = json.dumps(report_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SCHEMA_FILE).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise MissingReportError(f"cannot write into {folder}: {exc.strerror}") from None
    return EXIT_OK
