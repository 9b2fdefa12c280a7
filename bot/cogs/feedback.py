"""Feedback buttons under every answer (persistent across restarts) and the admins' summary."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import admin_only
from bot.client import LayoffsBot, defer, reply
from bot.render import COLOR_ANSWER, inline, shorten

log = logging.getLogger(__name__)

VERDICT_LABELS = {"helpful": "Helpful", "not_helpful": "Not helpful",
                  "wrong_number": "Wrong number"}
_STYLES = {"helpful": discord.ButtonStyle.success, "not_helpful": discord.ButtonStyle.secondary,
           "wrong_number": discord.ButtonStyle.danger}


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"fb:(?P<verdict>helpful|not_helpful|wrong_number):"
                              r"(?P<answer>[0-9a-f]{12})"):
    """A feedback button whose custom_id carries the verdict and the answer it is about, so it
    works on any message the bot ever sent, across restarts (timeout None)."""

    def __init__(self, verdict: str, answer_id: str) -> None:
        super().__init__(discord.ui.Button(
            label=VERDICT_LABELS[verdict], style=_STYLES[verdict],
            custom_id=f"fb:{verdict}:{answer_id}"))
        self.verdict = verdict
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> FeedbackButton:
        return cls(match["verdict"], match["answer"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if self.verdict == "wrong_number":
            await interaction.response.send_modal(WrongNumber(self.answer_id))
            return
        await defer(interaction, private=True)
        bot: LayoffsBot = interaction.client
        await bot.run_core(bot.engine.feedback.record, self.answer_id, interaction.user.id,
                           self.verdict)
        await reply(interaction, "Thanks, noted.")


class WrongNumber(discord.ui.Modal, title="Which number is wrong?"):
    figure: discord.ui.TextInput[WrongNumber] = discord.ui.TextInput(
        label="The correct figure", placeholder="e.g. 18,000", max_length=100)
    source: discord.ui.TextInput[WrongNumber] = discord.ui.TextInput(
        label="A source for it (link)", placeholder="https://…", required=False, max_length=500)

    def __init__(self, answer_id: str) -> None:
        super().__init__(timeout=None, custom_id=f"fbm:{answer_id}")
        self.answer_id = answer_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await defer(interaction, private=True)
        bot: LayoffsBot = interaction.client
        await bot.run_core(bot.engine.feedback.record, self.answer_id, interaction.user.id,
                           "wrong_number", correct_figure=self.figure.value,
                           source=self.source.value or None)
        await reply(interaction, "Thanks: the admins will check that figure.")


def feedback_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for verdict in VERDICT_LABELS:
        view.add_item(FeedbackButton(verdict, answer_id))
    return view


class Feedback(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot

    @app_commands.command(name="feedback", description="Admins: the latest feedback on answers.")
    @app_commands.describe(delete_user="Delete everything this user's feedback clicks stored "
                                       "(instead of showing the summary)")
    @admin_only
    async def feedback(self, interaction: discord.Interaction[LayoffsBot],
                       delete_user: discord.User | None = None) -> None:
        await defer(interaction, private=True)
        store = self.bot.engine.feedback
        if delete_user is not None:
            deleted = await self.bot.run_core(store.delete_user, delete_user.id)
            log.info("deleted %d feedback records of user %s at the request of admin %s",
                     deleted, delete_user.id, interaction.user.id)
            await reply(interaction, f"Deleted {deleted} feedback record"
                                     f"{'s' if deleted != 1 else ''} of user {delete_user.id}.")
            return
        counts = await self.bot.run_core(store.counts)
        latest = await self.bot.run_core(store.latest, 8)
        summary = " · ".join(f"{VERDICT_LABELS[k]}: {v}" for k, v in counts.items())
        embed = discord.Embed(title="Feedback", description=summary, colour=COLOR_ANSWER)
        for item in latest:
            extra = ""
            if item.correct_figure:  # typed by a user: shown as text, links not clickable
                extra = f"\nsays: {shorten(inline(item.correct_figure), 120)}" + (
                    f" ({shorten(inline(item.source), 300)})" if item.source else "")
            question = shorten(inline(item.question), 500) if item.question else "(unknown)"
            embed.add_field(
                name=shorten(f"{VERDICT_LABELS.get(item.verdict, item.verdict)} — {item.at}",
                             256),
                value=shorten(f"Q: {question}{extra}", 1024), inline=False)
        await reply(interaction, embed=embed)


async def setup(bot: LayoffsBot) -> None:
    bot.add_dynamic_items(FeedbackButton)
    await bot.add_cog(Feedback(bot))
