"""The OpenAPI 3.1 document of the service, served at ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from .._version import RULESET, __version__
from ._settings import ServerSettings

__all__ = ["openapi_document"]

_ERROR = {"$ref": "#/components/schemas/Error"}
_AS_OF = {
    "name": "as_of",
    "in": "query",
    "required": False,
    "description": "The moment to judge against (ISO 8601; default: now). Pass it for "
    "reproducible findings.",
    "schema": {"type": "string", "examples": ["2024-04-01T00:00:00-05:00"]},
}


def _faults(*codes: int) -> dict[str, Any]:
    words = {
        401: "No or a wrong bearer token (when the server has a token file).",
        404: "No such rule, state or route.",
        408: "The body did not arrive within the time limit.",
        413: "The body is larger than the server's --max-body-mb.",
        415: "Another content type.",
        422: "A bad or unknown query parameter, or a CSV body the mapping cannot place.",
        503: "The check went past the server's time limit.",
    }
    return {
        str(code): {
            "description": words[code],
            "content": {"application/json": {"schema": _ERROR}},
        }
        for code in codes
    }


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }


def openapi_document(settings: ServerSettings) -> dict[str, Any]:
    """The OpenAPI document of a server with these settings."""
    check_doc = {"$ref": "#/components/schemas/CheckDocument"}
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "missingreport",
            "version": __version__,
            "description": "Validate reports of children missing from foster care against "
            f"schema 1.0 and the rule catalogue (ruleset {RULESET}). Bad data is never an "
            "HTTP error: it is findings, with 200.",
        },
        "paths": {
            "/v1/validate": {
                "post": {
                    "operationId": "validate",
                    "summary": "Check one report",
                    "description": "The `check --format json` document for one record. "
                    "Malformed JSON is a finding (MR001) with 200.",
                    "parameters": [_AS_OF],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {}}},
                    },
                    "responses": _ok("The findings.", check_doc)
                    | _faults(401, 408, 413, 415, 422, 503),
                }
            },
            "/v1/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Check many reports, with the rules across reports",
                    "description": "JSON Lines, a JSON list, or CSV read with the server's "
                    "column mapping. The `check --format json` document.",
                    "parameters": [_AS_OF],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-ndjson": {"schema": {"type": "string"}},
                            "application/json": {"schema": {"type": "array"}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": _ok("The findings.", check_doc)
                    | _faults(401, 408, 413, 415, 422, 503),
                }
            },
            "/v1/rules": {
                "get": {
                    "operationId": "rules",
                    "summary": "The rule catalogue (as `rules --format json`)",
                    "responses": _ok(
                        "The catalogue.",
                        {
                            "type": "object",
                            "properties": {
                                "ruleset": {"type": "string"},
                                "rules": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Rule"},
                                },
                            },
                        },
                    )
                    | _faults(401),
                }
            },
            "/v1/rules/{code}": {
                "get": {
                    "operationId": "rule",
                    "summary": "One rule, with its documentation (Markdown)",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "description": "A code (MR202) or a name (ncmec-report-late).",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": _ok("The rule.", {"$ref": "#/components/schemas/Rule"})
                    | _faults(401, 404),
                }
            },
            "/v1/schema": {
                "get": {
                    "operationId": "schema",
                    "summary": "The JSON Schema of a report (draft 2020-12)",
                    "responses": _ok("The schema.", {"type": "object"}) | _faults(401),
                }
            },
            "/v1/policy/{state}": {
                "get": {
                    "operationId": "policy",
                    "summary": "The reporting policy the tool applies for a state",
                    "parameters": [
                        {
                            "name": "state",
                            "in": "path",
                            "required": True,
                            "description": "A USPS state code (MO, DC, PR, ...).",
                            "schema": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                        }
                    ],
                    "responses": _ok("The policy.", {"type": "object"}) | _faults(401, 404),
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether the service answers",
                    "responses": _ok(
                        "It does.",
                        {
                            "type": "object",
                            "properties": {
                                "status": {"const": "ok"},
                                "version": {"type": "string"},
                            },
                        },
                    )
                    | _faults(401),
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                },
                "Finding": {
                    "type": "object",
                    "required": ["code", "name", "severity", "path", "message"],
                    "properties": {
                        "code": {"type": "string", "pattern": "^MR[0-9]{3}$"},
                        "name": {"type": "string"},
                        "severity": {"enum": ["error", "warning", "info"]},
                        "path": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
                "Result": {
                    "type": "object",
                    "required": ["source", "record", "line", "report_id", "findings"],
                    "properties": {
                        "source": {"type": ["string", "null"]},
                        "record": {"type": ["integer", "null"]},
                        "line": {"type": ["integer", "null"]},
                        "report_id": {"type": ["string", "null"]},
                        "findings": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Finding"},
                        },
                    },
                },
                "CheckDocument": {
                    "type": "object",
                    "required": ["tool", "ruleset", "as_of", "summary", "results"],
                    "properties": {
                        "tool": {"type": "object"},
                        "ruleset": {"type": "string"},
                        "as_of": {"type": "string"},
                        "summary": {
                            "type": "object",
                            "properties": {
                                key: {"type": "integer"}
                                for key in ("records", "error", "warning", "info")
                            },
                        },
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Result"},
                        },
                    },
                },
                "Rule": {
                    "type": "object",
                    "required": ["code", "name", "severity", "summary", "basis", "available"],
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "severity": {"enum": ["error", "warning", "info"]},
                        "summary": {"type": "string"},
                        "basis": {"type": "string"},
                        "available": {"type": "boolean"},
                        "documentation": {"type": "string"},
                    },
                },
            },
        },
    }
    if settings.token_file is not None:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    return document
