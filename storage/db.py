"""Connections: one psycopg_pool per process, created lazily (after a prefork child starts)."""

from __future__ import annotations

import os
import threading

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

_lock = threading.Lock()
_pools: dict[tuple[int, str], ConnectionPool] = {}


def get_pool(database_url: str, *, max_size: int = 8) -> ConnectionPool:
    """The pool for this process and URL; a forked child gets its own, never its parent's sockets."""
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
                    kwargs={"row_factory": dict_row, "autocommit": False},
                    check=ConnectionPool.check_connection,
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
