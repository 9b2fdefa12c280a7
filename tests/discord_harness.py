"""Drive a real discord.py bot without a network: real gateway payloads in, recorded HTTP out.

The bot under test is a real ``discord.Client`` / ``commands.Bot``.  The harness

* logs it in through the real ``Client.login`` (which runs ``_async_setup_hook`` and the
  bot's ``setup_hook``), then feeds READY and GUILD_CREATE through the real
  ``ConnectionState`` parsers;
* builds INTERACTION_CREATE / MESSAGE_CREATE gateway payloads and hands them to
  ``ConnectionState.parse_interaction_create`` / ``parse_message_create``, so the real
  ``Interaction`` / ``Message`` objects are created and the real ``CommandTree`` /
  ``ViewStore`` / event listeners run;
* replaces Discord's HTTP layer only at discord.py's own request functions:
  ``HTTPClient.request`` (on the bot's ``http`` instance) and
  ``discord.webhook.async_.AsyncWebhookAdapter.request`` (interaction callbacks,
  follow-ups, ``@original`` edits).  Every request is recorded (`Recorder`) and answered
  by a small fake of the Discord API that returns realistic JSON and enforces the rules
  Discord enforces (3 s to acknowledge, one acknowledgement, message limits, ...).

Usage::

    bot = MyBot()
    async with DiscordHarness(bot) as h:
        inter = await h.slash("ask", {"question": "Who cut jobs?"})
        assert h.recorder.callback(inter).json == {"type": 5}
        print(h.recorder.response_delay(inter))  # seconds to acknowledge (not timed here)
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import re
import socket
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import discord
from discord import utils as dutils
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter

__all__ = [
    "ChannelSpec",
    "DiscordHarness",
    "DiscordWouldReject",
    "GuildSpec",
    "NetworkBlocked",
    "RecordedCall",
    "RecordedFile",
    "Recorder",
    "RoleSpec",
    "SettleTimeout",
    "UnhandledBotError",
    "UserSpec",
    "block_network",
]

JSON = Any

# --------------------------------------------------------------------------- ids & constants

DISCORD_EPOCH_MS = 1420070400000
TOKEN = "harness-bot-token"

# Fixed, realistic snowflakes (2023-11): stable across harness instances so that a
# "restarted" bot sees the same guild, channels and users.
APP_ID = 1177812165387149312  # modern bots: application id == bot user id
GUILD_ID = 1177812165387149400
CATEGORY_ID = 1177812165387149450
CHANNEL_ID = 1177812165387149500  # #general
OTHER_CHANNEL_ID = 1177812165387149501  # #bot-commands
THREAD_ID = 1177812165387149600  # a public thread under #general
MOD_ROLE_ID = 1177812165387149700
BOT_ROLE_ID = 1177812165387149701
OWNER_ID = 1177812165387150000
USER_ID = 1177812165387150001
MOD_ID = 1177812165387150002
OTHER_BOT_ID = 1177812165387150003

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
RESPONSE_DEADLINE_S = 3.0

P = discord.Permissions
EVERYONE_PERMISSIONS = P(
    view_channel=True,
    create_instant_invite=True,
    change_nickname=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_external_emojis=True,
    read_message_history=True,
    use_application_commands=True,
    connect=True,
    speak=True,
).value
MOD_PERMISSIONS = P(
    manage_guild=True, manage_messages=True, manage_threads=True, kick_members=True
).value
BOT_PERMISSIONS = P(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    manage_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_external_emojis=True,
).value


class _Snowflakes:
    """Monotonic snowflakes for *now*, so `Interaction.is_expired()` etc. behave."""

    def __init__(self) -> None:
        self._last = 0

    def __call__(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate


snowflake = _Snowflakes()


def _iso(dt: datetime | None = None) -> str:
    return (dt or datetime.now(UTC)).isoformat()


def _perm_value(value: int | discord.Permissions | None) -> int | None:
    if value is None:
        return None
    return value.value if isinstance(value, discord.Permissions) else int(value)


# --------------------------------------------------------------------------- errors


class DiscordWouldReject(Exception):
    """The test asked for something real Discord would never send to the bot
    (unknown option, value outside choices, command hidden by default permissions, a click
    on a component that is not on the message...)."""


class UnhandledBotError(AssertionError):
    """The bot raised an exception discord.py only logged ("Ignoring exception in ...")."""


class SettleTimeout(AssertionError):
    """Handler tasks were still running when the harness stopped waiting."""


class NetworkBlocked(RuntimeError):
    """Something tried to open a real network connection during a harness test."""


class _FakeResponse:
    """Just enough of ``aiohttp.ClientResponse`` for ``discord.HTTPException``."""

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason
        self.headers: dict[str, str] = {}


def _http_error(status: int, code: int, message: str, errors: JSON = None) -> discord.HTTPException:
    reasons = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests"}
    body: dict[str, Any] = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    response = _FakeResponse(status, reasons.get(status, "Error"))
    cls: type[discord.HTTPException]
    if status == 403:
        cls = discord.Forbidden
    elif status == 404:
        cls = discord.NotFound
    elif status >= 500:
        cls = discord.DiscordServerError
    else:
        cls = discord.HTTPException
    return cls(response, body)  # type: ignore[arg-type]


def _invalid_form(field_path: str, code: str, message: str) -> discord.HTTPException:
    errors: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(field_path.split(".")):
        errors = {part: errors}
    return _http_error(400, 50035, "Invalid Form Body", errors)


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class RoleSpec:
    id: int
    name: str
    permissions: int = 0
    position: int = 1
    bot_id: int | None = None  # managed role of a bot

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.bot_id is not None,
            "mentionable": False,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass(frozen=True)
class ChannelSpec:
    id: int
    name: str
    type: int = 0  # 0 GUILD_TEXT, 4 GUILD_CATEGORY, 5 GUILD_ANNOUNCEMENT, 11 PUBLIC_THREAD
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    nsfw: bool = False
    owner_id: int | None = None  # threads


@dataclass(frozen=True)
class UserSpec:
    """A user/member.  ``permissions`` is the member's *computed* permission bitfield in
    the channel (what Discord puts in ``member.permissions``); leave it ``None`` to compute
    it from the guild's roles (``@everyone`` + ``roles``, owner/administrator = all)."""

    id: int
    name: str
    roles: tuple[int, ...] = ()
    permissions: int | discord.Permissions | None = None
    bot: bool = False
    global_name: str | None = None
    nick: str | None = None

    def user_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "avatar_decoration_data": None,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class GuildSpec:
    id: int = GUILD_ID
    name: str = "Layoffs Test Guild"
    owner_id: int = OWNER_ID
    preferred_locale: str = "en-US"
    roles: list[RoleSpec] = field(default_factory=list)
    channels: list[ChannelSpec] = field(default_factory=list)
    members: list[UserSpec] = field(default_factory=list)

    @classmethod
    def default(cls, bot_id: int = APP_ID, bot_name: str = "layoffs-bot") -> GuildSpec:
        return cls(
            roles=[
                RoleSpec(GUILD_ID, "@everyone", EVERYONE_PERMISSIONS, position=0),
                RoleSpec(MOD_ROLE_ID, "Moderator", MOD_PERMISSIONS, position=2),
                RoleSpec(BOT_ROLE_ID, bot_name, BOT_PERMISSIONS, position=1, bot_id=bot_id),
            ],
            channels=[
                ChannelSpec(CATEGORY_ID, "Text Channels", type=4),
                ChannelSpec(CHANNEL_ID, "general", parent_id=CATEGORY_ID, position=0),
                ChannelSpec(OTHER_CHANNEL_ID, "bot-commands", parent_id=CATEGORY_ID, position=1),
                ChannelSpec(
                    THREAD_ID, "layoff news", type=11, parent_id=CHANNEL_ID, owner_id=USER_ID
                ),
            ],
            members=[
                UserSpec(bot_id, bot_name, roles=(BOT_ROLE_ID,), bot=True),
                UserSpec(OWNER_ID, "owner", global_name="Owner"),
                UserSpec(USER_ID, "alice", global_name="Alice"),
                UserSpec(MOD_ID, "mod", roles=(MOD_ROLE_ID,), global_name="Mod"),
                UserSpec(OTHER_BOT_ID, "otherbot", bot=True),
            ],
        )

    def member(self, user_id: int) -> UserSpec | None:
        return next((m for m in self.members if m.id == user_id), None)

    def channel(self, channel_id: int) -> ChannelSpec | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def role(self, role_id: int) -> RoleSpec | None:
        return next((r for r in self.roles if r.id == role_id), None)


# --------------------------------------------------------------------------- recording


@dataclass
class RecordedFile:
    filename: str
    data: bytes
    description: str | None = None


@dataclass
class RecordedCall:
    """One HTTP request the bot made.  ``path`` is the concrete path without ``/api/v10``
    (e.g. ``/interactions/123/tok/callback``), ``route`` its discord.py template
    (``/interactions/{webhook_id}/{webhook_token}/callback``).  ``json`` is the body exactly
    as it would go on the wire (re-parsed JSON; for multipart requests the ``payload_json``
    part).  ``at`` is ``time.monotonic()`` when discord.py issued the request."""

    method: str
    path: str
    json: JSON
    files: list[RecordedFile]
    route: str = ""
    params: dict[str, Any] | None = None
    reason: str | None = None
    at: float = 0.0
    via: str = "http"  # "http" (HTTPClient.request) or "webhook" (AsyncWebhookAdapter.request)
    response: JSON = None
    error: discord.HTTPException | None = None

    @property
    def type(self) -> int | None:
        """Interaction callback type (4 message, 5 defer, 6 deferred update, 7 update,
        8 autocomplete result, 9 modal)."""
        return self.json.get("type") if isinstance(self.json, dict) else None

    @property
    def data(self) -> dict[str, Any]:
        """``json["data"]`` of an interaction callback ({} when absent)."""
        if isinstance(self.json, dict):
            return self.json.get("data") or {}
        return {}

    @property
    def flags(self) -> int:
        body = self.message_body() or {}
        return int(body.get("flags") or 0)

    def message_body(self) -> dict[str, Any] | None:
        """The message part of the request: callback ``data`` for types 4/7, the body itself
        for webhook/channel messages."""
        if "/callback" in self.path:
            return self.data if self.type in (4, 7) else None
        return self.json if isinstance(self.json, dict) else None

    def __repr__(self) -> str:  # compact, for assertion messages
        body = json.dumps(self.json, ensure_ascii=False)
        if len(body) > 300:
            body = body[:300] + "..."
        return f"<{self.method} {self.path} {body}>"


@dataclass
class _Override:
    method: str | None
    fragment: str
    response: JSON = None
    error: tuple[int, int, str] | None = None
    times: int | None = None


@dataclass
class _InteractionInfo:
    id: int
    token: str
    type: int
    payload: dict[str, Any]
    dispatched_at: float
    acknowledged: bool = False
    callback_type: int | None = None
    original: dict[str, Any] | None = None  # the @original message, once it exists
    loading: bool = False  # deferred with thinking, no content yet


_ANSWER_ROUTES = (
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
)


def _interaction_ref(interaction: discord.Interaction | int) -> int:
    return interaction if isinstance(interaction, int) else interaction.id


class Recorder:
    """Everything the bot sent to Discord, in order, plus knobs to make Discord fail."""

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self.interactions: dict[int, _InteractionInfo] = {}
        self._overrides: list[_Override] = []

    # ---- queries
    def of(self, path_fragment: str, method: str | None = None) -> list[RecordedCall]:
        """Calls whose concrete path or route template contains ``path_fragment``."""
        return [
            c
            for c in self.calls
            if (path_fragment in c.path or path_fragment in c.route)
            and (method is None or c.method == method.upper())
        ]

    def _token(self, interaction: discord.Interaction | int) -> str:
        iid = _interaction_ref(interaction)
        try:
            return self.interactions[iid].token
        except KeyError:
            raise KeyError(f"interaction {iid} was not dispatched by this harness") from None

    def for_interaction(self, interaction: discord.Interaction | int) -> list[RecordedCall]:
        """Callback, follow-ups and @original edits of one interaction, in order."""
        token = self._token(interaction)
        return [c for c in self.calls if f"/{token}" in c.path]

    def callbacks(self, interaction: discord.Interaction | int | None = None) -> list[RecordedCall]:
        calls = self.of("/callback", "POST")
        if interaction is None:
            return calls
        token = self._token(interaction)
        return [c for c in calls if f"/{token}/" in c.path]

    def callback(self, interaction: discord.Interaction | int) -> RecordedCall:
        """The single interaction callback (AssertionError if none or several)."""
        calls = self.callbacks(interaction)
        assert len(calls) == 1, f"expected exactly one callback, got {calls!r}"
        return calls[0]

    def followups(self, interaction: discord.Interaction | int | None = None) -> list[RecordedCall]:
        calls = [c for c in self.calls if c.route == "/webhooks/{webhook_id}/{webhook_token}"]
        calls = [c for c in calls if c.method == "POST"]
        if interaction is None:
            return calls
        token = self._token(interaction)
        return [c for c in calls if c.path.endswith(f"/{token}")]

    def answers(self, interaction: discord.Interaction | int | None = None) -> list[RecordedCall]:
        """What the bot answered with after acknowledging: follow-ups (POST to the webhook) and
        edits of the @original (the deferred "thinking") message, in order. A follow-up after
        an edit is a message of its own; edits of @original are all the same message."""
        calls = [c for c in self.calls if (c.method, c.route) in _ANSWER_ROUTES]
        if interaction is None:
            return calls
        token = self._token(interaction)
        return [c for c in calls if f"/{token}" in c.path]

    def edits(self, interaction: discord.Interaction | int | None = None) -> list[RecordedCall]:
        calls = [c for c in self.of("/webhooks/", "PATCH") if "/messages/" in c.path]
        if interaction is None:
            return calls
        token = self._token(interaction)
        return [c for c in calls if f"/{token}/" in c.path]

    def messages(self, channel_id: int | None = None) -> list[RecordedCall]:
        """``POST /channels/{id}/messages`` (plain channel sends, replies, thread posts)."""
        calls = [c for c in self.calls if c.route == "/channels/{channel_id}/messages"]
        calls = [c for c in calls if c.method == "POST"]
        if channel_id is not None:
            calls = [c for c in calls if c.path == f"/channels/{channel_id}/messages"]
        return calls

    def threads(self) -> list[RecordedCall]:
        return [c for c in self.of("/threads", "POST")]

    def syncs(self) -> list[RecordedCall]:
        return [c for c in self.of("/commands", "PUT") if c.path.startswith("/applications/")]

    def modals(self, custom_id: str | None = None) -> list[RecordedCall]:
        calls = [c for c in self.callbacks() if c.type == 9]
        if custom_id is not None:
            calls = [c for c in calls if c.data.get("custom_id") == custom_id]
        return calls

    def bodies(self, interaction: discord.Interaction | int) -> list[dict[str, Any]]:
        """Every message body the bot sent for an interaction (callback 4/7 data,
        follow-ups, edits), in order."""
        out = []
        for call in self.for_interaction(interaction):
            body = call.message_body()
            if body is not None and call.method in ("POST", "PATCH"):
                out.append(body)
        return out

    def response_delay(self, interaction: discord.Interaction | int) -> float:
        """Seconds between dispatching the interaction and its callback request."""
        info = self.interactions[_interaction_ref(interaction)]
        call = self.callback(interaction)
        return call.at - info.dispatched_at

    def clear(self) -> None:
        self.calls.clear()

    # ---- making Discord misbehave
    def respond(self, method: str | None, path_fragment: str, response: JSON) -> None:
        """Answer matching requests with ``response`` (JSON, or ``callable(call) -> JSON``)."""
        self._overrides.append(_Override(method and method.upper(), path_fragment, response))

    def fail(
        self,
        method: str | None,
        path_fragment: str,
        *,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
        times: int | None = 1,
    ) -> None:
        """Make matching requests raise the discord.py exception for ``status``
        (403 -> Forbidden, 404 -> NotFound, 5xx -> DiscordServerError)."""
        override = _Override(
            method and method.upper(), path_fragment, None, (status, code, message)
        )
        override.times = times
        self._overrides.append(override)

    def _override_for(self, call: RecordedCall) -> _Override | None:
        for override in self._overrides:
            if override.method not in (None, call.method):
                continue
            if override.fragment not in call.path and override.fragment not in call.route:
                continue
            if override.times is not None:
                if override.times <= 0:
                    continue
                override.times -= 1
            return override
        return None


# --------------------------------------------------------------------------- network guard


@contextlib.contextmanager
def block_network() -> Iterator[list[str]]:
    """Make every attempt to open a socket connection raise `NetworkBlocked`.

    Yields the list of attempts (``"host:port"`` strings) so a test can assert it stayed
    empty even when the bot swallowed the exception."""
    attempts: list[str] = []

    def refuse(what: str) -> NetworkBlocked:
        attempts.append(what)
        return NetworkBlocked(f"network access attempted: {what}")

    orig_connect = socket.socket.connect
    orig_connect_ex = socket.socket.connect_ex
    orig_create_connection = socket.create_connection
    loop_cls = asyncio.base_events.BaseEventLoop
    orig_loop_create_connection = loop_cls.create_connection
    orig_getaddrinfo = loop_cls.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:
            return orig_connect(self, address)
        raise refuse(f"socket.connect {address!r}")

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family == socket.AF_UNIX:
            return orig_connect_ex(self, address)
        raise refuse(f"socket.connect_ex {address!r}")

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        raise refuse(f"socket.create_connection {address!r}")

    async def loop_create_connection(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise refuse(f"loop.create_connection {args[1:3]!r} {kwargs.get('host')!r}")

    async def getaddrinfo(self: Any, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        raise refuse(f"loop.getaddrinfo {host}:{port}")

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.create_connection = create_connection
    loop_cls.create_connection = loop_create_connection  # type: ignore[method-assign]
    loop_cls.getaddrinfo = getaddrinfo  # type: ignore[method-assign]
    try:
        yield attempts
    finally:
        socket.socket.connect = orig_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = orig_connect_ex  # type: ignore[method-assign]
        socket.create_connection = orig_create_connection
        loop_cls.create_connection = orig_loop_create_connection  # type: ignore[method-assign]
        loop_cls.getaddrinfo = orig_getaddrinfo  # type: ignore[method-assign]


class _BlockedConnector(aiohttp.BaseConnector):
    """The bot's aiohttp session gets this connector: nothing can leave the process even
    through paths the harness does not patch (CDN downloads, websocket)."""

    async def _create_connection(self, req: Any, traces: Any, timeout: Any) -> Any:
        raise NetworkBlocked(f"discord.py tried to connect to {req.url}")


# --------------------------------------------------------------------------- webhook patch

_SESSION_OWNERS: dict[int, DiscordHarness] = {}
_WEBHOOK_PATCH: dict[str, Any] = {"count": 0, "original": None}


async def _webhook_request(
    adapter: AsyncWebhookAdapter,
    route: Route,
    session: aiohttp.ClientSession,
    *,
    payload: dict[str, Any] | None = None,
    multipart: list[dict[str, Any]] | None = None,
    files: Sequence[discord.File] | None = None,
    reason: str | None = None,
    params: dict[str, Any] | None = None,
    **_: Any,
) -> Any:
    harness = _SESSION_OWNERS.get(id(session))
    if harness is None:
        raise NetworkBlocked(f"webhook request {route.method} {route.url} from an unknown session")
    body: JSON = payload
    if multipart:
        body = _payload_json(multipart)
    return await harness._handle(route, body, files, params=params, reason=reason, via="webhook")


def _install_webhook_patch() -> None:
    if _WEBHOOK_PATCH["count"] == 0:
        _WEBHOOK_PATCH["original"] = AsyncWebhookAdapter.request
        AsyncWebhookAdapter.request = _webhook_request  # type: ignore[method-assign,assignment]
    _WEBHOOK_PATCH["count"] += 1


def _uninstall_webhook_patch() -> None:
    _WEBHOOK_PATCH["count"] -= 1
    if _WEBHOOK_PATCH["count"] == 0:
        AsyncWebhookAdapter.request = _WEBHOOK_PATCH["original"]  # type: ignore[method-assign]


def _payload_json(form: Sequence[Mapping[str, Any]]) -> JSON:
    for part in form:
        if part.get("name") == "payload_json":
            return json.loads(part["value"])
    return None


def _wire(value: JSON) -> JSON:
    """What actually goes over the wire (discord.py's own serialiser, parsed back)."""
    return None if value is None else json.loads(dutils._to_json(value))


def _read_files(files: Sequence[discord.File] | None) -> list[RecordedFile]:
    out = []
    for f in files or []:
        f.reset(seek=True)
        data = f.fp.read()
        f.reset(seek=True)
        out.append(RecordedFile(f.filename or "untitled", bytes(data), f.description))
    return out


def _route_path(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"^/api/v\d+", "", path)


_TEMPLATE_CACHE: dict[str, re.Pattern[str]] = {}


def _route_params(template: str, path: str) -> dict[str, str]:
    pattern = _TEMPLATE_CACHE.get(template)
    if pattern is None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        pattern = _TEMPLATE_CACHE[template] = re.compile(regex + "$")
    match = pattern.match(path)
    return match.groupdict() if match else {}


# --------------------------------------------------------------------------- limits

_EMBED_LIMITS = {"title": 256, "description": 4096}


def _validate_message(body: Mapping[str, Any], *, has_files: bool, edit: bool = False) -> None:
    content = body.get("content")
    if content is not None and len(content) > 2000:
        raise _invalid_form("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        raise _invalid_form("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in _EMBED_LIMITS.items():
            text = embed.get(key) or ""
            total += len(text)
            if len(text) > limit:
                raise _invalid_form(
                    f"embeds.{i}.{key}",
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {limit} or fewer in length.",
                )
        fields = embed.get("fields") or []
        if len(fields) > 25:
            raise _invalid_form(
                f"embeds.{i}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."
            )
        for j, fld in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                text = str(fld.get(key) or "")
                total += len(text)
                if not text:
                    raise _invalid_form(
                        f"embeds.{i}.fields.{j}.{key}",
                        "BASE_TYPE_REQUIRED",
                        "This field is required",
                    )
                if len(text) > limit:
                    raise _invalid_form(
                        f"embeds.{i}.fields.{j}.{key}",
                        "BASE_TYPE_MAX_LENGTH",
                        f"Must be {limit} or fewer in length.",
                    )
        for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
            text = (embed.get(key) or {}).get(sub) or ""
            total += len(text)
            if len(text) > limit:
                raise _invalid_form(
                    f"embeds.{i}.{key}.{sub}", "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer."
                )
    if total > 6000:
        raise _invalid_form(
            "embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    _validate_components(body.get("components") or [], "components")
    if (
        not edit
        and not (
            content or embeds or has_files or body.get("components") or body.get("sticker_ids")
        )
        and not body.get("poll")
    ):
        raise _http_error(400, 50006, "Cannot send an empty message")


def _validate_components(components: Sequence[Mapping[str, Any]], where: str) -> None:
    custom_ids: set[str] = set()
    for row_index, row in enumerate(components):
        for node in _walk_components([row]):
            custom_id = node.get("custom_id")
            if custom_id is not None:
                if not 1 <= len(custom_id) <= 100:
                    raise _invalid_form(
                        f"{where}.{row_index}",
                        "BASE_TYPE_BAD_LENGTH",
                        "custom_id must be 1-100 chars",
                    )
                if custom_id in custom_ids:
                    raise _invalid_form(
                        f"{where}.{row_index}",
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Duplicate custom_id",
                    )
                custom_ids.add(custom_id)
            label = node.get("label")
            if node.get("type") == 2 and label is not None and len(label) > 80:
                raise _invalid_form(f"{where}.{row_index}", "BASE_TYPE_MAX_LENGTH", "label > 80")


def _walk_components(components: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for node in components:
        yield node
        yield from _walk_components(node.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(node.get(key), Mapping):
                yield from _walk_components([node[key]])


# --------------------------------------------------------------------------- error capture


class _ErrorCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _describe_record(record: logging.LogRecord) -> str:
    text = f"[{record.name}] {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        text += "\n" + "".join(traceback.format_exception(record.exc_info[1]))
    return text


# --------------------------------------------------------------------------- harness

_OPTION_TYPES = {
    "subcommand": 1,
    "group": 2,
    "string": 3,
    "integer": 4,
    "boolean": 5,
    "user": 6,
    "channel": 7,
    "role": 8,
    "mentionable": 9,
    "number": 10,
    "attachment": 11,
}
_SELECT_TYPES = {3, 5, 6, 7, 8}
_MULTI_VALUE_TYPES = _SELECT_TYPES | {19, 22}  # selects, file upload, checkbox group


class DiscordHarness:
    """Runs a real bot against a fake, in-process Discord.

    ``user=`` arguments accept a `UserSpec`, a mapping of its fields (``{"id": ...,
    "roles": [...], "permissions": discord.Permissions(manage_guild=True)}``) or ``None``
    (the default member, ``harness.user``)."""

    def __init__(
        self,
        bot: discord.Client,
        *,
        guild: GuildSpec | None = None,
        app_id: int = APP_ID,
        bot_name: str = "layoffs-bot",
        raise_errors: bool = True,
        settle_timeout: float = 5.0,
        response_deadline: float = RESPONSE_DEADLINE_S,
        ignore_task: Callable[[asyncio.Task[Any]], bool] | None = None,
    ) -> None:
        self.bot = bot
        self.app_id = app_id
        self.bot_spec = UserSpec(app_id, bot_name, roles=(BOT_ROLE_ID,), bot=True)
        self.guild_spec = guild or GuildSpec.default(app_id, bot_name)
        if self.guild_spec.member(app_id) is None:
            self.guild_spec.members.append(self.bot_spec)
        self.recorder = Recorder()
        self.raise_errors = raise_errors
        self.settle_timeout = settle_timeout
        self.response_deadline = response_deadline
        self.ignore_task = ignore_task
        self.errors: list[str] = []
        self.messages: dict[int, dict[str, Any]] = {}  # every message this fake Discord knows
        self.user = self._spec_or_default(USER_ID)
        self.moderator = self._spec_or_default(MOD_ID)
        self.owner = self._spec_or_default(OWNER_ID)
        self.other_bot = self._spec_or_default(OTHER_BOT_ID)
        self._capture = _ErrorCapture()
        self._seen_records = 0
        self._timers: set[asyncio.Task[Any]] = set()
        self._last_before: set[asyncio.Task[Any]] = set()
        self._command_ids: dict[tuple[str, int | None], int] = {}
        self._synced: dict[int | None, list[dict[str, Any]]] = {}
        self._dm_channels: dict[int, int] = {}
        self._thread_for_message: dict[int, int] = {}
        self._extra_channels: dict[int, dict[str, Any]] = {}
        self._started = False
        self._closed = False

    def _spec_or_default(self, user_id: int) -> UserSpec:
        return self.guild_spec.member(user_id) or UserSpec(user_id, f"user{user_id % 1000}")

    # ------------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> DiscordHarness:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Log in without network, run ``setup_hook``, then READY + GUILD_CREATE."""
        if self._started:
            raise RuntimeError("harness already started")
        self._started = True
        http = self.bot.http
        # discord.py's HTTPClient: every REST method funnels through self.request(route, ...).
        http.request = self._http_request  # type: ignore[method-assign,assignment]
        http.connector = _BlockedConnector()
        _install_webhook_patch()
        logging.getLogger("discord").addHandler(self._capture)
        # The real login: _async_setup_hook() (loop wiring), static_login (GET /users/@me,
        # creates the aiohttp session), application_info (GET /oauth2/applications/@me),
        # then the bot's setup_hook().
        await self.bot.login(TOKEN)
        before = asyncio.all_tasks()
        state = self.bot._connection
        state.guild_ready_timeout = 0.01  # only one guild follows READY; don't wait 2 s for more
        state.parse_ready(self._ready_payload())  # type: ignore[arg-type]
        state.parse_guild_create(self._guild_create_payload())
        await asyncio.wait_for(self.bot.wait_until_ready(), timeout=self.settle_timeout)
        await self.settle(before)

    async def close(self) -> None:
        if self._closed or not self._started:
            return
        self._closed = True
        for task in self._timers:
            task.cancel()
        try:
            await self.bot.close()
        finally:
            _SESSION_OWNERS.pop(id(self._session()), None)
            _uninstall_webhook_patch()
            logging.getLogger("discord").removeHandler(self._capture)

    def _session(self) -> Any:
        return getattr(self.bot.http, "_HTTPClient__session", None)

    # ------------------------------------------------------------------ accessors
    @property
    def guild(self) -> discord.Guild:
        guild = self.bot.get_guild(self.guild_spec.id)
        assert guild is not None, "harness not started"
        return guild

    @property
    def channel(self) -> discord.TextChannel:
        channel = self.guild.get_channel(CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        return channel

    def command_id(self, name: str, guild_id: int | None = None) -> int:
        key = (name, guild_id)
        if key not in self._command_ids:
            self._command_ids[key] = snowflake()
        return self._command_ids[key]

    # ------------------------------------------------------------------ waiting
    def _ignored(self, task: asyncio.Task[Any]) -> bool:
        coro = task.get_coro()
        qualname = getattr(coro, "__qualname__", "")
        if "timeout_task_impl" in qualname:  # View/Modal timeout timers sleep for minutes
            self._timers.add(task)
            return True
        return bool(self.ignore_task and self.ignore_task(task))

    async def settle(
        self, before: set[asyncio.Task[Any]] | None = None, *, timeout: float | None = None
    ) -> None:
        """Wait until every task created since ``before`` (default: since the last dispatch;
        handlers, the tree invoker, view callbacks, listeners and whatever they spawned) has
        finished; then raise `UnhandledBotError` if discord.py logged an exception or a task
        died.  Call it yourself after ``wait=False``."""
        if before is None:
            before = self._last_before
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.settle_timeout if timeout is None else timeout)
        current = asyncio.current_task()
        seen: set[asyncio.Task[Any]] = set()
        idle = 0
        while idle < 3:
            pending = {
                t
                for t in asyncio.all_tasks()
                if t not in before and t is not current and not t.done() and not self._ignored(t)
            }
            if not pending:
                idle += 1
                await asyncio.sleep(0)
                continue
            idle = 0
            seen |= pending
            remaining = deadline - loop.time()
            if remaining <= 0:
                names = ", ".join(sorted(f"{t.get_name()} {t.get_coro()!r}" for t in pending))
                raise SettleTimeout(f"bot tasks still running after the timeout: {names}")
            await asyncio.wait(pending, timeout=remaining)
        for task in seen:
            if task.done() and not task.cancelled() and task.exception() is not None:
                exc = task.exception()
                assert exc is not None
                self.errors.append(
                    f"task {task.get_name()} died:\n" + "".join(traceback.format_exception(exc))
                )
        new_records = self._capture.records[self._seen_records :]
        self._seen_records = len(self._capture.records)
        self.errors.extend(_describe_record(r) for r in new_records)
        if self.raise_errors and self.errors:
            errors, self.errors = self.errors, []
            raise UnhandledBotError("the bot raised unhandled exceptions:\n" + "\n".join(errors))

    async def _dispatch_interaction(
        self, payload: dict[str, Any], *, wait: bool
    ) -> discord.Interaction:
        iid = int(payload["id"])
        info = _InteractionInfo(
            iid, payload["token"], payload["type"], payload, dispatched_at=time.monotonic()
        )
        self.recorder.interactions[iid] = info
        # Client.wait_for registers its listener synchronously: the Interaction object the
        # parser creates is handed back through the real "interaction" event.
        waiter = self.bot.wait_for("interaction", check=lambda i: i.id == iid, timeout=5)
        before = self._last_before = asyncio.all_tasks()
        info.dispatched_at = time.monotonic()
        try:
            self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        except BaseException:
            waiter.close()
            raise
        interaction: discord.Interaction = await waiter
        if wait:
            await self.settle(before)
        return interaction

    async def dispatch(self, event: str, payload: dict[str, Any], *, wait: bool = True) -> None:
        """Feed any gateway event (``"GUILD_MEMBER_ADD"``...) to its real parser."""
        before = self._last_before = asyncio.all_tasks()
        getattr(self.bot._connection, "parse_" + event.lower())(payload)
        if wait:
            await self.settle(before)

    # ------------------------------------------------------------------ payload pieces
    def _as_spec(self, user: UserSpec | Mapping[str, Any] | None) -> UserSpec:
        if user is None:
            return self.user
        if isinstance(user, UserSpec):
            return user
        data = dict(user)
        known = self.guild_spec.member(int(data["id"]))
        data.setdefault("name", known.name if known else f"user{int(data['id']) % 1000}")
        if "roles" in data:
            data["roles"] = tuple(data["roles"])
        elif known:
            data["roles"] = known.roles
        return UserSpec(**data)

    def permissions_of(self, user: UserSpec) -> int:
        explicit = _perm_value(user.permissions)
        if explicit is not None:
            return explicit
        if user.id == self.guild_spec.owner_id:
            return P.all().value
        everyone = self.guild_spec.role(self.guild_spec.id)
        value = everyone.permissions if everyone else 0
        for role_id in user.roles:
            role = self.guild_spec.role(role_id)
            if role is not None:
                value |= role.permissions
        if value & P(administrator=True).value:
            return P.all().value
        return value

    def _member_payload(self, user: UserSpec, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "nick": user.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in user.roles],
            "joined_at": "2023-11-25T10:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = user.user_payload()
        return data

    def _bot_user_payload(self) -> dict[str, Any]:
        data = self.bot_spec.user_payload()
        data.update({"bot": True, "verified": True, "mfa_enabled": False, "locale": "en-US"})
        data["email"] = None
        return data

    def _channel_payload(self, channel_id: int) -> dict[str, Any]:
        if channel_id in self._extra_channels:
            return copy.deepcopy(self._extra_channels[channel_id])
        spec = self.guild_spec.channel(channel_id)
        if spec is None:
            raise DiscordWouldReject(f"unknown channel {channel_id}")
        if spec.type in (10, 11, 12):
            return self._thread_payload(
                spec.id,
                spec.parent_id or CHANNEL_ID,
                spec.name,
                spec.owner_id or USER_ID,
                spec.type,
            )
        data: dict[str, Any] = {
            "id": str(spec.id),
            "type": spec.type,
            "guild_id": str(self.guild_spec.id),
            "name": spec.name,
            "position": spec.position,
            "permission_overwrites": [],
            "parent_id": str(spec.parent_id) if spec.parent_id else None,
            "flags": 0,
        }
        if spec.type in (0, 5):
            data.update(
                {
                    "topic": spec.topic,
                    "nsfw": spec.nsfw,
                    "last_message_id": None,
                    "rate_limit_per_user": 0,
                    "default_thread_rate_limit_per_user": 0,
                    "default_auto_archive_duration": 1440,
                }
            )
        return data

    def _thread_payload(
        self,
        thread_id: int,
        parent_id: int,
        name: str,
        owner_id: int,
        type_: int = 11,
        auto_archive_duration: int = 1440,
    ) -> dict[str, Any]:
        return {
            "id": str(thread_id),
            "type": type_,
            "guild_id": str(self.guild_spec.id),
            "parent_id": str(parent_id),
            "owner_id": str(owner_id),
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": auto_archive_duration,
                "archive_timestamp": _iso(),
                "locked": False,
                "create_timestamp": _iso(),
            },
        }

    def _ready_payload(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": self._bot_user_payload(),
            "guilds": [{"id": str(self.guild_spec.id), "unavailable": True}],
            "session_id": "harness-session",
            "resume_gateway_url": "wss://gateway.discord.invalid",
            "shard": [0, 1],
            "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
        }

    def _guild_create_payload(self) -> dict[str, Any]:
        spec = self.guild_spec
        channels = [
            self._channel_payload(c.id) for c in spec.channels if c.type not in (10, 11, 12)
        ]
        threads = [self._channel_payload(c.id) for c in spec.channels if c.type in (10, 11, 12)]
        return {
            "id": str(spec.id),
            "name": spec.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(spec.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": spec.preferred_locale,
            "features": [],
            "application_id": None,
            "system_channel_id": str(CHANNEL_ID) if spec.channel(CHANNEL_ID) else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "roles": [r.payload() for r in spec.roles],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": "2023-11-25T10:00:00.000000+00:00",
            "large": False,
            "unavailable": False,
            # == len(members): the guild counts as chunked, so discord.py never asks the
            # (absent) websocket for members, whatever the intents.
            "member_count": len(spec.members),
            "members": [self._member_payload(m) for m in spec.members],
            "channels": channels,
            "threads": threads,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
        }

    def _app_info_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "name": self.bot_spec.name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "hook": True,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "owner": self.owner.user_payload(),
            "team": None,
            "bot": self._bot_user_payload(),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
            "integration_types_config": {"0": {}},
        }

    def _dm_channel_id(self, user_id: int) -> int:
        if user_id not in self._dm_channels:
            self._dm_channels[user_id] = snowflake()
        return self._dm_channels[user_id]

    def _dm_channel_payload(self, user: UserSpec) -> dict[str, Any]:
        return {
            "id": str(self._dm_channel_id(user.id)),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [user.user_payload()],
        }

    def _interaction_payload(
        self,
        type_: int,
        data: dict[str, Any] | None,
        *,
        user: UserSpec,
        guild: bool,
        channel_id: int | None,
        locale: str,
        app_permissions: int | discord.Permissions | None,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        iid = snowflake()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.app_id),
            "type": type_,
            "token": f"harness-{type_}-{iid}",
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if data is not None:
            payload["data"] = data
        if message is not None:
            payload["message"] = message
        if guild:
            channel = self._channel_payload(channel_id or CHANNEL_ID)
            perms = self.permissions_of(user)
            channel["permissions"] = str(perms)
            member = self._member_payload(user)
            member["permissions"] = str(perms)
            bot_perms = _perm_value(app_permissions)
            if bot_perms is None:
                bot_perms = self.permissions_of(self.bot_spec)
            payload.update(
                {
                    "guild_id": str(self.guild_spec.id),
                    "guild": {
                        "id": str(self.guild_spec.id),
                        "locale": self.guild_spec.preferred_locale,
                        "features": [],
                    },
                    "guild_locale": self.guild_spec.preferred_locale,
                    "channel": channel,
                    "channel_id": channel["id"],
                    "member": member,
                    "app_permissions": str(bot_perms),
                    "authorizing_integration_owners": {"0": str(self.guild_spec.id)},
                    "context": 0,
                }
            )
        else:
            channel = self._dm_channel_payload(user)
            bot_perms = _perm_value(app_permissions)
            payload.update(
                {
                    "channel": channel,
                    "channel_id": channel["id"],
                    "user": user.user_payload(),
                    "app_permissions": str(bot_perms if bot_perms is not None else BOT_PERMISSIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        return payload

    # ------------------------------------------------------------------ commands
    def _find_command(self, root: str) -> tuple[dict[str, Any] | None, int | None]:
        tree: discord.app_commands.CommandTree[Any] | None = getattr(self.bot, "tree", None)
        if tree is None:
            tree = self.bot._connection._command_tree
        if tree is None:
            return None, None
        guild_obj = discord.Object(self.guild_spec.id)
        cmd = tree.get_command(root, guild=guild_obj)
        if cmd is not None:
            return cmd.to_dict(tree), self.guild_spec.id
        cmd = tree.get_command(root)
        if cmd is not None:
            return cmd.to_dict(tree), None
        return None, None

    def _check_available(self, schema: dict[str, Any], user: UserSpec, guild: bool) -> None:
        name = schema["name"]
        contexts = schema.get("contexts")
        if contexts is not None and (0 if guild else 1) not in contexts:
            raise DiscordWouldReject(f"/{name} is not available in this context ({contexts=})")
        if not guild and schema.get("dm_permission") is False:
            raise DiscordWouldReject(f"/{name} is guild-only (dm_permission=false)")
        required = schema.get("default_member_permissions")
        if guild and required is not None:
            need = int(required)
            have = self.permissions_of(user)
            is_admin = have & P(administrator=True).value or user.id == self.guild_spec.owner_id
            if not is_admin and (need == 0 or have & need != need):
                raise DiscordWouldReject(
                    f"/{name} is hidden from {user.name}: default_member_permissions={need}, "
                    f"member has {have}"
                )

    def _option_value(
        self,
        option: Mapping[str, Any],
        value: Any,
        resolved: dict[str, dict[str, Any]],
        *,
        validate: bool,
    ) -> Any:
        name, otype = option["name"], option["type"]
        if otype in (6, 7, 8, 9, 11):
            return self._resolve_value(otype, value, resolved)
        if not validate:
            return value
        if otype == 3:
            if not isinstance(value, str):
                raise DiscordWouldReject(f"option {name!r} is a string, got {value!r}")
            if len(value) < option.get("min_length", 0) or len(value) > option.get(
                "max_length", 6000
            ):
                raise DiscordWouldReject(f"option {name!r}: length of {value!r} out of range")
        elif otype == 4:
            if isinstance(value, bool) or not isinstance(value, int):
                raise DiscordWouldReject(f"option {name!r} is an integer, got {value!r}")
        elif otype == 10:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise DiscordWouldReject(f"option {name!r} is a number, got {value!r}")
        elif otype == 5 and not isinstance(value, bool):
            raise DiscordWouldReject(f"option {name!r} is a boolean, got {value!r}")
        if otype in (4, 10):
            low, high = option.get("min_value"), option.get("max_value")
            if (low is not None and value < low) or (high is not None and value > high):
                raise DiscordWouldReject(f"option {name!r}: {value!r} not in [{low}, {high}]")
        choices = option.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise DiscordWouldReject(f"option {name!r}: {value!r} is not one of the choices")
        return value

    def _resolve_value(self, otype: int, value: Any, resolved: dict[str, dict[str, Any]]) -> str:
        if otype == 11:
            attachment = dict(value) if isinstance(value, Mapping) else {"filename": str(value)}
            aid = int(attachment.get("id") or snowflake())
            filename = attachment.get("filename", "file.txt")
            url = f"https://cdn.discordapp.com/attachments/{CHANNEL_ID}/{aid}/{filename}"
            full = {
                "id": str(aid),
                "filename": filename,
                "size": attachment.get("size", 0),
                "url": attachment.get("url", url),
                "proxy_url": attachment.get("proxy_url", url),
                "content_type": attachment.get("content_type", "text/plain"),
                "ephemeral": True,
            }
            resolved.setdefault("attachments", {})[str(aid)] = full
            return str(aid)
        if isinstance(value, RoleSpec) or (otype == 8 and isinstance(value, int)):
            role = value if isinstance(value, RoleSpec) else self.guild_spec.role(value)
            if role is None:
                raise DiscordWouldReject(f"unknown role {value!r}")
            resolved.setdefault("roles", {})[str(role.id)] = role.payload()
            return str(role.id)
        if isinstance(value, ChannelSpec) or (otype == 7 and isinstance(value, int)):
            cid = value.id if isinstance(value, ChannelSpec) else value
            channel = self._channel_payload(cid)
            channel["permissions"] = str(self.permissions_of(self.user))
            resolved.setdefault("channels", {})[str(cid)] = channel
            return str(cid)
        spec = self._as_spec({"id": value} if isinstance(value, int) else value)
        resolved.setdefault("users", {})[str(spec.id)] = spec.user_payload()
        if self.guild_spec.member(spec.id) is not None:
            member = self._member_payload(spec, with_user=False)
            member["permissions"] = str(self.permissions_of(spec))
            resolved.setdefault("members", {})[str(spec.id)] = member
        return str(spec.id)

    def _build_options(
        self,
        schema_options: Sequence[Mapping[str, Any]],
        values: Mapping[str, Any],
        resolved: dict[str, dict[str, Any]],
        *,
        focused: str | None = None,
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in schema_options}
        unknown = set(values) - set(by_name)
        if unknown:
            raise DiscordWouldReject(f"unknown option(s) {sorted(unknown)}; has {sorted(by_name)}")
        out = []
        for option in schema_options:  # Discord sends options in the declared order
            name = option["name"]
            if name not in values:
                if option.get("required") and focused is None:
                    raise DiscordWouldReject(f"required option {name!r} missing")
                continue
            is_focused = name == focused
            if is_focused and not option.get("autocomplete"):
                raise DiscordWouldReject(f"option {name!r} has no autocomplete")
            value = self._option_value(option, values[name], resolved, validate=focused is None)
            item: dict[str, Any] = {"name": name, "type": option["type"], "value": value}
            if is_focused:
                item["focused"] = True
            out.append(item)
        return out

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | None,
        *,
        subcommand: str | None,
        user: UserSpec,
        guild: bool,
        focused: str | None = None,
    ) -> dict[str, Any]:
        path = name.split()
        if subcommand:
            path += subcommand.split()
        root, subpath = path[0], path[1:]
        values = dict(options or {})
        schema, cmd_guild = self._find_command(root)
        resolved: dict[str, dict[str, Any]] = {}
        data: dict[str, Any] = {
            "id": str(self.command_id(root, cmd_guild)),
            "name": root,
            "type": 1,
        }
        if schema is None:
            # Not in the tree (stale registration): infer option types from Python values.
            def infer(v: Any) -> int:
                if isinstance(v, bool):
                    return 5
                return 4 if isinstance(v, int) else 10 if isinstance(v, float) else 3

            data["options"] = [{"name": k, "type": infer(v), "value": v} for k, v in values.items()]
            return data
        self._check_available(schema, user, guild)
        if cmd_guild is not None:
            data["guild_id"] = str(cmd_guild)
        container: dict[str, Any] = data
        level = schema
        for part in subpath:
            sub = next(
                (o for o in level.get("options", []) if o["name"] == part and o["type"] in (1, 2)),
                None,
            )
            if sub is None:
                raise DiscordWouldReject(f"/{' '.join(path)}: no subcommand {part!r}")
            node: dict[str, Any] = {"name": part, "type": sub["type"], "options": []}
            container.setdefault("options", []).append(node)
            container, level = node, sub
        if any(o["type"] in (1, 2) for o in level.get("options", [])):
            raise DiscordWouldReject(f"/{' '.join(path)} needs a subcommand")
        built = self._build_options(level.get("options", []), values, resolved, focused=focused)
        if built or container is data:
            container["options"] = built
        if resolved:
            data["resolved"] = resolved
        return data

    async def slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: UserSpec | Mapping[str, Any] | None = None,
        guild: bool = True,
        subcommand: str | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
        app_permissions: int | discord.Permissions | None = None,
        wait: bool = True,
    ) -> discord.Interaction:
        """Invoke ``/name [subcommand] options`` (``name`` may be ``"group sub"``).
        Options are validated against the command's real schema (``Command.to_dict``)."""
        spec = self._as_spec(user)
        data = self._command_data(name, options, subcommand=subcommand, user=spec, guild=guild)
        payload = self._interaction_payload(
            2,
            data,
            user=spec,
            guild=guild,
            channel_id=channel_id,
            locale=locale,
            app_permissions=app_permissions,
        )
        return await self._dispatch_interaction(payload, wait=wait)

    async def autocomplete(
        self,
        name: str,
        focused_option: str,
        value: Any,
        *,
        options: Mapping[str, Any] | None = None,
        user: UserSpec | Mapping[str, Any] | None = None,
        guild: bool = True,
        subcommand: str | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
    ) -> list[dict[str, Any]]:
        """Type ``value`` into ``focused_option``; returns the choices the bot answered
        (``[]`` if it did not answer)."""
        spec = self._as_spec(user)
        values = dict(options or {})
        values[focused_option] = value
        data = self._command_data(
            name, values, subcommand=subcommand, user=spec, guild=guild, focused=focused_option
        )
        payload = self._interaction_payload(
            4,
            data,
            user=spec,
            guild=guild,
            channel_id=channel_id,
            locale=locale,
            app_permissions=None,
        )
        interaction = await self._dispatch_interaction(payload, wait=True)
        calls = self.recorder.callbacks(interaction)
        if not calls:
            return []
        return list(calls[-1].data.get("choices", []))

    # ------------------------------------------------------------------ components & modals
    def _find_component_message(self, custom_id: str) -> dict[str, Any] | None:
        for message in reversed(list(self.messages.values())):
            if any(
                n.get("custom_id") == custom_id
                for n in _walk_components(message.get("components") or [])
            ):
                return message
        return None

    def _complete_message(self, message: Mapping[str, Any]) -> dict[str, Any]:
        full: dict[str, Any] = {
            "id": str(snowflake()),
            "channel_id": str(CHANNEL_ID),
            "author": self._bot_user_payload(),
            "content": "",
            "timestamp": _iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        full.update(copy.deepcopy(dict(message)))
        return full

    async def click(
        self,
        custom_id: str,
        message_payload: Mapping[str, Any] | None = None,
        *,
        user: UserSpec | Mapping[str, Any] | None = None,
        values: Sequence[str] | None = None,
        guild: bool = True,
        locale: str = "en-US",
        wait: bool = True,
    ) -> discord.Interaction:
        """Click a button / choose ``values`` in a select on a message.  ``message_payload``
        is the message as Discord returns it (e.g. ``call.response`` of the request that
        sent it); by default the latest known message carrying ``custom_id``."""
        message = (
            self._complete_message(message_payload)
            if message_payload is not None
            else self._find_component_message(custom_id)
        )
        if message is None:
            raise DiscordWouldReject(f"no message with a component {custom_id!r}")
        node = next(
            (
                n
                for n in _walk_components(message.get("components") or [])
                if n.get("custom_id") == custom_id
            ),
            None,
        )
        if node is None:
            raise DiscordWouldReject(f"message {message['id']} has no component {custom_id!r}")
        if node.get("disabled"):
            raise DiscordWouldReject(f"component {custom_id!r} is disabled")
        ctype = int(node["type"])
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": ctype}
        if ctype in _SELECT_TYPES:
            data["values"] = [str(v) for v in (values or [])]
        elif values is not None:
            raise DiscordWouldReject("values= only applies to select menus")
        spec = self._as_spec(user)
        payload = self._interaction_payload(
            3,
            data,
            user=spec,
            guild=guild,
            channel_id=int(message["channel_id"]),
            locale=locale,
            app_permissions=None,
            message=message,
        )
        self.messages.setdefault(int(message["id"]), message)
        return await self._dispatch_interaction(payload, wait=wait)

    async def submit_modal(
        self,
        custom_id: str,
        fields: Mapping[str, Any],
        *,
        user: UserSpec | Mapping[str, Any] | None = None,
        guild: bool = True,
        locale: str = "en-US",
        wait: bool = True,
    ) -> discord.Interaction:
        """Submit the modal the bot last opened with ``custom_id``; ``fields`` maps input
        custom_ids to values (str for text inputs, list for selects/checkbox groups)."""
        modals = self.recorder.modals(custom_id)
        if not modals:
            raise DiscordWouldReject(f"the bot never opened a modal {custom_id!r}")
        call = modals[-1]
        origin = self.recorder.interactions[int(call.path.split("/")[2])]
        remaining = dict(fields)
        components = [self._submitted(c, remaining) for c in call.data.get("components", [])]
        if remaining:
            raise DiscordWouldReject(f"modal {custom_id!r} has no input(s) {sorted(remaining)}")
        data = {"custom_id": custom_id, "components": [c for c in components if c]}
        spec = self._as_spec(user)
        origin_payload = origin.payload
        payload = self._interaction_payload(
            5,
            data,
            user=spec,
            guild=guild,
            channel_id=int(origin_payload["channel_id"]) if guild else None,
            locale=locale,
            app_permissions=None,
            message=origin_payload.get("message"),
        )
        return await self._dispatch_interaction(payload, wait=wait)

    def _submitted(
        self, component: Mapping[str, Any], fields: dict[str, Any]
    ) -> dict[str, Any] | None:
        ctype = component["type"]
        if ctype == 1:
            inner = [self._submitted(c, fields) for c in component.get("components", [])]
            return {"type": 1, "components": [c for c in inner if c]}
        if ctype == 18:
            inner_component = self._submitted(component["component"], fields)
            out = {"type": 18, "component": inner_component}
            if "id" in component:
                out["id"] = component["id"]
            return out if inner_component else None
        custom_id = component.get("custom_id")
        if custom_id is None:
            return None  # text displays etc. are not submitted
        value = fields.pop(custom_id, None)
        item: dict[str, Any] = {"type": ctype, "custom_id": custom_id}
        if ctype == 4:
            value = "" if value is None else value
            if component.get("required", True) and not value:
                raise DiscordWouldReject(f"text input {custom_id!r} is required")
            if value and not (
                component.get("min_length", 0) <= len(value) <= component.get("max_length", 4000)
            ):
                raise DiscordWouldReject(f"text input {custom_id!r}: length out of range")
            item["value"] = value
        elif ctype in _MULTI_VALUE_TYPES:
            item["values"] = [str(v) for v in (value or [])]
        else:
            item["value"] = value
        return item

    # ------------------------------------------------------------------ messages
    async def message(
        self,
        content: str,
        *,
        author: UserSpec | Mapping[str, Any] | None = None,
        mentions_bot: bool = False,
        channel_id: int | None = None,
        thread: bool = False,
        guild: bool = True,
        reply_to: int | None = None,
        wait: bool = True,
    ) -> discord.Message | None:
        """A user posts ``content`` (MESSAGE_CREATE).  ``mentions_bot`` prefixes ``<@bot>``
        and fills ``mentions`` the way Discord does; without the message-content intent the
        bot receives empty content unless mentioned or in DMs, like on Discord."""
        spec = self._as_spec(author)
        intents = self.bot.intents
        if guild and not intents.guild_messages:
            raise DiscordWouldReject("bot lacks the guild_messages intent: no MESSAGE_CREATE")
        if not guild and not intents.dm_messages:
            raise DiscordWouldReject("bot lacks the dm_messages intent: no MESSAGE_CREATE")
        if mentions_bot:
            content = f"<@{self.app_id}> {content}"
        mention_ids = [int(m) for m in re.findall(r"<@!?(\d+)>", content)]
        mid = snowflake()
        if guild:
            cid = channel_id or (THREAD_ID if thread else CHANNEL_ID)
        else:
            cid = self._dm_channel_id(spec.id)
        payload: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(cid),
            "author": spec.user_payload(),
            "content": content,
            "timestamp": _iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
            "nonce": str(snowflake()),
        }
        if reply_to is not None:
            payload["type"] = 19
            payload["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(cid),
            }
            referenced = self.messages.get(reply_to)
            payload["referenced_message"] = referenced
            if referenced and int(referenced["author"]["id"]) not in mention_ids:
                mention_ids.append(int(referenced["author"]["id"]))
        for uid in dict.fromkeys(mention_ids):
            mentioned = self.bot_spec if uid == self.app_id else self._spec_or_default(uid)
            user_data = mentioned.user_payload()
            if guild and self.guild_spec.member(uid):
                user_data["member"] = self._member_payload(mentioned, with_user=False)
            payload["mentions"].append(user_data)
        if guild:
            payload["guild_id"] = str(self.guild_spec.id)
            payload["member"] = self._member_payload(spec, with_user=False)
            payload["channel_type"] = self._channel_payload(cid).get("type", 0)
        self.messages[mid] = copy.deepcopy(payload)
        if guild and not intents.message_content and self.app_id not in mention_ids:
            payload.update({"content": "", "embeds": [], "attachments": [], "components": []})
        waiter = self.bot.wait_for("message", check=lambda m: m.id == mid, timeout=5)
        before = self._last_before = asyncio.all_tasks()
        try:
            self.bot._connection.parse_message_create(payload)  # type: ignore[arg-type]
        except BaseException:
            waiter.close()
            raise
        msg: discord.Message = await waiter
        if wait:
            await self.settle(before)
        return msg

    # ------------------------------------------------------------------ fake Discord API
    async def _http_request(
        self,
        route: Route,
        *,
        files: Sequence[discord.File] | None = None,
        form: Sequence[Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Stands in for ``HTTPClient.request`` on the bot's ``http`` instance."""
        session = self._session()
        if session is not None and session is not dutils.MISSING:
            _SESSION_OWNERS[id(session)] = self
        body: JSON = kwargs.get("json")
        if form:
            body = _payload_json(form)
        return await self._handle(
            route, body, files, params=kwargs.get("params"), reason=kwargs.get("reason"), via="http"
        )

    async def _handle(
        self,
        route: Route,
        body: JSON,
        files: Sequence[discord.File] | None,
        *,
        params: dict[str, Any] | None,
        reason: str | None,
        via: str,
    ) -> Any:
        call = RecordedCall(
            method=route.method,
            path=_route_path(route.url),
            json=_wire(body),
            files=_read_files(files),
            route=route.path,
            params=dict(params) if params else None,
            reason=reason,
            at=time.monotonic(),
            via=via,
        )
        self.recorder.calls.append(call)
        try:
            override = self.recorder._override_for(call)
            if override is not None and override.error is not None:
                raise _http_error(*override.error)
            if override is not None:
                response = override.response
                result = response(call) if callable(response) else copy.deepcopy(response)
            else:
                result = self._respond(call)
        except discord.HTTPException as exc:
            call.error = exc
            raise
        call.response = copy.deepcopy(result)
        await asyncio.sleep(0)  # a real request yields to the loop
        return result

    def _respond(self, call: RecordedCall) -> Any:
        key = (call.method, call.route)
        params = _route_params(call.route, call.path)
        handler = _HANDLERS.get(key)
        if handler is None:
            return None
        return handler(self, call, params)

    # -- helpers for handlers
    def _known_channel(self, channel_id: int) -> dict[str, Any]:
        if channel_id in self._dm_channels.values():
            return {"id": str(channel_id), "type": 1}
        try:
            return self._channel_payload(channel_id)
        except DiscordWouldReject:
            raise _http_error(404, 10003, "Unknown Channel") from None

    def _bot_can(self, channel: Mapping[str, Any], **perms: bool) -> None:
        if channel.get("type") == 1:
            return
        have = self.permissions_of(self.guild_spec.member(self.app_id) or self.bot_spec)
        need = P(**perms).value
        if have & need != need:
            raise _http_error(403, 50013, "Missing Permissions")

    def _new_message(
        self,
        body: Mapping[str, Any],
        files: list[RecordedFile],
        *,
        channel_id: int,
        msg_type: int = 0,
        interaction: _InteractionInfo | None = None,
        extra_flags: int = 0,
    ) -> dict[str, Any]:
        mid = snowflake()
        message = self._complete_message({"id": str(mid), "channel_id": str(channel_id)})
        self._apply_body(message, body, files)
        message["type"] = msg_type
        message["flags"] = int(body.get("flags") or 0) | extra_flags
        if body.get("message_reference"):
            message["type"] = 19
            ref = dict(body["message_reference"])
            ref.setdefault("type", 0)
            message["message_reference"] = ref
            message["referenced_message"] = self.messages.get(int(ref.get("message_id") or 0))
        if interaction is not None:
            message["webhook_id"] = str(self.app_id)
            message["application_id"] = str(self.app_id)
            user_data = interaction.payload.get("member", {}).get(
                "user"
            ) or interaction.payload.get("user")
            metadata: dict[str, Any] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": user_data,
                "authorizing_integration_owners": interaction.payload.get(
                    "authorizing_integration_owners", {}
                ),
            }
            if interaction.type == 2:
                metadata["name"] = interaction.payload["data"]["name"]
            message["interaction_metadata"] = metadata
        self.messages[mid] = message
        return message

    def _apply_body(
        self, message: dict[str, Any], body: Mapping[str, Any], files: list[RecordedFile]
    ) -> None:
        for key in ("content", "components", "poll", "tts"):
            if key in body:
                message[key] = (
                    body[key] if body[key] is not None else ("" if key == "content" else [])
                )
        if "embeds" in body:
            message["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "attachments" in body or files:
            kept = [
                a
                for a in message.get("attachments", [])
                if any(str(b.get("id")) == a["id"] for b in body.get("attachments") or [])
            ]
            for f in files:
                aid = snowflake()
                url = f"https://cdn.discordapp.com/attachments/{message['channel_id']}/{aid}/{f.filename}"
                kept.append(
                    {
                        "id": str(aid),
                        "filename": f.filename,
                        "size": len(f.data),
                        "url": url,
                        "proxy_url": url,
                        "description": f.description,
                    }
                )
            message["attachments"] = kept

    def _edit(self, message: dict[str, Any], call: RecordedCall) -> dict[str, Any]:
        body = call.json or {}
        _validate_message(body, has_files=bool(call.files), edit=True)
        edited = copy.deepcopy(message)
        self._apply_body(edited, body, call.files)
        if not any(edited.get(k) for k in ("content", "embeds", "attachments", "components",
                                          "sticker_items", "poll")):
            # Discord judges an edit by the message it leaves: nothing left is refused.
            raise _http_error(400, 50006, "Cannot send an empty message")
        message.clear()
        message.update(edited)  # the same dict: @original and the message store share it
        if "flags" in body and body["flags"] is not None:
            # only SUPPRESS_EMBEDS can be toggled by an edit
            message["flags"] = (message["flags"] & ~4) | (int(body["flags"]) & 4)
        message["edited_timestamp"] = _iso()
        return message

    def _interaction_for_token(self, token: str, *, code: int = 10015) -> _InteractionInfo:
        for info in self.recorder.interactions.values():
            if info.token == token:
                return info
        raise _http_error(404, code, "Unknown Webhook" if code == 10015 else "Unknown interaction")

    def _user_message(self, message_id: int, *, bot_only: bool = False) -> dict[str, Any]:
        message = self.messages.get(message_id)
        if message is None:
            raise _http_error(404, 10008, "Unknown Message")
        if bot_only and int(message["author"]["id"]) != self.app_id:
            raise _http_error(403, 50005, "Cannot edit a message authored by another user")
        return message

    def _thread_created(self, thread: dict[str, Any]) -> None:
        """Discord follows thread creation with a THREAD_CREATE gateway event."""
        self._extra_channels[int(thread["id"])] = copy.deepcopy(thread)
        event = dict(thread, newly_created=True)
        self.bot._connection.parse_thread_create(event)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- route handlers

Handler = Callable[[DiscordHarness, RecordedCall, dict[str, str]], Any]
_HANDLERS: dict[tuple[str, str], Handler] = {}


def _route(method: str, template: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[(method, template)] = fn
        return fn

    return register


@_route("GET", "/users/@me")
def _get_me(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return h._bot_user_payload()


@_route("GET", "/oauth2/applications/@me")
def _get_app(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return h._app_info_payload()


def _sync(h: DiscordHarness, call: RecordedCall, guild_id: int | None) -> Any:
    out = []
    for command in call.json or []:
        name = command["name"]
        data = dict(command)
        data.setdefault("type", 1)
        data.update(
            {
                "id": str(h.command_id(name, guild_id)),
                "application_id": str(h.app_id),
                "version": str(snowflake()),
                "default_member_permissions": command.get("default_member_permissions"),
            }
        )
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        out.append(data)
    h._synced[guild_id] = out
    return copy.deepcopy(out)


@_route("PUT", "/applications/{application_id}/commands")
def _put_global(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return _sync(h, call, None)


@_route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
def _put_guild(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return _sync(h, call, int(p["guild_id"]))


@_route("GET", "/applications/{application_id}/commands")
def _get_global(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return copy.deepcopy(h._synced.get(None, []))


@_route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
def _get_guild_cmds(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return copy.deepcopy(h._synced.get(int(p["guild_id"]), []))


_ALLOWED_CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}


@_route("POST", "/interactions/{webhook_id}/{webhook_token}/callback")
def _callback(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    info = h.recorder.interactions.get(int(p["webhook_id"]))
    if info is None or info.token != p["webhook_token"]:
        raise _http_error(404, 10062, "Unknown interaction")
    if call.at - info.dispatched_at > h.response_deadline:
        # Discord invalidates the interaction token 3 s after dispatch if not acknowledged.
        raise _http_error(404, 10062, "Unknown interaction")
    if info.acknowledged:
        raise _http_error(400, 40060, "Interaction has already been acknowledged.")
    body = call.json or {}
    ctype = int(body.get("type", 0))
    if ctype not in _ALLOWED_CALLBACKS[info.type]:
        raise _invalid_form(
            "type", "INTERACTION_RESPONSE_TYPE_INVALID", f"type {ctype} not allowed"
        )
    if ctype in (6, 7) and "message" not in info.payload:
        raise _invalid_form("type", "INTERACTION_RESPONSE_TYPE_INVALID", "no message to update")
    data = body.get("data") or {}
    channel_id = int(info.payload["channel_id"])
    result: dict[str, Any] = {"interaction": {"id": str(info.id), "type": info.type}}
    if ctype == 4:
        _validate_message(data, has_files=bool(call.files))
        message = h._new_message(
            data,
            call.files,
            channel_id=channel_id,
            msg_type=20 if info.type == 2 else 0,
            interaction=info,
        )
        info.original = message
        result["interaction"].update(
            {
                "response_message_id": message["id"],
                "response_message_loading": False,
                "response_message_ephemeral": bool(message["flags"] & 64),
            }
        )
        result["resource"] = {"type": 4, "message": copy.deepcopy(message)}
    elif ctype == 5:
        flags = int(data.get("flags") or 0) & 64
        message = h._new_message(
            {"content": ""},
            [],
            channel_id=channel_id,
            msg_type=20 if info.type == 2 else 0,
            interaction=info,
            extra_flags=flags | 128,  # 128 = LOADING
        )
        info.original, info.loading = message, True
        result["interaction"].update(
            {
                "response_message_id": message["id"],
                "response_message_loading": True,
                "response_message_ephemeral": bool(flags),
            }
        )
        result["resource"] = {"type": 5, "message": copy.deepcopy(message)}
    elif ctype in (6, 7):
        message = h.messages.setdefault(
            int(info.payload["message"]["id"]), copy.deepcopy(info.payload["message"])
        )
        info.original = message
        if ctype == 7:
            h._edit(message, call)
            result["resource"] = {"type": 7, "message": copy.deepcopy(message)}
    elif ctype == 8:
        choices = data.get("choices") or []
        if len(choices) > 25:
            raise _invalid_form("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer.")
        for i, choice in enumerate(choices):
            if not 1 <= len(choice.get("name", "")) <= 100:
                raise _invalid_form(f"data.choices.{i}.name", "BASE_TYPE_BAD_LENGTH", "1-100 chars")
            if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
                raise _invalid_form(f"data.choices.{i}.value", "BASE_TYPE_MAX_LENGTH", "<= 100")
    elif ctype == 9:
        if not 1 <= len(data.get("title", "")) <= 45:
            raise _invalid_form("data.title", "BASE_TYPE_BAD_LENGTH", "Must be 1-45 in length.")
        if not 1 <= len(data.get("components") or []) <= 5:
            raise _invalid_form("data.components", "BASE_TYPE_BAD_LENGTH", "1-5 components")
        _validate_components(data.get("components") or [], "data.components")
    info.acknowledged, info.callback_type = True, ctype
    return result


@_route("POST", "/webhooks/{webhook_id}/{webhook_token}")
def _followup(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    info = h._interaction_for_token(p["webhook_token"])
    if not info.acknowledged:
        raise _http_error(404, 10015, "Unknown Webhook")
    body = call.json or {}
    _validate_message(body, has_files=bool(call.files))
    if info.loading and info.original is not None:
        # Discord: the first follow-up after a "thinking" defer edits the loading message;
        # its ephemeral flag is ignored (the defer's choice is kept).
        message = info.original
        h._apply_body(message, body, call.files)
        message["flags"] &= ~128
        info.loading = False
    else:
        message = h._new_message(
            body, call.files, channel_id=int(info.payload["channel_id"]), interaction=info
        )
    wait = (call.params or {}).get("wait")
    if wait in (0, "0", False, "false"):
        return None
    return copy.deepcopy(message)


def _original(h: DiscordHarness, p: dict[str, str]) -> tuple[_InteractionInfo, dict[str, Any]]:
    info = h._interaction_for_token(p["webhook_token"])
    if not info.acknowledged or info.original is None:
        raise _http_error(404, 10008, "Unknown Message")
    return info, info.original


def _webhook_message(h: DiscordHarness, p: dict[str, str]) -> dict[str, Any]:
    info = h._interaction_for_token(p["webhook_token"])
    message = h.messages.get(int(p["message_id"]))
    if message is None or message.get("interaction_metadata", {}).get("id") != str(info.id):
        raise _http_error(404, 10008, "Unknown Message")
    return message


@_route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
def _get_original(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return copy.deepcopy(_original(h, p)[1])


@_route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
def _edit_original(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    info, message = _original(h, p)
    h._edit(message, call)
    if info.loading:
        message["flags"] &= ~128
        info.loading = False
    return copy.deepcopy(message)


@_route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
def _delete_original(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    info, message = _original(h, p)
    h.messages.pop(int(message["id"]), None)
    info.original = None
    return None


@_route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
def _get_webhook_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return copy.deepcopy(_webhook_message(h, p))


@_route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
def _edit_webhook_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return copy.deepcopy(h._edit(_webhook_message(h, p), call))


@_route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
def _delete_webhook_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    h.messages.pop(int(_webhook_message(h, p)["id"]))
    return None


@_route("POST", "/channels/{channel_id}/messages")
def _send(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    channel_id = int(p["channel_id"])
    channel = h._known_channel(channel_id)
    body = call.json or {}
    if channel.get("type") in (10, 11, 12):
        h._bot_can(channel, send_messages_in_threads=True)
    else:
        h._bot_can(channel, send_messages=True)
    if call.files:
        h._bot_can(channel, attach_files=True)
    _validate_message(body, has_files=bool(call.files))
    ref = body.get("message_reference")
    if ref and ref.get("fail_if_not_exists", True) and int(ref["message_id"]) not in h.messages:
        raise _invalid_form("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
    return copy.deepcopy(h._new_message(body, call.files, channel_id=channel_id))


@_route("GET", "/channels/{channel_id}/messages/{message_id}")
def _get_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    return copy.deepcopy(h._user_message(int(p["message_id"])))


@_route("PATCH", "/channels/{channel_id}/messages/{message_id}")
def _edit_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    message = h._user_message(int(p["message_id"]), bot_only=True)
    return copy.deepcopy(h._edit(message, call))


@_route("DELETE", "/channels/{channel_id}/messages/{message_id}")
def _delete_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    h.messages.pop(int(h._user_message(int(p["message_id"]))["id"]))
    return None


@_route("POST", "/channels/{channel_id}/messages/{message_id}/threads")
def _thread_from_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    channel_id, message_id = int(p["channel_id"]), int(p["message_id"])
    channel = h._known_channel(channel_id)
    if channel.get("type") not in (0, 5):
        raise _http_error(400, 50024, "Cannot execute action on this channel type")
    h._bot_can(channel, create_public_threads=True)
    h._user_message(message_id)
    if message_id in h._thread_for_message:
        raise _http_error(400, 160004, "A thread has already been created for this message")
    body = call.json or {}
    name = body.get("name") or ""
    if not 1 <= len(name) <= 100:
        raise _invalid_form("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    # A thread started from a message has the message's id.
    thread = h._thread_payload(
        message_id,
        channel_id,
        name,
        h.app_id,
        auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
    )
    h._thread_for_message[message_id] = message_id
    h._thread_created(thread)
    return thread


@_route("POST", "/channels/{channel_id}/threads")
def _thread_without_message(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    channel_id = int(p["channel_id"])
    channel = h._known_channel(channel_id)
    body = call.json or {}
    private = body.get("type") == 12
    h._bot_can(
        channel,
        **({"create_private_threads": True} if private else {"create_public_threads": True}),
    )
    thread = h._thread_payload(
        snowflake(),
        channel_id,
        body.get("name") or "thread",
        h.app_id,
        12 if private else 11,
        auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
    )
    h._thread_created(thread)
    return thread


@_route("POST", "/users/@me/channels")
def _open_dm(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    user = h._spec_or_default(int((call.json or {})["recipient_id"]))
    return h._dm_channel_payload(user)


@_route("POST", "/channels/{channel_id}/typing")
def _typing(h: DiscordHarness, call: RecordedCall, p: dict[str, str]) -> Any:
    h._known_channel(int(p["channel_id"]))
    return None


def user_spec(base: UserSpec, **changes: Any) -> UserSpec:
    """``user_spec(h.user, permissions=discord.Permissions(manage_guild=True))``."""
    return replace(base, **changes)
