"""The Slack surface: ``/figure`` and app mentions in, Block Kit out, reminder posts for the scheduler.

It maps Slack input to core command lines and core ``Message``s to blocks; every decision about
facts is the router's. One ``AsyncApp`` serves Socket Mode (no public URL) or HTTP (signed requests
on ``/slack/events``, plus ``/healthz``); HTTP can also run the OAuth install flow for many
workspaces with installations kept in the SQL store.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web
from aiohttp.typedefs import Handler
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.context import Context
from bot.core.message import Kind, Message
from bot.core.router import Router, commands, needs_manage
from bot.core.text_safety import clean_query
from bot.reminders.store import engine_for
from bot.surfaces.base import ChannelGone, Surface
from bot.surfaces.slack import actions
from bot.surfaces.slack.blocks import Rendered, render
from bot.surfaces.slack.install import Installs
from bot.surfaces.slack.pacing import Pacer
from bot.surfaces.slack.settings import Mode, SlackConfigError, SlackSettings
from bot.surfaces.slack.uploads import upload_chart

if TYPE_CHECKING:
    from bot.charts.service import Charts

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
SLACK_API = "https://slack.com/api/"

#: chat.postMessage errors meaning "this channel will not take our posts any more"
GONE_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "team_access_not_granted",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_non_threadable_channel",
    }
)
#: Always shown only to the asker, whatever ``[slack] answers`` says.
PRIVATE_KINDS = frozenset({Kind.CHOICES, Kind.NOT_FOUND, Kind.REFUSAL, Kind.HELP})
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_SEEN_EVENTS = 2000  # event ids remembered to drop Slack's redeliveries

Listener = Callable[..., Awaitable[None]]


def retry_handlers() -> list[AsyncRetryHandler]:
    """Retry dropped connections and 429s (slack-sdk retries only connection errors by default)."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
    ]


def failure_message() -> Message:
    return Message(
        Kind.REFUSAL,
        "Something went wrong",
        sentence="The answer could not be built. Please try again in a moment, or ask `help`.",
        private=True,
    )


class SlackSurface(Surface):
    """Construct, then ``await start()``; ``await stop()`` on shutdown.

    ``http=True`` serves signed HTTP on ``host:port`` (defaults from ``[slack] http_host`` and
    ``http_port``); otherwise Socket Mode when ``SLACK_APP_TOKEN`` is set. With
    ``SLACK_CLIENT_ID``/``SLACK_CLIENT_SECRET`` the app installs into many workspaces (HTTP only)
    and keeps installations in ``store_url`` (``sqlite+aiosqlite:///…`` or ``postgresql+asyncpg://…``)
    or the given ``engine``.
    """

    name = "slack"

    def __init__(
        self,
        router: Router,
        settings: SlackSettings,
        *,
        http: bool = False,
        host: str | None = None,
        port: int | None = None,
        store_url: str | None = None,
        engine: AsyncEngine | None = None,
        process_before_response: bool = False,
        charts: Charts | None = None,
    ) -> None:
        self.router = router
        self.settings = settings
        self.charts = charts
        self.mode: Mode = settings.mode(http)
        self.host = host if host is not None else settings.http_host
        self.port = port if port is not None else settings.http_port
        self._check(store_url, engine)
        self.client = self.new_client(None if settings.multi_workspace else settings.bot_token)
        self.installs: Installs | None = None
        self._own_engine: AsyncEngine | None = None
        if settings.multi_workspace:
            schema = None
            if engine is None:
                assert store_url is not None  # checked above
                # The store's own setup: the same URL forms, ?schema= and SQLite settings.
                engine, schema = engine_for(store_url)
                self._own_engine = engine
            self.installs = Installs(settings, engine, schema)
        # HTTP mode always has a signing secret (checked above); Socket Mode needs none.
        self._verifier = SignatureVerifier(settings.signing_secret) if settings.signing_secret else None
        self.app = AsyncApp(
            # bolt sets the level of the logger named after the app to its base logger's on every
            # request: under slack_bolt that is bolt's own level, never figurebot's loggers.
            name="slack_bolt.figurebot",
            client=self.client,
            signing_secret=settings.signing_secret or "",
            process_before_response=process_before_response,
            oauth_settings=self.installs.oauth_settings if self.installs else None,
            logger=logging.getLogger("slack_bolt"),
        )
        if self.installs is not None:
            self.app.enable_token_revocation_listeners()  # uninstalls delete the stored tokens
        self.app.command(settings.command)(self._on_command)
        self.app.event("app_mention")(self._on_mention)
        actions.register(self.app, self, failure_message)  # button clicks
        self._pacer = Pacer(settings.post_interval_seconds)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._clients: dict[str, AsyncWebClient] = {}
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self._words: frozenset[str] | None = None
        self.bot_user_id: str | None = None

    def _check(self, store_url: str | None, engine: AsyncEngine | None) -> None:
        settings = self.settings
        if settings.multi_workspace:
            if self.mode != "http":
                raise SlackConfigError(
                    "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET select multi-workspace installs, which need "
                    "HTTP mode (--slack-http); unset them to run one workspace over Socket Mode"
                )
            if store_url is None and engine is None:
                raise SlackConfigError("multi-workspace installs need the SQL store ([store] url)")
        elif not settings.bot_token:
            raise SlackConfigError("SLACK_BOT_TOKEN is not set")
        if self.mode == "http" and not settings.signing_secret:
            raise SlackConfigError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests")

    def new_client(self, token: str | None) -> AsyncWebClient:
        return AsyncWebClient(
            token=token, base_url=self.settings.api_url or SLACK_API, retry_handlers=retry_handlers()
        )

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        if self.installs is not None:
            await self.installs.create_tables()
        else:
            # Fails fast on a wrong token, and learns the bot's user id for mention stripping.
            auth = await self.client.auth_test()
            self.bot_user_id = auth.get("user_id")
            log.info("slack: signed in to workspace %s as %s", auth.get("team_id"), self.bot_user_id)
        if self.mode == "socket":
            self._socket = AsyncSocketModeHandler(self.app, self.settings.app_token)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack: connected over Socket Mode")
            return
        web_app = self.app.web_app(path=EVENTS_PATH, port=self.port)
        web_app.middlewares.append(self._signed_and_readable)
        web_app.router.add_get(HEALTH_PATH, self._healthz)
        self._runner = web.AppRunner(web_app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]  # the real port when 0 was asked for
        log.info("slack: serving HTTP on %s (%s)", self.http_url, EVENTS_PATH)

    async def stop(self) -> None:
        socket, self._socket = self._socket, None
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        engine, self._own_engine = self._own_engine, None
        if engine is not None:
            await engine.dispose()

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @web.middleware
    async def _signed_and_readable(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Check the signature before bolt parses the body, and refuse a body bolt could not parse:
        garbage from anyone is a 401 or 400 and one debug line, not a 500 and a traceback."""
        if request.method != "POST" or request.path != EVENTS_PATH:
            return await handler(request)
        body = await request.text()  # aiohttp keeps it: bolt's handler reads the same text
        try:
            signed = self._verifier is not None and self._verifier.is_valid_request(body, request.headers)
        except ValueError:  # a timestamp header that is not a number
            signed = False
        if not signed:
            log.debug("slack: refused a request without a valid signature from %s", request.remote)
            return web.Response(status=401, text="invalid request signature")
        try:
            AsyncBoltRequest(body=body, query=request.query_string, headers=dict(request.headers))
        except Exception as exc:
            log.debug("slack: refused a signed request bolt cannot read: %s", type(exc).__name__)
            return web.Response(status=400, text="unreadable request body")
        return await handler(request)

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "surface": "slack", "mode": self.mode})

    # --- scheduled posts -----------------------------------------------------------------------

    async def post(self, channel: str, message: Message) -> str:
        """Post to ``T01/C01`` (or ``C01`` with one workspace); returns the message's ``ts``."""
        team, _, channel_id = channel.rpartition("/")
        client = await self._client_for(team, channel)
        rendered = self.render(message)
        async with self._pacer.slot(channel):
            try:
                response = await client.chat_postMessage(
                    channel=channel_id,
                    text=rendered.text,
                    blocks=rendered.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                )
            except SlackApiError as err:
                error = api_error(err)
                if error in GONE_ERRORS:
                    log.warning("slack: channel %s no longer takes posts (%s); ending it", channel, error)
                    raise ChannelGone(f"slack:{channel}: {error}") from err
                raise
        return str(response["ts"])

    async def _client_for(self, team: str, channel: str) -> AsyncWebClient:
        if self.installs is None:
            return self.client
        token = await self.installs.bot_token(team) if team else None
        if token is None:
            log.warning("slack: no installation for workspace %r; ending %s", team, channel)
            raise ChannelGone(f"slack:{channel}: the app is not installed in workspace {team!r}")
        client = self._clients.get(token)
        if client is None:
            client = self._clients[token] = self.new_client(token)
        return client

    # --- listeners -----------------------------------------------------------------------------

    async def _on_command(
        self, ack: Callable[[], Awaitable[None]], body: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()  # within Slack's 3 seconds, before any work
        query = clean_query(str(body.get("text") or "")) or "help"
        team, user = str(body.get("team_id", "")), str(body.get("user_id", ""))
        message = await self._answer(client, team, str(body.get("channel_id", "")), user, query)
        rendered = self.render(message)
        result = await respond(
            text=rendered.text,
            blocks=rendered.blocks,
            response_type="ephemeral" if self.is_private(message) else "in_channel",
            replace_original=False,
            unfurl_links=False,
            unfurl_media=False,
        )
        if result.status_code != 200:
            log.warning("slack: response_url refused the answer: %s %s", result.status_code, result.body)
        elif not self.is_private(message):
            await self._chart(client, message, str(body.get("channel_id", "")))

    async def _on_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        if self._redelivered(str(body.get("event_id", ""))):
            return
        text = strip_mention(str(event.get("text") or ""), context.bot_user_id or self.bot_user_id)
        query = clean_query(text) or "help"
        team = str(body.get("team_id") or event.get("team") or "")
        channel, user = str(event.get("channel", "")), str(event.get("user", ""))
        thread_ts = event.get("thread_ts") or event.get("ts")
        message = await self._answer(client, team, channel, user, query)
        rendered = self.render(message)
        try:
            if self.is_private(message):
                await client.chat_postEphemeral(
                    channel=channel,
                    user=user,
                    thread_ts=thread_ts,
                    text=rendered.text,
                    blocks=rendered.blocks,
                )
            else:
                await client.chat_postMessage(
                    channel=channel,
                    thread_ts=thread_ts,
                    text=rendered.text,
                    blocks=rendered.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                )
                await self._chart(client, message, channel, thread_ts)
        except SlackApiError as err:
            log.warning("slack: could not answer a mention in %s: %s", channel, api_error(err))

    async def _chart(
        self, client: AsyncWebClient, message: Message, channel: str, thread_ts: str | None = None
    ) -> None:
        """The figure's chart after a channel answer, in the same channel or thread."""
        if self.charts is not None and channel:
            await upload_chart(client, self.charts, message, channel, thread_ts)

    # --- mapping -------------------------------------------------------------------------------

    def is_private(self, message: Message) -> bool:
        return message.private or message.kind in PRIVATE_KINDS or self.settings.answers == "private"

    async def _answer(
        self, client: AsyncWebClient, team: str, channel: str, user: str, query: str
    ) -> Message:
        try:
            ctx = await self._context(client, team, channel, user, query)
            return await self.router.handle(query, ctx)
        except Exception:  # a handler must answer something, never leave the user hanging
            log.exception("slack: command failed in %s/%s", team, channel)
            return failure_message()

    async def _context(
        self, client: AsyncWebClient, team: str, channel: str, user: str, query: str
    ) -> Context:
        # Only commands that change settings need the (API-costly) role check.
        can_manage = self.manages(query) and await self._is_manager(client, user)
        return Context(
            surface="slack",
            channel=f"slack:{team}/{channel}",
            user=user,
            can_manage=can_manage,
            workspace=team,
        )

    def manages(self, query: str) -> bool:
        """Does this command line change channel settings (so the asker's role matters)?"""
        return needs_manage(query)

    def render(self, message: Message) -> Rendered:
        if self._words is None:
            self._words = frozenset(key for cmd in commands() for key in (cmd.name, *cmd.aliases))
        return render(message, self.settings.command, self._words)

    async def _is_manager(self, client: AsyncWebClient, user: str) -> bool:
        if user in self.settings.managers:
            return True
        try:
            info = (await client.users_info(user=user)).get("user") or {}
        except SlackApiError as err:
            log.warning("slack: users.info failed for %s: %s", user, api_error(err))
            return False
        return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))

    def _redelivered(self, event_id: str) -> bool:
        """Slack redelivers an event it thinks was not acked; answer each event once."""
        if not event_id:
            return False
        if event_id in self._seen:
            return True
        self._seen[event_id] = None
        if len(self._seen) > _SEEN_EVENTS:
            self._seen.popitem(last=False)
        return False


def api_error(err: SlackApiError) -> str:
    """Slack's error code (``not_in_channel``), or the HTTP status when the body was not JSON."""
    data = getattr(err.response, "data", None)
    if isinstance(data, dict):
        return str(data.get("error", ""))
    return f"http_{getattr(err.response, 'status_code', '?')}"


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """Remove the bot's own mention(s); other mentions stay (and are escaped when echoed)."""
    if bot_user_id:
        return _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text).strip()
    return _MENTION.sub("", text, count=1).strip()
