"""The service's work, done off the event loop: read a body, check it, write the JSON.

Every answer with findings is written by the code of ``check --format json``
(:func:`~missingreport.formatters._run.write_results`), so that the same bytes give
the same document. The records of a request are named ``-`` (``source``), as those
of standard input are: ``missingreport check --format json -`` reading the body of a
``/v1/check`` request writes the very bytes the service answers.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Literal

from ..config import Config, load_config
from ..engine import Engine, RawRecord, resolve_as_of
from ..formatters._run import run_info, write_results
from ..problems import UNREADABLE_RECORD
from ..readers import ColumnMapping, load_mapping
from ..readers._lines import BOM, bounded_lines
from ..readers.csvfile import read_csv_lines
from ..readers.jsonfile import MAX_JSON_FILE_BYTES, read_json_bytes, read_jsonl_lines
from ..structure import Problem, decode_json
from ._settings import ServerSettings

__all__ = ["SOURCE", "BodyKind", "Checker", "TooSlow", "parse_as_of"]

#: The ``source`` of every record of a request.
SOURCE = "-"

BodyKind = Literal["json", "ndjson", "csv"]


class TooSlow(Exception):
    """The request went past the time limit while its records were being checked."""


def parse_as_of(text: str | None) -> datetime:
    """The moment of a request: ``as_of`` (ISO 8601), or now.

    Raises:
        ValueError: ``as_of`` is not an ISO 8601 date or date and time.
    """
    return resolve_as_of(text)


def _until(records: Iterable[RawRecord], deadline: float) -> Iterator[RawRecord]:
    for record in records:
        if time.monotonic() > deadline:
            raise TooSlow
        yield record


def _too_large() -> RawRecord:
    detail = (
        f"the body is larger than {MAX_JSON_FILE_BYTES // 2**20} MiB, the limit of plain "
        "JSON: send it as application/x-ndjson (one report per line)"
    )
    return RawRecord(SOURCE, 1, None, None, Problem(UNREADABLE_RECORD, "", detail))


class Checker:
    """The configuration and mapping of a server, loaded once; a fresh engine per request.

    Raises:
        MissingReportError: the configuration or the mapping is invalid (at start).
    """

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.config: Config = load_config(settings.config)
        self.mapping: ColumnMapping | None = (
            load_mapping(settings.mapping) if settings.mapping else None
        )
        Engine(self.config).prepare()  # reference data loaded before the first request

    def _document(
        self,
        records: Iterable[RawRecord],
        as_of: datetime,
        positions: dict[tuple[str, int], int],
        deadline: float,
    ) -> bytes:
        engine = Engine(self.config, as_of=as_of)
        out = io.StringIO(newline="\n")
        results = engine.run(_until(records, deadline))
        write_results(results, out, run_info(engine, positions), fmt="json")
        return out.getvalue().encode("utf-8")

    def validate(self, body: bytes, as_of: datetime, deadline: float) -> bytes:
        """``POST /v1/validate``: one report; a JSON list is not one (MR001)."""
        positions: dict[tuple[str, int], int] = {}
        records: Iterable[RawRecord]
        if body.removeprefix(BOM).lstrip().startswith(b"["):
            data, problem = decode_json(body)
            records = [RawRecord(SOURCE, 1, None, data, problem)]
        else:
            records = read_json_bytes(body, SOURCE, positions)
        return self._document(records, as_of, positions, deadline)

    def check(self, body: bytes, kind: BodyKind, as_of: datetime, deadline: float) -> bytes:
        """``POST /v1/check``: many reports, with the batch rules across them."""
        positions: dict[tuple[str, int], int] = {}
        records: Iterable[RawRecord]
        if kind == "ndjson":
            records = read_jsonl_lines(bounded_lines(io.BytesIO(body), ends=False), SOURCE)
        elif kind == "csv":
            records = read_csv_lines(bounded_lines(io.BytesIO(body)), SOURCE, self.mapping)
        elif len(body) > MAX_JSON_FILE_BYTES:
            records = [_too_large()]
        else:
            records = read_json_bytes(body, SOURCE, positions)
        return self._document(records, as_of, positions, deadline)
