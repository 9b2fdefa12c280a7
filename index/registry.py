"""The sources an admin registered for re-indexing (local folders and files today; web pages
and feeds slot in as other kinds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from index.catalog import Catalog

SourceKind = Literal["path"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS registered_sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    location TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lang TEXT,
    added_at TEXT NOT NULL,
    last_run TEXT,
    last_status TEXT
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


class Registry:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def add(self, location: str, *, name: str = "", lang: str | None = None) -> Source:
        """Register a local folder or file (URLs and feeds come with the sources issue)."""
        if location.startswith(("http://", "https://")):
            raise SourceError(
                f"{location}: web pages and feeds are not supported yet; add a local folder "
                "or file for now")
        path = Path(location).expanduser()
        if not path.exists():
            raise SourceError(f"{location}: no such file or folder on the bot's machine")
        resolved = str(path.resolve())
        if self.find(resolved) is not None:
            raise SourceError(f"{location} is already registered")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.transaction() as db:
            db.execute(
                "INSERT INTO registered_sources (kind, location, name, lang, added_at) "
                "VALUES (?, ?, ?, ?, ?)", ("path", resolved, name or path.name, lang, now))
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

    def record_run(self, source_id: int, status: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.transaction() as db:
            db.execute("UPDATE registered_sources SET last_run = ?, last_status = ? WHERE id = ?",
                       (now, status, source_id))
