"""A loopback OpenAI-compatible chat completions server that replies from a script.

A real aiohttp server on 127.0.0.1 (an ephemeral port) in a background thread: the client under
test speaks real HTTP to it. Each test sets ``stub.reply`` to one of the helpers below and reads
``stub.requests`` (the JSON bodies and headers received).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: str = ""
    delay: float = 0.0
    content_type: str = "application/json"


def completion(content: str | None, *, finish_reason: str = "stop", model: str = "stub-model",
               refusal: str | None = None) -> Reply:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return Reply(body=json.dumps({
        "id": "chatcmpl-stub", "object": "chat.completion", "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }))


def server_error(status: int = 500) -> Reply:
    return Reply(status=status, body=json.dumps(
        {"error": {"message": "the model crashed", "type": "server_error"}}))


def malformed() -> Reply:
    return Reply(body='{"choices": [{"message": {"content": "cut off')


def slow(seconds: float, then: Reply | None = None) -> Reply:
    base = then or completion("late [1]")
    return Reply(status=base.status, body=base.body, delay=seconds)


@dataclass
class Received:
    body: dict[str, Any]
    headers: dict[str, str]
    path: str


@dataclass
class OpenAIStub:
    host: str = "127.0.0.1"
    port: int = 0
    reply: Reply | Callable[[dict[str, Any]], Reply] = field(
        default_factory=lambda: completion("ok [1]"))
    requests: list[Received] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @property
    def last_user_message(self) -> str:
        messages = self.requests[-1].body["messages"]
        return str(next(m["content"] for m in messages if m["role"] == "user"))

    async def _handle(self, request: web.Request) -> web.Response:
        text = await request.text()
        body = json.loads(text)
        self.requests.append(Received(body, dict(request.headers), request.path))
        reply = self.reply(body) if callable(self.reply) else self.reply
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return web.Response(status=reply.status, text=reply.body,
                            content_type=reply.content_type)


@contextmanager
def running_stub() -> Iterator[OpenAIStub]:
    """Serve an :class:`OpenAIStub` on 127.0.0.1 for the duration of the block."""
    stub = OpenAIStub()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    state: dict[str, Any] = {}

    async def start() -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", stub._handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, stub.host, 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        stub.port = server.sockets[0].getsockname()[1]
        state["runner"] = runner

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, name="openai-stub", daemon=True)
    thread.start()
    assert started.wait(10), "the stub server did not start"
    try:
        yield stub
    finally:
        asyncio.run_coroutine_threadsafe(state["runner"].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
