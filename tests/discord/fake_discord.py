"""A local fake of Discord's REST API and gateway, for driving the real discord.py client.

It serves just what a slash-command bot touches, on 127.0.0.1 (port 0 by default), records every
request, and lets a test push gateway events and script failures. Point the bot at it with
``DISCORD_API_URL=fake.api_url`` and ``DISCORD_GATEWAY_URL=fake.gateway_url``.

Usage in a test::

    async with FakeDiscord() as fake:
        env = {"DISCORD_TOKEN": fake.token, "DISCORD_API_URL": fake.api_url,
               "DISCORD_GATEWAY_URL": fake.gateway_url}
        ...start the bot...
        callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
        callback.json   # {"type": 4, "data": {"embeds": [...], "allowed_mentions": {"parse": []}}}

API (all on ``FakeDiscord``):

- ``start()`` / ``stop()`` (or ``async with``); ``api_url``, ``gateway_url``, ``token``, ``app_id``.
- ``requests``: every REST call as ``Request(method, path, query, json, headers, files)``, paths
  without the ``/api/v10`` prefix; ``identifies`` (IDENTIFY payloads); ``ws_paths``. A multipart
  upload (a message with files) is parsed as Discord does: ``json`` is its ``payload_json`` and
  ``files`` the uploaded parts (``files[N]``), each with its name, filename, type and bytes; the
  message returned lists them as attachments, with the description the payload gave each.
- ``commands``: registered commands by scope (``None`` = global, else the guild id).
- ``slash(name, options, sub=..., ...)`` / ``autocomplete(...)``: INTERACTION_CREATE payloads.
- ``interact(payload)``: push it and return the interaction's callback ``Request``.
- ``messages``: every message the bot made (interaction replies, follow-ups, channel posts) by
  id, kept up to date by type 7 callbacks and webhook edits and deletes, as Discord would show it
  (``flags`` 64 = ephemeral, ``deleted``); ``reply_to(payload)`` is the message an interaction's
  callback created, ``original(payload)`` the one ``@original`` now refers to (for a click
  answered with type 6 or 7, the clicked message). ``click(message, custom_id, values=...)``
  builds the type 3 payload for pressing a button or picking from a menu on ``message``.
- ``until(predicate)``: wait until a condition on the fake's state holds.
- ``dispatch(event, data)``: push any gateway event; ``wait_for(predicate)``: the next matching request.
- ``fail(method, path_regex, status, body, times=1)`` / ``rate_limit(method, path_regex, retry_after)``:
  scripted responses; a 429 carries the ``Via`` header discord.py needs to treat it as a rate limit.
- ``bad_token()``: answer 401 to every authenticated request; ``close_sessions(code)``: drop the gateway.

Run standalone for manual poking (prints each request)::

    python tests/discord/fake_discord.py --port 8080
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from aiohttp import BodyPartReader, WSMsgType, web

API_PREFIX = "/api/v10"
JSON = {"Content-Type": "application/json"}  # discord.py parses bodies only with exactly this type
PERM_MANAGE_CHANNELS = 1 << 4
PERM_VIEW_SEND = (1 << 10) | (1 << 11)  # View Channel, Send Messages
EPOCH = "2026-01-01T00:00:00.000000+00:00"


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request."""

    name: str  # the form field: files[0], files[1], ...
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # without /api/v10
    query: Mapping[str, str]
    json: Any
    headers: Mapping[str, str]
    files: tuple[Upload, ...] = ()


@dataclass
class _Script:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


@dataclass
class _Socket:
    ws: web.WebSocketResponse
    shard: list[int] | None = None
    seq: int = 0


@dataclass
class FakeDiscord:
    host: str = "127.0.0.1"
    port: int = 0
    token: str = "fake-token"
    app_id: int = 1100000000000000001
    bot_id: int = 1100000000000000001
    recommended_shards: int = 1
    log: Callable[[str], None] | None = None

    requests: list[Request] = field(default_factory=list)
    identifies: list[dict[str, Any]] = field(default_factory=list)
    ws_paths: list[str] = field(default_factory=list)
    commands: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1500000000000000001)
        self._scripts: list[_Script] = []
        self._sockets: list[_Socket] = []
        self._callbacks: dict[str, asyncio.Future[Request]] = {}
        self._waiters: list[tuple[Callable[[Request], bool], asyncio.Future[Request]]] = []
        self._unauthorised = False
        self._runner: web.AppRunner | None = None
        self.messages: dict[str, dict[str, Any]] = {}
        self._originals: dict[str, str] = {}  # interaction token -> id of its @original message
        self._clicked: dict[str, str] = {}  # interaction id -> id of the message clicked on
        self._followup_ids: list[str] = []

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gw", self._gateway)
        app.router.add_get("/gw-from-gateway-bot", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for sock in list(self._sockets):
            await sock.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gw"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": str(self.bot_id),
            "username": "figurebot",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
            "global_name": None,
        }

    def next_id(self) -> int:
        return next(self._ids)

    # ---- scripting ----------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        body: Any,
        *,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` regex with ``status``."""
        self._scripts.append(_Script(method, re.compile(path), status, body, dict(headers or {}), times))

    def rate_limit(self, method: str, path: str, retry_after: float = 0.05, *, times: int = 1) -> None:
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        self.fail(method, path, 429, body, headers={"Via": "1.1 google", "Retry-After": "1"}, times=times)

    def bad_token(self) -> None:
        self._unauthorised = True

    # ---- REST ---------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        files: tuple[Upload, ...] = ()
        if request.content_type.startswith("multipart/"):
            payload, files = await _multipart(request)
            body = json.dumps(payload)
        else:
            body = await request.text()
            payload = json.loads(body) if body and request.content_type == "application/json" else None
        path = request.path[len(API_PREFIX) :]
        rec = Request(request.method, path, dict(request.query), payload, dict(request.headers), files)
        self.requests.append(rec)
        if self.log:
            self.log(f"{request.method} {path} {body[:200]}")
        try:
            status, out, headers = self._answer(rec)
        finally:
            self._notify(rec)
        if status == 204:
            return web.Response(status=204)
        return web.Response(status=status, body=json.dumps(out).encode(), headers={**JSON, **headers})

    def _answer(self, rec: Request) -> tuple[int, Any, dict[str, str]]:
        for script in self._scripts:
            if script.times and script.method == rec.method and script.pattern.search(rec.path):
                script.times -= 1
                return script.status, script.body, script.headers
        webhook = rec.path.startswith(("/interactions/", "/webhooks/"))
        if not webhook and (self._unauthorised or rec.headers.get("Authorization") != f"Bot {self.token}"):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        for method, pattern, handler in self._routes:
            match = re.fullmatch(pattern, rec.path)
            if method == rec.method and match:
                return handler(self, rec, *match.groups())
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _me(self, rec: Request) -> tuple[int, Any, dict[str, str]]:
        return 200, self.bot_user, {}

    def _app(self, rec: Request) -> tuple[int, Any, dict[str, str]]:
        return (
            200,
            {
                "id": str(self.app_id),
                "name": "figurebot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.bot_user,
                "verify_key": "0" * 64,
                "flags": 0,
            },
            {},
        )

    def _gateway_bot(self, rec: Request) -> tuple[int, Any, dict[str, str]]:
        return (
            200,
            {
                "url": f"ws://{self.host}:{self.port}/gw-from-gateway-bot",
                "shards": self.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            },
            {},
        )

    def _put_commands(
        self, rec: Request, app: str, guild: str | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        scope = int(guild) if guild else None
        stored = []
        for cmd in rec.json or []:
            entry = {**cmd, "id": str(self.next_id()), "application_id": str(self.app_id), "version": "1"}
            if scope is not None:
                entry["guild_id"] = str(scope)
            stored.append(entry)
        self.commands[scope] = stored
        return 200, stored, {}

    def _callback(self, rec: Request, interaction_id: str, token: str) -> tuple[int, Any, dict[str, str]]:
        future = self._callbacks.pop(interaction_id, None)
        if future is not None and not future.done():
            future.set_result(rec)
        body = rec.json or {}
        kind = body.get("type")
        result: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        if kind in (4, 5):
            msg = self._message(0, body.get("data") or {}, webhook=True, files=rec.files)
            self._originals[token] = msg["id"]
            result["interaction"]["response_message_id"] = msg["id"]
            result["interaction"]["response_message_loading"] = kind == 5
            result["resource"] = {"type": kind, "message": msg}
        elif kind in (6, 7):  # a click acknowledged by (later) updating the clicked message
            clicked = self._clicked.get(interaction_id)
            if clicked is None or self.messages[clicked]["deleted"]:
                return 404, {"message": "Unknown Message", "code": 10008}, {}
            self._originals[token] = clicked
            result["interaction"]["type"] = 3
            if kind == 7:
                msg = self._update(clicked, body.get("data") or {})
                result["resource"] = {"type": kind, "message": msg}
        return 200, result, {}

    def _followup(self, rec: Request, app: str, token: str) -> tuple[int, Any, dict[str, str]]:
        msg = self._message(0, rec.json or {}, webhook=True, files=rec.files)
        self._followup_ids.append(msg["id"])
        return 200, msg, {}

    def _original(self, rec: Request, app: str, token: str) -> tuple[int, Any, dict[str, str]]:
        found = self._originals.get(token)
        if found is None or self.messages[found]["deleted"]:
            return 404, {"message": "Unknown Message", "code": 10008}, {}
        if rec.method == "DELETE":
            self.messages[found]["deleted"] = True
            return 204, None, {}
        return 200, self._update(found, rec.json or {}, rec.files), {}

    def _update(
        self, message_id: str, data: Mapping[str, Any], files: tuple[Upload, ...] = ()
    ) -> dict[str, Any]:
        msg = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in data:
                msg[key] = data[key] or ([] if key != "content" else "")
        if "attachments" in data or files:  # an edit that sends attachments replaces them
            msg["attachments"] = self._attachments(data, files)
        msg["edited_timestamp"] = EPOCH
        return _shown(msg)

    def _channel_post(self, rec: Request, channel: str) -> tuple[int, Any, dict[str, str]]:
        return 200, self._message(int(channel), rec.json or {}, files=rec.files), {}

    def _attachments(self, body: Mapping[str, Any], files: tuple[Upload, ...]) -> list[dict[str, Any]]:
        """The message's attachments as Discord returns them: one per uploaded ``files[N]``, with
        the filename and description given for id N in the payload's ``attachments``."""
        declared = {str(a.get("id")): a for a in body.get("attachments") or []}
        out = []
        for upload in files:
            index = upload.name.removeprefix("files[").removesuffix("]")
            meta = declared.get(index, {})
            snowflake = self.next_id()
            entry = {
                "id": str(snowflake),
                "filename": meta.get("filename", upload.filename),
                "size": len(upload.data),
                "url": f"{self.base_url}/attachments/{snowflake}/{upload.filename}",
                "proxy_url": f"{self.base_url}/attachments/{snowflake}/{upload.filename}",
                "content_type": upload.content_type,
            }
            if "description" in meta:
                entry["description"] = meta["description"]
            out.append(entry)
        return out

    def _message(
        self,
        channel: int,
        body: Mapping[str, Any],
        *,
        webhook: bool = False,
        files: tuple[Upload, ...] = (),
    ) -> dict[str, Any]:
        msg = {
            "id": str(self.next_id()),
            "channel_id": str(channel or 1),
            "type": 20 if webhook else 0,
            "content": body.get("content") or "",
            "author": self.bot_user,
            "attachments": self._attachments(body, files),
            "embeds": body.get("embeds") or [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": EPOCH,
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
            "components": body.get("components") or [],
            "nonce": body.get("nonce"),
            "webhook_id": str(self.app_id) if webhook else None,
            "deleted": False,
        }
        self.messages[msg["id"]] = msg
        return _shown(msg)

    _routes: ClassVar[tuple[tuple[str, str, Callable[..., tuple[int, Any, dict[str, str]]]], ...]] = (
        ("GET", r"/users/@me", _me),
        ("GET", r"/oauth2/applications/@me", _app),
        ("GET", r"/gateway/bot", _gateway_bot),
        ("PUT", r"/applications/(\d+)/commands", _put_commands),
        ("PUT", r"/applications/(\d+)/guilds/(\d+)/commands", _put_commands),
        ("POST", r"/interactions/(\d+)/([^/]+)/callback", _callback),
        ("POST", r"/webhooks/(\d+)/([^/]+)", _followup),
        ("PATCH", r"/webhooks/(\d+)/([^/]+)/messages/@original", _original),
        ("DELETE", r"/webhooks/(\d+)/([^/]+)/messages/@original", _original),
        ("POST", r"/channels/(\d+)/messages", _channel_post),
    )

    # ---- waiting ------------------------------------------------------------------------------

    def _notify(self, rec: Request) -> None:
        for entry in list(self._waiters):
            predicate, future = entry
            if not future.done() and predicate(rec):
                future.set_result(rec)
                self._waiters.remove(entry)

    async def wait_for(self, predicate: Callable[[Request], bool], timeout: float = 5.0) -> Request:
        """The next request (from now on) for which ``predicate`` is true."""
        future: asyncio.Future[Request] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    def calls(self, method: str, path: str) -> list[Request]:
        """Recorded requests with this method whose path matches the regex ``path``."""
        return [r for r in self.requests if r.method == method and re.fullmatch(path, r.path)]

    # ---- gateway ------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.ws_paths.append(request.path_qs)
        sock = _Socket(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                if message["op"] == 1:  # heartbeat
                    await ws.send_str(json.dumps({"op": 11, "d": None}))
                elif message["op"] == 2:  # identify
                    if message["d"].get("token") != self.token or self._unauthorised:
                        await ws.close(code=4004, message=b"Authentication failed.")
                        break
                    self.identifies.append(message["d"])
                    sock.shard = message["d"].get("shard")
                    ready: dict[str, Any] = {
                        "v": 10,
                        "user": self.bot_user,
                        "guilds": [],
                        "session_id": f"s{len(self.identifies)}",
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": str(self.app_id), "flags": 0},
                    }
                    if sock.shard is not None:
                        ready["shard"] = sock.shard
                    self._sockets.append(sock)
                    await self._send(sock, "READY", ready)
        finally:
            if sock in self._sockets:
                self._sockets.remove(sock)
        return ws

    async def _send(self, sock: _Socket, event: str, data: Any) -> None:
        sock.seq += 1
        await sock.ws.send_str(json.dumps({"op": 0, "t": event, "s": sock.seq, "d": data}))

    async def connected(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` gateway sessions have been identified and sent READY."""
        async with asyncio.timeout(timeout):
            while len(self._sockets) < count:
                await asyncio.sleep(0.01)

    async def close_sessions(self, code: int = 1000) -> None:
        """Close every gateway session with ``code`` (4004: authentication failed)."""
        for sock in list(self._sockets):
            await sock.ws.close(code=code, message=b"closed by the fake")

    async def dispatch(self, event: str, data: Any, *, guild_id: int | None = None) -> None:
        """Send a gateway event, on the shard that owns ``guild_id`` when sharded."""
        if not self._sockets:
            raise RuntimeError("no gateway session is connected")
        target = self._sockets[0]
        if guild_id is not None:
            for sock in self._sockets:
                if sock.shard and (guild_id >> 22) % sock.shard[1] == sock.shard[0]:
                    target = sock
        await self._send(target, event, data)

    async def interact(self, payload: dict[str, Any], timeout: float = 5.0) -> Request:
        """Push INTERACTION_CREATE and return the POST to its callback URL."""
        future: asyncio.Future[Request] = asyncio.get_running_loop().create_future()
        self._callbacks[payload["id"]] = future
        if payload.get("message"):
            self._clicked[payload["id"]] = payload["message"]["id"]
        guild = payload.get("guild_id")
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=int(guild) if guild else None)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._callbacks.pop(payload["id"], None)

    def reply_to(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """The message the callback of the interaction ``payload`` created (type 4 or 5)."""
        return self.messages[self._originals[payload["token"]]]

    def original(self, payload: Mapping[str, Any]) -> dict[str, Any] | None:
        """The message ``@original`` of this interaction refers to now, if any."""
        found = self._originals.get(payload["token"])
        return self.messages[found] if found else None

    def followups(self) -> list[dict[str, Any]]:
        """Follow-up messages (POSTs to an interaction's webhook) still shown, oldest first."""
        return [self.messages[i] for i in self._followup_ids if not self.messages[i]["deleted"]]

    async def until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds (it reads the fake's state)."""
        async with asyncio.timeout(timeout):
            while not predicate():
                await asyncio.sleep(0.01)

    def click(
        self,
        message: Mapping[str, Any],
        custom_id: str,
        *,
        values: list[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """A type 3 interaction: pressing the button ``custom_id`` on ``message``, or picking
        ``values`` from the menu ``custom_id``. ``message`` is sent as Discord shows it now."""
        payload = self.slash("", **kwargs, interaction_type=3)
        kinds = {c.get("custom_id"): c["type"] for row in message["components"] for c in row["components"]}
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": kinds.get(custom_id, 2)}
        if values is not None:
            data["values"] = values
        payload["data"] = data
        payload["message"] = _shown(message)
        return payload

    # ---- payload builders ---------------------------------------------------------------------

    def slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        sub: str | None = None,
        focused: str | None = None,
        guild_id: int | None = 900000000000000001,
        channel_id: int = 800000000000000001,
        user_id: int = 700000000000000001,
        permissions: int = PERM_VIEW_SEND,
        resolved_channels: Mapping[int, int] | None = None,
        interaction_type: int = 2,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for ``/name [sub] option:value ...``.

        ``focused`` marks the option being typed (autocomplete); ``resolved_channels`` maps a channel
        id given as an option value to the invoking member's permissions in that channel.
        """
        opts = [self._option(k, v, focused == k) for k, v in (options or {}).items()]
        if sub is not None:
            opts = [{"name": sub, "type": 1, "options": opts}]
        data: dict[str, Any] = {"id": str(self.app_id + 1), "name": name, "type": 1, "options": opts}
        if resolved_channels:
            data["resolved"] = {
                "channels": {
                    str(cid): {
                        "id": str(cid),
                        "name": f"channel-{cid}",
                        "type": 0,
                        "permissions": str(perms),
                        "parent_id": None,
                    }
                    for cid, perms in resolved_channels.items()
                }
            }
        user = {
            "id": str(user_id),
            "username": "moderator",
            "discriminator": "0",
            "avatar": None,
            "global_name": "Moderator",
        }
        payload: dict[str, Any] = {
            "id": str(self.next_id()),
            "application_id": str(self.app_id),
            "type": interaction_type,
            "data": data,
            "channel_id": str(channel_id),
            "token": f"tok{self.next_id()}",
            "version": 1,
            "app_permissions": str(PERM_VIEW_SEND),
            "locale": "en-GB",
            "entitlements": [],
            "attachment_size_limit": 8388608,
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            },
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
            payload["guild_id"] = str(guild_id)
            payload["channel"]["guild_id"] = str(guild_id)
            payload["guild_locale"] = "en-GB"
            payload["member"] = {
                "user": user,
                "roles": [],
                "joined_at": EPOCH,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(permissions),
                "nick": None,
            }
        else:
            payload["user"] = user
            payload["channel"] = {"id": str(channel_id), "type": 1, "recipients": [user]}
        return payload

    def autocomplete(
        self, name: str, options: Mapping[str, Any], focused: str, **kwargs: Any
    ) -> dict[str, Any]:
        return self.slash(name, options, focused=focused, interaction_type=4, **kwargs)

    @staticmethod
    def _option(name: str, value: Any, focused: bool) -> dict[str, Any]:
        kind = 4 if isinstance(value, int) and not isinstance(value, bool) else 3
        if isinstance(value, ChannelRef):
            kind, value = 7, str(value.id)
        option: dict[str, Any] = {"name": name, "type": kind, "value": value}
        if focused:
            option["focused"] = True
        return option


def _shown(msg: Mapping[str, Any]) -> dict[str, Any]:
    """A message as the API returns it (without the fake's own bookkeeping)."""
    return {k: v for k, v in msg.items() if k != "deleted"}


async def _multipart(request: web.Request) -> tuple[Any, tuple[Upload, ...]]:
    """``payload_json`` and the file parts of a multipart/form-data request, as Discord reads them."""
    payload: Any = None
    files: list[Upload] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        assert isinstance(part, BodyPartReader)
        data = await part.read()
        if part.name == "payload_json":
            payload = json.loads(data)
        else:
            kind = part.headers.get("Content-Type", "application/octet-stream")
            files.append(Upload(part.name or "", part.filename or "", kind, bytes(data)))
    return payload, tuple(files)


@dataclass(frozen=True)
class ChannelRef:
    """An option value of type channel (``/remind on channel:#news``)."""

    id: int


async def _serve(port: int) -> None:
    fake = FakeDiscord(port=port, log=print)
    await fake.start()
    print(
        f"DISCORD_API_URL={fake.api_url}\nDISCORD_GATEWAY_URL={fake.gateway_url}\nDISCORD_TOKEN={fake.token}"
    )
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.Event().wait()
    await fake.stop()


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description="Serve a fake Discord REST API and gateway on 127.0.0.1.")
    cli.add_argument("--port", type=int, default=8080)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(cli.parse_args().port))
