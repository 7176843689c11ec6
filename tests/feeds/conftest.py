"""The loopback server fixture for the feed and watch tests; routes live in feed_server.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from feed_server import Server, start


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A fresh server per test module, shut down when the module's tests end."""
    state, httpd = start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
