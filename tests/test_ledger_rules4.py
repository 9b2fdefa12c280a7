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
