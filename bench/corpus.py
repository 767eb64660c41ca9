"""The benchmark corpus: at least 300 realistic news pages held in memory, and a loopback server.

Three sources, Arabic first:
- the 24 bundled demo pages (cli/demo_site), as served by ``akhbar demo``;
- the real pages of /work/shared/corpus/html (Arabic, French, Persian), read at run time and
  never copied into the repository (the two sub-1 KB encoding fixtures are left out);
- generated variants: longer Arabic articles mixed from the demo paragraphs in the demo layouts,
  and English articles in a plain layout, padded with the kind of bulk real pages carry (related
  lists, reader comments, an inline JSON state blob) to sizes spread log-uniformly over 20 KB-1 MB.

``CorpusServer`` serves page ``n % len(pages)`` under ``/p/{n}/{slug}``, so a benchmark can
submit an unbounded stream of URLs that canonicalisation never folds into one another.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import random
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cli.demo_site import ARTICLES, content_type, render_page
from cli.demo_site.model import LAYOUTS

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(os.environ.get("AKHBAR_CORPUS", ROOT.parent / "shared" / "corpus"))
MIN_REAL_BYTES = 2_000  # the chardet fixtures are 600-byte snippets, not pages
MIN_PADDED, MAX_PADDED = 20_000, 1_000_000


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the corpus as the server sends it."""

    slug: str
    source: str  # demo | real | generated-ar | generated-en
    language: str
    content_type: str
    body: bytes

    def text(self) -> str:
        """The page decoded the way a browser would from its declared charset (utf-8 otherwise)."""
        charset = "utf-8"
        if "charset=" in self.content_type:
            charset = self.content_type.split("charset=", 1)[1].strip()
        return self.body.decode(charset, errors="replace")


_EN_SENTENCES = (
    "The finance ministry said on Tuesday that the budget deficit narrowed to 4.1 percent of output.",
    "Officials in Rabat and Algiers met for a second round of talks on cross-border trade.",
    "The central bank kept its benchmark rate unchanged at 2.75 percent, citing easing inflation.",
    "Heavy rain is expected across the northern provinces until Friday, the weather office warned.",
    "Negotiators arrived in Doha on Sunday evening for what mediators called a decisive phase.",
    "The national team will face Croatia in Zagreb next month in the opening match of the group.",
    "More than 120,000 visitors attended the book fair during its first week, organisers said.",
    "Airport traffic in Dubai rose 8 percent year on year, with 4.2 million passengers in December.",
    "The health ministry launched a seasonal influenza vaccination campaign for schoolchildren.",
    "Parliament is due to vote on the draft law before the end of the current session in June.",
    "OPEC+ agreed to postpone the planned output increase by three months, two delegates said.",
    "UNESCO added the practice to its list of intangible cultural heritage at a meeting in Asuncion.",
    "Exporters said the new customs procedures had cut waiting times at the port by half.",
    "The minister told reporters that the reform would be phased in over the next two years.",
)


def _english_page(slug: str, rng: random.Random) -> str:
    paragraphs = [" ".join(rng.sample(_EN_SENTENCES, rng.randint(3, 5))) for _ in range(rng.randint(5, 12))]
    title = rng.choice(_EN_SENTENCES).split(",")[0].rstrip(".")
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in ("world", "business", "sport", "culture"))
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Maghreb Wire</title>"
        f'<meta property="article:published_time" content="{day}T08:30:00+00:00">'
        '<meta property="og:site_name" content="Maghreb Wire"></head><body>'
        f'<header><a class="logo" href="/">Maghreb Wire</a><nav><ul>{nav}</ul></nav></header>'
        f'<main><article><h1>{html.escape(title)}</h1><p class="byline">By Staff Reporter, {day}</p>'
        f'<div class="article-body">{body}</div></article></main>'
        "<footer><p>© 2024 Maghreb Wire. All rights reserved.</p></footer></body></html>"
    )


def _padding(target: int, rng: random.Random, titles: list[str], comments: list[str]) -> str:
    """Bulk outside the article, as real pages have it: related links, comments, a JSON blob."""
    parts: list[str] = []
    size = 0
    while size < target:
        kind = rng.random()
        if kind < 0.4:
            items = "".join(
                f'<li><a href="/news/{rng.randint(1000, 99999)}">{html.escape(rng.choice(titles))}</a>'
                f'<span class="meta">{rng.randint(1, 59)} د</span></li>'
                for _ in range(20)
            )
            chunk = f'<section class="related"><h3>أخبار ذات صلة</h3><ul>{items}</ul></section>'
        elif kind < 0.7:
            items = "".join(
                f'<li class="comment"><div class="comment-author">زائر {rng.randint(1, 999)}</div>'
                f'<div class="comment-body"><p>{html.escape(rng.choice(comments))}</p></div></li>'
                for _ in range(12)
            )
            chunk = f'<section class="comments"><ol>{items}</ol></section>'
        else:
            state = {"items": [{"id": rng.randint(1, 10**6), "title": rng.choice(titles)} for _ in range(40)]}
            chunk = f'<script type="application/json" class="state">{json.dumps(state, ensure_ascii=False)}</script>'
        parts.append(chunk)
        size += len(chunk.encode())
    return "\n".join(parts)


def _padded(page_html: str, target_bytes: int, rng: random.Random, titles: list[str], comments: list[str]) -> str:
    missing = target_bytes - len(page_html.encode())
    if missing <= 0:
        return page_html
    head, sep, tail = page_html.rpartition("</body>")
    if not sep:
        return page_html + _padding(missing, rng, titles, comments)
    return head + _padding(missing, rng, titles, comments) + sep + tail


def _target_size(rng: random.Random) -> int:
    # log-uniform: as many 20-60 KB pages as 300 KB-1 MB ones, like a real crawl's long tail
    return int(MIN_PADDED * (MAX_PADDED / MIN_PADDED) ** rng.random())


def real_pages(corpus_dir: Path = CORPUS_DIR) -> list[Page]:
    """The real pages of the shared corpus (empty when it is absent, e.g. in a fresh clone)."""
    index = corpus_dir / "index.json"
    if not index.exists():
        return []
    pages = []
    for record in json.loads(index.read_text()):
        path = corpus_dir / record["html_file"]
        if not path.exists() or path.stat().st_size < MIN_REAL_BYTES:
            continue
        body = path.read_bytes()
        ctype = "text/html; charset=utf-8" if _is_utf8(body) else "text/html"
        pages.append(Page(record["id"].replace("__", "-"), "real", record.get("language") or "", ctype, body))
    return pages


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def build_corpus(min_pages: int = 300, seed: int = 20241121, corpus_dir: Path = CORPUS_DIR) -> list[Page]:
    """Demo pages, real pages and generated variants: at least ``min_pages``, deterministic for a seed.

    About 7 in 8 generated pages are Arabic; the rest English. French (and Persian) come from
    the real pages.
    """
    rng = random.Random(seed)
    pages = [Page(a.slug, "demo", a.language, content_type(a), render_page(a)) for a in ARTICLES]
    pages += real_pages(corpus_dir)
    titles = [a.title for a in ARTICLES]
    comments = [p for a in ARTICLES for p in a.paragraphs if len(p) < 400] or titles
    paragraphs = [p for a in ARTICLES for p in a.paragraphs]
    n = 0
    while len(pages) < min_pages:
        n += 1
        slug = f"gen-{n:04d}"
        target = _target_size(rng)
        if n % 8 == 0:
            doc = _padded(_english_page(slug, rng), target, rng, titles, comments)
            pages.append(Page(slug, "generated-en", "en", "text/html; charset=utf-8", doc.encode()))
            continue
        base = rng.choice(ARTICLES)
        mixed = tuple(rng.sample(paragraphs, rng.randint(4, 14)))
        article = dataclasses.replace(
            base,
            slug=slug,
            paragraphs=mixed,
            layout=rng.choice(LAYOUTS),
            encoding="utf-8",
            declare_charset=True,
            title=f"{rng.choice(titles)} ({n})",
        )
        doc = _padded(render_page(article).decode("utf-8"), target, rng, titles, comments)
        pages.append(Page(slug, "generated-ar", "ar", content_type(article), doc.encode("utf-8")))
    # One fixed shuffle: a run that stops mid-pass still sees the corpus's mix of sources and sizes.
    rng.shuffle(pages)
    return pages


def describe(pages: list[Page]) -> dict[str, object]:
    """Counts by source and language, and the size distribution (for the results JSON)."""
    sizes = sorted(len(p.body) for p in pages)
    by_source: dict[str, int] = {}
    by_language: dict[str, int] = {}
    for p in pages:
        by_source[p.source] = by_source.get(p.source, 0) + 1
        by_language[p.language] = by_language.get(p.language, 0) + 1
    return {
        "pages": len(pages),
        "by_source": by_source,
        "by_language": by_language,
        "bytes_total": sum(sizes),
        "bytes_min": sizes[0],
        "bytes_median": sizes[len(sizes) // 2],
        "bytes_max": sizes[-1],
        "pages_20k_1m": sum(MIN_PADDED <= s <= MAX_PADDED for s in sizes),
    }


class _Handler(BaseHTTPRequestHandler):
    server: _CorpusHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as a real news site offers

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            self._send(200, "text/plain", b"User-agent: *\nAllow: /\n")
            return
        parts = path.split("/")
        if len(parts) >= 3 and parts[1] == "p" and parts[2].isdigit():
            page = self.server.pages[int(parts[2]) % len(self.server.pages)]
            self._send(200, page.content_type, page.body)
            return
        self._send(404, "text/plain", b"not found\n")

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: thousands of requests."""


class _CorpusHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    pages: list[Page]


class CorpusServer:
    """The corpus on 127.0.0.1, no artificial delay, in a daemon thread (context manager)."""

    def __init__(self, pages: list[Page], port: int = 0, host: str = "127.0.0.1") -> None:
        self.pages = pages
        self._server = _CorpusHTTPServer((host, port), _Handler)
        self._server.pages = pages
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-corpus", daemon=True)

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._server.server_address[1])

    def url(self, n: int) -> str:
        """A distinct URL for the n-th submission (page n mod corpus size)."""
        page = self.pages[n % len(self.pages)]
        return f"http://127.0.0.1:{self.port}/p/{n}/{page.slug}"

    def __enter__(self) -> CorpusServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


if __name__ == "__main__":
    print(json.dumps(describe(build_corpus()), indent=1))
