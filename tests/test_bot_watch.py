"""/watch and the refresh that announces new events: real bot, real engine, loopback Discord."""

from __future__ import annotations

import errno
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.client import LayoffsBot
from index.engine import Engine
from index.store import write_error
from tests.discord_harness import CHANNEL_ID, OTHER_CHANNEL_ID, DiscordHarness, block_network

from .conftest import MINI, make_settings


async def test_watch_then_refresh_posts_new_events_and_a_summary(fresh_engine: Engine,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(MINI / "meta-en.md", folder)
    fresh_engine.registry.add(str(folder), name="articles")
    fresh_engine.reindex()
    settings = make_settings(tmp_path / "bot", ask_cooldown_seconds=0,
                             admin_channel_id=OTHER_CHANNEL_ID)
    bot = LayoffsBot(settings, fresh_engine)
    with block_network():
        async with DiscordHarness(bot, settle_timeout=60) as h:
            refused = await h.slash("watch", {"company": "Spotify"}, user=h.user)
            callback = h.recorder.callback(refused)
            assert callback.json["data"]["flags"] == 64
            assert "for the server's admins" in callback.json["data"]["content"]
            watch = await h.slash("watch", {"company": "spotify"}, user=h.moderator,
                                  channel_id=CHANNEL_ID)
            assert "now gets new layoff events at Spotify" in h.recorder.answers(watch)[
                0].json["content"]
            again = await h.slash("watch", {"company": "Spotify"}, user=h.moderator,
                                  channel_id=CHANNEL_ID)
            assert "already watches Spotify" in h.recorder.answers(again)[0].json["content"]
            assert fresh_engine.watches.for_channel(CHANNEL_ID) == ["Spotify"]

            shutil.copy(MINI / "spotify-en.md", folder)  # news arrives
            cog = bot.get_cog("Watch")
            assert cog is not None
            await cog.refresh()  # type: ignore[attr-defined]  # one scheduled run
            await h.settle()

            [alert] = h.recorder.messages(channel_id=CHANNEL_ID)
            embed = alert.json["embeds"][0]
            assert embed["title"] == "New layoffs: Spotify"
            assert "about 1,500" in embed["description"]
            assert alert.json["allowed_mentions"] == {"parse": []}
            [summary] = h.recorder.messages(channel_id=OTHER_CHANNEL_ID)
            assert summary.json["content"].startswith(
                "Refresh done: 1 new articles, 1 new layoff events, 0 sources with failures.")

            await cog.refresh()  # type: ignore[attr-defined]  # nothing new: no alert
            await h.settle()
            assert len(h.recorder.messages(channel_id=CHANNEL_ID)) == 1

            unwatch = await h.slash("unwatch", {"company": "Spotify"}, user=h.moderator,
                                    channel_id=CHANNEL_ID)
            assert "no longer watches Spotify" in h.recorder.answers(unwatch)[0].json[
                "content"]
            assert fresh_engine.watches.all() == []


def test_refresh_interval_starts_the_loop(tmp_path: Path) -> None:
    import asyncio

    async def build() -> tuple[bool, float | None]:
        bot = LayoffsBot(make_settings(tmp_path, refresh_minutes=30), engine=None)
        await bot.load_extension("bot.cogs.watch")
        cog = bot.get_cog("Watch")
        running = cog.refresh.is_running()  # type: ignore[union-attr]
        minutes = cog.refresh.minutes  # type: ignore[union-attr]
        await bot.close()
        return running, minutes

    running, minutes = asyncio.run(build())
    assert running and minutes == 30


async def test_an_admin_adds_a_feed_in_discord_and_its_articles_become_answerable(
        fresh_engine: Engine, tmp_path: Path, httpserver) -> None:  # type: ignore[no-untyped-def]
    from tests.test_registry import FEED, PAGE

    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(base=base), content_type="application/rss+xml")
    httpserver.expect_request("/zoom").respond_with_data(PAGE.format(
        title="Zoom cuts 1,300 jobs", day="2023-02-07",
        text="Zoom Video Communications will cut about 1,300 jobs, or 15% of its staff, chief "
             "executive Eric Yuan said on Tuesday."), content_type="text/html")
    httpserver.expect_request("/dell").respond_with_data(PAGE.format(
        title="Dell cuts 6,650 jobs", day="2023-02-06",
        text="Dell Technologies plans to cut about 6,650 jobs, or 5% of its global workforce, "
             "according to a memo seen by reporters on Monday."), content_type="text/html")
    settings = make_settings(tmp_path / "bot", ask_cooldown_seconds=0, fetch_delay_seconds=0,
                             fetch_allow_private=True)  # the feed is on 127.0.0.1
    fresh_engine.settings = fresh_engine.settings.model_copy(
        update={"fetch_delay_seconds": 0, "fetch_allow_private": True})
    bot = LayoffsBot(settings, fresh_engine)
    async with DiscordHarness(bot, settle_timeout=120) as h:  # loopback HTTP only
        add = await h.slash("source", {"location": f"{base}/feed.xml", "name": "example"},
                            subcommand="add", user=h.moderator)
        assert "Added source #1 (example)" in h.recorder.answers(add)[0].json["content"]
        run = await h.slash("reindex", user=h.moderator)
        final = h.recorder.edits(run)[-1].json["content"]
        assert final.startswith("Re-index done") and "• example: 2 added" in final
        ask = await h.slash("ask", {"question": "How many jobs did Dell cut in February 2023?"},
                            user=h.user)
        embed = h.recorder.answers(ask)[0].json["embeds"][0]
        assert "6,650" in embed["description"]
        assert f"{base}/dell" in embed["fields"][0]["value"], "the source links to the page"


async def test_a_scheduled_refresh_that_cannot_write_logs_one_line_naming_the_path(
    fresh_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = write_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "chroma",
                        "the new vectors")

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(fresh_engine, "reindex", full_disk)
    caplog.set_level(logging.INFO, logger="bot")
    bot = LayoffsBot(make_settings(tmp_path / "bot"), fresh_engine)
    await bot.load_extension("bot.cogs.watch")
    cog = bot.get_cog("Watch")
    assert cog is not None
    await cog.refresh()  # type: ignore[attr-defined]  # one scheduled run
    await bot.close()
    [record] = [r for r in caplog.records if "scheduled refresh" in r.getMessage()]
    assert record.levelno == logging.ERROR and record.exc_info is None
    assert record.getMessage() == f"scheduled refresh failed: {error}"
    assert str(tmp_path / "chroma") in record.getMessage()
