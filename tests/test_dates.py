"""Dates in French and English news: event spans, bylines, undated articles, question periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.dates import (
    OPEN_START,
    Span,
    bounds_from_content,
    find_event_spans,
    parse_question_period,
    publication_date_from_text,
)

D = date
PUB = D(2023, 1, 5)  # a Thursday
TODAY = D(2025, 6, 15)

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def spans(sentence: str, lang: str, published: date | None = PUB) -> list[tuple[date, date, str]]:
    return [(s.start, s.end, s.precision) for s in find_event_spans(sentence, lang, published)]


def one(sentence: str, lang: str, published: date | None = PUB) -> Span:
    found = find_event_spans(sentence, lang, published)
    assert len(found) == 1, found
    return found[0]


# --- Span --------------------------------------------------------------------------------------


def test_span_overlaps_and_contains_are_inclusive() -> None:
    q1 = Span(D(2023, 1, 1), D(2023, 3, 31), "quarter")
    assert q1.contains(D(2023, 1, 1)) and q1.contains(D(2023, 3, 31))
    assert not q1.contains(D(2023, 4, 1))
    assert q1.overlaps(Span(D(2023, 3, 31), D(2023, 6, 30), "range"))
    assert not q1.overlaps(Span(D(2023, 4, 1), D(2023, 6, 30), "quarter"))
    assert Span(D(2022, 1, 1), D(2024, 1, 1), "range").overlaps(q1)


def test_span_rejects_an_end_before_its_start() -> None:
    with pytest.raises(ValueError):
        Span(D(2023, 2, 1), D(2023, 1, 1), "range")


# --- absolute expressions ----------------------------------------------------------------------

ABSOLUTE = [
    ("en", "Amazon said on January 4, 2023 it would cut jobs.", D(2023, 1, 4), D(2023, 1, 4),
     "day"),
    ("fr", "Amazon a annoncé le 4 janvier 2023 la suppression de postes.", D(2023, 1, 4),
     D(2023, 1, 4), "day"),
    ("fr", "Le 1er mars 2023, le groupe a confirmé.", D(2023, 3, 1), D(2023, 3, 1), "day"),
    ("en", "It was announced on Wednesday, Jan. 4, 2023.", D(2023, 1, 4), D(2023, 1, 4), "day"),
    ("fr", "Annoncé mercredi 4 janvier 2023.", D(2023, 1, 4), D(2023, 1, 4), "day"),
    ("en", "The filing is dated 2023-01-04.", D(2023, 1, 4), D(2023, 1, 4), "day"),
    ("fr", "Le plan a été présenté le 04/01/2023.", D(2023, 1, 4), D(2023, 1, 4), "day"),
    ("en", "The plan was presented on 01/04/2023.", D(2023, 1, 4), D(2023, 1, 4), "day"),
    ("en", "Cuts began in March 2023.", D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("fr", "Les suppressions ont commencé en mars 2023.", D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("en", "More cuts are planned in 2024.", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("fr", "D'autres suppressions sont prévues en 2024.", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("en", "Revenue fell in Q1 2023.", D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("en", "Revenue fell in the fourth quarter of 2022.", D(2022, 10, 1), D(2022, 12, 31),
     "quarter"),
    ("fr", "Le chiffre d'affaires a baissé au premier trimestre 2023.", D(2023, 1, 1),
     D(2023, 3, 31), "quarter"),
    ("fr", "Le résultat du T3 2023 est en baisse.", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("en", "Hiring will resume in the first half of 2024.", D(2024, 1, 1), D(2024, 6, 30),
     "half"),
    ("en", "Results for H2 2023 were weak.", D(2023, 7, 1), D(2023, 12, 31), "half"),
    ("fr", "Les embauches reprendront au second semestre 2024.", D(2024, 7, 1), D(2024, 12, 31),
     "half"),
    ("en", "Layoffs started in late 2022.", D(2022, 9, 1), D(2022, 12, 31), "range"),
    ("en", "Layoffs started in early 2023.", D(2023, 1, 1), D(2023, 4, 30), "range"),
    ("en", "A recovery is expected by mid-2024.", D(2024, 5, 1), D(2024, 8, 31), "range"),
    ("en", "It happened at the end of 2022.", D(2022, 9, 1), D(2022, 12, 31), "range"),
    ("fr", "Les licenciements ont commencé fin 2022.", D(2022, 9, 1), D(2022, 12, 31), "range"),
    ("fr", "Les licenciements ont commencé début 2023.", D(2023, 1, 1), D(2023, 4, 30), "range"),
    ("fr", "Une reprise est attendue à la mi-2024.", D(2024, 5, 1), D(2024, 8, 31), "range"),
    ("fr", "Le plan sera déployé courant 2023.", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("fr", "Il a été annoncé à la fin de l'année 2022.", D(2022, 9, 1), D(2022, 12, 31), "range"),
    ("fr", "Les départs auront lieu fin mars 2023.", D(2023, 3, 21), D(2023, 3, 31), "range"),
    ("en", "Departures happen in early January 2023.", D(2023, 1, 1), D(2023, 1, 10), "range"),
    ("en", "Its fiscal 2023 results disappointed.", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("en", "The 2023 layoffs hit recruiters.", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("fr", "Les licenciements de 2023 ont touché les recruteurs.", D(2023, 1, 1),
     D(2023, 12, 31), "year"),
]


@pytest.mark.parametrize(("lang", "sentence", "start", "end", "precision"), ABSOLUTE)
def test_absolute_expressions(lang: str, sentence: str, start: date, end: date,
                              precision: str) -> None:
    span = one(sentence, lang)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert not span.inferred
    assert span.text and span.text in sentence


@pytest.mark.parametrize(("lang", "sentence"), [(lang, s) for lang, s, *_ in ABSOLUTE])
def test_absolute_expressions_need_no_publication_date(lang: str, sentence: str) -> None:
    assert spans(sentence, lang, None) == spans(sentence, lang, PUB) != []


def test_the_phrase_is_kept() -> None:
    assert one("Amazon said on January 4, 2023 it would cut jobs.", "en").text == "January 4, 2023"
    assert one("Les suppressions ont commencé en mars 2023.", "fr").text == "mars 2023"


# --- seasons: meteorological, northern hemisphere ----------------------------------------------

SEASONS = [
    ("en", "Cuts came in winter 2022-2023.", D(2022, 12, 1), D(2023, 2, 28)),
    ("en", "Cuts came over the winter of 2022-23.", D(2022, 12, 1), D(2023, 2, 28)),
    ("fr", "Les suppressions ont eu lieu pendant l'hiver 2022-2023.", D(2022, 12, 1),
     D(2023, 2, 28)),
    ("en", "Cuts came in winter 2024.", D(2023, 12, 1), D(2024, 2, 29)),  # January's winter
    ("en", "Hiring resumes in autumn 2025.", D(2025, 9, 1), D(2025, 11, 30)),
    ("en", "Hiring resumes in fall 2025.", D(2025, 9, 1), D(2025, 11, 30)),
    ("en", "Hiring resumed in the fall of 2025.", D(2025, 9, 1), D(2025, 11, 30)),
    ("fr", "Les embauches reprendront à l'automne 2025.", D(2025, 9, 1), D(2025, 11, 30)),
    ("en", "The office closed in summer 2023.", D(2023, 6, 1), D(2023, 8, 31)),
    ("fr", "Le site a fermé à l'été 2023.", D(2023, 6, 1), D(2023, 8, 31)),
    ("en", "Talks began in spring 2024.", D(2024, 3, 1), D(2024, 5, 31)),
    ("fr", "Les négociations ont commencé au printemps 2024.", D(2024, 3, 1), D(2024, 5, 31)),
]


@pytest.mark.parametrize(("lang", "sentence", "start", "end"), SEASONS)
def test_seasons_with_a_year(lang: str, sentence: str, start: date, end: date) -> None:
    assert spans(sentence, lang, None) == [(start, end, "season")]


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "The plant closed in the summer."),
    ("fr", "L'usine a fermé l'été."),
    ("fr", "L'usine a fermé pendant l'été."),
])
def test_summer_without_a_year_is_the_latest_one_begun(lang: str, sentence: str) -> None:
    assert spans(sentence, lang, D(2023, 1, 5)) == [(D(2022, 6, 1), D(2022, 8, 31), "season")]
    assert spans(sentence, lang, D(2023, 7, 10)) == [(D(2023, 6, 1), D(2023, 8, 31), "season")]
    assert spans(sentence, lang, None) == []


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "Talks began in the spring."),
    ("fr", "Les négociations ont commencé au printemps."),
])
def test_spring_without_a_year(lang: str, sentence: str) -> None:
    span = one(sentence, lang, D(2024, 4, 2))
    assert (span.start, span.end, span.inferred) == (D(2024, 3, 1), D(2024, 5, 31), True)
    assert spans(sentence, lang, D(2024, 2, 2)) == [(D(2023, 3, 1), D(2023, 5, 31), "season")]


# --- ranges ------------------------------------------------------------------------------------

RANGES = [
    ("en", "Layoffs ran from late 2022 to early 2023.", D(2022, 9, 1), D(2023, 4, 30)),
    ("en", "Cuts came between November 2022 and March 2023.", D(2022, 11, 1), D(2023, 3, 31)),
    ("fr", "Les suppressions ont eu lieu de novembre 2022 à mars 2023.", D(2022, 11, 1),
     D(2023, 3, 31)),
    ("fr", "Les suppressions ont eu lieu entre novembre 2022 et mars 2023.", D(2022, 11, 1),
     D(2023, 3, 31)),
    ("en", "Cuts came from November to March 2023.", D(2022, 11, 1), D(2023, 3, 31)),
    ("fr", "Les grèves ont duré du 4 au 6 janvier 2023.", D(2023, 1, 4), D(2023, 1, 6)),
    ("en", "Strikes ran January 4-6, 2023.", D(2023, 1, 4), D(2023, 1, 6)),
    ("en", "Strikes ran from December 20 to January 5, 2023.", D(2022, 12, 20), D(2023, 1, 5)),
    ("fr", "De l'automne 2022 au printemps 2023, le groupe a réduit ses effectifs.",
     D(2022, 9, 1), D(2023, 5, 31)),
    ("en", "Its 2022-23 restructuring cost $1bn.", D(2022, 1, 1), D(2023, 12, 31)),
]


@pytest.mark.parametrize(("lang", "sentence", "start", "end"), RANGES)
def test_ranges(lang: str, sentence: str, start: date, end: date) -> None:
    assert spans(sentence, lang, None) == [(start, end, "range")]


def test_and_without_between_is_two_spans() -> None:
    assert spans("Amazon cut jobs in 2022 and 2023.", "en") == [
        (D(2022, 1, 1), D(2022, 12, 31), "year"), (D(2023, 1, 1), D(2023, 12, 31), "year")]


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "Meta has cut 21,000 jobs since October."),
    ("fr", "Meta a supprimé 21 000 postes depuis octobre."),
])
def test_since_a_month_runs_to_the_publication_date(lang: str, sentence: str) -> None:
    span = one(sentence, lang, PUB)
    assert (span.start, span.end, span.precision, span.inferred) == (
        D(2022, 10, 1), PUB, "range", True)
    assert spans(sentence, lang, D(2023, 11, 2)) == [(D(2023, 10, 1), D(2023, 11, 2), "range")]
    assert spans(sentence, lang, None) == []


def test_since_an_absolute_date() -> None:
    assert spans("Meta has cut jobs since March 2022.", "en", PUB) == [
        (D(2022, 3, 1), PUB, "range")]
    assert spans("Meta supprime des postes depuis 2022.", "fr", PUB) == [
        (D(2022, 1, 1), PUB, "range")]
    # with no reference date, "since X" is just X
    assert spans("Meta has cut jobs since March 2022.", "en", None) == [
        (D(2022, 3, 1), D(2022, 3, 31), "month")]


# --- relative expressions ----------------------------------------------------------------------

RELATIVE = [
    # (lang, sentence, published, start, end, precision)
    ("en", "Amazon said on Wednesday it would cut jobs.", D(2023, 1, 5), D(2023, 1, 4),
     D(2023, 1, 4), "day"),
    ("en", "Amazon said on Wednesday it would cut jobs.", D(2023, 1, 4), D(2023, 1, 4),
     D(2023, 1, 4), "day"),
    ("en", "Amazon said on Wednesday it would cut jobs.", D(2023, 1, 9), D(2023, 1, 4),
     D(2023, 1, 4), "day"),
    ("fr", "Amazon a annoncé mercredi la suppression de postes.", D(2023, 1, 5), D(2023, 1, 4),
     D(2023, 1, 4), "day"),
    ("en", "Amazon announced it last Wednesday.", D(2023, 1, 4), D(2022, 12, 28),
     D(2022, 12, 28), "day"),
    ("fr", "Amazon l'a annoncé mercredi dernier.", D(2023, 1, 5), D(2023, 1, 4), D(2023, 1, 4),
     "day"),
    ("en", "The company confirmed the cuts yesterday.", D(2023, 1, 1), D(2022, 12, 31),
     D(2022, 12, 31), "day"),
    ("fr", "L'entreprise a confirmé hier les suppressions.", D(2023, 3, 1), D(2023, 2, 28),
     D(2023, 2, 28), "day"),
    ("en", "Staff were told last week.", D(2023, 1, 5), D(2022, 12, 26), D(2023, 1, 1),
     "range"),
    ("fr", "Les salariés ont été prévenus la semaine dernière.", D(2023, 1, 5), D(2022, 12, 26),
     D(2023, 1, 1), "range"),
    ("en", "It cut 300 jobs last month.", D(2023, 1, 5), D(2022, 12, 1), D(2022, 12, 31),
     "month"),
    ("fr", "Il a supprimé 300 postes le mois dernier.", D(2023, 3, 31), D(2023, 2, 1),
     D(2023, 2, 28), "month"),
    ("en", "It cut 300 jobs last year.", D(2023, 1, 5), D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("fr", "Il a supprimé 300 postes l'an dernier.", D(2024, 6, 1), D(2023, 1, 1),
     D(2023, 12, 31), "year"),
    ("fr", "Il a supprimé 300 postes l'année dernière.", D(2024, 6, 1), D(2023, 1, 1),
     D(2023, 12, 31), "year"),
    ("en", "It plans more cuts this year.", D(2023, 1, 5), D(2023, 1, 1), D(2023, 12, 31),
     "year"),
    ("fr", "Il prévoit d'autres suppressions cette année.", D(2024, 6, 1), D(2024, 1, 1),
     D(2024, 12, 31), "year"),
    ("en", "It cut 300 jobs earlier this year.", D(2023, 5, 10), D(2023, 1, 1), D(2023, 5, 10),
     "range"),
    ("fr", "Il a supprimé 300 postes plus tôt cette année.", D(2023, 5, 10), D(2023, 1, 1),
     D(2023, 5, 10), "range"),
    ("en", "It cut 300 jobs in January.", D(2023, 5, 10), D(2023, 1, 1), D(2023, 1, 31),
     "month"),
    ("en", "It cut 300 jobs in January.", D(2023, 1, 5), D(2023, 1, 1), D(2023, 1, 31),
     "month"),
    ("en", "It cut 300 jobs in November.", D(2023, 1, 5), D(2022, 11, 1), D(2022, 11, 30),
     "month"),
    ("fr", "Il a supprimé 300 postes en janvier.", D(2023, 5, 10), D(2023, 1, 1),
     D(2023, 1, 31), "month"),
    ("fr", "Il a supprimé 300 postes en novembre.", D(2023, 1, 5), D(2022, 11, 1),
     D(2022, 11, 30), "month"),
    ("en", "Job cuts take effect on March 1.", D(2023, 2, 20), D(2023, 3, 1), D(2023, 3, 1),
     "day"),
    ("en", "The cuts were announced on December 28.", D(2023, 1, 5), D(2022, 12, 28),
     D(2022, 12, 28), "day"),
    ("fr", "Le plan a été annoncé le 4 janvier.", D(2023, 1, 5), D(2023, 1, 4), D(2023, 1, 4),
     "day"),
    ("en", "Revenue fell in the fourth quarter.", D(2023, 2, 1), D(2022, 10, 1),
     D(2022, 12, 31), "quarter"),
    ("fr", "Le groupe a supprimé 500 postes le trimestre dernier.", D(2023, 5, 1),
     D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("en", "It has shed 10% of staff over the past two years.", D(2023, 1, 5), D(2021, 1, 5),
     D(2023, 1, 5), "range"),
    ("fr", "Il a perdu 10 % de ses effectifs ces deux dernières années.", D(2023, 1, 5),
     D(2021, 1, 5), D(2023, 1, 5), "range"),
    ("en", "It had cut jobs two years ago.", D(2023, 1, 5), D(2021, 1, 1), D(2021, 12, 31),
     "year"),
    ("fr", "Il avait supprimé des postes il y a deux ans.", D(2023, 1, 5), D(2021, 1, 1),
     D(2021, 12, 31), "year"),
    ("en", "Cuts began late last year.", D(2023, 3, 1), D(2022, 9, 1), D(2022, 12, 31),
     "range"),
    ("fr", "Les suppressions ont commencé fin de l'année dernière.", D(2023, 3, 1),
     D(2022, 9, 1), D(2022, 12, 31), "range"),
    ("en", "It cut jobs in January last year.", D(2023, 3, 1), D(2022, 1, 1), D(2022, 1, 31),
     "month"),
    ("fr", "Il a supprimé des postes en janvier de l'année dernière.", D(2023, 3, 1),
     D(2022, 1, 1), D(2022, 1, 31), "month"),
    ("fr", "Il a supprimé des postes en janvier dernier.", D(2023, 1, 5), D(2022, 1, 1),
     D(2022, 1, 31), "month"),
    ("en", "Layoffs came in the second half of the year.", D(2023, 5, 1), D(2023, 7, 1),
     D(2023, 12, 31), "half"),
    # a year-less half or quarter is the latest one begun, even for a plan in the future tense
    ("fr", "Les embauches ont ralenti au second semestre.", D(2023, 5, 1), D(2022, 7, 1),
     D(2022, 12, 31), "half"),
    ("fr", "Les embauches ont ralenti au premier semestre.", D(2023, 5, 1), D(2023, 1, 1),
     D(2023, 6, 30), "half"),
    ("en", "Revenue fell in Q4.", D(2023, 5, 1), D(2022, 10, 1), D(2022, 12, 31), "quarter"),
    ("en", "Staff were told in mid-March.", D(2023, 5, 1), D(2023, 3, 11), D(2023, 3, 20),
     "range"),
    ("fr", "Les salariés ont été prévenus fin janvier.", D(2023, 5, 1), D(2023, 1, 21),
     D(2023, 1, 31), "range"),
    ("fr", "L'entreprise a perdu 5 % de ses effectifs au cours des six derniers mois.",
     D(2023, 3, 1), D(2022, 9, 1), D(2023, 3, 1), "range"),
    ("en", "The company cut 300 jobs a year ago.", D(2023, 3, 1), D(2022, 1, 1),
     D(2022, 12, 31), "year"),
]


@pytest.mark.parametrize(("lang", "sentence", "published", "start", "end", "precision"),
                         RELATIVE)
def test_relative_expressions(lang: str, sentence: str, published: date, start: date, end: date,
                              precision: str) -> None:
    span = one(sentence, lang, published)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert span.inferred


@pytest.mark.parametrize(("lang", "sentence"), [(lang, s) for lang, s, *_ in RELATIVE])
def test_relative_expressions_are_skipped_without_a_publication_date(lang: str,
                                                                     sentence: str) -> None:
    assert find_event_spans(sentence, lang, None) == []


@pytest.mark.parametrize(("lang", "sentence", "published", "start", "end"), [
    # the most recent *complete* autumn before publication
    ("fr", "Le groupe a supprimé 500 postes à l'automne dernier.", D(2026, 1, 28),
     D(2025, 9, 1), D(2025, 11, 30)),
    ("en", "The group cut 500 jobs last autumn.", D(2025, 10, 29), D(2024, 9, 1),
     D(2024, 11, 30)),
    ("en", "The group cut 500 jobs last fall.", D(2025, 12, 1), D(2025, 9, 1), D(2025, 11, 30)),
    ("en", "The group cut 500 jobs last autumn.", D(2025, 11, 30), D(2024, 9, 1),
     D(2024, 11, 30)),
    ("fr", "Le groupe a supprimé 500 postes l'automne dernier.", D(2025, 3, 3), D(2024, 9, 1),
     D(2024, 11, 30)),
    ("en", "Sales slumped last winter.", D(2025, 2, 10), D(2023, 12, 1), D(2024, 2, 29)),
    ("fr", "Les ventes ont chuté l'hiver dernier.", D(2025, 3, 1), D(2024, 12, 1),
     D(2025, 2, 28)),
    ("en", "Sales slumped last summer.", D(2025, 10, 29), D(2025, 6, 1), D(2025, 8, 31)),
    ("fr", "Les ventes ont chuté l'été dernier.", D(2025, 7, 1), D(2024, 6, 1), D(2024, 8, 31)),
    # this / next
    ("en", "More cuts are expected this winter.", D(2025, 1, 10), D(2024, 12, 1),
     D(2025, 2, 28)),
    ("fr", "D'autres suppressions sont attendues cet hiver.", D(2025, 10, 10), D(2025, 12, 1),
     D(2026, 2, 28)),
    ("fr", "Le site fermera cet été.", D(2025, 3, 10), D(2025, 6, 1), D(2025, 8, 31)),
    ("en", "The site closes next spring.", D(2025, 3, 10), D(2026, 3, 1), D(2026, 5, 31)),
])
def test_last_this_next_season(lang: str, sentence: str, published: date, start: date,
                               end: date) -> None:
    span = one(sentence, lang, published)
    assert (span.start, span.end, span.precision, span.inferred) == (start, end, "season", True)


def test_weekday_before_a_date_is_part_of_the_date() -> None:
    assert spans("Microsoft a annoncé mercredi 18 janvier la suppression de 10 000 postes.", "fr",
                 D(2023, 1, 20)) == [(D(2023, 1, 18), D(2023, 1, 18), "day")]


def test_several_expressions_in_one_sentence_come_in_order() -> None:
    sentence = ("Google cut 12,000 jobs in January, about 6% of its staff, after Meta cut 11,000 "
                "in November 2022.")
    assert spans(sentence, "en", D(2023, 3, 1)) == [
        (D(2023, 1, 1), D(2023, 1, 31), "month"), (D(2022, 11, 1), D(2022, 11, 30), "month")]


# --- numbers and words that are not dates ------------------------------------------------------


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "Amazon will cut 18,000 jobs."),
    ("en", "The startup laid off 2,000 employees."),
    ("en", "The plant employs 1,500 people."),
    ("en", "It employs 1,500."),
    ("en", "The company cut 2000 jobs and 2024 contractors."),
    ("en", "It reduced headcount to 2000 employees."),
    ("en", "The chain operates in 2000 stores."),
    ("fr", "Le groupe compte plus de 2000 salariés."),
    ("fr", "Amazon va supprimer 18 000 emplois."),
    ("fr", "Le groupe emploie 2 000 salariés et 2019 personnes en France."),
    ("en", "Shares fell 20.23% and the index lost 2,023 points."),
    ("en", "Revenue was $2023 million."),
    ("en", "Call 2023-555-0100 for details."),
    ("en", "The company may cut more jobs; staff may march on Friday's rally."),
    ("en", "The fall in revenue was sharp."),
    ("fr", "Le salarié a été licencié."),
    ("fr", "Le Printemps va fermer des magasins."),
    ("en", "Mars Inc. said it would cut staff."),
    ("en", "Black Friday sales were weak."),
    ("fr", "Depuis sept jours, on attend."),  # "sept" the number, not September
])
def test_not_dates(lang: str, sentence: str) -> None:
    found = find_event_spans(sentence, lang, None)
    assert found == [], found
    # relative readings aside ("depuis sept jours" is a rolling window), nothing absolute
    assert all(s.inferred for s in find_event_spans(sentence, lang, PUB))


def test_counts_next_to_real_dates() -> None:
    assert spans("It cut staff from 3,000 to 2000 employees in 2019.", "en", None) == [
        (D(2019, 1, 1), D(2019, 12, 31), "year")]
    assert spans("Amazon va supprimer 18 000 emplois en 2023.", "fr", None) == [
        (D(2023, 1, 1), D(2023, 12, 31), "year")]


def test_find_event_spans_never_raises_on_extreme_reference_dates() -> None:
    for published in (D(1, 1, 1), D(9999, 12, 31)):
        for sentence in ("last year", "next year", "in January", "last autumn", "yesterday",
                         "next week", "over the past two years", "on Wednesday"):
            find_event_spans(sentence, "en", published)


# --- publication dates -------------------------------------------------------------------------

BYLINES = [
    ("Amazon to cut 18,000 jobs\nBy Jane Doe\nPublished January 5, 2023\n\nAmazon said...",
     "en", D(2023, 1, 5)),
    ("Amazon to cut 18,000 jobs\nUpdated 5 Jan 2023 14:02\nAmazon said on Wednesday...", "en",
     D(2023, 1, 5)),
    ("Amazon supprime 18 000 emplois\nPublié le 5 janvier 2023 à 10h32\nMis à jour le "
     "06/01/2023 à 08h00\nLe géant...", "fr", D(2023, 1, 5)),
    ("Amazon supprime 18 000 emplois\nMis à jour le 05/01/2023\nLe géant...", None,
     D(2023, 1, 5)),
    ("Amazon supprime 18 000 emplois\n\nPARIS, 5 janvier 2023 (AFP) - Le géant américain...",
     "fr", D(2023, 1, 5)),
    ("Amazon to cut jobs | Tech | 2023\nSEATTLE, Jan 4 (Reuters) - Amazon.com Inc said...",
     "en", D(2023, 1, 4)),
    ("NEW YORK, Jan. 4, 2023 /PRNewswire/ -- Acme Corp. today announced...", "en",
     D(2023, 1, 4)),
    ("Tech layoffs\nBy Jane Doe | January 5, 2023 at 2:02 p.m. EST\nText", "en", D(2023, 1, 5)),
    ("Published 4:02 PM EST, Thu January 5, 2023\nText", None, D(2023, 1, 5)),
    ("Thu 5 Jan 2023 14.02 GMT\nAmazon is cutting...", None, D(2023, 1, 5)),
    ("January 4, 20239:32 PM UTCUpdated ago\nAmazon...", None, D(2023, 1, 4)),
    ("Par Jean Dupont\nLe 05/01/2023 à 10:32\nLe géant...", "fr", D(2023, 1, 5)),
    ("Publié le 5 janv. 2023\nLe géant...", None, D(2023, 1, 5)),
    ("Published: 2023-01-05T14:02:00Z\nText", None, D(2023, 1, 5)),
    ("Posted 5th of Jan 2023\nText", None, D(2023, 1, 5)),
    ("Published Jan. 5th, 2023, 2:02 p.m.\nText", None, D(2023, 1, 5)),
    ("Publié le jeudi 5 janvier 2023 à 10:32\nMis à jour le 6 janvier\nTexte", None,
     D(2023, 1, 5)),
    # dateparser's turn: a form our own patterns do not read
    ("Published 5 Jan. '23\nText", "en", D(2023, 1, 5)),
]


@pytest.mark.parametrize(("text", "lang", "expected"), BYLINES)
def test_publication_date_from_bylines(text: str, lang: str | None, expected: date) -> None:
    assert publication_date_from_text(text, lang) == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("Amazon to cut 18,000 jobs\nSEATTLE, Jan 4 (Reuters) - Amazon.com Inc said on Wednesday it "
     "would cut 18,000 jobs, the most since 2020.", "en"),  # no year above the dateline
    ("Amazon said on January 4, 2023 that it would cut 18,000 jobs, the most in its history, "
     "as it deals with a slowdown in online sales.", "en"),  # prose, not a byline
    ("From 2022 to 2023: a timeline\nSEATTLE, Jan 4 (Reuters) - Amazon.com Inc said...",
     "en"),  # two years above the dateline: which one?
    ("No date here at all. The company cut 2,000 jobs.", "en"),
    ("Le groupe a annoncé 18 000 suppressions de postes.", "fr"),
    ("Updated 05/01/2023\nText", None),  # day or month first? unknown
    ("Published 3 hours ago\nText", "en"),
    ("", None),
    ("Amazon updated its outlook on January 5, 2023 after weak sales.", "en"),
])
def test_publication_date_none_without_a_byline(text: str, lang: str | None) -> None:
    assert publication_date_from_text(text, lang) is None


def test_numeric_bylines_follow_the_language() -> None:
    assert publication_date_from_text("Updated 05/01/2023\nText", "en") == D(2023, 5, 1)
    assert publication_date_from_text("Updated 05/01/2023\nText", "fr") == D(2023, 1, 5)
    assert publication_date_from_text("Updated 25/01/2023\nText", None) == D(2023, 1, 25)


def test_published_wins_over_updated_and_only_the_head_is_read() -> None:
    text = "Updated January 6, 2023\nPublished January 5, 2023\nText"
    assert publication_date_from_text(text, "en") == D(2023, 1, 5)
    late = "x" * 700 + "\nPublished January 5, 2023\n"
    assert publication_date_from_text(late, "en") is None


# --- undated articles --------------------------------------------------------------------------


def test_bounds_from_content_uses_the_latest_past_date() -> None:
    text = ("Amazon cut 18,000 jobs in January 2023. Earlier, in November 2022, it cut 10,000. "
            "It will finish the restructuring by 2025.")
    span = bounds_from_content(text, "en", today=D(2024, 3, 1))
    assert span is not None
    assert (span.start, span.end, span.precision, span.inferred) == (
        D(2023, 1, 1), D(2024, 3, 1), "range", True)
    assert span.text == "January 2023"


def test_bounds_from_content_skips_deadlines_plans_and_relative_phrases() -> None:
    text = ("Le groupe prévoit de supprimer 500 postes en 2026. Il vise l'équilibre d'ici 2027. "
            "Les salariés ont été informés mercredi. Le plan a été présenté le 4 mars 2024.")
    span = bounds_from_content(text, "fr", today=D(2025, 1, 1))
    assert span is not None and (span.start, span.end) == (D(2024, 3, 4), D(2025, 1, 1))


def test_bounds_from_content_none_without_dates() -> None:
    assert bounds_from_content("The company cut 2,000 jobs on Wednesday.", "en") is None
    assert bounds_from_content("", "fr") is None


def test_bounds_from_content_defaults_to_today() -> None:
    span = bounds_from_content("Meta cut 11,000 jobs in November 2022.", "en")
    assert span is not None and span.end == max(date.today(), span.start)


# --- question periods --------------------------------------------------------------------------

QUESTIONS = [
    ("en", "Which companies announced layoffs since 2022?", D(2022, 1, 1), TODAY, "range"),
    ("en", "How many jobs did Google cut since January 2023?", D(2023, 1, 1), TODAY, "range"),
    ("en", "How many jobs did Amazon cut in 2023?", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("en", "Amazon layoffs 2023", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("en", "Who cut jobs last year?", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("en", "Who cut jobs this year?", D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("en", "Layoffs in Q1 2023?", D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("en", "Layoffs in the first quarter of 2023?", D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("en", "Layoffs between 2022 and 2024?", D(2022, 1, 1), D(2024, 12, 31), "range"),
    ("en", "Layoffs from 2023 to 2025?", D(2023, 1, 1), D(2025, 12, 31), "range"),
    ("en", "Layoffs before 2024?", OPEN_START, D(2023, 12, 31), "range"),
    ("en", "Layoffs after March 2023?", D(2023, 4, 1), TODAY, "range"),
    ("en", "Layoffs until 2023?", OPEN_START, D(2023, 12, 31), "range"),
    ("en", "Layoffs in the last 12 months?", D(2024, 6, 15), TODAY, "range"),
    ("en", "Layoffs over the past two years?", D(2023, 6, 15), TODAY, "range"),
    ("en", "What happened in the past year?", D(2024, 6, 15), TODAY, "range"),
    ("en", "Who cut jobs in 2022 and 2023?", D(2022, 1, 1), D(2023, 12, 31), "range"),
    ("fr", "Quelles entreprises ont licencié depuis 2022 ?", D(2022, 1, 1), TODAY, "range"),
    ("fr", "Combien de postes supprimés en 2023 ?", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("fr", "Qui a licencié l'an dernier ?", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("fr", "Qui a licencié l'année dernière ?", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("fr", "Qui a licencié cette année ?", D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("fr", "Licenciements au premier trimestre 2023 ?", D(2023, 1, 1), D(2023, 3, 31),
     "quarter"),
    ("fr", "Licenciements au T1 2023 ?", D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("fr", "Licenciements entre 2022 et 2024 ?", D(2022, 1, 1), D(2024, 12, 31), "range"),
    ("fr", "Licenciements de 2023 à 2025 ?", D(2023, 1, 1), D(2025, 12, 31), "range"),
    ("fr", "Licenciements avant 2024 ?", OPEN_START, D(2023, 12, 31), "range"),
    ("fr", "Licenciements après mars 2023 ?", D(2023, 4, 1), TODAY, "range"),
    ("fr", "Licenciements ces deux dernières années ?", D(2023, 6, 15), TODAY, "range"),
    ("fr", "Licenciements ces 12 derniers mois ?", D(2024, 6, 15), TODAY, "range"),
    ("fr", "Combien de postes Amazon a-t-il supprimés depuis un an ?", D(2024, 6, 15), TODAY,
     "range"),
]


@pytest.mark.parametrize(("lang", "question", "start", "end", "precision"), QUESTIONS)
def test_question_periods(lang: str, question: str, start: date, end: date,
                          precision: str) -> None:
    span = parse_question_period(question, lang, TODAY)
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "Which companies cut the most jobs?"),
    ("en", "Did Meta lay off 11,000 people?"),
    ("en", "How many of Amazon's 1,500 Seattle engineers were let go?"),
    ("fr", "Quelles entreprises ont supprimé plus de 2 000 postes ?"),
    ("fr", "Pourquoi Amazon licencie-t-il ?"),
    ("en", ""),
])
def test_questions_without_a_period(lang: str, question: str) -> None:
    assert parse_question_period(question, lang, TODAY) is None


def test_relative_question_periods_are_inferred() -> None:
    last_year = parse_question_period("Who cut jobs last year?", "en", TODAY)
    in_2023 = parse_question_period("Who cut jobs in 2023?", "en", TODAY)
    assert last_year is not None and last_year.inferred
    assert in_2023 is not None and not in_2023.inferred


# --- properties --------------------------------------------------------------------------------

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(days)
def test_any_english_date_resolves_to_its_day(d: date) -> None:
    sentence = f"on {MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    assert spans(sentence, "en", None) == [(d, d, "day")]


@settings(max_examples=150, deadline=None)
@given(days)
def test_any_french_date_resolves_to_its_day(d: date) -> None:
    sentence = f"le {d.day} {MOIS[d.month - 1]} {d.year}"
    assert spans(sentence, "fr", None) == [(d, d, "day")]


@settings(max_examples=150, deadline=None)
@given(days)
def test_any_numeric_french_date_resolves_to_its_day(d: date) -> None:
    sentence = f"{d.day}/{d.month:02d}/{d.year}"
    assert spans(sentence, "fr", None) == [(d, d, "day")]


@settings(max_examples=150, deadline=None)
@given(days, days)
def test_written_dates_resolve_whatever_the_publication_date(d: date, published: date) -> None:
    assert spans(f"Les faits remontent au {d.day} {MOIS[d.month - 1]} {d.year}.", "fr",
                 published) == [(d, d, "day")]


_date_words = st.sampled_from(
    ["January", "mars", "4", "2023", "2,000", "in", "en", "since", "depuis", "last", "dernier",
     "Q1", "T2", "summer", "l'été", "winter", "to", "à", "between", "and", "et", "Wednesday",
     "mercredi", "-", "/", "fin", "early", "mid-", "ago", "il y a", "the", "past", "year",
     "ans", "hier", "29", "février", "2024-02-30", "31/02/2023", "12/25/2023", " ", "\n", "'"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(_date_words, max_size=25).map(" ".join)),
       st.sampled_from(["en", "fr", ""]), st.one_of(st.none(), st.dates()))
def test_find_event_spans_never_raises(text: str, lang: str, published: date | None) -> None:
    for span in find_event_spans(text, lang, published):
        assert span.start <= span.end
        assert span.text in text


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(_date_words, max_size=25).map(" ".join)),
       st.sampled_from(["en", "fr"]))
def test_other_entry_points_never_raise(text: str, lang: str) -> None:
    parse_question_period(text, lang, TODAY)
    publication_date_from_text(text, lang)
    span = bounds_from_content(text, lang, today=TODAY)
    assert span is None or span.start <= span.end


def test_question_period_after_a_future_date_stays_a_valid_span() -> None:
    span = parse_question_period("Layoffs after 2030?", "en", TODAY)
    assert span is not None and span.start == D(2031, 1, 1) and span.end >= span.start
    before = parse_question_period("Layoffs before 1995?", "en", TODAY)
    assert before is not None and before.end == D(1994, 12, 31) and before.start <= before.end
    assert parse_question_period("since 2022", "en", TODAY) == Span(
        D(2022, 1, 1), TODAY, "range", "since 2022")
