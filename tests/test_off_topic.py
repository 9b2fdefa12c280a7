"""Questions about something else get one polite line in the asker's language, never quotes
about layoffs (issue 14). The questions are the tuning half of ``corpora/questions`` (written by
people who had not read the code) and the sample gold set; the Spanish one is ours, as the
tuning half has no Spanish off-topic question."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from index.companies import CompanyTable
from index.engine import Engine
from index.question import is_off_topic, off_topic_line, parse_question

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["en", "fr", "de", "es"]


@cache
def _known() -> tuple[str, ...]:
    """The companies of the corpus halves the questions are about, as a ledger would know
    them (the gold events' names and aliases)."""
    names: set[str] = set()
    for path in (ROOT / "corpora" / "news").glob("dev*/gold/events-*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                names.update([row["company"], *(row.get("aliases") or [])])
    return tuple(sorted(names))


def _parse(text: str):  # type: ignore[no-untyped-def]
    return parse_question(text, languages=LANGUAGES, companies=CompanyTable.load(),
                          today=date(2026, 12, 7), known=_known())


@pytest.mark.parametrize("text", [
    "what's the weather in berlin today?",  # q173
    "how do i reset my discord password",  # q180
    "qui est le président ?",  # q174
    "wie spät ist es gerade in tokio",  # q179
    "¿Qué tiempo hace hoy en Madrid?",  # ours
])
def test_a_question_about_something_else_is_off_topic(text: str) -> None:
    assert is_off_topic(_parse(text))


def _questions() -> list[dict[str, object]]:
    rows = []
    for path in (ROOT / "corpora" / "questions" / "tune.jsonl",
                 ROOT / "index" / "data" / "gold.jsonl"):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    return rows


def test_every_question_about_layoffs_stays_on_topic() -> None:
    # 86 tuning questions of every other kind, casual and misspelt ("how mny ppl", "cuántos
    # despidos en españa"), and the 74 sample gold questions: none may get the polite line
    wrong = [row["question"] for row in _questions()
             if row.get("kind") != "offtopic" and is_off_topic(_parse(str(row["question"])))]
    assert wrong == []


@pytest.mark.parametrize(("text", "lang"), [
    ("what's the weather?", "en"), ("qui est le président ?", "fr"),
    ("wie spät ist es gerade in tokio", "de"), ("¿Qué tiempo hace hoy en Madrid?", "es"),
])
def test_the_answer_is_one_line_in_the_askers_language(sample_engine: Engine, text: str,
                                                       lang: str) -> None:
    answer = sample_engine.ask(text)
    assert answer.refused and not answer.citations
    assert answer.lang == lang and answer.text == off_topic_line(lang)
    assert "\n" not in answer.text


def test_a_company_alone_is_still_asked_about(sample_engine: Engine) -> None:
    # "Amazon?" names a company: it is answered (or declined) about Amazon, not called
    # off-topic
    answer = sample_engine.ask("Amazon?")
    assert answer.text != off_topic_line("en")
