"""The vector store on real Chroma: embedded in a temp dir, and a real `chroma run` server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from index.models import Chunk
from index.store import ModelMismatchError, StoreError, VectorStore

from .conftest import MINI, make_settings

SIGNATURE: dict[str, str | int] = {"embed_model": "test:unit", "dim": 4, "chunker": "v"}


def _chunk(i: int, published: date | None, lang: str) -> Chunk:
    return Chunk(id=f"doc{i}-0000", doc_id=f"doc{i}", ord=0, text=f"text {i}",
                 published=published, lang=lang)


def _fill(store: VectorStore) -> None:
    chunks = [_chunk(0, date(2022, 11, 9), "en"), _chunk(1, date(2023, 1, 5), "fr"),
              _chunk(2, None, "en")]
    vectors = np.eye(4, dtype=np.float32)[:3]
    store.add(chunks, vectors)


def _exercise(store: VectorStore) -> None:
    _fill(store)
    assert store.count() == 3
    hits = store.search(np.array([1, 0.2, 0, 0], dtype=np.float32), 3)
    assert hits[0].chunk_id == "doc0-0000"
    assert hits[0].similarity > hits[1].similarity
    assert [h.chunk_id for h in store.search(np.eye(4)[0], 3, languages=["fr"])] == ["doc1-0000"]
    dated = store.search(np.eye(4)[0], 3, since=date(2023, 1, 1))
    assert [h.chunk_id for h in dated] == ["doc1-0000"], "undated chunks fall outside a range"
    assert {h.chunk_id for h in store.search(np.eye(4)[0], 3, until=date(2022, 12, 31))} == {
        "doc0-0000"}
    assert store.existing(["doc0-0000", "nope"]) == {"doc0-0000"}
    store.delete(["doc0-0000"])
    assert store.count() == 2
    with pytest.raises(ValueError, match="expected 1 vectors of 4"):
        store.add([_chunk(5, None, "en")], np.zeros((1, 3), dtype=np.float32))


def test_embedded_store(tmp_path: Path) -> None:
    _exercise(VectorStore(make_settings(tmp_path), signature=SIGNATURE))


def test_store_persists_and_refuses_another_model(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    _fill(VectorStore(settings, signature=SIGNATURE))
    assert VectorStore(settings, signature=SIGNATURE).count() == 3
    with pytest.raises(ModelMismatchError, match=r"embed_model.*layoffs index --rebuild"):
        VectorStore(settings, signature={**SIGNATURE, "embed_model": "other", "dim": 8})
    store = VectorStore(settings, signature=SIGNATURE)
    assert store.count() == 3, "a refused open loses nothing"


def test_unreachable_server_names_the_setting(tmp_path: Path) -> None:
    port = _free_port()
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=port)
    with pytest.raises(StoreError, match=rf"127.0.0.1:{port}.*CHROMA_HOST"):
        VectorStore(settings, signature=SIGNATURE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real `chroma run` on 127.0.0.1, for this module's tests."""
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    proc = subprocess.Popen([exe, "run", "--path", str(path / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not listen within 60 s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.mark.slow
def test_server_store(tmp_path: Path, chroma_server: int) -> None:
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    store = VectorStore(settings, signature=SIGNATURE)
    store.reset()
    _exercise(store)
    assert "127.0.0.1" in store.where


@pytest.mark.slow
def test_engine_against_server(tmp_path: Path, chroma_server: int, nano: object,
                               mini_engine: object) -> None:
    """The whole engine (real model, real server) finds and answers as the embedded one."""
    from index.engine import Engine

    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1",
                             chroma_port=chroma_server, chroma_collection="engine-test")
    engine = Engine(settings, embedder=nano)  # type: ignore[arg-type]
    report = engine.index([MINI])
    assert report.added == 7
    assert engine.store.count() == report.chunks_added
    for query in ("Combien de postes Spotify supprime-t-il ?", "Meta layoffs 13%",
                  "Alphabet 12,000 jobs"):
        server = [h.chunk.id for h in engine.search(query, 5)]
        embedded = [h.chunk.id for h in mini_engine.search(query, 5)]  # type: ignore[attr-defined]
        assert server == embedded, query
    answer = engine.ask("How many jobs did Meta cut in November 2022?")
    assert "11,000" in answer.text and not answer.refused
    engine.close()


@pytest.mark.slow
def test_one_indexer_process_and_a_reader_share_a_server(tmp_path: Path, chroma_server: int,
                                                         nano: object) -> None:
    """Another process indexes into the shared Chroma server and data dir; this process keeps
    answering from the old state, then picks up the new one once the indexer commits."""
    import os

    from index.cli import sample_corpus
    from index.engine import Engine

    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1",
                             chroma_port=chroma_server, chroma_collection="shared")
    reader = Engine(settings, embedder=nano)  # type: ignore[arg-type]
    reader.index([MINI])
    env = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server),
           "CHROMA_COLLECTION": "shared"}
    indexer = subprocess.Popen(
        [sys.executable, "-m", "index.cli", "index", str(sample_corpus()), "--data-dir",
         str(settings.data_dir)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)
    seen = set()
    while indexer.poll() is None:
        seen.add(reader.stats().articles)
        answer = reader.ask("How many jobs did Meta cut in November 2022?")
        assert "11,000" in answer.text
        time.sleep(0.2)
    assert indexer.returncode == 0, indexer.stderr.read() if indexer.stderr else ""
    assert seen <= {7, 66}
    assert reader.refresh() in (True, False)  # a question may already have reloaded it
    assert reader.stats().articles == 66
    answer = reader.ask("How many jobs did Dell cut in February 2023?")
    assert "6,650" in answer.text, "the reader answers from the indexer's new articles"
    reader.close()


@pytest.mark.slow
def test_a_reader_of_the_embedded_store_sees_another_process_s_new_vectors(
        tmp_path: Path, nano: object) -> None:
    """An open embedded Chroma client keeps its vector index in memory: without reopening it,
    a reader beside `layoffs index` in another process would never rank the new articles'
    passages by meaning (the catalog's count would say they are there)."""
    from index.cli import sample_corpus
    from index.engine import Engine

    settings = make_settings(tmp_path / "data")
    reader = Engine(settings, embedder=nano)  # type: ignore[arg-type]
    reader.index([MINI])
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(sample_corpus() / "dell-2023-02-06-crn-en.md", extra)
    question = "How many jobs did Dell cut in February 2023?"
    vector = nano.embed_query(question)  # type: ignore[attr-defined]
    before = [h.chunk_id for h in reader.store.search(vector, 5)]  # opened before the indexer
    done = subprocess.run(
        [sys.executable, "-m", "index.cli", "index", str(extra), "--data-dir",
         str(settings.data_dir)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert reader.refresh()
    dell = {c.id for c in reader.catalog.iter_chunks() if "Dell" in c.title}
    assert dell and not dell & set(before)
    ranked = [h.chunk_id for h in reader.store.search(vector, 5)]
    assert set(ranked) & dell, "the reader's dense search ranks the other process's vectors"
    answer = reader.ask(question)
    assert "6,650" in answer.text
    reader.close()
