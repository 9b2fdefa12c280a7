"""/search: the passages that best match a query, with their sources."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import LayoffsBot, defer, reply
from bot.render import hits_embed


class Search(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot

    @app_commands.command(name="search", description="The passages that best match a query.")
    @app_commands.describe(query="Words to look for, in English, French, German or Spanish")
    async def search(self, interaction: discord.Interaction[LayoffsBot],
                     query: app_commands.Range[str, 2, 300]) -> None:
        with self.bot.taking_question(interaction.user.id, cooldown=False):
            await defer(interaction)
            async with self.bot.answer_slot():
                hits = await self.bot.run_core(self.bot.engine.search, query, 5)
        await reply(interaction, embed=hits_embed(query, hits))


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Search(bot))
