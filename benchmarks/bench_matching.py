"""Quality and speed of the identity-matching engine on synthetic data.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_matching.py            # 100,000 x 100,000
    PYTHONPATH=src python benchmarks/bench_matching.py --n 20000  # quicker

For the one-to-one reconciliation of episodes and submissions it prints precision,
recall and F1 at two levels:

* *episode*: a match is right only if it pairs the submission with its own episode;
* *child*: a match is right if it pairs the submission with an episode of the same
  child. Without the dates last seen, the episodes of a child who went missing
  several times are indistinguishable, so with names and dates of birth only the
  child level is the measure of identity matching.

It then times ``find_same_child_pairs`` on ``--n`` records (the episodes and
submissions of whole children pooled; truth: every pair of records of the same
child), once with the agency's record numbers and once without (names and dates of
birth only). Its recall is bounded by the rule itself: a pair with a blank or
garbled date of birth or name is not "the same child" by that rule.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_people import (
    Dataset,
    make_dataset,
    names_and_dob_only,
    without_addresses,
)

from missingreport.matching import (
    PersonKey,
    find_same_child_pairs,
    match_one_to_one,
    nicknames_available,
    vectorised_available,
)

Transform = Callable[[list[PersonKey]], list[PersonKey]]


def _prf(correct: int, predicted: int, relevant: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 1.0
    recall = correct / relevant if relevant else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _one_to_one(ds: Dataset, label: str, transform: Transform) -> float:
    episodes, submissions = transform(ds.episodes), transform(ds.submissions)
    start = time.perf_counter()
    matches = match_one_to_one(episodes, submissions)
    seconds = time.perf_counter() - start
    got = {(i, j) for i, j, _ in matches}
    ep = _prf(len(got & ds.truth), len(got), len(ds.truth))
    same_child = sum(1 for i, j in got if ds.episode_child[i] == ds.submission_child[j])
    ch = _prf(same_child, len(got), len(ds.truth))
    print(
        f"{label:<38} episode P {ep[0]:.4f} R {ep[1]:.4f} F1 {ep[2]:.4f} | "
        f"child P {ch[0]:.4f} R {ch[1]:.4f} F1 {ch[2]:.4f} | {seconds:6.1f} s"
    )
    return seconds


def _same_child(ds: Dataset, n: int, *, keep_record_numbers: bool) -> None:
    """Pool the episodes and submissions of whole children until ``n`` records."""
    by_child: dict[int, list[PersonKey]] = defaultdict(list)
    for key, child in zip(ds.episodes, ds.episode_child, strict=True):
        by_child[child].append(key if keep_record_numbers else replace(key, record_number=None))
    for key, child in zip(ds.submissions, ds.submission_child, strict=True):
        by_child[child].append(key)
    records: list[PersonKey] = []
    truth: set[tuple[int, int]] = set()
    for child in sorted(by_child):
        keys = by_child[child][: max(0, n - len(records))]
        first = len(records)
        records.extend(keys)
        truth.update((i, j) for i in range(first, len(records)) for j in range(i + 1, len(records)))
        if len(records) >= n:
            break
    start = time.perf_counter()
    pairs = set(find_same_child_pairs(records))
    seconds = time.perf_counter() - start
    p, r, f1 = _prf(len(pairs & truth), len(pairs), len(truth))
    label = "with" if keep_record_numbers else "without"
    print(
        f"find_same_child_pairs, {len(records):,} records ({label} record numbers): "
        f"{len(pairs):,} pairs, P {p:.4f} R {r:.4f} F1 {f1:.4f} | {seconds:6.1f} s"
    )


def _square(ds: Dataset, n: int) -> Dataset:
    """The first ``n`` episodes and ``n`` submissions (an n x n problem); submissions
    whose episode falls outside become unmatched ones."""
    truth = {(i, j) for i, j in ds.truth if i < n and j < n}
    return Dataset(
        ds.episodes[:n], ds.submissions[:n], truth, ds.episode_child[:n], ds.submission_child[:n]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=100_000, help="episodes and submissions (default 100,000)"
    )
    parser.add_argument("--seed", type=int, default=20240307)
    args = parser.parse_args(argv)
    print(
        f"cores: {os.cpu_count()}, vectorised (numpy): {vectorised_available()}, "
        f"nicknames: {nicknames_available()}"
    )
    start = time.perf_counter()
    ds = _square(make_dataset(int(args.n * 1.12) + 10, args.seed), args.n)
    print(
        f"generated {len(ds.episodes):,} episodes, {len(ds.submissions):,} submissions, "
        f"{len(ds.truth):,} true pairs in {time.perf_counter() - start:.1f} s"
    )
    _one_to_one(ds, "(i) names + DOB only", names_and_dob_only)
    _one_to_one(ds, "(i') + sex, date last seen (no address)", without_addresses)
    _one_to_one(ds, "(ii) with addresses", lambda keys: keys)
    _same_child(ds, args.n, keep_record_numbers=True)
    _same_child(ds, args.n, keep_record_numbers=False)


if __name__ == "__main__":
    main()
