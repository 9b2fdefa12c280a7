"""Adding a language is adding a data file: a small Italian file, written here and loaded
through the reader (LAYOFFS_LANG_DIRS), is read by the number, date, extraction and question
parsers with no code for Italian anywhere.

What still needs code for a new language is listed in the README ("Languages"): a number-word
grammar other than the ones the [numbers] keys describe, answer templates (answers come in English
for a language without them), and lingua must know the language to detect it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index import vocab
from index.companies import CompanyTable
from index.dates import find_event_spans
from index.extract import extract_mentions, is_layoff_sentence
from index.models import Article
from index.numbers import find_quantities, format_number, parse_int
from index.question import ask_for_a_question, detect_intent

ITALIAN = r"""
[language]
name = "Italian"
lingua = "ITALIAN"
also = ["en"]

[months]
gennaio = 1
febbraio = 2
marzo = 3
aprile = 4
maggio = 5
giugno = 6
luglio = 7
agosto = 8
settembre = 9
ottobre = 10
novembre = 11
dicembre = 12

[weekdays]
"lunedì" = 0
"martedì" = 1
"mercoledì" = 2
"giovedì" = 3
"venerdì" = 4
sabato = 5
domenica = 6

[seasons]
inverno = 12
primavera = 3
estate = 6
autunno = 9

[numbers]
decimal_comma = true
decimal_point = false
hundred_alone = true
thousand_alone = true
compounds = true
weak = ["un", "uno", "una"]
group_separator = "."
percent = ['per\s?cento']

[numbers.units]
uno = 1
un = 1
due = 2
tre = 3
quattro = 4
cinque = 5

[numbers.scales]
mille = 1000
mila = 1000
milioni = 1000000

[numbers.scale_words]
mila = 1000
milioni = 1000000

[qualifiers.before]
about = ['circa']
more_than = ['oltre', 'più\s+di']

[counts]
nouns = ['posti', 'dipendenti', 'lavoratori']

[dates]
date_order = "DMY"
month_context = ['a', 'in', 'di', 'da', 'entro']
year_context = ['nel', 'del', 'a', 'in', 'entro']

[dates.modifiers]
last_after = ['scors[oa]']

[cuts]
weak = ['tagli\w*', 'licenzi\w*']
events = ['licenziamenti', 'esuberi']
before = ['taglierà', 'licenzierà']

[jobs]
nouns = ['posti(?:\s+di\s+lavoro)?', 'dipendenti', 'lavoratori']
workforce = ['dipendenti', 'personale', 'organico']

[extract]
function_words = ['di', 'del', 'a', 'in', 'il', 'la', 'e']
in_word = 'a'

[question]
count = ['quanti', 'quante']
ask = "Fai una domanda a parole, per esempio: quanti posti di lavoro ha tagliato Amazon dal 2022?"
"""


@pytest.fixture
def italian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "it.toml").write_text(ITALIAN, encoding="utf-8")
    monkeypatch.setenv(vocab.ENV_DIRS, str(tmp_path))
    vocab.reload()
    yield
    monkeypatch.delenv(vocab.ENV_DIRS)
    vocab.reload()


def test_italian_numbers(italian: None) -> None:
    [q] = find_quantities("Stellantis taglierà circa 1.200 posti di lavoro.", "it")
    assert (q.value, q.qualifier) == (1200, "about")
    assert parse_int("tremila", "it") == 3000  # a compound, split into "tre" + "mila"
    assert parse_int("1,5 milioni", "it") == 1_500_000
    assert format_number(57000, "it") == "57.000"


def test_italian_dates(italian: None) -> None:
    spans = find_event_spans("Lo ha annunciato lunedì, dopo i tagli di marzo scorso.", "it",
                             date(2024, 5, 8))
    assert [(s.start, s.precision) for s in spans] == [(date(2024, 5, 6), "day"),
                                                       (date(2024, 3, 1), "month")]


def test_italian_mentions_and_questions(italian: None, tmp_path: Path) -> None:
    table = tmp_path / "companies.toml"
    table.write_text('[companies.Stellantis]\naliases = ["Stellantis"]\n', encoding="utf-8")
    article = Article(text="Stellantis taglierà circa 1.200 posti di lavoro a marzo.",
                      source="it.md", lang="it", published=date(2024, 2, 1))
    [m] = extract_mentions(article, CompanyTable.load(extra=table))
    assert (m.company, m.headcount, m.qualifier) == ("Stellantis", 1200, "about")
    assert m.announced is not None and m.announced.start == date(2023, 3, 1)
    assert is_layoff_sentence("Stellantis taglierà 1.200 posti di lavoro.", "it")
    assert detect_intent("Quanti posti di lavoro ha tagliato Stellantis?") == "count"
    assert ask_for_a_question("it").startswith("Fai una domanda")


def test_without_the_file_italian_is_read_as_english() -> None:
    vocab.reload()
    assert "it" not in vocab.languages()
    assert find_quantities("oltre 1.200 posti", "it")[0].qualifier == "exact"
