"""The sources registry, the feedback store and re-indexing registered sources (real SQLite)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from index.engine import Engine
from index.locking import Busy
from index.registry import SourceError

from .conftest import MINI


def test_register_list_and_remove_folders(fresh_engine: Engine, tmp_path: Path) -> None:
    registry = fresh_engine.registry
    source = registry.add(str(MINI), name="mini")
    assert (source.id, source.kind, source.name) == (1, "path", "mini")
    with pytest.raises(SourceError, match="already registered"):
        registry.add(str(MINI))
    with pytest.raises(SourceError, match="no such file or folder"):
        registry.add(str(tmp_path / "missing"))
    with pytest.raises(SourceError, match="not a web address"):
        registry.add("ftp://example.org/feed.xml")
    feed = registry.add("https://example.org/feed.xml")
    assert (feed.kind, feed.name) == ("url", "example.org")
    assert [s.location for s in registry.all()] == [str(MINI.resolve()),
                                                    "https://example.org/feed.xml"]
    registry.remove(source.id)
    assert [s.id for s in registry.all()] == [feed.id]
    with pytest.raises(SourceError, match="no source with id 1"):
        registry.remove(1)


def test_sources_cli_lists_articles_and_events(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    runner = CliRunner()
    data = str(tmp_path / "data")
    added = runner.invoke(app, ["sources", "add", str(MINI), "--name", "mini", "--data-dir", data])
    assert added.exit_code == 0 and "Added source #1 (mini)" in added.stdout
    assert runner.invoke(app, ["reindex", "--data-dir", data]).exit_code == 0
    listed = runner.invoke(app, ["sources", "list", "--json", "--data-dir", data])
    import json

    [row] = json.loads(listed.stdout)["sources"]
    assert row["articles"] == 7 and row["events"] >= 5
    assert row["last_status"].startswith("ok: 7 added")
    bad = runner.invoke(app, ["sources", "remove", "9", "--data-dir", data])
    assert bad.exit_code == 2 and "no source with id 9" in bad.stderr


def test_reindex_runs_every_source_and_records_its_status(fresh_engine: Engine,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(MINI, folder)
    fresh_engine.registry.add(str(folder), name="articles")
    [(source, report)] = fresh_engine.reindex()
    assert report.added == 7
    assert fresh_engine.registry.get(source.id).last_status.startswith("ok: 7 added")  # type: ignore[union-attr]
    [(_, again)] = fresh_engine.reindex()
    assert (again.added, again.unchanged) == (0, 7)


def test_a_second_reindex_is_refused_while_one_runs(fresh_engine: Engine) -> None:
    started, release = threading.Event(), threading.Event()

    def slow(stage: str, done: int, total: int) -> None:
        started.set()
        release.wait(10)

    fresh_engine.registry.add(str(MINI))
    worker = threading.Thread(target=fresh_engine.reindex, args=(slow,))
    worker.start()
    assert started.wait(30)
    assert fresh_engine.busy
    with pytest.raises(Busy, match="already running"):
        fresh_engine.reindex()
    release.set()
    worker.join(60)
    assert not fresh_engine.busy


def test_feedback_is_stored_with_question_and_answer(fresh_engine: Engine) -> None:
    store = fresh_engine.feedback
    store.remember_answer("a1b2c3d4e5f6", "how many?", "18,000 [1]")
    store.record("a1b2c3d4e5f6", 42, "helpful")
    store.record("a1b2c3d4e5f6", 43, "wrong_number", correct_figure="17,000",
                 source="https://example.org")
    latest = store.latest()
    assert [f.verdict for f in latest] == ["wrong_number", "helpful"]
    assert latest[0].question == "how many?" and latest[0].correct_figure == "17,000"
    assert latest[1].user_id == "42"
    assert store.counts() == {"helpful": 1, "not_helpful": 0, "wrong_number": 1}
    with pytest.raises(ValueError, match="unknown verdict"):
        store.record("a1b2c3d4e5f6", 1, "meh")  # type: ignore[arg-type]


def test_the_lock_holds_across_processes(tmp_path: Path) -> None:
    """A second process cannot start a run while one holds the index, and a holder killed
    with SIGKILL frees it (the OS drops flock locks with the process)."""
    import signal
    import subprocess
    import sys
    import time

    from index.locking import IndexLock

    path = tmp_path / "index.lock"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from index.locking import IndexLock; "
        f"IndexLock(Path({str(path)!r})).acquire(wait=False); print('held', flush=True); "
        "time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = IndexLock(path)
        assert lock.held
        with pytest.raises(Busy, match=rf"another index run holds .*pid {holder.pid}"):
            lock.acquire(wait=False)
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        deadline = time.monotonic() + 5
        while lock.held and time.monotonic() < deadline:
            time.sleep(0.05)
        lock.acquire(wait=False)
        assert lock.held
        lock.release()
        assert not lock.held
    finally:
        holder.kill()


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Tech</title><link>{base}</link>
<item><title>Zoom cuts 1,300 jobs</title><link>{base}/zoom</link>
<pubDate>Tue, 07 Feb 2023 18:00:00 GMT</pubDate></item>
<item><title>Dell cuts 6,650 jobs</title><link>{base}/dell</link>
<pubDate>Mon, 06 Feb 2023 18:00:00 GMT</pubDate></item>
</channel></rss>"""

PAGE = """<html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="Example Tech">
<meta property="article:published_time" content="{day}T18:00:00Z"></head>
<body><nav>Home | Tech</nav><article><h1>{title}</h1><p>{text}</p>
<p>The company said the reductions would be completed over the coming weeks and that
affected employees would receive severance.</p></article></body></html>"""


def test_feeds_are_fetched_indexed_and_refetched_conditionally(fresh_engine: Engine,
                                                               httpserver) -> None:  # type: ignore[no-untyped-def]
    from werkzeug import Response

    base = httpserver.url_for("").rstrip("/")
    hits: list[str] = []

    def page(title: str, day: str, text: str):  # type: ignore[no-untyped-def]
        def handler(request):  # type: ignore[no-untyped-def]
            hits.append(request.path)
            if request.headers.get("If-None-Match") == '"v1"':
                return Response(status=304)
            return Response(PAGE.format(title=title, day=day, text=text), status=200,
                            headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})
        return handler

    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(base=base), content_type="application/rss+xml")
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    httpserver.expect_request("/zoom").respond_with_handler(page(
        "Zoom cuts 1,300 jobs", "2023-02-07",
        "Zoom Video Communications will cut about 1,300 jobs, or 15% of its staff, chief "
        "executive Eric Yuan said on Tuesday."))
    httpserver.expect_request("/dell").respond_with_handler(page(
        "Dell cuts 6,650 jobs", "2023-02-06",
        "Dell Technologies plans to cut about 6,650 jobs, or 5% of its global workforce, "
        "according to a memo seen by reporters on Monday."))
    fresh_engine.settings = fresh_engine.settings.model_copy(  # the feed is on 127.0.0.1
        update={"fetch_delay_seconds": 0, "fetch_allow_private": True})
    feed = fresh_engine.registry.add(f"{base}/feed.xml", name="example")
    missing = fresh_engine.registry.add(f"{base}/gone.xml", name="gone")
    results = dict((s.id, r) for s, r in fresh_engine.reindex())
    assert results[feed.id].added == 2
    assert "HTTP 404" in fresh_engine.registry.get(missing.id).last_status  # type: ignore[union-attr]
    assert fresh_engine.registry.get(feed.id).last_status.startswith("ok: 2 added")  # type: ignore[union-attr]
    answer = fresh_engine.ask("How many jobs did Dell cut in February 2023?")
    assert "6,650" in answer.text and answer.citations[0].url.endswith("/dell")
    articles, events = fresh_engine.registry.counts(
        fresh_engine.registry.get(feed.id), [e.doc_ids for e in fresh_engine.ledger.events])  # type: ignore[arg-type]
    assert (articles, events) == (2, 2)
    hits.clear()
    again = dict((s.id, r) for s, r in fresh_engine.reindex())
    assert again[feed.id].added == 0 and again[feed.id].unchanged == 2
    assert sorted(hits) == ["/dell", "/zoom"], "each page asked once, answered 304"
