"""What a refresh announces: a summary for the admins, new events for watching channels."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord

from bot.render import COLOR_ANSWER, NO_MENTIONS, inline, link, shorten
from index.engine import IndexReport
from index.events import Event
from index.ledger_answer import event_figure, event_when
from index.registry import Source
from index.watches import new_events

if TYPE_CHECKING:
    from bot.client import LayoffsBot

log = logging.getLogger(__name__)


def summary(results: Sequence[tuple[Source, IndexReport]], fresh: Sequence[Event]) -> str:
    added = sum(r.added for _, r in results)
    failures = [(s, r) for s, r in results if r.skipped]
    lines = [f"Refresh done: {added} new articles, {len(fresh)} new layoff events, "
             f"{len(failures)} sources with failures."]
    for source, report in failures[:10]:
        lines.append(f"• {shorten(inline(source.name), 100)}: "
                     f"{shorten(inline(report.skipped[0].reason), 300)}")
    return shorten("\n".join(lines), 2000)


def event_embed(bot: LayoffsBot, event: Event) -> discord.Embed:
    engine = bot.engine
    unit = f" at {', '.join(event.units)}" if event.units else ""
    embed = discord.Embed(
        title=shorten(inline(f"New layoffs: {event.company}{unit}"), 256),
        description=f"{event_figure(event, 'en')} {event_when(event, 'en')}",
        colour=COLOR_ANSWER)
    for doc_id in event.doc_ids[:5]:
        citation = engine.catalog.citation(doc_id, "")
        outlet = shorten(inline(citation.outlet), 150) if citation.outlet else "source"
        name = shorten(f"{outlet} — {citation.published or 'undated'}", 256)
        value = link(citation.title or citation.url or "untitled", citation.url, limit=200)
        embed.add_field(name=name, value=value or "untitled", inline=False)
    return embed


async def announce(bot: LayoffsBot, before: Sequence[Event],
                   results: Sequence[tuple[Source, IndexReport]]) -> list[Event]:
    """Post the refresh summary to ADMIN_CHANNEL_ID and new events to watching channels."""
    fresh = new_events(before, bot.engine.ledger.events)
    if bot.settings.admin_channel_id:
        await _send(bot, bot.settings.admin_channel_id, content=summary(results, fresh))
        log.info("refresh summary posted to channel %s", bot.settings.admin_channel_id)
    watches = await bot.run_core(bot.engine.watches.all)
    for watch in watches:
        for event in [e for e in fresh if e.company == watch.company]:
            embed = await bot.run_core(event_embed, bot, event)
            await _send(bot, watch.channel_id, embed=embed)
    return fresh


async def _send(bot: LayoffsBot, channel_id: int, *, content: str | None = None,
                embed: discord.Embed | None = None) -> None:
    channel = bot.get_channel(channel_id)
    try:
        if channel is None:
            channel = await bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("channel %s cannot receive messages", channel_id)
            return
        if embed is not None:
            await channel.send(content, embed=embed, allowed_mentions=NO_MENTIONS)
        else:
            await channel.send(content, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as error:
        log.warning("could not post to channel %s: %s", channel_id, error)
