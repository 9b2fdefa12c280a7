"""Fetch articles and feeds over HTTP: politely, bounded, with retries and conditional requests.

:class:`Fetcher` does one GET (redirects, retries, size and time caps, per-host delay, ``ETag`` /
``Last-Modified``). It refuses private, loopback, link-local and other non-public addresses
unless the policy allows them: the check is made on every address the host name resolves to,
at connection time, for the first request and after every redirect, and the connection goes to
the address that was checked (no second DNS lookup an attacker could answer differently).
:func:`read_page` turns a fetched page into a :class:`~index.ingest.RawDoc`
(HTML through :func:`index.ingest.read_html`), :func:`read_feed` reads an RSS/Atom feed and
:func:`fetch_source` does both for one source URL, collecting per-article failures.
Every failure is a :class:`FetchError` whose message is one line: the URL, what happened and
what to do about it.
"""

from __future__ import annotations

import codecs
import html
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from index.ingest import IngestError, RawDoc, read_html

if TYPE_CHECKING:
    from index.config import Settings

log = logging.getLogger(__name__)

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
SOURCE_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                 "application/rdf+xml;q=0.9,application/xml;q=0.8,text/plain;q=0.7,*/*;q=0.5")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is capped, the run must go on


@dataclass(frozen=True)
class FetchPolicy:
    """How the fetcher behaves. The caps a user can meet have a setting, named in the messages
    (:meth:`from_settings`): ``max_bytes`` FETCH_MAX_MB, ``per_host_delay``
    FETCH_DELAY_SECONDS, ``max_seconds`` FETCH_MAX_SECONDS, ``max_feed_items`` FEED_MAX_ITEMS,
    ``allow_private`` FETCH_ALLOW_PRIVATE."""

    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # per read of the socket, not for the whole body
    retries: int = 2  # on 5xx, 429, timeouts and connection errors, with exponential backoff
    backoff: float = 0.5  # seconds before the first retry, doubled for each later one
    max_bytes: int = 5_000_000  # body size cap, enforced while streaming
    max_redirects: int = 5
    per_host_delay: float = 1.0  # minimum seconds between two requests to the same host
    max_seconds: float = 60.0  # the longest one response may take, connection and body included
    max_feed_items: int = 50  # a feed's articles read in one run, in feed order
    # Private, loopback, link-local, multicast, reserved... addresses are refused unless allowed.
    allow_private: bool = False
    # (address, port) pairs allowed even when allow_private is False: one known local service.
    allowed_private: frozenset[tuple[str, int]] = frozenset()
    user_agent: str = "layoffs-bot/0.1 (+https://github.com/layoffs-bot/layoffs-bot; news indexer)"

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        """The policy the settings ask for (the other fields keep their defaults)."""
        return cls(per_host_delay=settings.fetch_delay_seconds,
                   allow_private=settings.fetch_allow_private,
                   max_seconds=settings.fetch_max_seconds,
                   max_bytes=int(settings.fetch_max_mb * 1_000_000),
                   max_feed_items=settings.feed_max_items)


DEFAULT_POLICY = FetchPolicy()


@dataclass(frozen=True)
class Validators:
    """What a server said about a response, to ask next time whether it changed."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready form, with only the validators that are set."""
        out: dict[str, str] = {}
        if self.etag:
            out["etag"] = self.etag
        if self.last_modified:
            out["last_modified"] = self.last_modified
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Validators:
        etag, modified = data.get("etag"), data.get("last_modified")
        return cls(etag=str(etag) if etag else None,
                   last_modified=str(modified) if modified else None)


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int  # 2xx, or 304 when not modified
    content_type: str  # the Content-Type header as sent, parameters included ("" if none)
    body: bytes  # empty for 304
    validators: Validators  # from the response, to store for the next run
    not_modified: bool


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published: date | None
    summary: str  # plain text


@dataclass(frozen=True)
class FetchResult:
    docs: list[RawDoc]
    errors: list[FetchError]
    not_modified: bool  # the source itself answered 304: nothing was read
    # requested URL -> validators to store for the next run (the source and every article that
    # was read or answered 304; articles that failed are left out so they are retried)
    validators: dict[str, Validators]
    unchanged: list[str] = field(default_factory=list)  # article URLs that answered 304
    left_out: int = 0  # a feed's entries beyond FEED_MAX_ITEMS, not read this run


class FetchError(Exception):
    """A URL that could not be fetched or read: ``'<url>: <what happened>; <what to do>'``."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class _Answer:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes


class _Retryable(Exception):
    """One failed try that may succeed if tried again."""

    def __init__(self, what: str, advice: str, detail: str = "",
                 retry_after: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.advice = advice
        self.detail = detail
        self.retry_after = retry_after

    def reason(self, tries: int, where: str) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.what}{where} after {_plural(tries, 'try', 'tries')}{detail}; {self.advice}"


class Fetcher:
    """Sync HTTP GETs for indexing; thread-safe (the per-host delay is shared by all threads).

    The address check and the time cap live in the fetcher's own HTTP client: a ``client``
    passed in is used as it is (the size cap and the body's time cap still apply).
    ``resolve(host, port)`` gives the addresses to check and connect to (tests replace it);
    ``ssl_context`` replaces the default certificate checks (certifi's CAs), e.g. for a
    private CA.
    """

    def __init__(
        self,
        policy: FetchPolicy = DEFAULT_POLICY,
        client: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        resolve: Callable[[str, int], list[str]] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.policy = policy
        self._owns_client = client is None
        if client is None:
            # An explicit transport: proxy variables from the environment are not used, so
            # the connection is always made, and checked, by the guarded backend.
            guard = _Guard(policy, resolve or resolve_host)
            client = httpx.Client(transport=_GuardedTransport(guard, ssl_context),
                                  follow_redirects=False)
        self._client = client
        self._timeout = httpx.Timeout(connect=policy.connect_timeout, read=policy.read_timeout,
                                      write=policy.read_timeout, pool=policy.connect_timeout)
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this fetcher created it."""
        if self._owns_client:
            self._client.close()

    def get(self, url: str, validators: Validators | None = None, *,
            accept: str = SOURCE_ACCEPT) -> Fetched:
        """GET ``url``, following redirects; 304 when ``validators`` show it did not change.

        Raises :class:`FetchError` for anything but a 2xx or 304 answer.
        """
        _check_web_url(url, url)
        headers = {"User-Agent": self.policy.user_agent, "Accept": accept}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        chain = [url]
        while True:
            answer = self._send(url, chain[-1], headers)
            status = answer.status
            if status in REDIRECTS:
                chain.append(self._redirect_target(url, chain, answer))
                continue
            if status == 304:
                sent = validators or Validators()
                new = _validators(answer.headers)
                return Fetched(answer.url, 304, answer.headers.get("content-type", ""), b"",
                               Validators(new.etag or sent.etag,
                                          new.last_modified or sent.last_modified),
                               not_modified=True)
            if 200 <= status < 300:
                log.debug("fetched %s (%d, %d bytes)", answer.url, status, len(answer.body))
                return Fetched(answer.url, status, answer.headers.get("content-type", ""),
                               answer.body, _validators(answer.headers), not_modified=False)
            raise FetchError(url, _status_reason(status, answer.url, url))

    def _redirect_target(self, url: str, chain: list[str], answer: _Answer) -> str:
        location = answer.headers.get("location", "").strip()
        if not location:
            raise FetchError(url, f"HTTP {answer.status} redirect without a Location header; "
                                  "the site is broken, remove the source")
        target = urljoin(answer.url, location)
        _check_web_url(url, target, redirect=True)
        if target in chain:
            loop = " -> ".join([*chain[chain.index(target):], target])
            raise FetchError(url, f"redirect loop ({loop}); check the URL or remove the source")
        if len(chain) > self.policy.max_redirects:
            raise FetchError(url, f"more than {self.policy.max_redirects} redirects "
                                  f"(last to {target}); check the URL or remove the source")
        log.debug("%s redirects (%d) to %s", answer.url, answer.status, target)
        return target

    def _send(self, url: str, target: str, headers: dict[str, str]) -> _Answer:
        """One request with retries; ``url`` is the one the caller asked for (for messages)."""
        tries = self.policy.retries + 1
        host = (urlsplit(target).hostname or "").lower()
        where = "" if target == url else f" (at {target})"
        for attempt in range(1, tries + 1):
            self._wait_turn(host)
            try:
                return self._once(url, target, headers)
            except _Retryable as err:
                if attempt == tries:
                    raise FetchError(url, err.reason(tries, where)) from err
                delay = self.policy.backoff * 2 ** (attempt - 1)
                if err.retry_after is not None:
                    delay = max(delay, min(err.retry_after, MAX_RETRY_AFTER))
                log.info("%s: try %d of %d failed (%s); retrying in %.2f s", target, attempt,
                         tries, err.what, delay)
                if delay > 0:
                    self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_turn(self, host: str) -> None:
        """Sleep until ``host`` may be asked again; other hosts are not held up."""
        delay = self.policy.per_host_delay
        if delay <= 0:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + delay
        if slot > now:
            self._sleep(slot - now)

    def _once(self, url: str, target: str, headers: dict[str, str]) -> _Answer:
        policy = self.policy
        deadline = time.monotonic() + policy.max_seconds
        _DEADLINE.at = deadline
        try:
            return self._request(url, target, headers, deadline)
        except _Refused as err:
            where = "" if target == url else f" (redirected to {target})"
            raise FetchError(url, f"refused{where}: {err}; the bot does not fetch private, "
                                  "loopback or link-local addresses (set "
                                  "FETCH_ALLOW_PRIVATE=true to allow them)") from None
        except _TooSlow:
            raise FetchError(url, self._too_slow(url, target)) from None
        except httpx.TimeoutException as err:
            if time.monotonic() >= deadline:
                raise FetchError(url, self._too_slow(url, target)) from err
            raise
        finally:
            _DEADLINE.at = None

    def _too_slow(self, url: str, target: str) -> str:
        where = "" if target == url else f" (at {target})"
        return (f"no complete answer within {self.policy.max_seconds:g} s{where}; the site is "
                "too slow or trickles its answer, try later or raise FETCH_MAX_SECONDS")

    def _request(self, url: str, target: str, headers: dict[str, str],
                 deadline: float) -> _Answer:
        policy = self.policy
        try:
            with self._client.stream("GET", target, headers=headers, timeout=self._timeout,
                                     follow_redirects=False) as response:
                status = response.status_code
                if status >= 500 or status == 429:
                    raise _Retryable(
                        f"HTTP {status} {_phrase(response)}",
                        "the site is rate-limiting the bot, raise FETCH_DELAY_SECONDS or try "
                        "later"
                        if status == 429 else "the site is failing, try again later",
                        retry_after=_retry_after(response.headers.get("retry-after")))
                body = b""
                if 200 <= status < 300:
                    body = self._read_capped(url, target, response, deadline)
                return _Answer(str(response.url), status, response.headers, body)
        except httpx.TimeoutException as err:
            if time.monotonic() >= deadline:
                raise
            kind, seconds = (("connect", policy.connect_timeout)
                             if isinstance(err, httpx.ConnectTimeout | httpx.PoolTimeout)
                             else ("read", policy.read_timeout))
            raise _Retryable("timed out", "the site is slow or down, try again later",
                             f"{kind} timeout {seconds:g} s") from err
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise _Retryable("connection failed", "check the host name or try again later",
                             _detail(err)) from err
        except httpx.DecodingError as err:
            raise FetchError(url, f"the response could not be decoded ({_detail(err)}); "
                                  "the site is broken, remove the source") from err
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise FetchError(url, f"request failed ({type(err).__name__}: {_detail(err)}); "
                                  "check the URL") from err

    def _read_capped(self, url: str, target: str, response: httpx.Response,
                     deadline: float) -> bytes:
        cap = self.policy.max_bytes
        where = "" if target == url else f" (at {target})"
        advice = "not an article page; remove the source or raise FETCH_MAX_MB"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"larger than {_size(cap)}{where} "
                                  f"(Content-Length {_size(int(declared))}); {advice}")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > cap:
                # leaving the stream closes the connection: the rest is never downloaded
                raise FetchError(url, f"larger than {_size(cap)}{where}; {advice}")
            if time.monotonic() > deadline:  # also for a client passed in, without the backend
                raise _TooSlow
        return bytes(body)


# --- address checks and the guarded connection --------------------------------------------

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def address_problem(address: str) -> str | None:
    """Why the bot may not connect to ``address`` by default (e.g. ``"a loopback address"``),
    or None for a public address. IPv4 addresses inside IPv6 ones (mapped, compatible, NAT64,
    6to4, Teredo) are judged as the IPv4 address they carry."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(str(inner))
            return f"{problem} (as {inner})" if problem else None
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # IPv4-compatible ::a.b.c.d (deprecated)
        return ipaddress.IPv4Address(int(ip))
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal in any spelling gives itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal(url: str, policy: FetchPolicy = DEFAULT_POLICY,
            resolve: Callable[[str, int], list[str]] = resolve_host) -> str | None:
    """Why ``url``'s host would be refused now (``"127.0.0.1 is a loopback address"``), or
    None. A name that does not resolve is not refused here: fetching will say what happened.
    The fetcher checks again at every connection; this is for an early, friendly answer."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return None
    try:
        _Guard(policy, resolve).addresses(parts.hostname or "", port)
    except _Refused as err:
        return str(err)
    except httpcore.ConnectError:
        return None
    return None


class _Refused(Exception):
    """A connection the policy does not allow; the message says to what and why."""


class _TooSlow(Exception):
    """The response's time cap ran out."""


_DEADLINE = threading.local()  # .at: monotonic time by which the current response must be done


def _within_deadline(timeout: float | None) -> float | None:
    """``timeout``, shortened to what is left of the current response's time cap."""
    at = getattr(_DEADLINE, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise _TooSlow
    return left if timeout is None else min(timeout, left)


@dataclass(frozen=True)
class _Guard:
    policy: FetchPolicy
    resolve: Callable[[str, int], list[str]]

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``; raises :class:`_Refused` if any of them is
        not allowed (a name that also resolves to a private address is refused whole)."""
        name = host.strip("[]").lower()
        if not self.policy.allow_private and (
                name.rstrip(".") == "localhost" or name.rstrip(".").endswith(".localhost")):
            raise _Refused(f"{host} is a loopback name")
        try:
            found = self.resolve(name, port)
        except (OSError, UnicodeError) as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from err
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        if self.policy.allow_private:
            return found
        for address in found:
            problem = address_problem(address)
            if problem and (address, port) not in self.policy.allowed_private:
                said = f"{host} is" if _same_address(name, address) else \
                    f"{host} resolves to {address},"
                raise _Refused(f"{said} {problem}")
        return found


def _same_address(host: str, address: str) -> bool:
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write stops at the current response's time cap."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within_deadline(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_deadline(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # server_hostname is the URL's host: SNI and certificate checks are for the name
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     _within_deadline(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves once, checks every address, then connects to a checked address."""

    def __init__(self, guard: _Guard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                    ) -> httpcore.NetworkStream:
        failure: Exception | None = None
        for address in self._guard.addresses(host, port):
            try:
                stream = self._inner.connect_tcp(address, port, _within_deadline(timeout),
                                                 local_address, socket_options)
            except httpcore.ConnectError as err:  # try the next address, as a browser would
                failure = err
                continue
            return _DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                            ) -> httpcore.NetworkStream:
        raise _Refused(f"unix socket {path}")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, on a connection pool that connects through :class:`_Guard`."""

    def __init__(self, guard: _Guard, ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__()
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20,
                              keepalive_expiry=5.0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(guard),
        )


def read_page(fetched: Fetched) -> RawDoc:
    """The article in a fetched page: HTML (through ``read_html``) or plain text.

    ``source`` is the final URL; ``meta["url"]`` is the page's canonical URL, else the final
    URL. Raises :class:`FetchError` for anything that is not an article page.
    """
    url = fetched.url
    if fetched.not_modified:
        raise FetchError(url, "not modified since the last run (HTTP 304); nothing to read")
    media = _media_type(fetched.content_type)
    body = fetched.body
    if not body.strip():
        raise FetchError(url, "empty page; check the URL or remove the source")
    first = _first_tag(body)
    if media in HTML_TYPES or (first in {"html", "head", "body", "!doctype"}
                               and (media in UNTYPED or media.endswith("xml"))):
        text = decode_body(body, fetched.content_type)
        try:
            raw = read_html(text.encode("utf-8"), url)
        except IngestError as err:
            raise FetchError(url, str(err)) from err
        if not raw.meta.get("url"):
            raw = replace(raw, meta={**raw.meta, "url": url})
        return raw
    if media in TEXT_TYPES or (media == "" and b"\x00" not in body[:8192]):
        text = decode_body(body, fetched.content_type).strip()
        return RawDoc(text, url, {"url": url}, plain=True)
    shown = media or "none"
    raise FetchError(url, f"not an article page (content-type {shown}); "
                          "point the source at an HTML page or an RSS/Atom feed")


def read_feed(fetched: Fetched) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed that link to a web page, in feed order, without repeats."""
    import feedparser

    url = fetched.url
    headers = {"content-type": fetched.content_type or "application/xml",
               "content-location": url}
    if declares_entities(fetched.body, headers["content-type"]):
        raise FetchError(url, "the feed declares XML entities (<!ENTITY ...>), which the bot "
                              "never expands (entity-expansion and external-entity attacks); "
                              "ask the publisher for a plain feed or remove the source")
    parsed = feedparser.parse(fetched.body, response_headers=headers)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        link = _entry_link(item, url)
        if link is None:
            log.debug("%s: feed entry without a link skipped (%s)", url, item.get("title", ""))
            continue
        if link in seen:
            continue
        seen.add(link)
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(FeedEntry(
            url=link,
            title=_squash(html.unescape(str(item.get("title", "")))),
            published=_entry_date(stamp),
            summary=_html_to_text(str(item.get("summary", ""))),
        ))
    if parsed.get("bozo") and not entries:
        raise FetchError(url, f"not a valid RSS/Atom feed ({_bozo(parsed.get('bozo_exception'))});"
                              " check the feed URL")
    if parsed.get("bozo"):
        log.warning("%s: feed has errors (%s); read %d entries anyway", url,
                    _bozo(parsed.get("bozo_exception")), len(entries))
    return entries


_ENTITY_DECL = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


def declares_entities(body: bytes, content_type: str = "application/xml") -> bool:
    """Whether an XML document declares entities, in any encoding feedparser would read it in.

    feedparser strips most declarations itself, but not all (an entity whose value holds a
    ``<`` keeps the whole DOCTYPE), and then expat expands internal entities (billion laughs,
    bounded only by the expat version's amplification limit). The bot refuses them all.
    """
    if _ENTITY_DECL.search(body.replace(b"\x00", b"")):  # ASCII-compatible, UTF-16, UTF-32
        return True
    texts = [decode_body(body, content_type).encode("utf-8", "replace")]
    try:  # what feedparser hands to expat: EBCDIC, UTF-7 and the other encodings it reads
        from feedparser.encodings import convert_to_utf8

        texts.append(convert_to_utf8({"content-type": content_type}, body, {}))
    except Exception as err:  # an encoding feedparser cannot read either
        log.debug("feed encoding check: %s", err)
    return any(_ENTITY_DECL.search(text) for text in texts)


def fetch_source(fetcher: Fetcher, url: str, state: Mapping[str, Validators], *,
                 max_articles: int | None = None) -> FetchResult:
    """Fetch one source: an article page, or a feed and (up to ``max_articles`` of) its articles.

    ``max_articles``: by default the policy's ``max_feed_items`` (FEED_MAX_ITEMS); a feed cut
    there says so in one warning line naming the setting, and in ``left_out``.

    ``state`` maps URLs to the validators of the previous run: unchanged pages cost a 304 and
    no parsing. A source that cannot be fetched or read raises :class:`FetchError`; articles of
    a feed that fail are collected in ``errors`` and the others are still read.
    """
    fetched = fetcher.get(url, state.get(url), accept=SOURCE_ACCEPT)
    validators = {url: fetched.validators}
    if fetched.not_modified:
        log.info("%s: not modified since the last run", url)
        return FetchResult([], [], True, validators)
    if not is_feed(fetched):
        return FetchResult([read_page(fetched)], [], False, validators)
    entries = read_feed(fetched)
    cap = fetcher.policy.max_feed_items if max_articles is None else max_articles
    left_out = max(0, len(entries) - cap)
    if left_out:
        log.warning("%s: the feed lists %d articles, only the first %d were read "
                    "(FEED_MAX_ITEMS=%d); raise FEED_MAX_ITEMS to read them all", url,
                    len(entries), cap, cap)
        entries = entries[:cap]
    docs: list[RawDoc] = []
    errors: list[FetchError] = []
    unchanged: list[str] = []
    for entry in entries:
        try:
            page = fetcher.get(entry.url, state.get(entry.url), accept=PAGE_ACCEPT)
            if page.not_modified:
                unchanged.append(entry.url)
            else:
                docs.append(_with_entry(read_page(page), entry))
        except FetchError as err:
            log.info("%s", err)  # returned in errors: the caller reports it, once
            errors.append(err)
            continue
        validators[entry.url] = page.validators
    log.info("%s: %d articles read, %d unchanged, %d failed", url, len(docs), len(unchanged),
             len(errors))
    return FetchResult(docs, errors, False, validators, unchanged, left_out)


def is_feed(fetched: Fetched) -> bool:
    """Whether a response is an RSS/Atom feed: by content type, else by its root element."""
    return (_media_type(fetched.content_type) in FEED_TYPES
            or _first_tag(fetched.body) in FEED_ROOTS)


def decode_body(body: bytes, content_type: str = "") -> str:
    """Text from bytes: the header charset, else the in-document one, else UTF-8, else a guess.

    A declared charset that does not decode the bytes is ignored (pages often lie). A page
    declared as ISO-8859-1/Windows-1252 that is valid UTF-8 with non-ASCII bytes is read as
    UTF-8. Undeclared non-UTF-8 bytes are read as Windows-1252 (the common legacy encoding of
    the bot's Latin-script languages), then by charset_normalizer, then with replacements.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    for declared in (_header_charset(content_type), _document_charset(body)):
        codec = _codec(declared)
        if codec is None:
            continue
        if codec == "cp1252" and not body.isascii() and _decodes(body, "utf-8"):
            return body.decode("utf-8")
        if _decodes(body, codec):
            return body.decode(codec)
        log.debug("declared charset %s does not decode the body; guessing", declared)
    for codec in ("utf-8", "cp1252"):
        if _decodes(body, codec):
            return body.decode(codec)
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best)
    return body.decode("cp1252", errors="replace")


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _codec(charset: str | None) -> str | None:
    """The Python codec for a declared charset; the WHATWG reading of Latin-1 as Windows-1252."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii", "cp1252"} else name


_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\sencoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)


def _header_charset(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _document_charset(body: bytes) -> str | None:
    head = body[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype(?!\s+html)[^>]*>)",
                     re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"\s*<(!doctype|[a-z][\w:.-]*)", re.IGNORECASE)


def _first_tag(body: bytes) -> str:
    """The name of the first element (or ``!doctype`` for an HTML doctype), lowercased."""
    head = body[:4096].removeprefix(codecs.BOM_UTF8)
    pos = 0
    while (prolog := _PROLOG.match(head, pos)) is not None:
        pos = prolog.end()
    match = _FIRST_TAG.match(head, pos)
    return match.group(1).decode("ascii").lower() if match else ""


def _validators(headers: httpx.Headers) -> Validators:
    return Validators(etag=headers.get("etag") or None,
                      last_modified=headers.get("last-modified") or None)


def _status_reason(status: int, at: str, url: str) -> str:
    where = "" if at == url else f" (at {at})"
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "error"
    first = f"HTTP {status} {phrase}{where}"
    if status in (401, 403):
        return f"{first}; the site refuses the bot, remove the source"
    if status == 410:
        return f"{first}; the page was removed, remove the source"
    if status == 404:
        return f"{first}; check the URL or remove the source"
    return f"{first}; check the URL"


def _phrase(response: httpx.Response) -> str:
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return response.reason_phrase or "error"


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None  # the HTTP-date form is rare; the backoff applies


def _check_web_url(url: str, target: str, *, redirect: bool = False) -> None:
    parts = urlsplit(target)
    if parts.scheme.lower() in ("http", "https") and parts.hostname:
        return
    if redirect:
        raise FetchError(url, f"redirects to {target}, not a web address; remove the source")
    raise FetchError(url, "not a web address; write it as http://... or https://...")


def _entry_date(stamp: Any) -> date | None:
    """An entry's day from feedparser's parsed time; an impossible one (year 0) is no date."""
    try:
        day = date(*stamp[:3]) if stamp else None
    except (TypeError, ValueError):
        return None
    return day if day is not None and 1900 <= day.year <= 2100 else None


def _entry_link(item: Mapping[str, Any], base: str) -> str | None:
    candidates = [item.get("link")]
    candidates += [link.get("href") for link in item.get("links", [])
                   if link.get("rel", "alternate") == "alternate"]
    candidates.append(item.get("id"))
    for candidate in candidates:
        if not candidate:
            continue
        link = urljoin(base, str(candidate).strip())
        if urlsplit(link).scheme in ("http", "https"):
            return link
    return None


def _with_entry(doc: RawDoc, entry: FeedEntry) -> RawDoc:
    """Fill a page's missing title and date from its feed entry."""
    meta = dict(doc.meta)
    if not meta.get("title") and entry.title:
        meta["title"] = entry.title
    if not meta.get("published") and entry.published is not None:
        meta["published"] = entry.published.isoformat()
    return replace(doc, meta=meta)


def _html_to_text(markup: str) -> str:
    return _squash(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _bozo(exc: object) -> str:
    if exc is None:
        return "unknown error"
    message = getattr(exc, "getMessage", None)
    line = getattr(exc, "getLineNumber", None)
    if callable(message) and callable(line):
        return f"{message()} at line {line()}"
    return _detail(exc)


def _detail(err: object) -> str:
    text = str(err).strip().splitlines()
    detail = text[0] if text else type(err).__name__
    return detail if len(detail) <= 120 else detail[:117] + "..."


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    if n >= 1_000:
        return f"{n / 1e3:.1f} kB"
    return f"{n} bytes"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
