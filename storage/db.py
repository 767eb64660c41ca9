"""Connections: one psycopg_pool per process, created lazily (after a prefork child starts)."""

from __future__ import annotations

import os
import threading

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

_lock = threading.Lock()
_pools: dict[tuple[int, str], ConnectionPool] = {}


def get_pool(database_url: str, *, max_size: int = 8, check: bool = True) -> ConnectionPool:
    """The pool for this process and URL; a forked child gets its own, never its parent's sockets.

    `check` tests each connection as it leaves the pool (a terminated backend is replaced, not
    handed out); callers that must never block on a paused server probe connections themselves.
    """
    key = (os.getpid(), database_url)
    pool = _pools.get(key)
    if pool is None:
        with _lock:
            pool = _pools.get(key)
            if pool is None:
                pool = ConnectionPool(
                    database_url,
                    min_size=1,
                    max_size=max_size,
                    # connect_timeout: a server that accepts TCP but never answers (paused) must not
                    # hold a caller forever.
                    kwargs={"row_factory": dict_row, "autocommit": False, "connect_timeout": 5},
                    check=ConnectionPool.check_connection if check else None,
                    open=True,
                    name=f"akhbar-{os.getpid()}",
                )
                _pools[key] = pool
    return pool


def close_pools() -> None:
    """Close every pool this process opened (used at shutdown and after fork)."""
    with _lock:
        for key, pool in list(_pools.items()):
            if key[0] == os.getpid():
                pool.close()
            _pools.pop(key, None)


def connect(database_url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A standalone connection (CLI commands, migrations, tests)."""
    return psycopg.connect(database_url, row_factory=dict_row, autocommit=autocommit)
