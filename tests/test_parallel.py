"""Checking in worker processes (``Engine.run(jobs=N)``, ``check --jobs``) gives what
one process gives, in the same order, batch findings included."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from missingreport import parallel
from missingreport.cli import main
from missingreport.cli._common import PARALLEL_MIN_BYTES, worker_count
from missingreport.engine import Engine, RawRecord
from missingreport.findings import RecordResult
from missingreport.structure import Problem
from tests.conftest import AS_OF, load_base, merge_patch

FIRST = ["Maya", "Liam", "Ava", "Noah", "Zoe", "Eli", "Mia", "Kai"]
LAST = ["Alvarez", "Nguyen", "Smith", "O'Brien", "Johnson", "Lee"]


def _report(i: int) -> dict[str, Any]:
    """A varied report; some carry a defect, some repeat an earlier one (batch rules)."""
    patch: dict[str, Any] = {
        "report_id": f"OH-2024-{i:04d}",
        "child": {
            "first_name": FIRST[i % len(FIRST)],
            "last_name": LAST[(i // 3) % len(LAST)],
            "date_of_birth": f"{2006 + i % 5}-0{1 + i % 9}-1{i % 10}",
        },
        "custodial_agency": {"child_record_number": f"OH-AFCARS-{7000 + i}"},
        "ncmec_report": {"case_number": f"{1400000 + i}"},
        "law_enforcement_report": {"ncic_number": f"M{123400000 + i}"},
    }
    if i % 7 == 0:
        patch["ncmec_report"]["reported_at"] = "2024-03-09T10:00:00-05:00"  # late
    if i % 11 == 0:
        patch["law_enforcement_report"]["ori"] = "oh-025-0200"  # malformed
    if i % 13 == 0:
        patch["favourite_colour"] = "blue"  # unknown key
    if i % 17 == 0:
        patch["child"]["phone"] = "555"  # invalid phone
    if i % 29 == 0 and i:
        patch["report_id"] = f"OH-2024-{i - 1:04d}"  # duplicate report id
        patch["custodial_agency"]["child_record_number"] = f"OH-AFCARS-{7000 + i - 1}"
    if i % 31 == 0:
        patch["ncmec_report"]["case_number"] = "1400001"  # another child's case number
    return dict(merge_patch(load_base(), patch))


def _records(count: int) -> Iterator[RawRecord]:
    for i in range(count):
        if i % 97 == 5:
            yield RawRecord("a.jsonl", i + 1, i + 1, text=b'{"report_id": "X", "report_id": 1}')
        elif i % 89 == 3:
            yield RawRecord("a.jsonl", i + 1, i + 1, text=b'{"schema_version": "1.0",')
        elif i % 83 == 7:
            problem = Problem("unreadable-record", "", "the line is too long")
            yield RawRecord("a.jsonl", i + 1, i + 1, None, problem)
        elif i % 5 == 0:  # a decoded record (as the CSV reader gives), read leniently
            yield RawRecord("b.csv", i + 1, i + 2, _report(i), strict=False)
        else:
            text = json.dumps(_report(i)).encode()
            yield RawRecord("a.jsonl", i + 1, i + 1, text=text)


def _run(jobs: int, count: int = 600, **engine: Any) -> list[RecordResult]:
    return list(Engine(as_of=AS_OF, **engine).run(_records(count), jobs=jobs))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK", 16)  # many chunks, many in flight


@pytest.mark.usefixtures("small_chunks")
def test_two_workers_give_what_one_process_gives() -> None:
    one = _run(1)
    two = _run(2)
    assert two == one
    codes = Counter(f.code for r in one for f in r.findings)
    # The corpus exercises structure, report rules and batch rules alike.
    for code in ("MR001", "MR004", "MR202", "MR301", "MR305", "MR601", "MR604"):
        assert codes[code] > 0, code
    assert any(r.batch for r in two)


@pytest.mark.usefixtures("small_chunks")
def test_values_and_selection_travel_to_the_workers() -> None:
    from missingreport.config import Config

    config = Config().merged(select=["MR3"], ignore=None, fail_on=None)
    one = _run(1, 200, config=config, show_values=True)
    two = _run(3, 200, config=config, show_values=True)
    assert two == one
    found = [f for r in two for f in r.findings]
    assert found
    assert {f.code[:3] for f in found} == {"MR3"}
    assert any(f.value is not None for f in found)


def test_a_stream_shorter_than_a_chunk() -> None:
    assert _run(2, 3) == _run(1, 3)
    assert _run(2, 0) == []


def test_a_worker_fault_ends_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Engine, raw: RawRecord) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Engine, "check_one", broken)  # inherited by the forked workers
    with pytest.raises(RuntimeError, match="a bug"):
        _run(2, 40)


@pytest.mark.parametrize(
    "raw",
    [
        RawRecord("a.jsonl", 3, 3, text=b'{"a": 1}'),
        RawRecord("a.jsonl", 3, 3, text='{"a": 1}', notes=(Problem("x", "p", "d"),)),
        RawRecord("b.csv", 4, 5, {"report_id": "R"}, strict=False),
        RawRecord(None, 1, None, None, Problem("unreadable-record", "", "bad")),
    ],
)
def test_raw_records_survive_pickling_undecoded(raw: RawRecord) -> None:
    text = raw.text
    copy = pickle.loads(pickle.dumps(raw))
    assert copy.text == text  # still undecoded: the worker decodes it
    assert copy == raw


def test_worker_count() -> None:
    assert worker_count(3, None) == 3
    assert worker_count(None, None) == 1  # standard input: size unknown
    assert worker_count(None, PARALLEL_MIN_BYTES - 1) == 1
    assert worker_count(None, PARALLEL_MIN_BYTES) == parallel.available_cores()


#: Lines no reader or parser can take whole, each a finding of its own.
BROKEN_LINES = [
    b'{"schema_version": "1.0",',  # cut off
    b'{"report_id": "X", "report_id": 1}',  # a key twice
    b"[1, 2, 3]",  # not an object
    b'"a string"',
    b'{"report_id": "\xff\xfe"}',  # not UTF-8
    b'{"child": ' * 200 + b"1" + b"}" * 200,  # too deep
    b"   ",
]


@pytest.mark.usefixtures("small_chunks")
def test_cli_jobs_gives_the_same_output(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    lines = [json.dumps(_report(i)).encode() for i in range(300)]
    for n, broken in enumerate(BROKEN_LINES):
        lines.insert(17 + 41 * n, broken)  # spread over several chunks
    path.write_bytes(b"\n".join(lines) + b"\n")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.json"
        code = main(
            ["check", str(path), "--format", "json", "--output", str(out), "--as-of", AS_OF,
             "--jobs", jobs, "--no-progress"]
        )  # fmt: skip
        assert code == 1
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    results = json.loads(outputs[0])["results"]
    codes = Counter(f["code"] for r in results for f in r["findings"])
    assert codes["MR601"]
    assert codes["MR604"]
    assert codes["MR001"] == len(BROKEN_LINES) - 1  # a blank line is no record


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_cli_refuses_a_bad_jobs_value(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "examples", "--jobs", value]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_a_check_restores_the_collector_settings(tmp_path: Path) -> None:
    import gc

    path = tmp_path / "reports.jsonl"
    path.write_bytes(b"\n".join(json.dumps(_report(i)).encode() for i in range(20)) + b"\n")
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        args = ["check", str(path), "--format", "jsonl", "--output", str(out), "--as-of", AS_OF]
        assert main([*args, "--jobs", jobs, "--no-progress"]) == 1
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == frozen


def test_fewer_collections_is_undone_after_a_fault() -> None:
    import gc

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    during: list[int] = []

    def interrupted() -> None:
        with parallel.fewer_collections():
            during.append(gc.get_threshold()[0])
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert during[0] > before[0]
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
