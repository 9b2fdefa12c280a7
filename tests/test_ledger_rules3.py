"""Ledger rules of issue 13's third round, each shown on real sentences from at least two
outlets in every language it claims. The sentences come from the news corpus's tuning halves
(``corpora/news/dev``, ``dev2`` and ``holdout``, whose failures were read at the end of round
2), paraphrased from the outlet named beside each.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from index.companies import CompanyTable
from index.events import build_ledger
from index.extract import Mention, extract_mentions, is_layoff_sentence
from index.ingest import load_articles
from index.ledger_answer import event_figure
from index.models import Article
from index.numbers import find_quantities
from index.standing import REPORTED, classify


@pytest.fixture(scope="module")
def table() -> CompanyTable:
    return CompanyTable.load()


def lead(table: CompanyTable, lang: str, title: str, text: str) -> list[tuple[str, int | None]]:
    article = Article(text=text, source="t.md", title=title, lang=lang,
                      published=date(2024, 6, 1))
    return [(m.company, m.headcount) for m in extract_mentions(article, table)]


# --------------------------------------------------------------------------------------------
# "lose their jobs" and its kin are cuts, with the figure anywhere in the clause
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "sentence"), [
    # Dow Jones (holdout), Handelsblatt-style lead (dev): verb, figure, then "ihren Arbeitsplatz"
    ("de", "Insgesamt verlieren 611 Beschäftigte ihren Arbeitsplatz."),
    ("de", "Rund 500 Angestellte verlieren ihre Stelle, das sind etwa 5 Prozent der bisherigen "
           "Belegschaft."),
    # t3n (holdout): "vor die Tür setzen"
    ("de", "Hellofresh macht ein Lager in den USA dicht und setzt damit 611 Arbeiterinnen und "
           "Arbeiter vor die Tür – und das, obwohl die Umsätze steigen."),
    # NGZ and Zeit (holdout): "sollen gehen", "gehen müssen"
    ("de", "173 Mitarbeiter sollen gehen, wie Mitgründer Alex Ljung in einem Blogeintrag "
           "mitteilte."),
    ("de", "Ljung kündigte an, dass 173 der zuvor 420 Mitarbeiter gehen müssen."),
    # Siècle Digital (holdout) and Data News (holdout): "perdu leur travail", "perdre leur poste"
    ("fr", "Le groupe n'y est finalement pas parvenu, et les 1708 employés de Getir ont perdu "
           "leur travail."),
    ("fr", "Cette fois, quelque 1.500 personnes devraient perdre leur poste."),
    # Game World Observer (dev) and Crypto Whale (dev): "cost N employees their jobs"
    ("en", "According to Reuters, ending the arrangement with Weta FX will cost 265 employees "
           "their jobs, or 3.8% of a total workforce of around 7,000."),
    ("en", "Together, the two cuts cost more than 1,000 staff their jobs."),
])
def test_losing_a_job_is_a_cut(lang: str, sentence: str) -> None:
    assert is_layoff_sentence(sentence, lang)


def test_losing_money_or_a_customer_is_no_cut() -> None:
    assert not is_layoff_sentence("The slump has cost the company dearly this year.", "en")
    # Computerwoche-style (dev) and Le Monde-style (dev) sentences with "verlor"/"perdu"
    assert not is_layoff_sentence(
        "Im Jahr 2015 setzte es 21 Millionen Euro um und verlor 51 Millionen.", "de")
    assert not is_layoff_sentence(
        "Soutenue par Amazon, l'entreprise a perdu 1,5 milliard de dollars au quatrième "
        "trimestre.", "fr")


# --------------------------------------------------------------------------------------------
# A cut given as a range counts its low end and shows the range
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "title", "text", "low", "high"), [
    # A Digital Boom (holdout)
    ("en", "Twilio to lay off 800 to 900 employees",
     "Cloud communications company Twilio, based in San Francisco, will lay off 800 to 900 "
     "employees out of a staff of more than 7,800, roughly 11% of its headcount.", 800, 900),
    # WirtschaftsWoche (standing bank): "zwischen 100 und 120 Beschäftigte"
    ("de", "Microsoft baut Stellen ab",
     "Microsoft will in Deutschland zwischen 100 und 120 Beschäftigte abbauen.", 100, 120),
    # CFTC quoted by a French outlet (standing bank): "de 350 à 500 postes"
    ("fr", "Des suppressions de postes chez IBM France",
     "IBM France va supprimer de 350 à 500 postes.", 350, 500),
    # NEEO (dev): "entre 800 y 1.000 puestos de trabajo"
    ("es", "Atento prepara un ERE",
     "Atento prepara un ERE que supondría eliminar entre 800 y 1.000 puestos de trabajo.",
     800, 1000),
])
def test_a_range_counts_its_low_end_and_shows_both(table: CompanyTable, lang: str, title: str,
                                                   text: str, low: int, high: int) -> None:
    article = Article(text=text, source="t.md", title=title, lang=lang,
                      published=date(2024, 6, 1))
    found = [m for m in extract_mentions(article, table) if m.low == low]
    assert found and found[0].headcount is None and found[0].high == high
    event = build_ledger(found).events[0]
    assert (event.headcount, event.high, event.qualifier) == (low, high, "range")
    assert event_figure(event, lang).replace("\u202f", " ").replace("\xa0", " ") in (
        f"{low:,}–{high:,}", f"{low:,}–{high:,}".replace(",", "."),
        f"{low:,}–{high:,}".replace(",", " "))


def test_a_range_and_a_figure_outside_it_are_two_events() -> None:
    from tests.test_events import M, day

    ranged = replace(M("Twilio", None, day(2022, 9, 14), "a"), low=800, high=900)
    other = M("Twilio", 1500, day(2022, 9, 20), "b")
    inside = M("Twilio", 850, day(2022, 9, 15), "c")
    events = build_ledger([ranged, other, inside]).events
    assert sorted(e.headcount or 0 for e in events) == [850, 1500]
    assert [len(e.mentions) for e in events if e.headcount == 850] == [2]


# --------------------------------------------------------------------------------------------
# An exact figure leads a bound that agrees with it
# --------------------------------------------------------------------------------------------

def test_an_exact_figure_leads_the_bound_it_fits() -> None:
    """Data News (holdout): "plus de 680 postes"; Best Buy Item USA (holdout): "683 people"."""
    from tests.test_events import M, day

    more = replace(M("Lyft", 680, day(2022, 11, 3), "a"), qualifier="more_than")
    exact = M("Lyft", 683, day(2022, 11, 3), "b")
    (event,) = build_ledger([more, exact]).events
    assert (event.headcount, event.qualifier) == (683, "exact")
    # two exact figures that differ: the lower, never inflate
    (event,) = build_ledger([M("Lyft", 683, day(2022, 11, 3), "a"),
                             M("Lyft", 700, day(2022, 11, 3), "b")]).events
    assert event.headcount == 683
    # an "up to" bound below the exact figure does not fit it
    upto = replace(M("Lyft", 680, day(2022, 11, 3), "a"), qualifier="up_to")
    (event,) = build_ledger([upto, exact]).events
    assert event.headcount == 680


# --------------------------------------------------------------------------------------------
# The workforce after a vague amount or an employ verb is no cut
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "title", "sentence", "figure"), [
    # Dow Jones (holdout)
    ("de", "Zalando streicht Stellen",
     "Der Berliner Onlinehändler Zalando will \"mehrere hundert\" von rund 17.000 Stellen "
     "streichen.", 17000),
    # Handelsblatt-style (dev): "einige hundert von"
    ("de", "Zalando streicht Stellen",
     "Zalando will einige hundert von 9.000 Stellen streichen.", 9000),
    # El Periódico Mediterráneo (holdout): "da empleo en la actualidad a"
    ("es", "Indra presenta un ERE",
     "Indra quiere prescindir del 8% de la plantilla de su división de sistemas, Indra "
     "Soluciones TI, que da empleo en la actualidad a 13.049 personas.", 13049),
    # RTVE-style (dev): "que emplea en España a"
    ("es", "Atento presenta un ERE",
     "Atento, que emplea en España a 9.000 personas, presentó un ERE para 800 despidos.", 9000),
])
def test_the_workforce_after_a_vague_amount_or_employ_verb_is_no_cut(
        table: CompanyTable, lang: str, title: str, sentence: str, figure: int) -> None:
    found = lead(table, lang, title, sentence)
    assert all(value != figure for _, value in found), found


# --------------------------------------------------------------------------------------------
# "reports in February had said": a report, whatever words stand between
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "figure"), [
    # eeNews Europe (dev)
    ("The announcement comes as no surprise: reports in February had said that ST was looking "
     "to cut between 2,000 and 3,000 staff.", "2,000 and 3,000"),
    # Engadget (2016, Twitter): "a Bloomberg report indicates"
    ("A Bloomberg report indicates that Twitter plans to lay off about 300 people, or 8 percent "
     "of its workforce.", "about 300"),
])
def test_reports_said_is_reported(sentence: str, figure: str) -> None:
    q = next(q for q in find_quantities(sentence, "en") if figure in q.text)
    assert classify(sentence, q.start, q.end, "en").status == REPORTED


# --------------------------------------------------------------------------------------------
# "In total" beside a cut under way is that cut's figure; a total over rounds stays a total
# --------------------------------------------------------------------------------------------

def _cumulative(table: CompanyTable, lang: str, title: str, text: str, value: int) -> bool:
    article = Article(text=text, source="t.md", title=title, lang=lang,
                      published=date(2024, 6, 1))
    found = [m for m in extract_mentions(article, table) if m.headcount == value]
    assert found, [(m.company, m.headcount) for m in extract_mentions(article, table)]
    return found[0].cumulative


@pytest.mark.parametrize(("lang", "title", "text", "value"), [
    # Dow Jones (holdout), on HelloFresh
    ("de", "Hellofresh schließt ein Lager in Kalifornien",
     "Hellofresh schließt ein Lager in Kalifornien. Insgesamt verlieren 611 Beschäftigte ihren "
     "Arbeitsplatz.", 611),
    # Brutkasten (dev), on Tier Mobility
    ("de", "Tier Mobility baut erneut Stellen ab",
     "Tier Mobility baut erneut Stellen ab. Diesmal sollen insgesamt 80 Stellen wegfallen, wie "
     "TechCrunch berichtet.", 80),
    # Tagesspiegel (dev), on Tier Mobility
    ("de", "Tier Mobility streicht Stellen",
     "Tier Mobility streicht Stellen. Ein Unternehmenssprecher bestätigte dem Tagesspiegel, dass "
     "insgesamt 140 Stellen abgebaut werden.", 140),
    # 20 Minutes (dev), on Back Market
    ("fr", "Back Market engage un plan de départ",
     "Back Market a engagé un plan de départ destiné à réduire ses effectifs de 13 %. Au total, "
     "93 emplois doivent disparaître.", 93),
    # La Presse (sample corpus), on Ubisoft
    ("fr", "Ubisoft supprime des postes",
     "Ubisoft réorganise ses équipes. Au total, l'opération porte sur 124 postes dans le "
     "monde, dont l'équipe informatique.", 124),
])
def test_in_total_beside_a_cut_under_way_is_that_cuts_figure(
        table: CompanyTable, lang: str, title: str, text: str, value: int) -> None:
    assert not _cumulative(table, lang, title, text, value)


@pytest.mark.parametrize(("lang", "title", "text", "value"), [
    # Manager Magazin (dev): a total over months, in the past
    ("de", "Delivery Hero streicht Stellen",
     "Delivery Hero streicht Stellen. Der Wolt-Eigner DoorDash hatte in den vergangenen Monaten "
     "weltweit insgesamt etwa 2000 Stellen gestrichen.", 2000),
    # Handelsblatt-style (dev): "zusammen mit" the round before
    ("de", "Personio baut Stellen ab",
     "Zusammen mit der ersten Runde baut Personio damit insgesamt 200 Stellen ab.", 200),
    # Le Figaro-style (sample): two rounds together
    ("fr", "Ubisoft supprime des postes",
     "Avec ces deux vagues, Ubisoft supprime au total 1 000 postes.", 1000),
    ("fr", "Getir ferme en France",
     "Au total, depuis 2022, Getir a supprimé 1 700 postes en France.", 1700),
])
def test_a_total_over_rounds_or_a_period_stays_a_running_total(
        table: CompanyTable, lang: str, title: str, text: str, value: int) -> None:
    assert _cumulative(table, lang, title, text, value)


# --------------------------------------------------------------------------------------------
# A share and a part of it ("13 %, dont 67 en France") give the share, not the part as the cut
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "title", "text", "percent", "part"), [
    # Novethic (dev), on Back Market
    ("fr", "Back Market réduit ses effectifs",
     "Chez Back Market, au total, 13 % du personnel doit partir, dont 67 personnes en France "
     "dans le cadre d'un plan de départs volontaires.", 13.0, 67),
    # Finanznachrichten (standing bank), on SAP
    ("de", "SAP streicht Stellen",
     "Die Kündigungswelle bei SAP betrifft rund 2,5 Prozent aller Beschäftigten, davon in "
     "Deutschland rund 200 Arbeitsplätze.", 2.5, 200),
])
def test_a_share_and_its_part_give_the_share(table: CompanyTable, lang: str, title: str,
                                             text: str, percent: float, part: int) -> None:
    article = Article(text=text, source="t.md", title=title, lang=lang,
                      published=date(2024, 6, 1))
    found = extract_mentions(article, table)
    assert [m.percent for m in found] == [percent]
    assert all(m.headcount != part for m in found)


# --------------------------------------------------------------------------------------------
# A group added to the lead's cut is news; a cue that introduces the next figure is its own
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "title", "lead_text", "body", "value"), [
    # Siècle Digital (holdout), on PayFit
    ("fr", "PayFit procède à des licenciements",
     "PayFit va se séparer de 200 salariés, environ 20 % de ses effectifs.",
     "À ces départs s'ajoutent ceux de l'antenne espagnole, qui a remercié une trentaine de "
     "salariés.", 30),
    # Génération NT / AFP (phenomena bank), on Gemalto
    ("fr", "Gemalto ferme un site",
     "Gemalto supprime 370 postes avec la fermeture du site de Saint-Cyr-en-Val.",
     "Les 39 autres licenciements de Gemalto concernent des postes au siège de Meudon.", 39),
    # Märkische Allgemeine / dpa (phenomena bank), on Diehl Aviation
    ("de", "Diehl Aviation verlagert Stellen",
     "Diehl Aviation streicht in Hamburg 240 Stellen.",
     "Die Betriebsleitung von Diehl Aviation hatte informiert, dass in Hamburg 50 "
     "Arbeitsplätze nach Ungarn verlagert und weitere 190 gestrichen werden.", 190),
    # DWDL (phenomena bank), on the Handelsblatt publishing group
    ("de", "Verlagsgruppe Handelsblatt baut Stellen ab",
     "Die Verlagsgruppe Handelsblatt baut rund 100 Stellen ab.",
     "Nach dem Abbau von rund 100 Stellen im Sommer wird die Verlagsgruppe Handelsblatt in "
     "einer zweiten Runde noch einmal 50 Stellen zusätzlich streichen.", 50),
])
def test_a_group_added_to_the_leads_cut_is_news(table: CompanyTable, lang: str, title: str,
                                                lead_text: str, body: str,
                                                value: int) -> None:
    # the body sentence comes after the lead's sentences, where a detail would be held back
    article = Article(text=f"{lead_text} {FILLER[lang]}\n\n{body}", source="t.md", title=title,
                      lang=lang, published=date(2024, 6, 1))
    found = [m for m in extract_mentions(article, table) if m.headcount == value]
    assert found and all(m.prominent for m in found), found
    # the same figure without the word that adds it is a detail of the lead's cut
    plain = Article(text=f"{lead_text} {FILLER[lang]}\n\n{DETAIL[lang].format(value)}",
                    source="t.md", title=title, lang=lang, published=date(2024, 6, 1))
    found = [m for m in extract_mentions(plain, table) if m.headcount == value]
    assert found and not any(m.prominent for m in found), found


FILLER = {"fr": "L'entreprise n'a pas commenté davantage. Son action a reculé.",
          "de": "Das Unternehmen äußerte sich nicht weiter. Die Aktie fiel."}
DETAIL = {"fr": "Dans son principal bureau, {} postes seront supprimés.",
          "de": "Am größten Standort werden {} Stellen gestrichen."}


@pytest.mark.parametrize(("lang", "sentence", "new", "earlier"), [
    # Reuters (phenomena bank), on 3Com
    ("en", "A 3Com spokeswoman said the latest cuts of 3,000 jobs were in addition to the 170 "
           "workers it said it would lay off in March and the 1,200 jobs it cut in February.",
     "3,000", "170"),
    # Publimicro (phenomena bank), on Philips
    ("es", "Los nuevos recortes de más de 6.000 empleos en Philips se sumarán a los 4.000 "
           "puestos que la empresa ya había anunciado en octubre del año pasado.",
     "más de 6.000", "4.000"),
    # Syndicoop / Marianne (phenomena bank), on Alcatel-Lucent
    ("fr", "Les 173 postes visés par la nouvelle rupture conventionnelle collective pourraient "
           "s'ajouter aux 1 800 suppressions déjà enregistrées chez Alcatel depuis son rachat "
           "par Nokia en 2015.",
     "173", "1 800"),
    # Zeit (holdout), on SoundCloud: "der zuvor 420" is the staff before, the 173 go now
    ("de", "Ljung kündigte an, dass 173 der zuvor 420 Mitarbeiter gehen müssen.", "173", None),
])
def test_a_recall_cue_after_a_figure_belongs_to_the_next_one(lang: str, sentence: str, new: str,
                                                             earlier: str | None) -> None:
    figures = {q.text: q for q in find_quantities(sentence, lang)}
    first = figures[new]
    assert not classify(sentence, first.start, first.end, lang).lookback
    if earlier is not None:
        second = figures[earlier]
        assert classify(sentence, second.start, second.end, lang).lookback


def test_a_recall_cue_after_a_comma_stays_with_the_figure_before() -> None:
    """Epoch Times (dev2): the 5,400 was announced in November; "über 1.000 davon" follows."""
    sentence = ("Die Streichung von 5.400 Stellen in der Verwaltung rund um den Globus hatte "
                "Continental bereits im November angekündigt, über 1.000 davon in Deutschland.")
    q = next(q for q in find_quantities(sentence, "de") if q.text == "5.400")
    assert classify(sentence, q.start, q.end, "de").lookback


# --------------------------------------------------------------------------------------------
# A period after the article's publication is when the cut takes effect, not when it was told
# --------------------------------------------------------------------------------------------

NEWS = Path(__file__).resolve().parents[1] / "corpora" / "news"


def _read(table: CompanyTable, *names: str) -> list[Mention]:
    loaded = load_articles([NEWS / name for name in names], languages=("en", "fr", "de", "es"),
                           max_bytes=5_000_000)
    return [m for a in loaded.articles for m in extract_mentions(a, table)]


@pytest.mark.parametrize(("name", "value", "percent"), [
    # The Gazette (dev): "the layoffs will go on throughout next year" before the 25%
    ("dev/articles/zillow-2021-11-08-gazette-en.md", None, 25.0),
    # 20 Minutes (dev): "à l'horizon de la fin d'année 2020"
    ("dev/articles/technicolor-2020-07-05-20minutes-fr.md", 110, None),
    # Siècle Digital (dev): "doit présenter le 22 mars ... un plan de départs"
    ("dev/articles/orange-2023-03-20-siecle-digital-fr.md", 700, None),
])
def test_a_period_after_publication_does_not_date_the_announcement(
        table: CompanyTable, name: str, value: int | None, percent: float | None) -> None:
    found = [m for m in _read(table, name)
             if (value is not None and m.headcount == value)
             or (percent is not None and m.percent == percent)]
    assert found
    for m in found:
        assert m.published is not None and m.announced is not None
        assert m.announced.start <= m.published, m.announced


# --------------------------------------------------------------------------------------------
# An undated article's share and figure join the dated event that gives only the share
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dated", "undated", "when", "headcount"), [
    # Le Devoir (dated, "20 %") and Stratégies (undated, "20 %, soit ... 2 200"), dev2
    ("dev2/articles/shopify-2023-05-04-le-devoir-fr.md",
     "dev2/articles/shopify-undated-strategies-fr.md", date(2023, 5, 4), 2200),
    # The Hill (dated, "11 percent ... back in September") and A Digital Boom (undated,
    # "800 to 900 employees ... roughly 11%"), holdout
    ("holdout/articles/twilio-2023-02-13-thehill-en.md",
     "holdout/articles/twilio-undated-adigitalboom-en.md", date(2022, 9, 1), 800),
    # Fox Business (dated, "more than 1,000 jobs ... 26%") and Best Buy Item USA (undated,
    # "26% of its staff, or 1,072 workers"), holdout: the exact figure fits the bound
    ("holdout/articles/lyft-2023-04-27-foxbusiness-en.html",
     "holdout/articles/lyft-undated-bestbuyitemusa-en.md", date(2023, 4, 27), 1072),
])
def test_an_undated_figure_joins_the_dated_event_with_its_share(
        table: CompanyTable, dated: str, undated: str, when: date, headcount: int) -> None:
    events = build_ledger(_read(table, dated, undated)).events
    joined = [e for e in events if e.headcount == headcount]
    assert len(joined) == 1
    event = joined[0]
    assert event.held_back is None and event.start == when and event.outlets == 2


# --------------------------------------------------------------------------------------------
# A report of the workforce does not make the cut derived from it a report
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "sentence", "figure"), [
    # The Hill (dev), on Workday
    ("en", "CNBC reported that Workday's head count was more than 17,500 employees in October, "
           "which means about 525 people will likely be laid off.", "about 525"),
    # Reuters (dev2), on Rappi
    ("en", "The Brazil Journal news site reports that the company employs about 5,000 people, "
           "which would mean at least 300 staff are losing their jobs.", "at least 300"),
    # Crypto-NFT (dev), on Ledger
    ("fr", "D'après LinkedIn, Ledger compte 734 employés, ce qui porterait le nombre de départs "
           "à 88.", "88"),
])
def test_a_cut_derived_from_a_reported_workforce_is_not_a_report(lang: str, sentence: str,
                                                                 figure: str) -> None:
    q = next(q for q in find_quantities(sentence, lang) if q.text == figure)
    assert classify(sentence, q.start, q.end, lang).status == "confirmed"


def test_a_report_of_the_cut_itself_stays_a_report() -> None:
    """Engadget (2016): the report gives the cut, nothing is derived from a workforce."""
    sentence = ("A Bloomberg report indicates that Twitter plans to lay off about 300 people, or "
                "8 percent of its workforce.")
    q = next(q for q in find_quantities(sentence, "en") if q.text == "about 300")
    assert classify(sentence, q.start, q.end, "en").status == REPORTED


def test_a_reduction_told_with_a_long_noun_phrase_is_read() -> None:
    """Hispanidad (phenomena bank): eight words between the verb and "de 1.200 a 1.000"."""
    from index.standing import reduction

    sentence = ("Los sindicatos han aceptado la propuesta de Vodafone que reduce el número de "
                "empleados afectados por el expediente de 1.200 a 1.000.")
    found = reduction(sentence, "es")
    assert found is not None
    (a, b), (c, d) = found
    assert (sentence[a:b], sentence[c:d]) == ("1.200", "1.000")


@pytest.mark.parametrize(("sentence", "first", "final"), [
    # TotalBankruptcy.com (phenomena bank), on the United Space Alliance
    ("The United Space Alliance will lay off 548 Kennedy Space Center employees on April 8, "
     "2011, after it had expected to lay off 700 people.", "700", "548"),
    # The Northern Echo (phenomena bank), on Mono Containers
    ("About 60 staff will still lose their jobs at Mono Containers after bosses agreed with "
     "union officials to reduce the job losses, originally set at 83.", "83", "About 60"),
    # DatacenterDynamics (phenomena bank), on Vodafone Spain
    ("Zegona has reached an agreement with the UGT union to terminate the employment of 898 "
     "workers at Vodafone Spain, where it had initially been expected that 1,200 people would "
     "lose their jobs.", "1,200", "898"),
])
def test_an_expected_or_originally_set_figure_is_superseded(sentence: str, first: str,
                                                            final: str) -> None:
    figures = {q.text: q for q in find_quantities(sentence, "en")}
    a, b = figures[first], figures[final]
    assert classify(sentence, a.start, a.end, "en").superseded
    assert not classify(sentence, b.start, b.end, "en").superseded


@pytest.mark.parametrize(("sentence", "figure"), [
    # Gründerszene (holdout2), on Forto
    ("Nach einem ersten Bericht der „Deutschen Verkehrszeitung“ sollen rund 200 Menschen "
     "betroffen sein.", "rund 200"),
    # Tagesspiegel (holdout2), on Forto
    ("Nach einem Bericht der „Deutschen Verkehrszeitung“ (DVZ) verloren etwa 200 Beschäftigte "
     "ihren Arbeitsplatz.", "etwa 200"),
    # Tagesschau (dev2), on T-Systems: the report's figure is of sites, the cue the same
    ("Nach einem vorherigen Bericht des „Handelsblatts\" sollen von den 230 Niederlassungen nur "
     "20 übrig bleiben.", "230"),
])
def test_nach_einem_bericht_is_a_report(sentence: str, figure: str) -> None:
    q = next(q for q in find_quantities(sentence, "de") if q.text == figure)
    assert classify(sentence, q.start, q.end, "de").status == REPORTED


@pytest.mark.parametrize(("name", "value"), [
    # Actual News Magazine (holdout): "centaines d'emplois", "Environ 5 %" ... "environ 300"
    ("holdout/articles/twilio-undated-actualnewsmagazine-fr.md", 300),
    # RetailWire (holdout2): "about 50% of the unit's workforce" ... "a little over 1,100"
    ("holdout2/articles/cruise-2025-02-05-retailwire-en.md", 1100),
    # Der Spiegel (dev): "mehr als vier Prozent der Belegschaft" ... "156 Menschen" (the gold
    # event's own figure; the second round's rules held it back as a detail)
    ("dev/articles/deliveryhero-2023-01-30-spiegel-de.md", 156),
])
def test_a_body_figure_that_gives_the_leads_cut_its_number_is_news(
        table: CompanyTable, name: str, value: int) -> None:
    found = [m for m in _read(table, name) if m.headcount == value]
    assert found and all(m.prominent for m in found)


def test_what_follows_the_leads_figure_in_its_sentence_is_still_a_detail(
        table: CompanyTable) -> None:
    """Actual News Magazine (holdout): "... ce qui laissera quelque 5 600 personnes"."""
    found = [m for m in _read(table, "holdout/articles/twilio-undated-actualnewsmagazine-fr.md")
             if m.headcount == 5600]
    assert all(not m.prominent for m in found)


def test_a_workforce_noun_is_no_company_and_entspricht_in_derives(table: CompanyTable) -> None:
    """IT4Log (holdout2): "Forto hat Personal abgebaut: ... rund 10 Prozent der Belegschaft
    ... Das entspricht in etwa 90 Mitarbeitenden." (vocabulary completed, one outlet)"""
    found = _read(table, "holdout2/articles/forto-undated-it4log-de.md")
    assert "Personal" not in {m.company for m in found}
    assert any(m.company == "Forto" and m.headcount == 90 for m in found)


@pytest.mark.parametrize(("name", "company", "value"), [
    # futurezone (holdout2): "Die Wiener Kryptobörse Bitpanda muss um die 270 Stellen streichen"
    ("holdout2/articles/bitpanda-2022-06-27-futurezone-de.md", "Bitpanda", 270),
    # Tagesspiegel (dev): "E-Scooter-Verleiher Tier Mobility entlässt ..."
    ("dev/articles/tier-mobility-undated-tagesspiegel-de.html", "Tier", 140),
])
def test_a_german_descriptor_before_a_name_is_not_part_of_it(
        table: CompanyTable, name: str, company: str, value: int) -> None:
    found = _read(table, name)
    assert (company, value) in {(m.company, m.headcount) for m in found}
    assert not any(" " in m.company and m.company.endswith(company.split()[-1])
                   and m.company != company for m in found)


@pytest.mark.parametrize(("name", "company", "value"), [
    # Rebruit (holdout2): "the San Francisco design software company said it plans to lay off
    # 1,350 employees" (and the title-case title names Autodesk)
    ("holdout2/articles/autodesk-undated-rebruit-en.md", "Autodesk", 1350),
    # City A.M. (dev2): "According to German news site Manager Magazin, the company is set to
    # cut around 320 roles"
    ("dev2/articles/gorillas-2022-05-25-cityam-en.md", "Gorillas", 320),
])
def test_a_name_before_the_company_noun_is_the_articles_company(
        table: CompanyTable, name: str, company: str, value: int) -> None:
    assert (company, value) in {(m.company, m.headcount) for m in _read(table, name)}


@pytest.mark.parametrize(("name", "value"), [
    # L'Usine Digitale (holdout): "Fin mai, il était clair que Getir entendait supprimer 14% ..."
    ("holdout/articles/getir-undated-usine-digitale-fr.md", 4500),
    # Wired (holdout2): "El 29 de noviembre, los fundadores de Infarm ..."
    ("holdout2/articles/infarm-undated-wired-es.md", 500),
    # La Tribune (dev): "... près de 700 emplois sur 5.700, à partir de 2024"
    ("dev/articles/orange-undated-la-tribune-fr.md", 700),
])
def test_an_undated_articles_month_it_cannot_place_leaves_the_figure_undated(
        table: CompanyTable, name: str, value: int) -> None:
    found = [m for m in _read(table, name) if m.headcount == value]
    assert found and all(m.announced is None for m in found)
    events = [e for e in build_ledger(found).events if e.headcount == value]
    assert events and all(e.held_back == "undated" for e in events)


@pytest.mark.parametrize(("title", "text", "noun"), [
    # cash.ch (phenomena bank), on Helvetia Baloise
    ("Helvetia Baloise baut Stellen ab",
     "Wie umfangreich der Stellenabbau bei Helvetia Baloise sein wird, ist noch nicht bekannt; "
     "in den Medien reichen Spekulationen bis zu 2000 Jobs.", "Spekulationen"),
    # Presseportal / Computerwoche (phenomena bank), on Software AG
    ("Die Software AG will 164 Stellen im Support sowie in Forschung und Entwicklung abbauen",
     "Die Software AG will 164 Stellen im Support sowie in Forschung und Entwicklung abbauen; "
     "zudem soll die Business-Development-Einheit aufgelöst werden, was die Entlassung von "
     "weiteren elf Mitarbeitern zur Folge hat.", "Entwicklung"),
])
def test_a_german_common_noun_ending_is_no_company(table: CompanyTable, title: str, text: str,
                                                   noun: str) -> None:
    assert noun not in {c for c, _ in lead(table, "de", title, text)}


def test_a_german_programme_is_no_company(table: CompanyTable) -> None:
    """oe24 (dev2): "im Rahmen des im Frühjahr angekündigten Sparprogramms 1.400 ihrer weltweit
    rund 58.600 Stellen": the figures are Infineon's, not a company called "Sparprogramms"."""
    found = _read(table, "dev2/articles/infineon-2024-08-06-oe24-de.md")
    assert found and "Sparprogramms" not in {m.company for m in found}
    assert "Infineon" in {m.company for m in found}
