"""The catalog: which articles are indexed, from which sources, with which chunks (SQLite).

The catalog is the source of truth for what the index holds. Vectors live in Chroma under the
same chunk ids; a vector whose chunk is not in the catalog is ignored by readers, so a run that
stops half-way never shows a half-written article.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from index.feedback import SCHEMA as FEEDBACK_SCHEMA
from index.ledger import SCHEMA as LEDGER_SCHEMA
from index.models import Article, Chunk, Citation
from index.registry import SCHEMA as REGISTRY_SCHEMA
from index.store import is_write_error, read_only_error
from index.watches import SCHEMA as WATCHES_SCHEMA

log = logging.getLogger(__name__)

# A chunk with its article's metadata and first source, as _chunk() reads it.
_CHUNK_SELECT = """SELECT c.id, c.doc_id, c.ord, c.text, a.title, a.outlet, a.url, a.published,
       a.lang, (SELECT MIN(s.source) FROM sources s WHERE s.doc_id = a.doc_id)
FROM chunks c JOIN articles a ON a.doc_id = c.doc_id"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY,
    title TEXT NOT NULL, url TEXT NOT NULL, outlet TEXT NOT NULL,
    published TEXT, lang TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL, indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Stats:
    articles: int
    chunks: int
    sources: int
    languages: dict[str, int]
    oldest: date | None
    newest: date | None
    meta: dict[str, str]


class Catalog:
    """The catalog, opened for writing; a catalog that cannot be written (a full disk, a
    read-only mount) is opened read-only instead (``read_only`` says why), so that it still
    answers, and a write then raises :class:`IndexWriteError` saying why and what to do."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self.read_only: str | None = None  # why the catalog is open read-only (None: it isn't)
        self._mode = "rw"  # "rw", or read-only: "ro" (sees other processes' commits), "frozen"
        self._epoch = 0  # bumped when the mode changes: each thread then opens a new connection
        self._seen: tuple[object, ...] = ()  # the files' state when opened read-only
        existed = path.exists() and path.stat().st_size > 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for schema in (SCHEMA, LEDGER_SCHEMA, REGISTRY_SCHEMA, FEEDBACK_SCHEMA,
                           WATCHES_SCHEMA):
                self._db.executescript(schema)
        except (OSError, sqlite3.Error) as error:
            if not existed or not is_write_error(error):
                self.close()
                if not existed and path.exists() and path.stat().st_size == 0:
                    path.unlink(missing_ok=True)  # ours, created empty before the failure
                raise
            self._open_read_only(str(error))

    def _open_read_only(self, why: str) -> None:
        """Switch to a read-only connection: one that sees other processes' commits when
        SQLite can open its WAL index (a read-only mount keeps it readable), else one that
        reads the database file alone ("frozen", as SQLite's ``immutable``: a full disk has no
        room for the WAL index; the last run's changes are in the file once its process
        exited)."""
        for mode in ("ro", "frozen"):
            self._switch(mode)
            try:
                self._db.execute("SELECT COUNT(*) FROM meta").fetchone()
            except sqlite3.Error as error:
                failed = error
                continue
            self.read_only = why
            self._seen = self._files_state()
            log.info("the catalog %s is open read-only (%s)", self.path, why)
            return
        self.close()
        raise failed

    def _switch(self, mode: str) -> None:
        with self._guard:
            self._mode = mode
            self._epoch += 1

    def _files_state(self) -> tuple[object, ...]:
        """What changes when another process writes the catalog (one stat per file)."""
        state: list[object] = []
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                info = path.stat()
                state.append((info.st_mtime_ns, info.st_size))
            except OSError:
                state.append(None)
        return tuple(state)

    def reopen_if_changed(self) -> bool:
        """For a catalog open read-only: when another process has written it since (so the
        disk has room again), open it for writing if it can be, else read-only again.
        Returns True when it was reopened. One stat per file when nothing changed."""
        if self.read_only is None or self._files_state() == self._seen:
            return False
        self.reopen()
        return True

    def reopen(self) -> None:
        """Open a read-only catalog for writing if it now can be (a freed disk), else
        read-only again."""
        if self.read_only is None:
            return
        self._switch("rw")
        try:
            self._db.execute("SELECT COUNT(*) FROM meta").fetchone()
        except sqlite3.Error as error:
            if not is_write_error(error):
                raise
            self._open_read_only(str(error))
        else:
            self.read_only = None
            log.info("the catalog %s is writable again", self.path)

    def _connect(self, mode: str) -> sqlite3.Connection:
        if mode == "rw":
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=10000")
            except BaseException:
                conn.close()
                raise
            return conn
        query = "mode=ro" if mode == "ro" else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{self.path.absolute().as_uri()}?{query}", uri=True,
                               check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=10000")
        return conn

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection: with WAL, a reader never sees another thread's
        uncommitted writes, and readers don't wait for a writer."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and self._local.epoch != self._epoch:  # the mode changed
            with self._guard:
                if conn in self._connections:
                    self._connections.remove(conn)
            conn.close()
            conn = None
        if conn is None:
            epoch = self._epoch
            conn = self._connect(self._mode)
            self._local.conn, self._local.epoch = conn, epoch
            with self._guard:
                self._connections.append(conn)
        return conn

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, for reads outside a transaction."""
        return self._db

    def read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a query (for the small tables kept beside the catalog)."""
        return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._guard:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on this thread's connection; rolled back when the block or
        the commit fails (a full disk), so the connection is usable again."""
        if self.read_only is not None:
            self.reopen()  # the disk may have been freed since
            if self.read_only is not None:
                raise read_only_error(self.path, self.read_only, "the catalog")
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back on its own (SQLITE_FULL)
                db.execute("ROLLBACK")
            raise

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, **values: str) -> None:
        with self.transaction() as db:
            self.write_meta(db, **values)

    @staticmethod
    def write_meta(db: sqlite3.Connection, **values: str) -> None:
        db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", values.items())

    # --- reads ------------------------------------------------------------------------------
    def has_article(self, doc_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None

    def doc_of(self, source: str) -> str | None:
        row = self._db.execute("SELECT doc_id FROM sources WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def sources_under(self, locations: Sequence[str]) -> dict[str, str]:
        """Sources at or under each file or folder of ``locations`` (a file, ``file#L3`` for
        a JSON Lines record, or anything in the folder), mapped to their article. A name that
        merely starts the same way is not under it: "/a/arch" holds nothing of "/a/archive2"."""
        found: dict[str, str] = {}
        for location in locations:
            location = location.rstrip(os.sep) or os.sep
            escaped = location.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            inside = escaped if location == os.sep else escaped + os.sep
            rows = self._db.execute(
                "SELECT source, doc_id FROM sources WHERE source = ? "
                "OR source LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\'",
                (location, escaped + "#%", inside + "%"),
            )
            found.update(dict(rows.fetchall()))
        return found

    def chunks_by_id(self, ids: Sequence[str]) -> dict[str, Chunk]:
        """Chunks with their article's metadata; ids not in the catalog are left out."""
        found: dict[str, Chunk] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start:start + 500])
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"{_CHUNK_SELECT} WHERE c.id IN ({marks})",
                part,
            )
            for row in rows:
                found[row[0]] = _chunk(row)
        return found

    def iter_chunks(self) -> Iterator[Chunk]:
        rows = self._db.execute(
            f"{_CHUNK_SELECT} ORDER BY c.doc_id, c.ord"
        )
        for row in rows:
            yield _chunk(row)

    def articles(self) -> list[Article]:
        return self.articles_in(self._db)

    def articles_in(self, db: sqlite3.Connection) -> list[Article]:
        """Every article, read through ``db`` (a transaction's connection)."""
        rows = db.execute(
            """SELECT a.doc_id, a.text, (SELECT MIN(s.source) FROM sources s
                      WHERE s.doc_id = a.doc_id), a.title, a.url, a.outlet, a.published, a.lang,
                      a.extra
               FROM articles a ORDER BY a.published, a.doc_id"""
        )
        return [
            Article(text=r[1], source=r[2] or "", title=r[3], url=r[4], outlet=r[5],
                    published=_date(r[6]), lang=r[7], extra=json.loads(r[8]))
            for r in rows
        ]

    def citation(self, doc_id: str, quote: str) -> Citation:
        """An unnumbered citation of an article (``n`` is 0 until an answer numbers it)."""
        row = self._db.execute(
            """SELECT (SELECT MIN(s.source) FROM sources s WHERE s.doc_id = a.doc_id), a.title,
                      a.url, a.outlet, a.published, a.lang
               FROM articles a WHERE a.doc_id = ?""", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(f"article {doc_id} is not in the catalog")
        return Citation(n=0, source=row[0] or "", title=row[1], url=row[2], outlet=row[3],
                        published=_date(row[4]), lang=row[5], quote=quote)

    def sources_of(self, doc_id: str) -> list[str]:
        rows = self._db.execute("SELECT source FROM sources WHERE doc_id = ? ORDER BY source",
                                (doc_id,))
        return [r[0] for r in rows]

    def stats(self) -> Stats:
        db = self._db
        languages = dict(db.execute("SELECT lang, COUNT(*) FROM articles GROUP BY lang").fetchall())
        oldest, newest = db.execute(
            "SELECT MIN(published), MAX(published) FROM articles WHERE published IS NOT NULL"
        ).fetchone()
        return Stats(
            articles=db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            chunks=db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0],
            sources=db.execute("SELECT COUNT(*) FROM sources").fetchone()[0],
            languages=languages,
            oldest=_date(oldest),
            newest=_date(newest),
            meta=dict(db.execute("SELECT key, value FROM meta").fetchall()),
        )

    # --- writes: each takes the connection of a transaction the caller holds, so that a whole
    # index run commits at once (readers see the previous state or the new one, never a mix) --
    def write_article(self, db: sqlite3.Connection, article: Article,
                      chunks: Sequence[Chunk]) -> None:
        """Record an article, its chunks and its source."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db.execute(
            """INSERT OR REPLACE INTO articles
               (doc_id, title, url, outlet, published, lang, extra, text, indexed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (article.doc_id, article.title, article.url, article.outlet,
             article.published.isoformat() if article.published else None, article.lang,
             json.dumps(dict(article.extra), ensure_ascii=False), article.text, now),
        )
        db.execute("DELETE FROM chunks WHERE doc_id = ?", (article.doc_id,))
        db.executemany(
            "INSERT INTO chunks (id, doc_id, ord, text) VALUES (?, ?, ?, ?)",
            [(c.id, c.doc_id, c.ord, c.text) for c in chunks],
        )
        self.write_link(db, article.source, article.doc_id)

    @staticmethod
    def write_link(db: sqlite3.Connection, source: str, doc_id: str) -> None:
        db.execute("INSERT OR REPLACE INTO sources (source, doc_id) VALUES (?, ?)",
                   (source, doc_id))

    @staticmethod
    def write_unlink(db: sqlite3.Connection, sources: Iterable[str]) -> set[str]:
        """Forget ``sources``; returns the articles they pointed to."""
        docs: set[str] = set()
        for source in sources:
            docs.update(r[0] for r in db.execute(
                "SELECT doc_id FROM sources WHERE source = ?", (source,)))
            db.execute("DELETE FROM sources WHERE source = ?", (source,))
        return docs

    @staticmethod
    def write_delete_orphans(db: sqlite3.Connection,
                             doc_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Delete those of ``doc_ids`` left with no source; returns them and their chunk ids."""
        deleted: list[str] = []
        chunk_ids: list[str] = []
        for doc_id in doc_ids:
            if db.execute("SELECT 1 FROM sources WHERE doc_id = ?", (doc_id,)).fetchone():
                continue
            chunk_ids.extend(r[0] for r in db.execute(
                "SELECT id FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,)))
            db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
            deleted.append(doc_id)
        return deleted, chunk_ids

    def generation(self) -> int:
        """Bumped by every committed index run that changed something."""
        return int(self.get_meta("generation") or 0)

    @staticmethod
    def write_next_generation(db: sqlite3.Connection) -> int:
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        generation = int(row[0]) + 1 if row else 1
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)",
                   (str(generation),))
        return generation

    @staticmethod
    def write_clear(db: sqlite3.Connection) -> None:
        for table in ("sources", "chunks", "mentions", "events", "articles"):
            db.execute(f"DELETE FROM {table}")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _chunk(row: Sequence[object]) -> Chunk:
    return Chunk(
        id=str(row[0]), doc_id=str(row[1]), ord=int(row[2]), text=str(row[3]),  # type: ignore[call-overload]
        title=str(row[4]), outlet=str(row[5]), url=str(row[6]),
        published=_date(row[7]), lang=str(row[8]), source=str(row[9] or ""),  # type: ignore[arg-type]
    )
