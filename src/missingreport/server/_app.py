"""The ASGI application of ``missingreport serve`` (Starlette).

Routes: ``POST /v1/validate``, ``POST /v1/check``, ``GET /v1/rules``,
``/v1/rules/{code}``, ``/v1/schema``, ``/v1/policy/{state}``, ``/healthz`` and
``/openapi.json``. Client faults are JSON ``{"error": "..."}`` with 401, 404, 405, 408,
413, 415 or 422; bad data is never one of them, it is findings with 200. The checking
runs in worker threads, never on the event loop. The access log names the method,
the route (its template, never the path as sent), the status and the time taken:
nothing of a body, a path parameter or a query string reaches a log line.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._version import __version__
from ..cli.catalogue import rule_entry, rules_document
from ..docs import rule_markdown
from ..errors import MissingReportError, fault_site
from ..readers import format_for_media_type, media_type_words
from ..rules import get_rule
from ..schema import report_json_schema
from ._openapi import openapi_document
from ._policy import policy_document
from ._settings import ServerSettings, Tokens, load_tokens
from ._work import Checker, TooSlow, parse_as_of

__all__ = ["LOGGER_NAME", "create_app"]

#: The logger of the access log and of internal errors.
LOGGER_NAME = "missingreport.server"
_log = logging.getLogger(LOGGER_NAME)

_JSON_TYPES = ("application/json",)
#: Worker threads that check at once (the GIL makes more useless; use --workers).
_THREADS = 4


class _Fault(Exception):
    """A client fault: its status and the ``error`` text of the JSON body."""

    def __init__(self, status: int, error: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.headers = headers


def _error(status: int, error: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def _json(document: Any) -> Response:
    body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return Response(body.encode("utf-8"), media_type="application/json")


class _Guard:
    """Outermost middleware: the bearer tokens, the access log, internal errors as 500."""

    def __init__(self, app: ASGIApp, routes: list[Route], tokens: Tokens | None) -> None:
        self.app = app
        self.routes = routes
        self.tokens = tokens

    def _route(self, scope: Scope) -> str:
        for route in self.routes:
            match, _ = route.matches(scope)
            if match is not Match.NONE:
                return route.path
        return "(no route)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        sent = False

        async def sending(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                sent = True
            await send(message)

        try:
            if self.tokens is not None and not self.tokens.accepts(_header(scope)):
                response = _error(
                    401,
                    "this service needs `Authorization: Bearer <token>`",
                    {"WWW-Authenticate": 'Bearer realm="missingreport"'},
                )
                await response(scope, receive, sending)
            else:
                await self.app(scope, receive, sending)
        except Exception as exc:
            _log.error(
                "internal error in %s %s: %s", scope["method"], self._route(scope), fault_site(exc)
            )
            if not sent:
                await _error(500, "internal error (see the server's log)")(scope, receive, sending)
        finally:
            _log.info(
                "%s %s %d %.1f ms",
                scope["method"],
                self._route(scope),
                status,
                (time.perf_counter() - started) * 1000,
            )


def _header(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return str(value.decode("latin-1"))
    return None


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _query(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters, each at most once and each known (else 422)."""
    params = request.query_params
    out: dict[str, str] = {}
    for name in params:
        if name not in allowed:
            known = ", ".join(allowed) if allowed else "none"
            raise _Fault(422, f"unknown query parameter {name!r} (known: {known})")
        values = params.getlist(name)
        if len(values) != 1:
            raise _Fault(422, f"the query parameter {name!r} is given more than once")
        out[name] = values[0]
    return out


class _Service:
    """The handlers, with what they share: settings, checker, limits, cached documents."""

    def __init__(self, settings: ServerSettings, checker: Checker) -> None:
        self.settings = settings
        self.checker = checker
        self.limiter = anyio.CapacityLimiter(_THREADS)
        self.rules = rules_document()
        self.schema = report_json_schema()
        self.openapi = openapi_document(settings)

    async def _body(self, request: Request, deadline: float) -> bytes:
        limit = self.settings.max_body_bytes
        too_large = _Fault(
            413, f"the body is larger than the limit of {self.settings.max_body_mb:g} MiB"
        )
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(max(0.0, deadline - time.monotonic())):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise too_large
                    chunks.append(chunk)
        except TimeoutError:
            raise _Fault(408, "the body did not arrive within the time limit") from None
        return b"".join(chunks)

    async def _run(self, work: Callable[[], bytes]) -> Response:
        try:
            body = await anyio.to_thread.run_sync(work, limiter=self.limiter)
        except MissingReportError as exc:  # e.g. CSV headers the server's mapping cannot place
            return _error(422, str(exc))
        except TooSlow:
            limit = self.settings.time_limit
            return _error(503, f"the check took longer than the time limit of {limit:g} s: "
                          "send fewer reports per request")  # fmt: skip
        return Response(body, media_type="application/json")

    async def validate(self, request: Request) -> Response:
        deadline = time.monotonic() + self.settings.time_limit
        as_of = _as_of(_query(request, ("as_of",)))
        media = _media_type(request)
        if media not in _JSON_TYPES and not media.endswith("+json"):
            raise _Fault(415, "send the report as application/json")
        body = await self._body(request, deadline)
        return await self._run(partial(self.checker.validate, body, as_of, deadline))

    async def check(self, request: Request) -> Response:
        deadline = time.monotonic() + self.settings.time_limit
        as_of = _as_of(_query(request, ("as_of",)))
        fmt = format_for_media_type(_media_type(request))
        if fmt is None:
            raise _Fault(415, f"send one of {media_type_words()}")
        body = await self._body(request, deadline)
        return await self._run(partial(self.checker.check, body, fmt, as_of, deadline))

    async def rules_list(self, request: Request) -> Response:
        _query(request, ())
        return _json(self.rules)

    async def rule(self, request: Request) -> Response:
        _query(request, ())
        rule = get_rule(str(request.path_params["code"]))
        if rule is None:
            raise _Fault(404, "no such rule: see GET /v1/rules")
        entry = rule_entry(rule)
        entry["documentation"] = rule_markdown(rule, installed=True)
        return _json(entry)

    async def schema_document(self, request: Request) -> Response:
        _query(request, ())
        return _json(self.schema)

    async def policy(self, request: Request) -> Response:
        _query(request, ())
        document = policy_document(str(request.path_params["state"]))
        if document is None:
            raise _Fault(404, "no such state: use a USPS code (MO, DC, PR, ...)")
        return _json(document)

    async def health(self, request: Request) -> Response:
        _query(request, ())
        return _json({"status": "ok", "version": __version__})

    async def openapi_json(self, request: Request) -> Response:
        _query(request, ())
        return _json(self.openapi)


def _as_of(query: dict[str, str]) -> Any:
    try:
        return parse_as_of(query.get("as_of"))
    except ValueError:
        raise _Fault(
            422, "as_of is not an ISO 8601 date or date and time (2024-03-07T00:00:00-05:00)"
        ) from None


async def _fault(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, _Fault)
    return _error(exc.status, exc.error, exc.headers)


async def _http_fault(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = {404: "no such route: see /openapi.json", 405: "method not allowed"}.get(
        exc.status_code, str(exc.detail)
    )
    return _error(exc.status_code, error, exc.headers)


async def _internal(request: Request, exc: Exception) -> Response:
    return _error(500, "internal error (see the server's log)")


def create_app(settings: ServerSettings | None = None) -> ASGIApp:
    """The application for ``settings`` (default: those of the starting server).

    Raises:
        MissingReportError: the configuration, mapping or token file is invalid.
    """
    settings = settings if settings is not None else ServerSettings.from_environment()
    tokens = load_tokens(settings.token_file) if settings.token_file else None
    service = _Service(settings, Checker(settings))
    routes = [
        Route("/v1/validate", service.validate, methods=["POST"]),
        Route("/v1/check", service.check, methods=["POST"]),
        Route("/v1/rules", service.rules_list, methods=["GET"]),
        Route("/v1/rules/{code}", service.rule, methods=["GET"]),
        Route("/v1/schema", service.schema_document, methods=["GET"]),
        Route("/v1/policy/{state}", service.policy, methods=["GET"]),
        Route("/healthz", service.health, methods=["GET"]),
        Route("/openapi.json", service.openapi_json, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={_Fault: _fault, HTTPException: _http_fault, Exception: _internal},
    )
    return _Guard(app, routes, tokens)
