"""The bot: discord.py's ``commands.Bot`` holding the answering core, built once and passed in."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import NotAdmin
from bot.render import NO_MENTIONS
from index.config import Settings

if TYPE_CHECKING:
    from index.engine import Engine

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.search",
    "bot.cogs.events",
    "bot.cogs.timeline",
    "bot.cogs.sources",
    "bot.cogs.admin",
    "bot.cogs.feedback",
    "bot.cogs.watch",
)

T = TypeVar("T")


def _no_prefix(bot: commands.Bot, message: discord.Message) -> list[str]:
    return []


class NotReady(app_commands.AppCommandError):
    """The answering core is not loaded (check mode)."""


class LayoffsBot(commands.Bot):
    def __init__(self, settings: Settings, engine: Engine | None, *,
                 sync_commands: bool = False, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = settings.message_content_intent
        # No prefix commands: mentions are questions (the ask cog), not commands to look up.
        super().__init__(command_prefix=_no_prefix, intents=intents,
                         allowed_mentions=NO_MENTIONS, help_command=None, **options)
        self.settings = settings
        self._engine = engine
        self.sync_commands = sync_commands
        self._asked: dict[int, float] = {}  # user id -> when their last question was taken

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise NotReady("the index is not loaded")
        return self._engine

    async def run_core(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run blocking core work (embedding, search, indexing) off the event loop."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.tree.error(self.on_tree_error)
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the dev guild %s", len(synced), guild.id)
        elif self.sync_commands or self._commands_changed():
            synced = await self.tree.sync()
            self._remember_commands()
            log.info("synced %d commands globally (it can take a while to show)", len(synced))

    # --- command sync bookkeeping -------------------------------------------------------------
    def commands_fingerprint(self) -> str:
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands()]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    def _fingerprint_file(self) -> Any:
        return self.settings.data_dir / "synced-commands.txt"

    def _commands_changed(self) -> bool:
        path = self._fingerprint_file()
        return not path.exists() or path.read_text().strip() != self.commands_fingerprint()

    def _remember_commands(self) -> None:
        path = self._fingerprint_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.commands_fingerprint())

    # --- questions: cooldown shared by /ask and mentions --------------------------------------
    def retry_after(self, user_id: int) -> float:
        """Seconds before ``user_id`` may ask again (0 when they may ask now); taking a
        question starts the user's cooldown."""
        seconds = self.settings.ask_cooldown_seconds
        now = time.monotonic()
        last = self._asked.get(user_id)
        if seconds > 0 and last is not None and now - last < seconds:
            return seconds - (now - last)
        self._asked[user_id] = now
        return 0.0

    # --- one error handler for every app command ----------------------------------------------
    async def on_tree_error(self, interaction: discord.Interaction[Any],
                            error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"You're asking quickly: try again in {error.retry_after:.0f} s."
        elif isinstance(error, NotAdmin):
            message = str(error)
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use this command here."
        elif isinstance(error, app_commands.TransformerError):
            message = f"That option isn't valid: {error.value!r}."
        elif isinstance(original, NotReady):
            message = "The bot is starting up; try again in a moment."
        else:
            error_id = uuid.uuid4().hex[:8]
            log.error("error %s in /%s", error_id,
                      interaction.command.qualified_name if interaction.command else "?",
                      exc_info=original)
            message = f"Something went wrong (error id {error_id}). The admins can find it in " \
                      "the bot's log."
        await send_ephemeral(interaction, message)


class ShardedLayoffsBot(LayoffsBot, commands.AutoShardedBot):
    """The same bot over several gateway shards (SHARD_COUNT), for very large deployments."""


def make_bot(settings: Settings, engine: Engine | None, *,
             sync_commands: bool = False) -> LayoffsBot:
    if settings.shard_count:
        return ShardedLayoffsBot(settings, engine, sync_commands=sync_commands,
                                 shard_count=settings.shard_count)
    return LayoffsBot(settings, engine, sync_commands=sync_commands)


async def defer(interaction: discord.Interaction[Any], *, private: bool = False) -> None:
    """Acknowledge at once ("thinking…"), remembering whether the answer will be private."""
    interaction.extras["private"] = private
    await interaction.response.defer(ephemeral=private, thinking=True)


async def send_ephemeral(interaction: discord.Interaction[Any], message: str) -> None:
    """A private message to whoever used the command, whether or not it was deferred.

    After a public deferral Discord would turn the first follow-up into the public "thinking"
    message whatever its flags, so that message is deleted first.
    """
    try:
        if interaction.response.is_done():
            if not interaction.extras.get("private", False):
                with contextlib.suppress(discord.HTTPException):
                    await interaction.delete_original_response()
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(message, ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not tell the user: %s", message)
