"""Abuse: hostile article text, floods from one user, and a user's stored feedback deleted.

Real discord.py objects through the in-process harness (tests/discord_harness.py); the flood
tests count how many questions reach the core at once with a wrapper around the engine, once on
a gated stand-in (so that the bound must bite) and once on the real sample engine.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

import bot.client as client_module
from bot.client import LayoffsBot
from index.cli import app as cli_app
from index.engine import Engine
from index.models import Answer, Citation, Hit
from tests.core_probe import probe_harness
from tests.discord_harness import (
    CHANNEL_ID,
    DiscordHarness,
    GuildSpec,
    UserSpec,
    block_network,
)
from tests.markdown_check import host, links, problems, texts_of

from .conftest import make_settings

AMAZON_Q = "how many jobs has Amazon cut since 2022?"
FLOODER = UserSpec(1177812165387152000, "flooder", global_name="Flooder")
OTHERS = [UserSpec(1177812165387152001 + i, f"asker{i}", global_name=f"Asker {i}")
          for i in range(4)]
NO_PINGS = {"parse": []}


def guild() -> GuildSpec:
    spec = GuildSpec.default()
    spec.members.extend([FLOODER, *OTHERS])
    return spec


def harness(engine: Any, folder: Path, **settings: Any) -> DiscordHarness:
    values: dict[str, Any] = {"ask_cooldown_seconds": 0}
    values.update(settings)
    bot = LayoffsBot(make_settings(folder, **values), engine)
    return DiscordHarness(bot, guild=guild(), settle_timeout=90)


@pytest.fixture
def offline() -> Iterator[list[str]]:
    with block_network() as attempts:
        yield attempts
    assert attempts == [], f"something tried to reach the network: {attempts}"


class Concurrency:
    """Wraps engine methods, counting the calls running at the same time (in worker threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.calls: list[tuple[Any, ...]] = []

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.running += 1
                self.peak = max(self.peak, self.running)
                self.calls.append(args)
            try:
                return fn(*args, **kwargs)
            finally:
                with self.lock:
                    self.running -= 1

        return counted


async def wait_for(predicate: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Let the bot's tasks run until ``predicate`` holds (not a timing assertion: a bound)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.01)


class GatedEngine:
    """Only what /ask, /search and mentions use. Every core call waits for ``gate``, so the
    test decides when questions finish and can see how many run at once."""

    def __init__(self, counter: Concurrency) -> None:
        self.gate = threading.Event()
        self.remembered: list[str] = []
        self.feedback = SimpleNamespace(remember_answer=self._remember)
        self.companies = None
        self.ask = counter.wrap(self._ask)
        self.search = counter.wrap(self._search)

    def _remember(self, answer_id: str, question: str, text: str) -> None:
        self.remembered.append(question)

    def _ask(self, question: str) -> Answer:
        assert self.gate.wait(60), "the test never opened the gate"
        cite = Citation(n=1, source="/a.md", title="A title", url="https://example.org/a",
                        outlet="Example", published=date(2023, 1, 5), lang="en", quote="q")
        return Answer(question=question, lang="en", text=f"Answer to: {question} [1]",
                      citations=(cite,))

    def _search(self, query: str, k: int) -> list[Hit]:
        assert self.gate.wait(60), "the test never opened the gate"
        return []


# --------------------------------------------------------------------------- floods


async def test_a_flood_from_one_user_leaves_others_answered_within_the_bound(
    tmp_path: Path, offline: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = Concurrency()
    engine = GatedEngine(counter)
    async with harness(engine, tmp_path, ask_cooldown_seconds=30, max_concurrent_answers=2) as h:
        probe = probe_harness(h.recorder, monkeypatch)
        before = asyncio.all_tasks()
        first = await h.slash("ask", {"question": "flood question 0"}, user=FLOODER, wait=False)
        others = [await h.slash("ask", {"question": f"question of {u.name}"}, user=u,
                                wait=False) for u in OTHERS[:3]]
        flood = [await h.slash("ask", {"question": f"flood question {i}"}, user=FLOODER,
                               wait=False) for i in range(1, 30)]
        mentions = [await h.message(f"flood mention {i}", author=FLOODER, mentions_bot=True,
                                    wait=False) for i in range(30)]
        # Another user opens a thread by mentioning the bot; the flooder floods it too.
        threads = len(h.recorder.threads())
        started = await h.message("question in a thread", author=OTHERS[3], mentions_bot=True,
                                  wait=False)
        assert started is not None
        await wait_for(lambda: len(h.recorder.threads()) > threads, "the thread was opened")
        follow_ups = [await h.message(f"and flood {i}?", author=FLOODER, channel_id=started.id,
                                      wait=False) for i in range(10)]
        assert all(m is not None for m in mentions + follow_ups)

        # Every question is acknowledged while the core is held: the bound is reached, not
        # passed, and everyone else waits their turn.
        await wait_for(lambda: counter.running == 2, "two questions in the core")
        # Discord's 3 s, whatever the machine's speed: every /ask is acknowledged (deferred or
        # refused) while the core is still held shut, so no acknowledgement waits on core work.
        slash = [first, *others, *flood]
        await wait_for(lambda: all(h.recorder.callbacks(i) for i in slash),
                       "every /ask acknowledged while the core is held")
        assert not engine.gate.is_set()
        await asyncio.sleep(0.2)  # room for a third one to get in, if the bound failed
        assert counter.running == 2 and counter.peak == 2
        engine.gate.set()
        await h.settle(before, timeout=90)

        print(f"\nslowest acknowledgement "
              f"{max(h.recorder.response_delay(i) for i in slash) * 1000:.1f} ms")
        probe.assert_acknowledged_before_work([first, *others])
        probe.assert_no_core_work(flood)
        probe.assert_off_the_loop()
        assert h.recorder.callback(first).json == {"type": 5}
        for inter in flood:
            refusal = h.recorder.callback(inter)
            assert refusal.type == 4 and refusal.flags & 64, refusal  # privately
            assert refusal.data["content"].startswith("You're asking quickly: try again in")
            assert refusal.data["allowed_mentions"] == NO_PINGS
            assert h.recorder.answers(inter) == []
        for inter in [first, *others]:
            [answer] = h.recorder.answers(inter)
            assert answer.error is None
            assert answer.json["embeds"][0]["description"].startswith("Answer to: ")
        # The flooder's 40 messages got one reply between them, and opened no thread.
        replies = h.recorder.messages(channel_id=CHANNEL_ID)
        assert len(replies) == 1, replies
        assert replies[0].json["content"].startswith("You're asking quickly")
        assert replies[0].json["allowed_mentions"]["parse"] == []
        assert len(h.recorder.threads()) == threads + 1
        in_thread = h.recorder.messages(channel_id=started.id)
        assert [m.json["embeds"][0]["description"] for m in in_thread] == [
            "Answer to: question in a thread [1]"]
        asked = [args[0] for args in counter.calls]
        assert sorted(asked) == sorted(["flood question 0", "question in a thread",
                                        *[f"question of {u.name}" for u in OTHERS[:3]]])
        assert counter.peak == 2


async def test_one_user_cannot_hold_every_slot_even_without_a_cooldown(
    tmp_path: Path, offline: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = Concurrency()
    engine = GatedEngine(counter)
    async with harness(engine, tmp_path, ask_cooldown_seconds=0, max_concurrent_answers=4) as h:
        probe = probe_harness(h.recorder, monkeypatch)
        bot = h.bot
        assert isinstance(bot, LayoffsBot) and bot.per_user_pending == 2
        before = asyncio.all_tasks()
        flood = [await h.slash("search", {"query": f"flood {i}"}, user=FLOODER, wait=False)
                 for i in range(20)]
        flood += [await h.slash("ask", {"question": f"flood {i}"}, user=FLOODER, wait=False)
                  for i in range(10)]
        other = await h.slash("ask", {"question": "my question"}, user=OTHERS[0], wait=False)
        await wait_for(lambda: counter.running == 3, "the flooder's two and the other user's")
        # Acknowledged (deferred or refused) while the core is held shut: no acknowledgement
        # waits on core work, however slow the machine is.
        await wait_for(lambda: all(h.recorder.callbacks(i) for i in [*flood, other]),
                       "every interaction acknowledged while the core is held")
        assert not engine.gate.is_set()
        engine.gate.set()
        await h.settle(before, timeout=90)

        taken = [i for i in flood if h.recorder.callback(i).json == {"type": 5}]
        refused = [i for i in flood if i not in taken]
        assert len(taken) == 2, "one user holds at most half the answer slots"
        for inter in refused:
            callback = h.recorder.callback(inter)
            assert callback.flags & 64
            assert "previous question is still being answered" in callback.data["content"]
        probe.assert_acknowledged_before_work([*taken, other])
        probe.assert_no_core_work(refused)
        probe.assert_off_the_loop()
        [answer] = h.recorder.answers(other)
        assert answer.json["embeds"][0]["description"] == "Answer to: my question [1]"
        assert counter.peak == 3 <= 4


LOAD_QUESTIONS = [
    "How many jobs did Microsoft cut in July 2025?",
    "Why did IBM cut 3,900 jobs in January 2023?",
    "Combien de postes Atos va-t-il supprimer ?",
]


async def test_a_flood_on_the_real_engine(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline: list[str]
) -> None:
    counter = Concurrency()
    async with harness(sample_engine, tmp_path, ask_cooldown_seconds=30) as h:
        probe = probe_harness(h.recorder, monkeypatch)  # before the counter: it wraps Engine
        monkeypatch.setattr(sample_engine, "ask", counter.wrap(sample_engine.ask))
        bot = h.bot
        assert isinstance(bot, LayoffsBot) and bot.settings.max_concurrent_answers == 4
        before = asyncio.all_tasks()
        interactions = [await h.slash("ask", {"question": AMAZON_Q}, user=FLOODER, wait=False)]
        for i, user in enumerate(OTHERS[:3]):
            interactions.append(await h.slash("ask", {"question": LOAD_QUESTIONS[i]}, user=user,
                                              wait=False))
        for _ in range(29):
            interactions.append(await h.slash("ask", {"question": AMAZON_Q}, user=FLOODER,
                                              wait=False))
        for _ in range(30):
            await h.message(AMAZON_Q, author=FLOODER, mentions_bot=True, wait=False)
        await h.settle(before, timeout=120)

        slowest = max(h.recorder.response_delay(i) for i in interactions)
        print(f"\nflood of 60 from one user + 3 others, real engine: slowest acknowledgement "
              f"{slowest * 1000:.1f} ms, {len(counter.calls)} questions reached the core, at "
              f"most {counter.peak} at once")
        answered, refused = interactions[:4], interactions[4:]
        # Discord's 3 s by mechanism, not by the clock: the four questions taken were deferred
        # before their core work started, that work ran off the event loop, and the refusals
        # never touched the core.
        probe.assert_acknowledged_before_work(answered)
        probe.assert_no_core_work(refused)
        probe.assert_off_the_loop()
        texts = [h.recorder.answers(i)[0].json["embeds"][0]["description"] for i in answered]
        assert "57,500" in texts[0]
        assert "9,000" in texts[1] and "3,900" in texts[2] and "135 emplois" in texts[3]
        assert all(h.recorder.callback(i).flags & 64 for i in refused)
        assert all("asking quickly" in h.recorder.callback(i).data["content"] for i in refused)
        assert len(h.recorder.messages(channel_id=CHANNEL_ID)) == 1
        assert len(counter.calls) == 4 and counter.peak <= 4


def test_the_cooldown_memory_is_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(client_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    bot = LayoffsBot(make_settings(tmp_path, ask_cooldown_seconds=15), None)
    for user in range(5000):
        assert bot.retry_after(user) == 0
        assert bot.should_tell(user)
    assert bot.retry_after(1) == 15 and not bot.should_tell(1)
    assert len(bot._asked) == 5000
    now[0] += 16
    assert bot.retry_after(99_999) == 0
    assert bot.should_tell(99_999)
    assert set(bot._asked) == {99_999}, "cooldowns that are over are forgotten"
    assert set(bot._told) == {99_999}
    assert bot.retry_after(1) == 0, "and the user may ask again"
    off = LayoffsBot(make_settings(tmp_path, ask_cooldown_seconds=0), None)
    for user in range(100):
        assert off.retry_after(user) == 0
    assert off._asked == {}, "no cooldown, nothing remembered"


# --------------------------------------------------------------------------- hostile articles

HOSTILE_ARTICLE = """\
---
url: "https://evil.example/amazon?ref=(reuters)"
title: "Reuters: [Amazon cuts 18,000](https://evil.example/phish) jobs <@&123> ||x|| ]("
outlet: "reuters.com](https://evil.example/o)"
published: 2023-01-05
lang: en
---
Amazon will cut more than 18,000 jobs, chief executive Andy Jassy told @everyone and \
<@123456789012345678> in a memo; [read the memo](https://evil.example/login) or \
<https://evil.example/x>.

# Amazon is cutting the jobs because of the uncertain economy, Jassy said, after **hiring** \
grew too fast ||during the pandemic|| and ```the block``` ended.

> Amazon's cuts hit the stores and the human resources teams, Jassy said.
"""

ODD_SCHEME_ARTICLE = """\
---
url: "javascript:alert(document.cookie)"
title: Meta cuts 11,000 jobs in its first round of layoffs
outlet: Example Wire
published: 2022-11-09
lang: en
---
Meta will cut 11,000 jobs, about 13% of its workforce, chief executive Mark Zuckerberg said on \
Wednesday, because the company hired too quickly during the pandemic.
"""


async def test_hostile_articles_show_as_text_with_their_real_domain(
    fresh_engine: Engine, tmp_path: Path, offline: list[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "amazon-hostile.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (folder / "meta-odd.md").write_text(ODD_SCHEME_ARTICLE, encoding="utf-8")
    report = fresh_engine.index([folder])
    assert report.added == 2 and not report.skipped, report
    async with harness(fresh_engine, tmp_path / "bot") as h:
        sent: list[dict[str, Any]] = []
        for question in ("Why did Amazon cut 18,000 jobs?", "How many jobs did Amazon cut?",
                         "Why did Meta cut 11,000 jobs?"):
            inter = await h.slash("ask", {"question": question})
            sent.extend(c.json for c in h.recorder.answers(inter))
        for query in ("Amazon memo Jassy", "Meta Zuckerberg"):
            inter = await h.slash("search", {"query": query})
            sent.extend(c.json for c in h.recorder.answers(inter))
        msg = await h.message("Why did Amazon cut jobs?", mentions_bot=True)
        assert msg is not None
        sent.extend(c.json for c in h.recorder.messages(channel_id=msg.id))
        for command in ("events", "timeline"):
            inter = await h.slash(command, {"company": "Amazon"})
            sent.extend(c.json for c in h.recorder.answers(inter))
        assert len(sent) == 8 and all(b.get("allowed_mentions") == NO_PINGS for b in sent)

        flat = json.dumps(sent, ensure_ascii=False)
        assert "Andy Jassy" in flat and "Zuckerberg" in flat, "the articles were shown"
        assert "11,000" in flat and "18,000" in flat
        found = problems(sent)
        assert found == [], "\n".join(found)
        all_links = [link for text in texts_of(sent) for link in links(text)]
        assert all_links, "sources are still linked"
        for link in all_links:
            assert host(link.target) == "evil.example", link  # the Meta article is never linked
            assert link.text == "evil.example" or link.after.startswith(" — evil.example")
        assert "javascript" not in flat.lower()
        # Only the article's own URL is linked; the links inside its title and text are not.
        assert {link.target for link in all_links} == {"https://evil.example/amazon?ref=%28reuters%29"}
        assert "evil.example/phish" in flat, "the title's forged link shows, as text"
        for text in texts_of(sent):
            if "```" in text:  # only the events table's own code block
                assert text.count("```") == 2 and text.startswith("```"), text


async def test_alerts_show_hostile_sources_as_text(tmp_path: Path) -> None:
    from bot.alerts import event_embed, summary
    from index.engine import IndexReport
    from index.events import Event
    from index.ingest import Skipped
    from index.registry import Source

    citation = Citation(n=0, source="/x.md", title="[reuters.com](https://evil.example/a) @here",
                        url="https://evil.example/story_(1)", outlet="<@&123> **Wire**",
                        published=date(2024, 1, 2), lang="en", quote="")
    catalog = SimpleNamespace(citation=lambda doc_id, quote: citation)
    fake_bot = SimpleNamespace(engine=SimpleNamespace(catalog=catalog))
    mention = SimpleNamespace(doc_id="d1", date_from_publication=False, published=None)
    event = Event(id="e", company="Amazon", start=date(2024, 1, 2), end=date(2024, 1, 2),
                  precision="day", headcount=500, low=None, high=None, qualifier="",
                  vague=False, percent=None, units=("Twitch @everyone",), countries=(),
                  reasons=(), mentions=(mention,))  # type: ignore[arg-type]
    embed = event_embed(fake_bot, event)  # type: ignore[arg-type]
    payload = embed.to_dict()
    assert problems(payload) == []
    [field] = payload["fields"]
    [link] = links(field["value"])
    assert link.target == "https://evil.example/story_%281%29"
    assert link.after == " — evil.example"

    source = Source(id=1, kind="url", location="https://evil.example/feed",
                    name="[feed](https://evil.example) @everyone", lang=None, added_at="",
                    last_run=None, last_status=None)
    failed = IndexReport()
    failed.skipped.append(Skipped("https://evil.example/x", "HTTP 500 from <@&1> ```` # x"))
    text = summary([(source, failed)], [])
    assert problems({"content": text}) == [] and "```" not in text


# --------------------------------------------------------------------------- feedback privacy


async def test_feedback_stores_ids_not_names_and_an_admin_can_delete_a_users(
    sample_dir: Path, nano: Any, tmp_path: Path, offline: list[str]
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    engine = Engine(make_settings(data), embedder=nano)
    try:
        async with harness(engine, tmp_path / "bot") as h:
            inter = await h.slash("ask", {"question": AMAZON_Q}, user=OTHERS[0])
            message = h.recorder.answers(inter)[0].response
            answer_id = message["components"][0]["components"][0]["custom_id"].split(":")[2]
            for user in (FLOODER, OTHERS[1]):
                await h.click(f"fb:helpful:{answer_id}", message, user=user)
            modal = h.recorder.callback(
                await h.click(f"fb:wrong_number:{answer_id}", message, user=FLOODER))
            inputs = {c["label"]: c["custom_id"] for row in modal.data["components"]
                      for c in [row.get("component") or row["components"][0]]}
            await h.submit_modal(f"fbm:{answer_id}", {inputs["The correct figure"]: "TYPED-57"},
                                 user=FLOODER)
            assert engine.feedback.counts() == {"helpful": 2, "not_helpful": 0,
                                                "wrong_number": 1}

            # What is stored: ids, never a username, display name or the server's name.
            raw = b"".join(p.read_bytes() for p in data.glob("catalog.sqlite3*"))
            for name in ("flooder", "Flooder", "asker1", "Asker 1", "Layoffs Test Guild"):
                assert name.encode() not in raw, name
            db = sqlite3.connect(data / "catalog.sqlite3")
            users = {row[0] for row in db.execute("SELECT user_id FROM feedback")}
            db.close()
            assert users == {str(FLOODER.id), str(OTHERS[1].id)}

            refused = await h.slash("feedback", {"delete_user": FLOODER}, user=OTHERS[1])
            assert "for the server's admins" in h.recorder.callback(refused).data["content"]
            assert engine.feedback.counts()["helpful"] == 2

            deleted = await h.slash("feedback", {"delete_user": FLOODER}, user=h.moderator)
            assert h.recorder.callback(deleted).json == {"type": 5, "data": {"flags": 64}}
            [reply] = h.recorder.answers(deleted)
            assert reply.json["content"] == f"Deleted 2 feedback records of user {FLOODER.id}."
            assert reply.response["flags"] & 64
            [row] = engine.feedback.latest()
            assert row.user_id == str(OTHERS[1].id)
            again = await h.slash("feedback", {"delete_user": FLOODER.id}, user=h.moderator)
            assert "Deleted 0 feedback records" in h.recorder.answers(again)[0].json["content"]
            summary = await h.slash("feedback", user=h.moderator)
            embed = h.recorder.answers(summary)[0].json["embeds"][0]
            assert embed["description"] == "Helpful: 1 · Not helpful: 0 · Wrong number: 0"
    finally:
        engine.close()


def test_layoffs_feedback_delete_removes_one_users_records(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    store = fresh_engine.feedback
    store.remember_answer("a" * 12, "how many jobs did Meta cut?", "11,000 [1]")
    store.record("a" * 12, 111, "wrong_number", correct_figure="TYPED-BY-111",
                 source="https://example.org/typed")
    store.record("a" * 12, 111, "helpful")
    store.record("a" * 12, 222, "not_helpful")
    data_dir = fresh_engine.settings.data_dir
    fresh_engine.close()

    runner = CliRunner()
    result = runner.invoke(cli_app, ["feedback", "delete", "--user", "111",
                                     "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 feedback records of user 111." in result.output
    raw = b"".join(p.read_bytes() for p in data_dir.glob("catalog.sqlite3*"))
    assert b"TYPED-BY-111" not in raw, "the typed correction does not linger in the file"
    db = sqlite3.connect(data_dir / "catalog.sqlite3")
    assert [r[0] for r in db.execute("SELECT user_id FROM feedback")] == ["222"]
    db.close()

    again = runner.invoke(cli_app, ["feedback", "delete", "--user", "111",
                                    "--data-dir", str(data_dir)])
    assert again.exit_code == 0 and "Deleted 0 feedback records" in again.output
    bad = runner.invoke(cli_app, ["feedback", "delete", "--user", "alice",
                                  "--data-dir", str(data_dir)])
    assert bad.exit_code == 2 and "--user" in bad.output
    empty = tmp_path / "never-used"
    none = runner.invoke(cli_app, ["feedback", "delete", "--user", "1",
                                   "--data-dir", str(empty)])
    assert none.exit_code == 0 and "no feedback is stored" in none.output
    assert not empty.exists(), "deleting from nothing creates nothing"

