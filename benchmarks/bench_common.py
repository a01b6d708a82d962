"""What the benchmark scripts share: running the CLI, measuring it, describing the machine."""

from __future__ import annotations

import compileall
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = [
    "OUT",
    "Run",
    "TreeSampler",
    "batch_codes",
    "clear_caches",
    "cli_command",
    "describe_machine",
    "run_cli",
]

#: Where corpora and outputs go (ignored by git).
OUT = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Run:
    """One run of the command line in a child process."""

    seconds: float
    exit_code: int
    max_rss_mb: float
    user_seconds: float
    system_seconds: float
    stderr: str
    #: Peak of the summed proportional set size (PSS) of the process and its
    #: descendants (worker processes), sampled; ``None`` when not sampled.
    tree_pss_mb: float | None = None
    #: The most processes seen at once in the tree (sampled).
    tree_processes: int = 1


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc``)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process tree every ``interval`` seconds (Linux).

    PSS (proportional set size) counts a page shared by n processes as 1/n in each,
    so the sum over the tree is the memory the run really holds: forked workers share
    the main process's reference data and are not counted twice.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib, self.processes = 0, 1
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids = _descendants(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in pids))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def cli_command() -> list[str]:
    """The installed ``missingreport`` entry point (console script), else ``-m``."""
    script = Path(sys.executable).with_name("missingreport")
    if script.exists():
        return [str(script)]
    found = shutil.which("missingreport")
    return [found] if found else [sys.executable, "-m", "missingreport"]


def run_cli(args: list[str], *, sample_tree: bool = False) -> Run:
    """Run ``missingreport ARGS`` end to end; wall time, CPU time and peak memory.

    ``os.wait4`` gives the resource usage of that one child, with the processes it
    waited for (its workers) included: CPU time is their sum, ``ru_maxrss`` (KiB on
    Linux) the peak of the largest single process. ``sample_tree`` also samples the
    summed PSS of the whole tree (:class:`TreeSampler`, Linux only).
    """
    started = time.perf_counter()
    with subprocess.Popen(
        [*cli_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stderr is not None
        sampler = TreeSampler(proc.pid) if sample_tree and sys.platform == "linux" else None
        if sampler is not None:
            sampler.start()
        err = proc.stderr.read()
        if sampler is not None:  # stderr closes as the process ends: last samples taken
            sampler.stop()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    per_mib = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS
    return Run(
        seconds=elapsed,
        exit_code=proc.returncode,
        max_rss_mb=usage.ru_maxrss / per_mib,
        user_seconds=usage.ru_utime,
        system_seconds=usage.ru_stime,
        stderr=err.decode("utf-8", "replace"),
        tree_pss_mb=sampler.peak_kib / 1024 if sampler is not None else None,
        tree_processes=sampler.processes if sampler is not None else 1,
    )


def batch_codes() -> list[str]:
    """Codes of the batch rules (MR6xx) this installation has; empty while none exist."""
    from missingreport.rules import all_rules

    return [r.code for r in all_rules() if r.code.startswith("MR6")]


def clear_caches() -> int:
    """Empty every ``functools`` cache of the library, as in a fresh process.

    Returns the number of caches cleared.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not (name == "missingreport" or name.startswith("missingreport.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
                cleared += 1
    return cleared


def compile_package() -> None:
    """Write the bytecode of the installed package, as ``pip install`` does.

    An editable install, or ``PYTHONDONTWRITEBYTECODE`` in the environment, leaves
    none: every run would then compile the package's modules again (about 50 ms of
    start-up that no installed copy pays). Done once, before measuring.
    """
    import missingreport

    compileall.compile_dir(str(Path(missingreport.__file__).parent), quiet=1)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe_machine() -> str:
    """One line on the machine and software the figures were measured with."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pydantic {_version('pydantic')}, pydantic-core {_version('pydantic-core')}, "
        f"phonenumbers {_version('phonenumbers')}, load average {load}"
    )
