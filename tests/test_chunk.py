"""Sentence splitting and chunking."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunk import chunk_article
from index.models import Article
from index.text import approx_tokens, join_digit_groups, split_sentences


def test_split_keeps_abbreviations_and_decimals() -> None:
    text = ("M. Jassy a écrit aux salariés. U.S. firms cut 1.5 million jobs in 2023. "
            "« Nous allons réduire nos coûts », a-t-il dit. Dr. Smith agreed.")
    assert split_sentences(text) == [
        "M. Jassy a écrit aux salariés.",
        "U.S. firms cut 1.5 million jobs in 2023.",
        "« Nous allons réduire nos coûts », a-t-il dit.",
        "Dr. Smith agreed.",
    ]


def test_paragraphs_and_bullets_split() -> None:
    text = "First paragraph without a stop\n\nSecond one.\n- 18,000 jobs in total\n- 9,000 more"
    assert split_sentences(text) == ["First paragraph without a stop", "Second one.",
                                     "- 18,000 jobs in total", "- 9,000 more"]


def test_digit_groups_join_in_every_style() -> None:
    assert join_digit_groups("16 000, 16.000, 16,000, 1\u202f500\u00a0000 and 2023") == (
        "16000, 16000, 16000, 1500000 and 2023")


def _article(text: str) -> Article:
    return Article(text=text, source="/x.md", title="T", outlet="O",
                   published=date(2023, 1, 5), lang="en", url="https://example.org/x")


def test_chunks_respect_size_and_overlap() -> None:
    sentences = [f"Sentence number {i} says the company cut {i * 100} jobs in one of its units."
                 for i in range(60)]
    chunks = chunk_article(_article(" ".join(sentences)), max_tokens=120, overlap=30)
    assert len(chunks) > 5
    for chunk in chunks:
        assert approx_tokens(chunk.text) <= 120 + 30
    for previous, current in itertools.pairwise(chunks):
        first = split_sentences(current.text)[0]
        assert first in previous.text, "each chunk starts with the overlap from the previous"
    covered = " ".join(c.text for c in chunks)
    assert all(s in covered for s in sentences), "no sentence is lost"


def test_chunks_carry_metadata_and_deterministic_ids() -> None:
    article = _article("Amazon will cut 18,000 jobs. The cuts begin in January.")
    first = chunk_article(article)
    again = chunk_article(article)
    assert [c.id for c in first] == [c.id for c in again]
    assert first[0].id.startswith(article.doc_id)
    chunk = first[0]
    assert (chunk.title, chunk.outlet, chunk.published, chunk.lang) == (
        "T", "O", date(2023, 1, 5), "en")
    assert chunk.embed_text.startswith("T — O — 2023-01-05\n")
    changed = chunk_article(_article("Amazon will cut 18,000 jobs. The cuts begin in March."))
    assert changed[0].id != first[0].id


def test_an_overlong_sentence_is_cut_to_fit() -> None:
    long_sentence = " ".join(f"w{i}" for i in range(400)) + "."
    chunks = chunk_article(_article(f"Short one. {long_sentence} Short two."), max_tokens=100,
                           overlap=20)
    assert all(approx_tokens(c.text) <= 100 for c in chunks)
    words = " ".join(c.text for c in chunks).replace(".", " ").split()
    assert all(f"w{i}" in words for i in range(400))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=30))
def test_chunking_never_loses_words(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    chunks = chunk_article(_article(text), max_tokens=60, overlap=10)
    joined = " ".join(c.text for c in chunks).split()
    for word in text.split():
        assert word in joined
