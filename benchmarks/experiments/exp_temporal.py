"""Experiment: ``temporal.parse_iso`` without its unreachable offset check.

Usage: python benchmarks/experiments/exp_temporal.py

``parse_iso`` checks ``abs(value.utcoffset() or timedelta()) >= timedelta(hours=24)``
after ``datetime.fromisoformat``, a branch marked ``pragma: no cover`` because
``fromisoformat`` already refuses such offsets (and the pattern allows two-digit hours
only). Building three ``timedelta`` objects costs about 2 us a datetime, and a report
holds about 8 datetimes, validated once in the floor and once in ``check``. The
candidate is ``parse_iso`` without that check; it is compared on every date and time
string of the corpus, and on odd ones, before the timing.
"""

from __future__ import annotations

import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import ensure_corpus

from missingreport.temporal import _DATE_RE, _DATETIME_RE, Kind, parse_iso

_TEMPORAL = re.compile(rb'"(\d{4}-\d\d-\d\d(?:[Tt ][^"]*)?)"')
ODD = (
    "2024-03-05T21:40:00+24:00", "2024-03-05T21:40:00-23:59", "2024-02-30", "2024-03-05t21:40Z",
    "2024-03-05 21:40:00.123456+05:30", "2024-03-05T24:00:00", "2024-03-05T21:40:00+0500",
)  # fmt: skip


def parse_iso_candidate(text: str, kind: Kind = "either") -> date | datetime | None:
    """``parse_iso`` less the offset check that ``fromisoformat`` makes already."""
    try:
        if len(text) == 10 and kind != "datetime":
            return date.fromisoformat(text) if _DATE_RE.match(text) else None
        if kind != "date" and _DATETIME_RE.match(text):
            if text[-1] in "Zz":
                text = text[:-1] + "+00:00"
            return datetime.fromisoformat(text.replace("t", "T"))
    except ValueError:
        return None
    return None


def main() -> int:
    corpus = ensure_corpus(74_353)
    values: list[str] = []
    with corpus.open("rb") as handle:
        for _, line in zip(range(20_000), handle, strict=False):
            values += [m.decode() for m in _TEMPORAL.findall(line)]
    values += list(ODD)
    wrong = [v for v in values for k in ("date", "datetime", "either")
             if parse_iso(v, k) != parse_iso_candidate(v, k)]  # fmt: skip
    print(f"{len(values):,} values; different answers: {len(wrong)} {wrong[:3]}")
    aware = [v for v in values if len(v) == 25]
    for label, fn in (("parse_iso", parse_iso), ("candidate", parse_iso_candidate)):
        best = min(_time(fn, aware) for _ in range(5))
        print(f"{label:<10} {best / len(aware) * 1e6:5.2f} us per datetime with an offset")
    return 1 if wrong else 0


def _time(fn, values):  # type: ignore[no-untyped-def]
    started = time.process_time()
    for v in values:
        fn(v)
    return time.process_time() - started


if __name__ == "__main__":
    sys.exit(main())
