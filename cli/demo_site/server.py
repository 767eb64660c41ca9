"""A quiet loopback HTTP server that serves the bundled demo pages.

Each page is served under ``/{site}/{slug}.html`` with a Content-Type that carries
``; charset=...`` only when the article declares its charset (one windows-1256 page declares it
nowhere, on purpose, so charset detection has to earn its keep). ``/robots.txt`` allows
everything and ``/`` lists the pages; anything else is a 404.
"""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from .articles import ARTICLES
from .layouts import render_page
from .model import DemoArticle

ROBOTS_TXT = b"User-agent: *\nAllow: /\n"


def content_type(article: DemoArticle) -> str:
    """The Content-Type header a page is served with."""
    if article.declare_charset:
        return f"text/html; charset={article.encoding}"
    return "text/html"


def _index_page(articles: tuple[DemoArticle, ...]) -> bytes:
    items = "".join(
        f'<li><a href="{html.escape(a.path)}">{html.escape(a.title)}</a> ({html.escape(a.outlet)})</li>'
        for a in articles
    )
    page = f'<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8"><ul>{items}</ul></html>'
    return page.encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    """Serves pre-rendered pages from the table the server was built with."""

    server: _DemoHTTPServer
    server_version = "AkhbarDemo/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        found = self.server.pages.get(path)
        if found is None:
            status, ctype, body = 404, "text/plain; charset=utf-8", b"not found\n"
        else:
            status, (ctype, body) = 200, found
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the demo and the tests must not spray request logs on stderr."""


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, tuple[str, bytes]]


class DemoSite:
    """The demo pages on a loopback HTTP server running in a daemon thread.

    Use as a context manager, or call ``start()`` (returns the base URL) and ``stop()``.
    Port 0 (the default) lets the OS choose a free port.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        articles: tuple[DemoArticle, ...] = ARTICLES,
    ) -> None:
        self.host = host
        self.port = port
        self.articles = articles
        self._server: _DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running server."""
        if self._server is None:
            raise RuntimeError("DemoSite is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        """Bind, start serving in a daemon thread, and return the base URL."""
        if self._server is not None:
            return self.base_url
        pages: dict[str, tuple[str, bytes]] = {a.path: (content_type(a), render_page(a)) for a in self.articles}
        pages["/robots.txt"] = ("text/plain; charset=utf-8", ROBOTS_TXT)
        pages["/"] = ("text/html; charset=utf-8", _index_page(self.articles))
        server = _DemoHTTPServer((self.host, self.port), _Handler)
        server.pages = pages
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="akhbar-demo-site", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and release the port (safe to call twice)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def url_for(self, article: DemoArticle) -> str:
        """The absolute URL of an article's page on the running server."""
        return f"{self.base_url}{article.path}"

    def urls(self) -> list[str]:
        """The URLs of every served article, in ``articles`` order."""
        return [self.url_for(a) for a in self.articles]

    def __enter__(self) -> DemoSite:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
