"""RedisHostLimiter: the per-host request schedule shared by every fetch worker on every machine.

Implements ``pipeline.fetch.HostLimiter`` with one Redis key per host whose time-to-live is
the host's quiet period: ``acquire`` is a single atomic Lua script (SET NX PX, else PTTL),
so two workers can never both get a turn for the same host within ``min_interval``.
``defer`` (429/503 Retry-After) lengthens the key's TTL, never shortens it.

Keys expire by themselves; Redis runs with ``noeviction`` (see DESIGN.md), and a host that
is not fetched any more costs nothing after its interval.
"""

from __future__ import annotations

import redis

KEY_PREFIX = "akhbar:fetch:host:"

# KEYS[1] = host key, ARGV[1] = interval in ms (> 0). Returns 0 (granted) or ms to wait.
_ACQUIRE = """
local ms = tonumber(ARGV[1])
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ms) then
  return 0
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  -- a key without expiry (written by hand?) would block the host forever: repair it
  redis.call('PEXPIRE', KEYS[1], ms)
  return ms
end
-- PTTL can be 0 in the key's last millisecond: never answer 0, which means "granted".
return math.max(ttl, 1)
"""

# KEYS[1] = host key, ARGV[1] = deferral in ms (> 0). Only ever extends the quiet period.
_DEFER = """
local ms = tonumber(ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 0
"""


class RedisHostLimiter:
    """A HostLimiter backed by Redis; safe to share between threads (redis-py pools connections)."""

    def __init__(self, client: redis.Redis, *, prefix: str = KEY_PREFIX) -> None:
        self._client = client
        self._prefix = prefix
        self._acquire = client.register_script(_ACQUIRE)
        self._defer = client.register_script(_DEFER)

    def _key(self, host: str) -> str:
        return self._prefix + host.lower().rstrip(".")

    def acquire(self, host: str, min_interval: float) -> float:
        """0.0 if the caller may request ``host`` now (its turn is taken), else seconds to wait."""
        ms = int(min_interval * 1000)
        if ms <= 0:
            return 0.0
        wait_ms = int(self._acquire(keys=[self._key(host)], args=[ms]))
        return wait_ms / 1000.0

    def defer(self, host: str, seconds: float) -> None:
        """Keep every worker off ``host`` for at least ``seconds``."""
        ms = int(seconds * 1000)
        if ms > 0:
            self._defer(keys=[self._key(host)], args=[ms])
