"""Ledger rules of issue 13's fourth round, each shown on real sentences from at least two
outlets in every language it claims. The sentences come from the news corpus's tuning halves
(``corpora/news/dev``, ``dev2``, ``holdout`` and ``holdout2``, whose failures were read at the
end of round 3), paraphrased from the outlet named beside each.
"""

from __future__ import annotations

from datetime import date

import pytest

from index.companies import CompanyTable
from index.extract import extract_mentions
from index.models import Article
from index.standing import CONFIRMED, REPORTED, classify


@pytest.fixture(scope="module")
def table() -> CompanyTable:
    return CompanyTable.load()


def mentions(table: CompanyTable, lang: str, title: str, text: str) -> list[tuple[str, int | None, str]]:
    article = Article(text=text, source="t.md", title=title, lang=lang,
                      published=date(2024, 6, 1))
    return [(m.company, m.headcount, m.status) for m in extract_mentions(article, table)]


def standing(sentence: str, figure: str, lang: str, company: str) -> str:
    start = sentence.index(figure)
    return classify(sentence, start, start + len(figure), lang, company=company).status


# --------------------------------------------------------------------------------------------
# French "envisage de supprimer": the legal wording of a company's own plan, not a hedge
# (only the conditional "envisagerait" is one)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "figure", "company"), [
    # RTL (dev2): the company's communiqué
    ("Le groupe français de paiements Worldline envisage des suppressions de postes touchant "
     "jusqu'à 8 % de ses 18.000 collaborateurs dans le monde, soit plus de 1.400 postes, "
     "a-t-il annoncé mercredi dans un communiqué.", "1.400", "Worldline"),
    # Data News (holdout2)
    ("Sonos envisage ainsi de réduire son personnel de 7 %, ce qui représente 130 emplois.",
     "130", "Sonos"),
    # GoMet (dev)
    ("Le fabricant de semi-conducteurs STMicroelectronics envisage de supprimer un millier de "
     "postes en France sur la base du volontariat d'ici à la fin 2027.", "un millier",
     "STMicroelectronics"),
])
def test_envisage_is_the_company_plan(sentence: str, figure: str, company: str) -> None:
    assert standing(sentence, figure, "fr", company) == CONFIRMED


@pytest.mark.parametrize(("sentence", "figure", "company"), [
    # the conditional stays a hedge (LeMagIT's sentence without its source, and in the
    # conditional of "envisager")
    ("Sage pourrait supprimer 600 nouveaux postes.", "600", "Sage"),
    ("Sage envisagerait de supprimer 600 nouveaux postes.", "600", "Sage"),
])
def test_conditional_envisage_stays_reported(sentence: str, figure: str, company: str) -> None:
    assert standing(sentence, figure, "fr", company) == REPORTED


# --------------------------------------------------------------------------------------------
# A country opening the sentence ("En Belgique, ...", "In France, ...") scopes its figure: the
# preposition is matched in any case, the country's name as written
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "title", "text", "figure", "country"), [
    # RTL (dev2), 20 Minutes (dev), L'Usine Digitale (holdout)
    ("fr", "Worldline supprime des postes", "Worldline a annoncé des suppressions de postes. En Belgique, le licenciement collectif envisagé pouvait "
     "alors toucher jusqu'à 244 travailleurs, rappellent les syndicats.", 244, "Belgium"),
    ("fr", "Back Market réduit ses effectifs", "Back Market supprime des postes. En France, un plan de départs volontaires est en "
     "cours et porte sur 63 postes.", 63, "France"),
    ("fr", "Getir licencie en France", "Getir licencie. En France, la méthode interroge : selon Mediapart, 200 "
     "licenciements pour faute grave ont été prononcés en juin.", 200, "France"),
    # California18 (dev)
    ("en", "Meero cuts jobs", "In France, Meero, which supplies photos to online platforms, is "
     "cutting around 72 jobs and refocusing on its image-processing software.", 72, "France"),
])
def test_a_country_opening_the_sentence_scopes_the_figure(
        table: CompanyTable, lang: str, title: str, text: str, figure: int, country: str) -> None:
    article = Article(text=text, source="t.md", title=title, lang=lang,
                      published=date(2024, 6, 1))
    found = [(m.headcount, m.country) for m in extract_mentions(article, table)]
    assert (figure, country) in found
