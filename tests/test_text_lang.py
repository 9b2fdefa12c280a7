"""Sentence splitting in German and Spanish (index/text.py, abbreviations from the language
files). Sentences quoted from the development corpus."""

from __future__ import annotations

from index.text import split_sentences


def test_a_day_number_before_a_month_does_not_end_a_sentence() -> None:
    # Golem: "am 18. März 2025"
    text = ("Siemens streicht in seiner Sparte Digital Industries weltweit 5.600 von rund 68.000 "
            "Arbeitsplätzen. Das hat der Industrieausrüster am 18. März 2025 mitgeteilt.")
    assert split_sentences(text) == [
        "Siemens streicht in seiner Sparte Digital Industries weltweit 5.600 von rund 68.000 "
        "Arbeitsplätzen.", "Das hat der Industrieausrüster am 18. März 2025 mitgeteilt."]
    # ComputerBase: "im ersten Quartal 2024", written as "im 1. Quartal 2024"
    assert len(split_sentences("Die Kosten fallen im 1. Quartal 2024 an. Unity nennt keine "
                               "Zahl.")) == 2


def test_spanish_abbreviations_written_with_a_space() -> None:
    # Diario Financiero: "CC. OO."
    sentence = ("Telefónica comunicó a UGT, CC. OO. y Sumados-Fetico, sus tres sindicatos "
                "mayoritarios en España, que pretende poner en marcha un nuevo expediente de "
                "regulación de empleo (ERE) por «causas objetivas».")
    assert split_sentences(sentence) == [sentence]
    # El País writes "CC OO" without full stops; both stay one sentence
    sentence = ("UGT, CC OO y Sumados-Fetico, los tres sindicatos con más peso en Telefónica, "
                "están dispuestos a facilitar un acuerdo rápido sobre el nuevo expediente.")
    assert split_sentences(sentence) == [sentence]


def test_english_and_french_unchanged() -> None:
    assert split_sentences("Amazon cut 18,000 jobs. Mr. Jassy said so.") == [
        "Amazon cut 18,000 jobs.", "Mr. Jassy said so."]
    assert split_sentences("M. Dupont l'a dit. Le 5 janvier, Amazon a supprimé 18 000 postes.") \
        == ["M. Dupont l'a dit.", "Le 5 janvier, Amazon a supprimé 18 000 postes."]
