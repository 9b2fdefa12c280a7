"""The layoff ledger in SQLite, beside the catalog: mentions per article, events derived from them.

Mentions are written in the same transaction as their article, so a changed or removed article
takes its mentions with it. Events are rebuilt from all mentions after each index run (the rules
live in :mod:`index.events`) and saved in the ``events`` table for other readers.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from index.companies import CompanyTable
from index.dates import Span
from index.events import Event, Ledger, build_ledger
from index.extract import EXTRACTOR_VERSION, Mention
from index.standing import CONFIRMED, STATUSES, Status

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    company TEXT NOT NULL, unit TEXT, headcount INTEGER, low INTEGER, high INTEGER,
    qualifier TEXT NOT NULL, vague INTEGER NOT NULL, percent REAL,
    span_start TEXT, span_end TEXT, span_precision TEXT, span_text TEXT, span_inferred INTEGER,
    date_from_publication INTEGER NOT NULL, cumulative INTEGER NOT NULL,
    includes_earlier INTEGER NOT NULL, country TEXT, reasons TEXT NOT NULL,
    sentence TEXT NOT NULL, source TEXT NOT NULL, published TEXT,
    status TEXT NOT NULL DEFAULT 'confirmed', plan_total INTEGER NOT NULL DEFAULT 0,
    lookback INTEGER NOT NULL DEFAULT 0, passing INTEGER NOT NULL DEFAULT 0,
    prominent INTEGER NOT NULL DEFAULT 1, superseded INTEGER NOT NULL DEFAULT 0,
    agreed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, company TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
    precision TEXT NOT NULL, headcount INTEGER, low INTEGER, high INTEGER,
    qualifier TEXT NOT NULL, vague INTEGER NOT NULL, percent REAL, units TEXT NOT NULL,
    countries TEXT NOT NULL, reasons TEXT NOT NULL, included_in TEXT, doc_ids TEXT NOT NULL
);
"""

_COLUMNS = ("doc_id, company, unit, headcount, low, high, qualifier, vague, percent, span_start, "
            "span_end, span_precision, span_text, span_inferred, date_from_publication, "
            "cumulative, includes_earlier, country, reasons, sentence, source, published, "
            "status, plan_total, lookback, passing, prominent, superseded, agreed")
# Columns added after the first release, with their definition: a database written before
# them gets them at its next write (:func:`migrate`); reading it without them gives defaults.
_ADDED = {
    "status": "TEXT NOT NULL DEFAULT 'confirmed'",
    "plan_total": "INTEGER NOT NULL DEFAULT 0",
    "lookback": "INTEGER NOT NULL DEFAULT 0",
    "passing": "INTEGER NOT NULL DEFAULT 0",
    "prominent": "INTEGER NOT NULL DEFAULT 1",
    "superseded": "INTEGER NOT NULL DEFAULT 0",
    "agreed": "INTEGER NOT NULL DEFAULT 0",
}


def extractor_version(companies: CompanyTable | None = None) -> str:
    """What stored mentions were extracted with: :data:`EXTRACTOR_VERSION` and the alias table
    (bundled plus the user's COMPANIES_FILE). When it differs from the stored one, every
    article is re-extracted at the next start; a comment edit or a renamed file does not."""
    table = companies if companies is not None else CompanyTable.load()
    return f"{EXTRACTOR_VERSION}-{table.fingerprint[:12]}"


def create_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)
    migrate(db)


def _missing(db: sqlite3.Connection) -> list[str]:
    have = {str(row[1]) for row in db.execute("PRAGMA table_info(mentions)")}
    return [name for name in _ADDED if have and name not in have]


def migrate(db: sqlite3.Connection) -> None:
    """Add the columns a mentions table written by an older version lacks (ALTER TABLE ... ADD
    COLUMN keeps its rows; they are extracted again anyway when the extractor version
    changed)."""
    for name in _missing(db):
        db.execute(f"ALTER TABLE mentions ADD COLUMN {name} {_ADDED[name]}")
        log.info("mentions table: added column %s", name)


def write_mentions(db: sqlite3.Connection, doc_id: str, mentions: Iterable[Mention]) -> None:
    """Replace an article's mentions; call inside the article's transaction."""
    migrate(db)
    db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
    db.executemany(
        f"INSERT INTO mentions ({_COLUMNS}) VALUES ({', '.join('?' * (_COLUMNS.count(',') + 1))})",
        [_row(doc_id, m) for m in mentions],
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _row(doc_id: str, m: Mention) -> tuple[object, ...]:
    span = m.announced
    return (
        doc_id, m.company, m.unit, m.headcount, m.low, m.high, m.qualifier, int(m.vague),
        m.percent, _iso(span.start) if span else None, _iso(span.end) if span else None,
        span.precision if span else None, span.text if span else None,
        int(span.inferred) if span else None, int(m.date_from_publication), int(m.cumulative),
        int(m.includes_earlier), m.country, json.dumps(list(m.reasons)), m.sentence, m.source,
        _iso(m.published), m.status, int(m.plan_total), int(m.lookback), int(m.passing),
        int(m.prominent), int(m.superseded), int(m.agreed),
    )


def read_mentions(db: sqlite3.Connection) -> list[Mention]:
    """Every stored mention; a table from before a column was added reads its default (a
    read-only catalog cannot be migrated)."""
    columns = _COLUMNS
    for name in _missing(db):
        default = _ADDED[name].rsplit("DEFAULT ", 1)[1]
        columns = columns.replace(name, f"{default} AS {name}")
    rows = db.execute(f"SELECT {columns} FROM mentions ORDER BY id").fetchall()
    return [_mention(r) for r in rows]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _mention(r: Sequence[object]) -> Mention:
    start, end = _date(r[9]), _date(r[10])  # type: ignore[arg-type]
    span = (Span(start, end, r[11], str(r[12] or ""), bool(r[13]))  # type: ignore[arg-type]
            if start and end else None)
    return Mention(
        company=str(r[1]), unit=r[2], headcount=r[3], low=r[4], high=r[5],  # type: ignore[arg-type]
        qualifier=str(r[6]), vague=bool(r[7]), percent=r[8], announced=span,  # type: ignore[arg-type]
        date_from_publication=bool(r[14]), cumulative=bool(r[15]),
        includes_earlier=bool(r[16]), country=r[17],  # type: ignore[arg-type]
        reasons=tuple(json.loads(str(r[18]))), sentence=str(r[19]), doc_id=str(r[0]),
        source=str(r[20]), published=_date(r[21]),  # type: ignore[arg-type]
        status=_status(r[22]), plan_total=bool(r[23]), lookback=bool(r[24]),
        passing=bool(r[25]), prominent=bool(r[26]), superseded=bool(r[27]),
        agreed=bool(r[28]),
    )


def _status(value: object) -> Status:
    return next((s for s in STATUSES if s == value), CONFIRMED)


def save_events(db: sqlite3.Connection, events: Sequence[Event]) -> None:
    db.execute("DELETE FROM events")
    db.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(e.id, e.company, e.start.isoformat(), e.end.isoformat(), e.precision, e.headcount,
          e.low, e.high, e.qualifier, int(e.vague), e.percent, json.dumps(e.units),
          json.dumps(e.countries), json.dumps(e.reasons), e.included_in,
          json.dumps(list(e.doc_ids))) for e in events],
    )


def load_ledger(db: sqlite3.Connection) -> Ledger:
    return build_ledger(read_mentions(db))


__all__ = ["Ledger", "create_schema", "extractor_version", "load_ledger", "migrate",
           "read_mentions", "save_events", "write_mentions"]
