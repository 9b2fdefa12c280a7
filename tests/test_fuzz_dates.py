"""Fuzzing the date parser (index/dates.py): event spans, question periods, publication dates
and content bounds.

Invariants: no crash (an absurd number, "the past 999999999999 years", must not overflow the
calendar), no hang, every span ordered and inside a sane window: absolute dates between 1900
and 2100, relative ones within a century of the reference date; the phrase a span names is
text of the input; a publication date lies in 1900-2100; content bounds never start after
``today`` and end on ``today``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.dates import (
    Span,
    bounds_from_content,
    date_from_url,
    find_event_spans,
    parse_question_period,
    publication_date_from_text,
)
from tests.fuzzkit import (
    NOISE_LINES,
    Run,
    article_text,
    date_phrase,
    fuzz_settings,
    layoff_sentence,
    long_text,
    raw_text,
    sentence,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

FUZZ_LONG = 200
LANGS = st.sampled_from(["en", "fr", "", "de"])
REFERENCE = st.dates(date(1995, 1, 1), date(2040, 12, 31))
LOW, HIGH = date(1900, 1, 1), date(2100, 12, 31)
CENTURY = timedelta(days=36525)

date_sentence = st.one_of(
    layoff_sentence(),
    st.lists(st.one_of(date_phrase(), sentence), min_size=1, max_size=4).map(" ".join),
    date_phrase(),
    raw_text,
)


def _check_span(span: Span, text: str, reference: date | None) -> None:
    assert span.start <= span.end
    if span.inferred and reference is not None:
        assert reference - CENTURY <= span.start and span.end <= reference + CENTURY, span
    else:
        assert span.start >= LOW and span.end <= HIGH, span


def test_find_event_spans_fuzz() -> None:
    run = Run("dates.find_event_spans")

    @fuzz_settings()
    @given(date_sentence, LANGS, st.one_of(st.none(), REFERENCE))
    def check(text: str, lang: str, published: date | None) -> None:
        for span in run(find_event_spans, text, lang, published):
            _check_span(span, text, published)
            assert span.text in text or " ".join(span.text.split()) in " ".join(text.split())

    check()
    run.finish()


def test_parse_question_period_fuzz() -> None:
    run = Run("dates.parse_question_period")
    starts = st.sampled_from(["How many jobs did Amazon cut ", "Combien de postes supprimés ",
                              "Layoffs ", "", "Which companies cut jobs "])

    @fuzz_settings()
    @given(st.tuples(starts, date_sentence).map("".join), LANGS, REFERENCE)
    def check(question: str, lang: str, today: date) -> None:
        span = run(parse_question_period, question, lang, today)
        if span is not None:
            assert span.start <= span.end
            assert date(1900, 1, 1) <= span.start and span.end <= today + CENTURY, span

    check()
    run.finish()


def test_publication_date_fuzz() -> None:
    run = Run("dates.publication_date_from_text")
    head = st.lists(st.one_of(NOISE_LINES, date_phrase(), date_phrase().map("Published: {}".format),
                              date_phrase().map("Publié le {}".format),
                              date_phrase().map("PARIS, {} (AFP) -".format),
                              date_phrase().map("SEATTLE, {} (Reuters) -".format),
                              date_phrase().map("Updated {}".format), raw_text), max_size=4)

    @fuzz_settings()
    @given(st.tuples(head.map("\n".join), article_text).map("\n".join),
           st.one_of(st.none(), LANGS))
    def check(text: str, lang: str | None) -> None:
        found = run(publication_date_from_text, text, lang)
        assert found is None or LOW <= found <= HIGH, found

    check()
    run.finish()


def test_bounds_from_content_fuzz() -> None:
    run = Run("dates.bounds_from_content")

    @fuzz_settings()
    @given(st.lists(date_sentence, max_size=6).map(" ".join), LANGS, REFERENCE)
    def check(text: str, lang: str, today: date) -> None:
        span = run(bounds_from_content, text, lang, today)
        if span is not None:
            assert span.start <= today and span.end == today, (span, today)
            assert span.start >= LOW

    check()
    run.finish()


def test_date_from_url_fuzz() -> None:
    run = Run("dates.date_from_url")
    digits = st.text(alphabet="0123456789", min_size=1, max_size=14)
    part = st.one_of(digits, st.sampled_from(["news", "2024", "12", "31", "00", "2099", "1899"]),
                     raw_text.map(lambda t: t[:20]))
    url = st.tuples(st.sampled_from(["https://example.org/", "http://[::1", "", "/"]),
                    st.lists(part, max_size=6).map(lambda p: "/".join(p)),
                    st.sampled_from(["", "/", ".html", "-x"])).map("".join)

    @fuzz_settings()
    @given(url, REFERENCE)
    def check(address: str, today: date) -> None:
        span = run(date_from_url, address, today)
        if span is not None:
            assert LOW <= span.start <= span.end <= today, (span, today)
            assert span.precision in ("day", "month") and span.text, span

    check()
    run.finish()


def test_dates_long_inputs() -> None:
    run = Run("dates (long inputs)")

    @fuzz_settings(FUZZ_LONG)
    @given(long_text(), LANGS, REFERENCE)
    def check(text: str, lang: str, today: date) -> None:
        run(find_event_spans, text, lang, today)
        run(parse_question_period, text, lang, today)
        run(publication_date_from_text, text, lang)
        run(bounds_from_content, text, lang, today)

    check()
    run.finish(FUZZ_LONG)
