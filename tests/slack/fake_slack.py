"""A local fake of the Slack Web API, ``response_url`` and Socket Mode, on 127.0.0.1 (port 0).

It is strict where Slack is strict: payloads that break Block Kit limits are refused with
``invalid_blocks`` (as Slack does), and anything that would notify people (``<!channel>``,
``<!here>``, ``<!everyone>``, ``<@U…>``) or carry control characters is recorded in ``problems``,
so a test can assert that nothing would ever ping or be rejected.

Usage in a test::

    fake = FakeSlack()
    await fake.start()
    client = AsyncWebClient(token="xoxb-T111", base_url=fake.base_url)
    ...
    fake.calls_to("chat.postMessage")[0].args["text"]
    fake.responses[0].args          # what respond() posted to fake.response_url()
    ack = await fake.send_envelope("slash_commands", slash_command("timeline 2023", ...))
    await fake.stop()

Bot tokens are ``xoxb-<TEAM>`` (``xoxb-T111`` belongs to team T111); app-level tokens start with
``xapp-``. ``fake.fail("chat.postMessage", "not_in_channel")`` queues one error answer;
``fake.rate_limit("chat.postMessage", retry_after=1)`` queues one HTTP 429.

What people would see is kept in ``fake.shown`` (``Shown``: channel posts, and ephemeral messages
with the one user who sees them), following Slack's rules for response URLs: ``replace_original``
and ``delete_original`` act on the message the URL was issued for, other posts are new messages
(ephemeral unless ``response_type`` is ``in_channel``, in a thread with ``thread_ts``), each URL
takes at most five posts, and ``fake.expire(url)`` makes one answer 404 ``expired_url`` as Slack
does after 30 minutes. ``fake.click(shown, "Button label")`` builds the ``block_actions`` payload
Slack sends for a button, with a fresh response URL bound to that message; send it with
``interactive_form(payload)`` over HTTP or ``send_envelope("interactive", payload)``.

File uploads follow Slack's v2 flow (what ``files_upload_v2`` does): ``files.getUploadURLExternal``
hands out an upload URL on this server, the bytes are POSTed there, and
``files.completeUploadExternal`` shares the uploaded files into a channel or thread. Each shared
file lands in ``fake.uploads`` (name, title, alt text, bytes, channel, thread); a file completed
before all its declared bytes arrived is refused, as Slack does. Set ``fake.scopes`` to the
scopes an install granted, and the ``files.*`` methods answer ``missing_scope`` without
``files:write``.

Standalone: ``python -m tests.slack.fake_slack --port 0`` prints its base URL, then serves until
interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

BOT_USER = "UBOT"
PING = re.compile(r"<[!@]")  # <!channel> <!here> <!everyone> <!subteam^…> <@U…>
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_BLOCKS = 50


@dataclass
class Call:
    method: str  # API method, or "response_url" for posts to a response URL
    token: str | None
    args: dict[str, Any]
    path: str = ""


@dataclass
class Shown:
    """A message on screen: a channel post, or an ephemeral one only ``user`` sees."""

    ts: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    user: str | None = None  # set for ephemeral messages
    thread_ts: str | None = None
    deleted: bool = False
    edits: int = 0

    @property
    def ephemeral(self) -> bool:
        return self.user is not None

    def buttons(self) -> list[tuple[str, dict[str, Any]]]:
        """(block_id, button) for every button, in order."""
        return [
            (str(block.get("block_id", f"b{i}")), element)
            for i, block in enumerate(self.blocks)
            if block.get("type") == "actions"
            for element in block.get("elements", [])
        ]

    def button(self, label: str) -> tuple[str, dict[str, Any]]:
        for block_id, element in self.buttons():
            if element["text"]["text"] == label:
                return block_id, element
        raise KeyError(f"no button {label!r}; buttons: {[b['text']['text'] for _, b in self.buttons()]}")


@dataclass
class _Origin:
    """What a response URL was issued for: where its posts go, and which message it may change."""

    channel: str
    user: str
    thread_ts: str | None = None
    message: Shown | None = None
    uses: int = 0
    expired: bool = False


RESPONSE_URL_USES = 5  # Slack: "up to 5 times within 30 minutes"


@dataclass
class Upload:
    """A file shared by files.completeUploadExternal."""

    file_id: str
    filename: str
    title: str
    alt_txt: str
    data: bytes
    channel: str
    thread_ts: str | None
    initial_comment: str | None


@dataclass
class _Pending:
    filename: str
    length: int
    alt_txt: str
    data: bytes | None = None


@dataclass
class _Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def default_users() -> dict[str, dict[str, Any]]:
    return {
        "U111": {"id": "U111", "name": "reporter", "is_admin": False, "is_owner": False},
        "UADMIN": {"id": "UADMIN", "name": "editor", "is_admin": True, "is_owner": False},
        "UOWNER": {"id": "UOWNER", "name": "owner", "is_admin": False, "is_owner": True},
    }


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[Call] = []
        self.problems: list[str] = []
        self.users: dict[str, dict[str, Any]] = default_users()
        #: OAuth code -> team id it installs (oauth.v2.access returns the bot token xoxb-<team>)
        self.oauth_codes: dict[str, str] = {}
        self.uploads: list[Upload] = []
        #: scopes the bot token was granted; None grants everything
        self.scopes: set[str] | None = None
        self._pending_files: dict[str, _Pending] = {}
        self._scripted: dict[str, list[_Scripted]] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._socket_connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Condition()
        self.port = 0
        self.shown: list[Shown] = []
        self._origins: dict[str, _Origin] = {}
        self._ts = itertools.count(1)

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload_bytes)
        app.router.add_get("/link/", self._link)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(
        self, key: str = "1", *, channel: str = "C111", user: str = "U111", thread_ts: str | None = None
    ) -> str:
        """A response URL for a slash command (or an event) from ``user`` in ``channel``."""
        self._origins.setdefault(key, _Origin(channel, user, thread_ts))
        return f"http://127.0.0.1:{self.port}/response/{key}"

    def expire(self, url: str) -> None:
        """From now on this response URL answers 404 ``expired_url``, as after 30 minutes."""
        self._origins[url.rsplit("/", 1)[1]].expired = True

    def visible(self, channel: str = "C111", user: str = "U111") -> list[Shown]:
        """What ``user`` sees in ``channel`` (threads included), oldest first."""
        return [m for m in self.shown if m.channel == channel and not m.deleted and m.user in (None, user)]

    def click(
        self,
        message: Shown,
        label: str,
        *,
        user: str = "U111",
        team: str = "T111",
        value: str | None = None,
        action_id: str | None = None,
        clicked_at: float | None = None,
    ) -> dict[str, Any]:
        """The ``block_actions`` payload Slack sends when ``user`` clicks the button ``label`` on
        ``message``; ``value`` and ``action_id`` replace the button's own (a forged click)."""
        block_id, button = message.button(label)
        key = f"click{next(self._ts)}"
        self._origins[key] = _Origin(message.channel, user, message.thread_ts, message)
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.ephemeral,
        }
        if message.thread_ts:
            container["thread_ts"] = message.thread_ts  # sent, though Slack's reference omits it
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": "reporter", "name": "reporter", "team_id": team},
            "api_app_id": "A111",
            "token": "legacy-verification-token",
            "container": container,
            "trigger_id": "1.2.3",
            "team": {"id": team, "domain": team.lower()},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": message.channel, "name": "newsroom"},
            "state": {"values": {}},
            "response_url": self.response_url(key),
            "actions": [
                {
                    "action_id": button["action_id"] if action_id is None else action_id,
                    "block_id": block_id,
                    "text": button["text"],
                    "value": button.get("value", "") if value is None else value,
                    "type": "button",
                    "action_ts": f"{time.time() if clicked_at is None else clicked_at:.6f}",
                }
            ],
        }
        if not message.ephemeral:  # Slack includes the message itself only for channel posts
            payload["message"] = {"type": "message", "ts": message.ts, "text": message.text}
            payload["message"]["blocks"] = message.blocks
        return payload

    def _new_ts(self) -> str:
        return f"{1700000000 + next(self._ts)}.000100"

    # --- scripting and inspection ------------------------------------------------------------

    def fail(self, method: str, error: str, *, status: int = 200) -> None:
        """Answer the next call of ``method`` with ``{"ok": false, "error": error}``."""
        self._scripted.setdefault(method, []).append(_Scripted(status, {"ok": False, "error": error}))

    def rate_limit(self, method: str, retry_after: int = 1) -> None:
        """Answer the next call of ``method`` with HTTP 429 and ``Retry-After``."""
        body = {"ok": False, "error": "ratelimited"}
        self._scripted.setdefault(method, []).append(_Scripted(429, body, {"Retry-After": str(retry_after)}))

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until ``method`` was called ``count`` times (``response_url`` counts responses)."""

        def seen() -> list[Call]:
            return self.responses if method == "response_url" else self.calls_to(method)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(seen()) >= count), timeout)
        return seen()

    # --- Socket Mode ---------------------------------------------------------------------------

    async def wait_socket(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._socket_connected.wait(), timeout)

    async def send_envelope(
        self, type_: str, payload: Mapping[str, Any], *, timeout: float = 5.0, **extra: Any
    ) -> dict[str, Any]:
        """Send one envelope to the connected Socket Mode client; return its ack."""
        await self.wait_socket(timeout)
        envelope_id = str(uuid.uuid4())
        ack: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = ack
        envelope = {
            "envelope_id": envelope_id,
            "type": type_,
            "payload": dict(payload),
            "accepts_response_payload": type_ != "events_api",
            **extra,
        }
        await self._sockets[-1].send_str(json.dumps(envelope))
        return await asyncio.wait_for(ack, timeout)

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A111"}}
        await ws.send_str(json.dumps(hello))
        self._socket_connected.set()
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                future = self._acks.pop(data.get("envelope_id", ""), None)
                if future is not None and not future.done():
                    future.set_result(data)
        finally:
            self._sockets.remove(ws)
            if not self._sockets:
                self._socket_connected.clear()
        return ws

    # --- HTTP endpoints ------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.get("token")
        await self._record(Call(method, token, args, request.path))
        scripted = self._scripted.get(method)
        if scripted:
            answer = scripted.pop(0)
            return web.json_response(answer.body, status=answer.status, headers=answer.headers)
        handler = _METHODS.get(method)
        body = handler(self, token, args) if handler else {"ok": True}
        return web.json_response(body)

    async def _response_url(self, request: web.Request) -> web.Response:
        args = await _args(request)
        await self._record(Call("response_url", None, args, request.path), response=True)
        origin = self._origins.get(request.match_info["key"])
        if origin is None or origin.expired:
            return web.Response(status=404, text="expired_url")
        origin.uses += 1
        if origin.uses > RESPONSE_URL_USES:
            return web.Response(status=404, text="used_url")
        if _true(args.get("delete_original")):
            if origin.message is None:
                return web.Response(status=404, text="message_not_found")
            origin.message.deleted = True
            return web.Response(text="ok")
        problems = self.check_message(args)
        if problems:
            return web.Response(status=400, text="invalid_blocks")
        blocks = _blocks(args)
        if _true(args.get("replace_original")) and origin.message is not None:
            origin.message.text, origin.message.blocks = str(args.get("text") or ""), blocks
            origin.message.edits += 1
            return web.Response(text="ok")
        public = args.get("response_type") == "in_channel"
        self.shown.append(
            Shown(
                self._new_ts(),
                origin.channel,
                str(args.get("text") or ""),
                blocks,
                user=None if public else origin.user,
                thread_ts=args.get("thread_ts") or origin.thread_ts,
            )
        )
        return web.Response(text="ok")

    async def _upload_bytes(self, request: web.Request) -> web.Response:
        """The upload URL handed out by files.getUploadURLExternal: takes the raw bytes."""
        pending = self._pending_files.get(request.match_info["file_id"])
        data = await request.read()
        await self._record(Call("upload", None, {"file_id": request.match_info["file_id"]}, request.path))
        if pending is None:
            return web.Response(status=404, text="unknown upload")
        if len(data) != pending.length:
            return web.Response(status=400, text=f"expected {pending.length} bytes, got {len(data)}")
        pending.data = data
        return web.Response(text=f"OK - {len(data)}")

    async def _record(self, call: Call, *, response: bool = False) -> None:
        async with self._changed:
            (self.responses if response else self.calls).append(call)
            self._changed.notify_all()

    # --- validation: what real Slack would reject, and what would ping people --------------------

    def check_message(self, args: Mapping[str, Any]) -> list[str]:
        found = payload_problems(args)
        self.problems += found
        return found


def payload_problems(args: Mapping[str, Any]) -> list[str]:
    """What Slack would reject in a message payload, and anything that would notify people."""
    found = [*_text_problems("text", args.get("text") or "")]
    blocks = args.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if blocks is not None:
        found += _block_problems(blocks)
    elif not args.get("text"):
        found.append("no text and no blocks")
    return found


def _text_problems(where: str, text: str, *, mrkdwn: bool = True) -> list[str]:
    found = []
    if mrkdwn and PING.search(text):
        found.append(f"{where}: would notify people: {text[:120]!r}")
    if CONTROL.search(text):
        found.append(f"{where}: control character: {text[:120]!r}")
    return found


def _text_object(where: str, obj: Any, limit: int) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"{where}: not a text object"]
    text = obj.get("text", "")
    found = _text_problems(where, text, mrkdwn=obj["type"] == "mrkdwn")
    if not text:
        found.append(f"{where}: empty text")
    if len(text) > limit:
        found.append(f"{where}: {len(text)} characters > {limit}")
    return found


def _button_problems(where: str, element: Any, action_ids: set[str]) -> list[str]:
    if not isinstance(element, dict) or element.get("type") != "button":
        return [f"{where}: not a button"]
    found = _text_object(where, element.get("text"), 75)
    if element.get("text", {}).get("type") != "plain_text":
        found.append(f"{where}: button text must be plain_text")
    action_id = element.get("action_id", "")
    if not action_id or len(action_id) > 255:
        found.append(f"{where}: action_id must have 1-255 characters")
    if action_id in action_ids:
        found.append(f"{where}: action_id {action_id!r} is used twice in one message")
    action_ids.add(action_id)
    if len(str(element.get("value", ""))) > 2000:
        found.append(f"{where}: value longer than 2000 characters")
    if element.get("style") not in (None, "primary", "danger"):
        found.append(f"{where}: unknown style")
    return found


def _block_problems(blocks: Any) -> list[str]:
    if not isinstance(blocks, list) or not blocks:
        return ["blocks: not a non-empty list"]
    found = [f"blocks: {len(blocks)} > {MAX_BLOCKS}"] if len(blocks) > MAX_BLOCKS else []
    action_ids: set[str] = set()
    for i, block in enumerate(blocks):
        kind = block.get("type")
        where = f"blocks[{i}] {kind}"
        if kind == "header":
            text = block.get("text", {})
            if text.get("type") != "plain_text":
                found.append(f"{where}: header text must be plain_text")
            found += _text_object(where, text, 150)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                found.append(f"{where}: neither text nor fields")
            if "text" in block:
                found += _text_object(where, block["text"], 3000)
            fields = block.get("fields", [])
            if len(fields) > 10:
                found.append(f"{where}: {len(fields)} fields > 10")
            for field_ in fields:
                found += _text_object(f"{where} field", field_, 2000)
        elif kind == "context":
            elements = block.get("elements", [])
            if not 1 <= len(elements) <= 10:
                found.append(f"{where}: {len(elements)} elements (1-10 allowed)")
            for element in elements:
                found += _text_object(f"{where} element", element, 3000)
        elif kind == "actions":
            elements = block.get("elements", [])
            if not 1 <= len(elements) <= 25:
                found.append(f"{where}: {len(elements)} elements (1-25 allowed)")
            for element in elements:
                found += _button_problems(f"{where} element", element, action_ids)
        elif kind != "divider":
            found.append(f"{where}: unexpected block type")
    return found


def _true(value: Any) -> bool:
    return value is True or value == "true"


def _blocks(args: Mapping[str, Any]) -> list[dict[str, Any]]:
    blocks = args.get("blocks") or []
    return list(json.loads(blocks) if isinstance(blocks, str) else blocks)


async def _args(request: web.Request) -> dict[str, Any]:
    # slack_sdk sends some methods' arguments in the query string (files.getUploadURLExternal),
    # others in the body; Slack reads both.
    query = dict(request.query)
    if request.method == "GET":
        return query
    raw = await request.text()
    if request.content_type == "application/json":
        return {**query, **(dict(json.loads(raw)) if raw else {})}
    return {**query, **dict(parse_qsl(raw, keep_blank_values=True))}


def _team_of(token: str | None) -> str | None:
    if token and token.startswith("xoxb-"):
        return token.removeprefix("xoxb-").split("-")[0]
    return None


def _auth_test(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    team = _team_of(token)
    if team is None:
        return {"ok": False, "error": "invalid_auth"}
    return {
        "ok": True,
        "url": f"https://{team.lower()}.slack.test/",
        "team": f"Team {team}",
        "team_id": team,
        "user": "figurebot",
        "user_id": BOT_USER,
        "bot_id": "BBOT",
        "is_enterprise_install": False,
    }


def _post(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    if _team_of(token) is None:
        return {"ok": False, "error": "invalid_auth"}
    if not args.get("channel"):
        return {"ok": False, "error": "channel_not_found"}
    if fake.check_message(args):
        return {"ok": False, "error": "invalid_blocks"}
    ts = fake._new_ts()
    fake.shown.append(
        Shown(
            ts,
            str(args["channel"]),
            str(args.get("text") or ""),
            _blocks(args),
            user=args.get("user") or None,  # chat.postEphemeral names the one who sees it
            thread_ts=args.get("thread_ts") or None,
        )
    )
    return {"ok": True, "channel": args["channel"], "ts": ts, "message_ts": ts}


def _needs(fake: FakeSlack, token: str | None, scope: str) -> dict[str, Any] | None:
    if _team_of(token) is None:
        return {"ok": False, "error": "invalid_auth"}
    if fake.scopes is not None and scope not in fake.scopes:
        return {
            "ok": False,
            "error": "missing_scope",
            "needed": scope,
            "provided": ",".join(sorted(fake.scopes)),
        }
    return None


def _get_upload_url(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    refused = _needs(fake, token, "files:write")
    if refused:
        return refused
    filename, length = str(args.get("filename") or ""), str(args.get("length") or "")
    if not filename or not length.isdigit() or int(length) <= 0:
        return {"ok": False, "error": "invalid_arguments"}
    alt = str(args.get("alt_txt") or "")
    fake.problems += _text_problems("alt_txt", alt)
    if len(alt) > 1000:
        return {"ok": False, "error": "invalid_arguments", "detail": "alt_txt is longer than 1000"}
    file_id = f"F{uuid.uuid4().hex[:10].upper()}"
    fake._pending_files[file_id] = _Pending(filename, int(length), alt)
    return {"ok": True, "upload_url": f"http://127.0.0.1:{fake.port}/upload/{file_id}", "file_id": file_id}


def _complete_upload(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    refused = _needs(fake, token, "files:write")
    if refused:
        return refused
    try:
        files = json.loads(str(args.get("files") or "[]"))
    except ValueError:
        return {"ok": False, "error": "invalid_arguments"}
    channel = str(args.get("channel_id") or "")
    comment = args.get("initial_comment")
    fake.problems += _text_problems("initial_comment", str(comment or ""))
    shared = []
    for entry in files:
        pending = fake._pending_files.pop(str(entry.get("id")), None)
        if pending is None or pending.data is None:
            return {"ok": False, "error": "file_not_found" if pending is None else "file_upload_incomplete"}
        title = str(entry.get("title") or pending.filename)
        fake.problems += _text_problems("title", title)
        fake.uploads.append(
            Upload(
                str(entry["id"]),
                pending.filename,
                title,
                pending.alt_txt,
                pending.data,
                channel,
                args.get("thread_ts"),
                comment,
            )
        )
        shared.append(
            {"id": entry["id"], "name": pending.filename, "title": title, "size": len(pending.data)}
        )
    if not shared:
        return {"ok": False, "error": "invalid_arguments"}
    return {"ok": True, "files": shared}


def _users_info(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    user = fake.users.get(str(args.get("user", "")))
    return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}


def _connections_open(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    if not (token or "").startswith("xapp-"):
        return {"ok": False, "error": "not_allowed_token_type"}
    return {"ok": True, "url": f"ws://127.0.0.1:{fake.port}/link/?ticket=t"}


def _oauth_access(fake: FakeSlack, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
    team = fake.oauth_codes.pop(str(args.get("code", "")), None)
    if team is None:
        return {"ok": False, "error": "invalid_code"}
    return {
        "ok": True,
        "app_id": "A111",
        "authed_user": {"id": "UADMIN"},
        "scope": "commands,app_mentions:read,chat:write,chat:write.public,users:read,files:write",
        "token_type": "bot",
        "access_token": f"xoxb-{team}",
        "bot_user_id": BOT_USER,
        "team": {"id": team, "name": f"Team {team}"},
        "enterprise": None,
        "is_enterprise_install": False,
    }


_METHODS = {
    "auth.test": _auth_test,
    "chat.postMessage": _post,
    "chat.postEphemeral": _post,
    "users.info": _users_info,
    "apps.connections.open": _connections_open,
    "oauth.v2.access": _oauth_access,
    "files.getUploadURLExternal": _get_upload_url,
    "files.completeUploadExternal": _complete_upload,
}


# --- payload builders for tests ------------------------------------------------------------


def slash_command(
    text: str,
    *,
    response_url: str,
    team: str = "T111",
    channel: str = "C111",
    user: str = "U111",
    command: str = "/figure",
) -> dict[str, str]:
    """The form fields Slack sends for a slash command."""
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": team.lower(),
        "channel_id": channel,
        "channel_name": "newsroom",
        "user_id": user,
        "user_name": "reporter",
        "command": command,
        "text": text,
        "api_app_id": "A111",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }


def app_mention(
    text: str,
    *,
    team: str = "T111",
    channel: str = "C111",
    user: str = "U111",
    ts: str = "1700000000.000100",
    thread_ts: str | None = None,
    event_id: str = "Ev111",
) -> dict[str, Any]:
    """An Events API callback carrying an ``app_mention``."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": team,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": "A111",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": BOT_USER, "is_bot": True}],
    }


def signed_headers(
    body: str, secret: str, *, timestamp: int | None = None, json_body: bool = False
) -> dict[str, str]:
    """Headers Slack sends with a request: content type, timestamp and v0 signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "content-type": "application/json" if json_body else "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
    }


def form(fields: Mapping[str, str]) -> str:
    return urlencode(fields)


def interactive_form(payload: Mapping[str, Any]) -> str:
    """The body Slack POSTs to the request URL for an interaction: ``payload=<json>``."""
    return urlencode({"payload": json.dumps(payload)})


async def _serve(port: int) -> None:
    fake = FakeSlack()
    await fake.start(port)
    print(fake.base_url, flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a fake Slack Web API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0)
    port = parser.parse_args().port
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(port))


if __name__ == "__main__":
    main()
