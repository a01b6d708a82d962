"""Faults from outside, on the command line as a user meets them: a stop signal midway,
a worker process killed, a full disk, two runs writing one file. Each run leaves either
its whole output or the old file, never part of one, and never a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from missingreport.cli import main
from tests.conftest import AS_OF, load_base, merge_patch

pytestmark = pytest.mark.slow

OLD = b"the findings of an earlier run\n"
#: Enough reports that every run below is still busy when it is interrupted.
REPORTS = 6000
#: Seconds any run may take before the test calls it a hang.
HANG = 60


def _reports(count: int, start: int = 0) -> Iterator[str]:
    base = load_base()
    for i in range(start, start + count):
        patch: dict[str, Any] = {
            "report_id": f"OH-2024-{i:05d}",
            "child": {
                "first_name": f"Child{i % 997}",
                "date_of_birth": f"{2007 + i % 9}-05-1{i % 9}",
            },
            "custodial_agency": {"child_record_number": f"OH-AFCARS-{70000 + i}"},
            "ncmec_report": {"case_number": f"{1400000 + i}"},
        }  # fmt: skip
        if i % 7 == 0:
            patch["law_enforcement_report"] = {"ori": "oh-025-0200"}  # a finding
        yield json.dumps(merge_patch(base, patch))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "reports.jsonl"
    path.write_text("\n".join(_reports(REPORTS)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reconcile_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reconcile")
    episodes, submissions = folder / "episodes.jsonl", folder / "submissions.jsonl"
    child = {"sex": "F", "city": "Macon", "state": "GA", "postal_code": "31201"}
    with episodes.open("w") as e, submissions.open("w") as s:
        for i in range(REPORTS):
            person = {
                **child,
                "first_name": f"Name{i % 1499}",
                "last_name": f"Family{i % 701}",
                "date_of_birth": f"{2007 + i % 9}-0{1 + i % 9}-1{i % 10}",
                "last_seen_at": "2024-03-05T08:00:00-05:00",
            }
            episode = {"episode_id": f"E{i}", **person}
            episode["agency_notified_at"] = "2024-03-05T09:00:00-05:00"
            submission = {"submission_id": f"S{i}", **person}
            submission["reported_at"] = "2024-03-05T15:00:00-05:00"
            e.write(json.dumps(episode) + "\n")
            s.write(json.dumps(submission) + "\n")
    return episodes, submissions


def _start(args: list[str], preexec: Callable[[], None] | None = None) -> subprocess.Popen[bytes]:
    """``python -m missingreport ARGS`` in its own process group, as a shell starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "missingreport", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=preexec,
    )


def _temporaries(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f".{output.name}.*"))


def _wait_until(condition: Callable[[], bool], proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + HANG
    while not condition():
        assert proc.poll() is None, "the run ended before the fault could be caused"
        assert time.monotonic() < deadline, "the run never got that far"
        time.sleep(0.01)


def _reading(proc: subprocess.Popen[bytes], path: Path) -> Callable[[], bool]:
    """Whether the process has read part of ``path`` (Linux: from /proc)."""

    def condition() -> bool:
        fds = Path(f"/proc/{proc.pid}/fd")
        with contextlib.suppress(FileNotFoundError):  # gone meanwhile
            for fd in fds.iterdir():
                if os.readlink(fd) == str(path):
                    info = (Path(f"/proc/{proc.pid}/fdinfo") / fd.name).read_text()
                    if int(info.split()[1]) > 0:  # "pos: N"
                        return True
        return False

    return condition


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(FileNotFoundError):  # gone meanwhile
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:  # the parent's pid follows the state
                found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _finish(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure this file guards
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the run hung")
    return proc.returncode, err.decode()


def _commands(
    corpus: Path, reconcile_inputs: tuple[Path, Path], output: Path
) -> dict[str, tuple[list[str], Path]]:
    """Each command with ``--output``, and the input whose reading shows it is under way."""
    episodes, submissions = reconcile_inputs
    common = ["--output", str(output), "--as-of", AS_OF]
    return {
        "check": (["check", str(corpus), "--jobs", "2", "--format", "jsonl", *common], corpus),
        "audit": (["audit", str(corpus), "--no-progress", *common], corpus),
        "reconcile": (
            ["reconcile", "--episodes", str(episodes), "--submissions", str(submissions),
             "--format", "json", *common],
            submissions,
        ),
    }  # fmt: skip


@pytest.mark.parametrize("command", ["check", "audit", "reconcile"])
@pytest.mark.parametrize(
    ("signum", "code", "to_group"),
    [
        (signal.SIGINT, 130, True),  # Ctrl-C: the terminal signals the whole group
        (signal.SIGTERM, 143, False),  # kill PID
    ],
)
def test_a_stop_signal_midway_leaves_the_old_output(
    command: str,
    signum: int,
    code: int,
    to_group: bool,
    corpus: Path,
    reconcile_inputs: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    output = tmp_path / "out.json"
    output.write_bytes(OLD)
    args, input_path = _commands(corpus, reconcile_inputs, output)[command]
    proc = _start(args)
    _wait_until(_reading(proc, input_path), proc)
    if command == "check":  # with two workers, which must not outlive the run
        _wait_until(lambda: len(_children(proc.pid)) == 2, proc)
    workers = _children(proc.pid)
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    returncode, err = _finish(proc)
    assert returncode == code
    assert "Traceback" not in err
    assert "error" not in err
    assert output.read_bytes() == OLD
    assert _temporaries(output) == []
    assert not any(_running(pid) for pid in workers)


def test_a_stop_signal_while_the_output_is_written(tmp_path: Path) -> None:
    """The stop arrives inside ``output_file`` itself: the temporary file goes."""
    from missingreport.cli import Stopped, _stopping_on_signals
    from missingreport.cli._common import output_file

    output = tmp_path / "out.json"
    output.write_bytes(OLD)

    def write_half_then_stop() -> None:
        with output_file(str(output)) as out:
            out.write("half a report" * 1000)
            out.flush()
            assert _temporaries(output)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(HANG)  # pragma: no cover - the signal stops the sleep

    with _stopping_on_signals(), pytest.raises(Stopped) as stopped:
        write_half_then_stop()
    assert stopped.value.signum == signal.SIGTERM
    assert output.read_bytes() == OLD
    assert _temporaries(output) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored


def test_a_killed_worker_ends_the_run_with_one_line(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_bytes(OLD)
    proc = _start(
        ["check", str(corpus), "--jobs", "2", "--format", "jsonl", "--output", str(output),
         "--as-of", AS_OF]
    )  # fmt: skip
    _wait_until(_reading(proc, corpus), proc)
    _wait_until(lambda: len(_children(proc.pid)) == 2, proc)
    workers = _children(proc.pid)
    os.kill(workers[0], signal.SIGKILL)
    returncode, err = _finish(proc)
    assert returncode == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("missingreport: error: a worker process ended")
    assert output.read_bytes() == OLD
    assert _temporaries(output) == []
    assert not any(_running(pid) for pid in workers)  # the other worker was stopped too


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_leaves_the_old_output(jobs: str, corpus: Path, tmp_path: Path) -> None:
    """The disk fills while --output is written (a file-size limit stands in for it)."""
    output = tmp_path / "out.json"
    output.write_bytes(OLD)
    proc = _start(
        ["check", str(corpus), "--jobs", jobs, "--format", "json", "--show-values",
         "--output", str(output), "--as-of", AS_OF],
        preexec=_file_size_limit(256 * 1024),
    )  # fmt: skip
    returncode, err = _finish(proc)
    assert returncode == 2
    assert err.splitlines() == [
        f"missingreport: error: cannot write {output}: File too large; the file was left as it was"
    ]
    assert output.read_bytes() == OLD
    assert _temporaries(output) == []


def test_two_runs_writing_one_output_each_leave_a_whole_file(tmp_path: Path) -> None:
    inputs, expected = [], []
    for n, start in enumerate((0, 50_000)):
        path = tmp_path / f"in-{n}.jsonl"
        path.write_text("\n".join(_reports(1500, start)) + "\n")
        alone = tmp_path / f"alone-{n}.jsonl"
        args = ["check", str(path), "--format", "jsonl", "--as-of", AS_OF, "--jobs", "1"]
        assert main([*args, "--output", str(alone)]) == 1
        inputs.append(args)
        expected.append(alone.read_bytes())
    assert expected[0] != expected[1]
    output = tmp_path / "out.jsonl"
    output.write_bytes(OLD)
    seen: set[bytes] = set()
    running = threading.Event()
    running.set()

    def watch() -> None:
        while running.is_set():
            seen.add(output.read_bytes())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        procs = [_start([*args, "--output", str(output)]) for args in inputs]
        codes = [_finish(proc)[0] for proc in procs]
    finally:
        running.clear()
        watcher.join()
    assert codes == [1, 1]
    assert output.read_bytes() in expected
    assert seen <= {OLD, *expected}  # whatever a reader saw meanwhile was whole
    assert _temporaries(output) == []
