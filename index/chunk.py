"""Sentence-aware chunking with overlap, sized for multilingual-e5-small (512 tokens at most)."""

from __future__ import annotations

from index.models import Article, Chunk
from index.text import approx_tokens, split_sentences

CHUNKER_VERSION = "sent-v1"


def chunk_article(article: Article, *, max_tokens: int = 220, overlap: int = 40) -> list[Chunk]:
    """Split ``article`` into chunks of whole sentences of about ``max_tokens`` tokens.

    Consecutive chunks share up to ``overlap`` tokens of trailing sentences. A sentence longer
    than ``max_tokens`` is cut into pieces of whole words. Chunk ids derive from the article's
    content hash, so the same text always gives the same ids.
    """
    sentences = [piece for sentence in split_sentences(article.text)
                 for piece in _pieces(sentence, max_tokens)]
    groups: list[list[str]] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        cost = approx_tokens(sentence)
        if current and size + cost > max_tokens:
            groups.append(current)
            carried: list[str] = []
            carried_size = 0
            for previous in reversed(current):
                previous_cost = approx_tokens(previous)
                if carried_size + previous_cost > min(overlap, max_tokens - cost):
                    break
                carried.insert(0, previous)
                carried_size += previous_cost
            current, size = carried, carried_size
        current.append(sentence)
        size += cost
    if current and (not groups or len(current) > len(_shared_tail(groups[-1], current))):
        groups.append(current)
    doc_id = article.doc_id
    return [
        Chunk(
            id=f"{doc_id}-{ord_:04d}", doc_id=doc_id, ord=ord_, text=" ".join(group),
            title=article.title, outlet=article.outlet, url=article.url,
            published=article.published, lang=article.lang, source=article.source,
        )
        for ord_, group in enumerate(groups)
    ]


def _pieces(sentence: str, max_tokens: int) -> list[str]:
    """``sentence`` itself, or runs of its words that each fit in ``max_tokens``."""
    if approx_tokens(sentence) <= max_tokens:
        return [sentence]
    pieces: list[str] = []
    current: list[str] = []
    for word in sentence.split():
        if current and approx_tokens(" ".join([*current, word])) > max_tokens:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _shared_tail(previous: list[str], current: list[str]) -> list[str]:
    """The part of ``current`` that only repeats the end of ``previous`` (the overlap)."""
    n = len(current)
    return current if previous[-n:] == current else []
