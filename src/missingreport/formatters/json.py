"""``--format json`` (one document, the fixed keys of interfaces.md) and ``jsonl``.

The JSON document lists only the records that have findings. Its results are written
to a spooled buffer while they stream, so that the summary can come first, as in
interfaces.md, without holding the results in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..findings import RecordResult
from ._base import SLOT, Formatter, ListWriter, Tally, register, spool

__all__ = ["JsonFormatter", "JsonLinesFormatter"]

#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


@register
class JsonFormatter(Formatter):
    """One JSON document: tool, ruleset, as_of, summary, and the records with findings.

    With a baseline, ``summary`` has one more key, ``baselined``: the findings it accepted.
    """

    name = "json"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        with spool() as body:
            items = ListWriter(body, indent=4)
            for result in results:
                if result.findings:
                    items.item(result.to_dict())
            document = {
                "tool": {
                    "name": self.info.tool,
                    "version": self.info.version,
                    "state_policy": self.info.state_policy,
                },
                "ruleset": self.info.ruleset,
                "as_of": self.info.as_of.isoformat(),
                "summary": tally.to_dict(with_baselined=self.info.baseline),
                "results": SLOT,
            }
            items.finish(self.out, document)


@register
class JsonLinesFormatter(Formatter):
    """One finding per line, location keys flattened into it; streams."""

    name = "jsonl"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        write = self.out.write
        encode = _ENCODER.encode
        for result in results:
            for finding in result.findings:
                write(encode(finding.to_dict()) + "\n")
