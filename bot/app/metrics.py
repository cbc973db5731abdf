"""Prometheus metrics and the per-command log line.

The registry is per ``Metrics`` instance (not the global default) so tests and several apps in
one process do not share counters.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.core.context import Context
from bot.core.message import Kind, Message

if TYPE_CHECKING:
    from bot.reminders.sweep import SweepReport
    from bot.updates.announce import PassReport

log = logging.getLogger("figurebot.commands")

OUTCOMES = {Kind.ANSWER: "answer", Kind.CHOICES: "ambiguous", Kind.NOT_FOUND: "not_found"}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "figurebot_commands",
            "Commands handled, by surface, command and outcome",
            ["surface", "command", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "figurebot_command_seconds",
            "Time to handle a command in the core",
            ["surface"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.reminders = Counter(
            "figurebot_reminders",
            "Reminder posts by what happened to them (claimed, posted, failed, gone)",
            ["outcome"],
            registry=self.registry,
        )
        self.updates = Counter(
            "figurebot_updates",
            "Book-update posts (one per channel and batch) by what happened to them",
            ["outcome"],
            registry=self.registry,
        )
        self.book_info = Gauge(
            "figurebot_book_info", "The facts book in use (value 1)", ["version"], registry=self.registry
        )
        self.book_reload_failures = Counter(
            "figurebot_book_reload_failures", "Facts reloads rejected for errors", registry=self.registry
        )
        self.surfaces_up = Gauge(
            "figurebot_surface_up", "1 when a surface is connected", ["surface"], registry=self.registry
        )
        self._version: str | None = None

    def observe_command(self, ctx: Context, command: str, message: Message, seconds: float) -> None:
        outcome = OUTCOMES.get(message.kind, message.kind.value)
        self.commands.labels(ctx.surface, command, outcome).inc()
        self.latency.labels(ctx.surface).observe(seconds)
        # One line per command; never the user's text (it may be personal), only what we made of it.
        log.info(
            "surface=%s command=%s outcome=%s ref=%s ms=%.1f",
            ctx.surface,
            command,
            outcome,
            message.ref or "-",
            seconds * 1000,
        )

    def observe_sweep(self, report: SweepReport) -> None:
        for delivery in report.deliveries:
            # Each delivery was claimed first; then it was posted, failed or found gone.
            self.reminders.labels("claimed").inc()
            self.reminders.labels(delivery.outcome).inc()

    def observe_updates(self, report: PassReport) -> None:
        for delivery in report.deliveries:
            self.updates.labels(delivery.outcome).inc()

    def set_book(self, version: str) -> None:
        if self._version is not None:
            self.book_info.remove(self._version)
        self.book_info.labels(version).set(1)
        self._version = version

    def render(self) -> bytes:
        return generate_latest(self.registry)
