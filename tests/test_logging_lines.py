"""Warnings are one line each at any terminal width, and library chatter stays out, for the
command line and the bot alike."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from bot.main import configure_logging
from index.cli import setup_logging
from index.ingest import QUIET_LOGGERS


def test_a_long_warning_is_one_line_on_a_narrow_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "articles with a rather long folder name to make the line wide"
    folder.mkdir()
    (folder / "zoom-live-blog-with-a-long-file-name.md").write_text(
        "---\ntitle: Layoffs at Zoom: what we know so far | Live\n---\n"
        "Zoom said on Tuesday it would cut about 1,300 jobs, roughly 15% of its staff.\n",
        encoding="utf-8")
    env = {**os.environ, "COLUMNS": "40", "TERM": "xterm"}
    run = subprocess.run(
        [sys.executable, "-m", "index.cli", "index", str(folder), "--data-dir",
         str(tmp_path / "data")], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "front matter" in line]
    assert len(warnings) == 1, run.stderr
    assert warnings[0].startswith("warning: ") and "zoom-live-blog" in warnings[0]
    assert "line 2" in warnings[0] or "line" in warnings[0]
    # nothing of that warning spilled onto a following line
    assert all(line.startswith(("warning: ", "error: ")) or not line.strip()
               or "Indexed" in line or "%" in line for line in run.stderr.splitlines())


def test_library_chatter_is_quiet_for_the_command_line_and_the_bot() -> None:
    for configure in (lambda: setup_logging(False), lambda: configure_logging(False)):
        for library in QUIET_LOGGERS:
            logging.getLogger(library).setLevel(logging.NOTSET)
        configure()
        assert QUIET_LOGGERS and all(
            not logging.getLogger(lib).isEnabledFor(logging.WARNING) for lib in QUIET_LOGGERS)
        assert not logging.getLogger("trafilatura.core").isEnabledFor(logging.WARNING)

