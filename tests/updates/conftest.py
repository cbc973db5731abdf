"""Fixtures: the reminders' SQLite and PostgreSQL stores (a schema of its own per test) and the
recording poster, shared rather than copied."""

from __future__ import annotations

from tests.reminders.conftest import (  # noqa: F401  (fixtures are found by name)
    RecordingPoster,
    own_pg,
    pg_cluster,
    pg_url,
    sqlite_store,
    sqlite_url,
    store,
    store_url,
)

__all__ = ["RecordingPoster"]
