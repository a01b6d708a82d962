"""Writing a reconciliation: ``json`` (the fixed keys), ``text`` (for people), ``csv``.

The CSV has one row per episode, then one per unmatched submission, with fixed
columns (:data:`CSV_COLUMNS`), and opens safely in a spreadsheet: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (which a spreadsheet would
run as a formula) is written with a leading apostrophe. No output shows a child's
personal data unless values were asked for (``show_values``): ids, statuses,
scores, codes, field names and messages only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import TextIO

from ..findings import Finding
from .result import EpisodeOutcome, ReconcileResult, SubmissionOutcome

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "neutralise",
    "render",
    "write_csv",
    "write_json",
    "write_text",
]

#: The output formats, for ``--format``.
FORMATS = ("csv", "json", "text")
#: The columns of ``--format csv``.
CSV_COLUMNS = (
    "record_type", "episode_id", "submission_id", "status", "score", "note", "codes",
    "fields", "messages", "values", "source", "line",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STATUS_WORDS = {
    "on_time": "on time",
    "late": "late",
    "unconfirmed": "unconfirmed",
    "never_reported": "never reported",
    "needs_review": "needs review",
}


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (a leading apostrophe if needed)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _score(score: float | None) -> str:
    return "" if score is None else f"{score:.4f}"


def _line(line: int | None) -> str:
    return "" if line is None else str(line)


def _csv_cells(findings: Sequence[Finding]) -> list[str]:
    codes = " ".join(f.code for f in findings)
    fields = " ".join(f.path for f in findings if f.path)
    messages = " | ".join(f"{f.code}: {f.message}" for f in findings)
    values = " | ".join(f"{f.path}: {f.value}" for f in findings if f.value is not None)
    return [codes, fields, messages, values]


def _where(source: str | None, record: int | None, line: int | None) -> str:
    text = source or "<input>"
    if line is not None:
        return f"{text}:{line}"
    return f"{text} #{record}" if record is not None else text


def write_csv(result: ReconcileResult, out: TextIO) -> None:
    """One row per episode, then one per unmatched submission."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ep in result.episodes:
        row = [
            "episode", ep.episode_id or "",
            ep.submission_id or (ep.candidate[0] or "" if ep.candidate else ""), ep.status,
            _score(ep.score if ep.candidate is None else ep.candidate[1]),
            ep.note, *_csv_cells(ep.findings), ep.source or "", _line(ep.line),
        ]  # fmt: skip
        writer.writerow([neutralise(cell) for cell in row])
    for sub in result.unmatched_submissions:
        status = "report_without_episode" if any(f.code == "MR704" for f in sub.findings) else ""
        row = [
            "submission", "", sub.submission_id or "", status, "", "", *_csv_cells(sub.findings),
            sub.source or "", _line(sub.line),
        ]  # fmt: skip
        writer.writerow([neutralise(cell) for cell in row])


def _write_findings(out: TextIO, findings: Sequence[Finding]) -> None:
    for f in findings:
        path = f" {f.path}" if f.path else ""
        out.write(f"    {f.code} {f.severity.value:<7} {f.name}{path}\n        {f.message}\n")
        if f.value is not None:
            out.write(f"        value: {f.value}\n")


def _episode_title(ep: EpisodeOutcome) -> str:
    name = ep.episode_id or "(no episode_id)"
    title = f"  {_where(ep.source, ep.record, ep.line)}  episode {name}: {_STATUS_WORDS[ep.status]}"
    if ep.matched:
        title += f" (submission {ep.submission_id or '(no submission_id)'}, score {ep.score:.2f})"
    elif ep.candidate is not None:
        title += f" (candidate submission {ep.candidate[0] or '(no submission_id)'}, "
        title += f"score {ep.candidate[1]:.2f})"
    return title


def _submission_title(sub: SubmissionOutcome) -> str:
    name = sub.submission_id or "(no submission_id)"
    return f"  {_where(sub.source, sub.record, sub.line)}  submission {name}"


def write_text(result: ReconcileResult, out: TextIO) -> None:
    """The summary, then the episodes that need attention, then unmatched submissions."""
    s = result.summary
    out.write(
        f"Reconciliation of {s.episodes} episode(s) with {s.submissions} NCMEC submission(s), "
        f"as of {result.as_of.isoformat()}\n"
        f"  on time {s.on_time}, late {s.late}, unconfirmed {s.unconfirmed}, "
        f"never reported {s.never_reported}, needs review {s.needs_review}\n"
        f"  reports without an episode {s.report_without_episode}, "
        f"reports that differ from the record {s.differs_from_record}\n"
    )
    shown = [e for e in result.episodes if e.findings or e.status != "on_time"]
    if shown:
        out.write("\nEpisodes that need attention\n")
        for ep in shown:
            out.write(_episode_title(ep) + "\n")
            if ep.note:
                out.write(f"    ({ep.note})\n")
            _write_findings(out, ep.findings)
    if result.unmatched_submissions:
        out.write("\nSubmissions that match no episode\n")
        for sub in result.unmatched_submissions:
            out.write(_submission_title(sub) + "\n")
            _write_findings(out, sub.findings)
    if not shown and not result.unmatched_submissions:
        out.write("\nEvery episode was reported on time and matches its report.\n")


def _json_list(out: TextIO, key: str, items: Sequence[dict[str, object]], last: bool) -> None:
    out.write(f'  "{key}": [')
    for n, item in enumerate(items):
        out.write(",\n    " if n else "\n    ")
        out.write(json.dumps(item, ensure_ascii=False))
    out.write("\n  ]" if items else "]")
    out.write("\n" if last else ",\n")


def write_json(result: ReconcileResult, out: TextIO) -> None:
    """The document of interfaces.md: one episode or submission per line.

    (Written piecewise so that the C encoder does the work: an indented ``json.dump``
    runs the pure-Python encoder, several times slower on 100,000 episodes.)
    """
    out.write('{\n  "summary": ' + json.dumps(result.summary.to_dict()) + ",\n")
    _json_list(out, "episodes", [e.to_dict() for e in result.episodes], last=False)
    subs = [s.to_dict() for s in result.unmatched_submissions]
    _json_list(out, "unmatched_submissions", subs, last=True)
    out.write("}\n")


_WRITERS = {"csv": write_csv, "json": write_json, "text": write_text}


def render(result: ReconcileResult, fmt: str, out: TextIO) -> None:
    """Write ``result`` in format ``fmt`` (one of :data:`FORMATS`) to ``out``.

    Raises:
        ValueError: an unknown format.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer(result, out)
