"""``missingreport serve``: the HTTP service (optional extra ``server``)."""

from __future__ import annotations

import argparse
import importlib.util
from typing import Any

from ..errors import MissingReportError
from ._common import EXIT_OK

__all__ = ["add_parser", "run"]

DESCRIPTION = """\
Serve the checks over HTTP: POST /v1/validate (one report), POST /v1/check (JSON Lines,
a JSON list or CSV), GET /v1/rules, /v1/rules/CODE, /v1/schema, /v1/policy/STATE,
/healthz and /openapi.json. Loopback only unless --token-file is given; then every
request needs `Authorization: Bearer TOKEN`. Needs the extra `server`.
"""


def _number(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected more than 0, got {text}")
        return value

    return parse


def add_parser(subparsers: Any) -> None:
    """Register ``serve``."""
    parser = subparsers.add_parser(
        "serve", help="serve the checks over HTTP", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.add_argument("--port", type=_number(int), default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--workers", type=_number(int), default=1, metavar="N", help="server processes"
    )
    parser.add_argument("--config", metavar="FILE", help="missingreport.toml or pyproject.toml")
    parser.add_argument("--mapping", metavar="FILE", help="column mapping of text/csv bodies")
    parser.add_argument(
        "--token-file", metavar="FILE",
        help="bearer tokens, one a line (required off loopback)",
    )  # fmt: skip
    parser.add_argument(
        "--max-body-mb", type=_number(float), default=16.0, metavar="MB",
        help="largest request body in MiB (default: 16; 413 beyond)",
    )  # fmt: skip
    parser.add_argument(
        "--time-limit", type=_number(float), default=60.0, metavar="SECONDS",
        help="seconds a request may take (default: 60; 408 or 503 beyond)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``serve`` until stopped."""
    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingReportError(
            "serve needs the optional extra `server` "
            f"(pip install 'missingreport[server]'): {', '.join(missing)} is not installed"
        )
    from ..server import ServerSettings, serve

    settings = ServerSettings(
        host=args.host,
        port=args.port,
        workers=args.workers,
        config=args.config,
        mapping=args.mapping,
        token_file=args.token_file,
        max_body_mb=args.max_body_mb,
        time_limit=args.time_limit,
    )
    serve(settings)
    return EXIT_OK
