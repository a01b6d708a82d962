"""Quality and speed of ``missingreport reconcile`` on synthetic data.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_reconcile.py             # 100,000 x 100,000
    PYTHONPATH=src python benchmarks/bench_reconcile.py --n 20000   # quicker
    PYTHONPATH=src python benchmarks/bench_reconcile.py --n 20000 --no-sibling-names

Data: :mod:`synthetic_people` (households with siblings and twins, Zipf-distributed
names, children with several episodes, submissions re-keyed with typos, nicknames,
swapped names, date-of-birth keying errors, blanks, addresses abbreviated or moved,
a sibling's first name copied onto some records (not with ``--no-sibling-names``), and
submissions for children the agency has no episode for). Read its figures beside
FEBRL4's (``bench_febrl.py``), public data this project did not make. Its truth is the
(episode, submission) pairs of the same episode.

1. *Matching quality*: the records go through the reconcile pipeline itself
   (:func:`missingreport.reconcile.reconcile_records`: reading each value from text,
   keys, one-to-one matching), once with names and dates of birth only, once with sex
   and the date last seen but no address, once with everything. Precision, recall and
   F1 of the matched pairs are printed at two levels: *episode* (the submission paired
   with its own episode) and *child* (with an episode of the same child). With names
   and dates of birth only, the episodes of a child who went missing several times
   cannot be told apart, so the child level is the measure of identity matching there;
   with the date last seen, the episode level is.
2. *End to end*: ``--n`` episodes written as a CSV with the agency's own headers and a
   mapping file, ``--n`` submissions as JSON Lines, and ``missingreport reconcile ...
   --format json --output FILE`` run as a separate process; the wall-clock seconds
   (reading, matching, judging, writing) are printed with the summary it wrote.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_people import Dataset, make_dataset, names_and_dob_only, without_addresses

from missingreport.matching import PersonKey, nicknames_available, vectorised_available
from missingreport.reconcile import reconcile_records

Transform = Callable[[list[PersonKey]], list[PersonKey]]
AS_OF = "2026-01-01T00:00:00+00:00"
_EST = timezone(timedelta(hours=-5))
_EPISODE_HEADERS = {
    "episode_id": "Episode ID", "first_name": "Child First Name", "last_name": "Child Last Name",
    "date_of_birth": "DOB", "sex": "Gender", "last_seen_at": "Date Missing",
    "agency_notified_at": "Agency Notified", "street": "Street Address", "city": "City",
    "state": "State", "postal_code": "ZIP", "case_number": "Case #",
}  # fmt: skip


def _prf(correct: int, predicted: int, relevant: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 1.0
    recall = correct / relevant if relevant else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _person(key: PersonKey) -> dict[str, object]:
    return {
        "first_name": key.first, "last_name": key.last,
        "date_of_birth": _iso(key.dob) or key.dob_text,
        "sex": key.sex, "last_seen_at": _iso(key.last_seen), "street": key.street,
        "city": key.city, "state": key.state, "postal_code": key.postal_code,
    }  # fmt: skip


def _records(ds: Dataset, transform: Transform) -> tuple[list[dict[str, object]], ...]:
    episodes = [{"episode_id": f"E{i}", **_person(k)} for i, k in enumerate(transform(ds.episodes))]
    submissions = [
        {"submission_id": f"S{j}", **_person(k)} for j, k in enumerate(transform(ds.submissions))
    ]
    return episodes, submissions


def quality(ds: Dataset, label: str, transform: Transform) -> tuple[float, float]:
    """Print and return the episode-level and child-level F1 of one setting."""
    episodes, submissions = _records(ds, transform)
    start = time.perf_counter()
    result = reconcile_records(episodes, submissions, as_of=AS_OF)
    seconds = time.perf_counter() - start
    got = {
        (int(e.episode_id[1:]), int(e.submission_id[1:]))
        for e in result.episodes
        if e.episode_id is not None and e.submission_id is not None
    }
    ep = _prf(len(got & ds.truth), len(got), len(ds.truth))
    same_child = sum(1 for i, j in got if ds.episode_child[i] == ds.submission_child[j])
    ch = _prf(same_child, len(got), len(ds.truth))
    print(
        f"{label:<40} episode P {ep[0]:.4f} R {ep[1]:.4f} F1 {ep[2]:.4f} | "
        f"child P {ch[0]:.4f} R {ch[1]:.4f} F1 {ch[2]:.4f} | {seconds:6.1f} s"
    )
    return ep[2], ch[2]


def _timed(rng: random.Random, seen: date | None) -> tuple[str, str | None, str]:
    """Date last seen, notification and report times of one synthetic episode."""
    day = seen or date(2024, 6, 1)
    if rng.random() < 0.1:  # a date-only extract row
        gap = rng.choice((0, 0, 0, 1, 2, 5))
        return day.isoformat(), day.isoformat(), (day + timedelta(days=gap)).isoformat()
    lost = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60))
    notified = lost + timedelta(minutes=rng.randrange(15, 360))
    delay = timedelta(hours=rng.choice((1, 3, 8, 20, 23.9, 24, 30, 50, 200)))
    reported = (notified + delay).replace(tzinfo=_EST)
    return (
        lost.strftime("%m/%d/%Y %H:%M"),
        notified.strftime("%m/%d/%Y %H:%M"),
        reported.isoformat(),
    )


def write_inputs(ds: Dataset, folder: Path, seed: int) -> tuple[Path, Path]:
    """The episodes CSV (agency headers, with its mapping beside it) and submissions JSONL."""
    rng = random.Random(seed)
    times = [_timed(rng, k.last_seen) for k in ds.episodes]
    report_of = {j: times[i][2] for i, j in ds.truth}
    episodes = folder / "episodes.csv"
    with episodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_EPISODE_HEADERS.values())
        for i, key in enumerate(ds.episodes):
            seen, notified, _ = times[i]
            dob = key.dob.strftime("%m/%d/%Y") if key.dob else key.dob_text or ""
            writer.writerow([
                f"E{i}", key.first or "", key.last or "", dob, key.sex or "", seen, notified,
                key.street or "", key.city or "", key.state or "", key.postal_code or "",
                key.record_number or "",
            ])  # fmt: skip
    columns = "\n".join(f'"{header}" = "{name}"' for name, header in _EPISODE_HEADERS.items())
    settings = 'date_convention = "month_first"\ntime_zone = "America/New_York"\n'
    (folder / "episodes.mapping.toml").write_text(
        f"{settings}\n[columns]\n{columns}\n", encoding="utf-8"
    )
    submissions = folder / "submissions.jsonl"
    with submissions.open("w", encoding="utf-8") as handle:
        for j, key in enumerate(ds.submissions):
            day = key.last_seen or date(2024, 6, 1)
            reported = report_of.get(j, (day + timedelta(days=1)).isoformat())
            record = {"submission_id": f"S{j}", **_person(key), "reported_at": reported}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return episodes, submissions


def end_to_end(ds: Dataset, seed: int) -> float:
    """Seconds of ``missingreport reconcile`` as a separate process on files on disk."""
    with tempfile.TemporaryDirectory(prefix="bench-reconcile-") as tmp:
        folder = Path(tmp)
        episodes, submissions = write_inputs(ds, folder, seed)
        output = folder / "result.json"
        command = [
            sys.executable, "-m", "missingreport", "reconcile", "--episodes", str(episodes),
            "--submissions", str(submissions), "--format", "json", "--output", str(output),
            "--as-of", AS_OF, "--fail-on", "never",
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"reconcile failed ({done.returncode}): {done.stderr}")
        summary = json.loads(output.read_text(encoding="utf-8"))["summary"]
    print(
        f"end to end, {len(ds.episodes):,} episodes (CSV + mapping) x {len(ds.submissions):,} "
        f"submissions (JSONL), JSON out: {seconds:.1f} s"
    )
    print(f"  summary: {json.dumps(summary)}")
    return seconds


def _square(ds: Dataset, n: int) -> Dataset:
    """The first ``n`` episodes and ``n`` submissions (an n x n problem)."""
    truth = {(i, j) for i, j in ds.truth if i < n and j < n}
    return Dataset(
        ds.episodes[:n], ds.submissions[:n], truth, ds.episode_child[:n], ds.submission_child[:n]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="episodes and submissions")
    parser.add_argument("--seed", type=int, default=20240307)
    parser.add_argument("--skip-quality", action="store_true", help="only the timing")
    parser.add_argument(
        "--no-sibling-names",
        action="store_true",
        help="copy no sibling's first name onto a record (the generator's data before)",
    )
    args = parser.parse_args(argv)
    print(
        f"cores: {os.cpu_count()}, vectorised (numpy): {vectorised_available()}, "
        f"nicknames: {nicknames_available()}"
    )
    made = make_dataset(int(args.n * 1.12) + 10, args.seed, sibling_names=not args.no_sibling_names)
    ds = _square(made, args.n)
    sizes = (len(ds.episodes), len(ds.submissions), len(ds.truth))
    print("{:,} episodes, {:,} submissions, {:,} true pairs".format(*sizes))
    if not args.skip_quality:
        quality(ds, "(i) names + date of birth only", names_and_dob_only)
        quality(ds, "(i') + sex, date last seen (no address)", without_addresses)
        quality(ds, "(ii) with addresses", lambda keys: keys)
    end_to_end(ds, args.seed)


if __name__ == "__main__":
    main()
