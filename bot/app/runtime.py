"""One process for every surface: wiring, start-up, live reload and a clean, bounded shutdown.

Order matters:
* the book is loaded before anything connects (a broken book at start is a configuration error);
* surfaces start independently, so one bad token is reported and the others keep serving;
* the reminder scheduler starts once, here, after the surfaces (never from a reconnect handler);
* shutdown (and a start-up that fails half way) undoes what started, in reverse: the health
  server and watchers, the scheduler (letting a claimed reminder finish and be recorded), the
  surfaces, then the store, all within ``run.shutdown_timeout`` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import signal
import sys
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from bot.app.config import ChannelSetting, Config, ConfigError
from bot.app.health import HealthServer
from bot.app.metrics import Metrics
from bot.app.reload import BookReloader
from bot.app.surfaces import SurfaceOptions, build_surfaces
from bot.charts.service import Charts
from bot.core.context import Subscription
from bot.core.message import Item, Kind, Message
from bot.core.pages import Poster, SiteLinks, with_links
from bot.core.router import ReminderDefaults, Router
from bot.core.shelf import Shelf
from bot.facts.loader import BookError, load_book
from bot.facts.model import FactBook
from bot.surfaces.base import Surface

if TYPE_CHECKING:
    from bot.reminders.store import Store
    from bot.updates.service import UpdateAnnouncer

log = logging.getLogger("figurebot")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


@dataclass
class RunOptions:
    console: bool | None = None  # None: the console runs only when no platform is configured
    platforms: bool = True  # False: Slack and Discord stay off even with tokens (`figurebot console`)
    slack_http: bool = False
    host: str | None = None
    port: int | None = None
    stdin: TextIO | None = None  # tests feed the console from a pipe
    stdout: TextIO | None = None
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def config_subscription(setting: ChannelSetting, config: Config, now: dt.datetime) -> Subscription:
    surface, _, rest = setting.channel.partition(":")
    workspace = rest.split("/", 1)[0] if surface == "slack" and "/" in rest else ""
    return Subscription(
        channel=setting.channel,
        surface=surface,
        workspace=workspace,
        timezone=setting.timezone or config.timezone,
        post_time=setting.time or config.post_time,
        heads_up_days=setting.heads_up_days if setting.heads_up_days is not None else config.heads_up_days,
        subscribed_by="config",
        subscribed_at=now,
    )


class App:
    def __init__(self, config: Config, options: RunOptions | None = None) -> None:
        self.config = config
        self.options = options or RunOptions()
        self.metrics = Metrics()
        self.stop_event = asyncio.Event()
        self.surfaces: list[Surface] = []
        self.serving: list[Surface] = []
        self.ended: dict[str, str] = {}  # surface -> why it stopped serving by itself
        self.store: Store | None = None
        self.updates: UpdateAnnouncer | None = None
        self._tasks: set[asyncio.Task[object]] = set()

    def request_stop(self, reason: str) -> None:
        if not self.stop_event.is_set():
            log.info("stopping: %s", reason)
            self.stop_event.set()

    async def run(self) -> int:
        from bot.reminders.store import StoreError, open_store

        config = self.config
        # Stop signals are caught from the first moment, so a SIGTERM during start-up also
        # ends in an orderly shutdown rather than the default abrupt exit.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop, signal.Signals(sig).name)
        try:
            book = await asyncio.to_thread(load_book, config.facts, config.facts_max_bytes)
        except BookError as exc:
            log.error("cannot start: the facts file has problems:\n%s", exc)
            return EXIT_CONFIG
        try:
            store = self.store = await open_store(config.store_url)
        except StoreError as exc:
            log.error("cannot start: %s", exc)
            return EXIT_CONFIG
        # Whatever has started is stopped again, in reverse order, however start-up or the run
        # ends: surfaces, scheduler, watchers and the store never outlive a failed start.
        stack = contextlib.AsyncExitStack()
        stack.push_async_callback(store.close)
        try:
            code = await self._serve(book, store, stack)
        except (StoreError, ConfigError) as exc:
            # The store went away during start-up, or a port is taken: one line, no traceback.
            log.error("cannot start: %s", exc)
            code = EXIT_CONFIG
        except Exception:
            log.exception("cannot start")
            code = EXIT_FAILED
        finally:
            try:
                await asyncio.wait_for(stack.aclose(), timeout=config.shutdown_timeout)
            except TimeoutError:
                log.warning("shutdown took longer than %.0f s; exiting anyway", config.shutdown_timeout)
        if code == EXIT_OK:
            log.info("stopped")
        return code

    async def _serve(self, book: FactBook, store: Store, stack: contextlib.AsyncExitStack) -> int:
        """Start everything after the store, registering how to stop each part on ``stack``; then
        run until asked to stop."""
        from bot.reminders.scheduler import ReminderScheduler
        from bot.reminders.service import ReminderService
        from bot.updates.service import UpdateAnnouncer, new_subscription

        config = self.config
        shelf = Shelf(book)
        self.metrics.set_book(book.version)
        links = SiteLinks.of(config.site_base_url)
        posters: dict[str, Surface] = {}
        reminder_posters: dict[str, Poster] = {}  # the same surfaces; their posts carry page links
        scheduler = ReminderScheduler(
            store,
            reminder_posters,
            shelf,
            catch_up=dt.timedelta(minutes=config.catch_up_minutes),
            on_report=self.metrics.observe_sweep,
        )
        service = ReminderService(
            store,
            shelf,
            default_timezone=config.timezone,
            default_post_time=config.post_time,
            on_change=scheduler.rebuild,
        )
        self.updates = updates = UpdateAnnouncer(
            store,
            posters,
            shelf,
            batch_seconds=config.update_batch_seconds,
            page_url=links.page if links else None,
            on_report=self.metrics.observe_updates,
            unrecorded=scheduler.unrecorded,
        )
        router = Router(
            shelf=shelf,
            subscriptions=service,
            defaults=ReminderDefaults(config.timezone, config.post_time, config.heads_up_days),
            observer=self.metrics.observe_command,
            links=links,
            updates=updates,
        )
        surface_options = SurfaceOptions(
            console=self.options.console,
            platforms=self.options.platforms,
            slack_http=self.options.slack_http,
            host=self.options.host,
            port=self.options.port,
            stdin=self.options.stdin,
            stdout=self.options.stdout,
            store_url=config.store_url,
        )
        # Charts draw on a thread of their own, and only when an answer has one to show.
        charts = Charts(shelf) if config.charts else None
        if charts is not None:
            stack.callback(charts.close)  # unwound last but the store: answers may still be drawing
        try:
            self.surfaces = build_surfaces(config, router, surface_options, self.options.env, charts)
        except ValueError as exc:
            log.error("cannot start: %s", exc)
            return EXIT_CONFIG
        posters.update({s.name: s for s in self.surfaces})
        reminder_posters.update({s.name: with_links(s, links) for s in self.surfaces})
        self._quiet_for_console()
        log.info("facts book %s: %d figures, %d events", book.version, len(book.figures), len(book.events))

        stack.push_async_callback(self._stop_surfaces)
        await self._start_surfaces()
        if not self.serving:
            log.error("no surface could start; see the errors above")
            return EXIT_FAILED

        now = dt.datetime.now(dt.UTC)
        # Unwound before the surfaces: a sweep finishes the post it claimed and records it.
        stack.push_async_callback(scheduler.shutdown, True)
        await scheduler.start(ensure=[config_subscription(c, config, now) for c in config.channels])
        stack.push_async_callback(updates.shutdown)  # unwound before the scheduler, as it started after
        await updates.start(ensure=[new_subscription(c, "config", now) for c in config.update_channels])

        async def on_swap(new_book: FactBook) -> None:
            self.metrics.set_book(new_book.version)
            updates.book_changed()  # posts once the book has settled
            await scheduler.rebuild()

        async def on_error(error: BookError) -> None:
            self.metrics.book_reload_failures.inc()
            problems = error.problems
            await self._tell_admin(
                "The facts file was not reloaded",
                f"{len(problems)} problem(s); the bot keeps answering from the last good book.",
                [str(p) for p in problems[:10]],
                "Run `figurebot check` for the full list." if len(problems) > 10 else None,
                posters,
            )

        async def on_trouble(text: str) -> None:
            await self._tell_admin("Facts reload: something failed", text, [], None, posters)

        reloader = BookReloader(
            shelf,
            config.facts,
            max_bytes=config.facts_max_bytes,
            on_swap=on_swap,
            on_error=on_error,
            on_trouble=on_trouble,
        )
        stack.push_async_callback(self._cancel_tasks)
        if config.watch_facts:
            self._spawn(reloader.watch(self.stop_event), "facts-watch")
        self._install_reload_signal(reloader)
        if config.metrics_port:
            health = HealthServer(self, shelf, scheduler)
            stack.push_async_callback(health.stop)
            try:
                await health.start(config.metrics_host, config.metrics_port)
            except OSError as exc:
                # asyncio's own text repeats the address; the errno's says just what is wrong.
                reason = os.strerror(exc.errno) if exc.errno else str(exc)
                where = f"{config.metrics_host}:{config.metrics_port}"
                raise ConfigError(f"metrics.port: cannot listen on {where}: {reason}") from exc
        self._spawn(self._watch_console(), "console-watch")
        log.info("figurebot is running: %s", ", ".join(s.name for s in self.serving))
        await self.stop_event.wait()
        return EXIT_OK

    def _spawn(self, coro: Coroutine[Any, Any, object], name: str) -> asyncio.Task[object]:
        """A background task whose failure is logged when it happens, never lost."""
        task: asyncio.Task[object] = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[object]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", task.get_name(), exc_info=task.exception())

    async def _cancel_tasks(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _stop_surfaces(self) -> None:
        results = await asyncio.gather(*(s.stop() for s in self.surfaces), return_exceptions=True)
        for surface, result in zip(self.surfaces, results, strict=True):
            if isinstance(result, Exception):
                log.warning("%s: stopping failed: %s", surface.name, result)

    def _quiet_for_console(self) -> None:
        """A person chatting in this terminal should not read log lines between answers."""
        from bot.app.logs import move_to_file
        from bot.surfaces.console import ConsoleSurface

        interactive = self.options.stdin is None and sys.stdin.isatty()
        if interactive and any(isinstance(s, ConsoleSurface) and s.router for s in self.surfaces):
            path = self.config.data_dir / "figurebot.log"
            print(f"(logs go to {path})", file=sys.stderr)
            move_to_file(path)

    async def _start_surfaces(self) -> None:
        async def start(surface: Surface) -> None:
            surface.on_end = lambda reason: self._surface_ended(surface, reason)
            try:
                await surface.start()
            except Exception as exc:  # one surface's failure must not stop the others
                log.error("%s: could not start: %s", surface.name, exc)
                self.metrics.surfaces_up.labels(surface.name).set(0)
                return
            self.serving.append(surface)
            self.metrics.surfaces_up.labels(surface.name).set(1)
            log.info("%s: serving", surface.name)

        await asyncio.gather(*(start(s) for s in self.surfaces))

    def _surface_ended(self, surface: Surface, reason: str) -> None:
        """A surface stopped serving by itself: health and the gauge say so at once."""
        if surface in self.serving:
            self.serving.remove(surface)
        self.ended[surface.name] = reason
        self.metrics.surfaces_up.labels(surface.name).set(0)
        log.error("%s: no longer serving: %s", surface.name, reason)

    async def _watch_console(self) -> None:
        """When the console is the only surface, leaving it (EOF, `quit`) stops the bot."""
        from bot.surfaces.console import ConsoleSurface

        consoles = [s for s in self.serving if isinstance(s, ConsoleSurface) and s.router is not None]
        if consoles and len(self.serving) == len(consoles):
            await consoles[0].closed.wait()
            self.request_stop("console closed")

    def _install_reload_signal(self, reloader: BookReloader) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, lambda: self._spawn(reloader.reload(), "sighup-reload"))

    async def _tell_admin(
        self,
        title: str,
        sentence: str,
        items: list[str],
        footer: str | None,
        posters: Mapping[str, Surface],
    ) -> None:
        channel = self.config.admin_channel
        if not channel:
            return
        surface, _, rest = channel.partition(":")
        poster = posters.get(surface)
        if poster is None:
            log.warning("admin channel %s: no such surface is running", channel)
            return
        message = Message(
            Kind.STATUS,
            title,
            sentence=sentence,
            items=tuple(Item(title=item) for item in items),
            footer=footer,
        )
        try:
            await poster.post(rest, message)
        except Exception as exc:
            log.warning("admin channel %s: could not post: %s", channel, exc)
