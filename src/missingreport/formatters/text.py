"""``--format text``: for people. Grouped by record, a summary line, colour on a terminal."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import RecordResult, Severity
from ._base import Formatter, Tally, register

__all__ = ["TextFormatter"]

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
_BOLD = "\033[1m"


def where(result: RecordResult) -> str:
    """``file:line`` for JSONL and CSV (the row), ``file #record`` for plain JSON."""
    text = result.source or "<input>"
    if result.line is not None:
        return f"{text}:{result.line}"
    if result.record is not None:
        return f"{text} #{result.record}"
    return text


@register
class TextFormatter(Formatter):
    """Readable findings, one record at a time, then the summary line.

    Records without findings are not listed. Batch findings (MR6xx) come after the
    records, under the record they belong to.
    """

    name = "text"

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        out = self.out
        for result in results:
            if not result.findings:
                continue
            title = where(result)
            if result.report_id:
                title += f" ({result.report_id})"
            if result.batch:
                title += " across reports"
            out.write(self._paint(title, _BOLD) + "\n")
            for f in result.findings:
                sev = self._paint(f"{f.severity.value:<7}", _COLOURS[f.severity])
                path = f" {f.path}" if f.path else ""
                out.write(f"  {f.code} {sev} {f.name}{path}\n      {f.message}\n")
                if f.value is not None:
                    out.write(f"      value: {f.value}\n")
        out.write(tally.sentence(with_baselined=self.info.baseline) + "\n")
