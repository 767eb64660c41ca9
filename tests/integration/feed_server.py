"""A loopback HTTP server whose documents tests change between polls (feeds, sitemaps, pages).

Each path serves a Resource; a strong ETag is derived from the body, so an unchanged
document answers 304 to If-None-Match, as real feed servers do. Every request is logged
(path and conditional headers) so tests can assert exactly what the poller sent.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Resource:
    """What one path answers."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: bool = True
    delay: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()


class FeedServer:
    """ThreadingHTTPServer on 127.0.0.1:port with mutable resources."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.resources: dict[str, Resource] = {}
        self.requests: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        self.posts: list[tuple[str, bytes]] = []  # (path, body) of POST requests
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append((self.path, self.headers.get("If-None-Match")))
                    res = server.resources.get(self.path)
                if res is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if res.delay:
                    time.sleep(res.delay)
                etag = '"' + hashlib.sha1(res.body).hexdigest()[:16] + '"' if res.etag else None
                if etag and res.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(res.status)
                self.send_header("Content-Type", res.content_type)
                self.send_header("Content-Length", str(len(res.body)))
                if etag:
                    self.send_header("ETag", etag)
                for name, value in res.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(res.body)

            def do_POST(self) -> None:  # a WebSub hub receiving subscription requests
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with server._lock:
                    server.posts.append((self.path, body))
                    res = server.resources.get(self.path)
                status = res.status if res else 404
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def set(self, path: str, body: bytes | str, **kwargs: object) -> str:
        """Serve `body` at `path` from now on; returns the URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.resources[path] = Resource(data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> list[str | None]:
        """The If-None-Match header of every request to `path`, in order."""
        with self._lock:
            return [inm for p, inm in self.requests if p == path]


def rss(items: list[tuple[str, str, str | None]], *, title: str = "Test feed", extra: str = "") -> str:
    """An RSS 2.0 document with (link, title, pubDate) items."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>{title}</title>{extra}"
    ]
    for link, item_title, date in items:
        when = f"<pubDate>{date}</pubDate>" if date else ""
        parts.append(f"<item><title>{item_title}</title><link>{link}</link>{when}</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def urlset(urls: list[str], *, news: dict[str, tuple[str, str]] | None = None) -> str:
    """A sitemap; URLs in `news` get a Google News block (title, publication date)."""
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>']
    for url in urls:
        block = ""
        if news and url in news:
            title, date = news[url]
            block = (
                f"<news:news><news:publication><news:name>T</news:name><news:language>ar</news:language>"
                f"</news:publication><news:publication_date>{date}</news:publication_date>"
                f"<news:title>{title}</news:title></news:news>"
            )
        parts.append(f"<url><loc>{url}</loc>{block}</url>")
    parts.append("</urlset>")
    return "".join(parts)


def sitemap_index(urls: list[str]) -> str:
    """A sitemap index listing child sitemaps."""
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    )
