"""/ask, and questions asked by mentioning the bot, answered in a thread with follow-ups."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import date

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import LayoffsBot, Refused, defer, reply, send_ephemeral
from bot.cogs.feedback import feedback_view
from bot.render import NO_MENTIONS, answer_embed, shorten
from index.followup import merge_followup
from index.models import Answer
from index.question import ask_for_a_question, is_question

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100


class Ask(commands.Cog):
    def __init__(self, bot: LayoffsBot) -> None:
        self.bot = bot
        self.thread_questions: dict[int, str] = {}  # thread id -> the question answered last

    async def answer(self, question: str) -> tuple[Answer, discord.Embed, discord.ui.View]:
        """Ask the core off the event loop, in one of the bot's answer slots; the embed and
        the feedback buttons to send."""
        bot = self.bot
        async with bot.answer_slot():
            answer = await bot.run_core(bot.engine.ask, question)
            answer_id = uuid.uuid4().hex[:12]
            await bot.run_core(bot.engine.feedback.remember_answer, answer_id, question,
                               answer.text)
        return answer, answer_embed(answer), feedback_view(answer_id)

    @app_commands.command(name="ask", description="Ask about tech layoffs; every claim is cited.")
    @app_commands.describe(question="Your question, in English, French, German or Spanish",
                           private="Only you see the answer")
    async def ask(self, interaction: discord.Interaction[LayoffsBot],
                  question: app_commands.Range[str, 3, 500], private: bool = False) -> None:
        if not is_question(question):  # "???", emoji: told privately, no cooldown taken
            await send_ephemeral(interaction, ask_for_a_question(str(interaction.locale)))
            return
        with self.bot.taking_question(interaction.user.id):  # Refused: told privately
            await defer(interaction, private=private)
            _, embed, view = await self.answer(question)
        await reply(interaction, embed=embed, view=view)  # private if the deferral was

    # --- mentions and threads -----------------------------------------------------------------
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.guild is None:
            return
        channel = message.channel
        ours = isinstance(channel, discord.Thread) and channel.owner_id == me.id
        if not ours and me not in message.mentions:
            return
        text = re.sub(rf"<@!?{me.id}>", "", message.content).strip()
        if not text:
            return
        if not is_question(text):  # "???", an emoji: nothing to answer
            # A mention is told what to do (once per quiet period); a reaction in the bot's
            # thread ("👍") is left alone.
            if me in message.mentions and self.bot.should_tell(message.author.id):
                await message.reply(ask_for_a_question(), allowed_mentions=NO_MENTIONS,
                                    mention_author=False)
            return
        try:
            with self.bot.taking_question(message.author.id):
                await self._answer_message(message, text, ours)
        except Refused as refusal:
            # Told once per quiet period: a burst of mentions gets one reply, not one each.
            if self.bot.should_tell(message.author.id):
                await message.reply(str(refusal), allowed_mentions=NO_MENTIONS,
                                    mention_author=False)
            else:
                log.debug("refused a question from %s quietly: %s", message.author.id, refusal)

    async def _answer_message(self, message: discord.Message, text: str, ours: bool) -> None:
        channel = message.channel
        try:
            if ours:
                assert isinstance(channel, discord.Thread)
                previous = await self._previous_question(channel)
                async with self.bot.answer_slot():
                    question = await self.bot.run_core(
                        merge_followup, previous, text, companies=self.bot.engine.companies,
                        languages=self.bot.settings.languages, today=date.today())
                target: discord.abc.Messageable = channel
            else:
                question = text
                target = await message.create_thread(
                    name=shorten(" ".join(text.split()), THREAD_NAME_LIMIT),
                    auto_archive_duration=1440)
            async with target.typing():
                _, embed, view = await self.answer(question)
            await target.send(embed=embed, view=view, allowed_mentions=NO_MENTIONS)
            self.thread_questions[getattr(target, "id", 0)] = question
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s answering a mention", error_id)
            await message.reply(f"Something went wrong (error id {error_id}).",
                                allowed_mentions=NO_MENTIONS, mention_author=False)

    async def _previous_question(self, thread: discord.Thread) -> str:
        """The question the thread was answering: remembered, or its starter message."""
        if thread.id in self.thread_questions:
            return self.thread_questions[thread.id]
        parent = thread.parent
        me = self.bot.user
        if parent is None or me is None or not isinstance(parent, discord.TextChannel):
            return ""
        try:
            starter = await parent.fetch_message(thread.id)
        except discord.HTTPException:
            return ""
        return re.sub(rf"<@!?{me.id}>", "", starter.content).strip()


async def setup(bot: LayoffsBot) -> None:
    await bot.add_cog(Ask(bot))


__all__ = ["Ask", "send_ephemeral", "setup"]
