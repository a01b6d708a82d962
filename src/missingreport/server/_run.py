"""Start the service under uvicorn: one process, or ``--workers N``."""

from __future__ import annotations

import os

import uvicorn

from ._app import LOGGER_NAME
from ._settings import ENVIRONMENT_VARIABLE, ServerSettings

__all__ = ["serve"]


def _log_config() -> dict[str, object]:
    """uvicorn's own messages and the service's access log, on standard error.

    uvicorn's access log is off: it writes the request line, query string and all.
    """
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            LOGGER_NAME: {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }


def serve(settings: ServerSettings) -> None:
    """Run the service until it is stopped (Ctrl-C or SIGTERM).

    Raises:
        MissingReportError: the settings are refused, or the configuration, mapping or
            token file is invalid.
    """
    from ._app import create_app

    settings.check()
    create_app(settings)  # a bad configuration or token file fails here, not in each worker
    os.environ[ENVIRONMENT_VARIABLE] = settings.to_environment()
    uvicorn.run(
        "missingreport.server._app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        access_log=False,
        log_config=_log_config(),
        server_header=False,
        timeout_graceful_shutdown=int(settings.time_limit) + 1,
    )
