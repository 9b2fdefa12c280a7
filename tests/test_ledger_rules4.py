"""Ledger rules of issue 13's fourth round, each shown on real sentences from at least two
outlets in every language it claims. The sentences come from the news corpus's tuning halves
(``corpora/news/dev``, ``dev2``, ``holdout`` and ``holdout2``, whose failures were read at the
end of round 3, and ``holdout3`` once it had been scored), paraphrased from the outlet named
beside each.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from index.answer import concepts
from index.companies import CompanyTable, _Reader, read_article_names
from index.dates import _weekday_year, find_event_spans
from index.events import build_ledger
from index.extract import Mention, extract_mentions
from index.ingest import load_articles
from index.models import Article
from index.standing import CONFIRMED, REPORTED, classify


@cache
def _table() -> CompanyTable:
    return CompanyTable.load()


@pytest.fixture(scope="module")
def table() -> CompanyTable:
    return _table()


def read(*paths: str) -> list[Mention]:
    """The mentions of the corpus articles at ``paths``, in text order."""
    articles = load_articles([Path(p) for p in paths], languages=["en", "fr", "de", "es"],
                             max_bytes=5_000_000).articles
    return [m for a in articles for m in extract_mentions(a, _table())]


def mentions(table: CompanyTable, lang: str, title: str,
             text: str) -> list[tuple[str, int | None, str]]:
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
    ("fr", "Worldline supprime des postes",
     "Worldline a annoncé des suppressions de postes. En Belgique, le licenciement collectif "
     "envisagé pouvait alors toucher jusqu'à 244 travailleurs, rappellent les syndicats.", 244,
     "Belgium"),
    ("fr", "Back Market réduit ses effectifs",
     "Back Market supprime des postes. En France, un plan de départs volontaires est en cours "
     "et porte sur 63 postes.", 63, "France"),
    ("fr", "Getir licencie en France",
     "Getir licencie. En France, la méthode interroge : selon Mediapart, 200 licenciements pour "
     "faute grave ont été prononcés en juin.", 200, "France"),
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


# --------------------------------------------------------------------------------------------
# A US state scopes a figure as a country does (WARN notices), and a place's figure beside a
# company-wide round given only as a share is a part of that round
# --------------------------------------------------------------------------------------------

def _events(paths: list[str]) -> list[tuple[int | None, float | None, tuple[str, ...], bool]]:
    return [(e.headcount, e.percent, e.countries, e.included_in is not None)
            for e in build_ledger(read(*paths)).events]


@pytest.mark.parametrize(("sentence", "figure", "state"), [
    # Seattle Times (dev): two WARN notices
    ("Notices filed on Thursday show that 47 people in Washington will lose their jobs "
     "effective Jan. 3.", 47, "Washington"),
    ("Another 24 people will be laid off in Arizona; that notice does not say when the layoffs "
     "take effect.", 24, "Arizona"),
    # TechieNews (standing bank): the state after its figure
    ("Microsoft laid off 160 workers in California, a Microsoft spokesperson said.", 160,
     "California"),
])
def test_a_us_state_scopes_its_figure(table: CompanyTable, sentence: str, figure: int,
                                      state: str) -> None:
    found = mentions_of_country(table, "Zillow lays off staff", sentence)
    assert (figure, state) in found


def mentions_of_country(table: CompanyTable, title: str,
                        text: str) -> list[tuple[int | None, str | None]]:
    article = Article(text=f"Zillow and Microsoft are cutting jobs. {text}", source="t.md",
                      title=title, lang="en", published=date(2024, 6, 1))
    return [(m.headcount, m.country) for m in extract_mentions(article, table)]


@pytest.mark.parametrize("city", [
    # Sifted via California18 (dev): cities, not the state
    "Of the 93 jobs being eliminated, 26 have already gone at the offices in New York, "
    "Barcelona and Berlin, according to a spokeswoman.",
    "The 2,000 job cuts hit staff in Washington, D.C. hardest.",
])
def test_a_city_named_like_a_state_is_no_scope(table: CompanyTable, city: str) -> None:
    assert all(country is None for _, country in mentions_of_country(table, "Cuts", city))


def test_a_place_beside_a_share_only_round_is_its_part() -> None:
    # Seattle Times + The Gazette (dev): 25% of staff company-wide, then WARN notices by state
    events = _events(["corpora/news/dev/articles/zillow-2021-11-04-seattle-times-en.md",
                      "corpora/news/dev/articles/zillow-2021-11-08-gazette-en.md"])
    places = [e for e in events if e[2]]
    assert {e[0] for e in places} == {71, 47, 24}
    assert all(part for *_, part in places)
    assert any(e[0] is None and e[1] == 25.0 and not e[2] for e in events)
    # RTL (dev2): "réduire ses effectifs de 8 %", then "En Belgique, ... jusqu'à 244"
    events = _events(["corpora/news/dev2/articles/worldline-2024-05-31-rtl-fr.md"])
    assert (244, None, ("Belgium",), True) in events


def test_a_share_and_a_place_in_one_sentence_are_one_figure() -> None:
    # Les Enjeux (dev2): "environ 35 % des effectifs : une trentaine de postes disparaissent,
    # principalement en France" is Sorare's one round, not a part of itself
    events = _events(["corpora/news/dev2/articles/sorare-2025-11-24-les-enjeux-fr.md"])
    assert [e for e in events if e[0] == 30 and not e[3]]


# --------------------------------------------------------------------------------------------
# German: a capitalised word with no article before it and a singular finite verb after it, in
# the lead or a layoff sentence, is a subject and so a name (German nouns take an article)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "name"), [
    ("Seagate streicht 1600 Stellen, was rund drei Prozent der weltweiten Belegschaft "
     "entspricht.", "seagate"),                                                # justmac.info
    ("Gostudent will die Mitarbeiterzahl bis Jahresende von 1800 auf 1600 verringern.",
     "gostudent"),                                                             # Gründerszene
    ("Es ist nicht der erste Einschnitt: Infarm hatte bereits im Sommer 50 Mitarbeitende "
     "entlassen.", "infarm"),                                                  # foodaktuell
])
def test_a_german_body_subject_is_evidence_of_a_name(sentence: str, name: str) -> None:
    reader = _Reader(None, "de")
    reader.read(sentence, up_front=True, layoff=True)
    assert reader.stats[name].subject == 1


@pytest.mark.parametrize("sentence", [
    # an article before the noun: a common noun (Kölnische Rundschau), a workforce noun
    "Die Rede ist von bis zu 200.000 Jobs, die allein bei wichtigen Konzernen gestrichen "
    "werden sollen.",
    "Der Abbau soll die Kosten von Evonik um rund 400 Millionen Euro senken.",  # Basic Thinking
])
def test_a_german_noun_after_an_article_is_no_subject(sentence: str) -> None:
    reader = _Reader(None, "de")
    reader.read(sentence, up_front=True, layoff=True)
    assert all(stats.subject == 0 for stats in reader.stats.values())


def test_the_name_in_the_body_beats_a_descriptor_in_the_title() -> None:
    # foodaktuell (holdout2): the title's "Vertical-Farming-Firma" is what Infarm does
    found = {(m.company, m.headcount)
             for m in read("corpora/news/holdout2/articles/infarm-2022-11-29-foodaktuell-de.md")}
    assert ("Infarm", 500) in found and ("Infarm", 50) in found
    assert not any(company == "Vertical" for company, _ in found)


# --------------------------------------------------------------------------------------------
# An undated article's "Friday (10 March)": the weekday pins the year (the latest such year up
# to today), and a later sentence's own "last year" is not the sentence before's date
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "sentence", "month", "day", "weekday"), [
    ("en", "Last Friday (10 March), GoTo announced that about 600 employees would be laid off.",
     3, 10, 4),                                                                    # Momentum
    ("en", "Grab is cutting 1,000 jobs, chief executive officer Anthony Tan told staff in a "
     "letter sent late on Tuesday, 20 June.", 6, 20, 1),                              # Says
    ("fr", "Mercredi 21 février, le constructeur de véhicules électriques Rivian a annoncé "
     "qu'il réduisait ses effectifs.", 2, 21, 2),                                 # Kulturegeek
    ("fr", "Back Market a annoncé lundi 2 janvier qu'il préparait un plan de départ pour "
     "alléger ses effectifs.", 1, 2, 0),                                               # Cerfia
    # heise (dev2); one German outlet so far: the rule is code reading each language's weekday
    # names, claimed for German on this sentence only
    ("de", "Bis Freitag, 10. März, behalten die Entlassenen Zugang zu den Firmensystemen.",
     3, 10, 4),
    ("es", "Este lunes 8 de julio, los sindicatos firmantes de siempre han acordado con Konecta "
     "el despido de 235 personas.", 7, 8, 0),                              # CGT Telemarketing
    ("es", "Los trabajadores harán huelga durante cinco días a partir del lunes 26 de febrero.",
     2, 26, 0),                                                      # La Opinión de Zamora
])
def test_a_weekday_pins_the_year_of_an_undated_day(lang: str, sentence: str, month: int,
                                                   day: int, weekday: int) -> None:
    [span] = [s for s in find_event_spans(sentence, lang, None) if s.precision == "day"]
    assert (span.start.month, span.start.day, span.start.weekday()) == (month, day, weekday)
    assert span.inferred and span.start <= date.today()
    assert date.today().year - span.start.year <= 11


def test_the_weekday_year_is_the_latest_up_to_today() -> None:
    assert _weekday_year(4, 3, 10, date(2026, 12, 7))[0] == date(2023, 3, 10)
    assert _weekday_year(2, 2, 21, date(2026, 12, 7))[0] == date(2024, 2, 21)
    assert _weekday_year(4, 3, 10, date(2023, 3, 9))[0] == date(2017, 3, 10)


def test_an_undated_recall_keeps_its_own_time() -> None:
    # Momentum (dev): "after the 1,300 jobs it eliminated last year" is the 2022 round, not
    # the 10 March 2023 one the sentence before dates
    found = {m.headcount: m.announced
             for m in read("corpora/news/dev/articles/goto-undated-momentum-en.md")}
    assert found[600] is not None and found[600].start == date(2023, 3, 10)
    assert found[1300] is None or found[1300].start != date(2023, 3, 10)


# --------------------------------------------------------------------------------------------
# Spanish "según ha explicado el New York Times": a name after "según" and a verb of saying is
# a source, as after "según" alone; the company's own word stays its own
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "figure", "company"), [
    # Ara (phenomena bank)
    ("Amazon seguirá los pasos de Meta con una ronda de despidos masiva que dejará a alrededor "
     "de 10.000 personas sin trabajo, según ha explicado el New York Times.", "10.000",
     "Amazon"),
    # elEconomista (standing bank), without its conditional, which is a hedge on its own
    ("Según ha descubierto Bloomberg, Meta planea una nueva ronda en la que unos 10.000 "
     "trabajadores serán despedidos.", "10.000", "Meta"),
])
def test_segun_ha_with_a_name_is_a_report(sentence: str, figure: str, company: str) -> None:
    assert standing(sentence, figure, "es", company) == REPORTED


def test_segun_ha_with_the_company_is_its_own_word() -> None:
    sentence = ("Telefónica despedirá a 3.000 empleados, según ha informado Telefónica en un "
                "comunicado.")
    assert standing(sentence, "3.000", "es", "Telefónica") == CONFIRMED


# --------------------------------------------------------------------------------------------
# Spanish pronouns that open a quotation are never names ("«Me equivoqué...»" made "Me" the
# company cutting Meta's 11,000)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    # BBC Mundo via Contigo Puebla (phenomena bank)
    "Mark Zuckerberg, director ejecutivo de Meta, escribió «Me equivoqué y asumo la "
    "responsabilidad» para justificar el recorte de 11 mil empleos, un 13% de su plantilla.",
    # El Español (dev) and infoLibre (standing bank)
    "\"Nos genera extrañeza afrontar un nuevo ERE cuando el planteado en 2024 no llegó a "
    "ejecutarse\", afirma el sindicato, que rechaza los 40 despidos.",
    "\"Se han inscrito muchos más voluntarios de los previstos, 2.180\", dijo el comité sobre "
    "los despidos.",
])
def test_a_pronoun_opening_a_quote_is_no_company(table: CompanyTable, sentence: str) -> None:
    names = read_article_names(sentence, [[sentence]], lang="es", table=table)
    assert not {"Me", "Nos", "Se"} & set(names.companies)


# --------------------------------------------------------------------------------------------
# An undated article's body figures dated only by the article's content bounds (wider than a
# year) are undated, unless they give the lead's news its number
# --------------------------------------------------------------------------------------------

def _article_mentions(path: str) -> dict[int | None, Mention]:
    return {m.headcount: m for m in read(path)}


@pytest.mark.parametrize(("path", "figures"), [
    # Automobilwoche (holdout3): a plan's sum, a site's cut recalled, a unit's share
    ("corpora/news/holdout3/articles/bosch-undated-automobilwoche-de.html", (22000, 1100, 1700)),
    # El Periódico Extremadura (holdout): two sites' shares of an earlier plan
    ("corpora/news/holdout/articles/indra-undated-elperiodicoextremadura-es.html", (220, 360)),
])
def test_an_undated_articles_body_figures_are_undated(path: str, figures: tuple[int, ...]) -> None:
    found = _article_mentions(path)
    for figure in figures:
        assert found[figure].announced is None, figure


def test_a_body_figure_giving_the_lead_its_number_keeps_the_bounds() -> None:
    # ActualNewsMagazine (holdout): "la suppression de centaines d'emplois", "Environ 5 %",
    # then "environ 300 personnes vont perdre leur emploi"
    found = _article_mentions(
        "corpora/news/holdout/articles/twilio-undated-actualnewsmagazine-fr.md")
    assert found[300].announced is not None


# --------------------------------------------------------------------------------------------
# English "N of its employees": the count's noun after "of its" (a cut figure when its verb is
# not next to it)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "figure"), [
    # InvestorPlace (holdout3): the verb is a clause away
    ("Under the plan, Chegg will cut 23% of its global workforce, which comes to 441 of its "
     "employees.", 441),
    # El Mundo Tech (dev2)
    ("Bungie, the game developer owned by Sony, has laid off 220 of its employees, about 17% "
     "of its staff.", 220),
])
def test_a_count_of_its_employees_is_a_cut(table: CompanyTable, sentence: str,
                                            figure: int) -> None:
    found = mentions(table, "en", "Layoffs at Chegg and Bungie", sentence)
    assert any(headcount == figure for _, headcount, _ in found), found


# --------------------------------------------------------------------------------------------
# French and Spanish write no capital after a colon: a capitalised word there is a name, not a
# sentence's first word (so a company named in passing there keeps its own figure)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "sentence", "name"), [
    ("fr", "Il ne sera pas le seul à partir : Sonos vient d'annoncer le licenciement de 12 % de "
     "ses effectifs, soit environ 200 personnes.", "sonos"),                          # BFMTV
    ("fr", "La crypto n'échappe pas à la tendance : Binance a par exemple annoncé en juillet le "
     "licenciement de 1000 personnes.", "binance"),                           # Crypto-NFT.fr
    ("es", "Los números tampoco acompañan en bolsa: Globant encabeza las pérdidas entre los "
     "principales ADR argentinos en Wall Street.", "globant"),              # Arde Tierra del Fuego
    ("es", "El ajuste llega además en plena oleada de recortes en el sector: Telefónica cerró el "
     "suyo con la salida voluntaria de 3.420 trabajadores.", "telefonica"),      # Noticias Madrid
])
def test_a_capital_after_a_colon_is_a_name(lang: str, sentence: str, name: str) -> None:
    reader = _Reader(None, lang)
    reader.read(sentence, up_front=False, layoff=True)
    assert reader.stats[name].mid == 1


def test_a_capital_after_a_colon_starts_an_english_sentence() -> None:
    reader = _Reader(None, "en")
    reader.read("One thing is clear: Layoffs are spreading across the sector.", up_front=False,
                layoff=True)
    assert reader.stats["layoffs"].mid == 0


def test_another_company_after_a_colon_keeps_its_figure() -> None:
    # Noticias Madrid (dev2): Telefónica's 3,420 in an article about Vodafone
    found = _article_mentions("corpora/news/dev2/articles/vodafone-undated-noticiasmadrid-es.md")
    assert 3420 not in found or found[3420].company != "Vodafone"


# --------------------------------------------------------------------------------------------
# Spanish "despedido", "despedir", "despedirá" are cuts when a question is matched to sentences
# (the "despid" prefix covered "despido" only): "¿Cuántos empleados ha despedido Ualá?" is a
# count of cuts, not a question the sources "do not answer"
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # questions written for holdout3 and holdout2 by two people who never read the code
    "¿Cuántos empleados ha despedido Ualá desde 2024?",
    "¿Cuántos empleados ha despedido Forto desde 2022, contando solo los recortes confirmados?",
    # La Nación (Costa Rica)'s title (dev) and Bloomberg Línea (dev)
    "Accenture despedirá a 19.000 personas",
    "Según varios testimonios reunidos por Bloomberg Línea, su filial en Brasil ha despedido "
    "personal.",
])
def test_despedido_is_a_cut_in_questions_and_sentences(text: str) -> None:
    assert "cut" in concepts(text)
