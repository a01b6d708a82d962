"""Findings: what a check says about a report.

A :class:`Finding` is plain, frozen data with stable keys. Rules and the structural
checks produce findings; formatters only ever see findings and results.
Messages never contain a child's personal data; the offending value travels in
:attr:`Finding.value` only when the caller asked for values (``show_values``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .schema import MissingChildReport

__all__ = ["Finding", "RecordResult", "Severity", "ValidationResult"]


class Severity(str, enum.Enum):
    """How serious a finding is. Ordered: ``ERROR > WARNING > INFO``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for information."""
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One problem found in one report (or across reports, for batch rules).

    Attributes:
        code: the permanent rule code, ``MR202``.
        name: the rule's kebab-case name, ``ncmec-report-late``.
        severity: error, warning or info (after configuration overrides).
        path: the dotted field path, list items by index (``child.nicknames.0``);
            empty for the record as a whole.
        message: what is wrong and what to do, without personal data.
        source: the file the record came from (``None`` for in-memory records).
        record: 1-based number of the record within its source.
        line: the JSONL line or CSV row of the record (``None`` for plain JSON).
        report_id: the report's ``report_id`` when it could be read.
        value: the offending value, only when values were asked for.
    """

    code: str
    name: str
    severity: Severity
    path: str
    message: str
    source: str | None = None
    record: int | None = None
    line: int | None = None
    report_id: str | None = None
    value: str | None = field(default=None, compare=False)

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        path: str,
        message: str,
        source: str | None = None,
        record: int | None = None,
        line: int | None = None,
        report_id: str | None = None,
        value: str | None = None,
    ) -> None:
        # The dataclass's own __init__, through the slots' setters (see _setter).
        _set_code(self, code)
        _set_name(self, name)
        _set_severity(self, severity)
        _set_path(self, path)
        _set_message(self, message)
        _set_source(self, source)
        _set_record(self, record)
        _set_line(self, line)
        _set_report_id(self, report_id)
        _set_value(self, value)

    def located(
        self,
        *,
        source: str | None,
        record: int | None,
        line: int | None,
        report_id: str | None,
    ) -> Finding:
        """A copy of the finding carrying the record's location."""
        return self.__class__(
            self.code, self.name, self.severity, self.path, self.message,
            source, record, line, report_id, self.value,
        )  # fmt: skip

    def to_dict(self, *, with_location: bool = True) -> dict[str, Any]:
        """The finding as the fixed JSON keys of interfaces.md."""
        out: dict[str, Any]
        if with_location:
            out = {
                "source": self.source,
                "record": self.record,
                "line": self.line,
                "report_id": self.report_id,
                "code": self.code,
            }
        else:
            out = {"code": self.code}
        out["name"] = self.name
        out["severity"] = self.severity.value
        out["path"] = self.path
        out["message"] = self.message
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The outcome of validating one report.

    Attributes:
        findings: every finding, in rule-code order then path order.
        report: the parsed report, or ``None`` where the record could not be
            parsed into a valid :class:`~missingreport.MissingChildReport`.
    """

    findings: Sequence[Finding]
    report: MissingChildReport | None = None

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity warning."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error-level finding."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def codes(self) -> list[str]:
        """The codes of the findings, in order (handy in tests)."""
        return [f.code for f in self.findings]


@dataclass(frozen=True, slots=True, init=False)
class RecordResult:
    """The findings of one record of a run, with where the record came from.

    Batch rules (MR6xx) add further results for the records they involve.
    """

    source: str | None
    record: int | None
    line: int | None
    report_id: str | None
    findings: Sequence[Finding]
    #: True for the extra results of the batch rules (the record was seen before).
    batch: bool = False

    def __init__(
        self,
        source: str | None,
        record: int | None,
        line: int | None,
        report_id: str | None,
        findings: Sequence[Finding],
        batch: bool = False,
    ) -> None:
        # The dataclass's own __init__, through the slots' setters (see _setter).
        _set_result_source(self, source)
        _set_result_record(self, record)
        _set_result_line(self, line)
        _set_result_report_id(self, report_id)
        _set_result_findings(self, findings)
        _set_result_batch(self, batch)

    def to_dict(self) -> dict[str, Any]:
        """The result as the fixed JSON keys of interfaces.md."""
        return {
            "source": self.source,
            "record": self.record,
            "line": self.line,
            "report_id": self.report_id,
            "findings": [f.to_dict(with_location=False) for f in self.findings],
        }


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The setter of a slot of a frozen dataclass, which passes by its ``__setattr__``.

    A finding is made for every problem and a result for every record: setting their
    slots this way costs about half of the frozen dataclass's ``object.__setattr__``.
    """
    setter: Callable[[Any, Any], None] = vars(cls)[name].__set__
    return setter


_set_code = _setter(Finding, "code")
_set_name = _setter(Finding, "name")
_set_severity = _setter(Finding, "severity")
_set_path = _setter(Finding, "path")
_set_message = _setter(Finding, "message")
_set_source = _setter(Finding, "source")
_set_record = _setter(Finding, "record")
_set_line = _setter(Finding, "line")
_set_report_id = _setter(Finding, "report_id")
_set_value = _setter(Finding, "value")
_set_result_source = _setter(RecordResult, "source")
_set_result_record = _setter(RecordResult, "record")
_set_result_line = _setter(RecordResult, "line")
_set_result_report_id = _setter(RecordResult, "report_id")
_set_result_findings = _setter(RecordResult, "findings")
_set_result_batch = _setter(RecordResult, "batch")
