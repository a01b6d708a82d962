"""Fixtures of the HTTP service's tests: the application under Starlette's test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from missingreport.server import ServerSettings, create_app
from tests.cli.conftest import run_cli  # noqa: F401 - the command line, for comparisons

DATA = Path(__file__).parent.parent / "cli" / "data"
#: The moment every request is judged against.
AS_OF = "2024-04-01T00:00:00+00:00"
#: ``as_of`` as it travels in a query string (``+`` escaped).
AS_OF_QUERY = "as_of=2024-04-01T00%3A00%3A00%2B00%3A00"

ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    """A factory of test clients for servers with the given settings."""
    clients: list[TestClient] = []

    def make(**settings: object) -> TestClient:
        client = TestClient(create_app(ServerSettings(**settings)))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    """A client of a server with the default settings."""
    return make_client()
