"""TLS through the pinned transport: the connection goes to the checked IP, the handshake
carries the host name (SNI) and the certificate is verified against the name, not the IP.

Certificates are made for the test with the openssl command line (skipped if it is missing).
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.fetch import FetchConfig, SkipFetch, fetch_page, transport
from tests.integration.fetch.conftest import PUBLIC_IP, SITE_HOST, Internet
from tests.integration.fetch.hostile_site import HostileServer

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is needed to make certs")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_pki(tmp: Path) -> Path:
    """A test CA and two server certificates: one for SITE_HOST, one for another name."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Akhbar Test CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             cwd=tmp)  # fmt: skip
    for name in (SITE_HOST, "other.test"):
        (tmp / f"{name}.ext").write_text(f"subjectAltName=DNS:{name}\nextendedKeyUsage=serverAuth\n")
        _openssl("req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=tmp)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=tmp)  # fmt: skip
    return tmp


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_pki(tmp_path_factory.mktemp("pki"))


def _tls_site(pki: Path, cert_name: str, server_names: list[str | None]) -> HostileServer:
    server = HostileServer(with_bomb=False)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki / f"{cert_name}.pem", pki / f"{cert_name}.key")
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)  # type: ignore[assignment,misc,return-value]
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return server.start()


@pytest.fixture
def trust_test_ca(pki: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport, "_SSL_CONTEXT", ssl.create_default_context(cafile=str(pki / "ca.pem")))


@pytest.fixture
def tls_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[Internet]:
    net = Internet(None)  # type: ignore[arg-type]
    monkeypatch.setattr(transport, "open_tcp", net.open_tcp)
    yield net


def test_https_verifies_the_name_on_the_pinned_ip(pki: Path, trust_test_ca: None, tls_internet: Internet) -> None:
    names: list[str | None] = []
    site = _tls_site(pki, SITE_HOST, names)
    try:
        config = FetchConfig(allowed_ports=(site.port,), respect_robots=False)
        result = fetch_page(f"https://{SITE_HOST}:{site.port}/ok", config, resolver=tls_internet.resolver)
    finally:
        site.stop()
    assert (result.status, result.address) == (200, PUBLIC_IP)
    assert "خبر عاجل" in result.text
    assert names == [SITE_HOST]  # SNI carried the name although the socket went to an IP
    assert tls_internet.connections == [(PUBLIC_IP, site.port)]


def test_certificate_for_another_name_is_refused(pki: Path, trust_test_ca: None, tls_internet: Internet) -> None:
    names: list[str | None] = []
    site = _tls_site(pki, "other.test", names)
    try:
        config = FetchConfig(allowed_ports=(site.port,), respect_robots=False)
        with pytest.raises(SkipFetch) as info:
            fetch_page(f"https://{SITE_HOST}:{site.port}/ok", config, resolver=tls_internet.resolver)
    finally:
        site.stop()
    assert info.value.reason == "tls_cert"
    assert len(site.requests) == 0
