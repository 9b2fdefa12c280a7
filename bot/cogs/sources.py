"""/sources: what is indexed."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import LayoffsBot, defer
from bot.render import NO_MENTIONS, stats_embed


class Sources(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="What is indexed: articles, languages, "
                                                      "dates, model, last re-index.")
    async def sources(self, interaction: discord.Interaction[LayoffsBot]) -> None:
        await defer(interaction)
        engine = self.bot.engine
        stats = await self.bot.run_core(engine.stats)
        embed = stats_embed(stats, engine.embedder.model_id, engine.store.where, engine.busy)
        await interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Sources(bot))
