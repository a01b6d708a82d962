"""Fixtures of the command-line acceptance tests: run ``main()``, compare with goldens.

Goldens live in ``tests/cli/golden/``; the version string is replaced by ``<VERSION>``.
After a deliberate change of an output, regenerate them with
``MISSINGREPORT_UPDATE_GOLDEN=1 pytest tests/cli`` and review the diff.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from missingreport import __version__
from missingreport.cli import main

HERE = Path(__file__).parent
DATA = HERE / "data"
GOLDEN = HERE / "golden"
#: The moment every acceptance run is judged against.
AS_OF = "2024-04-01T00:00:00+00:00"
#: Rules whose findings the goldens show (a fixed set, so that rules added later do
#: not change them).
GOLDEN_SELECT = "MR001,MR002,MR003,MR004,MR005,MR006,MR007,MR201,MR202,MR203"
#: The inputs of the goldens: a JSON list, JSON Lines, a mapped CSV and a clean report.
GOLDEN_INPUTS = ("reports.json", "reports.jsonl", "agency.csv", "clean.json")


@dataclass
class Outcome:
    """What one run of the command line did."""

    code: int
    out: str
    err: str


Runner = Callable[..., Outcome]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run ``missingreport ARGS...`` in-process from ``tests/cli/data``."""
    monkeypatch.chdir(DATA)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str, stdin: bytes | None = None) -> Outcome:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


def normalise(text: str) -> str:
    """Output made independent of the installed version."""
    return text.replace(__version__, "<VERSION>")


def assert_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/NAME`` (or rewrite it when asked to)."""
    path = GOLDEN / name
    text = normalise(text)
    if os.environ.get("MISSINGREPORT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no golden {name}: run with MISSINGREPORT_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"output differs from golden/{name}"
