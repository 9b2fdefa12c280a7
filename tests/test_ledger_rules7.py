"""Ledger rules of issue 13's seventh round, shown on real sentences of the tuning halves
(``corpora/news/dev`` ... ``holdout5``), two outlets or more for each, with what must not change
beside them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from index import vocab
from index.companies import CompanyTable
from index.extract import Mention, _classify, _significant, extract_mentions, is_layoff_sentence
from index.ingest import load_articles
from index.numbers import find_quantities

NEWS = Path(__file__).resolve().parent.parent / "corpora" / "news"


@cache
def _table() -> CompanyTable:
    return CompanyTable.load()


@cache
def read(path: str) -> tuple[Mention, ...]:
    """The mentions of the corpus article at ``path`` (relative to corpora/news)."""
    articles = load_articles([NEWS / path], languages=["en", "fr", "de", "es"],
                             max_bytes=5_000_000).articles
    return tuple(m for a in articles for m in extract_mentions(a, _table()))


def cut_figures(sentence: str, lang: str) -> tuple[bool, list[str], list[str]]:
    """Whether ``sentence`` tells of a cut, its figures read as cuts and the others."""
    with vocab.reading(lang):
        quantities = [q for q in find_quantities(sentence, lang) if _significant(q)]
        figures = _classify(sentence, quantities, False, lang)
    return (is_layoff_sentence(sentence, lang), [f.q.text for f in figures if f.cut],
            [f.q.text for f in figures if not f.cut])


# --------------------------------------------------------------------------------------------
# "240 of its 700 employees": the count is taken from a base; the base is no cut
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "cut", "base"), [
    # Abfindungshero (undated), on Solaris
    ("According to the German business daily Handelsblatt, around 240 of its 700 employees will "
     "lose their jobs, roughly one third of the workforce.", "around 240", "700"),
    # Techpoint, 6 May 2024, on Bolt
    ("In February 2023, the same publication broke the news that Bolt had laid off 20 of its 70 "
     "Nigerian staff, most of them junior and mid-level employees.", "20", "70"),
])
def test_a_share_of_an_english_base_is_the_cut(sentence: str, cut: str, base: str) -> None:
    layoff, cuts, others = cut_figures(sentence, "en")
    assert layoff
    assert cut in cuts
    assert base in others


# --------------------------------------------------------------------------------------------
# German: "müssen 70 das Unternehmen verlassen", and a fronted base ("Von zuletzt 258 …")
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "cut", "base"), [
    # Deutsche Startups, 26 Oct 2016, on Jimdo
    ("Von zuletzt 258 Mitarbeitern müssen 70 das Unternehmen verlassen, das auch Standorte in "
     "Tokio und San Francisco unterhält.", "70", "258"),
    # B.Z. (undated), on Solaris
    ("Insgesamt 240 der rund 700 Mitarbeiter werden das Unternehmen verlassen.", "240",
     "rund 700"),
    # Gründerszene (undated), on Jimdo
    ("Demnach mussten nun rund 50 Personen das Unternehmen mit sofortiger Wirkung verlassen.",
     "rund 50", None),
    # Handelsblatt (undated), a caption on Taxfix
    ("Taxfix-App: Rund 120 Mitarbeiter müssen die Berliner Firma verlassen", "Rund 120", None),
    # basic thinking, 29 Nov 2022, on Infarm
    ("Auf einer Betriebsversammlung am Montag, den 28. November 2022, verkündete Infarm-Chef "
     "Erez Galonska, dass rund 500 Angestellte das Unternehmen verlassen müssen.", "rund 500",
     None),
    # dpa-AFX (undated), on Cariad: the fronted base read before this round, unchanged
    ("Von den derzeit noch 5.900 Stellen sollen bis Jahresende 1.600 wegfallen, wie ein "
     "Unternehmenssprecher auf Anfrage bestätigte.", "1.600", "5.900"),
])
def test_leaving_the_company_is_a_cut_and_a_fronted_base_is_not(
        sentence: str, cut: str, base: str | None) -> None:
    layoff, cuts, others = cut_figures(sentence, "de")
    assert layoff
    assert cut in cuts
    if base is not None:
        assert base in others


def test_von_rund_before_a_count_is_still_the_cut() -> None:
    # Only a sentence's first "Von" (or one after a colon) fronts a base: "Abbau von rund 500
    # Stellen" keeps its cut. Deutsche Startups and heise write it so
    layoff, cuts, _ = cut_figures(
        "Der finnische Netzwerkausrüster Nokia will hierzulande 520 von 3500 Arbeitsplätzen "
        "streichen.", "de")
    assert layoff and cuts == ["520"]


def test_jimdo_first_round_is_dated_and_its_base_is_not_counted() -> None:
    mentions = read("holdout5/articles/jimdo-2016-10-26-deutsche-startups-de.md")
    figures = {m.headcount for m in mentions if m.company == "Jimdo"}
    assert 70 in figures
    assert 258 not in figures


# --------------------------------------------------------------------------------------------
# Spanish "ceses" (dismissals) and "cesar a N personas"
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "cut"), [
    # Metrópoli Abierta, 17 Feb 2023
    ("Es el caso de Glovo, que a finales de enero anunció 250 ceses.", "250"),
    # eldiario.es (undated), on Factorial
    ("Fuentes de la plantilla aseguran, sin embargo, que los ceses han alcanzado a \"algo más de "
     "25 personas\".", "algo más de 25"),
    # La Opinión de Zamora, 19 Sep 2025, on Booking.com
    ("La compañía registró el pasado 1 de septiembre un expediente para cesar a 33 personas, 28 "
     "de ellas ubicadas en su centro de Barcelona, según fuentes conocedoras del procedimiento "
     "citadas por El Periódico.", "33"),
])
def test_ceses_are_dismissals(sentence: str, cut: str) -> None:
    layoff, cuts, _ = cut_figures(sentence, "es")
    assert layoff
    assert cut in cuts


def test_el_cese_de_actividades_is_no_figure_of_its_own() -> None:
    # DF Sud, 11 Sep 2024 (Cabify Mexico): the singular is a closure; the sentence's figure is
    # a word under ten, which the ledger does not read
    _, cuts, _ = cut_figures(
        "El cese de actividades afectará a cinco empleados en total.", "es")
    assert cuts == []


# --------------------------------------------------------------------------------------------
# A kind of company is no company's name ("Bank in Berlin streicht Hunderte Jobs"). One article
# shows it (B.Z.): the rule reads the words each language already lists as kinds of company
# (``[companies] nouns``); the titles after it, where such a word stands before the name, keep
# their company
# --------------------------------------------------------------------------------------------

def test_a_generic_noun_heading_a_title_is_no_company() -> None:
    mentions = read("holdout5/articles/solaris-undated-bz-berlin-de.html")
    assert "Bank" not in {m.company for m in mentions}


@pytest.mark.parametrize(("path", "company", "figure"), [
    # Handelsblatt, 24 May 2022: "Lieferdienst Gorillas trennt sich von 300 …"
    ("dev2/articles/gorillas-2022-05-24-handelsblatt-de.md", "Gorillas", 300),
    # heise (undated): "Startup Taxfix feuert 120 Angestellte"
    ("holdout2/articles/taxfix-undated-heise-de.md", "Taxfix", 120),
])
def test_a_kind_of_company_before_the_name_keeps_the_name(
        path: str, company: str, figure: int) -> None:
    assert (company, figure) in {(m.company, m.headcount) for m in read(path)}
