"""/events: the ledger's events for a company, with company names completed from the ledger."""

from __future__ import annotations

from datetime import date

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import LayoffsBot, defer, reply
from bot.render import NO_MENTIONS, events_table, quoted
from index.events import Event
from index.text import fold

MAX_CHOICES = 25


async def company_autocomplete(interaction: discord.Interaction[LayoffsBot],
                               current: str) -> list[app_commands.Choice[str]]:
    """Companies in the ledger that start with (or contain) what was typed."""
    names = interaction.client.engine.ledger.companies()
    typed = fold(current)
    starts = [n for n in names if fold(n).startswith(typed)]
    contains = [n for n in names if typed in fold(n) and n not in starts]
    return [app_commands.Choice(name=n, value=n) for n in (starts + contains)[:MAX_CHOICES]]


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Events(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot

    @app_commands.command(name="events", description="The layoff events recorded for a company.")
    @app_commands.describe(company="A company (or one of its units)",
                           since="From this date, YYYY-MM-DD", until="Up to this date, YYYY-MM-DD")
    @app_commands.autocomplete(company=company_autocomplete)
    async def events(self, interaction: discord.Interaction[LayoffsBot], company: str,
                     since: str | None = None, until: str | None = None) -> None:
        try:
            start, end = parse_day(since), parse_day(until)
        except ValueError:
            await interaction.response.send_message(
                "Write `since` and `until` as dates: YYYY-MM-DD (e.g. 2023-01-31).",
                ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        with self.bot.taking_question(interaction.user.id, cooldown=False):
            await defer(interaction)
            engine = self.bot.engine
            found: list[Event] = []
            outlets: dict[str, list[str]] = {}
            async with self.bot.answer_slot():
                name = await self.bot.run_core(engine.resolve_company, company)
                if name is not None:
                    found = await self.bot.run_core(engine.events, name, start, end)
                    outlets = await self.bot.run_core(
                        lambda: {e.id: engine.outlets_of(e) for e in found})
        if name is None:
            await reply(  # the deferral was public, so is this
                interaction,
                f"I don't know the company {quoted(company)}. Pick one from the suggestions.")
            return
        await reply(interaction, embed=events_table(name, found, outlets=outlets))


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Events(bot))
