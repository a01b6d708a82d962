"""Experiment: the cost of reading one record, step by step, and a faster path for sound ones.

Usage: python benchmarks/experiments/exp_parse.py [--lines 20000] [--corpus FILE]

Measures, per record, on the same lines (caches of the library emptied before each):
decoding (``json.loads`` plain and the project's ``decode_json``), validating the
decoded dict (``parse_record``, as the engine does), the floor
(``model_validate_json``), and a candidate fast path: ``model_validate_json`` straight
from the line bytes in strict mode with the engine's context, plus a duplicate-key
check by counting key tokens, falling back to the current path when anything fails.
Also checks that the fast path gives the same model as the current path on every line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import compare
from generate import ensure_corpus
from pydantic import BaseModel, ValidationError

from missingreport.schema import MissingChildReport
from missingreport.structure import decode_json, parse_record

CONTEXT = {"phone_region": "US"}


def count_keys(line: bytes) -> int:
    """Key tokens in a JSON text: ``":`` not preceded by a backslash (-1 when unsure).

    White space between a key and its colon would hide that key from the count:
    then -1, and the record takes the current path.
    """
    if _SPACED_KEY.search(line):
        return -1
    count = line.count(b'":')
    if b"\\" in line:
        count -= line.count(b'\\":')
    return count


_SPACED_KEY = re.compile(rb'"[ \t\r\n]+:')


def _submodels(model: type[BaseModel]) -> tuple[str, ...]:
    out = []
    for name, info in model.model_fields.items():
        args = (info.annotation, *getattr(info.annotation, "__args__", ()))
        if any(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
            out.append(name)
    return tuple(out)


_SUB: dict[type[BaseModel], tuple[str, ...]] = {}


def keys_of(model: BaseModel) -> int:
    """Keys the JSON text had (null ones included), through the sub-models."""
    cls = type(model)
    sub = _SUB.get(cls)
    if sub is None:
        sub = _SUB[cls] = _submodels(cls)
    total = len(model.__pydantic_fields_set__)
    for name in sub:
        value = getattr(model, name)
        if value is not None:
            total += keys_of(value)
    return total


def _fields_set(model: BaseModel) -> int:
    """Keys the JSON text had (null ones included), counted through the sub-models."""
    total = 0
    for name in model.model_fields_set:
        total += 1
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            total += _fields_set(value)
    return total


def fast_parse(line: bytes) -> MissingChildReport | None:
    """The strict model straight from JSON bytes, or None: use the current path."""
    try:
        report = MissingChildReport.model_validate_json(line, strict=True, context=CONTEXT)
    except ValidationError:
        return None
    if count_keys(line) != keys_of(report):
        return None  # a duplicate key (or an odd key): let decode_json say so
    return report


def _floor(line: bytes) -> None:
    with contextlib.suppress(ValidationError):
        MissingChildReport.model_validate_json(line)


def _strict_json(line: bytes) -> None:
    with contextlib.suppress(ValidationError):
        MissingChildReport.model_validate_json(line, strict=True, context=CONTEXT)


def _current(line: bytes) -> Any:
    data, problem = decode_json(line)
    if problem is None:
        return parse_record(data, context=CONTEXT)
    return None


def _fast_then_current(line: bytes) -> Any:
    return fast_parse(line) or _current(line)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    corpus = args.corpus or ensure_corpus(74_353)
    with corpus.open("rb") as handle:
        lines = [handle.readline().rstrip(b"\n") for _ in range(args.lines)]
    lines = [line for line in lines if line]
    for _ in range(2):  # warm up imports and schema building
        _current(lines[0])
        _floor(lines[0])
    print(f"{len(lines):,} lines of {corpus.name}; best of {args.rounds} interleaved rounds")
    compare(
        {
            "json.loads (plain)": json.loads,
            "decode_json (object_pairs_hook, depth check)": decode_json,
            "current: decode_json + parse_record": _current,
            "floor: model_validate_json(line)": _floor,
            "model_validate_json(line, strict=True, context=...)": _strict_json,
            "candidate: model_validate_json(strict, context) + key count": fast_parse,
            "candidate, falling back to the current path": _fast_then_current,
            "  of which: key token count": count_keys,
        },
        lines,
        rounds=args.rounds,
    )
    reports = [r for r in (fast_parse(line) for line in lines) if r is not None]
    started = time.perf_counter()
    for report in reports:
        keys_of(report)
    print(
        f"{'  of which: keys of the model (fields set)':<62} "
        f"{(time.perf_counter() - started) / len(reports) * 1e6:8.1f} us/record"
    )

    assert all(keys_of(r) == _fields_set(r) for r in reports)
    same = fast = 0
    for line in lines:
        report = fast_parse(line)
        if report is None:
            continue
        fast += 1
        parsed = _current(line)
        if parsed is not None and parsed.report is not None and parsed.report == report:
            same += 1
    print(f"fast path taken on {fast:,} of {len(lines):,} lines; same model as now on {same:,}")
    dup = lines[0].replace(b'"sex":', b'"sex":"F","sex":', 1)
    print("duplicate key falls back:", fast_parse(dup) is None, "->", decode_json(dup)[1])
    spaced = lines[0].replace(b'"sex":', b'"sex" : "F","sex":', 1)
    print("spaced duplicate falls back:", fast_parse(spaced) is None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
