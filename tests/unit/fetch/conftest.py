"""Fixtures for fetch unit tests: the in-memory internet in place of real sockets."""

from __future__ import annotations

import pytest

from pipeline.fetch import transport
from tests.unit.fetch.fakenet import FakeNet


@pytest.fixture
def fakenet(monkeypatch: pytest.MonkeyPatch) -> FakeNet:
    """A FakeNet wired into the fetcher's transport for the duration of the test."""
    net = FakeNet()
    monkeypatch.setattr(transport, "open_tcp", net.open_tcp)
    return net
