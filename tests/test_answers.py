"""Answers on the real sample corpus: cited totals, no double counting, refusals, languages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from index.answer import unsupported_numbers
from index.engine import Engine
from index.numbers import numbers_in


def _markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def _check_citations(answer) -> None:  # type: ignore[no-untyped-def]
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert _markers(answer.text) <= {c.n for c in answer.citations}
    assert unsupported_numbers(answer) == [], answer.text


def test_amazon_total_since_2022_counts_each_round_once(sample_engine: Engine) -> None:
    answer = sample_engine.ask("how many jobs has Amazon cut since 2022?")
    _check_citations(answer)
    assert not answer.refused and answer.lang == "en"
    assert answer.text.startswith("About 57,500 jobs since 2022")
    [figure] = answer.figures
    assert figure.value == 57500
    assert sorted(t.value for t in figure.terms) == [500, 9000, 14000, 16000, 18000]
    assert all(t.citations for t in figure.terms), "every term is cited"
    assert "including the cuts reported on 14 Nov 2022" in answer.text, "November folded in"
    assert "several hundred at Amazon Web Services" in answer.text
    assert "27,000" not in answer.text and "10,000" not in answer.text
    for term in figure.terms:
        quotes = " ".join(answer.citations[n - 1].quote for n in term.citations)
        assert term.value in numbers_in(quotes, "en") | numbers_in(quotes, "fr")


def test_the_french_question_gets_a_french_answer(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Combien d'emplois Amazon a-t-il supprimés depuis 2022 ?")
    _check_citations(answer)
    assert answer.lang == "fr"
    assert answer.text.startswith("Environ 57\u202f500 emplois depuis 2022 (5 vagues) :")
    assert "le 4 janv. 2023" in answer.text and "Non comptés, faute de chiffre" in answer.text


def test_conflicting_figures_are_shown_as_a_range(sample_engine: Engine) -> None:
    answer = sample_engine.ask("How many jobs did Microsoft cut in July 2025?")
    _check_citations(answer)
    assert "9,000" in answer.text and "9,100" in answer.text
    assert "sources differ" in answer.text


def test_comparison_shows_the_difference_with_its_terms(sample_engine: Engine) -> None:
    answer = sample_engine.ask(
        "Which company announced more job cuts in January 2023, Alphabet or Microsoft?")
    _check_citations(answer)
    assert "Alphabet is larger: 12,000 against 10,000, a difference of 2,000" in answer.text
    assert any(f.value == 2000 for f in answer.figures)


def test_rounds_are_counted_without_included_figures(sample_engine: Engine) -> None:
    answer = sample_engine.ask("How many separate rounds of layoffs did Meta announce "
                               "between 2022 and 2025?")
    _check_citations(answer)
    assert answer.text.startswith("Meta: 4 rounds between 2022 and 2025")


@pytest.mark.parametrize("question", [
    "How many jobs did Apple cut in 2023?",
    "How many people did Amazon lay off in 2019?",
    "Combien de postes Orange a-t-il supprimés en 2024 ?",
    "How many employees did Netflix lay off?",
])
def test_questions_the_sources_cannot_answer_are_refused(sample_engine: Engine,
                                                         question: str) -> None:
    answer = sample_engine.ask(question)
    assert answer.refused, answer.text
    assert not numbers_in(answer.text, answer.lang), "a refusal states no figure"
    assert answer.citations, "the closest sources are listed"


def test_a_company_with_no_events_in_the_period_is_said_so(sample_engine: Engine) -> None:
    answer = sample_engine.ask("How many jobs did Amazon cut in 2021?")
    assert answer.refused
    assert "report no layoffs at Amazon in 2021" in answer.text or (
        "don't answer" in answer.text)


def test_passage_answer_quotes_other_languages(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Why did IBM cut 3,900 jobs in January 2023?")
    _check_citations(answer)
    assert not answer.refused
    assert "[1]" in answer.text
    quoted_french = [c for c in answer.citations if c.lang == "fr"]
    assert quoted_french, "the IBM question draws on a French article too"
    for citation in quoted_french:
        first = citation.quote.split(" … ")[0]
        assert f"“{first}”" in answer.text, "a French sentence is quoted as written"


def test_events_list_each_event_once(sample_engine: Engine) -> None:
    events = sample_engine.events("Amazon")
    starts = [(e.start, e.headcount) for e in events]
    assert len(starts) == len(set(starts))
    headline = {e.start: e.headcount for e in events if e.included_in is None}
    assert headline[date(2023, 1, 4)] == 18000
    assert headline[date(2025, 10, 28)] == 14000
    assert headline[date(2026, 1, 28)] == 16000
    january = next(e for e in events if e.start == date(2023, 1, 4))
    assert len(january.doc_ids) >= 3, "one event, several outlets in two languages"
    assert {sample_engine.catalog.citation(d, "").lang for d in january.doc_ids} == {"en", "fr"}


def test_timeline_writes_a_png(sample_engine: Engine, tmp_path: Path) -> None:
    from index.timeline import draw_timeline

    path = draw_timeline("Amazon", sample_engine.events("Amazon"), tmp_path / "amazon.png",
                         sample_engine.outlets_of)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_eval_meets_the_targets(sample_engine: Engine) -> None:
    from index.evaluate import default_gold, load_gold, run_eval

    report = run_eval(sample_engine, load_gold(default_gold()))
    assert report.recall >= 0.9
    assert report.numeric_exact_match >= 0.9
    assert report.refusal_accuracy >= 0.9
    assert not any(numbers for _, numbers in report.invented), report.failures


def test_an_undated_article_gets_a_date_inferred_and_says_so(fresh_engine: Engine,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "intel.md").write_text(
        "Intel said it would cut more than 15,000 jobs, its chief executive told staff.\n\n"
        "The chipmaker reported weak results for the second quarter of 2024 on August 1, 2024.",
        encoding="utf-8")
    report = fresh_engine.index([folder])
    assert report.added == 1
    [event] = fresh_engine.events("Intel")
    assert event.date_inferred and event.start == date(2024, 8, 1)
    answer = fresh_engine.ask("How many jobs did Intel cut?")
    assert answer.text.startswith("More than 15,000 jobs in Aug 2024")
    assert "the article is undated: date inferred from its content" in answer.text
