"""``--format json`` (one document, the fixed keys of interfaces.md) and ``jsonl``."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..findings import RecordResult
from ._base import Formatter, Tally, register

__all__ = ["JsonFormatter", "JsonLinesFormatter"]


@register
class JsonFormatter(Formatter):
    """One JSON document: tool, ruleset, as_of, summary, and the records with findings."""

    name = "json"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        kept = [r.to_dict() for r in results if r.findings]
        document = {
            "tool": {"name": self.info.tool, "version": self.info.version},
            "ruleset": self.info.ruleset,
            "as_of": self.info.as_of.isoformat(),
            "summary": tally.to_dict(),
            "results": kept,
        }
        json.dump(document, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")


@register
class JsonLinesFormatter(Formatter):
    """One finding per line, location keys flattened into it; streams."""

    name = "jsonl"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        write = self.out.write
        for result in results:
            for finding in result.findings:
                write(json.dumps(finding.to_dict(), ensure_ascii=False))
                write("\n")
