"""Load on ``missingreport serve``: requests per second and latency, on loopback only.

Usage::

    python benchmarks/bench_server.py                      # 10,000 reports, seed 1
    python benchmarks/bench_server.py --requests 2000 --seconds 20 --clients 8

For 1 and then 2 worker processes (``--workers``), the script starts the service on
127.0.0.1 at a free port and, from ``--clients`` threads each holding one keep-alive
connection, POSTs single reports of a generated corpus to ``/v1/validate`` until
``--requests`` requests have been answered or ``--seconds`` have passed, whichever
comes first. It prints requests per second and the 50th and 99th percentile latency.
It then POSTs the whole corpus (``--count`` reports, JSON Lines) to ``/v1/check``
once per worker count (the server started with ``--max-body-mb 64``: 10,000
generated reports are about 18 MB) and prints the time. Every answer must be 200 with the
expected record count; the script exits 1 on any error. The server is stopped at
the end whatever happens, and the client threads stop by themselves.

The client threads run on the same machine as the server, so they take part of its
CPU: the figures are those of a client and a server sharing the cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench_common import OUT, describe_machine
from generate import AS_OF, ensure_corpus

__all__ = ["main"]

HOST = "127.0.0.1"
#: The longest a server may take to answer its first request.
START_SECONDS = 60.0


@dataclass
class Load:
    """What the client threads saw."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _start(workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = [sys.executable, "-m", "missingreport", "serve", "--host", HOST,
               "--port", str(port), "--workers", str(workers), "--max-body-mb", "64"]  # fmt: skip
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped; see {log}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return process, port
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not answer in time")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _client(
    port: int, bodies: list[bytes], offset: int, budget: list[int], until: float,
    load: Load, lock: threading.Lock,
) -> None:  # fmt: skip
    path = f"/v1/validate?as_of={AS_OF.replace('+', '%2B').replace(':', '%3A')}"
    headers = {"Content-Type": "application/json"}
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    index = offset
    try:
        while time.monotonic() < until:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            body = bodies[index % len(bodies)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                ok = response.status == 200 and b'"records": 1' in answer
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    load.latencies.append(elapsed)
                else:
                    load.errors += 1
    finally:
        connection.close()


def _validate_load(port: int, bodies: list[bytes], args: argparse.Namespace) -> Load:
    load, lock = Load(), threading.Lock()
    budget = [args.requests]
    started = time.perf_counter()
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(
            target=_client, args=(port, bodies, i * 997, budget, until, load, lock), daemon=True
        )
        for i in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 60)
    load.seconds = time.perf_counter() - started
    return load


def _batch(port: int, body: bytes, count: int) -> tuple[float, bool, dict[str, int]]:
    path = f"/v1/check?as_of={AS_OF.replace('+', '%2B').replace(':', '%3A')}"
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    started = time.perf_counter()
    try:
        connection.request(
            "POST", path, body=body, headers={"Content-Type": "application/x-ndjson"}
        )
        response = connection.getresponse()
        answer = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    if response.status != 200:
        return seconds, False, {}
    summary: dict[str, int] = json.loads(answer)["summary"]
    return seconds, summary["records"] == count, summary


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="reports of the batch")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--requests", type=int, default=2000, help="validate requests per run")
    parser.add_argument("--seconds", type=float, default=30.0, help="longest validate run")
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 1 when any request failed."""
    args = _parse_args(argv)
    corpus = ensure_corpus(args.count, args.seed, args.defect_rate)
    body = corpus.read_bytes()
    bodies = [line for line in body.splitlines() if line.strip()]
    count = len(bodies)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"corpus: {corpus} ({count:,} reports, {len(body) / 1e6:.1f} MB)")
    print(f"machine: {describe_machine()}")
    print(f"load: {args.clients} client threads, at most {args.requests} requests or "
          f"{args.seconds:g} s per run, keep-alive, loopback")  # fmt: skip
    figures: dict[str, object] = {}
    errors = 0
    for workers in (1, 2):
        process, port = _start(workers, OUT / f"bench-server-{workers}.log")
        try:
            load = _validate_load(port, bodies, args)
            seconds, ok, summary = _batch(port, body, count)
        finally:
            _stop(process)
        done = len(load.latencies)
        rate = done / load.seconds if load.seconds else 0.0
        errors += load.errors + (0 if ok else 1)
        print(
            f"/v1/validate, {workers} worker(s): {done} requests in {load.seconds:.1f} s, "
            f"{rate:.0f} requests/s, p50 {load.percentile(50) * 1000:.1f} ms, "
            f"p99 {load.percentile(99) * 1000:.1f} ms, {load.errors} errors"
        )
        print(
            f"/v1/check, {workers} worker(s): {count:,} reports in {seconds:.2f} s "
            f"({count / seconds:,.0f} reports/s), {'ok' if ok else 'ERROR'} {summary}"
        )
        figures[f"workers_{workers}"] = {
            "validate_requests": done,
            "validate_requests_per_second": round(rate, 1),
            "validate_p50_ms": round(load.percentile(50) * 1000, 2),
            "validate_p99_ms": round(load.percentile(99) * 1000, 2),
            "validate_errors": load.errors,
            "check_seconds": round(seconds, 3),
            "check_ok": ok,
        }
    print(f"errors: {errors}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
