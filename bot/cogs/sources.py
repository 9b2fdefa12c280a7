"""/sources: what is indexed."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import LayoffsBot, defer, reply
from bot.render import FIELD_LIMIT, shorten, stats_embed
from index.llm import LLMClient, describe


class Sources(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="What is indexed: articles, languages, "
                                                      "dates, model, LLM, last re-index.")
    async def sources(self, interaction: discord.Interaction[LayoffsBot]) -> None:
        await defer(interaction)
        engine = self.bot.engine
        stats = await self.bot.run_core(engine.stats)
        embed = stats_embed(stats, engine.embedder.model_id, engine.store.where, engine.busy)
        embed.add_field(name="LLM phrasing", value=llm_status(engine.llm), inline=False)
        await reply(interaction, embed=embed)


def llm_status(client: LLMClient | None) -> str:
    """Whether answers are phrased by an LLM: its model and host only, never the key."""
    info = describe(client)
    if not info["enabled"]:
        return "off: answers come from the ledger and the extracted sentences"
    return shorten(f"on: {info['model']} at {info['host']} (checked against the sources; "
                   "the offline answer is shown when a check fails)", FIELD_LIMIT)


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Sources(bot))
