"""Reading the news corpus's articles in the ledger-rule tests: an article's mentions, with the
alias table loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from index.companies import CompanyTable
from index.extract import Mention, extract_mentions
from index.ingest import load_articles

NEWS = Path(__file__).resolve().parent.parent / "corpora" / "news"


@cache
def table() -> CompanyTable:
    return CompanyTable.load()


@cache
def read(path: str) -> tuple[Mention, ...]:
    """The mentions of the corpus article at ``path`` (relative to corpora/news)."""
    articles = load_articles([NEWS / path], languages=["en", "fr", "de", "es"],
                             max_bytes=5_000_000).articles
    return tuple(m for a in articles for m in extract_mentions(a, table()))
