"""index.fetch against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from index.fetch import (
    FeedEntry,
    Fetcher,
    FetchError,
    FetchPolicy,
    Validators,
    decode_body,
    fetch_source,
    read_feed,
    read_page,
)
from index.ingest import to_article

WEB = Path(__file__).parent / "fixtures" / "web"
FAST = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, backoff=0.01, per_host_delay=0.0,
                   allow_private=True)  # pytest-httpserver listens on 127.0.0.1
HTML = "text/html; charset=utf-8"


def fixture(name: str, base: str = "") -> bytes:
    data = (WEB / name).read_bytes()
    return data.replace(b"http://SERVER", base.encode()) if base else data


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fetcher(sleeps: list[float]) -> Iterator[Fetcher]:
    with Fetcher(FAST, sleep=sleeps.append) as f:
        yield f


def make_fetcher(sleeps: list[float], **policy: object) -> Fetcher:
    return Fetcher(replace(FAST, **policy), sleep=sleeps.append)  # type: ignore[arg-type]


def counting(responses: list[Response]) -> tuple[Callable[[Request], Response], list[Request]]:
    """A handler answering ``responses`` in turn (the last one forever), and the requests seen."""
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return responses[min(len(seen), len(responses)) - 1]

    return handler, seen


def serve(httpserver: HTTPServer, path: str, body: bytes, content_type: str = HTML,
          *, etag: str | None = None, last_modified: str | None = None) -> list[Request]:
    """Serve ``body`` at ``path``, answering 304 to a matching If-None-Match; the requests seen."""
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        headers = {}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        if etag and request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers=headers)
        return Response(body, content_type=content_type, headers=headers)

    httpserver.expect_request(path).respond_with_handler(handler)
    return seen


# --- pages -----------------------------------------------------------------------------------

def test_html_article_is_read_with_title_text_and_date(httpserver: HTTPServer,
                                                       fetcher: Fetcher) -> None:
    serve(httpserver, "/articles/acme-cuts.html", fixture("article.html"))
    url = httpserver.url_for("/articles/acme-cuts.html")

    fetched = fetcher.get(url)
    raw = read_page(fetched)

    assert (fetched.status, fetched.url, fetched.not_modified) == (200, url, False)
    assert raw.source == url and not raw.plain
    assert raw.meta["title"] == "Acme Cloud to cut 1,200 jobs in restructuring"
    assert raw.meta["published"] == "2024-03-07"
    assert raw.meta["outlet"] == "Tech Ledger"
    assert raw.meta["url"] == url
    assert raw.text.startswith("Acme Cloud said on Thursday it would lay off about 1,200")
    assert "Home" not in raw.text and "All rights reserved" not in raw.text
    article = to_article(raw, languages=["en"], boilerplate=())
    assert (article.title, article.published, article.url, article.lang) == (
        "Acme Cloud to cut 1,200 jobs in restructuring", date(2024, 3, 7), url, "en")


def test_plain_text_page(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve(httpserver, "/notes.txt", fixture("plain.txt"), "text/plain")
    url = httpserver.url_for("/notes.txt")

    raw = read_page(fetcher.get(url))

    assert raw.plain and raw.source == url and raw.meta == {"url": url}
    assert raw.text.startswith("Globex trims 300 roles in its hardware division\n")
    article = to_article(raw, languages=["en"], boilerplate=())
    assert article.title == "Globex trims 300 roles in its hardware division"


def test_404_is_not_retried(httpserver: HTTPServer, fetcher: Fetcher, sleeps: list[float]) -> None:
    handler, seen = counting([Response("nope", status=404)])
    httpserver.expect_request("/gone").respond_with_handler(handler)
    url = httpserver.url_for("/gone")

    with pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == f"{url}: HTTP 404 Not Found; check the URL or remove the source"
    assert caught.value.url == url
    assert caught.value.reason == "HTTP 404 Not Found; check the URL or remove the source"
    assert len(seen) == 1 and sleeps == []


def test_500_twice_then_200_is_retried_with_backoff(httpserver: HTTPServer, fetcher: Fetcher,
                                                    sleeps: list[float]) -> None:
    ok = Response(fixture("article.html"), content_type=HTML)
    handler, seen = counting([Response("down", status=500), Response("down", status=500), ok])
    httpserver.expect_request("/flaky").respond_with_handler(handler)

    fetched = fetcher.get(httpserver.url_for("/flaky"))

    assert fetched.status == 200 and fetched.body == fixture("article.html")
    assert len(seen) == 3
    assert sleeps == [0.01, 0.02]  # backoff, doubled


def test_500_forever_fails_after_retries(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    handler, seen = counting([Response("down", status=500)])
    httpserver.expect_request("/down").respond_with_handler(handler)
    url = httpserver.url_for("/down")

    with pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == (f"{url}: HTTP 500 Internal Server Error after 3 tries; "
                                 "the site is failing, try again later")
    assert len(seen) == 3


def test_429_honours_retry_after_and_then_gives_up(httpserver: HTTPServer,
                                                   sleeps: list[float]) -> None:
    handler, seen = counting([Response("slow down", status=429, headers={"Retry-After": "1"})])
    httpserver.expect_request("/limited").respond_with_handler(handler)
    url = httpserver.url_for("/limited")

    with pytest.raises(FetchError) as caught:
        make_fetcher(sleeps, retries=1).get(url)

    assert str(caught.value) == (f"{url}: HTTP 429 Too Many Requests after 2 tries; the site is "
                                 "rate-limiting the bot, raise FETCH_DELAY_SECONDS or try later")
    assert len(seen) == 2 and sleeps == [1.0]


def test_slow_server_times_out_after_retries(httpserver: HTTPServer, sleeps: list[float]) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(1.0)
        return Response("late", content_type="text/plain")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    url = httpserver.url_for("/slow")
    fetcher = make_fetcher(sleeps, read_timeout=0.3, retries=1)

    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as caught:
            fetcher.get(url)
    finally:
        release.set()  # let the server's handler go, so later tests are not held up
    elapsed = time.monotonic() - started

    assert str(caught.value) == (f"{url}: timed out after 2 tries (read timeout 0.3 s); "
                                 "the site is slow or down, try again later")
    # Both tries really waited out the 0.3 s read timeout (a floor holds on any machine; a
    # ceiling would only measure how busy it is: the count of tries is in the message).
    assert elapsed > 0.55, f"{elapsed:.2f} s"
    assert sleeps == [0.01]


def test_oversized_body_is_not_downloaded(httpserver: HTTPServer, sleeps: list[float]) -> None:
    produced = {"chunks": 0, "closed": False}
    chunk, total = b"<p>" + b"x" * 65_530 + b"</p>", 2_000  # 2,000 x 64 kB = 131 MB

    def endless() -> Iterator[bytes]:
        try:
            for _ in range(total):
                produced["chunks"] += 1
                yield chunk
        finally:
            produced["closed"] = True

    httpserver.expect_request("/huge").respond_with_handler(
        lambda request: Response(endless(), content_type=HTML))  # streamed, no Content-Length
    url = httpserver.url_for("/huge")

    with pytest.raises(FetchError) as caught:
        make_fetcher(sleeps, max_bytes=100_000).get(url)

    assert str(caught.value) == (f"{url}: larger than 100.0 kB; not an article page; "
                                 "remove the source or raise FETCH_MAX_MB")
    deadline = time.monotonic() + 3
    while not produced["closed"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert produced["closed"]  # the client hung up, the server stopped sending
    assert produced["chunks"] < total // 10  # a few socket buffers' worth, not 131 MB
    assert sleeps == []  # too large is final, not retried


def test_declared_oversized_body_fails_before_reading(httpserver: HTTPServer,
                                                      sleeps: list[float]) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 50_000, content_type=HTML)
    url = httpserver.url_for("/big")

    with pytest.raises(FetchError) as caught:
        make_fetcher(sleeps, max_bytes=10_000).get(url)

    assert str(caught.value) == (f"{url}: larger than 10.0 kB (Content-Length 50.0 kB); not an "
                                 "article page; remove the source or raise FETCH_MAX_MB")


def test_binary_content_is_not_an_article(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    httpserver.expect_request("/chart.png").respond_with_data(png, content_type="image/png")
    url = httpserver.url_for("/chart.png")
    message = (f"{url}: not an article page (content-type image/png); "
               "point the source at an HTML page or an RSS/Atom feed")

    with pytest.raises(FetchError) as caught:
        read_page(fetcher.get(url))
    assert str(caught.value) == message
    with pytest.raises(FetchError) as caught:
        fetch_source(fetcher, url, {})
    assert str(caught.value) == message


@pytest.mark.parametrize(("content_type", "head"), [
    ("text/html; charset=utf-8", b""),                # header lies
    ("text/html", b'<meta charset="utf-8">'),         # meta tag lies
    ("text/html", b""),                               # nothing declared
    ("text/html; charset=iso-8859-1", b""),           # declared right
], ids=["header-says-utf8", "meta-says-utf8", "no-charset", "declared-latin1"])
def test_latin1_page_is_read_whatever_it_declares(httpserver: HTTPServer, fetcher: Fetcher,
                                                  content_type: str, head: bytes) -> None:
    page = fixture("latin1.html").replace(b"<head>", b"<head>" + head)
    serve(httpserver, "/fr/sg.html", page, content_type)

    raw = read_page(fetcher.get(httpserver.url_for("/fr/sg.html")))

    assert raw.meta["title"] == "Société Générale supprime 900 postes"
    assert "à Paris et à\nLyon" in raw.text or "à Paris et à Lyon" in raw.text
    assert "« brutale »" in raw.text and "naïveté" in raw.text and "d'euros" in raw.text
    assert "\ufffd" not in raw.text
    assert raw.meta["lang"] == "fr"


def test_decode_body_prefers_what_decodes() -> None:
    text = "Zürich à l'été — 5 €"
    assert decode_body(text.encode("utf-8"), "text/html; charset=iso-8859-1") == text
    assert decode_body(text.encode("cp1252"), "text/plain") == text
    assert decode_body(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=cp1252") == text
    xml = '<?xml version="1.0" encoding="windows-1252"?><p>été</p>'
    assert decode_body(xml.encode("cp1252")) == xml
    assert decode_body("Привет, мир".encode("koi8-r"), "text/plain; charset=koi8-r") == (
        "Привет, мир")


# --- feeds -----------------------------------------------------------------------------------

def test_rss_feed_articles_are_fetched_and_a_broken_link_does_not_stop_the_run(
        httpserver: HTTPServer, fetcher: Fetcher) -> None:
    base = httpserver.url_for("/").rstrip("/")
    serve(httpserver, "/feed.xml", fixture("feed.rss", base), "application/rss+xml",
          etag='"feed-1"')
    serve(httpserver, "/articles/acme-cuts.html", fixture("article.html"), etag='"acme-1"')
    serve(httpserver, "/articles/hiring-freeze.html", fixture("hiring-freeze.html"))
    httpserver.expect_request("/articles/missing.html").respond_with_data("", status=404)
    feed_url = f"{base}/feed.xml"

    result = fetch_source(fetcher, feed_url, {})

    assert not result.not_modified
    assert [doc.source for doc in result.docs] == [f"{base}/articles/acme-cuts.html",
                                                   f"{base}/articles/hiring-freeze.html"]
    assert [str(err) for err in result.errors] == [
        f"{base}/articles/missing.html: HTTP 404 Not Found; check the URL or remove the source"]
    acme, northwind = result.docs
    assert acme.meta["published"] == "2024-03-07" and "1,200 employees" in acme.text
    # the page has no date of its own: the feed's pubDate fills it in
    assert northwind.meta["published"] == "2024-03-12"
    assert northwind.meta["title"] == "Northwind Games freezes hiring and closes its Lyon studio"
    assert result.validators == {
        feed_url: Validators(etag='"feed-1"'),
        f"{base}/articles/acme-cuts.html": Validators(etag='"acme-1"'),
        f"{base}/articles/hiring-freeze.html": Validators(),
    }  # the 404 is left out, so it is tried again next time


def test_feed_entries_are_read(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    base = httpserver.url_for("/").rstrip("/")
    serve(httpserver, "/feed.xml", fixture("feed.rss", base), "application/rss+xml")

    entries = read_feed(fetcher.get(f"{base}/feed.xml"))

    assert [e.url for e in entries] == [f"{base}/articles/acme-cuts.html",
                                        f"{base}/articles/hiring-freeze.html",
                                        f"{base}/articles/missing.html"]
    assert entries[0] == FeedEntry(f"{base}/articles/acme-cuts.html",
                                   "Acme Cloud to cut 1,200 jobs in restructuring",
                                   date(2024, 3, 7), "Acme Cloud will lay off 1,200 employees.")


def test_atom_feed_served_as_xml_is_sniffed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    base = httpserver.url_for("/").rstrip("/")
    serve(httpserver, "/atom", fixture("feed.atom", base), "text/xml")  # generic XML type
    serve(httpserver, "/articles/acme-cuts.html", fixture("article.html"))
    serve(httpserver, "/articles/hiring-freeze.html", fixture("hiring-freeze.html"))

    entries = read_feed(fetcher.get(f"{base}/atom"))
    result = fetch_source(fetcher, f"{base}/atom", {})

    assert entries == [
        FeedEntry(f"{base}/articles/acme-cuts.html", "Acme Cloud to cut 1,200 jobs",
                  date(2024, 3, 7), "Acme Cloud will lay off 1,200 employees & close offices."),
        FeedEntry(f"{base}/articles/hiring-freeze.html", "Northwind Games freezes hiring",
                  date(2024, 3, 12), "Northwind closes its Lyon studio."),
    ]  # the relative link is resolved against the feed's URL
    assert len(result.docs) == 2 and result.errors == []


def test_max_articles_bounds_a_feed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    base = httpserver.url_for("/").rstrip("/")
    serve(httpserver, "/feed.xml", fixture("feed.rss", base), "application/rss+xml")
    seen = serve(httpserver, "/articles/acme-cuts.html", fixture("article.html"))

    result = fetch_source(fetcher, f"{base}/feed.xml", {}, max_articles=1)

    assert [doc.source for doc in result.docs] == [f"{base}/articles/acme-cuts.html"]
    assert len(seen) == 1 and len(httpserver.log) == 2


def test_malformed_feed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve(httpserver, "/broken.xml", fixture("broken.rss"), "application/rss+xml")
    url = httpserver.url_for("/broken.xml")

    with pytest.raises(FetchError) as caught:
        fetch_source(fetcher, url, {})

    assert str(caught.value) == (f"{url}: not a valid RSS/Atom feed (no element found at line 7);"
                                 " check the feed URL")


# --- redirects -------------------------------------------------------------------------------

def test_redirect_chain_is_followed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/r1").respond_with_data("", 301, {"Location": "/r2"})
    httpserver.expect_request("/r2").respond_with_data(
        "", 302, {"Location": httpserver.url_for("/r3")})
    httpserver.expect_request("/r3").respond_with_data("", 307, {"Location": "final.html"})
    serve(httpserver, "/final.html", fixture("article.html"))

    fetched = fetcher.get(httpserver.url_for("/r1"))
    raw = read_page(fetched)

    assert fetched.url == httpserver.url_for("/final.html") == raw.source
    assert [request.path for request, _ in httpserver.log] == ["/r1", "/r2", "/r3",
                                                               "/final.html"]


def test_redirect_loop(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/loop-a").respond_with_data("", 302, {"Location": "/loop-b"})
    httpserver.expect_request("/loop-b").respond_with_data("", 302, {"Location": "/loop-a"})
    a, b = httpserver.url_for("/loop-a"), httpserver.url_for("/loop-b")

    with pytest.raises(FetchError) as caught:
        fetcher.get(a)

    assert str(caught.value) == (f"{a}: redirect loop ({a} -> {b} -> {a}); "
                                 "check the URL or remove the source")


def test_too_many_redirects(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    for n in range(10):
        httpserver.expect_request(f"/hop/{n}").respond_with_data(
            "", 302, {"Location": f"/hop/{n + 1}"})
    url = httpserver.url_for("/hop/0")

    with pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == (f"{url}: more than 5 redirects (last to "
                                 f"{httpserver.url_for('/hop/6')}); "
                                 "check the URL or remove the source")
    assert len(httpserver.log) == 6


def test_error_after_a_redirect_names_where(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/old").respond_with_data("", 301, {"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("", 404)
    url = httpserver.url_for("/old")

    with pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == (f"{url}: HTTP 404 Not Found (at {httpserver.url_for('/new')}); "
                                 "check the URL or remove the source")


# --- conditional requests --------------------------------------------------------------------

def test_conditional_request_gets_304(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    modified = "Thu, 07 Mar 2024 10:00:00 GMT"
    seen = serve(httpserver, "/a.html", fixture("article.html"), etag='"v1"',
                 last_modified=modified)
    url = httpserver.url_for("/a.html")

    first = fetcher.get(url)
    second = fetcher.get(url, first.validators)

    assert first.validators == Validators(etag='"v1"', last_modified=modified)
    assert "If-None-Match" not in seen[0].headers
    assert seen[1].headers["If-None-Match"] == '"v1"'
    assert seen[1].headers["If-Modified-Since"] == modified
    assert (second.status, second.not_modified, second.body) == (304, True, b"")
    assert second.validators == first.validators
    with pytest.raises(FetchError) as caught:
        read_page(second)
    assert str(caught.value) == (f"{url}: not modified since the last run (HTTP 304); "
                                 "nothing to read")


def test_unchanged_source_and_articles_cost_a_304_each(httpserver: HTTPServer,
                                                       fetcher: Fetcher) -> None:
    base = httpserver.url_for("/").rstrip("/")
    feed = fixture("feed.rss", base)
    serve(httpserver, "/page.html", fixture("article.html"), etag='"p1"')
    feed_seen = serve(httpserver, "/feed.xml", feed, "application/rss+xml", etag='"f1"')
    serve(httpserver, "/articles/acme-cuts.html", fixture("article.html"), etag='"a1"')
    serve(httpserver, "/articles/hiring-freeze.html", fixture("hiring-freeze.html"),
          etag='"h1"')
    httpserver.expect_request("/articles/missing.html").respond_with_data("", status=404)

    page = fetch_source(fetcher, f"{base}/page.html", {})
    page_again = fetch_source(fetcher, f"{base}/page.html", page.validators)
    first = fetch_source(fetcher, f"{base}/feed.xml", {})
    again = fetch_source(fetcher, f"{base}/feed.xml", first.validators)
    # the feed changed (new ETag), its articles did not
    feed_seen.clear()
    changed_state = {**first.validators, f"{base}/feed.xml": Validators(etag='"old"')}
    changed = fetch_source(fetcher, f"{base}/feed.xml", changed_state)

    assert len(page.docs) == 1 and page_again.not_modified and page_again.docs == []
    assert (len(first.docs), again.not_modified, again.docs) == (2, True, [])
    assert not changed.not_modified and changed.docs == []
    assert changed.unchanged == [f"{base}/articles/acme-cuts.html",
                                 f"{base}/articles/hiring-freeze.html"]
    assert len(changed.errors) == 1  # the 404 is reported again
    assert changed.validators == first.validators


def test_validators_round_trip_as_json() -> None:
    both = Validators(etag='W/"x"', last_modified="Thu, 07 Mar 2024 10:00:00 GMT")
    assert Validators.from_dict(both.to_dict()) == both
    assert Validators().to_dict() == {} and not Validators() and both


# --- headers, politeness, bad URLs -----------------------------------------------------------

def test_user_agent_and_accept_headers(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    seen = serve(httpserver, "/ua", fixture("article.html"))

    fetcher.get(httpserver.url_for("/ua"))

    assert seen[0].headers["User-Agent"] == (
        "layoffs-bot/0.1 (+https://github.com/layoffs-bot/layoffs-bot; news indexer)")
    assert seen[0].headers["Accept"].startswith("text/html")


def test_politeness_delay_per_host(httpserver: HTTPServer) -> None:
    arrivals: list[tuple[str, float]] = []

    def handler(request: Request) -> Response:
        arrivals.append((request.host.split(":")[0], time.monotonic()))
        return Response("ok", content_type="text/plain")

    httpserver.expect_request("/p").respond_with_handler(handler)
    port = httpserver.port
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    waits = []
    with Fetcher(FetchPolicy(per_host_delay=0.2, allow_private=True), sleep=sleep) as polite:
        polite.get(f"http://127.0.0.1:{port}/p")
        waits.append(len(slept))
        polite.get(f"http://127.0.0.1:{port}/p")  # same host: waits
        waits.append(len(slept))
        polite.get(f"http://localhost:{port}/p")  # other host: right away
        waits.append(len(slept))

    (_, t1), (_, t2), (host3, _) = arrivals
    assert t2 - t1 >= 0.19  # a floor: holds however busy the machine is
    # Only the second request to the same host waited; the other host's did not (counted, not
    # timed: a ceiling on its arrival would measure the machine's load).
    assert host3 == "localhost" and waits == [0, 1, 1], (waits, slept)


def test_politeness_holds_across_threads(httpserver: HTTPServer) -> None:
    arrivals: list[float] = []

    def handler(request: Request) -> Response:
        arrivals.append(time.monotonic())
        return Response("ok")

    httpserver.expect_request("/t").respond_with_handler(handler)
    url = httpserver.url_for("/t")

    with Fetcher(FetchPolicy(per_host_delay=0.1, allow_private=True)) as shared:
        threads = [threading.Thread(target=shared.get, args=(url,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    gaps = [b - a for a, b in zip(sorted(arrivals), sorted(arrivals)[1:], strict=False)]
    assert len(arrivals) == 3 and min(gaps) >= 0.09


def test_not_a_web_address(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.get("ftp://example.org/feed.xml")
    assert str(caught.value) == ("ftp://example.org/feed.xml: not a web address; "
                                 "write it as http://... or https://...")


def test_connection_refused_is_retried_then_reported(sleeps: list[float]) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"

    with pytest.raises(FetchError) as caught:
        make_fetcher(sleeps, retries=1).get(url)

    message = str(caught.value)
    assert message.startswith(f"{url}: connection failed after 2 tries (")
    assert message.endswith("); check the host name or try again later")
    assert sleeps == [0.01]
