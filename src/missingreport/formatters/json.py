"""``--format json`` (one document, the fixed keys of interfaces.md) and ``jsonl``.

The JSON document lists only the records that have findings. Its results are written
to a spooled buffer while they stream, so that the summary can come first, as in
interfaces.md, without holding the results in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..findings import RecordResult
from ._base import SLOT, Formatter, ListWriter, Tally, register, spool

__all__ = ["JsonFormatter", "JsonLinesFormatter"]

#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
#: A string as that encoder writes it (the C function it uses itself).
_QUOTE = json.encoder.encode_basestring


def _json(value: Any) -> str:
    """``_ENCODER.encode(value)``; a string (most values) without the encoder's dispatch."""
    return _QUOTE(value) if type(value) is str else _ENCODER.encode(value)


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
        """Each finding as ``json.dumps(finding.to_dict(), ensure_ascii=False)``, written
        out key by key: the location keys once for the findings of one record."""
        write = self.out.write
        place: tuple[Any, ...] = ()
        head = ""
        for result in results:
            for f in result.findings:
                where = (f.source, f.record, f.line, f.report_id)
                if where != place:
                    place = where
                    head = (
                        f'{{"source": {_json(f.source)}, "record": {_json(f.record)}, '
                        f'"line": {_json(f.line)}, "report_id": {_json(f.report_id)}, '
                    )
                value = "" if f.value is None else f', "value": {_json(f.value)}'
                write(
                    f'{head}"code": {_json(f.code)}, "name": {_json(f.name)}, '
                    f'"severity": {_json(f.severity.value)}, "path": {_json(f.path)}, '
                    f'"message": {_json(f.message)}{value}}}\n'
                )
