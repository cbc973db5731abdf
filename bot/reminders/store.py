"""Subscriptions and the ledger of posts, in SQLite (default) or PostgreSQL, through SQLAlchemy 2.

The ledger's primary key (event_id, occurrence, channel) is what makes a post happen once: a
process may post only after its ``INSERT … ON CONFLICT DO NOTHING RETURNING`` returned a row (a
*claim*). Row life: ``claimed`` → ``posted`` | ``failed`` (re-claimable after ``next_attempt_at``)
| ``gone`` (the channel ended). A ``claimed`` row older than the lease belongs to a process that
died mid-post and may be re-claimed with one atomic ``UPDATE … RETURNING``. Those steps live in
``bot.reminders.claims``, shared with the book updates' ledger.

Schema: a versioned create. ``schema_version`` holds one row; a fresh database gets every table at
``SCHEMA_VERSION``; an older one runs the steps in ``MIGRATIONS``. On PostgreSQL the whole start-up
runs under a transaction-scoped advisory lock, so replicas starting together never race on DDL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, NotSupportedError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.schema import CreateIndex, CreateSchema, CreateTable
from sqlalchemy.types import TypeDecorator

from bot.core.context import Subscription
from bot.reminders import claims
from bot.reminders.store_url import normalise_store_url

UTC = dt.UTC
SCHEMA_VERSION = 1
DEFAULT_LEASE = dt.timedelta(minutes=10)
SQLITE_BUSY_MS = 10_000
PG_CONNECT_TIMEOUT = 10  # seconds: an unreachable host is reported, not waited on for a minute


class StoreError(Exception):
    """The store cannot be opened or is from a newer figurebot."""


class StoreUnavailable(StoreError):
    """The database did not answer (down, restarting, unreachable, missing). Nothing was changed
    by the statement that raised this; trying again later is the remedy."""


# Errors in what was asked, not in reaching the database: a bug, never worth retrying.
_NOT_TRANSIENT = (IntegrityError, ProgrammingError, DataError, NotSupportedError)


@contextlib.contextmanager
def reaching(where: str) -> Iterator[None]:
    """Turn the driver's ways of saying "the database is not there" into one ``StoreUnavailable``
    whose message is a single line naming ``where``."""
    try:
        yield
    except _NOT_TRANSIENT:
        raise
    except DBAPIError as exc:
        raise StoreUnavailable(f"cannot reach the store {where}: {_first_line(exc.orig or exc)}") from exc
    except (OSError, TimeoutError) as exc:
        raise StoreUnavailable(f"cannot reach the store {where}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zone type: values are stored as UTC text, which also keeps ``<``
    comparisons (the lease cut-off) correct there.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

schema_version = Table(
    "figurebot_schema_version",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: a one-row table
    Column("version", Integer, nullable=False),
)

subscriptions = Table(
    "reminder_subscriptions",
    metadata,
    Column("channel", String(300), primary_key=True),  # full key: slack:T01/C01, discord:1234
    Column("surface", String(20), nullable=False),
    Column("workspace", String(100), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("post_time", String(5), nullable=False),  # HH:MM, wall clock in ``timezone``
    Column("heads_up_days", String(100), nullable=False),  # "1,7"; empty for none
    Column("subscribed_by", String(200), nullable=False),
    Column("subscribed_at", UTCDateTime(), nullable=False),
)

ledger = Table(
    "reminder_ledger",
    metadata,
    Column("event_id", String(200), primary_key=True),
    Column("occurrence", String(40), primary_key=True),  # 2027-03-03 or 2027-03-03/heads-up-7
    Column("channel", String(300), primary_key=True),
    *claims.ledger_columns(UTCDateTime()),  # status, claimant, token, attempts, outcome
)
Index("reminder_ledger_occurrence", ledger.c.occurrence)

# Steps from version n-1 to n, run in order inside the start-up transaction. Version 1 is the
# first schema, so there are none yet; add e.g. ``2: _add_column_x`` when the schema changes.
Migration = Callable[[AsyncConnection], Awaitable[None]]
MIGRATIONS: dict[int, Migration] = {}


@dataclass(frozen=True)
class LedgerKey:
    event_id: str
    occurrence: str
    channel: str


@dataclass(frozen=True)
class LedgerRow:
    key: LedgerKey
    status: str
    claimed_by: str
    claimed_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime | None
    posted_at: dt.datetime | None
    message_ref: str | None
    error: str | None


@dataclass(frozen=True)
class Claim:
    key: LedgerKey
    token: str
    attempt: int


def default_data_dir() -> Path:
    return Path(os.environ.get("FIGUREBOT_DATA_DIR") or "data")


def default_store_url(data_dir: Path | str | None = None) -> str:
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return f"sqlite+aiosqlite:///{folder / 'figurebot.db'}"


def process_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pk(key: LedgerKey) -> dict[str, str]:
    return {"event_id": key.event_id, "occurrence": key.occurrence, "channel": key.channel}


def _key_of(row: Any) -> LedgerKey:
    return LedgerKey(row.event_id, row.occurrence, row.channel)


def _row_of(row: Any) -> LedgerRow:
    return LedgerRow(
        key=_key_of(row),
        status=row.status,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        posted_at=row.posted_at,
        message_ref=row.message_ref,
        error=row.error,
    )


def _sub_of(row: Any) -> Subscription:
    hours, minutes = row.post_time.split(":")
    days = tuple(int(d) for d in row.heads_up_days.split(",") if d)
    return Subscription(
        channel=row.channel,
        surface=row.surface,
        workspace=row.workspace,
        timezone=row.timezone,
        post_time=dt.time(int(hours), int(minutes)),
        heads_up_days=days,
        subscribed_by=row.subscribed_by,
        subscribed_at=row.subscribed_at,
    )


def _sub_values(sub: Subscription) -> dict[str, Any]:
    return {
        "channel": sub.channel,
        "surface": sub.surface,
        "workspace": sub.workspace,
        "timezone": sub.timezone,
        "post_time": sub.post_time.strftime("%H:%M"),
        "heads_up_days": ",".join(str(d) for d in sorted(set(sub.heads_up_days))),
        "subscribed_by": sub.subscribed_by,
        "subscribed_at": sub.subscribed_at,
    }


class Store:
    """One engine and the queries figurebot needs. Create with ``open_store``."""

    def __init__(
        self, engine: AsyncEngine, *, lease: dt.timedelta = DEFAULT_LEASE, schema: str | None = None
    ):
        self.engine = engine
        self.lease = lease
        self.schema = schema
        self.dialect = engine.dialect.name
        self.where = engine.url.render_as_string(hide_password=True)  # as messages may show it
        self.closed = False

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """A transaction; the database being away raises ``StoreUnavailable``. Everything that
        keeps tables in the store (the update tables too) talks to the database through this or
        ``connect``, so an outage is always that one error, with a one-line message."""
        with reaching(self.where):
            async with self.engine.begin() as conn:
                yield conn

    @contextlib.asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        with reaching(self.where):
            async with self.engine.connect() as conn:
                yield conn

    def _insert(self, table: Table) -> Any:
        return claims.dialect_insert(self.dialect, table)

    async def close(self) -> None:
        self.closed = True
        await self.engine.dispose()

    # -- schema -------------------------------------------------------------------------------

    async def create_schema(self) -> int:
        """Create or migrate the tables; returns the schema version now in the database."""
        import bot.updates.store  # noqa: F401  (adds the update tables to ``metadata``; circular at the top)

        async with self.begin() as conn:
            if self.dialect == "postgresql":
                lock_name = f"figurebot-schema:{self.schema or ''}"
                await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": lock_name})
                if self.schema:
                    await conn.execute(CreateSchema(self.schema, if_not_exists=True))
            for table in metadata.sorted_tables:
                await conn.execute(CreateTable(table, if_not_exists=True))
                for index in table.indexes:
                    await conn.execute(CreateIndex(index, if_not_exists=True))
            found = (await conn.execute(select(schema_version.c.version))).scalar()
            if found is None:
                # A fresh database: the tables above are already the latest shape.
                stmt = self._insert(schema_version).values(id=1, version=SCHEMA_VERSION)
                await conn.execute(stmt.on_conflict_do_nothing())
                return SCHEMA_VERSION
            if found > SCHEMA_VERSION:
                raise StoreError(
                    f"the store is at schema version {found}, newer than this figurebot ({SCHEMA_VERSION})"
                )
            for version in range(found + 1, SCHEMA_VERSION + 1):
                await MIGRATIONS[version](conn)
                await conn.execute(update(schema_version).values(version=version))
            return SCHEMA_VERSION

    # -- subscriptions ------------------------------------------------------------------------

    async def put_subscription(self, sub: Subscription) -> Subscription:
        """Insert or replace a channel's subscription, including who subscribed and when."""
        values = _sub_values(sub)
        stmt = self._insert(subscriptions).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[subscriptions.c.channel],
            set_={k: v for k, v in values.items() if k != "channel"},
        )
        async with self.begin() as conn:
            await conn.execute(stmt)
        return sub

    async def ensure_subscription(self, sub: Subscription) -> Subscription:
        """A channel listed in the config: its settings follow the config, but an existing row
        keeps who subscribed it and when."""
        values = _sub_values(sub)
        keep = {"channel", "subscribed_by", "subscribed_at"}
        stmt = self._insert(subscriptions).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[subscriptions.c.channel],
            set_={k: v for k, v in values.items() if k not in keep},
        )
        async with self.begin() as conn:
            await conn.execute(stmt)
        found = await self.subscription(sub.channel)
        assert found is not None
        return found

    async def remove_subscription(self, channel: str) -> bool:
        async with self.begin() as conn:
            result = await conn.execute(delete(subscriptions).where(subscriptions.c.channel == channel))
        return bool(result.rowcount)

    async def subscription(self, channel: str) -> Subscription | None:
        async with self.connect() as conn:
            row = (
                await conn.execute(select(subscriptions).where(subscriptions.c.channel == channel))
            ).first()
        return _sub_of(row) if row is not None else None

    async def subscriptions(self) -> list[Subscription]:
        async with self.connect() as conn:
            rows = await conn.execute(select(subscriptions).order_by(subscriptions.c.channel))
            return [_sub_of(r) for r in rows]

    # -- ledger -------------------------------------------------------------------------------

    async def ledger_rows(self, occurrences: Collection[str] | None = None) -> dict[LedgerKey, LedgerRow]:
        """Rows for the given occurrence keys (all rows when None): lets a sweep skip what is
        settled without attempting thousands of claims. The claim stays the only authority."""
        stmt = select(ledger)
        if occurrences is not None:
            if not occurrences:
                return {}
            stmt = stmt.where(ledger.c.occurrence.in_(sorted(occurrences)))
        async with self.connect() as conn:
            return {_key_of(r): _row_of(r) for r in await conn.execute(stmt)}

    # The claim protocol over any ledger table (``bot.reminders.claims``), with the database
    # being away reported as ``StoreUnavailable``: the reminders' ledger and the updates' use it.

    async def claim_row(
        self, table: Table, key: Mapping[str, str], now: dt.datetime, claimer: str | None = None
    ) -> tuple[str, int] | None:
        with reaching(self.where):
            return await claims.claim(self.engine, table, key, now, claimer or process_identity(), self.lease)

    async def record_row(
        self, table: Table, key: Mapping[str, str], token: str, values: Mapping[str, Any]
    ) -> bool:
        with reaching(self.where):
            return await claims.record(self.engine, table, key, token, values)

    async def renew_row(self, table: Table, key: Mapping[str, str], token: str, now: dt.datetime) -> bool:
        with reaching(self.where):
            return await claims.renew(self.engine, table, key, token, now)

    async def claim(self, key: LedgerKey, now: dt.datetime, claimer: str | None = None) -> Claim | None:
        """Take the right to post ``key``; None when another process has it or it is settled
        (``bot.reminders.claims``: an insert only one process can win, or the take-over of an
        expired lease or a failed post due for a retry)."""
        won = await self.claim_row(ledger, _pk(key), now, claimer)
        return Claim(key, *won) if won is not None else None

    async def _record(self, claim: Claim, values: Mapping[str, Any]) -> bool:
        """Update our own claim; False if the lease ran out and another process took it over."""
        return await self.record_row(ledger, _pk(claim.key), claim.token, values)

    async def renew(self, claim: Claim, now: dt.datetime) -> bool:
        """Stamp our claim with ``now`` while its post is still going on (a slow platform), so no
        other process takes it over; False when it is no longer ours."""
        return await self.renew_row(ledger, _pk(claim.key), claim.token, now)

    async def record_posted(self, claim: Claim, ref: str, now: dt.datetime) -> bool:
        return await self._record(claim, claims.posted(ref, now))

    async def record_failed(
        self, claim: Claim, error: str, now: dt.datetime, retry_at: dt.datetime | None
    ) -> bool:
        """A failed post; ``retry_at`` None means no more attempts."""
        return await self._record(claim, claims.failed(error, retry_at))

    async def record_gone(self, claim: Claim, error: str, now: dt.datetime) -> bool:
        return await self._record(claim, claims.gone(error))


def _split_schema(url: str) -> tuple[str, str | None]:
    """``…?schema=name`` on a PostgreSQL URL puts figurebot's tables in that schema."""
    parsed = make_url(url)
    schema = parsed.query.get("schema")
    if schema is None:
        return url, None
    if isinstance(schema, tuple):
        schema = schema[-1]
    if not parsed.drivername.startswith("postgresql"):
        raise StoreError("the schema= option needs a PostgreSQL store URL")
    if not schema.replace("_", "").isalnum():
        raise StoreError(f"schema name {schema!r} must be letters, digits and underscores")
    return parsed.difference_update_query(["schema"]).render_as_string(hide_password=False), schema


def engine_for(url: str) -> tuple[AsyncEngine, str | None]:
    """The engine for a store URL, with everything figurebot needs of it, and the schema named by
    ``?schema=``. Everything that keeps tables in the store (the ledger, Slack installs) opens its
    engine here, so the URL forms, the schema and SQLite's settings are the same for all of them.

    ``sqlite:///path`` creates the file's folder on first use and turns on WAL and a busy timeout,
    so several processes on one machine may share the file. ``postgresql://…`` is the choice for
    several replicas: connections are checked before use, so a database restart costs no request.
    """
    try:
        url = normalise_store_url(url)
    except ValueError as exc:
        raise StoreError(f"unsupported store URL: {exc}") from None
    url, schema = _split_schema(url)
    parsed = make_url(url)
    options: dict[str, Any] = {}
    if parsed.drivername.startswith("sqlite"):
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise StoreError(f"cannot create the store's folder {folder}: {reason}") from None
        options["connect_args"] = {"timeout": SQLITE_BUSY_MS / 1000}
    else:
        options["connect_args"] = {"timeout": PG_CONNECT_TIMEOUT}
        options["pool_pre_ping"] = True
    if schema:
        options["execution_options"] = {"schema_translate_map": {None: schema}}
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine, schema


async def open_store(url: str, *, lease: dt.timedelta = DEFAULT_LEASE, create: bool = True) -> Store:
    """Open (and by default create or migrate) the store at ``url`` (see ``engine_for``)."""
    engine, schema = engine_for(url)
    store = Store(engine, lease=lease, schema=schema)
    if create:
        try:
            await store.create_schema()
        except BaseException:
            await engine.dispose()
            raise
    return store


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL, a busy timeout, and every transaction opened with ``BEGIN IMMEDIATE``.

    Python's sqlite3 would otherwise start transactions lazily, at the first write: a transaction
    that read first and then writes can fail at once with "database is locked" when another
    process wrote in between (the busy timeout does not apply to that upgrade). Taking the write
    lock up front makes concurrent processes simply wait their turn, and makes the schema
    creation (DDL included) one atomic step.
    """
    from sqlalchemy import event

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] != "wal":
            # Switching needs every other connection out of the way, and a connection committing
            # meanwhile waits for us: a deadlock each side would sit out for the full busy timeout.
            # So try briefly; the setting is stored in the file, and a later connection completes it.
            cursor.execute("PRAGMA busy_timeout=200")
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
