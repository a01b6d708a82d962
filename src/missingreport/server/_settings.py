"""The service's settings, the loopback rule and the bearer tokens.

Settings travel to worker processes (``--workers N``) as JSON in an environment
variable: paths only, never a token, which each worker reads from the token file.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import ConfigError

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "ServerSettings",
    "Tokens",
    "is_loopback",
    "load_tokens",
]

#: Where a worker process finds the settings of the server that started it.
ENVIRONMENT_VARIABLE = "MISSINGREPORT_SERVER_SETTINGS"


@dataclass(frozen=True)
class ServerSettings:
    """What ``missingreport serve`` was started with.

    Attributes:
        host: the address to listen on (loopback by default).
        port: the TCP port.
        workers: server processes.
        config: the configuration file (rules, severities, policy values).
        mapping: the column mapping that ``text/csv`` bodies are read with.
        token_file: bearer tokens, one a line; required off loopback.
        max_body_mb: the largest request body, in MiB (413 beyond).
        time_limit: seconds a request may take, from its first byte to its answer.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    config: str | None = None
    mapping: str | None = None
    token_file: str | None = None
    max_body_mb: float = 16.0
    time_limit: float = 60.0

    @property
    def max_body_bytes(self) -> int:
        """The body limit in bytes."""
        return int(self.max_body_mb * 1024 * 1024)

    def check(self) -> None:
        """Refuse settings the service must not start with.

        Raises:
            ConfigError: off loopback without a token file; a limit out of range.
        """
        if not is_loopback(self.host) and self.token_file is None:
            raise ConfigError(
                f"refusing to listen on {self.host}, which is not a loopback address, "
                "without --token-file: every request would be unauthenticated"
            )
        if self.max_body_mb <= 0:
            raise ConfigError("--max-body-mb must be more than 0")
        if self.time_limit <= 0:
            raise ConfigError("--time-limit must be more than 0")
        if self.workers < 1:
            raise ConfigError("--workers must be 1 or more")

    def to_environment(self) -> str:
        """The settings as the JSON of :data:`ENVIRONMENT_VARIABLE`."""
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> ServerSettings:
        """The settings a worker process was started with."""
        text = os.environ.get(ENVIRONMENT_VARIABLE)
        if not text:
            return cls()
        return cls(**json.loads(text))


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Tokens:
    """The accepted bearer tokens, compared in constant time."""

    def __init__(self, tokens: list[str]) -> None:
        self._tokens = [t.encode("utf-8") for t in tokens]

    def __len__(self) -> int:
        return len(self._tokens)

    def accepts(self, header: str | None) -> bool:
        """Whether an ``Authorization`` header carries one of the tokens."""
        if header is None:
            return False
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return False
        candidate = given.strip().encode("utf-8")
        found = False
        for token in self._tokens:  # every token compared: the time says nothing
            found |= hmac.compare_digest(candidate, token)
        return found


def load_tokens(path: str) -> Tokens:
    """The tokens of a token file: one a line; blank lines and ``#`` comments ignored.

    Raises:
        ConfigError: the file cannot be read, holds no token, or a token is shorter
            than 16 characters.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"cannot read the token file {path}: {reason}") from None
    tokens = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    if not tokens:
        raise ConfigError(f"the token file {path} holds no token")
    short = [i for i, token in enumerate(tokens, start=1) if len(token) < 16 or " " in token]
    if short:
        raise ConfigError(
            f"the token file {path}: token {short[0]} is shorter than 16 characters or "
            "holds a space; use a long random token (e.g. `openssl rand -hex 32`)"
        )
    return Tokens(tokens)
