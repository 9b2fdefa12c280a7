"""The sources an admin registered for re-indexing: local folders and files, web pages and
RSS/Atom feeds (``kind`` "path" or "url"; a URL is read as a page or a feed when fetched).

Local paths added with ``roots`` (from Discord: ``SOURCE_ROOTS``) must really lie under one
of those folders: ``..`` and symbolic links are resolved before the check, links inside the
folder that lead out of the roots are refused, and the check is made again before every
re-index (a link swapped after the source was added is caught then).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from index.catalog import Catalog

SourceKind = Literal["path", "url"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS registered_sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    location TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lang TEXT,
    added_at TEXT NOT NULL,
    last_run TEXT,
    last_status TEXT,
    state TEXT NOT NULL DEFAULT '{}'
);
"""


class SourceError(ValueError):
    """A source that cannot be registered; the message says why and what to do."""


@dataclass(frozen=True)
class Source:
    id: int
    kind: str
    location: str
    name: str
    lang: str | None
    added_at: str
    last_run: str | None
    last_status: str | None
    state: str = "{}"  # JSON: what the last fetch learned (validators, article URLs, kind)

    @property
    def is_url(self) -> bool:
        return self.kind == "url"


@dataclass(frozen=True)
class Removal:
    """What removing a source took away (``purged``) or left in the index."""

    source: Source
    purged: bool  # False: the source was only unregistered, its articles stay
    articles: int  # the articles it brought: removed when purged, else staying
    kept: int = 0  # of those, articles also reached another way: they stay
    events: int = 0  # layoff events that went with the removed articles

    def describe(self, shown: Callable[[str], str] = str) -> str:
        """One line saying what went and what stays; ``shown`` escapes the source's name for
        the medium (Discord Markdown)."""
        head = f"Removed source #{self.source.id} ({shown(self.source.name)})"
        if not self.purged:
            return (f"{head}: no longer re-indexed; its {_articles(self.articles)} stay "
                    "indexed and keep answering.")
        if not self.articles and not self.kept:
            return f"{head}: it had brought no articles into the index."
        went = (f" and the {_articles(self.articles)} only it brought"
                if self.articles else "")
        events = (f" ({self.events} layoff event{'s' if self.events != 1 else ''} went with "
                  "them)" if self.events else "")
        stays = (f"; {_articles(self.kept)} also reached through another source or a folder "
                 f"indexed with `layoffs index` {'stays' if self.kept == 1 else 'stay'}"
                 if self.kept else "")
        return f"{head}{went}{events}{stays}."


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


INDEXED_PATHS = "indexed_paths"  # catalog meta: the folders and files `layoffs index` read


class Registry:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def add(self, location: str, *, name: str = "", lang: str | None = None,
            roots: Sequence[Path] | None = None, allow_private: bool | None = None) -> Source:
        """Register a local folder or file, or a web page or RSS/Atom feed URL.

        ``roots``: local paths must lie under one of these folders (an empty list refuses
        every local path); None leaves them unrestricted (the CLI). ``allow_private=False``
        refuses at once a URL whose host is a private, loopback or link-local address (the
        fetcher refuses it anyway, at every fetch); None skips that early check.
        """
        location = location.strip()
        state = "{}"
        if "://" in location:
            parts = urlsplit(location)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SourceError(f"{location}: not a web address; use http:// or https://")
            if allow_private is False:
                from index.fetch import refusal

                problem = refusal(location)
                if problem:
                    raise SourceError(f"{location}: refused: {problem}; the bot does not fetch "
                                      "private, loopback or link-local addresses "
                                      "(FETCH_ALLOW_PRIVATE is off)")
            kind, resolved, default_name = "url", location, parts.hostname
        else:
            path = Path(location).expanduser()
            if roots is not None:  # before looking whether it exists: no probing outside
                allowed = check_under_roots(location, roots)
                state = json.dumps({"roots": [str(root) for root in allowed]})
            if not path.exists():
                raise SourceError(f"{location}: no such file or folder on the bot's machine")
            kind, resolved, default_name = "path", str(path.resolve()), path.name
        if self.find(resolved) is not None:
            raise SourceError(f"{location} is already registered")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.transaction() as db:
            db.execute(
                "INSERT INTO registered_sources (kind, location, name, lang, added_at, state) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (kind, resolved, name or default_name, lang, now, state))
        found = self.find(resolved)
        assert found is not None
        return found

    def check_local(self, source: Source) -> None:
        """Before re-indexing a local source added under roots: is it still under them?

        Raises :class:`SourceError` naming the path when it (or a file in it) now resolves
        outside the roots it was added under. Sources added without roots pass.
        """
        if source.is_url:
            return
        roots = json.loads(source.state or "{}").get("roots")
        if roots is None:
            return
        check_under_roots(source.location, [Path(root) for root in roots])

    def remove(self, source_id: int) -> Source:
        """Unregister a source; what it indexed stays (``Engine.remove_source`` purges it)."""
        source = self.get(source_id)
        if source is None:
            raise SourceError(f"no source with id {source_id}; see the list of sources")
        with self.catalog.transaction() as db:
            self.write_remove(db, source_id)
        return source

    @staticmethod
    def write_remove(db: sqlite3.Connection, source_id: int) -> None:
        db.execute("DELETE FROM registered_sources WHERE id = ?", (source_id,))

    def note_indexed(self, paths: Iterable[Path], *, rebuild: bool = False) -> None:
        """Remember the folders and files `layoffs index` read: removing a registered source
        keeps the articles under them. ``rebuild``: the index was dropped, these are all."""
        known = [] if rebuild else self.indexed_paths()
        added = [str(Path(p).resolve()) for p in paths]
        self.catalog.set_meta(**{INDEXED_PATHS: json.dumps(sorted({*known, *added}))})

    def indexed_paths(self) -> list[str]:
        return list(json.loads(self.catalog.get_meta(INDEXED_PATHS) or "[]"))

    def reached_otherwise(self, source: Source, links: Iterable[str]) -> set[str]:
        """Those of ``links`` (catalog sources) that another registered source, or a folder
        or file `layoffs index` read, also reaches: removing ``source`` keeps them."""
        links = set(links)
        others: set[str] = set()
        for other in self.all():
            if other.id != source.id:
                others.update(set(self.article_sources(other)) & links)
        folders = self.indexed_paths()
        others.update(link for link in links if any(_under(link, f) for f in folders))
        return others

    def get(self, source_id: int) -> Source | None:
        rows = self.catalog.read("SELECT * FROM registered_sources WHERE id = ?", (source_id,))
        return Source(*rows[0]) if rows else None  # type: ignore[arg-type]

    def find(self, location: str) -> Source | None:
        rows = self.catalog.read("SELECT * FROM registered_sources WHERE location = ?",
                                 (location,))
        return Source(*rows[0]) if rows else None  # type: ignore[arg-type]

    def all(self) -> list[Source]:
        rows = self.catalog.read("SELECT * FROM registered_sources ORDER BY id")
        return [Source(*row) for row in rows]  # type: ignore[arg-type]

    def record_run(self, source_id: int, status: str, state: str | None = None) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.transaction() as db:
            db.execute("UPDATE registered_sources SET last_run = ?, last_status = ? WHERE id = ?",
                       (now, status, source_id))
            if state is not None:
                db.execute("UPDATE registered_sources SET state = ? WHERE id = ?",
                           (state, source_id))

    def article_sources(self, source: Source) -> list[str]:
        """The catalog sources (paths or URLs) of the articles this source brought in."""
        if source.is_url:
            urls = json.loads(source.state or "{}").get("articles", [source.location])
            found: list[str] = []
            for start in range(0, len(urls), 500):
                part = urls[start:start + 500]
                marks = ",".join("?" * len(part))
                rows = self.catalog.read(
                    f"SELECT source FROM sources WHERE source IN ({marks})", part)
                found.extend(str(r[0]) for r in rows)
            return found
        return list(self.catalog.sources_under([source.location]))

    def counts(self, source: Source, doc_ids_of_events: list[tuple[str, ...]]) -> tuple[int, int]:
        """(articles, ledger events) this source contributes to."""
        docs = {self.catalog.doc_of(s) for s in self.article_sources(source)} - {None}
        events = sum(1 for ids in doc_ids_of_events if docs & set(ids))
        return len(docs), events


def _under(link: str, location: str) -> bool:
    """Whether a catalog source (a file path, ``path#L3`` for a JSON Lines record) lies at or
    under the folder or file ``location``."""
    location = location.rstrip(os.sep) or os.sep
    return (link == location or link.startswith(location + "#")
            or link.startswith(location if location == os.sep else location + os.sep))


def check_under_roots(location: str, roots: Sequence[Path]) -> list[Path]:
    """The resolved ``roots``, if ``location`` and every article file under it really lie
    under one of them; else :class:`SourceError` naming the path and ``SOURCE_ROOTS``."""
    if not roots:
        raise SourceError(
            f"{location}: local folders cannot be added from Discord, SOURCE_ROOTS is not set; "
            "add a web address instead, or ask the bot's operator to set SOURCE_ROOTS or to "
            "run `layoffs sources add` on the bot's machine")
    try:
        real_roots = [Path(root).expanduser().resolve() for root in roots]
    except (OSError, RuntimeError, ValueError) as err:  # a link loop...
        raise SourceError(f"{location}: a folder of SOURCE_ROOTS is not usable ({err}); "
                          "the bot's operator should fix SOURCE_ROOTS") from None
    shown = ":".join(str(root) for root in real_roots)
    try:
        real = Path(location).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as err:  # a link loop, a NUL byte...
        raise SourceError(f"{location}: not a usable path ({err}); give a folder under "
                          f"SOURCE_ROOTS ({shown})") from None

    def inside(candidate: Path) -> bool:
        return any(candidate.is_relative_to(root) for root in real_roots)

    if not inside(real):
        raise SourceError(
            f"{location}: outside SOURCE_ROOTS ({shown}) once links and '..' are resolved; "
            "only folders under them can be added from Discord")
    if real.is_dir():
        from index.ingest import discover

        files, _ = discover([real])
        for file in files:  # what a re-index would read, links followed
            try:
                target = file.resolve()
            except (OSError, RuntimeError) as err:
                raise SourceError(f"{location}: {file} cannot be resolved ({err}); remove "
                                  "it") from None
            if not inside(target):
                raise SourceError(
                    f"{location}: {file} is a link to a file outside SOURCE_ROOTS ({shown}); "
                    "remove the link, or ask the bot's operator to index it from the shell")
    return real_roots
