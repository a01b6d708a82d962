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

from ..config import Config, load_config
from ..engine import Engine, RawRecord, resolve_as_of
from ..formatters._run import run_info, write_results
from ..readers import ColumnMapping, load_mapping
from ..readers._format import Format, Options
from ..readers._lines import BOM
from ..readers.jsonfile import JSON
from ..structure import decode_json
from ._settings import ServerSettings

__all__ = ["SOURCE", "Checker", "TooSlow", "parse_as_of"]

#: The ``source`` of every record of a request.
SOURCE = "-"


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
            records = JSON.read_stream(io.BytesIO(body), SOURCE, Options(positions=positions))
        return self._document(records, as_of, positions, deadline)

    def check(self, body: bytes, fmt: Format, as_of: datetime, deadline: float) -> bytes:
        """``POST /v1/check``: many reports in the format of the body's media type, read
        as ``check -`` reads that format (a table through the server's mapping), with the
        batch rules across them."""
        positions: dict[tuple[str, int], int] = {}
        options = Options(mapping=self.mapping, positions=positions)
        records = fmt.read_stream(io.BytesIO(body), SOURCE, options)
        return self._document(records, as_of, positions, deadline)
