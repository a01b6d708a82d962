"""The formatter protocol and the registry of output formats."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from .._version import RULESET, __version__
from ..findings import RecordResult, Severity

__all__ = ["FORMATTERS", "Formatter", "RunInfo", "Tally", "register"]


@dataclass
class Tally:
    """Counts of a run, filled while results stream through it."""

    records: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0

    def count(self, results: Iterable[RecordResult]) -> Iterator[RecordResult]:
        """Pass results through, counting records and findings by severity.

        Batch results (a record already counted) add findings but not records.
        """
        for result in results:
            if not result.batch:
                self.records += 1
            for finding in result.findings:
                if finding.severity is Severity.ERROR:
                    self.error += 1
                elif finding.severity is Severity.WARNING:
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

    def to_dict(self) -> dict[str, int]:
        """The ``summary`` object of the JSON output."""
        return {
            "records": self.records,
            "error": self.error,
            "warning": self.warning,
            "info": self.info,
        }


@dataclass
class RunInfo:
    """What a formatter may say about the run besides its results."""

    as_of: datetime
    tool: str = "missingreport"
    version: str = __version__
    ruleset: str = RULESET
    notices: list[str] = field(default_factory=list)


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
