"""The small nouns every layer shares: articles, chunks, hits, answers and citations."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType


def content_hash(text: str) -> str:
    """A stable hash of ``text`` with white space folded, so re-flowed copies hash alike."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Article:
    """One cleaned article, ready to chunk.

    ``source`` is where it was read from (a file path or URL); ``url`` is the original
    reporting's address, from front matter or HTML metadata, when known.
    """

    text: str
    source: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    published: date | None = None
    lang: str = ""
    extra: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False, compare=False)

    @property
    def doc_id(self) -> str:
        """Content-derived id: the same text under two paths is one article."""
        return content_hash(self.text)[:24]

    @property
    def link(self) -> str:
        """What a reader can follow: the URL when known, else the source path."""
        return self.url or self.source


@dataclass(frozen=True)
class Chunk:
    """A passage of an article, carrying the article's metadata with it."""

    id: str
    doc_id: str
    ord: int
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: date | None = None
    lang: str = ""
    source: str = ""

    @property
    def header(self) -> str:
        when = self.published.isoformat() if self.published else ""
        parts = [p for p in (self.title, self.outlet, when) if p]
        return " — ".join(parts)

    @property
    def embed_text(self) -> str:
        """The text given to the embedding model: a metadata header, then the passage."""
        return f"{self.header}\n{self.text}" if self.header else self.text

    @property
    def link(self) -> str:
        return self.url or self.source


@dataclass(frozen=True)
class Hit:
    """A chunk found by a search, with its fused score and 1-based rank."""

    chunk: Chunk
    score: float
    rank: int


@dataclass(frozen=True)
class Citation:
    """A numbered source in an answer; ``quote`` is the sentence relied on."""

    n: int
    source: str
    title: str
    url: str
    outlet: str
    published: date | None
    lang: str
    quote: str


@dataclass(frozen=True)
class Term:
    """One cited addend of a computed figure."""

    value: int
    label: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Figure:
    """A number the bot computed (a sum, a difference), shown with every cited term."""

    value: int
    label: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str
    text: str
    citations: tuple[Citation, ...]
    refused: bool = False
    figures: tuple[Figure, ...] = ()
    hits: tuple[Hit, ...] = ()
    # Optional LLM phrasing (index/llm.py): the model whose validated text this is, or, when an
    # LLM was asked and its text is not shown, why ("timeout: …", "unsupported_number: …").
    phrased_by: str | None = None
    llm_fallback: str | None = None
