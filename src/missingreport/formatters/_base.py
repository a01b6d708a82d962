"""The formatter protocol, the registry of output formats, and what they share."""

from __future__ import annotations

import json
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, TYPE_CHECKING, TextIO

from .._version import RULESET, __version__
from ..findings import Finding, RecordResult, Severity

if TYPE_CHECKING:
    from ..rules import Rule

__all__ = [
    "FORMATTERS",
    "SLOT",
    "Formatter",
    "ListWriter",
    "RunInfo",
    "Tally",
    "headline",
    "register",
    "spool",
]


@dataclass
class Tally:
    """Counts of a run, filled while results stream through it.

    ``baselined`` counts the findings a baseline accepted (they are not reported).
    """

    records: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0
    baselined: int = 0

    def count(self, results: Iterable[RecordResult]) -> Iterator[RecordResult]:
        """Pass results through, counting records and findings by severity.

        Batch results (a record already counted) add findings but not records.
        """
        error, warning = Severity.ERROR, Severity.WARNING
        for result in results:
            if not result.batch:
                self.records += 1
            for finding in result.findings:
                severity = finding.severity
                if severity is error:
                    self.error += 1
                elif severity is warning:
                    self.warning += 1
                else:
                    self.info += 1
            yield result

    def worst(self) -> Severity | None:
        """The most serious severity found, if any."""
        if self.error:
            return Severity.ERROR
        if self.warning:
            return Severity.WARNING
        if self.info:
            return Severity.INFO
        return None

    def to_dict(self, *, with_baselined: bool = False) -> dict[str, int]:
        """The ``summary`` object of the JSON output (``baselined`` when a baseline ran)."""
        out = {
            "records": self.records,
            "error": self.error,
            "warning": self.warning,
            "info": self.info,
        }
        if with_baselined:
            out["baselined"] = self.baselined
        return out

    def sentence(self, *, with_baselined: bool = False) -> str:
        """The summary in words: ``3 records checked: 2 errors, 1 warning, 0 info``."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}" + ("" if count == 1 else "s")

        text = (
            f"{n(self.records, 'record')} checked: {n(self.error, 'error')}, "
            f"{n(self.warning, 'warning')}, {self.info} info"
        )
        if with_baselined:
            text += f"; {self.baselined} accepted by the baseline"
        return text


@dataclass
class RunInfo:
    """What a formatter may know about the run besides its results.

    Attributes:
        as_of: the moment of the run.
        rules: the rules the run selected (with their effective severities).
        notices: run-level notices (rules that could not run).
        positions: the line each record of a plain JSON file starts on, by
            (source, record), for formats that point into files.
        baseline: whether a baseline filtered the findings.
        marked: with a baseline, each finding of a result with the justification that
            accepted it (SARIF writes those as suppressed).
        state_policy: the ``state_policy`` setting of the run (``auto``, ``federal``
            or a state code).
    """

    as_of: datetime
    tool: str = "missingreport"
    version: str = __version__
    ruleset: str = RULESET
    notices: list[str] = field(default_factory=list)
    rules: Sequence[Rule] = ()
    positions: Mapping[tuple[str, int], int] = field(default_factory=dict)
    baseline: bool = False
    marked: Callable[[RecordResult], list[tuple[Finding, str | None]]] | None = None
    state_policy: str = "auto"

    def file_line(self, item: RecordResult | Finding) -> int:
        """The 1-based line of a record in its file (the first line when unknown)."""
        if item.line is not None:
            return item.line
        if item.source is not None and item.record is not None:
            return self.positions.get((item.source, item.record), 1)
        return 1


def headline(finding: Finding) -> str:
    """``path: message``, or the message alone when it already starts with the path."""
    if finding.path and not finding.message.startswith(finding.path):
        return f"{finding.path}: {finding.message}"
    return finding.message


class Formatter(ABC):
    """Writes the results of a run to a text stream."""

    #: The ``--format`` name.
    name: str = ""

    def __init__(self, out: TextIO, info: RunInfo, *, color: bool = False) -> None:
        self.out = out
        self.info = info
        self.color = color

    @abstractmethod
    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        """Write every result; ``tally`` is filled as ``results`` are consumed."""


FORMATTERS: dict[str, type[Formatter]] = {}


def register(cls: type[Formatter]) -> type[Formatter]:
    """Class decorator: make a formatter available by its ``name``."""
    FORMATTERS[cls.name] = cls
    return cls


def spool() -> IO[str]:
    """A text buffer that moves to a temporary file past 1 MiB (keeps memory flat).

    Formats whose header needs totals (JSON's summary, JUnit's counts) write their
    body here first and copy it out once the totals are known.
    """
    return tempfile.SpooledTemporaryFile(max_size=2**20, mode="w+", encoding="utf-8", newline="\n")


#: Stands for the streamed list inside a document given to :class:`ListWriter`.
SLOT = "@@missingreport-list@@"


class ListWriter:
    """A JSON document (as ``indent=2``) with one list in it written item by item.

    ``document`` holds :data:`SLOT` where the list goes. Items go to ``body`` as they
    come (a spooled buffer when the document's head must wait for totals); :meth:`finish`
    writes the head, the items and the tail to ``out``.
    """

    def __init__(self, body: IO[str] | TextIO, indent: int) -> None:
        self.body = body
        self.count = 0
        self._indent = " " * indent

    def item(self, value: object) -> None:
        """Write one element of the list."""
        text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + self._indent)
        self.body.write(("," if self.count else "") + "\n" + self._indent + text)
        self.count += 1

    def finish(self, out: IO[str] | TextIO, document: object, *, copy: bool = True) -> None:
        """Write the document around the items (``copy`` them from ``body`` if spooled)."""
        head, tail = self.split(document)
        if copy:
            out.write(head + "[")
            self.body.seek(0)
            shutil.copyfileobj(self.body, out)
        out.write(("\n" + self._indent[:-2] + "]" if self.count else "]") + tail + "\n")

    @staticmethod
    def split(document: object) -> tuple[str, str]:
        """The text of ``document`` before and after its :data:`SLOT`."""
        text = json.dumps(document, indent=2, ensure_ascii=False)
        head, tail = text.split(json.dumps(SLOT), 1)
        return head, tail
