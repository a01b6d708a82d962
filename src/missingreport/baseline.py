"""Baselines: known findings accepted with a written justification.

A CI job that adopts missingreport on an existing body of reports can accept the
findings it already has, each with a reason, and fail only on new ones. A baseline is
a JSON file::

    {"version": 1,
     "entries": [
       {"report_id": "OH-2024-0002", "code": "MR202", "path": "ncmec_report.reported_at",
        "justification": "Reported late in 2024; the delay is documented in case notes."}]}

An entry accepts every finding of its code on the report of that id, at ``path`` when
the entry gives one (anywhere in the report when it does not). ``missingreport
baseline`` writes one from the current findings with a placeholder justification.
The baseline is strict: an entry whose justification is blank or still the
placeholder makes the file invalid (exit 2), so that nothing is accepted without a
reason. Findings of records without a readable report id cannot be baselined.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError
from .findings import Finding, RecordResult

__all__ = [
    "BASELINE_VERSION",
    "PLACEHOLDER",
    "Baseline",
    "BaselineEntry",
    "baseline_document",
    "load_baseline",
]

BASELINE_VERSION = 1
#: The justification ``missingreport baseline`` writes; it must be replaced.
PLACEHOLDER = "TODO: write why this finding is accepted"


class BaselineEntry(BaseModel):
    """One accepted finding: a report, a rule code, optionally a field path."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    report_id: str = Field(min_length=1, max_length=64)
    code: str = Field(pattern=r"^MR\d{3}$")
    path: str | None = None
    justification: str


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = BASELINE_VERSION
    entries: list[BaselineEntry] = Field(default_factory=list)


def _justified(entry: BaselineEntry) -> bool:
    text = entry.justification.strip()
    return bool(text) and text != PLACEHOLDER


class Baseline:
    """The accepted findings of a run, looked up by report id and code."""

    def __init__(self, entries: Sequence[BaselineEntry]) -> None:
        self.entries = list(entries)
        self._index: dict[tuple[str, str], list[int]] = {}
        for i, entry in enumerate(self.entries):
            self._index.setdefault((entry.report_id, entry.code), []).append(i)
        self._marked: dict[int, list[tuple[Finding, str | None]]] = {}
        #: Findings accepted so far.
        self.accepted = 0

    def accepts(self, finding: Finding) -> bool:
        """Whether an entry accepts this finding."""
        return self.justification(finding) is not None

    def justification(self, finding: Finding) -> str | None:
        """The justification of the entry that accepts this finding, if one does."""
        if finding.report_id is None:
            return None
        for i in self._index.get((finding.report_id, finding.code), ()):
            entry = self.entries[i]
            if entry.path is None or entry.path == finding.path:
                return entry.justification
        return None

    def filter(
        self, results: Iterable[RecordResult], *, keep_accepted: bool = False
    ) -> Iterator[RecordResult]:
        """The results without the accepted findings (counted in :attr:`accepted`).

        With ``keep_accepted``, :meth:`marked` then gives a result's findings in their
        order with the justification of each accepted one (for SARIF suppressions);
        it must be asked while that result is being written.
        """
        for result in results:
            marks = [self.justification(f) for f in result.findings]
            accepted = sum(1 for mark in marks if mark is not None)
            if accepted:
                self.accepted += accepted
                kept = [f for f, mark in zip(result.findings, marks, strict=True) if mark is None]
                original = result.findings
                result = replace(result, findings=kept)
                if keep_accepted:
                    self._marked[id(result)] = list(zip(original, marks, strict=True))
            yield result

    def marked(self, result: RecordResult) -> list[tuple[Finding, str | None]]:
        """Every finding of a result that :meth:`filter` gave, each with the justification
        that accepted it (``None`` for a finding no entry accepts)."""
        marks = self._marked.pop(id(result), None)
        if marks is None:
            return [(f, None) for f in result.findings]
        return marks


def load_baseline(path: str | Path, *, require_justification: bool = True) -> Baseline:
    """Read a baseline file.

    Args:
        path: the JSON file (an object with ``entries``, or a list of entries).
        require_justification: reject entries without a real justification.

    Raises:
        ConfigError: the file is missing or invalid, or an entry is not justified.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"baseline file not found: {path}")
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"baseline {path} is not readable JSON: {exc}") from None
    if isinstance(data, list):
        data = {"entries": data}
    try:
        document = _File.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_url=False):
            where = ".".join(str(p) for p in error["loc"]) or "(top level)"
            lines.append(f"  {where}: {error['msg']}")
        raise ConfigError(f"invalid baseline {path}:\n" + "\n".join(lines)) from None
    if document.version != BASELINE_VERSION:
        raise ConfigError(f"baseline {path} has version {document.version}; this release reads 1")
    from .rules import get_rule

    unknown = sorted({e.code for e in document.entries if get_rule(e.code) is None})
    if unknown:
        raise ConfigError(f"baseline {path} names codes that are no rules: {', '.join(unknown)}")
    if require_justification:
        missing = [
            f"  entry {i}: {e.report_id} {e.code}"
            for i, e in enumerate(document.entries, start=1)
            if not _justified(e)
        ]
        if missing:
            raise ConfigError(
                f"baseline {path}: {len(missing)} entries have no justification; write why "
                "each finding is accepted (or remove the entry):\n" + "\n".join(missing[:20])
            )
    return Baseline(document.entries)


def baseline_document(
    findings: Iterable[Finding], previous: Baseline | None = None
) -> dict[str, Any]:
    """A baseline accepting ``findings``, as a JSON-ready document.

    Each (report id, code, path) becomes one entry. The justification of a matching
    entry of ``previous`` is kept; new entries get :data:`PLACEHOLDER`.
    """
    known: dict[tuple[str, str, str | None], str] = {}
    if previous is not None:
        for entry in previous.entries:
            known[(entry.report_id, entry.code, entry.path)] = entry.justification
    keys = sorted(
        {(f.report_id, f.code, f.path) for f in findings if f.report_id is not None},
        key=lambda k: (k[0], k[1], k[2]),
    )
    entries = []
    for report_id, code, path in keys:
        justification = known.get((report_id, code, path)) or known.get(
            (report_id, code, None), PLACEHOLDER
        )
        entries.append(
            {
                "report_id": report_id,
                "code": code,
                "path": path,
                "justification": justification,
            }
        )
    return {"version": BASELINE_VERSION, "entries": entries}
