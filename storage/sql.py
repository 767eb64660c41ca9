"""Named SQL queries, loaded once from the `.sql` files beside this module.

A file holds blocks that start with `-- name: query_name`; everything up to the next such
line is that query. Keeping SQL in files keeps it greppable and reviewable as SQL.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)


@cache
def queries(filename: str) -> dict[str, str]:
    """Return {name: sql} for `storage/queries/<filename>`."""
    text = resources.files("storage.queries").joinpath(filename).read_text(encoding="utf-8")
    parts = _NAME.split(text)
    # parts = [preamble, name1, body1, name2, body2, ...]
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}
