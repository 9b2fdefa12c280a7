"""Lexical search with BM25 (bm25s), English and French stop words and stemming."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

from index.models import Chunk
from index.text import fold, words

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on itself at import

_STEMMER_LANGS = {"en": "english", "fr": "french", "de": "german", "es": "spanish",
                  "it": "italian", "nl": "dutch", "pt": "portuguese"}


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_FRENCH

    question_words = ("how many much since what when which who why combien depuis quand "
                      "pourquoi quel quels quelle quelles lequel est-ce qu")
    return frozenset(
        fold(w) for w in (*STOPWORDS_EN_PLUS, *STOPWORDS_FRENCH, *question_words.split())
    )


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    import Stemmer

    return Stemmer.Stemmer(_STEMMER_LANGS.get(lang, "english"))


def tokenize(text: str, lang: str) -> list[str]:
    """Folded, stemmed word tokens without stop words; numbers are kept whole."""
    stop = _stopwords()
    kept = [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]
    stems: list[str] = _stemmer(lang).stemWords(kept)
    return stems


class LexicalIndex:
    """A BM25 index over chunk texts, saved beside the catalog and rebuilt after each run."""

    def __init__(self, ids: Sequence[str], retriever: object | None,
                 generation: int = 0) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self.generation = generation  # the catalog generation it was built from

    @classmethod
    def build(cls, chunks: Sequence[Chunk], generation: int = 0) -> LexicalIndex:
        if not chunks:
            return cls([], None, generation)
        corpus = [tokenize(f"{c.title}\n{c.text}", c.lang) or ["_"] for c in chunks]
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return cls([c.id for c in chunks], retriever, generation)

    def save(self, root: Path, *, prune: bool = True) -> None:
        """Save under ``root/g<generation>``, ``ids.json`` last: a reader loading the newest
        complete folder never sees a half-written one. Older folders are then removed, unless
        ``prune`` is False (an index run saves before its catalog commit, prunes after it).
        Raises OSError when the folder cannot be written (disk full, permissions)."""
        folder = root / f"g{self.generation}"
        if folder.exists():  # left by a run killed before its commit: start clean
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(folder), show_progress=False)  # type: ignore[attr-defined]
        tmp = folder / "ids.json.tmp"
        tmp.write_text(json.dumps({"generation": self.generation, "ids": self.ids}),
                       encoding="utf-8")
        tmp.replace(folder / "ids.json")
        if prune:
            self.prune(root)

    def prune(self, root: Path) -> None:
        """Remove every saved generation but this one's (best effort)."""
        for old in root.glob("g*"):
            if old.name != f"g{self.generation}" and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def saved(root: Path, generation: int) -> bool:
        """Whether the index of ``generation`` is saved whole under ``root``."""
        return (root / f"g{generation}" / "ids.json").is_file()

    @staticmethod
    def discard(root: Path, generation: int) -> None:
        """Remove a generation saved by a run whose commit failed (best effort)."""
        shutil.rmtree(root / f"g{generation}", ignore_errors=True)

    @classmethod
    def load(cls, root: Path, generation: int | None = None) -> LexicalIndex | None:
        """The newest complete saved index, or the one of ``generation`` (None if missing)."""
        complete = [f for f in root.glob("g*") if (f / "ids.json").exists()]
        if generation is not None:
            complete = [f for f in complete if f.name == f"g{generation}"]
        if not complete:
            return None
        folder = max(complete, key=lambda f: int(f.name[1:]) if f.name[1:].isdigit() else -1)
        ids_file = folder / "ids.json"
        saved = json.loads(ids_file.read_text(encoding="utf-8"))
        if not isinstance(saved, dict):
            return None  # an older layout: rebuild
        ids, generation = saved.get("ids", []), int(saved.get("generation", -1))
        if not ids:
            return cls([], None, generation)
        try:
            retriever = bm25s.BM25.load(str(folder))
        except (OSError, ValueError) as err:
            log.warning("lexical index in %s unreadable (%s); it will be rebuilt", folder, err)
            return None
        return cls(ids, retriever, generation)

    def search(self, query: str, lang: str, k: int,
               allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) pairs, best first; ``allowed`` masks chunks by position."""
        if self._retriever is None:
            return []
        vocab = self._retriever.vocab_dict  # type: ignore[attr-defined]
        tokens = [t for t in tokenize(query, lang) if t in vocab]
        if not tokens:
            return []
        k = min(k, len(self.ids))
        docs, scores = self._retriever.retrieve(  # type: ignore[attr-defined]
            [tokens], k=k, show_progress=False, weight_mask=allowed, n_threads=1
        )
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True)
                if s > 0]
