"""SSRF guard: which URLs may be fetched, and which resolved addresses may be connected to.

Every hop (first URL and each redirect) goes through ``check_url`` then ``resolve_checked``;
the transport then connects only to the addresses returned here (see transport.py), so a
DNS answer that changes between check and connect (rebinding) is never used.

Policy (``allow_private`` relaxes only the first two rows, for local tests and private deployments):

===================  =============================================  ================
reason               addresses                                      allow_private
===================  =============================================  ================
ssrf:loopback        127.0.0.0/8, ::1                               allowed
ssrf:private         10/8, 172.16/12, 192.168/16, fc00::/7          allowed
ssrf:metadata        169.254.169.254, fd00:ec2::254, 168.63.129.16  refused
ssrf:ipv4_mapped     ::ffff:0:0/96, ::/96 (IPv4-compatible)         refused
ssrf:nat64           64:ff9b::/96, 64:ff9b:1::/48                   refused
ssrf:6to4            2002::/16                                      refused
ssrf:teredo          2001::/32                                      refused
ssrf:link_local      169.254/16, fe80::/10                          refused
ssrf:cgnat           100.64/10                                      refused
ssrf:multicast       224/4, ff00::/8                                refused
ssrf:unspecified     0.0.0.0/8, ::                                  refused
ssrf:not_global      anything else Python does not call global      refused
===================  =============================================  ================

Tunnelled IPv4 forms are refused whatever IPv4 they carry: the gateway that unwraps them is
outside our control, and no news site needs them.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from pipeline.fetch.config import FetchConfig
from pipeline.fetch.errors import RetryFetch, SkipFetch

Resolver = Callable[[str, int], list[str]]
# Submission allows 2048; redirect targets get some slack, but not megabytes of Location header.
MAX_URL_LENGTH = 8192
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_N = ipaddress.ip_network
# Cloud metadata endpoints: AWS/GCP/Azure/OpenStack, AWS IPv6, Azure WireServer (a public address).
_METADATA = {ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "168.63.129.16")}
# Order matters: the first matching row gives the reason.
_RULES: tuple[tuple[str, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]], ...] = (
    ("ssrf:unspecified", (_N("0.0.0.0/8"), _N("::/128"))),
    ("ssrf:loopback", (_N("127.0.0.0/8"), _N("::1/128"))),
    ("ssrf:ipv4_mapped", (_N("::ffff:0:0/96"), _N("::/96"))),
    ("ssrf:nat64", (_N("64:ff9b::/96"), _N("64:ff9b:1::/48"))),
    ("ssrf:6to4", (_N("2002::/16"),)),
    ("ssrf:teredo", (_N("2001::/32"),)),
    ("ssrf:private", (_N("10.0.0.0/8"), _N("172.16.0.0/12"), _N("192.168.0.0/16"), _N("fc00::/7"))),
    ("ssrf:link_local", (_N("169.254.0.0/16"), _N("fe80::/10"))),
    ("ssrf:cgnat", (_N("100.64.0.0/10"),)),
    ("ssrf:multicast", (_N("224.0.0.0/4"), _N("ff00::/8"))),
)
_RELAXED = frozenset({"ssrf:loopback", "ssrf:private"})


@dataclass(frozen=True)
class Target:
    """A URL that passed the syntactic checks: what to resolve and where to connect."""

    url: httpx.URL
    host: str  # ASCII (IDNA) host, lower case, no brackets
    port: int


def address_refusal(address: str | IPAddress, *, allow_private: bool) -> str | None:
    """Why connecting to ``address`` is refused (an ``ssrf:*`` reason), or None when it is allowed."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if ip in _METADATA:
        return "ssrf:metadata"
    reason = None
    for name, networks in _RULES:
        if any(ip.version == net.version and ip in net for net in networks):
            reason = name
            break
    if reason is None and not ip.is_global:
        reason = "ssrf:not_global"
    if reason in _RELAXED and allow_private:
        return None
    return reason


def check_url(url: str | httpx.URL, config: FetchConfig) -> Target:
    """Syntactic checks on one hop: scheme, userinfo, host and port. Raises SkipFetch."""
    if len(str(url)) > MAX_URL_LENGTH:
        raise SkipFetch("bad_url", f"longer than {MAX_URL_LENGTH} characters")
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise SkipFetch("bad_url", str(exc)[:200]) from None
    if parsed.scheme not in ("http", "https"):
        raise SkipFetch("bad_scheme", parsed.scheme or "missing")
    if parsed.userinfo:
        raise SkipFetch("userinfo")
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    if not host:
        raise SkipFetch("bad_url", "no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if config.allowed_ports and port not in config.allowed_ports:
        raise SkipFetch("bad_port", str(port))
    return Target(url=parsed, host=host, port=port)


def default_resolver(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to, via the system resolver (getaddrinfo)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if addr not in seen:
            seen.append(addr)
    return seen


def _resolve_with_timeout(resolver: Resolver, host: str, port: int, timeout: float) -> list[str]:
    """Run the resolver in a daemon thread: getaddrinfo has no timeout of its own."""
    box: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = resolver(host, port)
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name=f"resolve-{host}", daemon=True).start()
    if not done.wait(max(timeout, 0.0)):
        raise RetryFetch("timeout", "dns")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return list(box["value"])  # type: ignore[call-overload]


def resolve_checked(target: Target, config: FetchConfig, resolver: Resolver | None, deadline: float) -> list[str]:
    """Resolve ``target.host`` once and return its addresses; refuse if ANY answer is not allowed.

    Refusing the whole name (not just filtering bad answers) is deliberate: a name that
    mixes public and internal answers is either misconfigured or an attack.
    """
    literal: IPAddress | None
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        answers = [str(literal)]
    else:
        try:
            answers = _resolve_with_timeout(
                resolver or default_resolver, target.host, target.port, deadline - time.monotonic()
            )
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                raise SkipFetch("dns_nxdomain", target.host) from None
            raise RetryFetch("dns_error", f"{target.host}: {exc}") from None
        except (OSError, UnicodeError) as exc:
            raise RetryFetch("dns_error", f"{target.host}: {exc}") from None
    if not answers:
        raise SkipFetch("dns_nxdomain", target.host)
    checked: list[str] = []
    for answer in answers:
        try:
            ip = ipaddress.ip_address(answer)
        except ValueError:
            raise SkipFetch("ssrf:bad_address", answer) from None
        refusal = address_refusal(ip, allow_private=config.allow_private)
        if refusal is not None:
            raise SkipFetch(refusal, f"{target.host} -> {ip}")
        checked.append(str(ip))
    return checked
