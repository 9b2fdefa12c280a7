"""Read articles from files and folders: front matter, HTML, JSON Lines, cleaning, language, dates.

Every file that cannot be used becomes a :class:`Skipped` with a reason a person can act on;
the rest are read. Nothing here touches the index.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlparse

import yaml

from index.clean import clean_text, repeated_lines
from index.dates import publication_date_from_text
from index.langs import detect_language
from index.models import Article

log = logging.getLogger(__name__)

PLAIN_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = PLAIN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
KNOWN_KEYS = ("url", "title", "published", "lang", "outlet")
MIN_TEXT_CHARS = 40

#: Libraries that log their own view of a page this module reports in one line of its own
#: (trafilatura's "discarding data: None" for a page without article text): entry points
#: (index.cli, bot.main) keep them below CRITICAL out of the user's terminal.
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


class IngestError(Exception):
    """A file (or one record of it) that cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class RawDoc:
    """Text and metadata read from one file or record, before cleaning."""

    text: str
    source: str
    meta: Mapping[str, Any]
    plain: bool  # plain text gets cleaned; HTML was already extracted by trafilatura


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # every file found under the given paths, read or not: what is gone from a folder is what
    # was indexed from it before and is not here now
    seen: set[str] = field(default_factory=set)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Skipped]]:
    """The readable article files under ``paths`` (recursively), and the paths that don't exist."""
    found: list[Path] = []
    missing: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _hidden(p, path)
            )
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                found.append(path)
            else:
                missing.append(Skipped(str(path), _unsupported(path)))
        else:
            missing.append(Skipped(str(path), "no such file or folder; check the path"))
    return found, missing


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _unsupported(path: Path) -> str:
    return (f"unsupported file type '{path.suffix or '(none)'}'; "
            f"use one of {', '.join(sorted(SUFFIXES))}")


def load_articles(
    paths: Sequence[Path],
    *,
    languages: Sequence[str],
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
) -> LoadResult:
    """Read every article under ``paths``: bad files are skipped with a reason, never raised."""
    files, missing = discover(paths)
    result = LoadResult(skipped=list(missing))
    raws: list[RawDoc] = []
    for path in files:
        source = str(path.resolve())
        result.seen.add(source)
        try:
            raws.extend(read_file(path, max_bytes=max_bytes))
        except IngestError as err:
            result.skipped.append(Skipped(source, str(err)))
            log.warning("skipped %s: %s", source, err)
        if on_file is not None:
            on_file(path)
    boilerplate = repeated_lines(raw.text for raw in raws if raw.plain)
    for raw in raws:
        try:
            result.articles.append(to_article(raw, languages=languages, boilerplate=boilerplate))
        except IngestError as err:
            result.skipped.append(Skipped(raw.source, str(err)))
            log.warning("skipped %s: %s", raw.source, err)
    return result


def read_file(path: Path, *, max_bytes: int) -> list[RawDoc]:
    """The documents in one file; raises :class:`IngestError` with the reason when unusable."""
    source = str(path.resolve())
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB cap; "
                "split it or raise MAX_FILE_MB"
            )
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}") from err
    if not data.strip():
        raise IngestError("empty file")
    if b"\x00" in data[:8192]:
        raise IngestError("binary file (contains NUL bytes), not text; remove it from the folder")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return [read_html(data, source)]
    text = _decode(data)
    if suffix in JSONL_SUFFIXES:
        return list(read_jsonl(text, source))
    meta, body = split_front_matter(text)
    return [RawDoc(body, source, meta, plain=True)]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-save the file as UTF-8"
        ) from err


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)",
                           re.DOTALL | re.MULTILINE)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a leading YAML ``---`` block from the body; no block gives empty metadata."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise IngestError(f"front matter is not valid YAML{where}; fix the '---' block") from err
    except RecursionError as err:
        raise IngestError("front matter is nested too deeply to read; fix the '---' block") from err
    except ValueError as err:  # a value YAML recognises but Python rejects: 2023-13-45
        raise IngestError(f"front matter has a value that cannot be read ({err}); "
                          "fix the '---' block or quote the value") from err
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise IngestError("front matter must be 'key: value' lines between '---' lines")
    return {_str(k): v for k, v in meta.items()}, text[match.end():]


# Block elements: a browser shows each on its own line. libxml2 keeps one inside a <p> that it
# doesn't close ("<p>cut 12<div>ad</div>000 jobs</p>"), and trafilatura then joins the texts
# around a dropped block with nothing between them: "cut 12000 jobs", a number the page never
# showed. A line break before every block tag keeps them apart (whitespace there is not shown).
_BLOCK_TAG = re.compile(
    rb"<(?=/?(?:address|article|aside|blockquote|details|div|dl|dd|dt|fieldset|figcaption"
    rb"|figure|footer|form|h[1-6]|header|hgroup|hr|li|main|menu|nav|ol|p|pre|section|table"
    rb"|tr|td|th|ul)[\s/>])", re.I)


def read_html(data: bytes, source: str) -> RawDoc:
    import trafilatura

    data = _BLOCK_TAG.sub(b"\n<", data)
    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception as err:  # trafilatura raises assorted lxml errors on broken markup
        raise IngestError(
            f"HTML could not be parsed ({type(err).__name__}); check the file") from err
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = getattr(doc, "title", None) or ""
    rest = text[len(title):]
    if title and text.startswith(title) and (not rest or rest[0].isspace()):
        text = rest.lstrip()  # the title repeated as the first line, not "T" of "The cuts"
    if len(text) < MIN_TEXT_CHARS:  # checked after the title goes: a page of only a title
        raise IngestError("no article text found in the HTML (broken page or not an article)")
    url = getattr(doc, "url", None) or ""
    meta: dict[str, Any] = {
        "title": title,
        "url": url,
        "outlet": _site_name(getattr(doc, "sitename", None) or "", title, url, data),
        "published": getattr(doc, "date", None) or "",
    }
    lang_attr = re.search(rb"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", data[:4096])
    if lang_attr:
        meta["lang"] = lang_attr.group(1).decode().lower()
    return RawDoc(text, source, meta, plain=False)


# trafilatura's own split of a <title> into the page's title and what may be the site's name
_TITLE_PARTS = re.compile(r"^(.+)?\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+(.+)$")
_TITLE_TAG = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_URL_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # trafilatura's URL fallback
_SITE_NAME_KEYS = {"og:site_name", "application-name", "apple-mobile-web-app-title",
                   "twitter:site", "twitter:app:name:iphone", "article:publisher", "publisher",
                   "dc.publisher", "dcterms.publisher", "copyright", "citation_journal_title"}


def _site_name(sitename: str, title: str, url: str, data: bytes) -> str:
    """The site's name as the page declares it, or "" (the outlet then comes from the domain).

    trafilatura falls back on a part of the <title> holding a dot ("Company to cut 1.200 jobs
    : Live" gives "Company to cut 1.200 jobs") and on the URL's host; neither is a name the
    site gave itself. A part of the title counts only when a site-name tag says the same.
    """
    name = sitename.strip()
    if not name:
        return ""
    host = _URL_HOST.match(url)
    if host and name.casefold() == host.group(1).casefold():
        return ""  # the host, which _outlet_from_url makes readable
    tag = _TITLE_TAG.search(data)
    page_title = " ".join(tag.group(1).decode("utf-8", "replace").split()) if tag else ""
    parts = _TITLE_PARTS.match(page_title)
    candidates = {t.casefold() for t in (title, page_title, *(parts.groups() if parts else ()))
                  if t}
    from_title = (name.casefold() in candidates
                  or (len(name) > 3 and name.casefold() in title.casefold()))
    if from_title and name.casefold() not in _declared_site_names(data):
        return ""
    return name


def _declared_site_names(data: bytes) -> set[str]:
    """The site names a page declares, casefolded: its <meta> tags (og:site_name and the
    like) and its JSON-LD publisher."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(data)
    except Exception:  # lxml raises assorted errors on broken markup
        return set()
    names = set()
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split()).lstrip("@")
        if key in _SITE_NAME_KEYS and content:
            names.add(content.casefold())
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            found = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):  # broken JSON-LD is common
            continue
        names.update(name.casefold() for name in _publishers(found, depth=4))
    return names


def _publishers(node: Any, depth: int) -> Iterator[str]:
    """``publisher`` names in a JSON-LD document (a string, or an object with a name)."""
    if depth <= 0:
        return
    if isinstance(node, list):
        for item in node:
            yield from _publishers(item, depth - 1)
    elif isinstance(node, dict):
        publisher = node.get("publisher")
        for item in publisher if isinstance(publisher, list) else [publisher]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.strip():
                yield " ".join(name.split())
        for key in ("@graph", "mainEntity", "isPartOf"):
            yield from _publishers(node.get(key), depth - 1)


def read_jsonl(text: str, source: str) -> Iterator[RawDoc]:
    """One article per line: ``{"text": ..., "url"?, "title"?, "published"?, ...}``."""
    count = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise IngestError(
                f"line {lineno} is not valid JSON ({err.msg}); fix or remove it") from err
        except RecursionError as err:
            raise IngestError(f"line {lineno} is nested too deeply to read; fix or remove it"
                              ) from err
        except ValueError as err:  # a number over Python's 4,300-digit conversion limit
            raise IngestError(f"line {lineno} holds a number too long to read; "
                              "fix or remove it") from err
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise IngestError(f"line {lineno} needs a JSON object with a \"text\" string")
        meta = {k: v for k, v in record.items() if k != "text"}
        count += 1
        yield RawDoc(record["text"], f"{source}#L{lineno}", meta, plain=True)
    if count == 0:
        raise IngestError("no records in the JSON Lines file")


def to_article(raw: RawDoc, *, languages: Sequence[str], boilerplate: Iterable[str]) -> Article:
    """Clean the text, read the metadata, detect the language and find the publication date."""
    meta = dict(raw.meta)
    published = _published(meta.get("published"))
    text = clean_text(raw.text, frozenset(boilerplate)) if raw.plain else raw.text
    text = text.strip()
    if len(text) < MIN_TEXT_CHARS:
        raise IngestError("no article text left after cleaning (the file holds only page noise)")
    title = _str(meta.get("title")) or _first_heading(text)
    url = _str(meta.get("url"))
    lang = _str(meta.get("lang")).lower()
    if lang and lang not in languages:
        log.info("%s: lang '%s' is not in LANGUAGES; detecting instead", raw.source, lang)
        lang = ""
    lang = lang or detect_language(f"{title}\n{text}", languages)
    if published is None:
        published = publication_date_from_text(text, lang)
    outlet = _str(meta.get("outlet")) or _outlet_from_url(url)
    extra = {k: _str(v) for k, v in meta.items() if k not in KNOWN_KEYS}
    article = Article(text=text, source=raw.source, title=title, url=url, outlet=outlet,
                      published=published, lang=lang)
    return replace(article, extra=MappingProxyType(extra)) if extra else article


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    try:
        return str(value).strip()
    except ValueError as err:  # an integer over Python's 4,300-digit conversion limit
        raise IngestError("a metadata value is a number too long to read; "
                          "quote it or remove it") from err


def _published(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _str(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError as err:
        raise IngestError(f"published '{text}' is not a date; write it as YYYY-MM-DD") from err


def _first_heading(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.lstrip("#").strip()[:200]
    return ""


def _outlet_from_url(url: str) -> str:
    """The site's domain as people write it: ``lemonde.fr`` for https://www.lemonde.fr/..."""
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # a malformed address: "http://[::1"
        return ""
    if host.startswith("xn--") or ".xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    return host.removeprefix("www.")
