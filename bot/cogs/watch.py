"""/watch and /unwatch, and the scheduled refresh that feeds them."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.alerts import announce
from bot.checks import admin_only
from bot.client import LayoffsBot, defer, reply
from bot.cogs.events import company_autocomplete
from bot.render import inline, quoted
from index.locking import Busy
from index.store import IndexWriteError

log = logging.getLogger(__name__)


class Watch(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot
        minutes = bot.settings.refresh_minutes
        if minutes > 0:
            self.refresh.change_interval(minutes=minutes)
            self.refresh.start()

    async def cog_unload(self) -> None:
        self.refresh.cancel()

    @tasks.loop(minutes=60)
    async def refresh(self) -> None:
        """Re-index the registered sources every REFRESH_MINUTES and announce what is new."""
        engine = self.bot.engine
        if engine.busy:
            log.info("scheduled refresh skipped: a re-index is running")
            return
        before = list(engine.ledger.events)
        try:
            results = await self.bot.run_core(engine.reindex)
        except Busy:
            log.info("scheduled refresh skipped: a re-index is running")
            return
        except IndexWriteError as error:  # its message names the path and what to do
            log.error("scheduled refresh failed: %s", error)
            return
        except Exception:
            log.exception("scheduled refresh failed; the previous index keeps serving")
            return
        fresh = await announce(self.bot, before, results)
        log.info("scheduled refresh: %d new events", len(fresh))

    @refresh.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    @app_commands.command(name="watch", description="Admins: post new layoffs at a company in "
                                                    "this channel after each refresh.")
    @app_commands.describe(company="A company (or one of its units)")
    @app_commands.autocomplete(company=company_autocomplete)
    @app_commands.guild_only()
    @admin_only
    async def watch(self, interaction: discord.Interaction[LayoffsBot], company: str) -> None:
        await defer(interaction, private=True)
        engine = self.bot.engine
        name = await self.bot.run_core(engine.resolve_company, company)
        if name is None:
            await reply(interaction, f"I don't know the company {quoted(company)}.")
            return
        added = await self.bot.run_core(engine.watches.add, interaction.channel_id or 0, name,
                                        interaction.user.id)
        message = (f"This channel now gets new layoff events at {inline(name)} after each "
                   "refresh." if added else f"This channel already watches {inline(name)}.")
        await reply(interaction, message)

    @app_commands.command(name="unwatch", description="Admins: stop posting a company's new "
                                                      "layoffs in this channel.")
    @app_commands.describe(company="A company this channel watches")
    @app_commands.guild_only()
    @admin_only
    async def unwatch(self, interaction: discord.Interaction[LayoffsBot], company: str) -> None:
        await defer(interaction, private=True)
        engine = self.bot.engine
        name = await self.bot.run_core(engine.resolve_company, company) or company
        removed = await self.bot.run_core(engine.watches.remove, interaction.channel_id or 0,
                                          name)
        message = (f"This channel no longer watches {inline(name)}." if removed
                   else f"This channel wasn't watching {inline(name)}.")
        await reply(interaction, message)


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Watch(bot))
