"""Fuzz the readers: any bytes, as a .json, .jsonl or .csv file or on standard input.

The first byte of an input picks how it is read (a JSON file, JSON Lines, CSV with
canonical headers, CSV with the example mapping, standard input told apart by content)
and which output format writes the findings; the rest is the file. Its records go
through the engine (every rule, batch rules too) and the output format, written as
UTF-8. Nothing may raise, every record must be numbered in order and be either data or
a problem, and every finding must keep the contract. See fuzz/README.md::

    python fuzz/fuzz_readers.py fuzz/corpus/readers -max_total_time=180
    python fuzz/fuzz_readers.py --fallback --iterations 50000 --seed 1
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

try:
    atheris: Any = importlib.import_module("atheris")
except ImportError:
    atheris = None

_instrument = atheris is not None and "--fallback" not in sys.argv
with (
    atheris.instrument_imports(include=["missingreport"])
    if _instrument
    else contextlib.nullcontext()
):
    import _common

    from missingreport import Engine
    from missingreport.engine import RawRecord
    from missingreport.errors import InputError
    from missingreport.findings import RecordResult
    from missingreport.formatters import FORMATTERS, RunInfo, Tally
    from missingreport.readers import load_mapping, read_paths, read_stream

ENGINE = Engine(as_of=_common.AS_OF, show_values=True)
MAPPING = load_mapping(_common.REPO / "examples" / "csv" / "agency-export.mapping.toml")
#: How the first byte of an input says to read it.
KINDS = (".json", ".jsonl", ".csv", "mapped.csv", "-")
FORMATS = sorted(FORMATTERS)
TMP = Path(tempfile.mkdtemp(prefix="missingreport-fuzz-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)


def _records(raw: Iterable[RawRecord], kind: str) -> Iterator[RawRecord]:
    expected = 1
    for record in raw:
        assert record.record == expected, f"record {record.record}, expected {expected}"
        assert record.data is None or record.problem is None, "both data and a problem"
        if kind == ".json":
            assert record.line is None, "a plain JSON record has no line"
        expected += 1
        yield record


def _results(results: Iterable[RecordResult]) -> Iterator[RecordResult]:
    for result in results:
        _common.check_findings(result.findings)
        yield result


def test_one_input(data: bytes) -> None:
    """Read ``data`` as its first byte says, check, format; raise only on a bug."""
    if not data:
        return
    kind, body = KINDS[data[0] % len(KINDS)], data[1:]
    fmt = FORMATS[data[0] // len(KINDS) % len(FORMATS)]
    positions: dict[tuple[str, int], int] = {}
    if kind == "-":
        raw = read_stream(io.BytesIO(body), "-", positions=positions)
    else:
        path = TMP / f"input{kind}" if kind != "mapped.csv" else TMP / "input.csv"
        path.write_bytes(body)
        mapping = MAPPING if kind == "mapped.csv" else None
        try:
            raw = read_paths([str(path)], mapping=mapping, positions=positions)
        except InputError as exc:  # refused up front: the same fault as below
            if "mapping init" not in str(exc):
                raise  # an input fault that is not a refused export
            return
    results = _results(ENGINE.run(_records(raw, kind)))
    info = RunInfo(
        as_of=ENGINE.as_of,
        notices=ENGINE.notices,
        rules=list(ENGINE.selected.values()),
        positions=positions,
        baseline=False,
    )
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    tally = Tally()
    try:
        FORMATTERS[fmt](out, info, color=False).write(tally.count(results), tally)
    except InputError as exc:  # a table without a mapping whose headers are no fields
        if "mapping init" not in str(exc):
            raise  # an input fault that is not a refused export
        return
    out.flush()


def _seeds() -> list[bytes]:
    documents = _common.json_seeds()
    example_csv = (_common.REPO / "examples" / "csv" / "agency-export.csv").read_bytes()
    jsonl = b"\n".join(documents) + b"\n"
    return [
        *(b"\x00" + doc for doc in documents),
        b"\x00[" + b",".join(documents) + b"]",
        b"\x01" + b"\n".join(d.replace(b"\n", b"") for d in documents) + b"\n",
        b"\x02" + _common.csv_seed(),
        b"\x03" + example_csv,
        b"\x04" + jsonl.replace(b"\n  ", b""),
        b"\x04" + _common.csv_seed(),
    ]


if __name__ == "__main__":
    sys.exit(_common.run(test_one_input, _seeds(), atheris, "Fuzz the missingreport readers"))
