"""Serve the demo site until Ctrl-C: ``python -m cli.demo_site [--port N]``.

Handy to look at the pages in a browser or to point ``curl`` / the API at them by hand.
"""

from __future__ import annotations

import argparse
import threading

from .articles import ARTICLES
from .server import DemoSite


def main(argv: list[str] | None = None) -> None:
    """Start the server on 127.0.0.1, print every page URL, and block until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m cli.demo_site", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    args = parser.parse_args(argv)
    with DemoSite(port=args.port) as site:
        print(f"demo site on {site.base_url}/ ({len(ARTICLES)} articles)")
        for article in ARTICLES:
            print(f"  {site.url_for(article)}  [{article.encoding}, {article.layout}]")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")


if __name__ == "__main__":
    main()
