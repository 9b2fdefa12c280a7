"""/timeline: a company's layoffs over time, as a chart attached to the reply."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import LayoffsBot, defer, reply
from bot.cogs.events import company_autocomplete
from bot.render import inline, quoted
from index.events import Event
from index.numbers import format_number
from index.timeline import draw_timeline


class Timeline(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot

    @app_commands.command(name="timeline", description="A chart of a company's layoffs over time.")
    @app_commands.describe(company="A company (or one of its units)")
    @app_commands.autocomplete(company=company_autocomplete)
    async def timeline(self, interaction: discord.Interaction[LayoffsBot], company: str) -> None:
        with self.bot.taking_question(interaction.user.id, cooldown=False):
            await defer(interaction)
            engine = self.bot.engine
            async with self.bot.answer_slot():
                name = await self.bot.run_core(engine.resolve_company, company)
                events = await self.bot.run_core(engine.events, name) if name else []
            if not name or not events:
                await reply(  # the deferral was public, so is this
                    interaction, f"The ledger has no layoff events for {quoted(company)}.")
                return
            with tempfile.TemporaryDirectory() as folder:
                await self._send_chart(interaction, name, events, Path(folder))

    async def _send_chart(self, interaction: discord.Interaction[LayoffsBot], name: str,
                          events: list[Event], folder: Path) -> None:
        engine = self.bot.engine
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "company"
        path = folder / f"{slug}-timeline.png"
        async with self.bot.answer_slot():
            await self.bot.run_core(draw_timeline, name, events, path, engine.outlets_of)
        counted = [e for e in events if e.headcount is not None and e.included_in is None]
        total = format_number(sum(e.headcount or 0 for e in counted), "en")
        summary = (f"**{inline(name)}**: {len(events)} layoff events in the indexed sources; "
                   f"{total} jobs in those with a figure (figures folded into later ones "
                   "are not added). `/events` lists them with sources.")
        await reply(interaction, summary, file=discord.File(path))


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Timeline(bot))
