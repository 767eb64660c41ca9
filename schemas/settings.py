"""The one settings class. Only entry points (api app, celery app, cli) read it.

Every value comes from an ``AKHBAR_*`` environment variable. ``pipeline/`` and
``storage/`` never import this module: they get plain values as arguments.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_FLOWER_PASSWORD = "akhbar-local"


class Settings(BaseSettings):
    """Runtime configuration of every Akhbar process."""

    model_config = SettingsConfigDict(env_prefix="AKHBAR_", extra="ignore")

    # "local" allows the default secrets below; anything else refuses them.
    environment: str = "local"

    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path("var")

    api_host: str = "127.0.0.1"
    api_port: int = 8000

    flower_host: str = "127.0.0.1"
    flower_port: int = 5555
    flower_user: str = "akhbar"
    flower_password: SecretStr = SecretStr(DEFAULT_FLOWER_PASSWORD)

    # Prometheus metrics of a worker process (0 = not served); the API serves /metrics itself.
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 0

    # Workers
    fetch_concurrency: int = 16
    process_concurrency: int = 0  # 0 = one process per core plus one (cli.stack.default_process_concurrency)
    max_attempts: int = 5
    retry_base_seconds: float = 10.0
    process_max_tasks_per_child: int = 500
    # Task events (received, started, succeeded) are what Flower shows; Flower also switches them
    # on at run time. Off saves the workers three Redis publishes per task.
    task_events: bool = True
    # Redis's visibility timeout is derived from these (hard limit + 10 s): a task must never
    # outlive it, and a dead worker's unacknowledged task comes back within a minute.
    task_soft_time_limit: int = 40
    task_time_limit: int = 45

    # Fetching
    fetch_allow_private: bool = False
    fetch_allowed_ports: list[int] = Field(default_factory=lambda: [80, 443])
    fetch_max_bytes: int = 5 * 1024 * 1024
    fetch_max_decoded_bytes: int = 20 * 1024 * 1024
    fetch_connect_timeout: float = 5.0
    fetch_read_timeout: float = 15.0
    fetch_total_timeout: float = 25.0
    fetch_max_redirects: int = 5
    fetch_user_agent: str = "AkhbarBot/0.1 (+https://github.com/akhbar-news/akhbar)"
    fetch_host_delay_seconds: float = 1.0
    robots_ttl_seconds: int = 3600
    respect_robots: bool = True

    # Deduplication: estimated word-shingle Jaccard from which a text is a near-duplicate
    # (0.65 chosen on tests/data/dedup_pairs.jsonl, see docs/dedup.md).
    dedup_threshold: float = 0.65

    # Sweeper
    sweep_interval_seconds: float = 15.0
    sweep_queued_after_seconds: float = 60.0
    claim_lease_seconds: float = 60.0

    # Feeds (docs/feeds.md): polling intervals, back-off, the poll lease, WebSub
    feed_default_interval_seconds: int = 900
    feed_min_interval_seconds: int = 60
    feed_max_interval_seconds: int = 6 * 3600
    feed_max_backoff_seconds: int = 6 * 3600
    feed_lease_seconds: float = 120.0
    feed_schedule_interval_seconds: float = 10.0
    feed_max_bytes: int = 20 * 1024 * 1024
    # New entries submitted per poll at most (a 50,000-URL sitemap is read over several polls).
    feed_max_new_per_poll: int = 5000
    # Public base URL of the API (e.g. https://akhbar.example.org): WebSub hubs call back there.
    # Unset: feeds are polled only, no hub subscription is attempted.
    public_url: str | None = None
    websub_lease_seconds: int = 10 * 24 * 3600

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment != "local" and self.flower_password.get_secret_value() == DEFAULT_FLOWER_PASSWORD:
            raise ValueError("AKHBAR_FLOWER_PASSWORD must be set outside local mode")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
