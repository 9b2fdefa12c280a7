"""Starting the bot: ``python -m bot`` or ``layoffs bot``; ``--check`` loads everything offline."""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import aiohttp
import discord
from discord import app_commands
from pydantic import ValidationError

from bot.client import EXTENSIONS, LayoffsBot, make_bot
from index.config import Settings, SettingsFileError, check_env_file

log = logging.getLogger(__name__)

EXIT_USAGE = 2


class _NoVoiceWarning(logging.Filter):
    """The bot has no voice features: drop discord.py's warnings about voice libraries."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


TOKEN_SHAPE = re.compile(r"^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$")


def configure_logging(verbose: bool = False) -> None:
    """Once, at the entry point. discord.py's HTTP logger stays at WARNING."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s", force=True)
    logging.getLogger("discord.client").addFilter(_NoVoiceWarning())
    logging.getLogger("discord.http").setLevel(logging.WARNING)
    logging.getLogger("discord.gateway").setLevel(logging.INFO if verbose else logging.WARNING)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from index.ingest import QUIET_LOGGERS

    for library in QUIET_LOGGERS:  # trafilatura's "discarding data: None" and the like
        logging.getLogger(library).setLevel(logging.CRITICAL)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def describe_commands(bot: LayoffsBot) -> list[str]:
    """One line per slash command, with its options: what ``--check`` prints."""
    lines: list[str] = []

    def option_text(parameter: app_commands.Parameter) -> str:
        flag = "" if parameter.required else "?"
        return f"{parameter.name}{flag}:{parameter.type.name}"

    def walk(command: app_commands.Command | app_commands.Group, prefix: str) -> None:
        if isinstance(command, app_commands.Group):
            for sub in command.commands:
                walk(sub, f"{prefix}{command.name} ")
            return
        options = " ".join(option_text(p) for p in command.parameters)
        lines.append(f"/{prefix}{command.name} {options}".rstrip() + f"  — {command.description}")

    for command in sorted(bot.tree.get_commands(), key=lambda c: c.name):
        walk(command, "")  # type: ignore[arg-type]
    return lines


async def check(settings: Settings) -> int:
    """Load every extension and build the command tree without connecting or a token."""
    bot = LayoffsBot(settings, engine=None)
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    for line in describe_commands(bot):
        print(line)
    print(f"{len(EXTENSIONS)} extensions loaded; {len(bot.tree.get_commands())} top-level "
          "commands; no connection made.")
    await bot.close()
    return 0


async def run(bot: LayoffsBot, token: str) -> None:
    async with bot:
        await bot.start(token)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Run the layoffs-bot.")
    parser.add_argument("--check", action="store_true",
                        help="load every extension, print the slash commands, don't connect")
    parser.add_argument("--sync", action="store_true",
                        help="sync the slash commands globally at start-up")
    parser.add_argument("--data-dir", type=Path, help="where the index lives")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        check_env_file()  # a line python-dotenv would skip is an error, not a default
        settings = Settings()
    except SettingsFileError as error:
        return fail(str(error))
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(map(str, first["loc"])).upper()
        return fail(f"invalid setting {name}: {str(first['msg']).removeprefix('Value error, ')}")
    if args.data_dir is not None:
        settings = settings.model_copy(update={"data_dir": args.data_dir})
    if args.check:
        return asyncio.run(check(settings))
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        return fail("DISCORD_TOKEN is not set: put the bot's token in the environment or in "
                    ".env (see the README, 'Putting the bot on a server')")
    if not TOKEN_SHAPE.match(token):
        return fail("DISCORD_TOKEN does not look like a bot token (three parts separated by "
                    "dots): copy it again from the Developer Portal, Bot page, Reset Token")
    from index.embed import EmbedderError
    from index.engine import Engine
    from index.store import StoreError

    try:
        engine = Engine(settings)  # the model and the index, loaded once
    except (EmbedderError, StoreError, ValueError) as error:
        return fail(str(error))
    if engine.is_empty():
        log.warning("the index in %s is empty: add sources with /source add and run /reindex, "
                    "or run `layoffs index PATH`", settings.data_dir)
    bot = make_bot(settings, engine, sync_commands=args.sync)
    try:
        asyncio.run(run(bot, token))
    except discord.LoginFailure:
        return fail("Discord rejected DISCORD_TOKEN (invalid or revoked): copy the token again "
                    "from the Developer Portal, Bot page")
    except (OSError, aiohttp.ClientError) as error:
        print(f"error: cannot reach Discord ({type(error).__name__}); check the network",
              file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        return fail("the Message Content intent is not enabled for this bot: enable it in the "
                    "Developer Portal, Bot page, or set MESSAGE_CONTENT_INTENT=false")
    except KeyboardInterrupt:
        pass
    finally:
        engine.close()
    return 0
