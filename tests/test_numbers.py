"""Tests for index.numbers: formats, qualifiers, vague amounts, units and the traps around them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.numbers import (
    NBSP,
    NNBSP,
    Quantity,
    english_words,
    find_quantities,
    format_number,
    french_words,
    number_variants,
    numbers_in,
    parse_int,
)

EN_SENTENCE = "Company X will cut {} jobs."
FR_SENTENCE = "La société va supprimer {} postes."
SENTENCES = {"en": EN_SENTENCE, "fr": FR_SENTENCE}

counts = st.integers(min_value=1, max_value=9_999_999)
PROPERTY = settings(max_examples=150, deadline=None)


def written_forms(n: int, lang: str) -> list[str]:
    """Every format the parser promises to read for ``n``, built independently of the module."""
    grouped = f"{n:,}"
    forms = [str(n), grouped]
    forms += [grouped.replace(",", sep) for sep in (" ", NBSP, NNBSP, ".")]
    if n % 1000 == 0:
        forms += [f"{n // 1000}k", f"{n // 1000}K"]
    if n >= 100_000 and n % 1000 == 0:
        millions = format(Decimal(n) / 10**6, "f")
        if "." in millions:
            millions = millions.rstrip("0").rstrip(".")
        forms.append(f"{millions} million")
        decimals = len(millions.partition(".")[2])
        # "1,234 million" is a grouped 1,234 million in English but 1.234 million in French;
        # the decimal-comma form is only unambiguous in French or with other than 3 decimals.
        if decimals and (lang == "fr" or decimals != 3):
            forms.append(f"{millions.replace('.', ',')} million")
        if lang == "fr" and n >= 2_000_000:
            forms.append(f"{millions.replace('.', ',')} millions")
    return forms


def only(sentence: str, lang: str = "en") -> Quantity:
    found = find_quantities(sentence, lang)
    assert len(found) == 1, found
    return found[0]


def values(sentence: str, lang: str = "en") -> list[int | None]:
    return [q.value for q in find_quantities(sentence, lang)]


# --- property tests ---------------------------------------------------------------------------


@PROPERTY
@given(n=counts, lang=st.sampled_from(["en", "fr"]))
def test_every_format_parses_back(n: int, lang: str) -> None:
    for form in written_forms(n, lang):
        assert parse_int(form, lang) == n, form
        q = only(SENTENCES[lang].format(form), lang)
        assert (q.value, q.qualifier, q.vague, q.unit) == (n, "exact", False, ""), form
        assert q.text == form


@PROPERTY
@given(n=st.integers(min_value=-10**12, max_value=10**12), lang=st.sampled_from(["en", "fr"]))
def test_format_number_round_trips(n: int, lang: str) -> None:
    text = format_number(abs(n), lang)
    assert parse_int(text, lang) == abs(n)
    assert format_number(n, lang).lstrip("-") == text


@PROPERTY
@given(n=st.integers(min_value=0, max_value=10**10))
def test_number_variants_contain_formatted_forms_and_read_back(n: int) -> None:
    variants = number_variants(n)
    assert format_number(n, "en") in variants
    assert format_number(n, "fr") in variants
    assert str(n) in variants
    for form in variants:
        read = {parse_int(form, lang) for lang in ("en", "fr")}
        for lang in ("en", "fr"):  # "1.5m" is only read as money: "$1.5m"
            read |= {q.value for q in find_quantities(f"${form} of cuts", lang)}
        assert n in read, form


@PROPERTY
@given(n=st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_int(english_words(n), "en") == n
    assert parse_int(english_words(n, use_and=True), "en") == n
    assert parse_int(french_words(n), "fr") == n
    assert parse_int(french_words(n, reform=True), "fr") == n


@PROPERTY
@given(n=counts, lang=st.sampled_from(["en", "fr"]))
def test_numbers_in_finds_written_count(n: int, lang: str) -> None:
    sentence = SENTENCES[lang].format(format_number(n, lang))
    assert numbers_in(sentence, lang) == {n}


# --- parse_int ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("16 000", "fr", 16_000),
        (f"16{NBSP}000", "fr", 16_000),
        (f"16{NNBSP}000", "fr", 16_000),
        ("16.000", "fr", 16_000),
        ("16,000", "en", 16_000),
        ("16k", "en", 16_000),
        ("16K", "en", 16_000),
        ("1,5 million", "fr", 1_500_000),
        ("1,5 millions", "fr", 1_500_000),
        ("1,5 million", "en", 1_500_000),
        ("1.5 million", "en", 1_500_000),
        ("2 billion", "en", 2_000_000_000),
        ("2 milliards", "fr", 2_000_000_000),
        ("1,500", "en", 1500),
        ("1,500", "fr", 1500),
        ("1,234,567", "en", 1_234_567),
        ("  42 ", "en", 42),
        ("ten thousand", "en", 10_000),
        ("Ten Thousand", "en", 10_000),
        ("twelve hundred", "en", 1200),
        ("a dozen", "en", 12),
        ("two dozen", "en", 24),
        ("a hundred", "en", 100),
        ("half a million", "en", 500_000),
        ("two hundred and fifty", "en", 250),
        ("one million two hundred thousand", "en", 1_200_000),
        ("dix mille", "fr", 10_000),
        ("deux cents", "fr", 200),
        ("mille", "fr", 1000),
        ("cent", "fr", 100),
        ("quatre-vingt-dix", "fr", 90),
        ("quatre-vingts", "fr", 80),
        ("soixante et onze", "fr", 71),
        ("vingt et un", "fr", 21),
        ("vingt-et-un", "fr", 21),
        ("deux cent mille", "fr", 200_000),
        ("mille deux cents", "fr", 1200),
        ("un million", "fr", 1_000_000),
        ("nonante-neuf", "fr", 99),
    ],
)
def test_parse_int(text: str, lang: str, expected: int) -> None:
    assert parse_int(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("3.7", "en"),
        ("1,5", "fr"),
        ("1.5", "en"),
        ("13%", "en"),
        ("$5", "en"),
        ("about 500", "en"),
        ("10 000 emplois", "fr"),
        ("", "en"),
        ("jobs", "en"),
        ("5G", "en"),
        ("007", "en"),
        ("hundred", "en"),
        ("two three", "en"),
    ],
)
def test_parse_int_rejects(text: str, lang: str) -> None:
    assert parse_int(text, lang) is None


# --- qualifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "qualifier", "value"),
    [
        ("Amazon will cut about 10,000 jobs.", "about", 10_000),
        ("Around 10,000 jobs will go.", "about", 10_000),
        ("It cut roughly 600 roles.", "about", 600),
        ("Approximately 1,000 people left.", "about", 1000),
        ("It will cut some 1,200 jobs.", "about", 1200),
        ("It laid off an estimated 3,000 workers.", "about", 3000),
        ("Meta laid off more than 11,000 employees.", "more_than", 11_000),
        ("Over 200 engineers were let go.", "more_than", 200),
        ("Upwards of 5,000 jobs.", "more_than", 5000),
        ("In excess of 5,000 jobs.", "more_than", 5000),
        ("Just over 400 staff.", "more_than", 400),
        ("At least 300 workers lost their jobs.", "at_least", 300),
        ("Nearly 10,000 jobs.", "nearly", 10_000),
        ("Almost 900 people.", "nearly", 900),
        ("Close to 1,000 jobs.", "nearly", 1000),
        ("Just under 2,000 roles.", "nearly", 2000),
        ("Up to 1,500 jobs could go.", "up_to", 1500),
        ("As many as 12,000 jobs.", "up_to", 12_000),
        ("Fewer than 100 employees.", "less_than", 100),
        ("Less than 5% of staff.", "less_than", None),
        ("Under 50 people.", "less_than", 50),
        ("About 300 or so.", "about", 300),
        ("They cut 500 or more jobs.", "at_least", 500),
        ("More than ten thousand jobs.", "more_than", 10_000),
    ],
)
def test_english_qualifiers(sentence: str, qualifier: str, value: int | None) -> None:
    q = only(sentence)
    assert q.qualifier == qualifier
    assert q.value == value


@pytest.mark.parametrize(
    ("sentence", "qualifier", "value"),
    [
        ("Environ 1 200 emplois sont menacés.", "about", 1200),
        ("Un effectif de 300 environ.", "about", 300),
        ("Quelque 500 postes seront supprimés.", "about", 500),
        ("Près de 10 000 postes.", "nearly", 10_000),
        ("Près d'un millier de postes.", "nearly", 1000),
        ("Presque 800 salariés.", "nearly", 800),
        ("Plus de 2 000 salariés.", "more_than", 2000),
        ("Plus d'un million de personnes.", "more_than", 1_000_000),
        ("Un peu plus de 400 postes.", "more_than", 400),
        ("Au moins 300 salariés.", "at_least", 300),
        ("Jusqu'à 2 000 postes.", "up_to", 2000),
        ("Jusqu’à 2 000 postes.", "up_to", 2000),
        ("Moins de 50 personnes.", "less_than", 50),
        ("Une centaine de salariés.", "about", 100),
        ("Plus d'une centaine de salariés.", "more_than", 100),
        ("Un millier d'emplois.", "about", 1000),
        ("Une vingtaine de postes.", "about", 20),
    ],
)
def test_french_qualifiers(sentence: str, qualifier: str, value: int) -> None:
    q = only(sentence, "fr")
    assert (q.qualifier, q.value, q.vague) == (qualifier, value, False)


def test_qualifier_is_part_of_the_span() -> None:
    sentence = "Meta laid off more than 11,000 employees."
    q = only(sentence)
    assert q.text == "more than 11,000"
    assert sentence[q.start:q.end] == q.text


# --- vague amounts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "low", "high"),
    [
        ("It will cut several hundred jobs.", "en", 200, 999),
        ("Hundreds of workers were laid off.", "en", 200, 999),
        ("Thousands of jobs are at risk.", "en", 2000, 9999),
        ("A few hundred roles will go.", "en", 200, 999),
        ("Tens of thousands of jobs.", "en", 20_000, 99_999),
        ("Several thousand employees.", "en", 2000, 9999),
        ("Dozens of engineers.", "en", 24, 119),
        ("Plusieurs centaines de postes.", "fr", 200, 999),
        ("Des centaines de salariés.", "fr", 200, 999),
        ("Des milliers d'emplois.", "fr", 2000, 9999),
        ("Quelques centaines de postes.", "fr", 200, 999),
        ("Des dizaines de milliers d'emplois.", "fr", 20_000, 99_999),
        ("Quelques dizaines de salariés.", "fr", 20, 99),
    ],
)
def test_vague_amounts(sentence: str, lang: str, low: int, high: int) -> None:
    q = only(sentence, lang)
    assert q.vague and q.value is None and q.percent is None
    assert (q.low, q.high) == (low, high)
    assert numbers_in(sentence, lang) == set()  # bounds are never written figures


# --- percentages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "percent"),
    [
        ("It cut 13% of staff.", "en", 13.0),
        ("It cut 13 % of staff.", "en", 13.0),
        ("It cut 10 percent of staff.", "en", 10.0),
        ("It cut 10 per cent of staff.", "en", 10.0),
        ("It cut 2.5% of staff.", "en", 2.5),
        ("It cut ten percent of staff.", "en", 10.0),
        ("Il supprime 13 % des effectifs.", "fr", 13.0),
        (f"Il supprime 13{NNBSP}% des effectifs.", "fr", 13.0),
        ("Il supprime 13 pour cent des effectifs.", "fr", 13.0),
        ("Il supprime 2,5 % des effectifs.", "fr", 2.5),
        ("Il supprime 10 p. 100 des effectifs.", "fr", 10.0),
        ("Il supprime dix pour cent des effectifs.", "fr", 10.0),
        ("It cut a tenth of its staff.", "en", 10.0),
        ("It cut half of its staff.", "en", 50.0),
        ("It cut a third of its workforce.", "en", 33.3),
        ("Il supprime la moitié des postes.", "fr", 50.0),
        ("Il supprime un quart des effectifs.", "fr", 25.0),
    ],
)
def test_percentages(sentence: str, lang: str, percent: float) -> None:
    q = only(sentence, lang)
    assert (q.percent, q.value, q.unit) == (percent, None, "percent")


def test_first_half_of_the_year_is_not_fifty_percent() -> None:
    assert values("In the second half of 2023, Meta cut 10,000 jobs.") == [10_000]
    assert values("Au cours de la première moitié de 2023, 300 postes.", "fr") == [300]


# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "value"),
    [
        ("It took a $1.5 billion charge.", "en", 1_500_000_000),
        ("It took a US$2bn charge.", "en", 2_000_000_000),
        ("Savings of £3m a year.", "en", 3_000_000),
        ("A €500 million plan.", "en", 500_000_000),
        ("It will save 300 million dollars.", "en", 300_000_000),
        ("Une charge de 1,5 milliard d'euros.", "fr", 1_500_000_000),
        ("Un plan de 2 milliards de dollars.", "fr", 2_000_000_000),
        ("Un coût de 10 M€.", "fr", 10_000_000),
        ("Un coût de 10 000 €.", "fr", 10_000),
        ("Un coût de 10 000 euros.", "fr", 10_000),
        ("A cost of USD 40 million.", "en", 40_000_000),
    ],
)
def test_money_is_returned_and_marked(sentence: str, lang: str, value: int) -> None:
    q = only(sentence, lang)
    assert (q.value, q.unit) == (value, "money")


def test_money_next_to_a_headcount() -> None:
    found = find_quantities("Meta cut 11,000 jobs and took a $4.2 billion charge.")
    assert [(q.value, q.unit) for q in found] == [(11_000, ""), (4_200_000_000, "money")]


def test_more_than_money_keeps_the_qualifier() -> None:
    q = only("It will save more than $1 billion.")
    assert (q.value, q.unit, q.qualifier, q.text) == (
        1_000_000_000, "money", "more_than", "more than $1 billion"
    )


# --- years, dates and other traps ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("Amazon cut 18,000 jobs in 2023.", "en", [18_000]),
        ("Layoffs in 2022-2023 hit 10,000 workers.", "en", [10_000]),
        ("In the 2022–23 fiscal year, 500 jobs went.", "en", [500]),
        ("On January 4, Amazon said it would cut 18,000 jobs.", "en", [18_000]),
        ("On January 4, 2023, Amazon cut jobs.", "en", []),
        ("On 4 January 2023 Amazon cut 18,000 jobs.", "en", [18_000]),
        ("In March 10,000 more jobs went.", "en", [10_000]),
        ("Le 4 janvier 2023, Amazon a supprimé 18 000 postes.", "fr", [18_000]),
        ("Le 1er janvier, le groupe supprimera 500 postes.", "fr", [500]),
        ("En 2023, 300 postes ont été supprimés.", "fr", [300]),
        ("De 2019 à 2023, le groupe a supprimé 500 postes.", "fr", [500]),
        ("Q1 2023 results showed 2,000 job cuts.", "en", [2000]),
        ("Au T1 2024, 150 départs.", "fr", [150]),
        ("The company reported Q4 revenue.", "en", []),
        ("It is the 4th round of layoffs, the 3rd this year.", "en", []),
        ("C'est le 2e plan social et la 3ème vague.", "fr", []),
        ("Call +1 415 555 0100 or (555) 123-4567.", "en", []),
        ("Appelez le 01 23 45 67 89.", "fr", []),
        ("The COVID-19 pandemic and 5G rollout.", "en", []),
        ("Version 3.7 shipped.", "en", []),
        ("See https://example.com/2023/01/04/amazon-cuts-18000 for details.", "en", []),
        ("It cut 2000 jobs.", "en", [2000]),
        ("The 2023 layoffs were the largest.", "en", []),
        ("The company announced 2000 layoffs.", "en", [2000]),
        ("Around 2025, the firm will cut costs.", "en", []),
        ("The firm employs 2020 people.", "en", [2020]),
        ("Il a 1,5 an d'ancienneté.", "fr", []),
        ("The stock rose 3.7 points.", "en", []),
        ("One of the companies cut jobs; no one was spared.", "en", []),
        ("Un des sites fermera; un bureau neuf ouvrira.", "fr", []),
        ("Neuf salariés sont concernés.", "fr", [9]),
        ("The office opened at 10:30 with 24/7 support.", "en", []),
        ("A one-time charge in the twenty-first year.", "en", []),
        ("Amazon disclosed the cuts in its 10-K filing.", "en", []),
    ],
)
def test_traps(sentence: str, lang: str, expected: list[int]) -> None:
    assert values(sentence, lang) == expected


def test_years_are_numbers_when_they_count_people() -> None:
    assert values("La société va supprimer 2023 postes.", "fr") == [2023]
    assert values("Company X will cut 1990 jobs.") == [1990]
    assert values("About 2000 workers were affected.") == [2000]
    assert values("It has a workforce of 2000.") == [2000]
    assert values("Un effectif de 2000, dont 150 en France.", "fr") == [2000, 150]


# --- ranges ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "low", "high", "unit"),
    [
        ("Between 5,000 and 6,000 workers.", "en", 5000, 6000, ""),
        ("It will cut 10,000-12,000 jobs.", "en", 10_000, 12_000, ""),
        ("It will cut 5,000 to 6,000 jobs.", "en", 5000, 6000, ""),
        ("It will cut 2 to 3 million dollars.", "en", 2_000_000, 3_000_000, "money"),
        ("A $1-2 billion charge.", "en", 1_000_000_000, 2_000_000_000, "money"),
        ("It will cut 10-12% of staff.", "en", 10, 12, "percent"),
        ("Entre 5 000 et 6 000 postes.", "fr", 5000, 6000, ""),
        ("La suppression de 5 000 à 6 000 postes.", "fr", 5000, 6000, ""),
        ("It will cut 2000-2500 jobs.", "en", 2000, 2500, ""),
    ],
)
def test_ranges(sentence: str, lang: str, low: int, high: int, unit: str) -> None:
    q = only(sentence, lang)
    assert q.is_range and not q.vague
    assert (q.value, q.low, q.high, q.unit) == (None, low, high, unit)
    assert {low, high} <= numbers_in(sentence, lang)


def test_from_to_is_a_change_not_a_range() -> None:
    assert values("Headcount fell from 10,000 to 8,000.") == [10_000, 8000]
    assert values("Headcount grew from 8,000 to 10,000.") == [8000, 10_000]
    assert values("It reduced headcount by 500 to 9,500.") == [500, 9500]


# --- numbers_in and variants -------------------------------------------------------------------


def test_numbers_in_skips_years_and_days() -> None:
    text = "On January 4, 2023, Amazon said it would cut 18,000 jobs, about 6% of its staff."
    assert numbers_in(text) == {18_000, 6}


def test_numbers_in_french_formats() -> None:
    text = "Le 12 mars 2024, le groupe a annoncé 1,5 million d'euros et dix mille postes."
    assert numbers_in(text, "fr") == {1_500_000, 10_000}


def test_numbers_in_mixed_formats() -> None:
    text = "16k jobs, 16.000 roles, 2 billion dollars, twelve hundred people, 13 percent."
    assert numbers_in(text) == {16_000, 2_000_000_000, 1200, 13}


def test_format_number() -> None:
    assert format_number(57_000, "en") == "57,000"
    assert format_number(57_000, "fr") == f"57{NNBSP}000"
    assert format_number(999, "fr") == "999"
    assert format_number(1_234_567, "fr-FR") == f"1{NNBSP}234{NNBSP}567"


def test_number_variants_examples() -> None:
    v = number_variants(10_000)
    assert {"10,000", "10 000", f"10{NBSP}000", "10.000", "10k", "ten thousand",
            "dix mille"} <= v
    assert {"1.5 million", "1,5 million", "1,5 millions"} <= number_variants(1_500_000)
    assert {"2 milliards", "2 billion", "2bn"} <= number_variants(2_000_000_000)
    assert {"twelve hundred", "one thousand two hundred", "mille deux cents"} <= number_variants(
        1200
    )
    assert "a dozen" in number_variants(12)


def test_text_and_span_agree() -> None:
    sentence = "Près de 10 000 postes et plus de 13 % des effectifs, soit 1,5 milliard d'euros."
    for q in find_quantities(sentence, "fr"):
        assert sentence[q.start:q.end] == q.text
    assert [q.text for q in find_quantities(sentence, "fr")] == [
        "Près de 10 000", "plus de 13 %", "1,5 milliard d'euros"
    ]
