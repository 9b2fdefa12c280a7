"""Fetching safely: private addresses refused (after DNS and after every redirect, on the
address actually connected to), a time cap per response, and no XML entity expansion in feeds.

Every server here is a real one on 127.0.0.1. Addresses outside the loopback range appear only
in the pure classification test: no test ever connects to them, even if the check were broken.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from index.fetch import (
    Fetched,
    Fetcher,
    FetchError,
    FetchPolicy,
    Validators,
    address_problem,
    declares_entities,
    fetch_source,
    read_feed,
    read_page,
)

from .conftest import make_settings

STRICT = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, retries=2, backoff=0.01,
                     per_host_delay=0.0)  # the default: private addresses refused
REFUSED = ("the bot does not fetch private, loopback or link-local addresses "
           "(set FETCH_ALLOW_PRIVATE=true to allow them)")


def port_of(server: HTTPServer) -> int:
    return int(server.port)


def at(server: HTTPServer, path: str) -> str:
    """A URL of the server by its address (``url_for`` says "localhost", refused by name)."""
    return f"http://127.0.0.1:{port_of(server)}{path}"


def only(*ports: int) -> FetchPolicy:
    """The strict policy, with just these ports of 127.0.0.1 allowed (one known service)."""
    return replace(STRICT, allowed_private=frozenset(("127.0.0.1", p) for p in ports))


class Resolver:
    """A resolver answering from a table, remembering what it was asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


# --------------------------------------------------------------------------- classification

@pytest.mark.parametrize(("address", "problem"), [
    ("127.0.0.1", "a loopback address"),
    ("127.8.9.10", "a loopback address"),
    ("::1", "a loopback address"),
    ("10.1.2.3", "a private address"),
    ("172.16.0.1", "a private address"),
    ("192.168.1.1", "a private address"),
    ("fc00::1", "a private address"),
    ("169.254.169.254", "a link-local address"),  # cloud metadata
    ("fe80::1", "a link-local address"),
    ("fe80::1%eth0", "a link-local address"),
    ("0.0.0.0", "an unspecified address"),
    ("::", "an unspecified address"),
    ("224.0.0.1", "a multicast address"),
    ("ff02::1", "a multicast address"),
    ("100.64.0.1", "a shared (carrier-grade NAT) address"),
    ("240.0.0.1", "a private address"),  # reserved, and counted private by Python
    ("255.255.255.255", "a private address"),
    ("198.18.0.1", "a private address"),  # benchmarking
    ("192.0.2.1", "a private address"),  # documentation
    ("2001:db8::1", "a private address"),
    ("::ffff:127.0.0.1", "a loopback address (as 127.0.0.1)"),
    ("::ffff:10.0.0.1", "a private address (as 10.0.0.1)"),
    ("::ffff:169.254.169.254", "a link-local address (as 169.254.169.254)"),
    ("::127.0.0.1", "a loopback address (as 127.0.0.1)"),  # IPv4-compatible
    ("64:ff9b::7f00:1", "a loopback address (as 127.0.0.1)"),  # NAT64
    ("2002:7f00:1::", "a loopback address (as 127.0.0.1)"),  # 6to4
    ("2002:a00:1::", "a private address (as 10.0.0.1)"),
    ("8.8.8.8", None),
    ("93.184.216.34", None),
    ("2606:4700:4700::1111", None),
    ("::ffff:8.8.8.8", None),
    ("not-an-ip", "not an IP address"),
])
def test_address_classification(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


# --------------------------------------------------------------------------- refusals on loopback

def test_a_loopback_url_is_refused_by_default_without_a_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/secret").respond_with_data("internal admin page")
    url = at(httpserver, "/secret")
    sleeps: list[float] = []
    with Fetcher(STRICT, sleep=sleeps.append) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value) == f"{url}: refused: 127.0.0.1 is a loopback address; {REFUSED}"
    assert httpserver.log == [], "nothing may reach the server"
    assert sleeps == [], "a refusal is not retried"


@pytest.mark.parametrize(("host", "said"), [
    ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),  # decimal
    ("017700000001", "017700000001 resolves to 127.0.0.1, a loopback address"),  # octal
    ("0x7f.1", "0x7f.1 resolves to 127.0.0.1, a loopback address"),  # hex, short form
    ("127.1", "127.1 resolves to 127.0.0.1, a loopback address"),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is a loopback address (as 127.0.0.1)"),
    ("[::ffff:7f00:1]", "::ffff:7f00:1 is a loopback address (as 127.0.0.1)"),
    ("localhost", "localhost is a loopback name"),
    ("LocalHost.", "localhost. is a loopback name"),
    ("admin.localhost", "admin.localhost is a loopback name"),
    ("0.0.0.0", "0.0.0.0 is an unspecified address"),
    ("0", "0 resolves to 0.0.0.0, an unspecified address"),
])
def test_odd_spellings_of_local_addresses_are_refused(httpserver: HTTPServer, host: str,
                                                      said: str) -> None:
    httpserver.expect_request("/").respond_with_data("internal")
    url = f"http://{host}:{port_of(httpserver)}/"
    with Fetcher(STRICT) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert f"refused: {said}; " in str(caught.value), caught.value
    assert httpserver.log == []


def test_ipv6_loopback_is_refused() -> None:
    # nothing listens there: a broken check would fail with "connection failed" instead
    with Fetcher(STRICT) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://[::1]:9/")
    assert "refused: ::1 is a loopback address" in str(caught.value)


def test_a_public_looking_name_that_resolves_to_loopback_is_refused(
        httpserver: HTTPServer) -> None:
    httpserver.expect_request("/article").respond_with_data("internal")
    resolver = Resolver({"news.example.com": ["127.0.0.1"]})
    url = f"http://news.example.com:{port_of(httpserver)}/article"
    with Fetcher(STRICT, resolve=resolver) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value) == (f"{url}: refused: news.example.com resolves to 127.0.0.1, "
                                 f"a loopback address; {REFUSED}")
    assert httpserver.log == []


def test_a_name_with_one_private_address_among_others_is_refused(httpserver: HTTPServer) -> None:
    port = port_of(httpserver)
    httpserver.expect_request("/").respond_with_data("page")
    # 127.0.0.1:port is allowed, 127.0.0.2 is not: any bad address refuses the name
    resolver = Resolver({"mixed.example.com": ["127.0.0.1", "127.0.0.2"]})
    with Fetcher(only(port), resolve=resolver) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(f"http://mixed.example.com:{port}/")
    assert "mixed.example.com resolves to 127.0.0.2, a loopback address" in str(caught.value)
    assert httpserver.log == []


def test_the_connection_goes_to_the_address_that_was_checked(httpserver: HTTPServer) -> None:
    """No second DNS lookup (DNS rebinding): the name is resolved once, the checked address is
    connected to, and the Host header still names the site."""
    port = port_of(httpserver)
    httpserver.expect_request("/article").respond_with_data("the article",
                                                            content_type="text/plain")
    resolver = Resolver({"news.example.com": ["127.0.0.1"]})  # unknown to the real DNS
    with Fetcher(only(port), resolve=resolver) as fetcher:
        fetched = fetcher.get(f"http://news.example.com:{port}/article")
    assert fetched.body == b"the article"
    assert resolver.asked == [("news.example.com", port)]
    [(request, _)] = httpserver.log
    assert request.headers["Host"] == f"news.example.com:{port}"


def test_allow_private_lets_loopback_through(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("local page", content_type="text/plain")
    with Fetcher(replace(STRICT, allow_private=True)) as fetcher:
        assert fetcher.get(at(httpserver, "/")).body == b"local page"


# --------------------------------------------------------------------------- HTTPS

@contextmanager
def tls_server(tmp: Path, name: str) -> Iterator[tuple[int, list[str | None], Path]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for ``name``; yields its
    port, the SNI names clients sent, and the certificate (to trust it)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp / f"{name}.pem", tmp / f"{name}.key"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", f"/CN={name}", "-addext",
                    f"subjectAltName=DNS:{name}"], check=True, capture_output=True, timeout=60)
    snis: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def remember_sni(_sock: ssl.SSLObject, sni: str | None, _ctx: ssl.SSLContext) -> None:
        snis.append(sni)

    context.sni_callback = remember_sni

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"secure article for {self.headers['Host']}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], snis, cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_https_keeps_the_name_for_sni_and_the_certificate(tmp_path: Path) -> None:
    """Connected to the checked address, TLS still speaks to (and verifies) the site's name."""
    with tls_server(tmp_path, "news.example.com") as (port, snis, cert):
        resolver = Resolver({"news.example.com": ["127.0.0.1"]})
        trust = ssl.create_default_context(cafile=str(cert))
        with Fetcher(only(port), resolve=resolver, ssl_context=trust) as fetcher:
            fetched = fetcher.get(f"https://news.example.com:{port}/a")
    assert fetched.body == f"secure article for news.example.com:{port}".encode()
    assert snis == ["news.example.com"]


def test_https_refuses_a_certificate_for_another_name(tmp_path: Path) -> None:
    with tls_server(tmp_path, "other.example.org") as (port, _, cert):
        resolver = Resolver({"news.example.com": ["127.0.0.1"]})
        trust = ssl.create_default_context(cafile=str(cert))
        policy = replace(only(port), retries=0)
        with Fetcher(policy, resolve=resolver, ssl_context=trust) as fetcher, \
                pytest.raises(FetchError) as caught:
            fetcher.get(f"https://news.example.com:{port}/a")
    message = str(caught.value)
    assert message.startswith(f"https://news.example.com:{port}/a: connection failed"), message
    assert "Hostname mismatch" in message or "certificate" in message.lower(), message


# --------------------------------------------------------------------------- redirects

@pytest.fixture
def second_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_a_redirect_to_a_private_address_is_refused(httpserver: HTTPServer,
                                                    second_server: HTTPServer) -> None:
    """The first server is allowed (a known local service); it redirects to another one on
    127.0.0.1 that is not: the redirect target is refused and never asked."""
    second_server.expect_request("/internal").respond_with_data("internal secrets")
    target = at(second_server, "/internal")
    httpserver.expect_request("/feed.xml").respond_with_data(
        "", status=302, headers={"Location": target})
    url = at(httpserver, "/feed.xml")
    with Fetcher(only(port_of(httpserver))) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value) == (f"{url}: refused (redirected to {target}): 127.0.0.1 is a "
                                 f"loopback address; {REFUSED}")
    assert len(httpserver.log) == 1
    assert second_server.log == []


def test_a_redirect_to_a_name_resolving_to_a_private_address_is_refused(
        httpserver: HTTPServer, second_server: HTTPServer) -> None:
    second_server.expect_request("/meta-data").respond_with_data("credentials")
    first, second = port_of(httpserver), port_of(second_server)
    target = f"http://metadata.example.net:{second}/meta-data"
    httpserver.expect_request("/page").respond_with_data(
        "", status=301, headers={"Location": target})
    resolver = Resolver({"site.example.com": ["127.0.0.1"],
                         "metadata.example.net": ["127.0.0.1"]})
    url = f"http://site.example.com:{first}/page"
    with Fetcher(only(first), resolve=resolver) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert (f"refused (redirected to {target}): metadata.example.net resolves to 127.0.0.1, a "
            "loopback address") in str(caught.value)
    assert second_server.log == []
    assert resolver.asked == [("site.example.com", first), ("metadata.example.net", second)]


def test_allowed_redirects_still_work(httpserver: HTTPServer, second_server: HTTPServer) -> None:
    second_server.expect_request("/final").respond_with_data("final", content_type="text/plain")
    httpserver.expect_request("/start").respond_with_data(
        "", status=307, headers={"Location": at(second_server, "/final")})
    policy = only(port_of(httpserver), port_of(second_server))
    with Fetcher(policy) as fetcher:
        fetched = fetcher.get(at(httpserver, "/start"))
    assert (fetched.url, fetched.body) == (at(second_server, "/final"), b"final")


def test_feed_articles_on_private_addresses_are_refused_one_by_one(
        httpserver: HTTPServer, second_server: HTTPServer) -> None:
    """A public feed cannot send the bot to internal pages: each such article is refused, the
    others are read."""
    second_server.expect_request("/admin").respond_with_data("internal")
    internal = at(second_server, "/admin")
    public = at(httpserver, "/story")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
            f'<item><title>Internal</title><link>{internal}</link></item>'
            f'<item><title>Story</title><link>{public}</link></item></channel></rss>')
    httpserver.expect_request("/feed.xml").respond_with_data(feed,
                                                             content_type="application/rss+xml")
    httpserver.expect_request("/story").respond_with_data(
        "Acme Corp will cut 500 jobs, the company said on Tuesday.", content_type="text/plain")
    with Fetcher(only(port_of(httpserver))) as fetcher:
        result = fetch_source(fetcher, at(httpserver, "/feed.xml"), {})
    assert [doc.source for doc in result.docs] == [public]
    [error] = result.errors
    assert str(error) == f"{internal}: refused: 127.0.0.1 is a loopback address; {REFUSED}"
    assert second_server.log == []


# --------------------------------------------------------------------------- time cap

@contextmanager
def trickling_server(head: bytes, body: bytes, *, every: float = 0.2
                     ) -> Iterator[tuple[int, list[bytes], list[bool]]]:
    """A raw HTTP server on 127.0.0.1 that sends ``head`` at once, then ``body`` one byte every
    ``every`` seconds (bounded: it stops at the end of the body or when the test ends).
    Yields its port, the requests it got, and one flag per request: whether it sent it all."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(15)
    port = listener.getsockname()[1]
    requests: list[bytes] = []
    completed: list[bool] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    requests.append(conn.recv(65536))
                    completed.append(False)
                    conn.sendall(head)
                    for byte in body:
                        if stop.wait(every):
                            return
                        conn.sendall(bytes([byte]))
                    completed[-1] = True
                except OSError:
                    continue  # the client hung up: wait for another connection

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port, requests, completed
    finally:
        stop.set()
        listener.close()
        thread.join(10)


def trickle_policy(port: int) -> FetchPolicy:
    # each byte comes well within the read timeout: only the total cap can stop it
    return replace(only(port), read_timeout=5.0, max_seconds=1.0)


def test_a_body_trickled_a_byte_at_a_time_is_cut_off() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n"
    with trickling_server(head, b"x" * 200) as (port, requests, completed):
        url = f"http://127.0.0.1:{port}/slow"
        with Fetcher(trickle_policy(port)) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.get(url)
    assert completed == [False], "cut off while the server was still sending"
    assert str(caught.value) == (f"{url}: no complete answer within 1 s; the site is too slow "
                                 "or trickles its answer, try later or raise FETCH_MAX_SECONDS")
    assert len(requests) == 1, "a response over the time cap is not retried"


def test_headers_trickled_a_byte_at_a_time_are_cut_off() -> None:
    head = b"HTTP/1.1 200 OK\r\n"
    # no body: only a cap on the connection itself can stop this one
    trickle = b"X-Padding: " + b"a" * 200 + b"\r\nContent-Length: 0\r\n\r\n"
    with trickling_server(head, trickle) as (port, requests, completed):
        url = f"http://127.0.0.1:{port}/slow-headers"
        with Fetcher(trickle_policy(port)) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.get(url)
    assert completed == [False], "cut off while the headers were still coming"
    assert "no complete answer within 1 s" in str(caught.value)
    assert str(caught.value).startswith(url)
    assert len(requests) == 1


def test_the_time_cap_names_the_redirect_target(httpserver: HTTPServer) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
    with trickling_server(head, b"y" * 100) as (port, _, completed):
        target = f"http://127.0.0.1:{port}/slow"
        httpserver.expect_request("/moved").respond_with_data(
            "", status=301, headers={"Location": target})
        policy = replace(trickle_policy(port), allowed_private=frozenset(
            {("127.0.0.1", port), ("127.0.0.1", port_of(httpserver))}))
        with Fetcher(policy) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.get(at(httpserver, "/moved"))
    assert f"no complete answer within 1 s (at {target})" in str(caught.value)
    assert completed == [False]


def test_a_prompt_answer_is_not_affected_by_the_cap(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("quick", content_type="text/plain")
    policy = replace(only(port_of(httpserver)), max_seconds=1.0)
    with Fetcher(policy) as fetcher:
        for _ in range(3):  # a kept-alive connection carries no deadline over
            assert fetcher.get(at(httpserver, "/")).body == b"quick"


# --------------------------------------------------------------------------- XML entities

LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))


def billion_laughs(prefix: str = "") -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{prefix}<!ENTITY lol0 "lol">\n{LAUGHS}]>\n'
            '<rss version="2.0"><channel><title>Laughs</title>'
            '<item><title>&lol9;</title><link>https://news.example.com/a</link>'
            '<description>&lol9;</description></item></channel></rss>')


def xxe(secret: Path) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>'
            '\n<rss version="2.0"><channel><title>Feed</title><item><title>Cuts &xxe;</title>'
            '<link>https://news.example.com/a</link><description>Read: &xxe;</description>'
            '</item></channel></rss>')


def as_fetched(body: bytes, content_type: str = "application/rss+xml") -> Fetched:
    return Fetched("https://news.example.com/feed.xml", 200, content_type, body, Validators(),
                   not_modified=False)


ENTITY_REFUSAL = ("https://news.example.com/feed.xml: the feed declares XML entities "
                  "(<!ENTITY ...>), which the bot never expands (entity-expansion and "
                  "external-entity attacks); ask the publisher for a plain feed or remove the "
                  "source")


@pytest.mark.parametrize("prefix", [
    "",
    # an entity whose value holds "<" keeps feedparser from stripping the DOCTYPE: this one
    # would otherwise reach expat whole (only expat's amplification limit would stop it)
    '<!ENTITY tag "<b>bold</b>">\n',
], ids=["plain", "feedparser-bypass"])
def test_billion_laughs_is_refused_quickly_and_small(prefix: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            read_feed(as_fetched(billion_laughs(prefix).encode()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == ENTITY_REFUSAL
    assert peak < 5_000_000, f"{peak} bytes at peak: the entities were expanded"


@pytest.mark.parametrize(("encoding", "content_type"), [
    ("utf-16", "application/rss+xml"),
    ("utf-32", "application/xml"),
    ("utf-7", "application/xml; charset=utf-7"),
    ("cp037", "application/xml"),  # EBCDIC, which feedparser sniffs
])
def test_entities_are_found_in_any_encoding_feedparser_reads(encoding: str,
                                                             content_type: str) -> None:
    document = billion_laughs().replace('<?xml version="1.0"?>',
                                        f'<?xml version="1.0" encoding="{encoding}"?>')
    body = document.encode(encoding)
    if encoding == "utf-7":  # Python writes "<" as itself; UTF-7 may also write it "+ADw-"
        body = body.replace(b"<", b"+ADw-")
        assert body.decode("utf-7") == document
    assert b"<!ENTITY" not in body
    assert declares_entities(body, content_type)
    with pytest.raises(FetchError, match="declares XML entities"):
        read_feed(as_fetched(body, content_type))


def test_an_external_entity_never_reads_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    with pytest.raises(FetchError) as caught:
        read_feed(as_fetched(xxe(secret).encode()))
    assert str(caught.value) == ENTITY_REFUSAL
    assert "TOP-SECRET" not in str(caught.value)


def test_an_external_entity_feed_over_http_brings_no_article(httpserver: HTTPServer,
                                                             tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    httpserver.expect_request("/feed.xml").respond_with_data(
        xxe(secret), content_type="application/rss+xml")
    url = at(httpserver, "/feed.xml")
    with Fetcher(only(port_of(httpserver))) as fetcher, \
            pytest.raises(FetchError, match="declares XML entities") as caught:
        fetch_source(fetcher, url, {})
    assert "TOP-SECRET" not in str(caught.value)
    assert len(httpserver.log) == 1, "no article link of the feed was followed"


def test_a_feed_with_a_plain_doctype_is_still_read() -> None:
    feed = ('<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
            '0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">'
            '<channel><title>Old feed</title><item><title>Acme cuts 500 jobs</title>'
            '<link>https://news.example.com/acme</link></item></channel></rss>')
    entries = read_feed(as_fetched(feed.encode()))
    assert [(e.title, e.url) for e in entries] == [("Acme cuts 500 jobs",
                                                   "https://news.example.com/acme")]


def test_a_page_never_expands_entities_or_reads_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    page = (f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">\n'
            f'<!ENTITY lol0 "lol">\n{LAUGHS}]>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><title>Acme cuts 500 jobs</title></head><body><article>'
            '<h1>Acme cuts 500 jobs</h1><p>Acme Corp said on Tuesday it would cut 500 jobs, '
            'about 5% of its staff, as demand slowed. &xxe; &lol9; The company said the cuts '
            'would be completed over the coming weeks and that affected employees would '
            'receive severance pay.</p><p>Acme Corp employs about 10,000 people worldwide, '
            'according to its annual report published earlier this year.</p></article></body>'
            '</html>')
    for content_type in ("application/xhtml+xml", "text/html", "application/xml"):
        doc = read_page(Fetched("https://news.example.com/acme", 200, content_type,
                                page.encode(), Validators(), not_modified=False))
        assert "cut 500 jobs" in doc.text
        assert "TOP-SECRET" not in doc.text and "lollol" not in doc.text


# --------------------------------------------------------------------------- settings, end to end

def test_the_engine_applies_fetch_allow_private_and_fetch_max_seconds(
        fresh_engine: object, httpserver: HTTPServer) -> None:
    from index.engine import Engine

    engine = fresh_engine
    assert isinstance(engine, Engine)
    httpserver.expect_request("/page").respond_with_data("never read")
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
    with trickling_server(head, b"z" * 100) as (port, requests, completed):
        page = engine.registry.add(at(httpserver, "/page"), name="local")  # the CLI's way
        slow = engine.registry.add(f"http://127.0.0.1:{port}/slow", name="slow")
        engine.settings = engine.settings.model_copy(update={"fetch_delay_seconds": 0})
        engine.reindex()
        status: Callable[[int], str] = lambda i: engine.registry.get(i).last_status or ""  # type: ignore[union-attr]  # noqa: E731
        assert status(page.id) == ("failed: refused: 127.0.0.1 is a loopback address; "
                                   f"{REFUSED}")
        assert status(slow.id).startswith("failed: refused: 127.0.0.1")
        assert httpserver.log == [] and requests == []

        engine.settings = engine.settings.model_copy(
            update={"fetch_allow_private": True, "fetch_max_seconds": 1.0})
        engine.reindex()
        assert status(slow.id).startswith("failed: no complete answer within 1 s")
        assert len(requests) == 1 and completed == [False]
        assert "refused" not in status(page.id)


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("FETCH_MAX_SECONDS", "2.5")
    settings = make_settings(tmp_path)
    assert settings.fetch_allow_private is True and settings.fetch_max_seconds == 2.5
