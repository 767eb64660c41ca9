"""Fixtures for the fetcher's integration tests: the hostile site, and a simulated public internet.

The site listens on 127.0.0.1, which the SSRF guard refuses unless ``allow_private``. To test
the guard as it runs in production (``allow_private=False``), the tests resolve the site's
name ``hostile.test`` to a public address (PUBLIC_IP) and replace the fetcher's last step,
``transport.open_tcp``, by a router that carries connections for PUBLIC_IP to the site: the
guard sees a public address; redirects to loopback, metadata, NAT64 or mapped addresses are
checked for real. Loopback connections pass through only when the guard allowed them
(``allow_private=True`` tests). Anything else is refused without touching the network.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpcore
import pytest

from pipeline.fetch import transport
from tests.integration.fetch.hostile_site import HostileServer

PUBLIC_IP = "93.184.215.14"
SITE_HOST = "hostile.test"
# Same site, another name: its robots.txt is served as a slowloris.
SLOW_ROBOTS_HOST = "slow-robots.test"


class Internet:
    """Routes checked addresses to local servers and records every connection attempt."""

    def __init__(self, site: HostileServer) -> None:
        self.site = site
        self.connections: list[tuple[str, int]] = []
        self.public_reachable = True
        self._real_open_tcp = transport.open_tcp

    def open_tcp(self, ip: str, port: int, timeout: float) -> httpcore.NetworkStream:
        """Replacement for transport.open_tcp."""
        self.connections.append((ip, port))
        if ip == PUBLIC_IP and self.public_reachable:
            return self._real_open_tcp("127.0.0.1", port, timeout)
        if ip == "127.0.0.1":
            return self._real_open_tcp(ip, port, timeout)
        raise httpcore.ConnectError(f"simulated internet: no route to {ip}:{port}")

    def resolver(self, host: str, port: int) -> list[str]:
        """The site's names resolve to the public address; nothing else exists."""
        if host in (SITE_HOST, SLOW_ROBOTS_HOST):
            return [PUBLIC_IP]
        raise OSError(f"simulated DNS: unknown host {host}")


@pytest.fixture(scope="module")
def site() -> Iterator[HostileServer]:
    """The hostile site, one per test module."""
    server = HostileServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def internet(site: HostileServer, monkeypatch: pytest.MonkeyPatch) -> Internet:
    """The simulated internet wired into the fetcher for one test."""
    net = Internet(site)
    monkeypatch.setattr(transport, "open_tcp", net.open_tcp)
    return net
