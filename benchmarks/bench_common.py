"""What the benchmark scripts share: running the CLI, measuring it, describing the machine."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = [
    "OUT",
    "Run",
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


def cli_command() -> list[str]:
    """The installed ``missingreport`` entry point (console script), else ``-m``."""
    script = Path(sys.executable).with_name("missingreport")
    if script.exists():
        return [str(script)]
    found = shutil.which("missingreport")
    return [found] if found else [sys.executable, "-m", "missingreport"]


def run_cli(args: list[str]) -> Run:
    """Run ``missingreport ARGS`` end to end; wall time and the child's own peak RSS.

    ``os.wait4`` gives the resource usage of that one child (``ru_maxrss`` in KiB on
    Linux), not the maximum over every child this process ever had.
    """
    started = time.perf_counter()
    with subprocess.Popen(
        [*cli_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stderr is not None
        err = proc.stderr.read()
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
