"""Fetch articles and feeds over HTTP: politely, bounded, with retries and conditional requests.

:class:`Fetcher` does one GET (redirects, retries, size cap, per-host delay, ``ETag`` /
``Last-Modified``); :func:`read_page` turns a fetched page into a :class:`~index.ingest.RawDoc`
(HTML through :func:`index.ingest.read_html`), :func:`read_feed` reads an RSS/Atom feed and
:func:`fetch_source` does both for one source URL, collecting per-article failures.
Every failure is a :class:`FetchError` whose message is one line: the URL, what happened and
what to do about it.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from index.ingest import IngestError, RawDoc, read_html

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
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # per read of the socket, not for the whole body
    retries: int = 2  # on 5xx, 429, timeouts and connection errors, with exponential backoff
    backoff: float = 0.5  # seconds before the first retry, doubled for each later one
    max_bytes: int = 5_000_000  # body size cap, enforced while streaming
    max_redirects: int = 5
    per_host_delay: float = 1.0  # minimum seconds between two requests to the same host
    user_agent: str = "layoffs-bot/0.1 (+https://github.com/layoffs-bot/layoffs-bot; news indexer)"


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
    """Sync HTTP GETs for indexing; thread-safe (the per-host delay is shared by all threads)."""

    def __init__(
        self,
        policy: FetchPolicy = DEFAULT_POLICY,
        client: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client(follow_redirects=False)
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
        try:
            with self._client.stream("GET", target, headers=headers, timeout=self._timeout,
                                     follow_redirects=False) as response:
                status = response.status_code
                if status >= 500 or status == 429:
                    raise _Retryable(
                        f"HTTP {status} {_phrase(response)}",
                        "the site is rate-limiting the bot, raise per_host_delay or try later"
                        if status == 429 else "the site is failing, try again later",
                        retry_after=_retry_after(response.headers.get("retry-after")))
                body = b""
                if 200 <= status < 300:
                    body = self._read_capped(url, target, response)
                return _Answer(str(response.url), status, response.headers, body)
        except httpx.TimeoutException as err:
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

    def _read_capped(self, url: str, target: str, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        where = "" if target == url else f" (at {target})"
        advice = "not an article page; remove the source or raise max_bytes"
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
        return bytes(body)


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
    parsed = feedparser.parse(fetched.body, response_headers={
        "content-type": fetched.content_type or "application/xml", "content-location": url})
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
            published=date(*stamp[:3]) if stamp else None,
            summary=_html_to_text(str(item.get("summary", ""))),
        ))
    if parsed.get("bozo") and not entries:
        raise FetchError(url, f"not a valid RSS/Atom feed ({_bozo(parsed.get('bozo_exception'))});"
                              " check the feed URL")
    if parsed.get("bozo"):
        log.warning("%s: feed has errors (%s); read %d entries anyway", url,
                    _bozo(parsed.get("bozo_exception")), len(entries))
    return entries


def fetch_source(fetcher: Fetcher, url: str, state: Mapping[str, Validators], *,
                 max_articles: int = 50) -> FetchResult:
    """Fetch one source: an article page, or a feed and (up to ``max_articles`` of) its articles.

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
    if len(entries) > max_articles:
        log.info("%s: %d feed entries, reading the first %d", url, len(entries), max_articles)
        entries = entries[:max_articles]
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
            log.warning("%s", err)
            errors.append(err)
            continue
        validators[entry.url] = page.validators
    log.info("%s: %d articles read, %d unchanged, %d failed", url, len(docs), len(unchanged),
             len(errors))
    return FetchResult(docs, errors, False, validators, unchanged)


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
