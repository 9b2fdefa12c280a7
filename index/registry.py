"""The sources an admin registered for re-indexing: local folders and files, web pages and
RSS/Atom feeds (``kind`` "path" or "url"; a URL is read as a page or a feed when fetched).

Local paths added with ``roots`` (from Discord: ``SOURCE_ROOTS``) must really lie under one
of those folders: ``..`` and symbolic links are resolved before the check, links inside the
folder that lead out of the roots are refused, and the check is made again before every
re-index (a link swapped after the source was added is caught then).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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
