"""The HTTP service, ``missingreport serve``: for systems that are not Python.

Needs the optional extra ``server`` (Starlette and uvicorn). See ``docs/http.md``
for the routes, authentication and limits.
"""

from __future__ import annotations

from ._app import LOGGER_NAME, create_app
from ._run import serve
from ._settings import ServerSettings, is_loopback, load_tokens

__all__ = ["LOGGER_NAME", "ServerSettings", "create_app", "is_loopback", "load_tokens", "serve"]
