"""The store on SQLite and on real PostgreSQL: schema, subscriptions and the claim."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.core.context import Subscription
from bot.reminders.store import (
    SCHEMA_VERSION,
    LedgerKey,
    Store,
    StoreError,
    StoreUnavailable,
    default_store_url,
    open_store,
    schema_version,
)
from tests.throwaway_pg import ThrowawayPostgres

UTC = dt.UTC
T0 = dt.datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
KEY = LedgerKey("everard_abducted", "2027-03-03", "console:main")


def sub(channel: str = "console:main", **changes: object) -> Subscription:
    values: dict[str, object] = {
        "channel": channel,
        "surface": channel.partition(":")[0],
        "workspace": "",
        "timezone": "Europe/London",
        "post_time": dt.time(9, 0),
        "heads_up_days": (7, 1),
        "subscribed_by": "alice",
        "subscribed_at": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    }
    values.update(changes)
    return Subscription(**values)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_schema_is_versioned_and_reopening_keeps_data(store_url: str) -> None:
    first = await open_store(store_url)
    await first.put_subscription(sub())
    await first.close()
    again = await open_store(store_url)
    try:
        async with again.engine.connect() as conn:
            assert (await conn.execute(select(schema_version.c.version))).scalars().all() == [SCHEMA_VERSION]
        assert await again.subscription("console:main") == sub(heads_up_days=(1, 7))
    finally:
        await again.close()


@pytest.mark.asyncio
async def test_newer_schema_is_refused(sqlite_url: str) -> None:
    store = await open_store(sqlite_url)
    async with store.engine.begin() as conn:
        await conn.execute(schema_version.update().values(version=SCHEMA_VERSION + 1))
    await store.close()
    with pytest.raises(StoreError, match="newer than this figurebot"):
        await open_store(sqlite_url)


def test_default_url_follows_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGUREBOT_DATA_DIR", "/srv/fb")
    assert default_store_url() == "sqlite+aiosqlite:////srv/fb/figurebot.db"
    monkeypatch.delenv("FIGUREBOT_DATA_DIR")
    assert default_store_url() == "sqlite+aiosqlite:///data/figurebot.db"


@pytest.mark.asyncio
async def test_sqlite_file_and_folder_are_created_with_wal(sqlite_url: str, tmp_path: Path) -> None:
    store = await open_store(sqlite_url)
    try:
        assert (tmp_path / "data" / "figurebot.db").exists()
        async with store.engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == 10000
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_subscriptions_put_ensure_remove(store: Store) -> None:
    await store.put_subscription(sub())
    await store.put_subscription(sub("discord:123456", surface="discord", heads_up_days=()))
    assert [s.channel for s in await store.subscriptions()] == ["console:main", "discord:123456"]
    # A config-listed channel follows the config's settings but keeps who and when.
    ensured = await store.ensure_subscription(
        sub(post_time=dt.time(18, 30), subscribed_by="config", subscribed_at=T0, heads_up_days=(3,))
    )
    assert ensured == sub(post_time=dt.time(18, 30), heads_up_days=(3,))
    fresh = await store.ensure_subscription(sub("console:new", subscribed_by="config", subscribed_at=T0))
    assert fresh.subscribed_by == "config" and fresh.subscribed_at == T0
    assert await store.remove_subscription("console:main") is True
    assert await store.remove_subscription("console:main") is False
    assert await store.subscription("console:main") is None


@pytest.mark.asyncio
async def test_claim_once_then_record(store: Store) -> None:
    claim = await store.claim(KEY, T0, "A")
    assert claim is not None and claim.attempt == 1
    assert await store.claim(KEY, T0, "B") is None
    assert await store.record_posted(claim, "ref-1", T0) is True
    assert await store.claim(KEY, T0 + dt.timedelta(hours=5), "B") is None  # posted is final
    row = (await store.ledger_rows({"2027-03-03"}))[KEY]
    assert (row.status, row.message_ref, row.claimed_by, row.attempts) == ("posted", "ref-1", "A", 1)
    assert row.posted_at == T0


@pytest.mark.asyncio
async def test_concurrent_claims_have_one_winner(store_url: str) -> None:
    # Eight engines stand for eight processes: one connection pool each.
    stores = [await open_store(store_url) for _ in range(8)]
    try:
        claims = await asyncio.gather(*(s.claim(KEY, T0, f"p{i}") for i, s in enumerate(stores)))
        assert sum(c is not None for c in claims) == 1
    finally:
        for s in stores:
            await s.close()


@pytest.mark.asyncio
async def test_stale_claim_is_reclaimed_after_the_lease_only(store: Store) -> None:
    first = await store.claim(KEY, T0, "crashed")
    assert first is not None
    assert await store.claim(KEY, T0 + dt.timedelta(minutes=9), "B") is None
    second = await store.claim(KEY, T0 + dt.timedelta(minutes=11), "B")
    assert second is not None and second.attempt == 2
    assert await store.claim(KEY, T0 + dt.timedelta(minutes=12), "C") is None
    # The crashed process, had it come back, may no longer record: its token is void.
    assert await store.record_posted(first, "late", T0) is False
    assert await store.record_posted(second, "ref-2", T0) is True
    assert (await store.ledger_rows())[KEY].message_ref == "ref-2"


@pytest.mark.asyncio
async def test_failed_post_is_reclaimable_after_its_retry_time(store: Store) -> None:
    claim = await store.claim(KEY, T0, "A")
    assert claim is not None
    await store.record_failed(claim, "HTTP 500", T0, T0 + dt.timedelta(minutes=1))
    row = (await store.ledger_rows())[KEY]
    assert (row.status, row.error, row.next_attempt_at) == (
        "failed",
        "HTTP 500",
        T0 + dt.timedelta(minutes=1),
    )
    assert await store.claim(KEY, T0 + dt.timedelta(seconds=30), "A") is None
    retry = await store.claim(KEY, T0 + dt.timedelta(minutes=1), "A")
    assert retry is not None and retry.attempt == 2
    await store.record_failed(retry, "HTTP 500", T0, None)  # out of attempts
    assert await store.claim(KEY, T0 + dt.timedelta(hours=3), "A") is None


@pytest.mark.asyncio
async def test_gone_is_final(store: Store) -> None:
    claim = await store.claim(KEY, T0, "A")
    assert claim is not None
    await store.record_gone(claim, "channel_not_found", T0)
    assert await store.claim(KEY, T0 + dt.timedelta(hours=1), "A") is None
    assert (await store.ledger_rows({"2027-03-03"}))[KEY].status == "gone"


@pytest.mark.asyncio
async def test_heads_up_and_day_of_are_separate_rows(store: Store) -> None:
    heads_up = LedgerKey(KEY.event_id, "2027-03-03/heads-up-7", KEY.channel)
    assert await store.claim(heads_up, T0, "A") is not None
    assert await store.claim(KEY, T0, "A") is not None
    assert set(await store.ledger_rows({"2027-03-03", "2027-03-03/heads-up-7"})) == {KEY, heads_up}
    assert await store.ledger_rows(set()) == {}


@pytest.mark.asyncio
@pytest.mark.postgres
async def test_replicas_starting_together_create_the_schema_once(pg_url: str) -> None:
    stores = await asyncio.gather(*(open_store(pg_url) for _ in range(5)))
    try:
        async with stores[0].engine.connect() as conn:
            assert (await conn.execute(select(schema_version.c.version))).scalars().all() == [SCHEMA_VERSION]
    finally:
        for s in stores:
            await s.close()


@pytest.mark.asyncio
async def test_processes_opening_one_sqlite_file_together_share_one_schema(sqlite_url: str) -> None:
    stores = await asyncio.gather(*(open_store(sqlite_url) for _ in range(4)))
    try:
        # Each can write, and sees what the others wrote: one file, one schema, one version row.
        for i, s in enumerate(stores):
            assert await s.claim(LedgerKey("e", "2027-03-03", f"console:c{i}"), T0, f"p{i}") is not None
        for s in stores:
            assert len(await s.ledger_rows()) == len(stores)
        async with stores[0].engine.connect() as conn:
            assert (await conn.execute(select(schema_version.c.version))).scalars().all() == [SCHEMA_VERSION]
    finally:
        for s in stores:
            await s.close()


def test_bad_urls_are_refused() -> None:
    with pytest.raises(StoreError, match="unsupported store URL"):
        asyncio.run(open_store("mysql+aiomysql://x/y"))
    with pytest.raises(StoreError, match="needs a PostgreSQL"):
        asyncio.run(open_store("sqlite+aiosqlite:///x.db?schema=abc"))
    with pytest.raises(StoreError, match="letters, digits"):
        asyncio.run(open_store("postgresql+asyncpg://u@127.0.0.1/test?schema=a;drop"))


@pytest.mark.asyncio
async def test_renewing_keeps_a_claim_fresh_only_for_its_owner(store: Store) -> None:
    claim = await store.claim(KEY, T0, "A")
    assert claim is not None
    assert await store.renew(claim, T0 + dt.timedelta(minutes=8)) is True
    assert await store.claim(KEY, T0 + dt.timedelta(minutes=11), "B") is None  # renewed at 09:08
    taken = await store.claim(KEY, T0 + dt.timedelta(minutes=19), "B")
    assert taken is not None
    assert await store.renew(claim, T0 + dt.timedelta(minutes=19)) is False  # no longer A's
    assert await store.record_posted(taken, "ref-b", T0) is True
    assert await store.renew(taken, T0 + dt.timedelta(minutes=20)) is False  # settled rows stay


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("sqlite:///{tmp}/a.db", "sqlite+aiosqlite:///{tmp}/a.db"),
        ("sqlite+aiosqlite:///{tmp}/a.db", "sqlite+aiosqlite:///{tmp}/a.db"),
        ("postgres://u:pw@db.example:5432/bot", "postgresql+asyncpg://u:pw@db.example:5432/bot"),
        (
            "postgresql://u@db.example/bot?sslmode=require",
            "postgresql+asyncpg://u@db.example/bot?ssl=require",
        ),
        ("POSTGRESQL://u@h/bot?schema=fb", "postgresql+asyncpg://u@h/bot?schema=fb"),
        ("postgresql+asyncpg://u@h/bot", "postgresql+asyncpg://u@h/bot"),
    ],
)
def test_store_urls_as_people_write_them_use_the_async_drivers(url: str, form: str, tmp_path: Path) -> None:
    from bot.reminders.store_url import normalise_store_url

    assert normalise_store_url(url.format(tmp=tmp_path)) == form.format(tmp=tmp_path)


@pytest.mark.asyncio
async def test_plain_url_forms_open_real_stores(tmp_path: Path, own_pg: ThrowawayPostgres) -> None:
    plain_pg = own_pg.url.replace("postgresql+asyncpg://", "postgres://") + "?sslmode=disable"
    for url in (f"sqlite:///{tmp_path / 'plain.db'}", plain_pg):
        store = await open_store(url)
        try:
            assert await store.claim(KEY, T0, "A") is not None
        finally:
            await store.close()
    assert (tmp_path / "plain.db").is_file()


@pytest.mark.asyncio
async def test_a_database_that_is_down_or_missing_is_one_line(own_pg: ThrowawayPostgres) -> None:
    missing = own_pg.url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StoreUnavailable) as gone:
        await open_store(missing)
    assert str(gone.value) == (
        f'cannot reach the store {missing}: database "no_such_database" does not exist'
    )
    own_pg.stop()
    down_line = r"^cannot reach the store postgresql\+asyncpg://postgres@127.0.0.1:\d+/postgres: .*\d+"
    with pytest.raises(StoreUnavailable, match=down_line) as down:
        await open_store(own_pg.url)
    assert "\n" not in str(down.value)
    folder_is_a_file = own_pg.root / "data" / "PG_VERSION" / "figurebot.db"
    with pytest.raises(StoreError, match="cannot create the store's folder"):
        await open_store(f"sqlite:///{folder_is_a_file}")
