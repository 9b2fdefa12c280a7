"""Indexing through the engine on real Chroma and the real model: only changes cost work."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from index.engine import Engine
from index.retrieve import Filters

from .conftest import MINI, CountingEmbedder, make_settings


def test_reindexing_unchanged_articles_embeds_nothing(fresh_engine: Engine,
                                                      counting: CountingEmbedder,
                                                      mini_copy: Path) -> None:
    first = fresh_engine.index([mini_copy])
    assert (first.added, first.unchanged, first.removed) == (7, 0, 0)
    embedded = len(counting.embedded)
    assert embedded == first.chunks_added == fresh_engine.store.count()
    second = fresh_engine.index([mini_copy])
    assert (second.added, second.unchanged, second.removed) == (0, 7, 0)
    assert len(counting.embedded) == embedded, "nothing re-embedded"
    assert fresh_engine.store.count() == first.chunks_added


def test_changed_article_replaces_its_chunks_without_orphans(fresh_engine: Engine,
                                                             counting: CountingEmbedder,
                                                             mini_copy: Path) -> None:
    fresh_engine.index([mini_copy])
    before = fresh_engine.stats().chunks
    path = mini_copy / "spotify-en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("1,500", "1,600"),
                    encoding="utf-8")
    counting.embedded.clear()
    report = fresh_engine.index([mini_copy])
    assert (report.added, report.unchanged, report.removed) == (1, 6, 1)
    assert all("1,600" in t for t in counting.embedded)
    assert fresh_engine.stats().chunks == before == fresh_engine.store.count()
    texts = " ".join(c.text for c in fresh_engine.catalog.iter_chunks())
    assert "1,600" in texts and "1,500" not in texts


def test_same_article_under_two_paths_is_stored_once(fresh_engine: Engine,
                                                     mini_copy: Path) -> None:
    shutil.copy(mini_copy / "meta-en.md", mini_copy / "meta-en-copy.md")
    report = fresh_engine.index([mini_copy])
    assert report.added == 7 and report.unchanged == 1
    [article] = [a for a in fresh_engine.catalog.articles() if a.title.startswith("Meta lays")]
    sources = fresh_engine.catalog.sources_of(article.doc_id)
    assert [Path(s).name for s in sources] == ["meta-en-copy.md", "meta-en.md"]
    (mini_copy / "meta-en.md").unlink()
    report = fresh_engine.index([mini_copy])
    assert report.removed == 0, "the copy still holds the article"
    assert [Path(s).name for s in fresh_engine.catalog.sources_of(article.doc_id)] == [
        "meta-en-copy.md"]


def test_deleted_file_is_removed_from_every_store(fresh_engine: Engine, mini_copy: Path) -> None:
    fresh_engine.index([mini_copy])
    (mini_copy / "spotify-en.md").unlink()
    report = fresh_engine.index([mini_copy])
    assert report.removed == 1 and report.chunks_removed >= 1
    assert fresh_engine.stats().chunks == fresh_engine.store.count()
    assert "Spotify" not in " ".join(h.chunk.title for h in fresh_engine.search("Spotify", 5))


def test_bad_files_lose_nothing_already_indexed(fresh_engine: Engine,
                                                mini_copy: Path) -> None:
    fresh_engine.index([mini_copy])
    before = fresh_engine.stats()
    (mini_copy / "spotify-en.md").write_bytes(b"\x00\x01binary now")
    (mini_copy / "new-bad.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))  # Latin-1 is read
    report = fresh_engine.index([mini_copy])
    assert {Path(s.source).name for s in report.skipped} == {"spotify-en.md", "new-bad.md"}
    assert not report.ok
    after = fresh_engine.stats()
    assert (after.articles, after.chunks) == (before.articles, before.chunks)
    assert any("Spotify" in h.chunk.title for h in fresh_engine.search("Spotify 17%", 3))


def test_indexing_one_file_keeps_the_rest(fresh_engine: Engine, mini_copy: Path) -> None:
    fresh_engine.index([mini_copy])
    report = fresh_engine.index([mini_copy / "meta-en.md"])
    assert (report.added, report.unchanged, report.removed) == (0, 1, 0)
    assert fresh_engine.stats().articles == 7


def test_rebuild_starts_over(fresh_engine: Engine, mini_copy: Path) -> None:
    fresh_engine.index([mini_copy])
    report = fresh_engine.index([mini_copy / "meta-en.md"], rebuild=True)
    assert report.added == 1 and fresh_engine.stats().articles == 1
    assert fresh_engine.store.count() == fresh_engine.stats().chunks


def test_index_survives_reopening(tmp_path: Path, counting: CountingEmbedder) -> None:
    settings = make_settings(tmp_path / "data")
    engine = Engine(settings, embedder=counting)
    engine.index([MINI])
    engine.close()
    reopened = Engine(settings, embedder=counting)
    hits = reopened.search("Alphabet 12,000 jobs", 3)
    assert hits[0].chunk.title == "Alphabet to cut 12,000 jobs"
    assert reopened.stats().articles == 7
    reopened.close()


def test_changing_the_model_is_refused_with_a_fix(tmp_path: Path,
                                                  counting: CountingEmbedder) -> None:
    from index.store import ModelMismatchError

    settings = make_settings(tmp_path / "data")
    Engine(settings, embedder=counting).index([MINI / "meta-en.md"])
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        Engine(make_settings(tmp_path / "data", chunk_tokens=300), embedder=counting)


def test_the_fix_it_gives_works(tmp_path: Path) -> None:
    """`layoffs index --rebuild` with the new settings: it was refused by the very check
    whose message told the user to run it."""
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    base = [sys.executable, "-m", "index.cli", "index", "--data-dir", str(data)]
    env = {**os.environ, "CHUNK_TOKENS": "220"}
    first = subprocess.run([*base, str(MINI / "meta-en.md")], env=env, capture_output=True,
                           text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    env["CHUNK_TOKENS"] = "300"
    refused = subprocess.run([*base, str(MINI / "meta-en.md")], env=env, capture_output=True,
                             text=True, timeout=600)
    assert refused.returncode == 2 and "--rebuild" in refused.stderr
    rebuilt = subprocess.run([*base, "--rebuild", str(MINI / "meta-en.md")], env=env,
                             capture_output=True, text=True, timeout=600)
    assert rebuilt.returncode == 0, rebuilt.stderr
    again = subprocess.run([*base, str(MINI / "meta-en.md")], env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr


def test_hybrid_search_finds_french_for_english_and_filters(mini_engine: Engine) -> None:
    hits = mini_engine.search("How many jobs did Microsoft cut?", 3)
    assert hits[0].chunk.title == "Microsoft supprime 10 000 postes"
    french = mini_engine.search("Amazon jobs", 5, filters=Filters(languages=("fr",)))
    assert french and all(h.chunk.lang == "fr" for h in french)
    old = mini_engine.search("layoffs", 10, filters=Filters(until=date(2022, 12, 31)))
    assert old and all(h.chunk.published and h.chunk.published.year == 2022 for h in old)


def test_search_caps_chunks_per_article(tmp_path: Path, counting: CountingEmbedder) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    body = " ".join(f"Paragraph {i}: Intel said it would cut 15,000 jobs to save money."
                    for i in range(80))
    (folder / "intel.md").write_text(body, encoding="utf-8")
    (folder / "other.md").write_text("Intel rival AMD said it would cut 4% of its staff.",
                                     encoding="utf-8")
    engine = Engine(make_settings(tmp_path / "data", chunk_tokens=64, chunk_overlap=8),
                    embedder=counting)
    engine.index([folder])
    hits = engine.search("Intel job cuts", 5)
    titles = [Path(h.chunk.source).name for h in hits]
    assert titles.count("intel.md") == 2 and "other.md" in titles
    engine.close()


def test_vectors_lost_or_orphaned_are_left_to_the_indexer(tmp_path: Path,
                                                         counting: CountingEmbedder,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """A reader embeds nothing: it answers, saying once that vectors are missing; `repair`
    (under the lock) embeds only the missing ones and keeps a killed run's; an index run drops
    the leftovers."""
    import numpy as np

    from index.models import Chunk

    settings = make_settings(tmp_path / "data")
    engine = Engine(settings, embedder=counting)
    engine.index([MINI])
    total = engine.stats().chunks
    gone = [c.id for c in engine.catalog.iter_chunks()][:3]
    engine.store.delete(gone)  # as if a collection had been dropped or a server lost data
    stray = Chunk(id="stray-0000", doc_id="stray", ord=0, text="left by a killed run")
    engine.store.add([stray], np.ones((1, counting.dim), dtype=np.float32) / counting.dim**0.5)
    engine.close()
    counting.embedded.clear()
    reopened = Engine(settings, embedder=counting)
    assert reopened.search("Alphabet 12,000 jobs", 3)
    reopened.search("Meta 11,000", 3)
    assert not counting.embedded, "a reader embeds nothing"
    warnings = [r for r in caplog.records if "layoffs repair" in r.getMessage()]
    assert len(warnings) == 1, "said once"
    assert reopened.store.count() == total - 3 + 1
    report = reopened.repair()
    assert len(counting.embedded) == report.reembedded == 3, "only the missing are embedded"
    assert report.stray == 1 and "stray-0000" in reopened.store.all_ids(), "kept for reuse"
    assert reopened.repair().reembedded == 0
    reopened.index([MINI])
    assert "stray-0000" not in reopened.store.all_ids(), "an index run drops leftovers"
    assert reopened.store.count() == total
    reopened.close()


def test_vectors_written_by_an_unfinished_run_are_reused(tmp_path: Path,
                                                         counting: CountingEmbedder) -> None:
    """A run killed after writing vectors but before its commit costs the next run nothing
    for those chunks: their ids derive from the content, so the next run finds them."""
    from index.chunk import chunk_article
    from index.ingest import load_articles

    engine = Engine(make_settings(tmp_path / "data"), embedder=counting)
    [article] = load_articles([MINI / "spotify-en.md"], languages=("en", "fr"),
                              max_bytes=10**6).articles
    chunks = chunk_article(article, max_tokens=engine.settings.chunk_tokens,
                           overlap=engine.settings.chunk_overlap)
    engine.store.add(chunks, counting.inner.embed_documents([c.embed_text for c in chunks]))
    assert engine.stats().articles == 0, "not committed: readers don't see it"
    counting.embedded.clear()
    report = engine.index([MINI])
    assert report.added == 7
    assert not any("Spotify cuts 17%" in text for text in counting.embedded)
    assert engine.store.count() == engine.stats().chunks
    engine.close()
