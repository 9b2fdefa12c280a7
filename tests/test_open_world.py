"""Open-world companies: a company outside the alias table is read from the article itself.

Every sentence below is quoted from the development corpus (``corpora/news/dev``: the outlet
is named beside it) or from the sample corpus; each rule is shown on at least two outlets in
every language it claims.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest

from index.companies import (
    ArticleNames,
    CompanyTable,
    find_known,
    fold_company,
    read_article_names,
)
from index.extract import Mention, extract_mentions
from index.models import Article
from index.question import parse_question

DEV = Path(__file__).resolve().parents[1] / "corpora" / "news" / "dev" / "articles"


@pytest.fixture(scope="module")
def table() -> CompanyTable:
    return CompanyTable.load()


def names(table: CompanyTable, title: str, *sentences: str, lang: str,
          outlet: str = "") -> ArticleNames:
    return read_article_names(title, [list(sentences)], lang=lang, table=table, outlet=outlet)


def companies(found: ArticleNames) -> set[str]:
    return {company for company, _ in found.companies.values()}


def extract(table: CompanyTable, title: str, text: str, *, lang: str,
            published: date | None = date(2023, 1, 17)) -> list[Mention]:
    article = Article(text=text, source=f"test-{lang}.md", title=title, lang=lang,
                      published=published)
    return extract_mentions(article, table)


def summary(mentions: Sequence[Mention]) -> list[tuple[str, int | None, float | None]]:
    return [(m.company, m.headcount, m.percent) for m in mentions]


# --------------------------------------------------------------------------------------------
# The article's companies, from its title and lead, in four languages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "title", "lead", "expected"), [
    # English: the subject of the headline's verb, a legal form, a company noun before the name
    ("en", "Grab cutting 1,000 jobs, or 11% of workforce, in biggest layoffs since pandemic",
     "SINGAPORE: Grab Holdings, Southeast Asia's leading ride-hailing and food delivery app, "
     "is cutting 1,000 jobs, or 11 per cent of its workforce, chief executive Anthony Tan said "
     "on Tuesday (Jun 20), pointing to the need to control costs and keep its services "
     "affordable over the long term.", {"Grab"}),  # CNA
    ("en", "GoTo to lay off 12% of employees in efficiency program",
     "Jakarta. Technology group GoTo said on Friday that it plans to lay off 12 percent of its "
     "employees, some 1,300 people, as it tries to become more efficient and reach financial "
     "independence sooner.", {"GoTo"}),  # Jakarta Globe
    ("en", "Siemens to cut 6,000 jobs in automation, EV charging businesses",
     "Siemens AG intends to shrink its worldwide headcount by roughly 6,000 positions, with "
     "most of the reductions falling on its factory automation business, where demand has "
     "been weak.", {"Siemens"}),  # Bloomberg
    # French
    ("fr", "Cryptomonnaies : la licorne française Ledger se sépare de 12 % de ses salariés",
     "La licorne française Ledger, valorisée 1,3 milliard d'euros, a annoncé ce jeudi qu'elle "
     "va se séparer de 12 % de ses salariés, soit 90 personnes sur 750 employés.",
     {"Ledger"}),  # BFM Crypto
    ("fr", "Lightspeed élimine 300 emplois",
     "Lightspeed, l'entreprise montréalaise de logiciels pour commerçants, abolit 300 emplois.",
     {"Lightspeed"}),  # La Presse
    ("fr", "Back Market : 70 postes menacés en France",
     "Back Market a fait savoir lundi 2 janvier qu'il préparait un plan de départ pour alléger "
     "ses effectifs.", {"Back Market"}),  # Cerfia
    # German: nouns are capitalised, so the headline's subject or a company noun decides
    ("de", "Personio entlässt 101 Mitarbeitende",
     "Der Münchner HR-Software-Anbieter Personio trennt sich von 101 Mitarbeitenden.",
     {"Personio"}),  # Personalwirtschaft
    ("de", "Liefer-Start-up Delivery Hero kündigt neue Entlassungen an",
     "Der Berliner Lieferdienst Delivery Hero entlässt nach Informationen des SPIEGEL mehr als "
     "vier Prozent der Belegschaft in seiner Firmenzentrale.", {"Delivery Hero"}),  # Spiegel
    ("de", "VW-Softwaretochter Cariad baut 1.600 Stellen ab",
     "Die seit Jahren kriselnde Softwaretochter von Volkswagen, Cariad, will bis zum "
     "Jahresende nahezu jede dritte Stelle streichen.", {"Cariad"}),  # dpa-AFX
    # Spanish
    ("es", "Glovo anuncia el despido de 250 empleados, el 6,5% de su plantilla",
     "Glovo prescindirá de 250 trabajadores.", {"Glovo"}),  # Telemadrid
    ("es", "Globant se suma a la ola de despidos",
     "Globant, el unicornio tecnológico de origen argentino, confirmó que recorta el 3 por "
     "ciento de su personal en todo el mundo, lo que equivale a unos 1000 empleados.",
     {"Globant"}),  # Ar de Tierra del Fuego
    ("es", "Llega el invierno para Kavak: testimonios indican despidos en Brasil",
     "El llamado invierno tecnológico parece haber alcanzado a Kavak, el unicornio mexicano de "
     "compraventa de autos usados, valorado en más de 8.700 millones de dólares.",
     {"Kavak"}),  # Bloomberg Línea
])
def test_the_company_is_read_from_the_title_and_lead(
    table: CompanyTable, lang: str, title: str, lead: str, expected: set[str],
) -> None:
    assert companies(names(table, title, lead, lang=lang)) == expected


def test_a_company_of_the_alias_table_is_left_to_the_table(table: CompanyTable) -> None:
    found = names(table, "Dropbox is reducing 16% of its workforce for the AI era",
                  "Dropbox is shrinking its global workforce by about 16%, or 500 employees, "
                  "with immediate effect.", lang="en")  # Cloud7 News
    assert companies(found) == set()


# --------------------------------------------------------------------------------------------
# People, places, sources, unions, common nouns: never companies
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "title", "sentences", "not_companies"), [
    # people: a role next to the name, or a full name whose last word is used alone
    ("en", "Grab cuts workforce by 360 and sunsets several non-core products",
     ["In a blog post, founder Anthony Tan wrote that the company had tried everything it "
      "could to avoid the cuts but had accepted that they were necessary.",
      "Grab is reducing its workforce by about 360 people, which represents 5% of its "
      "employees."], {"Anthony Tan"}),  # Marketing-Interactive
    ("en", "Dropbox is reducing 16% of its workforce for the AI era",
     ["Co-founder and chief executive Drew Houston set out the decision in a blog post about "
      "the company's future.",
      "According to Houston, Dropbox is still profitable, but growth has been slowing."],
     {"Drew Houston", "Houston"}),  # Cloud7 News
    ("fr", "Ledger, le géant français, va se séparer de 12 % de ses employés",
     ["Le 5 octobre, Pascal Gauthier, directeur général de Ledger, spécialiste français de la "
      "sécurisation des actifs numériques, a écrit à ses quelque 750 salariés que 12 % d'entre "
      "eux allaient devoir partir.",
      "Pascal Gauthier met en avant le marché baissier de 2022."], {"Pascal Gauthier"}),
    ("fr", "Orange veut supprimer près de 700 emplois dans sa branche entreprises",
     ["En présentant son plan stratégique il y a un peu plus d'un mois, Christel Heydemann "
      "avait prévenu qu'Orange Business ferait l'objet d'un « important » plan de réduction "
      "des coûts.",
      "Christel Heydemann vise un retour d'Orange Business à la croissance."],
     {"Christel Heydemann"}),  # La Tribune
    ("de", "Liefer-Start-up Delivery Hero kündigt neue Entlassungen an",
     ["Das geht aus einer internen E-Mail von Konzernchef Niklas Östberg hervor.",
      "Seit Monaten versucht Östberg nun, das Unternehmen in die Gewinnzone zu bringen."],
     {"Niklas Östberg", "Östberg"}),  # Spiegel
    ("es", "Globant se suma a la ola de despidos",
     ["Lo comunicó su consejero delegado, Martín Migoya, en un año en el que la compañía ha "
      "recortado previsiones.", "Migoya defendió la decisión."], {"Martín Migoya", "Migoya"}),
    # places: a country or region (CLDR names), a preposition of place, a "-based" compound
    ("es", "Llega el invierno para Kavak: testimonios indican despidos en Brasil",
     ["Según varios testimonios reunidos por Bloomberg Línea, su filial en Brasil ha despedido "
      "personal."], {"Brasil", "Bloomberg Línea"}),  # Bloomberg Línea
    ("en", "Delivery Hero's Glovo to lay off 250 employees worldwide",
     ["BARCELONA, Jan 30 - Glovo, the Spanish delivery app owned by Germany's Delivery Hero, "
      "said on Monday it intends to cut 250 jobs worldwide.",
      "Most of the layoffs will hit Glovo's offices in Barcelona."],
     {"Barcelona", "Germany"}),  # Reuters
    ("en", "Lightspeed laying off 280 workers, launching share buyback program",
     ["The Montreal-based technology company said in a news release on April 3 that the "
      "layoffs are meant to move it into the next phase.", "Staff in Montreal were told."],
     {"Montreal"}),  # Samfiru Tumarkin
    ("fr", "Back Market : 70 postes menacés en France",
     ["En France, 70 postes sont sur la sellette.",
      "Back Market n'est pas un cas isolé en France."], {"France"}),  # Cerfia
    # sources
    ("fr", "Selon La Tribune, Ledger envisage d'alléger ses effectifs, mais pas à Vierzon",
     ["La Tribune l'écrit sur son site : la start-up française « pourrait se séparer d'une "
      "vingtaine de personnes sur 200 ».", "Selon Les Echos, la société songe elle aussi à "
      "couper dans ses équipes."], {"La Tribune", "Les Echos"}),  # Vierzonitude
    ("en", "Bad news for employment at Orange: 700 jobs cut",
     ["According to Le Monde, in a report confirmed by Les Echos, management intends to launch "
      "a collective contractual termination scheme covering 700 positions.",
      "Le Monde said the plan would be put to the unions."], {"Le Monde", "Les Echos"}),
    # unions (acronyms need more than a verb after them) and a Spanish common noun
    ("es", "Telefónica firma con los sindicatos el ERE para la salida de al menos 4.525 "
     "trabajadores",
     ["La dirección de Telefónica y sus tres sindicatos más representativos, UGT, CC OO y "
      "Fetico-Sumados, han rubricado este lunes el expediente de regulación de empleo.",
      "UGT firmó el acuerdo."], {"UGT", "ERE"}),  # El País
    ("fr", "Telefónica : le plan social validé avec les syndicats prévoit « environ 5.500 "
     "départs » en Espagne",
     ["Les syndicats, eux, ont parlé ces derniers jours de 4.539 départs, chiffre ensuite "
      "ramené à 4.525 selon l'UGT.", "L'UGT, les CCOO et Sumados-Fetico avaient fait savoir "
      "qu'ils acceptaient le plan."], {"UGT", "CCOO"}),  # Boursorama
    # German common nouns, however capitalised
    ("de", "2.000 Stellenkürzungen bei Cariad geplant",
     ["Erst vergangene Woche zitierte der Spiegel VW-Insider, die Volkswagens "
      "Softwaretochter Cariad als Bombe bezeichneten.",
      "Nun scheint diese Bombe hochgegangen zu sein."], {"Bombe", "Stellenkürzungen"}),
    ("de", "Delivery Hero schlägt Aktionäre in die Flucht",
     ["Um endlich profitabel zu werden, hat sich der Konzern einen strikten Sparkurs "
      "verordnet.", "Für Anleger bleibt die Frage, ob der Sparkurs schnell genug greift."],
     {"Sparkurs", "Aktionäre", "Flucht"}),  # manager magazin
])
def test_people_places_sources_and_nouns_are_not_companies(
    table: CompanyTable, lang: str, title: str, sentences: list[str],
    not_companies: set[str],
) -> None:
    found = names(table, title, *sentences, lang=lang)
    assert not {fold_company(c) for c in companies(found)} & {
        fold_company(n) for n in not_companies}, found.companies


def test_the_articles_outlet_is_a_source(table: CompanyTable) -> None:
    found = names(table, "Tech.eu reports", "Tech.eu said Delivery Hero is closing hubs.",
                  "Tech.eu has learned more.", lang="en", outlet="Tech.eu")
    assert "Tech.eu" not in found.companies


# --------------------------------------------------------------------------------------------
# Figures: the article's company gets them; a company named in passing keeps its own
# --------------------------------------------------------------------------------------------


def test_figures_of_an_unknown_company_go_to_it(table: CompanyTable) -> None:
    ms = extract(table, "Grab cutting 1,000 jobs, or 11% of workforce, in biggest layoffs "
                 "since pandemic",
                 "SINGAPORE: Grab Holdings, Southeast Asia's leading ride-hailing and food "
                 "delivery app, is cutting 1,000 jobs, or 11 per cent of its workforce, chief "
                 "executive Anthony Tan said on Tuesday (Jun 20).", lang="en",
                 published=date(2023, 6, 20))  # CNA
    assert summary(ms) == [("Grab", 1_000, 11.0)]
    ms = extract(table, "Cryptomonnaies : la licorne française Ledger se sépare de 12 % de "
                 "ses salariés",
                 "Même les entreprises les plus solides de la crypto ne sortent pas indemnes du "
                 "marché baissier. La licorne française Ledger, valorisée 1,3 milliard "
                 "d'euros, a annoncé ce jeudi qu'elle va se séparer de 12 % de ses salariés, "
                 "soit 90 personnes sur 750 employés.", lang="fr",
                 published=date(2023, 10, 5))  # BFM Crypto
    assert ("Ledger", 90) in [(m.company, m.headcount) for m in ms]
    assert {m.company for m in ms} == {"Ledger"}


def test_a_legal_form_and_a_longer_name_are_the_same_company(table: CompanyTable) -> None:
    ms = extract(table, "Lightspeed laying off 280 workers, launching share buyback program",
                 "Lightspeed Commerce Inc. is eliminating about 280 jobs, roughly 10 per cent "
                 "of its workforce, in a company-wide restructuring.", lang="en",
                 published=date(2024, 4, 3))  # Samfiru Tumarkin
    assert summary(ms) == [("Lightspeed", 280, 10.0)]
    ms = extract(table, "Siemens to cut 6,000 jobs in automation, EV charging businesses",
                 "Siemens AG intends to shrink its worldwide headcount by roughly 6,000 "
                 "positions, with most of the reductions falling on its factory automation "
                 "business, where demand has been weak.", lang="en",
                 published=date(2025, 3, 18))  # Bloomberg
    assert summary(ms) == [("Siemens", 6_000, None)]


def test_a_longer_name_with_a_company_noun_is_a_unit(table: CompanyTable) -> None:
    found = names(table, "Orange pourrait supprimer 700 postes de sa branche Orange Business",
                  "Un mois à peine après avoir présenté sa stratégie, Orange passe à la "
                  "restructuration.", "Le projet prévoit de supprimer 700 postes sur les 5 700 "
                  "que compte Orange Business.", lang="fr")  # Siècle Digital
    assert found.companies["Orange"] == ("Orange", None)
    assert found.companies["Orange Business"][0] == "Orange"


@pytest.mark.parametrize(("lang", "title", "text", "published", "kept"), [
    # Momentum Works: Shopee's 200 is Shopee's, not GoTo's
    ("en", "On GoTo's layoffs before releasing Q4 2022 results",
     "Last Friday (10 March), GoTo announced that about 600 employees would be laid off.\n\n"
     "Shopee also announced layoffs of 200 employees last week, mostly in its customer service "
     "team in Indonesia. The timing of the Shopee and GoTo cuts in Indonesia is notable.",
     date(2023, 3, 14), [("GoTo", 600, None)]),
    # California18: Meero's 72 is Meero's, not Back Market's
    ("en", "Back Market launches a departure plan, about sixty jobs concerned in France",
     "Back Market, the French leader in refurbished electronics, is carrying out a departure "
     "plan to shrink its workforce by 13%, out of 715 employees worldwide, the company told "
     "AFP.\n\nIn France, Meero, which supplies photos to online platforms, is cutting around "
     "72 jobs and refocusing on its image-processing software.",
     date(2023, 1, 2), [("Back Market", None, 13.0)]),
    # Crypto-NFT.fr: Binance's 1000 is Binance's, not Ledger's
    ("fr", "Ledger, le géant français, va se séparer de 12 % de ses employés",
     "Ledger va se séparer de 12 % de ses salariés.\n\nLa crypto n'échappe pas à la tendance : "
     "Binance a par exemple annoncé en juillet le licenciement de 1000 personnes.",
     date(2023, 10, 6), [("Ledger", None, 12.0)]),
])
def test_a_company_named_in_passing_keeps_its_figures(
    table: CompanyTable, lang: str, title: str, text: str, published: date,
    kept: list[tuple[str, int | None, float | None]],
) -> None:
    assert summary(extract(table, title, text, lang=lang, published=published)) == kept


# --------------------------------------------------------------------------------------------
# Names fold for merging; questions find the ledger's own companies
# --------------------------------------------------------------------------------------------


def test_names_fold() -> None:
    assert fold_company("Siemens AG") == fold_company("siemens") == "siemens"
    assert fold_company("Telefónica") == fold_company("TELEFONICA") == "telefonica"
    assert fold_company("Delivery Hero SE") == "delivery hero"
    assert fold_company("Lightspeed Commerce Inc.") == "lightspeed commerce"
    assert fold_company("Grab Holdings") == "grab"


def test_every_outlet_spelling_is_one_company(table: CompanyTable) -> None:
    accented = names(table, "Telefónica firma con los sindicatos el ERE",
                     "La dirección de Telefónica y sus tres sindicatos han rubricado el "
                     "expediente.", "Telefónica cifra el coste del ajuste.", lang="es")
    plain = names(table, "Telefonica strikes union deal to cut 3,400 jobs",
                  "Telefonica has agreed with its unions to lay off up to 3,421 employees.",
                  lang="en")
    assert companies(accented) == companies(plain) == {"Telefonica"}


KNOWN = ["Personio", "Delivery Hero", "Telefonica", "Lightspeed", "Amazon"]


@pytest.mark.parametrize(("question", "expected"), [
    ("how many jobs has Personio cut since 2023?", "Personio"),
    ("Combien d'emplois Personio a-t-il supprimés depuis 2023 ?", "Personio"),
    ("Wie viele Stellen hat Personio seit 2023 gestrichen?", "Personio"),
    ("¿Cuántos empleos ha recortado Telefónica desde 2023?", "Telefonica"),
    ("how many people did delivery hero let go?", "Delivery Hero"),
    ("Delivery Hero SE layoffs in 2023", "Delivery Hero"),
    ("How many jobs did Personoi cut?", "Personio"),  # a typo
    ("What about Lightspeed's layoffs?", "Lightspeed"),
])
def test_a_question_finds_the_ledgers_companies(question: str, expected: str) -> None:
    assert [m.company for m in find_known(question, KNOWN)] == [expected]


def test_a_question_names_no_company_that_is_not_there() -> None:
    assert find_known("how many jobs were cut in personal finance?", KNOWN) == []
    assert find_known("Combien de personnes ont perdu leur emploi ?", KNOWN) == []


def test_a_users_spelling_resolves_to_the_ledgers_company(table: CompanyTable) -> None:
    assert table.resolve("glovo", ["Glovo", "Ledger"]) == "Glovo"
    assert table.resolve("Telefónica", KNOWN) == "Telefonica"
    assert table.resolve("Delivery Hero SE", KNOWN) == "Delivery Hero"
    assert table.resolve("amazn", KNOWN) == "Amazon"  # the alias table first
    assert table.resolve("Zalando", KNOWN) == "Zalando"
    assert table.resolve("Nobody Inc", KNOWN) is None


def test_parse_question_adds_the_ledgers_companies(table: CompanyTable) -> None:
    q = parse_question("how many jobs has Personio cut since 2023?", languages=["en", "fr"],
                       companies=table, today=date(2026, 1, 1), known=KNOWN)
    assert q.companies == ("Personio",) and q.unknown_names == ()
    q = parse_question("how many jobs has Amazon cut since 2022?", languages=["en", "fr"],
                       companies=table, today=date(2026, 1, 1), known=KNOWN)
    assert q.companies == ("Amazon",)


# --------------------------------------------------------------------------------------------
# End to end: a company the alias table does not know, asked in four languages
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_engine(tmp_path_factory: pytest.TempPathFactory, nano: object) -> Iterator[object]:
    import shutil

    from index.engine import Engine
    from tests.conftest import make_settings

    folder = tmp_path_factory.mktemp("open-world") / "articles"
    folder.mkdir()
    for path in sorted(DEV.glob("glovo-*")) + sorted(DEV.glob("ledger-2023-*")):
        shutil.copy(path, folder / path.name)
    engine = Engine(make_settings(tmp_path_factory.mktemp("ow") / "data",
                                  languages=["en", "fr", "de", "es"]), embedder=nano)
    report = engine.index([folder])
    assert not report.skipped, report.skipped
    yield engine
    engine.close()


@pytest.mark.parametrize(("question", "lang"), [
    ("how many jobs has Glovo cut since 2023?", "en"),
    ("Combien d'emplois Glovo a-t-il supprimés depuis 2023 ?", "fr"),
])
def test_an_unknown_company_is_answered_from_the_ledger(
    dev_engine: object, question: str, lang: str,
) -> None:
    answer = dev_engine.ask(question)  # type: ignore[attr-defined]
    assert not answer.refused, answer.text
    assert answer.lang == lang
    assert "250" in answer.text
    assert answer.citations and all("Glovo" in c.title or "Glovo" in c.quote
                                    for c in answer.citations)


def test_the_ledger_lists_unknown_companies(dev_engine: object) -> None:
    ledger = dev_engine.ledger  # type: ignore[attr-defined]
    assert {"Glovo", "Ledger"} <= set(ledger.companies())
