""""How many jobs has X cut since Y", asked in English, French, German and Spanish about
companies the alias table does not know, answered from the ledger in the asker's language.

Real engine (packaged model, Chroma in tmp_path) on real dev articles
(corpora/news/dev/articles). The expected totals are the gold's
(corpora/news/dev/gold/events-*.jsonl): Glovo cut 250 jobs on 30 Jan 2023 (the ~140 in Barcelona
are part of it); Personio 101 (Jan 2024) + 115 (6 Nov 2024) + about 165 (Oct 2025) = 381.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from index.answer import answer_question, unsupported_numbers
from index.ledger_answer import DATE_PATTERN, format_when

DEV = Path(__file__).resolve().parents[1] / "corpora" / "news" / "dev" / "articles"
TODAY = date(2026, 3, 1)

QUESTIONS = [
    # company, lang, question, the answer's lead (gold total, the asker's words and numbers)
    ("Glovo", "en", "How many jobs has Glovo cut since 2023?",
     "250 jobs on 30 Jan 2023 ["),
    ("Glovo", "fr", "Combien d'emplois Glovo a-t-il supprimés depuis 2023 ?",
     "250 emplois le 30 janv. 2023 ["),
    ("Glovo", "de", "Wie viele Stellen hat Glovo seit 2023 gestrichen?",
     "250 Stellen am 30. Januar 2023 ["),
    ("Glovo", "es", "¿Cuántos empleos ha recortado Glovo desde 2023?",
     "250 empleos el 30 de enero de 2023 ["),
    ("Personio", "en", "How many jobs has Personio cut since 2024?",
     "About 381 jobs since 2024 (3 rounds): 101 on 27 Jan 2024 ["),
    ("Personio", "fr", "Combien d'emplois Personio a-t-il supprimés depuis 2024 ?",
     "Environ 381 emplois depuis 2024 (3 vagues) : 101 le 27 janv. 2024 ["),
    ("Personio", "de", "Wie viele Stellen hat Personio seit 2024 gestrichen?",
     "Rund 381 Stellen seit 2024 (3 Runden): 101 am 27. Januar 2024 ["),
    ("Personio", "es", "¿Cuántos empleos ha recortado Personio desde 2024?",
     "Unos 381 empleos desde 2024 (3 rondas): 101 el 27 de enero de 2024 ["),
]

# Words only the asker's language would use in these answers.
OWN_WORDS = {"en": ("jobs",), "fr": ("emplois",), "de": ("Stellen",), "es": ("empleos",)}


@pytest.fixture
def dev_engine(tmp_path: Path, fresh_engine: object) -> Iterator[object]:
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in sorted(DEV.glob("glovo-*")) + sorted(DEV.glob("personio-*")):
        shutil.copy(path, articles / path.name)
    report = fresh_engine.index([articles])  # type: ignore[attr-defined]
    assert report.added == 7 and not report.skipped, report
    yield fresh_engine


def test_unknown_companies_answered_from_the_ledger_in_the_askers_language(
        dev_engine: object) -> None:
    engine = dev_engine
    for company in ("Glovo", "Personio"):
        assert engine.companies.get(company) is None  # type: ignore[attr-defined]
    for company, lang, question, lead in QUESTIONS:
        answer = answer_question(engine, question, today=TODAY)  # type: ignore[arg-type]
        assert answer.lang == lang, question
        assert not answer.refused, answer.text
        assert answer.text.startswith(lead), (question, answer.text)
        assert all(word in answer.text for word in OWN_WORDS[lang]), answer.text
        others = {w for code, words in OWN_WORDS.items() if code != lang for w in words}
        assert not any(re.search(rf"\b{w}\b", answer.text) for w in others), answer.text
        # every marker is a source, and every source quotes the company
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
        assert markers and markers == {c.n for c in answer.citations}, answer.text
        assert all(company in f"{c.title} {c.quote}" for c in answer.citations), question
        assert unsupported_numbers(answer) == [], (question, answer.text)


def test_the_glovo_answer_cites_the_outlets_that_report_it(dev_engine: object) -> None:
    answer = answer_question(dev_engine,  # type: ignore[arg-type]
                             "¿Cuántos empleos ha recortado Glovo desde 2023?", today=TODAY)
    assert len(answer.citations) >= 3  # Gestión, Telemadrid, Reuters: one event, three outlets
    assert sum("250" in c.quote for c in answer.citations) >= 2, answer.citations
    assert {c.lang for c in answer.citations} >= {"es", "en"}


@pytest.mark.parametrize(("lang", "day", "month", "span"), [
    ("en", "18 Mar 2025", "Mar 2025", "Mar 2025–Dec 2026"),
    ("fr", "18 mars 2025", "mars 2025", "mars 2025–déc. 2026"),
    ("de", "18. März 2025", "März 2025", "März 2025–Dezember 2026"),
    ("es", "18 de marzo de 2025", "marzo de 2025", "marzo de 2025–diciembre de 2026"),
])
def test_dates_read_as_the_language_writes_them(lang: str, day: str, month: str,
                                                span: str) -> None:
    assert format_when(date(2025, 3, 18), date(2025, 3, 18), "day", lang) == day
    assert format_when(date(2025, 3, 1), date(2025, 3, 31), "month", lang) == month
    assert format_when(date(2025, 3, 1), date(2026, 12, 31), "month", lang) == span
    # a written day is never read as a figure
    assert DATE_PATTERN.sub(" ", f"rund 6.000 am {day} [1]").count("2025") == 0
