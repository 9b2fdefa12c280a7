"""Fuzzing the company table, question parser and mention extractor (index/companies.py,
index/question.py, index/extract.py).

Invariants: a company resolves only to a canonical name of the alias table; found mentions
are the text they claim, in order, without overlap; a question's companies are canonical and
its unknown names are words of the question; an extracted mention names a canonical company or
a company the article itself names (open world: folded, "Telefónica" is "Telefonica"), quotes a
sentence of the article, and its figure is non-negative with ordered bounds.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.companies import CompanyTable, fold_company
from index.extract import extract_mentions
from index.models import Article
from index.question import parse_question
from tests.fuzzkit import COMPANY, Run, article_text, fuzz_settings, layoff_sentence, raw_text

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

TABLE = CompanyTable.load()
NAMES = frozenset(TABLE.names())
typo = st.tuples(COMPANY, st.integers(0, 12), st.sampled_from(["", "x", " Inc", " SA", "."])).map(
    lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1:])


def test_companies_fuzz() -> None:
    run = Run("companies.find+canonical")

    @fuzz_settings()
    @given(st.one_of(typo, COMPANY, raw_text, layoff_sentence()))
    def check(text: str) -> None:
        name = run(TABLE.canonical, text)
        assert name is None or name in NAMES
        end = 0
        for m in TABLE.find(text):
            assert m.company in NAMES and text[m.start:m.end] == m.text and m.start >= end
            end = m.end

    check()
    run.finish()


def test_parse_question_fuzz() -> None:
    run = Run("question.parse_question")

    @fuzz_settings()
    @given(st.one_of(layoff_sentence(), raw_text,
                     st.tuples(st.sampled_from(["How many jobs did ", "Combien de postes ",
                                                "Why did ", "When did "]),
                               COMPANY, st.sampled_from([" cut in 2023?", " supprime ?", ""]))
                     .map("".join)),
           st.dates(date(2000, 1, 1), date(2040, 1, 1)))
    def check(text: str, today: date) -> None:
        q = run(parse_question, text, languages=("en", "fr"), companies=TABLE, today=today)
        assert set(q.companies) <= NAMES and q.lang in ("en", "fr")
        assert all(name in text for name in q.unknown_names)

    check()
    run.finish()


def test_extract_mentions_fuzz() -> None:
    run = Run("extract.extract_mentions")

    @fuzz_settings()
    @given(st.lists(st.one_of(layoff_sentence(), article_text), max_size=4).map("\n".join),
           st.sampled_from(["en", "fr"]), st.one_of(st.none(), st.dates(date(2000, 1, 1))))
    def check(text: str, lang: str, published: date | None) -> None:
        article = Article(text=text, source="f.md", title="t", lang=lang, published=published)
        flat = " ".join(text.split())
        for m in run(extract_mentions, article, TABLE, today=date(2030, 1, 1)):
            assert m.company in NAMES or fold_company(m.company) in fold_company(text)
            assert m.sentence in flat
            assert m.headcount is None or m.headcount >= 0
            if m.low is not None and m.high is not None:
                assert m.low <= m.high

    check()
    run.finish()
