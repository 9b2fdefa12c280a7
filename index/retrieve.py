"""Hybrid retrieval: dense (Chroma) and lexical (BM25) results fused by reciprocal rank."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from index.catalog import Catalog
from index.dates import Span
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.models import Chunk, Hit
from index.store import VectorStore

log = logging.getLogger(__name__)

RRF_K = 60
PERIOD_GRACE_DAYS = 45  # an article published soon after a period still reports on it


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    languages: tuple[str, ...] = ()

    def admits(self, chunk: Chunk) -> bool:
        if self.languages and chunk.lang not in self.languages:
            return False
        if self.since is None and self.until is None:
            return True
        if chunk.published is None:
            return False
        if self.since is not None and chunk.published < self.since:
            return False
        return not (self.until is not None and chunk.published > self.until)


def period_filter(period: Span) -> Filters:
    """Chunks published in ``period`` or within the grace days after it."""
    return Filters(since=period.start, until=period.end + timedelta(days=PERIOD_GRACE_DAYS))


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]],
                           k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked id lists: each id scores the sum of 1 / (k + rank) over the lists."""
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] += 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def cap_per_article(chunks: Sequence[Chunk], per_article: int) -> list[Chunk]:
    """Keep at most ``per_article`` chunks of any one article, in order."""
    seen: dict[str, int] = defaultdict(int)
    kept = []
    for chunk in chunks:
        if seen[chunk.doc_id] < per_article:
            seen[chunk.doc_id] += 1
            kept.append(chunk)
    return kept


class Retriever:
    def __init__(self, embedder: Embedder, store: VectorStore, catalog: Catalog,
                 lexical: LexicalIndex) -> None:
        self.embedder = embedder
        self.store = store
        self.catalog = catalog
        self.lexical = lexical
        self._lexical_meta: list[Chunk] | None = None

    def search(self, query: str, k: int = 5, *, lang: str = "en", filters: Filters = Filters(),
               prefer: Filters | None = None, per_article: int = 2,
               depth: int = 50) -> list[Hit]:
        """The ``k`` best chunks for ``query``.

        ``filters`` excludes chunks; ``prefer`` only favours the chunks it admits (the period a
        question names, say) by fusing their rankings in a second time.
        """
        vector = self.embedder.embed_query(query)
        return self.search_vector(query, vector, k, lang=lang, filters=filters, prefer=prefer,
                                  per_article=per_article, depth=depth)

    def search_vector(self, query: str, vector: np.ndarray, k: int, *, lang: str,
                      filters: Filters = Filters(), prefer: Filters | None = None,
                      per_article: int = 2, depth: int = 50) -> list[Hit]:
        dense = [h.chunk_id for h in self.store.search(
            vector, depth, since=filters.since, until=filters.until,
            languages=filters.languages)]
        lexical = [i for i, _ in self.lexical.search(query, lang, depth,
                                                     allowed=self._mask(filters))]
        chunks = self.catalog.chunks_by_id(list(dict.fromkeys(dense + lexical)))
        checked, n = set(dense), depth
        while len(dense) == n and sum(i in chunks for i in dense) < depth:
            # Vectors the catalog doesn't list (a run still embedding, or killed before its
            # commit) take no place: rank the committed chunks as if they weren't there.
            n += depth + n - sum(i in chunks for i in dense)
            dense = [h.chunk_id for h in self.store.search(
                vector, n, since=filters.since, until=filters.until,
                languages=filters.languages)]
            chunks.update(self.catalog.chunks_by_id([i for i in dense if i not in checked]))
            checked.update(dense)
        dense = [i for i in dense if i in chunks][:depth]
        rankings = [dense, lexical]
        if prefer is not None:
            rankings += [[i for i in ranking if i in chunks and prefer.admits(chunks[i])]
                         for ranking in (dense, lexical)]
        fused = reciprocal_rank_fusion(rankings)
        ordered = [chunks[cid] for cid, _ in fused if cid in chunks]
        scores = dict(fused)
        kept = cap_per_article([c for c in ordered if filters.admits(c)], per_article)[:k]
        return [Hit(chunk=c, score=scores[c.id], rank=i) for i, c in enumerate(kept, start=1)]

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if filters == Filters() or not self.lexical.ids:
            return None
        if self._lexical_meta is None:
            by_id = self.catalog.chunks_by_id(self.lexical.ids)
            self._lexical_meta = [by_id[i] for i in self.lexical.ids if i in by_id]
            if len(self._lexical_meta) != len(self.lexical.ids):
                self._lexical_meta = None
                return None
        return np.array([filters.admits(c) for c in self._lexical_meta], dtype=np.float32)
