"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON list with one object per finding: ``description`` (code, report id and
message), ``check_name`` (the code), ``fingerprint`` (report id, code and path, as
SARIF's), ``severity`` (``major`` for errors, ``minor`` for warnings, ``info``) and
``location`` with the file's ``path`` and ``lines.begin`` (the JSONL line, the CSV
row, or the line a plain JSON record starts on). Findings stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..findings import Finding, RecordResult, Severity
from ._base import Formatter, Tally, headline, register
from ._identity import fingerprint

__all__ = ["GitlabFormatter"]

#: GitLab's severities: info, minor, major, critical, blocker.
_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _issue(finding: Finding, line: int) -> dict[str, Any]:
    report = f"[{finding.report_id}] " if finding.report_id else ""
    description = f"{finding.code} {finding.name}: {report}{headline(finding)}"
    if finding.value is not None:
        description += f" (value: {finding.value})"
    return {
        "description": description,
        "check_name": finding.code,
        "fingerprint": fingerprint(finding),
        "severity": _SEVERITIES[finding.severity],
        "location": {"path": finding.source or "-", "lines": {"begin": line}},
    }


@register
class GitlabFormatter(Formatter):
    """GitLab Code Quality JSON, one issue per finding."""

    name = "gitlab"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        out = self.out
        count = 0
        for result in results:
            line = self.info.file_line(result)
            for finding in result.findings:
                text = json.dumps(_issue(finding, line), ensure_ascii=False)
                out.write((",\n  " if count else "[\n  ") + text)
                count += 1
        out.write("\n]\n" if count else "[]\n")
