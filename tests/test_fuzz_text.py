"""Fuzzing text cleaning (index/clean.py) and chunking (index/chunk.py, index/text.py).

Invariants: cleaning never adds or rewrites text (every output line is an input line, in
order, with only trailing white space removed; no blank runs, no blank ends); the boilerplate
finder only returns normalized lines that occur in enough texts; chunking loses no sentence
(every sentence, or each word-run piece of an over-long one, is in a chunk, in order) and
gives ordered, unique ids.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.chunk import _pieces, chunk_article
from index.clean import MAX_BOILERPLATE_WORDS, clean_text, normalize_line, repeated_lines
from index.models import Article
from index.text import split_sentences
from tests.fuzzkit import Run, article_text, fuzz_settings, line, long_text

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

FUZZ_LONG = 200  # long inputs are slow by design; a few hundred find a quadratic pattern


def _check_clean(text: str, out: str) -> None:
    source = [ln.rstrip() for ln in text.splitlines()]
    it = iter(source)
    for kept in out.split("\n"):
        if kept:
            # in order: each kept line is the next matching input line
            assert any(kept == candidate for candidate in it), (kept, text)
    lines = out.split("\n")
    if out:
        assert lines[0] and lines[-1], "blank line at an end"
    assert "\n\n\n" not in out
    assert all(ln == ln.rstrip() for ln in lines)


def test_clean_text_fuzz() -> None:
    run = Run("clean.clean_text")

    @fuzz_settings()
    @given(article_text, st.lists(line, max_size=5))
    def check(text: str, extra: list[str]) -> None:
        boilerplate = frozenset(normalize_line(x) for x in extra)
        out = run(clean_text, text, boilerplate)
        _check_clean(text, out)

    check()
    run.finish()


def test_clean_text_long_inputs() -> None:
    run = Run("clean.clean_text (long inputs)")

    @fuzz_settings(FUZZ_LONG)
    @given(long_text())
    def check(text: str) -> None:
        _check_clean(text, run(clean_text, text))

    check()
    run.finish(FUZZ_LONG)


def test_repeated_lines_fuzz() -> None:
    run = Run("clean.repeated_lines")

    @fuzz_settings()
    @given(st.lists(article_text, max_size=4), st.integers(1, 3))
    def check(texts: list[str], min_files: int) -> None:
        found = run(repeated_lines, texts, min_files)
        keys = [{normalize_line(ln) for ln in text.splitlines()} for text in set(texts)]
        for key in found:
            assert key and len(key.split()) <= MAX_BOILERPLATE_WORDS
            assert sum(key in k for k in keys) >= min_files, key

    check()
    run.finish()


def test_normalize_line_is_stable() -> None:
    """The comparison key of a key is the key itself, so boilerplate sets compare equal."""
    run = Run("clean.normalize_line")

    @fuzz_settings()
    @given(line)
    def check(text: str) -> None:
        key = run(normalize_line, text)
        assert normalize_line(key) == key, (text, key)

    check()
    run.finish()


def _check_chunks(text: str, max_tokens: int, overlap: int) -> None:
    article = Article(text=text, source="fuzz.md", title="t")
    chunks = chunk_article(article, max_tokens=max_tokens, overlap=overlap)
    pieces = [p for s in split_sentences(text) for p in _pieces(s, max_tokens)]
    assert [c.ord for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)
    if pieces:
        assert chunks, "text with sentences gave no chunk"
    position = 0
    for piece in pieces:
        while position < len(chunks) and piece not in chunks[position].text:
            position += 1
        assert position < len(chunks), f"sentence lost: {piece!r}"
    for chunk in chunks:
        assert chunk.text.strip() and chunk.doc_id == article.doc_id


def test_chunk_article_fuzz() -> None:
    run = Run("chunk.chunk_article")

    @fuzz_settings()
    @given(article_text, st.integers(8, 300), st.integers(0, 80))
    def check(text: str, max_tokens: int, overlap: int) -> None:
        run(_check_chunks, text, max_tokens, overlap)

    check()
    run.finish()
