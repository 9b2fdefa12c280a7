"""Fuzzing what index/fetch.py reads from the network: read_page and read_feed.

Invariant: a result or :class:`FetchError`. Feed entries link to http(s) pages, without
repeats, with a real date or none. fetch.py belongs to the fetching work; a crash found here
is reported, not fixed here.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.fetch import Fetched, FetchError, Validators, read_feed, read_page
from tests.fuzzkit import Run, date_phrase, fuzz_settings, layoff_sentence, raw_text

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

TYPES = st.sampled_from(["text/html; charset=utf-8", "text/plain", "", "application/xml",
                         "application/rss+xml", "application/octet-stream", "image/png",
                         "text/html; charset=bogus"])
STAMPS = st.one_of(date_phrase(), st.sampled_from([
    "Mon, 04 Jan 2023 10:00:00 GMT", "2023-01-05T10:00:00Z", "0000-00-00", "Tue, 31 Feb 0 x",
    "9999-99-99T99:99:99Z", "1 Jan 1", "Sat, 01 Jan 10000 00:00:00 GMT"]))
LINKS = st.sampled_from(["https://e.com/a", "/rel", "javascript:x", "", "mailto:a@b",
                         "https://e.com/a", "http://[::1", "https://e.com/%zz"])
TEXT = st.one_of(layoff_sentence(), raw_text, st.sampled_from(["&amp;", "&bogus;", "<![CDATA[x]]>",
                                                              "&#0;", "<b>x</b>"]))


@st.composite
def feed(draw: st.DrawFn) -> bytes:
    items = []
    atom = draw(st.booleans())
    for _ in range(draw(st.integers(0, 4))):
        title, link, stamp, summary = draw(TEXT), draw(LINKS), draw(STAMPS), draw(TEXT)
        if atom:
            items.append(f"<entry><title>{title}</title><link href='{link}'/><id>{link}</id>"
                         f"<updated>{stamp}</updated><summary>{summary}</summary></entry>")
        else:
            items.append(f"<item><title>{title}</title><link>{link}</link>"
                         f"<pubDate>{stamp}</pubDate><description>{summary}</description></item>")
    body = "".join(items)
    doc = (f"<feed xmlns='http://www.w3.org/2005/Atom'>{body}</feed>" if atom
           else f"<rss version='2.0'><channel><title>x</title>{body}</channel></rss>")
    if draw(st.booleans()):
        doc = "<?xml version='1.0' encoding='utf-8'?>" + doc
    cut = draw(st.integers(0, len(doc)))
    return (doc if draw(st.booleans()) else doc[:cut]).encode("utf-8", "surrogatepass")


def _fetched(body: bytes, content_type: str) -> Fetched:
    return Fetched("https://e.com/source", 200, content_type, body, Validators(), False)


def test_read_feed_fuzz() -> None:
    run = Run("fetch.read_feed")

    @fuzz_settings()
    @given(st.one_of(feed(), st.binary(max_size=200)), TYPES)
    def check(body: bytes, content_type: str) -> None:
        try:
            entries = run(read_feed, _fetched(body, content_type))
        except FetchError as err:
            assert str(err)
            return
        urls = [e.url for e in entries]
        assert len(urls) == len(set(urls))
        for e in entries:
            assert e.url.startswith(("http://", "https://"))
            assert e.published is None or isinstance(e.published, date)

    check()
    run.finish()


def test_read_page_fuzz() -> None:
    run = Run("fetch.read_page")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    page = st.one_of(st.binary(max_size=200), TEXT.map(lambda t: t.encode("utf-8", "replace")),
                     st.tuples(st.sampled_from(["<html><body><p>", "<!doctype html><p>", ""]),
                               layoff_sentence(), layoff_sentence())
                     .map(lambda t: "".join(t).encode()))

    @fuzz_settings()
    @given(page, TYPES)
    def check(body: bytes, content_type: str) -> None:
        try:
            raw = run(read_page, _fetched(body, content_type))
        except FetchError as err:
            assert str(err)
            return
        assert isinstance(raw.text, str) and raw.meta.get("url")

    check()
    run.finish()


def test_feed_year_zero_date() -> None:
    body = (b"<rss version='2.0'><channel><title>x</title><item><title></title>"
            b"<link>https://e.com/a</link><pubDate>0000-00-00</pubDate>")
    entries = read_feed(_fetched(body, "application/rss+xml"))
    assert [e.published for e in entries] == [None]
