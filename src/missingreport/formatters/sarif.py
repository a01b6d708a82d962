"""``--format sarif``: SARIF 2.1.0, for code scanning (GitHub, GitLab, IDEs).

One run. ``tool.driver.rules`` lists the rules the run selected, from the catalogue:
``id`` is the code, with the name, the summary as short description, "What it checks"
as full description, and the whole rule page as help. Each result has ``ruleId``,
``level`` (error, warning, note), the message, a location with the file and line (the
JSONL line, the CSV row, or the line a plain JSON record starts on) and a logical
location ``report_id/path``. ``partialFingerprints`` (report id, code, path) let code
scanning follow a finding from one run to the next. With a baseline, a finding it
accepts is written with ``suppressions: [{"kind": "external", "justification": ...}]``
(the baseline's reason) rather than left out, so that code scanning shows it as
dismissed. Results stream.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..docs import rule_markdown
from ..findings import Finding, RecordResult, Severity
from ..rules import Rule
from ._base import SLOT, Formatter, ListWriter, Tally, headline, register
from ._identity import fingerprint

__all__ = ["SARIF_SCHEMA", "SarifFormatter", "artifact_uri"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(source: str) -> str:
    """A file's URI reference: a relative path stays relative; an absolute one is file:."""
    if source == "-":
        return "stdin"
    path = PurePath(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(PurePosixPath(path.as_posix()).as_posix())


def _rule_entry(rule: Rule) -> dict[str, Any]:
    sections = rule.sections()
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": sections.get("What it checks") or rule.summary()},
        "help": {
            "text": sections.get("How to fix") or rule.summary(),
            "markdown": rule_markdown(type(rule)),
        },
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["missingreport", rule.scope], "basis": rule.basis},
    }
    return entry


@register
class SarifFormatter(Formatter):
    """A SARIF 2.1.0 log of one run."""

    name = "sarif"

    def _result(self, finding: Finding, index: dict[str, int], line: int) -> dict[str, Any]:
        report = f"[{finding.report_id}] " if finding.report_id else ""
        result: dict[str, Any] = {"ruleId": finding.code}
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        result |= {
            "level": _LEVELS[finding.severity],
            "message": {"text": f"{report}{headline(finding)}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(finding.source or "-")},
                        "region": {"startLine": line},
                    },
                    "logicalLocations": [
                        {
                            "fullyQualifiedName": "/".join(
                                p for p in (finding.report_id or "", finding.path) if p
                            )
                            or f"record {finding.record}",
                            "kind": "object",
                        }
                    ],
                }
            ],
            "partialFingerprints": {"missingreport/v1": fingerprint(finding)},
        }
        properties: dict[str, Any] = {"record": finding.record, "path": finding.path}
        if finding.value is not None:
            properties["value"] = finding.value
        result["properties"] = properties
        return result

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        rules = [_rule_entry(r) for r in self.info.rules]
        index = {entry["id"]: i for i, entry in enumerate(rules)}
        notifications = [
            {"level": "note", "message": {"text": notice}} for notice in self.info.notices
        ]
        invocation: dict[str, Any] = {"executionSuccessful": True}
        if notifications:
            invocation["toolExecutionNotifications"] = notifications
        driver = {
            "name": self.info.tool,
            "version": self.info.version,
            "rules": rules,
            "properties": {"ruleset": self.info.ruleset, "as_of": self.info.as_of.isoformat()},
        }
        document = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": driver},
                    "invocations": [invocation],
                    "results": SLOT,
                }
            ],
        }
        head, _ = ListWriter.split(document)
        self.out.write(head + "[")
        items = ListWriter(self.out, indent=8)
        marked = self.info.marked
        for result in results:
            line = self.info.file_line(result)
            if marked is None:
                for finding in result.findings:
                    items.item(self._result(finding, index, line))
                continue
            for finding, justification in marked(result):
                entry = self._result(finding, index, line)
                if justification is not None:
                    entry["suppressions"] = [{"kind": "external", "justification": justification}]
                items.item(entry)
        items.finish(self.out, document, copy=False)
