"""The progress display: only for long runs on a terminal, never in the output."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from missingreport.cli._progress import progress_wanted, with_progress
from missingreport.engine import RawRecord


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _records(n: int) -> list[RawRecord]:
    return [RawRecord("big.jsonl", i, i, {"n": i}) for i in range(1, n + 1)]


def test_records_pass_through_with_a_display() -> None:
    """Shown (after the delay) on a terminal console; the records are unchanged."""
    screen = _Tty()
    console = Console(file=screen, force_terminal=True, width=80)
    records = _records(300)
    seen = list(with_progress(iter(records), enabled=True, delay=0.0, console=console))
    assert seen == records
    assert "records" in screen.getvalue()


def test_nothing_before_the_delay() -> None:
    """A short run shows nothing."""
    screen = _Tty()
    console = Console(file=screen, force_terminal=True, width=80)
    records = _records(5)
    assert list(with_progress(iter(records), enabled=True, delay=60.0, console=console)) == records
    assert screen.getvalue() == ""


def test_disabled_is_a_plain_pass_through() -> None:
    records = _records(3)
    assert list(with_progress(iter(records), enabled=False)) == records


@pytest.mark.parametrize(
    ("stderr_tty", "stdout_tty", "to_file", "disabled", "expected"),
    [
        (True, False, False, False, True),  # output piped, terminal watching
        (True, True, True, False, True),  # --output FILE
        (True, True, False, False, False),  # findings on the same terminal
        (False, False, True, False, False),  # stderr is not a terminal (CI)
        (True, False, True, True, False),  # --no-progress
    ],
)
def test_when_progress_is_wanted(
    monkeypatch: pytest.MonkeyPatch,
    stderr_tty: bool,
    stdout_tty: bool,
    to_file: bool,
    disabled: bool,
    expected: bool,
) -> None:
    monkeypatch.setattr(sys, "stderr", _Tty() if stderr_tty else io.StringIO())
    monkeypatch.setattr(sys, "stdout", _Tty() if stdout_tty else io.StringIO())
    assert progress_wanted(disabled=disabled, to_file=to_file) is expected
