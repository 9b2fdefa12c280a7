"""A loopback Discord: Discord's HTTP API and gateway on 127.0.0.1, for the real, unmodified
discord.py client.

`tests/discord_harness.py` patches ``HTTPClient.request`` inside the bot's process; this is the
real-protocol version. The bot connects over real sockets: REST calls are real HTTP requests
(JSON bodies, multipart uploads, rate-limit headers), the gateway is a real websocket
(HELLO, IDENTIFY, READY, heartbeats and ACKs, RESUME, zlib-stream or zstd-stream transport
compression as the client asks in its URL). Only two base URLs are pointed here
(`LoopbackDiscord.pointed`): ``discord.http.Route.BASE`` (REST, the webhook adapter of
interaction callbacks and follow-ups uses the same routes) and
``DiscordWebSocket.DEFAULT_GATEWAY`` (a plain ``Client`` connects there; an
``AutoShardedClient`` asks ``GET /gateway/bot``, which answers this server's websocket URL).

The API's behaviour (messages, interactions, @original, threads, limits, the 3 s deadline) is
the harness's fake Discord, reused as is: the harness's route handlers answer the requests
this server receives, so the two test layers agree on what Discord accepts.

The server runs in its own thread and event loop, so its clock (when a request or a heartbeat
arrived) is not delayed by a stall of the bot's loop. Everything the bot sends is recorded
(`Recorder`: method, route, JSON payload, files, time; plus every gateway frame), and faults can
be injected: 429 per route and global with Discord's real headers, 500/502, slow responses, a
gateway RECONNECT (op 7), INVALID_SESSION (op 9) and a dropped socket.

Usage (in an async test)::

    with LoopbackDiscord() as discord_api, discord_api.pointed():
        async with discord_api.running(bot):
            inter = await discord_api.slash("ask", {"question": "..."})
            answer = await discord_api.answered(inter)
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import itertools
import json
import logging
import math
import re
import secrets
import threading
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import discord
import yarl
from aiohttp import web
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.discord_harness import (
    _HANDLERS,
    APP_ID,
    CHANNEL_ID,
    RESPONSE_DEADLINE_S,
    DiscordHarness,
    DiscordWouldReject,
    GuildSpec,
    RecordedCall,
    RecordedFile,
    UserSpec,
    _InteractionInfo,
    _iso,
    _route_params,
    _walk_components,
    snowflake,
)

try:  # zstd-stream is what discord.py asks for when `zstandard` is importable
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None

log = logging.getLogger(__name__)

__all__ = [
    "BOT_TOKEN",
    "Connection",
    "Fault",
    "LoadRun",
    "LoopLagProbe",
    "LoopbackDiscord",
    "Recorder",
    "SentInteraction",
    "heartbeat_report",
    "percentile",
    "run_load",
]

T = TypeVar("T")

# A token of the real shape (three base64 parts): the token-hygiene checks look for it.
BOT_TOKEN = "MTE3NzgxMjE2NTM4NzE0OTMxMg.Gloop." + secrets.token_urlsafe(30)

# Gateway opcodes
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE, RESUME, RECONNECT = 0, 1, 2, 3, 4, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11

INTENT_GUILD_MESSAGES = 1 << 9
INTENT_MESSAGE_CONTENT = 1 << 15

# Interaction endpoints are not bound to the global rate limit (Discord's documentation).
_INTERACTION_ROUTES = ("/interactions/", "/webhooks/")


# --------------------------------------------------------------------------- recording


@dataclass(repr=False)
class Call(RecordedCall):
    """One HTTP request as it arrived, plus what this server answered."""

    status: int = 0  # the HTTP status answered
    fault: str | None = None  # "429", "429-global", "500", "slow"... when one was injected
    delivered: bool = False  # Discord carried it out (even if the answer then got lost)
    deduplicated: bool = False  # a repeated nonce (enforce_nonce): the earlier message returned
    headers: dict[str, str] = field(default_factory=dict)  # request headers, no Authorization
    authorization: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Frame:
    """One gateway frame the bot sent (decoded JSON), with when it arrived."""

    connection: int
    op: int
    data: Any
    at: float


class Recorder:
    """Everything the bot sent: the harness's recorder (same query helpers) plus gateway frames."""

    def __init__(self, harness_recorder: Any) -> None:
        self._r = harness_recorder
        self.frames: list[Frame] = []

    def __getattr__(self, name: str) -> Any:  # of(), callbacks(), answers(), edits()...
        return getattr(self._r, name)

    @property
    def calls(self) -> list[Call]:
        return self._r.calls  # type: ignore[no-any-return]

    def delivered_answers(self, interaction: int | SentInteraction) -> list[Call]:
        """Follow-ups and @original edits of one interaction that Discord carried out (a
        retried edit is carried out again, on the same message: see `shown`)."""
        return [c for c in self._r.answers(_iid(interaction)) if c.delivered]

    def shown(self, interaction: int | SentInteraction) -> list[str]:
        """The ids of the messages the interaction's answers were shown in, in order, once
        each: a follow-up made a message of its own (or, the first after a deferral, the
        "thinking" one), every edit of @original the "thinking" message."""
        ids = [str((c.response or {}).get("id")) for c in self.delivered_answers(interaction)]
        return list(dict.fromkeys(ids))

    def delivered_messages(self, channel_id: int) -> list[Call]:
        """Channel messages Discord carried out in ``channel_id`` (one per message shown)."""
        return [c for c in self._r.messages(channel_id=channel_id) if c.delivered]

    def ops(self, op: int) -> list[Frame]:
        return [f for f in self.frames if f.op == op]


def _iid(interaction: int | SentInteraction) -> int:
    return interaction.id if isinstance(interaction, SentInteraction) else interaction


@dataclass(frozen=True)
class SentInteraction:
    """An INTERACTION_CREATE this server dispatched."""

    id: int
    token: str
    payload: dict[str, Any]
    created_at: float  # time.monotonic() when Discord created it (the 3 s clock starts here)


# --------------------------------------------------------------------------- faults


@dataclass
class Fault:
    """A misbehaviour for matching requests: ``kind`` is "429", "status" or "slow". The
    request matches when ``fragment`` is in its path or route template (``exact``: is its
    route template). ``after``: the request is carried out, then the answer is lost (a 5xx
    from a proxy between the client and Discord's API)."""

    kind: str
    fragment: str
    method: str | None = None
    times: int | None = 1
    retry_after: float = 0.5
    is_global: bool = False
    status: int = 500
    delay: float = 0.0
    exact: bool = False
    after: bool = False
    hits: int = 0

    def matches(self, method: str, path: str, route: str) -> bool:
        if self.method not in (None, method):
            return False
        if self.exact and self.fragment != route:
            return False
        if self.fragment not in path and self.fragment not in route:
            return False
        return self.times is None or self.hits < self.times


class _Buckets:
    """Discord-like rate-limit buckets: per route and major parameter, ``limit`` per window."""

    def __init__(self, limit: int = 50, per: float = 1.0) -> None:
        self.limit, self.per = limit, per
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}

    def take(self, key: tuple[str, str], now: float) -> tuple[int, float]:
        """Count one request; returns (remaining, reset_after)."""
        start, used = self._windows.get(key, (now, 0))
        if now - start >= self.per:
            start, used = now, 0
        used += 1
        self._windows[key] = (start, used)
        return self.limit - used, max(0.0, self.per - (now - start))


def _major(params: Mapping[str, str]) -> str:
    for name in ("channel_id", "guild_id"):
        if name in params:
            return params[name]
    if "webhook_id" in params:
        return f"{params['webhook_id']}:{params.get('webhook_token', '')}"
    return ""


def _bucket_hash(route: str) -> str:
    return hashlib.sha1(route.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- gateway


class Connection:
    """One websocket the bot opened."""

    def __init__(self, number: int, ws: web.WebSocketResponse, request: web.Request,
                 compress: str | None, interval_ms: int) -> None:
        self.number = number
        self.ws = ws
        self.request = request
        self.compress = compress
        self.path = request.path
        self.interval = interval_ms / 1000
        self.opened_at = time.monotonic()
        self.closed_at: float | None = None
        self.close_code: int | None = None
        self.beats: list[float] = []  # when each heartbeat arrived
        self.session: Session | None = None
        self.replaying = False
        self.resumed = False
        self._lock = asyncio.Lock()
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._zstd = (zstandard.ZstdCompressor().compressobj()
                      if compress == "zstd-stream" and zstandard is not None else None)

    @property
    def open(self) -> bool:
        return self.closed_at is None and not self.ws.closed

    async def send(self, payload: Mapping[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        async with self._lock:  # one compression stream: frames go out in the order compressed
            if self.ws.closed:
                return
            try:
                if self._zlib is not None:
                    data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                elif self._zstd is not None:
                    data = self._zstd.compress(text.encode())
                    data += self._zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                log.debug("connection %d: send failed, the socket is gone", self.number)


@dataclass
class Session:
    id: str
    intents: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    valid: bool = True


def heartbeat_report(connections: list[Connection], *, late_factor: float = 1.5,
                     now: float | None = None) -> dict[str, Any]:
    """Heartbeat timing per connection: the intervals between heartbeats (and, for an open
    connection, since the last one) against the interval sent in HELLO. A heartbeat is late
    when it comes more than ``late_factor`` intervals after the previous one."""
    now = time.monotonic() if now is None else now
    gaps: list[float] = []
    late: list[dict[str, Any]] = []
    for conn in connections:
        if not conn.beats:
            continue
        times = list(conn.beats)
        end = conn.closed_at if conn.closed_at is not None else now
        spans = [b - a for a, b in itertools.pairwise(times)] + [end - times[-1]]
        for i, gap in enumerate(spans):
            open_ended = i == len(spans) - 1
            if open_ended and gap <= conn.interval * late_factor:
                continue  # the next heartbeat is not due yet
            gaps.append(gap)
            if gap > conn.interval * late_factor:
                late.append({"connection": conn.number, "gap_s": round(gap, 3),
                             "interval_s": conn.interval})
    return {
        "connections": len(connections),
        "heartbeats": sum(len(c.beats) for c in connections),
        "interval_s": connections[0].interval if connections else None,
        "max_gap_s": round(max(gaps), 3) if gaps else None,
        "late": late,
    }


# --------------------------------------------------------------------------- the fake API


class _Api(DiscordHarness):
    """The harness's fake Discord API, fed from the wire instead of patched calls: its
    handlers, payload builders and validation are reused unchanged."""

    def __init__(self, server: LoopbackDiscord, guild: GuildSpec | None) -> None:
        super().__init__(None, guild=guild, app_id=server.app_id)  # type: ignore[arg-type]
        self.server = server

    def _find_command(self, root: str) -> tuple[dict[str, Any] | None, int | None]:
        """Discord knows the commands the bot synced over HTTP, nothing else."""
        guild_id = self.guild_spec.id
        for where in (guild_id, None):
            for command in self._synced.get(where, []):
                if command["name"] == root:
                    return copy.deepcopy(command), where
        return None, None

    def _command_data(self, name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        root = name.split()[0]
        if self._find_command(root)[0] is None:
            raise DiscordWouldReject(f"/{root} was never synced to Discord")
        return super()._command_data(name, *args, **kwargs)

    def _thread_created(self, thread: dict[str, Any]) -> None:
        """Discord follows thread creation with a THREAD_CREATE gateway event."""
        self._extra_channels[int(thread["id"])] = copy.deepcopy(thread)
        self.server._dispatch_soon("THREAD_CREATE", dict(thread, newly_created=True))

    def _new_message(self, body: Mapping[str, Any], files: list[RecordedFile], **kwargs: Any
                     ) -> dict[str, Any]:
        message = super()._new_message(body, files, **kwargs)
        flags = int(message.get("flags") or 0)
        if not flags & (64 | 128):  # ephemeral and "thinking" messages aren't broadcast
            self.server._message_create_soon(message)
        return message


# --------------------------------------------------------------------------- the server


class LoopbackDiscord:
    """Discord's REST API and gateway on 127.0.0.1, in a thread of its own."""

    def __init__(self, *, guild: GuildSpec | None = None, token: str = BOT_TOKEN,
                 app_id: int = APP_ID, heartbeat_interval_ms: int = 41250,
                 response_deadline: float = RESPONSE_DEADLINE_S,
                 bucket_limit: int = 50, bucket_per: float = 1.0) -> None:
        self.token = token
        self.app_id = app_id
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.api = _Api(self, guild)
        self.api.response_deadline = response_deadline
        self.recorder = Recorder(self.api.recorder)
        self.faults: list[Fault] = []
        self.connections: list[Connection] = []
        self.sessions: dict[str, Session] = {}
        self.session: Session | None = None
        self.identifies = 0
        self.resumes = 0
        self.unhandled: list[Call] = []
        self.replayed = 0  # dispatches sent again on a RESUME
        self._nonces: dict[tuple[str, str], Any] = {}
        self._buckets = _Buckets(bucket_limit, bucket_per)
        self._global_until = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> LoopbackDiscord:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._serve())
            except BaseException as error:
                failure.append(error)
                started.set()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="loopback-discord", daemon=True)
        self._thread.start()
        started.wait(30)
        if failure:
            raise failure[0]

    async def _serve(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume", self._gateway)
        app.router.add_route("*", "/api/{version:v\\d+}/{tail:.*}", self._http)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return

        async def shutdown() -> None:
            for conn in self.connections:
                if not conn.ws.closed:
                    await conn.ws.close(code=1001)
            if self._runner is not None:
                await self._runner.cleanup()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._loop = None

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/resume"

    @contextlib.contextmanager
    def pointed(self) -> Iterator[None]:
        """Point discord.py's two base URLs here (REST + webhooks, and the gateway)."""
        old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE = self.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway

    @contextlib.asynccontextmanager
    async def running(self, bot: discord.Client, *, ready_timeout: float = 60) -> AsyncIterator[
            discord.Client]:
        """Start ``bot`` (login, setup_hook, gateway) against this server; close it after."""
        task = asyncio.create_task(bot.start(self.token), name="loopback-bot")
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=ready_timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if task.done():
                task.result()  # raise the start-up error
            task.cancel()
            raise TimeoutError(f"the bot was not ready after {ready_timeout} s")
        try:
            yield bot
        finally:
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, 10)

    # ------------------------------------------------------------------ thread bridge
    async def _on_server(self, coro: Awaitable[T]) -> T:
        assert self._loop is not None, "server not started"
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)  # type: ignore[arg-type]
        return await asyncio.wrap_future(future)

    def _sync(self, coro: Awaitable[T]) -> T:
        assert self._loop is not None, "server not started"
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)  # type: ignore

    # ------------------------------------------------------------------ HTTP
    async def _http(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        method = request.method
        route, params = self._match(method, path)
        body, files = await self._read_body(request)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        call = Call(method=method, path=path, json=body, files=files, route=route or path,
                    params=dict(request.query) or None, at=time.monotonic(),
                    via="webhook" if path.startswith(_INTERACTION_ROUTES) else "http",
                    headers=headers, authorization=request.headers.get("Authorization"))
        self.api.recorder.calls.append(call)
        if call.via == "http" and call.authorization != f"Bot {self.token}":
            return self._answer(call, 401, {"message": "401: Unauthorized", "code": 0})
        limited = self._rate_limited(call, params)
        if limited is not None:
            return limited
        bucket = None
        if route is not None:
            remaining, reset_after = self._buckets.take((route, _major(params)),
                                                        time.monotonic())
            if remaining < 0:  # the bot ignored the bucket's headers: Discord's own 429
                return self._too_many(call, params, reset_after, False)
            bucket = _limit_headers(self._buckets.limit, remaining, reset_after, route)
        fault = self._fault_for(call)
        lost: Fault | None = None
        if fault is not None:
            fault.hits += 1
            if fault.kind == "status" and fault.after:
                lost = fault
            elif fault.kind == "slow":
                call.fault = f"slow {fault.delay}s"
                await asyncio.sleep(fault.delay)
            elif fault.kind == "429":
                return self._too_many(call, params, fault.retry_after, fault.is_global)
            else:
                call.fault = str(fault.status)
                return self._answer(call, fault.status,
                                    {"message": f"{fault.status}: injected", "code": 0})
        if route is None:
            self.unhandled.append(call)
            log.warning("loopback Discord: no route for %s %s", method, path)
            return self._answer(call, 404, {"message": "404: Not Found", "code": 0})
        if route == "/gateway/bot" or route == "/gateway":
            return self._answer(call, 200, self._gateway_info(bot=route == "/gateway/bot"),
                                headers=bucket)
        repeated = self._repeated_nonce(call, params)
        if repeated is not None:  # Discord: enforce_nonce returns the earlier message
            call.deduplicated, call.response = True, copy.deepcopy(repeated)
            return self._answer(call, 200, repeated, headers=bucket)
        try:
            result = _HANDLERS[(method, route)](self.api, call, params)
        except discord.HTTPException as error:
            call.error = error
            return self._answer(call, error.status, _error_body(error), headers=bucket)
        call.response, call.delivered = copy.deepcopy(result), True
        self._remember_nonce(call, params, result)
        if lost is not None:
            call.fault = f"{lost.status} after processing"
            return self._answer(call, lost.status,
                                {"message": f"{lost.status}: injected", "code": 0})
        return self._answer(call, 204 if result is None else 200, result, headers=bucket)

    def _nonce_key(self, call: Call, params: Mapping[str, str]) -> tuple[str, str] | None:
        body = call.json if isinstance(call.json, dict) else {}
        if (call.method, call.route) != ("POST", "/channels/{channel_id}/messages"):
            return None
        if not body.get("nonce") or not body.get("enforce_nonce"):
            return None
        return params["channel_id"], str(body["nonce"])

    def _repeated_nonce(self, call: Call, params: Mapping[str, str]) -> Any:
        key = self._nonce_key(call, params)
        return self._nonces.get(key) if key is not None else None

    def _remember_nonce(self, call: Call, params: Mapping[str, str], result: Any) -> None:
        key = self._nonce_key(call, params)
        if key is not None:
            self._nonces[key] = copy.deepcopy(result)

    def _match(self, method: str, path: str) -> tuple[str | None, dict[str, str]]:
        if path in ("/gateway/bot", "/gateway") and method == "GET":
            return path, {}
        # Literal routes first: ".../messages/@original" before ".../messages/{message_id}".
        candidates = sorted((t for m, t in _HANDLERS if m == method), key=lambda t: t.count("{"))
        for template in candidates:
            params = _route_params(template, path)
            if params or template == path:
                return template, params
        return None, {}

    async def _read_body(self, request: web.Request) -> tuple[Any, list[RecordedFile]]:
        if not request.can_read_body:
            return None, []
        ctype = request.content_type
        if ctype == "multipart/form-data":
            payload: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":
                    payload = json.loads(data)
                else:
                    files.append(RecordedFile(part.filename or "untitled", bytes(data)))  # type: ignore[union-attr]
            for recorded, attachment in zip(files, (payload or {}).get("attachments") or [],
                                            strict=False):
                recorded.description = attachment.get("description")
            return payload, files
        raw = await request.read()
        if not raw:
            return None, []
        return json.loads(raw), []

    def _answer(self, call: Call, status: int, body: Any, *,
                headers: dict[str, str] | None = None) -> web.Response:
        call.status = status
        out = dict(headers or {})
        if status == 204 or body is None:
            return web.Response(status=204 if status < 300 else status, headers=out)
        # discord.py parses a body as JSON only for exactly "application/json" (no charset)
        out["Content-Type"] = "application/json"
        return web.Response(body=json.dumps(body, ensure_ascii=False).encode(), status=status,
                            headers=out)

    def _rate_limited(self, call: Call, params: Mapping[str, str]) -> web.Response | None:
        now = time.monotonic()
        if call.via == "http" and now < self._global_until:
            return self._too_many(call, params, self._global_until - now, True, start=False)
        return None

    def _too_many(self, call: Call, params: Mapping[str, str], retry_after: float,
                  is_global: bool, *, start: bool = True) -> web.Response:
        """A 429 with Discord's headers: scope "global" or "user" (a route's bucket)."""
        call.fault = "429-global" if is_global else "429"
        retry_after = round(retry_after, 3)
        if is_global and start:
            self._global_until = max(self._global_until, time.monotonic() + retry_after)
        headers = {
            "Retry-After": str(math.ceil(retry_after)),
            "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        else:
            headers.update(_limit_headers(self._buckets.limit, 0, retry_after, call.route))
        body = {"message": "You are being rate limited.", "retry_after": retry_after,
                "global": is_global, "code": 0}
        return self._answer(call, 429, body, headers=headers)

    def _fault_for(self, call: Call) -> Fault | None:
        for fault in self.faults:
            if fault.matches(call.method, call.path, call.route):
                return fault
        return None

    def _gateway_info(self, *, bot: bool) -> dict[str, Any]:
        info: dict[str, Any] = {"url": f"ws://127.0.0.1:{self.port}/gateway"}
        if bot:
            info.update({"shards": 1, "session_start_limit": {
                "total": 1000, "remaining": 1000 - self.identifies, "reset_after": 14_400_000,
                "max_concurrency": 1}})
        return info

    # ------------------------------------------------------------------ faults
    def rate_limit(self, fragment: str, *, retry_after: float = 0.5, times: int | None = 1,
                   method: str | None = None, is_global: bool = False) -> Fault:
        """Answer matching requests 429 (``is_global``: and every bot request for
        ``retry_after`` seconds, like Discord's global limit)."""
        return self._add(Fault("429", fragment, method and method.upper(), times,
                               retry_after=retry_after, is_global=is_global))

    def fail(self, fragment: str, *, status: int = 500, times: int | None = 1,
             method: str | None = None, exact: bool = False, after: bool = False) -> Fault:
        """Answer matching requests ``status`` (``after``: carry them out first, then answer
        ``status``, as when a proxy loses Discord's answer)."""
        return self._add(Fault("status", fragment, method and method.upper(), times,
                               status=status, exact=exact, after=after))

    def slow(self, fragment: str, seconds: float, *, times: int | None = 1,
             method: str | None = None) -> Fault:
        return self._add(Fault("slow", fragment, method and method.upper(), times,
                               delay=seconds))

    def _add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    async def reconnect(self) -> None:
        """Gateway op 7: the bot must reconnect and RESUME."""
        await self._on_server(self._reconnect())

    async def invalid_session(self, resumable: bool = False) -> None:
        """Gateway op 9: the session is gone (``resumable=False``: the bot must IDENTIFY)."""
        await self._on_server(self._invalid_session(resumable))

    async def drop_socket(self) -> None:
        """Cut the gateway's TCP connection without a close frame."""
        await self._on_server(self._drop_socket())

    # The same, as coroutines to run on the server's loop (see `burst`).
    async def _reconnect(self) -> None:
        await self._send_current({"op": RECONNECT, "d": None})

    async def _invalid_session(self, resumable: bool = False) -> None:
        if not resumable and self.session is not None:
            self.session.valid = False
        await self._send_current({"op": INVALID_SESSION, "d": resumable})

    async def _drop_socket(self) -> None:
        conn = self._current()
        if conn is not None and conn.request.transport is not None:
            conn.request.transport.abort()

    async def _send_current(self, payload: dict[str, Any]) -> None:
        conn = self._current()
        if conn is not None:
            await conn.send(payload)

    def _current(self) -> Connection | None:
        session = self.session
        return session.connection if session is not None else None

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        query = request.query
        compress = query.get("compress")
        conn = Connection(len(self.connections) + 1, ws, request, compress,
                          self.heartbeat_interval_ms)
        self.connections.append(conn)
        if query.get("encoding", "json") != "json" or query.get("v") not in ("9", "10"):
            await ws.close(code=4012, message=b"Invalid API version or encoding")
            return ws
        if compress not in (None, "zlib-stream", "zstd-stream") or (
                compress == "zstd-stream" and zstandard is None):
            await ws.close(code=4000, message=b"Unsupported compression")
            return ws
        await conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms,
                                            "_trace": ["loopback-gateway"]}})
        try:
            async for msg in ws:
                if msg.type.name != "TEXT":
                    continue
                frame = json.loads(msg.data)
                op = frame.get("op")
                self.recorder.frames.append(Frame(conn.number, op, frame.get("d"),
                                                  time.monotonic()))
                await self._on_frame(conn, frame)
        finally:
            conn.closed_at = time.monotonic()
            conn.close_code = ws.close_code
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
        return ws

    async def _on_frame(self, conn: Connection, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            conn.beats.append(time.monotonic())
            await conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            if data.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            self.identifies += 1
            session = Session(secrets.token_hex(16), int(data.get("intents") or 0))
            self.sessions[session.id] = session
            self.session = conn.session = session
            session.connection = conn
            ready = self.api._ready_payload()
            ready.update(session_id=session.id, resume_gateway_url=self.resume_url)
            await self._dispatch(session, "READY", ready)
            await self._dispatch(session, "GUILD_CREATE", self.api._guild_create_payload())
        elif op == RESUME:
            session = self.sessions.get(data.get("session_id"))
            if data.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            if session is None or not session.valid:
                await conn.send({"op": INVALID_SESSION, "d": False})
                return
            self.resumes += 1
            old = session.connection
            if old is not None and old is not conn and not old.ws.closed:
                await old.ws.close(code=4000)
            conn.session, session.connection, conn.replaying = session, conn, True
            conn.resumed = True
            self.session = session
            index = 0
            while index < len(session.events):  # events missed since `seq`, then new ones
                event = session.events[index]
                index += 1
                if event["s"] > int(data.get("seq") or 0):
                    self.replayed += 1
                    await conn.send(event)
            conn.replaying = False
            await self._dispatch(session, "RESUMED", {"_trace": ["loopback-gateway"]})
        elif op in (PRESENCE, VOICE, REQUEST_MEMBERS):
            return
        else:
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    async def _dispatch(self, session: Session | None, event: str, data: Any) -> int:
        """Send a DISPATCH on the session's connection; kept for RESUME replays."""
        session = session or self.session
        if session is None:
            raise RuntimeError("the bot has not identified on the gateway")
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.events.append(frame)
        conn = session.connection
        if conn is not None and conn.open and not conn.replaying:
            await conn.send(frame)
        return session.seq

    def _dispatch_soon(self, event: str, data: Any) -> None:
        asyncio.get_running_loop().create_task(self._dispatch(None, event, data))

    def _message_create_soon(self, message: dict[str, Any]) -> None:
        session = self.session
        if session is None or not session.intents & INTENT_GUILD_MESSAGES:
            return
        payload = copy.deepcopy(message)
        payload["guild_id"] = str(self.api.guild_spec.id)
        self._dispatch_soon("MESSAGE_CREATE", payload)

    # ------------------------------------------------------------------ what users do
    async def slash(self, name: str, options: Mapping[str, Any] | None = None, *,
                    user: UserSpec | Mapping[str, Any] | None = None,
                    subcommand: str | None = None, channel_id: int | None = None,
                    locale: str = "en-US", check_permissions: bool = True) -> SentInteraction:
        """A user runs ``/name`` (validated against the schema the bot synced)."""
        return await self._on_server(self._slash(
            name, options, user=user, subcommand=subcommand, channel_id=channel_id,
            locale=locale, check_permissions=check_permissions))

    async def _slash(self, name: str, options: Mapping[str, Any] | None = None, *,
                     user: UserSpec | Mapping[str, Any] | None = None,
                     subcommand: str | None = None, channel_id: int | None = None,
                     locale: str = "en-US", check_permissions: bool = True
                     ) -> SentInteraction:
        def build() -> dict[str, Any]:
            spec = self.api._as_spec(user)
            if not check_permissions:  # the server's admins opened the command to everyone
                original = self.api._check_available
                self.api._check_available = lambda *a, **k: None  # type: ignore[method-assign]
                try:
                    data = self.api._command_data(name, options, subcommand=subcommand,
                                                  user=spec, guild=True)
                finally:
                    self.api._check_available = original  # type: ignore[method-assign]
            else:
                data = self.api._command_data(name, options, subcommand=subcommand, user=spec,
                                              guild=True)
            return self.api._interaction_payload(2, data, user=spec, guild=True,
                                                 channel_id=channel_id, locale=locale,
                                                 app_permissions=None)
        return await self._interaction(build)

    async def burst(self, actions: list[Callable[[], Awaitable[Any]]], *, spread: float = 1.0
                    ) -> tuple[list[Any], float]:
        """Run ``actions`` (server-side coroutines: ``lambda: api._slash(...)``,
        ``api._reconnect``...) evenly over ``spread`` seconds on the server's own loop, so a
        stall of the bot's loop cannot slow the arrivals down. Returns their results and how
        long the whole burst took to send."""
        async def run() -> tuple[list[Any], float]:
            loop = asyncio.get_running_loop()
            start = loop.time()
            results = []
            for i, action in enumerate(actions):
                await asyncio.sleep(max(0.0, start + i * spread / len(actions) - loop.time()))
                results.append(await action())
            return results, loop.time() - start
        return await self._on_server(run())

    async def click(self, custom_id: str, message: Mapping[str, Any] | None = None, *,
                    user: UserSpec | Mapping[str, Any] | None = None) -> SentInteraction:
        """A user clicks the button ``custom_id`` on a message the bot sent."""
        def build() -> dict[str, Any]:
            found = (self.api.messages.get(int(message["id"])) if message is not None
                     else self.api._find_component_message(custom_id))
            if found is None:
                raise DiscordWouldReject(f"no message with a component {custom_id!r}")
            node = next((n for n in _walk_components(found.get("components") or [])
                         if n.get("custom_id") == custom_id), None)
            if node is None or node.get("disabled"):
                raise DiscordWouldReject(f"no clickable component {custom_id!r}")
            spec = self.api._as_spec(user)
            data = {"custom_id": custom_id, "component_type": int(node["type"])}
            return self.api._interaction_payload(
                3, data, user=spec, guild=True, channel_id=int(found["channel_id"]),
                locale="en-US", app_permissions=None, message=copy.deepcopy(found))
        return await self._on_server(self._interaction(build))

    async def _interaction(self, build: Callable[[], dict[str, Any]]) -> SentInteraction:
        payload = build()
        iid = int(payload["id"])
        now = time.monotonic()
        self.api.recorder.interactions[iid] = _InteractionInfo(
            iid, payload["token"], payload["type"], payload, dispatched_at=now)
        await self._dispatch(None, "INTERACTION_CREATE", payload)
        return SentInteraction(iid, payload["token"], payload, now)

    async def message(self, content: str, *, author: UserSpec | Mapping[str, Any] | None = None,
                      mentions_bot: bool = False, channel_id: int | None = None
                      ) -> dict[str, Any]:
        """A user posts in a channel or thread (MESSAGE_CREATE, filtered by the intents the
        bot identified with, like Discord)."""
        return await self._on_server(self._message(content, author, mentions_bot, channel_id))

    async def _message(self, content: str, author: Any, mentions_bot: bool,
                       channel_id: int | None) -> dict[str, Any]:
        api = self.api
        spec = api._as_spec(author)
        if mentions_bot:
            content = f"<@{self.app_id}> {content}"
        cid = channel_id or CHANNEL_ID
        mid = snowflake()
        mention_ids = [int(m) for m in re.findall(r"<@!?(\d+)>", content)]
        payload: dict[str, Any] = {
            "id": str(mid), "channel_id": str(cid), "guild_id": str(api.guild_spec.id),
            "author": spec.user_payload(), "member": api._member_payload(spec, with_user=False),
            "content": content, "timestamp": _iso(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": False, "type": 0, "flags": 0, "components": [],
            "nonce": str(snowflake()), "channel_type": api._known_channel(cid).get("type", 0),
        }
        for uid in dict.fromkeys(mention_ids):
            mentioned = api.bot_spec if uid == self.app_id else api._spec_or_default(uid)
            user_data = mentioned.user_payload()
            if api.guild_spec.member(uid):
                user_data["member"] = api._member_payload(mentioned, with_user=False)
            payload["mentions"].append(user_data)
        api.messages[mid] = copy.deepcopy(payload)
        session = self.session
        if session is None or not session.intents & INTENT_GUILD_MESSAGES:
            return payload
        sent = copy.deepcopy(payload)
        if not session.intents & INTENT_MESSAGE_CONTENT and self.app_id not in mention_ids:
            sent.update({"content": "", "embeds": [], "attachments": [], "components": []})
        await self._dispatch(session, "MESSAGE_CREATE", sent)
        return payload

    # ------------------------------------------------------------------ waiting
    async def until(self, predicate: Callable[[], Any], *, timeout: float = 30,
                    what: str = "a condition") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            await asyncio.sleep(0.02)

    async def answered(self, interaction: SentInteraction, *, timeout: float = 60) -> Call:
        """The first answer (follow-up or @original edit) Discord accepted for
        ``interaction``."""
        found = await self.until(lambda: self.recorder.delivered_answers(interaction),
                                 timeout=timeout, what=f"an answer to {interaction.id}")
        return found[0]  # type: ignore[no-any-return]

    async def quiet(self, seconds: float = 0.3, *, timeout: float = 30) -> None:
        """Wait until the bot has sent nothing for ``seconds``."""
        deadline = time.monotonic() + timeout
        count = len(self.recorder.calls)
        last_change = time.monotonic()
        while time.monotonic() - last_change < seconds:
            if time.monotonic() > deadline:
                raise AssertionError("the bot never went quiet")
            await asyncio.sleep(0.02)
            if len(self.recorder.calls) != count:
                count, last_change = len(self.recorder.calls), time.monotonic()

    def ack_delay(self, interaction: SentInteraction) -> float | None:
        """Seconds from creation to the first accepted callback (None: never acknowledged)."""
        calls = [c for c in self.recorder.callbacks(interaction.id) if c.delivered]
        return calls[0].at - interaction.created_at if calls else None

    def heartbeats(self, *, late_factor: float = 1.5) -> dict[str, Any]:
        return heartbeat_report(list(self.connections), late_factor=late_factor)


def _limit_headers(limit: int, remaining: int, reset_after: float, route: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": _bucket_hash(route),
    }


def _error_body(error: discord.HTTPException) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": error.text.split("\n")[0]}
    errors = getattr(error, "_errors", None)
    if errors:
        body["errors"] = errors
    return body


# --------------------------------------------------------------------------- load runs


class LoopLagProbe:
    """Measures the bot's event-loop stalls: a task that sleeps ``tick`` seconds and records
    how late it wakes up."""

    def __init__(self, tick: float = 0.02) -> None:
        self.tick = tick
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(self.tick)
            self.lags.append(loop.time() - start - self.tick)

    def __enter__(self) -> LoopLagProbe:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag-probe")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    @property
    def longest(self) -> float:
        return max(self.lags, default=0.0)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class LoadRun:
    """What happened to a burst of questions: per-interaction ack and answer times, what was
    answered twice or never, the loop stalls and the heartbeats."""

    interactions: list[SentInteraction]
    mentions: list[dict[str, Any]]
    ack: dict[int, float]
    answer: dict[int, float]
    unanswered: list[int]
    answered_twice: list[int]
    acked_twice: list[int]
    late_acks: list[int]
    mentions_unanswered: list[int]
    mentions_answered_twice: list[int]
    longest_stall: float
    heartbeats: dict[str, Any]
    dispatch_seconds: float
    elapsed: float
    faults: list[str]

    def summary(self) -> dict[str, Any]:
        acks = list(self.ack.values())
        answers = list(self.answer.values())

        def ms(value: float) -> float:
            return round(value * 1000, 1)

        return {
            "questions": len(self.interactions),
            "mentions": len(self.mentions),
            "dispatched_within_s": round(self.dispatch_seconds, 3),
            "ack_ms": {"p50": ms(percentile(acks, 50)), "p95": ms(percentile(acks, 95)),
                       "max": ms(max(acks, default=float("nan")))},
            "answer_ms": {"p50": ms(percentile(answers, 50)),
                          "p95": ms(percentile(answers, 95)),
                          "max": ms(max(answers, default=float("nan")))},
            "longest_loop_stall_ms": ms(self.longest_stall),
            "heartbeats": self.heartbeats,
            "unanswered": len(self.unanswered),
            "answered_twice": len(self.answered_twice),
            "acked_twice": len(self.acked_twice),
            "acked_after_3s": len(self.late_acks),
            "mentions_unanswered": len(self.mentions_unanswered),
            "mentions_answered_twice": len(self.mentions_answered_twice),
            "elapsed_s": round(self.elapsed, 2),
            "faults": self.faults,
        }


async def run_load(api: LoopbackDiscord, questions: list[str], *, count: int,
                   spread: float = 1.0, mention_every: int = 0,
                   during: Mapping[int, Callable[[], Awaitable[Any]]] | None = None,
                   timeout: float = 600, user_base: int = 1177812165387160000,
                   late_factor: float = 1.5) -> LoadRun:
    """``count`` questions from distinct users within ``spread`` seconds (every
    ``mention_every``-th one a mention, the others /ask), sent by the server's loop;
    ``during[i]`` (a server-side coroutine such as ``api._reconnect``) runs just before the
    i-th. Then wait for every answer, and for the bot to go quiet (a late duplicate would show).
    Run it on the bot's event loop: the loop-lag probe measures that loop."""
    during = dict(during or {})
    first_connection = max(0, len(api.connections) - 1)  # the connection already open counts
    actions: list[Callable[[], Awaitable[Any]]] = []
    kinds: list[str] = []

    def question_action(i: int) -> Callable[[], Awaitable[Any]]:
        user = UserSpec(user_base + i, f"loaduser{i}")
        question = questions[i % len(questions)]
        if mention_every and i % mention_every == mention_every - 1:
            kinds.append("mention")
            return lambda: api._message(question, user, True, None)
        kinds.append("ask")
        return lambda: api._slash("ask", {"question": question}, user=user)

    for i in range(count):
        if i in during:
            actions.append(during[i])
            kinds.append("fault")
        actions.append(question_action(i))
    started = time.monotonic()
    with LoopLagProbe() as probe:
        results, dispatched = await api.burst(actions, spread=spread)
        interactions: list[SentInteraction] = [
            r for r, k in zip(results, kinds, strict=True) if k == "ask"]
        mentions: list[dict[str, Any]] = [
            r for r, k in zip(results, kinds, strict=True) if k == "mention"]

        def done() -> bool:
            answered = all(api.recorder.delivered_answers(i) for i in interactions)
            threads = all(api.recorder.delivered_messages(int(m["id"])) for m in mentions)
            return answered and threads

        with contextlib.suppress(AssertionError):
            await api.until(done, timeout=timeout, what="every answer")
        await api.quiet(1.0, timeout=60)
        elapsed = time.monotonic() - started
    ack: dict[int, float] = {}
    answer: dict[int, float] = {}
    unanswered, twice, acked_twice, late = [], [], [], []
    for inter in interactions:
        oks = [c for c in api.recorder.callbacks(inter.id) if c.delivered]
        delivered = api.recorder.delivered_answers(inter)
        if oks:
            ack[inter.id] = oks[0].at - inter.created_at
            if ack[inter.id] >= api.api.response_deadline:
                late.append(inter.id)
        if len(oks) > 1:
            acked_twice.append(inter.id)
        if delivered:
            answer[inter.id] = delivered[0].at - inter.created_at
        else:
            unanswered.append(inter.id)
        if len(api.recorder.shown(inter)) > 1:  # a retried edit of @original shows once
            twice.append(inter.id)
    m_unanswered, m_twice = [], []
    for message in mentions:
        posted = api.recorder.delivered_messages(int(message["id"]))
        if not posted:
            m_unanswered.append(int(message["id"]))
        if len(posted) > 1:
            m_twice.append(int(message["id"]))
    faults = [f"{c.method} {c.route}: {c.fault}" for c in api.recorder.calls
              if c.fault and c.at >= started]
    return LoadRun(
        interactions, mentions, ack, answer, unanswered, twice, acked_twice, late,
        m_unanswered, m_twice, probe.longest,
        heartbeat_report(api.connections[first_connection:], late_factor=late_factor),
        dispatched, elapsed, faults)
