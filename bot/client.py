"""The bot: discord.py's ``commands.Bot`` holding the answering core, built once and passed in."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import NotAdmin
from bot.render import NO_MENTIONS
from index.config import Settings
from index.langs import warm_up as warm_up_languages

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


class Refused(app_commands.AppCommandError):
    """A question not taken: the user's cooldown, or their earlier questions still pending.
    Its text is what the user is told (privately)."""


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
        self._told: dict[int, float] = {}  # user id -> when a channel reply refused them last
        self._pruned_at = time.monotonic()
        # Flooding: at most MAX_CONCURRENT_ANSWERS questions reach the core at once (the others
        # wait their turn, already acknowledged), and one user holds at most half of them.
        self.answer_slots = asyncio.Semaphore(settings.max_concurrent_answers)
        self.per_user_pending = max(1, settings.max_concurrent_answers // 2)
        self._pending: dict[int, int] = {}  # user id -> their questions taken, not yet answered

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise NotReady("the index is not loaded")
        return self._engine

    async def run_core(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run blocking core work (embedding, search, indexing) off the event loop."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def setup_hook(self) -> None:
        if self._engine is not None:  # before connecting: the first question does not stall
            await self.warm_up()
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

    async def warm_up(self) -> None:
        """Load what the first question would otherwise load on the event loop's time: the
        language detector's models (lingua holds the GIL for over half a second)."""
        started = time.monotonic()
        if await self.run_core(warm_up_languages, self.settings.languages):
            log.debug("language detection warmed up in %.2f s", time.monotonic() - started)

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
        try:  # best effort: on a full or read-only disk the bot still starts
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.commands_fingerprint())
        except OSError as error:
            log.warning("cannot remember the synced commands in %s (%s); they are synced "
                        "again at the next start", path, error.strerror or error)

    # --- questions: cooldown shared by /ask and mentions, and the flood bounds ---------------
    def retry_after(self, user_id: int) -> float:
        """Seconds before ``user_id`` may ask again (0 when they may ask now); taking a
        question starts the user's cooldown."""
        wait = self._cooldown_left(user_id)
        if not wait and self.settings.ask_cooldown_seconds > 0:
            self._asked[user_id] = time.monotonic()
        return wait

    def _cooldown_left(self, user_id: int) -> float:
        seconds = self.settings.ask_cooldown_seconds
        if seconds <= 0:
            return 0.0
        now = time.monotonic()
        self._prune(now)
        last = self._asked.get(user_id)
        return seconds - (now - last) if last is not None and now - last < seconds else 0.0

    @property
    def _quiet_seconds(self) -> float:
        """How long a refused user is not told again in a channel (a reply per refusal would
        let one user make the bot flood the channel)."""
        return max(self.settings.ask_cooldown_seconds, 10.0)

    def _prune(self, now: float) -> None:
        """Forget cooldowns that are over, at most once per cooldown period: the memory held
        stays proportional to the users who asked within the last period."""
        if now - self._pruned_at < min(self.settings.ask_cooldown_seconds or 10.0, 60.0):
            return
        self._pruned_at = now
        seconds = self.settings.ask_cooldown_seconds
        self._asked = {u: t for u, t in self._asked.items() if now - t < seconds}
        self._told = {u: t for u, t in self._told.items() if now - t < self._quiet_seconds}

    def should_tell(self, user_id: int) -> bool:
        """Whether a refusal in a channel gets a reply: once per quiet period per user."""
        now = time.monotonic()
        self._prune(now)
        last = self._told.get(user_id)
        if last is not None and now - last < self._quiet_seconds:
            return False
        self._told[user_id] = now
        return True

    @contextlib.contextmanager
    def taking_question(self, user_id: int, *, cooldown: bool = True) -> Iterator[None]:
        """Take a question from ``user_id`` for the duration of the block, or raise `Refused`
        at once (before anything is sent): (with ``cooldown``) their cooldown is not over, or
        they already have ``per_user_pending`` questions waiting or running. Taking it starts
        their cooldown."""
        wait = self._cooldown_left(user_id) if cooldown else 0.0
        if wait:
            raise Refused(f"You're asking quickly: try again in {wait:.0f} s.")
        if self._pending.get(user_id, 0) >= self.per_user_pending:
            raise Refused("Your previous question is still being answered: ask again when it "
                          "is done.")
        if cooldown:
            self.retry_after(user_id)  # starts the cooldown
        self._pending[user_id] = self._pending.get(user_id, 0) + 1
        try:
            yield
        finally:
            left = self._pending.get(user_id, 1) - 1
            if left > 0:
                self._pending[user_id] = left
            else:
                self._pending.pop(user_id, None)

    @contextlib.asynccontextmanager
    async def answer_slot(self) -> AsyncIterator[None]:
        """One of the MAX_CONCURRENT_ANSWERS slots for a question's core work; waits its turn.
        Enter it after the interaction was deferred: the wait may be longer than 3 s."""
        async with self.answer_slots:
            yield

    # --- one error handler for every app command ----------------------------------------------
    async def on_tree_error(self, interaction: discord.Interaction[Any],
                            error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"You're asking quickly: try again in {error.retry_after:.0f} s."
        elif isinstance(error, (Refused, NotAdmin)):
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


async def reply(interaction: discord.Interaction[Any], content: str | None = None, *,
                embed: discord.Embed | None = None, view: discord.ui.View | None = None,
                file: discord.File | None = None) -> None:
    """The answer to a command, once: after a deferral it becomes the "thinking" message.

    A follow-up (POST to the webhook) takes no nonce, so when Discord carried it out but its
    answer was lost (a 5xx after processing) discord.py's retry would show the answer twice.
    Editing the deferred message (PATCH @original) is idempotent: a retry shows it once. The
    message stays private when the deferral was (`defer`'s ``private``). Not deferred: the
    interaction is answered directly.
    """
    options: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if content is not None:
        options["content"] = content
    if embed is not None:
        options["embed"] = embed
    if view is not None:
        options["view"] = view
    if interaction.response.is_done():
        if file is not None:
            options["attachments"] = [file]
        await interaction.edit_original_response(**options)
    else:
        if file is not None:
            options["file"] = file
        await interaction.response.send_message(
            ephemeral=interaction.extras.get("private", False), **options)


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
