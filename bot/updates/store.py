"""The update tables, in the same store (and the same versioned create) as the reminders.

* ``update_subscriptions``: the channels that follow the book, separate from anniversaries.
* ``update_states``: every state of every fact the store has recorded, newest last. The newest
  row per fact is the announced snapshot; a row with a ``change`` was news and is posted to the
  channels subscribed before it was recorded. ``detail`` holds what the post shows, so a post
  retried later (or by a replica with another copy of the file) says what was detected.
* ``update_ledger``: one row per (change, channel), claimed before posting, with the same claim,
  lease and retry rules as ``reminder_ledger`` (``bot.reminders.claims``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.context import UpdateSubscription
from bot.core.message import SourceRef
from bot.facts.model import FactBook
from bot.reminders import claims
from bot.reminders.store import Store, UTCDateTime, metadata
from bot.updates.changes import ChangeKind, FactState, Found, Known, Update, detect

update_subscriptions = Table(
    "update_subscriptions",
    metadata,
    Column("channel", String(300), primary_key=True),  # full key: slack:T01/C01, discord:1234
    Column("surface", String(20), nullable=False),
    Column("workspace", String(100), nullable=False),
    Column("subscribed_by", String(200), nullable=False),
    Column("subscribed_at", UTCDateTime(), nullable=False),
)

update_states = Table(
    "update_states",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # order of recording
    Column("key", String(330), nullable=False, unique=True),  # suspended_officers/202@2023-09-18
    Column("fact_id", String(200), nullable=False),
    Column("state", String(120), nullable=False),  # 202@2023-09-18, or an event's date
    Column("change", String(20)),  # new_figure | new_value | correction | new_event; NULL: not news
    Column("detail", Text, nullable=False),  # JSON: the fact as it stood
    Column("was", Text),  # JSON: the state it replaced, for "(was 201, …)"
    Column("book_version", String(64), nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
)
Index("update_states_fact", update_states.c.fact_id)
Index("update_states_recorded", update_states.c.recorded_at)

update_ledger = Table(
    "update_ledger",
    metadata,
    Column("change", String(330), primary_key=True),  # update_states.key
    Column("channel", String(300), primary_key=True),
    *claims.ledger_columns(UTCDateTime()),
)


@dataclass(frozen=True)
class Pending:
    """A recorded change, to be posted to the channels subscribed before ``recorded_at``."""

    key: str
    update: Update
    recorded_at: dt.datetime


@dataclass(frozen=True)
class LedgerState:
    status: str
    claimed_at: dt.datetime
    next_attempt_at: dt.datetime | None
    attempts: int
    posted_at: dt.datetime | None
    error: str | None


@dataclass(frozen=True)
class UpdateClaim:
    change: str
    channel: str
    token: str
    attempt: int

    @property
    def key(self) -> dict[str, str]:
        return {"change": self.change, "channel": self.channel}


def _dump(state: FactState | None) -> str | None:
    return None if state is None else json.dumps(dataclasses.asdict(state), ensure_ascii=False)


def _load(text: str | None) -> FactState | None:
    if text is None:
        return None
    data: dict[str, Any] = json.loads(text)
    source = data.pop("source", None)
    return FactState(**data, source=SourceRef(**source) if source else None)


def _sub_of(row: Any) -> UpdateSubscription:
    return UpdateSubscription(
        channel=row.channel,
        surface=row.surface,
        workspace=row.workspace,
        subscribed_by=row.subscribed_by,
        subscribed_at=row.subscribed_at,
    )


class UpdateStore:
    """The queries updates need, over the app's one ``Store`` (its engine, dialect and lease)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lease = store.lease

    def _insert(self, table: Table) -> Any:
        return claims.dialect_insert(self.store.dialect, table)

    # -- subscriptions ------------------------------------------------------------------------

    async def put_subscription(self, sub: UpdateSubscription) -> UpdateSubscription:
        """Subscribe a channel; returns the stored row. A channel already subscribed keeps who
        subscribed it and since when, so asking again (or a config-listed channel at every
        start) never drops the changes it is still owed."""
        values = dataclasses.asdict(sub)
        keep = {"channel", "subscribed_by", "subscribed_at"}
        stmt = (
            self._insert(update_subscriptions)
            .values(**values)
            .on_conflict_do_update(
                index_elements=[update_subscriptions.c.channel],
                set_={k: v for k, v in values.items() if k not in keep},
            )
        )
        async with self.store.begin() as conn:
            await conn.execute(stmt)
        stored = await self.subscription(sub.channel)
        assert stored is not None
        return stored

    async def remove_subscription(self, channel: str) -> bool:
        async with self.store.begin() as conn:
            result = await conn.execute(
                delete(update_subscriptions).where(update_subscriptions.c.channel == channel)
            )
        return bool(result.rowcount)

    async def subscription(self, channel: str) -> UpdateSubscription | None:
        async with self.store.connect() as conn:
            row = (
                await conn.execute(
                    select(update_subscriptions).where(update_subscriptions.c.channel == channel)
                )
            ).first()
        return _sub_of(row) if row is not None else None

    async def subscriptions(self) -> list[UpdateSubscription]:
        async with self.store.connect() as conn:
            rows = await conn.execute(select(update_subscriptions).order_by(update_subscriptions.c.channel))
            return [_sub_of(r) for r in rows]

    # -- states -------------------------------------------------------------------------------

    async def _known(self, conn: AsyncConnection) -> Known:
        seen: dict[str, set[str]] = {}
        for fact_id, state in await conn.execute(select(update_states.c.fact_id, update_states.c.state)):
            seen.setdefault(fact_id, set()).add(state)
        newest = select(func.max(update_states.c.id)).group_by(update_states.c.fact_id)
        rows = await conn.execute(
            select(update_states.c.fact_id, update_states.c.detail).where(update_states.c.id.in_(newest))
        )
        latest = {fact_id: state for fact_id, detail in rows if (state := _load(detail)) is not None}
        return Known(latest=latest, seen={k: frozenset(v) for k, v in seen.items()})

    async def record(self, book: FactBook, now: dt.datetime) -> tuple[bool, list[Found]]:
        """Compare ``book`` with what the store has recorded and record what is new, in one
        transaction that one process at a time may run (an advisory lock on PostgreSQL; SQLite
        transactions here always take the write lock first). Returns whether the store had
        recorded nothing before (then nothing is news), and what was recorded: those with a
        ``change`` are to be posted."""
        async with self.store.begin() as conn:
            if self.store.dialect == "postgresql":
                name = f"figurebot-updates:{self.store.schema or ''}"
                await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": name})
            known = await self._known(conn)
            found = detect(book, known)
            if found:
                stmt = self._insert(update_states).on_conflict_do_nothing(
                    index_elements=[update_states.c.key]
                )
                await conn.execute(
                    stmt,
                    [
                        {
                            "key": f.state.key,
                            "fact_id": f.state.fact_id,
                            "state": f.state.state,
                            "change": f.change.value if f.change else None,
                            "detail": _dump(f.state),
                            "was": _dump(f.was),
                            "book_version": book.version[:64],
                            "recorded_at": now,
                        }
                        for f in found
                    ],
                )
        return known.empty, found

    async def pending(self, since: dt.datetime) -> list[Pending]:
        """Changes recorded since ``since``, oldest first."""
        stmt = (
            select(update_states)
            .where(update_states.c.change.is_not(None), update_states.c.recorded_at >= since)
            .order_by(update_states.c.id)
        )
        async with self.store.connect() as conn:
            rows = list(await conn.execute(stmt))
        out = []
        for row in rows:
            state = _load(row.detail)
            assert state is not None
            update = Update(ChangeKind(row.change), state, _load(row.was))
            out.append(Pending(row.key, update, row.recorded_at))
        return out

    async def last_posted(self, channel: str) -> tuple[dt.datetime, Update] | None:
        """The newest change posted to ``channel``: for ``updates status``."""
        stmt = (
            select(
                update_ledger.c.posted_at, update_states.c.change, update_states.c.detail, update_states.c.was
            )
            .join(update_states, update_states.c.key == update_ledger.c.change)
            .where(update_ledger.c.channel == channel, update_ledger.c.status == "posted")
            .order_by(update_ledger.c.posted_at.desc(), update_states.c.id.desc())
            .limit(1)
        )
        async with self.store.connect() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None or row.posted_at is None:
            return None
        state = _load(row.detail)
        assert state is not None
        return row.posted_at, Update(ChangeKind(row.change), state, _load(row.was))

    # -- ledger -------------------------------------------------------------------------------

    async def ledger_rows(self, changes: Collection[str]) -> dict[tuple[str, str], LedgerState]:
        """Rows for ``changes``: lets a pass skip what is settled without attempting claims."""
        if not changes:
            return {}
        stmt = select(update_ledger).where(update_ledger.c.change.in_(sorted(changes)))
        async with self.store.connect() as conn:
            return {
                (r.change, r.channel): LedgerState(
                    r.status, r.claimed_at, r.next_attempt_at, r.attempts, r.posted_at, r.error
                )
                for r in await conn.execute(stmt)
            }

    async def claim(
        self, change: str, channel: str, now: dt.datetime, claimer: str | None = None
    ) -> UpdateClaim | None:
        won = await self.store.claim_row(update_ledger, {"change": change, "channel": channel}, now, claimer)
        return UpdateClaim(change, channel, *won) if won else None

    async def renew(self, claim: UpdateClaim, now: dt.datetime) -> bool:
        """Stamp our claim with ``now`` while its post goes on; False when it is no longer ours."""
        return await self.store.renew_row(update_ledger, claim.key, claim.token, now)

    async def record_posted(self, claim: UpdateClaim, ref: str, now: dt.datetime) -> bool:
        return await self.store.record_row(update_ledger, claim.key, claim.token, claims.posted(ref, now))

    async def record_failed(self, claim: UpdateClaim, error: str, retry_at: dt.datetime | None) -> bool:
        return await self.store.record_row(
            update_ledger, claim.key, claim.token, claims.failed(error, retry_at)
        )

    async def record_gone(self, claim: UpdateClaim, error: str) -> bool:
        return await self.store.record_row(update_ledger, claim.key, claim.token, claims.gone(error))
