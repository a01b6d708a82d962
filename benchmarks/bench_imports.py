"""Import time of ``missingreport --version`` and of a one-file ``check``.

Usage::

    python benchmarks/bench_imports.py                 # best of 7 runs each
    python benchmarks/bench_imports.py --src OTHER/src # another source tree, same venv
    python benchmarks/bench_imports.py --against OLD/src  # both, runs interleaved

Each figure is the sum of the top-level imports that ``python -X importtime`` reports
for a fresh interpreter running the command (the interpreter's own start-up modules
included), the best of ``--repeat`` runs; and the same run's wall-clock time. The
one-file check reads ``tests/cli/data/clean.json`` as of a fixed moment.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench_common import describe_machine

__all__ = ["import_seconds", "main"]

ROOT = Path(__file__).resolve().parent.parent
_TOP = re.compile(r"^import time:\s+\d+ \|\s+(\d+) \| (\S.*)$")


def import_seconds(args: list[str], src: Path | None) -> tuple[float, float]:
    """(import seconds, wall seconds) of one run of ``missingreport ARGS``."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "missingreport", *args],
        cwd=ROOT / "tests" / "cli" / "data", env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    total = sum(int(m.group(1)) for m in map(_TOP.match, done.stderr.splitlines()) if m)
    return total / 1e6, wall


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--src", type=Path, help="a source tree to measure instead")
    parser.add_argument(
        "--against", type=Path, help="also measure this source tree, its runs interleaved"
    )
    args = parser.parse_args(argv)
    print(f"machine: {describe_machine()}")
    trees: list[tuple[str, Path | None]] = [("this tree", args.src)]
    if args.against is not None:
        trees.insert(0, (str(args.against), args.against))
    for label, command in (
        ("--version", ["--version"]),
        ("check one file", ["check", "clean.json", "--as-of", "2024-04-01T00:00:00+00:00"]),
    ):
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in trees}
        for _ in range(args.repeat):
            for name, src in trees:
                runs[name].append(import_seconds(command, src))
        for name, _ in trees:
            imports = min(r[0] for r in runs[name])
            wall = min(r[1] for r in runs[name])
            print(
                f"{label} [{name}]: imports {imports:.3f} s, wall {wall:.3f} s "
                f"(best of {args.repeat})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
