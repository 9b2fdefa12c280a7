"""The sources an admin registered for re-indexing: local folders and files, web pages and
RSS/Atom feeds (``kind`` "path" or "url"; a URL is read as a page or a feed when fetched)."""

from __future__ import annotations

import json
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


class Registry:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def add(self, location: str, *, name: str = "", lang: str | None = None) -> Source:
        """Register a local folder or file, or a web page or RSS/Atom feed URL."""
        location = location.strip()
        if "://" in location:
            parts = urlsplit(location)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SourceError(f"{location}: not a web address; use http:// or https://")
            kind, resolved, default_name = "url", location, parts.hostname
        else:
            path = Path(location).expanduser()
            if not path.exists():
                raise SourceError(f"{location}: no such file or folder on the bot's machine")
            kind, resolved, default_name = "path", str(path.resolve()), path.name
        if self.find(resolved) is not None:
            raise SourceError(f"{location} is already registered")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.transaction() as db:
            db.execute(
                "INSERT INTO registered_sources (kind, location, name, lang, added_at) "
                "VALUES (?, ?, ?, ?, ?)", (kind, resolved, name or default_name, lang, now))
        found = self.find(resolved)
        assert found is not None
        return found

    def remove(self, source_id: int) -> Source:
        source = self.get(source_id)
        if source is None:
            raise SourceError(f"no source with id {source_id}; see the list of sources")
        with self.catalog.transaction() as db:
            db.execute("DELETE FROM registered_sources WHERE id = ?", (source_id,))
        return source

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
            marks = ",".join("?" * len(urls))
            rows = self.catalog.read(f"SELECT source FROM sources WHERE source IN ({marks})",
                                     urls) if urls else []
            return [str(r[0]) for r in rows]
        return list(self.catalog.sources_under([source.location]))

    def counts(self, source: Source, doc_ids_of_events: list[tuple[str, ...]]) -> tuple[int, int]:
        """(articles, ledger events) this source contributes to."""
        docs = {self.catalog.doc_of(s) for s in self.article_sources(source)} - {None}
        events = sum(1 for ids in doc_ids_of_events if docs & set(ids))
        return len(docs), events
