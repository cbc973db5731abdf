"""Claim → post → record over a ledger table: the protocol anniversary reminders and book updates
share, so that each thing is posted to each channel once.

A ledger table has a primary key naming *what* goes *where* (reminders: event, occurrence,
channel; updates: change, channel) followed by the columns of ``ledger_columns``. A process may
post only after its ``INSERT … ON CONFLICT DO NOTHING RETURNING`` returned the row (a claim).
Row life: ``claimed`` → ``posted`` | ``failed`` (re-claimable after ``next_attempt_at``) |
``gone`` (the channel ended). A ``claimed`` row older than the lease belongs to a process that
died mid-post and may be re-claimed with one atomic ``UPDATE … RETURNING``. Every record carries
the claim's token, so a process whose lease was taken over cannot overwrite the new owner's row.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import Column, ColumnElement, Integer, String, Table, Text, and_, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeEngine

STATUSES = ("claimed", "posted", "failed", "gone")


def ledger_columns(when: type[TypeEngine[dt.datetime]] | TypeEngine[dt.datetime]) -> list[Column[Any]]:
    """The columns after a ledger table's key. ``when`` is the store's aware-UTC datetime type."""
    return [
        Column("status", String(10), nullable=False),  # claimed | posted | failed | gone
        Column("claimed_by", String(200), nullable=False),  # host:pid, for operators
        Column("claim_token", String(32), nullable=False),  # only the current claimant may record
        Column("claimed_at", when, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("next_attempt_at", when),  # failed rows: when a retry may claim it again
        Column("posted_at", when),
        Column("message_ref", String(500)),
        Column("error", Text),
    ]


class RowState(Protocol):
    """What a ledger row says about whether it may be claimed."""

    @property
    def status(self) -> str: ...

    @property
    def claimed_at(self) -> dt.datetime: ...

    @property
    def next_attempt_at(self) -> dt.datetime | None: ...


def may_claim(row: RowState | None, now: dt.datetime, lease: dt.timedelta) -> bool:
    """Mirror of the claim's conditions, used only to skip hopeless claims cheaply."""
    if row is None:
        return True
    if row.status == "claimed":
        return row.claimed_at < now - lease
    if row.status == "failed":
        return row.next_attempt_at is not None and row.next_attempt_at <= now
    return False


def dialect_insert(dialect: str, table: Table) -> Any:
    """Both dialects' insert() carry on_conflict_do_nothing/do_update; the generic one does not."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def _match(table: Table, key: Mapping[str, str]) -> list[ColumnElement[bool]]:
    return [table.c[name] == value for name, value in key.items()]


async def claim(
    engine: AsyncEngine,
    table: Table,
    key: Mapping[str, str],
    now: dt.datetime,
    claimer: str,
    lease: dt.timedelta,
) -> tuple[str, int] | None:
    """Take the right to post ``key`` (the table's primary-key values): ``(token, attempt)``, or
    None when another process has it or it is settled.

    First an insert that only one process can win; failing that, an atomic update that takes
    over a claim whose lease ran out (its process died) or a failed post due for a retry.
    """
    token = secrets.token_hex(16)
    insert = (
        dialect_insert(engine.dialect.name, table)
        .values(
            **key,
            status="claimed",
            claimed_by=claimer,
            claim_token=token,
            claimed_at=now,
            attempts=1,
        )
        .on_conflict_do_nothing(index_elements=[table.c[name] for name in key])
        .returning(table.c.attempts)
    )
    retake = (
        update(table)
        .where(
            *_match(table, key),
            or_(
                and_(table.c.status == "claimed", table.c.claimed_at < now - lease),
                and_(table.c.status == "failed", table.c.next_attempt_at <= now),
            ),
        )
        .values(
            status="claimed",
            claimed_by=claimer,
            claim_token=token,
            claimed_at=now,
            attempts=table.c.attempts + 1,
            next_attempt_at=None,
        )
        .returning(table.c.attempts)
    )
    async with engine.begin() as conn:
        attempt = (await conn.execute(insert)).scalar()
        if attempt is None:
            attempt = (await conn.execute(retake)).scalar()
    return (token, attempt) if attempt is not None else None


async def record(
    engine: AsyncEngine, table: Table, key: Mapping[str, str], token: str, values: Mapping[str, Any]
) -> bool:
    """Update our own claim; False if the lease ran out and another process took it over."""
    stmt = update(table).where(*_match(table, key), table.c.claim_token == token).values(**values)
    async with engine.begin() as conn:
        result = await conn.execute(stmt)
    return bool(result.rowcount)


async def renew(
    engine: AsyncEngine, table: Table, key: Mapping[str, str], token: str, now: dt.datetime
) -> bool:
    """Stamp our claim with ``now`` while its post is still going on, so no other process takes it
    over; False when it is no longer ours (taken over, or already settled)."""
    stmt = (
        update(table)
        .where(*_match(table, key), table.c.claim_token == token, table.c.status == "claimed")
        .values(claimed_at=now)
    )
    async with engine.begin() as conn:
        result = await conn.execute(stmt)
    return bool(result.rowcount)


def posted(ref: str, now: dt.datetime) -> dict[str, Any]:
    return {"status": "posted", "posted_at": now, "message_ref": ref[:500], "error": None}


def failed(error: str, retry_at: dt.datetime | None) -> dict[str, Any]:
    """A failed post; ``retry_at`` None means no more attempts."""
    return {"status": "failed", "error": error[:2000], "next_attempt_at": retry_at}


def gone(error: str) -> dict[str, Any]:
    return {"status": "gone", "error": error[:2000]}
