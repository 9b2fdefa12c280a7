"""Starting the bot: check mode offline, clear errors for bad tokens, never the token shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.client import EXTENSIONS, LayoffsBot
from bot.main import describe_commands

from .conftest import make_settings

EXPECTED = {"ask", "search", "events", "timeline", "sources", "reindex", "source", "feedback",
            "watch", "unwatch"}


def _run(*args: str, env: dict[str, str] | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATA_DIR")}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          env={**base, **(env or {})}, cwd=cwd, timeout=120)


def test_check_lists_every_command_without_a_token(tmp_path: Path) -> None:
    result = _run("--check", "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = {line.split()[0].lstrip("/") for line in result.stdout.splitlines()
             if line.startswith("/")}
    assert names == EXPECTED
    assert "/ask question:string private?:boolean" in result.stdout
    assert "/source add location:string name?:string" in result.stdout
    assert "no connection made" in result.stdout
    assert not (tmp_path / "data").exists(), "check mode loads no index"


@pytest.mark.parametrize(("token", "message"), [
    ("", "DISCORD_TOKEN is not set"),
    ("not-a-token-at-all-but-secret-x", "does not look like a bot token"),
])
def test_bad_tokens_give_one_line_and_exit_2(tmp_path: Path, token: str, message: str) -> None:
    result = _run("--data-dir", str(tmp_path / "data"), env={"DISCORD_TOKEN": token},
                  cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.stderr
    if token:
        assert token not in result.stderr + result.stdout


async def test_every_extension_loads_and_registers(tmp_path: Path) -> None:
    bot = LayoffsBot(make_settings(tmp_path), engine=None)
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    assert set(bot.extensions) == set(EXTENSIONS)
    assert {c.name for c in bot.tree.get_commands()} == EXPECTED
    assert len(describe_commands(bot)) == len(EXPECTED) + 2  # /source has three subcommands
    assert bot.allowed_mentions is not None and bot.allowed_mentions.to_dict() == {"parse": []}
    await bot.close()


SECRET = "MTE3NzgxMjE2NTM4NzE1MDAxMA.GhIjKl.secret-part-of-the-token-0123456789"


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "bot"],
    [sys.executable, "-m", "bot", "--check"],
    [str(Path(sys.executable).with_name("layoffs")), "bot"],
])
def test_an_env_file_that_does_not_parse_is_one_usage_error_naming_its_line(
    tmp_path: Path, command: list[str]
) -> None:
    """python-dotenv would warn four times and drop the line (here the token): the bot stops
    with one line naming the file and line, never showing the value."""
    if not Path(command[0]).exists():
        pytest.skip(f"{command[0]} is not installed (pip install -e .)")
    (tmp_path / ".env").write_text(f'MESSAGE_CONTENT_INTENT=true\nDISCORD_TOKEN="{SECRET}\n',
                                   encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATA_DIR")}
    result = subprocess.run([*command, "--data-dir", str(tmp_path / "data")],
                            capture_output=True, text=True, env=base, cwd=tmp_path, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / '.env'}, line 2 (DISCORD_TOKEN): cannot be read (a quote is not "
        "closed), so DISCORD_TOKEN would be ignored; fix or remove that line (.env.example "
        "shows the format)"], result.stderr
    assert "secret-part" not in result.stderr + result.stdout
    assert not (tmp_path / "data").exists()
