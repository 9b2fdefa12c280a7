"""The ``layoffs`` command: the core's commands plus ``layoffs bot``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from index.cli import app


@app.command(name="bot")
def run_bot(
    check: Annotated[bool, typer.Option(help="Load every extension and list the slash "
                                             "commands without connecting.")] = False,
    sync: Annotated[bool, typer.Option(help="Sync slash commands globally at start-up.")] = False,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Where the index lives.")]
    = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Start the Discord bot (DISCORD_TOKEN from the environment or .env)."""
    from bot.main import main as bot_main

    argv = [*(["--check"] if check else []), *(["--sync"] if sync else []),
            *(["--data-dir", str(data_dir)] if data_dir else []), *(["-v"] if verbose else [])]
    raise typer.Exit(bot_main(argv))


def main() -> None:
    app()
