"""Fuzzing the number parser (index/numbers.py): no crash, no hang, and what it reads is there.

Invariants: every quantity's span is the text it claims, spans come in order without overlap,
bounds are ordered, and a figure read from digits uses only the digits the text writes (a
parser that invents a figure fails). Round trips: every form :func:`number_variants` and
:func:`format_number` write reads back as the same integer.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.numbers import (
    english_words,
    find_quantities,
    format_number,
    french_words,
    number_variants,
    numbers_in,
    parse_int,
)
from tests.fuzzkit import Run, fuzz_settings, long_text, number_form, sentence

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

FUZZ_LONG = 200  # long inputs are slow by design; a few hundred find a quadratic pattern
LANGS = st.sampled_from(["en", "fr", "", "de", "EN", "fr-FR"])


def _significant(digits: str) -> str:
    return digits.rstrip("0") or "0"


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def _check_quantities(text: str, quantities: list) -> None:
    previous_end = 0
    for q in quantities:
        assert 0 <= q.start < q.end <= len(text), q
        assert text[q.start:q.end] == q.text, q
        assert q.start >= previous_end, f"overlapping quantities {quantities}"
        previous_end = q.end
        for value in (q.value, q.low, q.high):
            assert value is None or value >= 0, q
        if q.low is not None and q.high is not None:
            assert q.low <= q.high, q
        if q.vague:
            assert q.value is None, q
        if q.percent is not None:
            assert q.value is None and q.percent >= 0, q
        digits = re.sub(r"\D", "", q.text)
        if q.value is not None and digits and q.text.isascii():
            # a figure read from digits writes those digits (scale words only add zeros)
            assert _is_subsequence(_significant(str(q.value)), digits), q


def test_find_quantities_fuzz() -> None:
    run = Run("numbers.find_quantities")

    @fuzz_settings()
    @given(sentence, LANGS)
    def check(text: str, lang: str) -> None:
        quantities = run(find_quantities, text, lang)
        _check_quantities(text, quantities)
        found = numbers_in(text, lang)
        for q in quantities:
            if q.value is not None:
                assert q.value in found

    check()
    run.finish()


def test_find_quantities_long_inputs() -> None:
    """Long repeated fragments, where a backtracking pattern would take quadratic time."""
    run = Run("numbers.find_quantities (long inputs)")
    examples = max(FUZZ_LONG, 1)

    @fuzz_settings(examples)
    @given(long_text(), LANGS)
    def check(text: str, lang: str) -> None:
        _check_quantities(text, run(find_quantities, text, lang))

    check()
    run.finish(examples)


@st.composite
def written_number(draw: st.DrawFn) -> tuple[int, str, str]:
    """(n, a way of writing n that parse_int documents, the language to read it in)."""
    n = draw(st.one_of(st.integers(0, 10**6), st.integers(0, 10**13)))
    form = draw(st.sampled_from(["variant", "format_en", "format_fr", "en_words", "fr_words"]))
    if form == "variant":
        # "1m", "2B", "3mn" are money-only scales, deliberately not read as a count alone.
        forms = sorted(v for v in number_variants(n)
                       if not re.search(r"\d(?:m|mn|B|b)\Z", v))
        text = draw(st.sampled_from(forms))
        return n, text, draw(st.sampled_from(["en", "fr"]))
    if form == "format_en":
        return n, format_number(n, "en"), "en"
    if form == "format_fr":
        return n, format_number(n, "fr"), "fr"
    n %= 10**6
    if form == "en_words":
        return n, english_words(n, use_and=draw(st.booleans())), "en"
    return n, french_words(n, reform=draw(st.booleans())), "fr"


def test_parse_int_fuzz() -> None:
    """Raw text gives None or a whole number; every documented form reads back exactly."""
    run = Run("numbers.parse_int")

    @fuzz_settings()
    @given(st.one_of(written_number(), st.tuples(st.none(), number_form(), LANGS),
                     st.tuples(st.none(), sentence, LANGS)))
    def check(case: tuple[int | None, str, str]) -> None:
        n, text, lang = case
        value = run(parse_int, text, lang)
        assert value is None or value >= 0
        if n is not None:
            other = "fr" if lang == "en" else "en"
            assert n in (value, parse_int(text, other)), (n, text, value)

    check()
    run.finish()
