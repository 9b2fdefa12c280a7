"""/watch and the refresh that announces new events: real bot, real engine, loopback Discord."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.client import LayoffsBot
from index.engine import Engine
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
            assert "now gets new layoff events at Spotify" in h.recorder.followups(watch)[
                0].json["content"]
            again = await h.slash("watch", {"company": "Spotify"}, user=h.moderator,
                                  channel_id=CHANNEL_ID)
            assert "already watches Spotify" in h.recorder.followups(again)[0].json["content"]
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
            assert "no longer watches Spotify" in h.recorder.followups(unwatch)[0].json[
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
