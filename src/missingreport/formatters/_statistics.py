"""``check --statistics``: counts of findings by rule, most frequent first (as ruff's).

::

    12  MR202  ncmec-report-late   error
     3  MR305  phone-invalid       warning
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TextIO

from ..findings import RecordResult

__all__ = ["Statistics"]


class Statistics:
    """Counts findings by (code, name, severity) while results stream through it."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()

    def count(self, results: Iterable[RecordResult]) -> Iterator[RecordResult]:
        """Pass results through, counting their findings."""
        counts = self.counts
        for result in results:
            for f in result.findings:
                counts[(f.code, f.name, f.severity.value)] += 1
            yield result

    def rows(self) -> list[tuple[int, str, str, str]]:
        """(count, code, name, severity), most frequent first, then by code."""
        return sorted(
            ((n, code, name, severity) for (code, name, severity), n in self.counts.items()),
            key=lambda row: (-row[0], row[1]),
        )

    def write(self, out: TextIO) -> None:
        """The table, one rule a line, columns aligned; nothing when nothing was found."""
        rows = self.rows()
        if not rows:
            return
        width = [max(len(str(row[i])) for row in rows) for i in range(3)]
        for n, code, name, severity in rows:
            out.write(f"{n:>{width[0]}}  {code:<{width[1]}}  {name:<{width[2]}}  {severity}\n")
