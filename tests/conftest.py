"""Shared test configuration: tiers are folders (unit/ has no sockets; integration/ uses real
Postgres, Redis and Celery workers)."""
