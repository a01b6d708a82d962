"""What the fuzz harnesses share: seeds, mutations, the invariants, the two run modes.

A harness is a ``test_one_input(data: bytes) -> None`` that raises only on a bug.
:func:`run` drives it with atheris (coverage-guided libFuzzer) when atheris is
installed, or with a pure-Python loop otherwise (``--fallback``): random mutations of
the seed corpus from ``random.Random(seed)``, ``--iterations`` times, reproducible.

The mutations know JSON: besides flipping bytes, they delete keys, change the type of
a value, add unknown and duplicate keys, nest garbage, and insert the tokens that
break readers (NaN, 5,000 digits, lone surrogate escapes, NUL, BOM, invalid UTF-8).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import importlib
import io
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from missingreport import all_rules
from missingreport.findings import Finding

__all__ = [
    "AS_OF",
    "REPO",
    "check_findings",
    "csv_seed",
    "json_seeds",
    "load_atheris",
    "mutate",
    "run",
]

REPO = Path(__file__).resolve().parent.parent
#: The moment every fuzzed check is judged against (fixed: a run is reproducible).
AS_OF = "2024-04-01T00:00:00+00:00"
CATALOGUE = frozenset(rule.code for rule in all_rules())
#: Longest input made by the fallback loop (atheris: ``-max_len``).
MAX_LEN = 20_000

Harness = Callable[[bytes], None]

_TOKENS = [
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\\u0000",
    b"\\ud800",
    b"\\udc00",
    b"\\ud83d\\ude00",
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"-0",
    b"9" * 5000,
    b"[" * 100,
    b"{}" * 50,
    b'"x": 1, "x": 2',
    b'=HYPERLINK("http://x","y")',
    b"\x1b[2J",
    b"\xe2\x80\xae",
]
_SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**70,
    1.5,
    1e308,
    "",
    " ",
    "x" * 101,
    "x" * 201,
    "x" * 10_001,
    "2024-02-30",
    "2024-03-05T25:00:00Z",
    "03/05/2024",
    "U",
    "ZZ",
    "\x00",
    "\x1b[2J\nfake",
    [],
    {},
]
_NEAR_KEYS = ["chlid", "first_nme", "report_Id", "", " ", "a.b", "\u202e", "0", "schema_version"]


def load_atheris() -> Any | None:
    """The atheris module, or ``None`` when it is not installed (or cannot load)."""
    try:
        return importlib.import_module("atheris")
    except ImportError:
        return None


# --- seeds -------------------------------------------------------------------------------


def json_seeds() -> list[bytes]:
    """Every report of the examples and the test base report, one JSON document each."""
    seeds: list[bytes] = [(REPO / "tests" / "rules" / "base.json").read_bytes()]
    for path in sorted((REPO / "examples" / "reports").glob("*.json")):
        seeds.append(path.read_bytes())
    for path in sorted((REPO / "examples" / "reports").glob("*.jsonl")):
        seeds.extend(line for line in path.read_bytes().splitlines() if line.strip())
    return seeds


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out[prefix + key] = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            out[prefix + key] = "true" if value else "false"
        else:
            out[prefix + key] = str(value)
    return out


def csv_seed() -> bytes:
    """The base report and the example reports as one CSV under canonical headers."""
    records: list[dict[str, Any]] = []
    for seed in json_seeds():
        with contextlib.suppress(ValueError):  # some examples are broken on purpose
            value = json.loads(seed)
            records.extend([value] if isinstance(value, dict) else [])
    columns: dict[str, None] = {}
    rows = [_flat(r) for r in records]
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


# --- mutations -------------------------------------------------------------------------------


def _nodes(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of a decoded JSON value."""
    out: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        keys: Iterable[Any] = (
            list(node)
            if isinstance(node, dict)
            else range(len(node))
            if isinstance(node, list)
            else ()
        )
        for key in keys:
            out.append((node, key))
            stack.append(node[key])
    return out


def _mutate_json(value: Any, rng: random.Random) -> Any:
    nodes = _nodes(value)
    if not nodes:
        return rng.choice(_SCALARS) if rng.random() < 0.5 else {"schema_version": "1.0"}
    container, key = rng.choice(nodes)
    op = rng.randrange(7)
    if op == 0:
        del container[key]
    elif op == 1:
        container[key] = rng.choice(_SCALARS)
    elif op == 2:
        other_container, other_key = rng.choice(nodes)
        container[key] = json.loads(json.dumps(other_container[other_key]))
    elif op == 3:
        garbage: Any = rng.choice(_SCALARS)
        for _ in range(rng.choice([1, 2, 63, 64, 65, 300])):
            garbage = [garbage] if rng.random() < 0.5 else {"a": garbage}
        container[key] = garbage
    elif op == 4 and isinstance(container, dict):
        container[rng.choice(_NEAR_KEYS) + rng.choice(["", "x", str(rng.randrange(99))])] = 1
    elif op == 5 and isinstance(container[key], str):
        text = container[key]
        cut = rng.randrange(len(text) + 1)
        container[key] = text[:cut] + rng.choice(["", "\x00", "é", "\t", " ", "0"]) + text[cut:]
    else:
        container[key] = [container[key]] * rng.choice([1, 2, 50, 51])
    return value


def _mutate_bytes(data: bytes, rng: random.Random, seeds: Sequence[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4])):
        pos = rng.randrange(len(buf) + 1)
        op = rng.randrange(6)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = rng.choice(_TOKENS)
        elif op == 2:
            del buf[pos : pos + rng.randrange(1, 64)]
        elif op == 3 and buf:
            start = rng.randrange(len(buf))
            buf[pos:pos] = buf[start : start + rng.randrange(1, 256)]
        elif op == 4 and seeds:
            other = rng.choice(seeds)
            start = rng.randrange(len(other) + 1)
            buf[pos:] = other[start:]
        else:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    return bytes(buf)


def mutate(data: bytes, rng: random.Random, seeds: Sequence[bytes] = ()) -> bytes:
    """One random mutation: structural when ``data`` is JSON, else of its bytes."""
    if rng.random() < 0.6:
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):
            pass
        else:
            try:
                text = json.dumps(_mutate_json(value, rng), ensure_ascii=rng.random() < 0.5)
            except (ValueError, RecursionError):
                return data
            out = text.encode("utf-8", "surrogatepass")
            return out if rng.random() < 0.7 else _mutate_bytes(out, rng, seeds)
    return _mutate_bytes(data, rng, seeds)


# --- the invariants -------------------------------------------------------------------------


def check_findings(findings: Iterable[Finding]) -> None:
    """Raise AssertionError when a finding breaks the contract of interfaces.md."""
    for f in findings:
        assert f.code in CATALOGUE, f"code {f.code} is not in the catalogue"
        assert f.message, "an empty message"
        assert f.message.isprintable(), f"unprintable message {f.message!r}"
        assert f.path == "" or f.path.isprintable(), f"unprintable path {f.path!r}"
        json.dumps(f.to_dict(), ensure_ascii=False).encode("utf-8")  # every output can write it


# --- running ----------------------------------------------------------------------------------


def _fallback(
    harness: Harness, seeds: Sequence[bytes], iterations: int, seed: int, crashes: Path
) -> int:
    rng = random.Random(seed)
    pool = list(seeds)
    started = time.perf_counter()
    for done in range(1, iterations + 1):
        data = rng.choice(pool)
        for _ in range(rng.choice([1, 1, 2, 3, 5])):
            data = mutate(data, rng, pool)[:MAX_LEN]
        try:
            harness(data)
        except BaseException:
            crashes.mkdir(parents=True, exist_ok=True)
            out = crashes / f"crash-{hashlib.sha1(data).hexdigest()}"
            out.write_bytes(data)
            print(f"\ncrash after {done} executions; input saved to {out}", file=sys.stderr)
            raise
        if rng.random() < 0.02 and len(pool) < 5000:
            pool.append(data)  # keep some mutants, so that mutations compound
        if done % 10_000 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"#{done} executions ({rate:,.0f}/s)", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"Done {iterations} executions in {elapsed:.0f} s; no crash", file=sys.stderr)
    return 0


def _seed_dir(argv: list[str], seeds: Sequence[bytes]) -> None:
    """Fill the corpus directory given to atheris with the seeds, when it is empty."""
    dirs = [Path(a) for a in argv[1:] if not a.startswith("-")]
    if not dirs:
        return
    corpus = dirs[0]
    if corpus.is_file() or (corpus.is_dir() and any(corpus.iterdir())):
        return  # a crash to reproduce, or a corpus already filled
    corpus.mkdir(parents=True, exist_ok=True)
    for data in seeds:
        (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)


def run(harness: Harness, seeds: Sequence[bytes], atheris: Any | None, description: str) -> int:
    """Fuzz ``harness``: atheris with libFuzzer's own flags, or the fallback loop."""
    parser = argparse.ArgumentParser(description=description, allow_abbrev=False)
    parser.add_argument("--fallback", action="store_true", help="the pure-Python loop")
    parser.add_argument("--iterations", type=int, default=100_000, help="fallback runs")
    parser.add_argument("--seed", type=int, default=0, help="fallback random seed")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    own, rest = parser.parse_known_args()
    if own.fallback or atheris is None:
        if atheris is None and not own.fallback:
            print("atheris is not installed: running the pure-Python fallback", file=sys.stderr)
        return _fallback(harness, seeds, own.iterations, own.seed, own.crashes)
    argv = [sys.argv[0], *rest]
    _seed_dir(argv, seeds)
    if not any(a.startswith("-max_len") for a in argv):
        argv.append(f"-max_len={MAX_LEN}")

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.5:
            return bytes(atheris.Mutate(data, max_size))
        return mutate(data, rng, seeds)[:max_size]

    atheris.Setup(argv, harness, custom_mutator=custom_mutator)
    atheris.Fuzz()
    return 0  # pragma: no cover - atheris.Fuzz() exits the process
