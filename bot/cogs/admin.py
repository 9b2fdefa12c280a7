"""Admin commands: /reindex with live progress, and /source add | remove | list."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import discord
from discord import app_commands
from discord.ext import commands

from bot.alerts import announce
from bot.checks import admin_only
from bot.client import LayoffsBot, defer, reply
from bot.render import (
    COLOR_ANSWER,
    FIELD_LIMIT,
    FIELD_NAME_LIMIT,
    MESSAGE_LIMIT,
    NO_MENTIONS,
    TOTAL_LIMIT,
    code_text,
    inline,
    shorten,
)
from index.locking import Busy
from index.registry import SourceError
from index.store import IndexWriteError

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0  # seconds between edits of the progress message (Discord rate limits)


class Progress:
    """Progress reported from the indexing thread, read by the task that edits the message."""

    def __init__(self) -> None:
        self.stage = "starting"
        self.done = 0
        self.total = 0

    def __call__(self, stage: str, done: int, total: int) -> None:  # called in the worker
        self.stage, self.done, self.total = stage, done, total

    def line(self) -> str:
        if self.stage == "embed" and self.total:
            return f"Embedding new chunks: {self.done}/{self.total}"
        if self.stage == "read":
            return f"Reading files: {self.done}"
        return "Starting…"


class Admin(commands.Cog):
    # No default_permissions: Discord would hide the commands from members whose admin right
    # is a role in ADMIN_ROLE_IDS. The bot's own check decides.
    source = app_commands.Group(name="source", description="Admins: the indexed sources.",
                                guild_only=True)

    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot
        self.running: asyncio.Task[None] | None = None

    @source.command(name="add", description="Register a web page, an RSS/Atom feed, or a "
                                            "folder on the bot's machine.")
    @app_commands.describe(location="A URL (page or feed), or a folder/file path under the "
                                    "bot's SOURCE_ROOTS",
                           name="A short name for it")
    @admin_only
    async def source_add(self, interaction: discord.Interaction[LayoffsBot], location: str,
                         name: str = "") -> None:
        await defer(interaction, private=True)
        settings = self.bot.settings
        try:
            # From Discord, local paths must lie under SOURCE_ROOTS (none set: URLs only), and
            # private addresses are refused at once unless FETCH_ALLOW_PRIVATE is on.
            source = await self.bot.run_core(
                self.bot.engine.registry.add, location, name=name,
                roots=settings.source_roots, allow_private=settings.fetch_allow_private)
        except SourceError as error:
            await reply(interaction, f"Not added: {error}")
            return
        await reply(interaction, f"Added source #{source.id} ({inline(source.name)}): "
                                 f"`{code_text(source.location)}`. Run /reindex to index it.")

    @source.command(name="remove", description="Remove a source and the articles only it "
                                               "brought.")
    @app_commands.describe(source_id="The number shown by /source list",
                           keep_articles="Only stop re-indexing it: its articles stay indexed")
    @admin_only
    async def source_remove(self, interaction: discord.Interaction[LayoffsBot],
                            source_id: int, keep_articles: bool = False) -> None:
        await defer(interaction, private=True)
        try:
            removal = await self.bot.run_core(self.bot.engine.remove_source, source_id,
                                              purge=not keep_articles)
        except SourceError as error:
            await reply(interaction, inline(str(error)))
            return
        except Busy:
            await reply(interaction, f"Source #{source_id} was not removed: a re-index is "
                                     "running. Remove it when the re-index is done, or with "
                                     "keep_articles.")
            return
        except IndexWriteError as error:  # disk full, permissions: its message says what to do
            log.error("removing source #%d failed: %s", source_id, error)
            await reply(interaction, shorten(f"Source #{source_id} was not removed: "
                                             f"{inline(str(error))}", MESSAGE_LIMIT))
            return
        # The name as text: it cannot forge a link or a mention.
        await reply(interaction, shorten(removal.describe(inline), MESSAGE_LIMIT))

    @source.command(name="list", description="The registered sources and their status.")
    @admin_only
    async def source_list(self, interaction: discord.Interaction[LayoffsBot]) -> None:
        await defer(interaction, private=True)
        sources = await self.bot.run_core(self.bot.engine.registry.all)
        embed = discord.Embed(title="Sources", colour=COLOR_ANSWER)
        if not sources:
            embed.description = "No sources registered yet: add one with /source add."
        budget = TOTAL_LIMIT - len(embed.title or "") - 100  # the footer below, if needed
        for source in sources:
            # Names, locations and statuses (a fetch error quotes the page) show as text: no
            # Markdown, links or mentions of their own; the location in a code span it cannot
            # close.
            status = f"{source.last_run or 'never run'} — {source.last_status or ''}".strip(" —")
            where = f"`{shorten(code_text(source.location), 300)}`"
            shown = shorten(inline(status), min(FIELD_LIMIT - len(where) - 1, 400))
            name = shorten(f"#{source.id} {inline(source.name)}", FIELD_NAME_LIMIT)
            value = f"{where}\n{shown}"
            if len(embed.fields) == 25 or len(name) + len(value) > budget:
                break  # Discord's limits: 25 fields, 6,000 characters an embed
            embed.add_field(name=name, value=value, inline=False)
            budget -= len(name) + len(value)
        if len(embed.fields) < len(sources):
            embed.set_footer(text=f"{len(sources) - len(embed.fields)} more not shown: "
                                  "'layoffs sources list' on the bot's machine lists them all.")
        await reply(interaction, embed=embed)

    @app_commands.command(name="reindex", description="Admins: index every registered source "
                                                      "again (only changes cost work).")
    @app_commands.guild_only()
    @admin_only
    async def reindex(self, interaction: discord.Interaction[LayoffsBot]) -> None:
        engine = self.bot.engine
        if engine.busy or (self.running is not None and not self.running.done()):
            await interaction.response.send_message(
                "A re-index is already running; its message shows the progress.",
                ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.send_message("Re-index starting…",
                                                allowed_mentions=NO_MENTIONS)
        self.running = asyncio.create_task(self._run(interaction))
        await asyncio.shield(self.running)

    async def _run(self, interaction: discord.Interaction[LayoffsBot]) -> None:
        progress = Progress()
        started = time.monotonic()
        before = list(self.bot.engine.ledger.events)
        job = asyncio.ensure_future(self.bot.run_core(self.bot.engine.reindex, progress))
        while not job.done():
            await asyncio.wait([job], timeout=PROGRESS_EVERY)
            if not job.done():
                await _edit(interaction, f"Re-indexing… {progress.line()}")
        try:
            results = job.result()
        except Busy as error:
            await _edit(interaction, str(error))
            return
        except IndexWriteError as error:  # disk full, permissions: its message says what to do
            log.error("re-index failed: %s", error)
            await _edit(interaction, shorten(f"The re-index failed: {inline(str(error))}",
                                             MESSAGE_LIMIT))
            return
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s: re-index failed", error_id)
            await _edit(interaction, f"The re-index failed (error id {error_id}); the previous "
                                     "index keeps serving. The admins can find it in the bot's "
                                     "log.")
            return
        fresh = await announce(self.bot, before, results)
        lines = [f"Re-index done in {time.monotonic() - started:.0f} s: {len(fresh)} new "
                 "layoff events."]
        if not results:
            lines.append("No sources are registered: add one with /source add.")
        for source, report in results:
            lines.append(f"• {inline(source.name)}: {report.added} added, {report.unchanged} "
                         f"unchanged, {report.removed} removed, {len(report.skipped)} skipped")
        await _edit(interaction, shorten("\n".join(lines), MESSAGE_LIMIT))


async def _edit(interaction: discord.Interaction[LayoffsBot], content: str) -> None:
    try:
        await interaction.edit_original_response(content=content, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as error:
        log.warning("could not update the re-index message: %s", error)


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Admin(bot))
