"""One real start of ``missingreport serve`` on 127.0.0.1 (bounded in time), and refusals."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.cli.conftest import Runner
from tests.server.conftest import AS_OF_QUERY, DATA

#: The longest the server may take to answer its first request.
START_SECONDS = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("the server did not answer in time")


def test_serve_answers_on_loopback_and_stops(tmp_path: Path) -> None:
    """Started on a free loopback port: it validates, times a stalled body out (408), logs
    no query value, and stops on SIGTERM."""
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "missingreport", "serve", "--port", str(port),
             "--time-limit", "1"],
            stdout=subprocess.DEVNULL, stderr=stderr, env=env,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, process)
            body = (DATA / "clean.json").read_bytes()
            request = urllib.request.Request(
                f"{base}/v1/validate?{AS_OF_QUERY}",
                data=body,
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                document = json.loads(response.read())
            assert document["summary"] == {"records": 1, "error": 0, "warning": 0, "info": 0}
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(
                    b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    b'\r\nContent-Length: 100\r\n\r\n{"report_id"'
                )
                answer = sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408")
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                process.kill()
                process.wait()
    text = log.read_text(encoding="utf-8")
    assert "POST /v1/validate 200" in text
    assert "POST /v1/validate 408" in text
    assert "2024-04-01" not in text
    assert "as_of" not in text


def test_off_loopback_without_a_token_file_refuses(run_cli: Runner) -> None:
    """``serve --host 0.0.0.0`` without --token-file exits 2 before listening."""
    outcome = run_cli("serve", "--host", "0.0.0.0", "--port", str(_free_port()))
    assert outcome.code == 2
    assert "--token-file" in outcome.err
    assert "not a loopback address" in outcome.err


def test_a_short_token_refuses(run_cli: Runner, tmp_path: Path) -> None:
    """A token file whose token is too short to be secret is refused (exit 2)."""
    tokens = tmp_path / "tokens"
    tokens.write_text("secret\n", encoding="utf-8")
    outcome = run_cli("serve", "--host", "0.0.0.0", "--token-file", str(tokens))
    assert outcome.code == 2
    assert "shorter than 16" in outcome.err
