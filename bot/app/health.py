"""``/healthz`` and Prometheus ``/metrics`` on a local port (``[metrics] port``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.core.shelf import Shelf

if TYPE_CHECKING:
    from bot.app.runtime import App
    from bot.reminders.scheduler import ReminderScheduler


class HealthServer:
    def __init__(self, app: App, shelf: Shelf, scheduler: ReminderScheduler) -> None:
        self.app, self.shelf, self.scheduler = app, shelf, scheduler
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def healthz(self, _request: web.Request) -> web.Response:
        serving = {s.name for s in self.app.serving}
        surfaces = {s.name: s.name in serving for s in self.app.surfaces}
        # A surface that failed to start is shown as down; one that was serving and stopped by
        # itself (a gateway closed for good) makes the whole process unhealthy: a restart may cure it.
        ok = bool(serving) and self.scheduler.running and not self.app.ended
        body: dict[str, object] = {
            "status": "ok" if ok else "degraded",
            "book": self.shelf.book.version,
            "surfaces": surfaces,
            "scheduler": self.scheduler.running,
        }
        if self.app.ended:
            body["ended"] = dict(self.app.ended)
        return web.json_response(body, status=200 if ok else 503)

    async def metrics(self, _request: web.Request) -> web.Response:
        return web.Response(body=self.app.metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def start(self, host: str, port: int) -> None:
        web_app = web.Application()
        web_app.router.add_get("/healthz", self.healthz)
        web_app.router.add_get("/metrics", self.metrics)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
