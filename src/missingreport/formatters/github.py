"""``--format github``: GitHub Actions workflow commands that annotate files.

One line per finding: ``::error file=reports.jsonl,line=2,title=MR202 ncmec-report-late::...``
(``warning`` for warnings, ``notice`` for information), then the summary line. The
line is the JSONL line, the CSV row, or the line a plain JSON record starts on.
Values are escaped as the workflow-command syntax requires, so a message can never
start a command of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import RecordResult, Severity
from ._base import Formatter, Tally, headline, register

__all__ = ["GithubFormatter", "escape_data", "escape_property"]

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (``%``, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@register
class GithubFormatter(Formatter):
    """Workflow annotations, one per finding."""

    name = "github"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        out = self.out
        for result in results:
            line = self.info.file_line(result)
            source = escape_property(result.source or "-")
            for f in result.findings:
                title = escape_property(f"{f.code} {f.name}")
                report = f"[{f.report_id}] " if f.report_id else ""
                message = f"{f.code} {report}{headline(f)}"
                if f.value is not None:
                    message += f" (value: {f.value})"
                out.write(
                    f"::{_COMMANDS[f.severity]} file={source},line={line},title={title}::"
                    f"{escape_data(message)}\n"
                )
        out.write(tally.sentence(with_baselined=self.info.baseline) + "\n")
