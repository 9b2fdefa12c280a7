"""Questions in German and Spanish: language, intent and period, read with the [question] and
[dates] tables of each language file. The questions are the development corpus's gold questions
(corpora/news/dev/gold/questions-*.jsonl)."""

from __future__ import annotations

from datetime import date

import pytest

from index.companies import CompanyTable
from index.langs import detect_language
from index.question import ask_for_a_question, detect_intent, parse_question

LANGUAGES = ["en", "fr", "de", "es"]
TODAY = date(2026, 1, 15)


@pytest.mark.parametrize(("question", "lang", "intent", "period"), [
    ("Wie viele Stellen hat Personio seit 2024 gestrichen?", "de", "count",
     (date(2024, 1, 1), TODAY)),
    ("Wie viele Stellen hat Personio im Jahr 2023 abgebaut?", "de", "count",
     (date(2023, 1, 1), date(2023, 12, 31))),
    ("Wie vielen Beschäftigten hat Delivery Hero im Januar 2023 in der Zentrale gekündigt?", "de",
     "count", (date(2023, 1, 1), date(2023, 1, 31))),
    ("Hat Siemens 2018 den Abbau von 20.000 Stellen bestätigt?", "de", "lookup",
     (date(2018, 1, 1), date(2018, 12, 31))),
    ("¿Cuántos empleos ha recortado Telefónica en España desde 2023?", "es", "count",
     (date(2023, 1, 1), TODAY)),
    ("¿Cuántos empleados despidió Kavak en todo el mundo en noviembre de 2022?", "es", "count",
     (date(2022, 11, 1), date(2022, 11, 30))),
    ("¿Cuántas salidas se pactaron en el ERE que Telefónica firmó a comienzos de 2024?", "es",
     "count", (date(2024, 1, 1), date(2024, 4, 30))),
    ("¿Confirmó Telefónica en octubre de 2025 el ERE de unos 6.000 empleos del que informó "
     "Expansión?", "es", "lookup", (date(2025, 10, 1), date(2025, 10, 31))),
])
def test_german_and_spanish_questions(question: str, lang: str, intent: str,
                                      period: tuple[date, date]) -> None:
    parsed = parse_question(question, languages=LANGUAGES, companies=CompanyTable.load(),
                            today=TODAY)
    assert parsed.lang == lang
    assert parsed.intent == intent
    assert parsed.period is not None and (parsed.period.start, parsed.period.end) == period


@pytest.mark.parametrize(("question", "intent"), [
    ("Warum hat Siemens Stellen gestrichen?", "why"),
    ("Wann hat Personio die Kündigungen angekündigt?", "when"),
    ("¿Por qué despidió Glovo a 250 trabajadores?", "why"),
    ("¿Cuándo anunció Globant los despidos?", "when"),
    ("¿Cuál fue el mayor recorte, el de Glovo o el de Grab?", "compare"),
    ("Welche Unternehmen haben 2023 Stellen gestrichen?", "list"),
    ("Hat Siemens mehr Stellen gestrichen oder Bosch?", "compare"),
])
def test_intent_words_in_german_and_spanish(question: str, intent: str) -> None:
    assert detect_intent(question) == intent


def test_english_and_french_questions_are_still_told_apart() -> None:
    # the sample gold set's questions, with four languages to choose from
    assert detect_language("How many jobs did Meta cut in 2023?", LANGUAGES) == "en"
    assert detect_language("Combien d'emplois Amazon a-t-il supprimés depuis 2022 ?",
                           LANGUAGES) == "fr"


def test_the_request_for_a_question_in_each_language() -> None:
    assert ask_for_a_question("de").startswith("Bitte stellen Sie eine Frage")
    assert ask_for_a_question("es").startswith("Haga su pregunta")
    assert ask_for_a_question("fr").startswith("Posez une question")
    assert ask_for_a_question("xx") == ask_for_a_question("en")
