"""Readers' feedback on answers (helpful, not helpful, wrong number), kept in SQLite.

What is stored, and nothing more: for every answer the bot gave, its question and its text (no
user: ``answers_given``, so that a click days later still knows what it was about); for every
click, the answer it is about, the clicker's Discord user id (a number, never a name), the
verdict, the time, and for "wrong number" the figure and source the user typed. ``delete_user``
removes every click of one user (``layoffs feedback delete --user ID``, or ``/feedback
delete_user`` in Discord).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from index.store import IndexWriteError

if TYPE_CHECKING:
    from index.catalog import Catalog

log = logging.getLogger(__name__)

Verdict = Literal["helpful", "not_helpful", "wrong_number"]
VERDICTS: tuple[Verdict, ...] = ("helpful", "not_helpful", "wrong_number")

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers_given (
    id TEXT PRIMARY KEY, question TEXT NOT NULL, answer TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    answer_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    correct_figure TEXT,
    source TEXT,
    at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Feedback:
    answer_id: str
    user_id: str
    verdict: str
    question: str
    answer: str
    correct_figure: str | None
    source: str | None
    at: str


class FeedbackStore:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def remember_answer(self, answer_id: str, question: str, answer: str) -> None:
        """Keep what was answered, so a click days later still knows the question. Best
        effort: on a full disk or a read-only data dir the answer is still given."""
        try:
            with self.catalog.transaction() as db:
                db.execute("INSERT OR IGNORE INTO answers_given VALUES (?, ?, ?, ?)",
                           (answer_id, question, answer, _now()))
        except (sqlite3.Error, IndexWriteError) as error:
            log.warning("answer %s not kept for feedback (%s)", answer_id, error)

    def record(self, answer_id: str, user_id: int | str, verdict: Verdict, *,
               correct_figure: str | None = None, source: str | None = None) -> None:
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        with self.catalog.transaction() as db:
            db.execute(
                "INSERT INTO feedback (answer_id, user_id, verdict, correct_figure, source, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (answer_id, str(user_id), verdict, correct_figure, source, _now()))

    def delete_user(self, user_id: int | str) -> int:
        """Delete every feedback record of ``user_id``; how many there were.

        The deleted rows are overwritten in the database file (``secure_delete``) and the
        write-ahead log is checkpointed, so the typed text does not linger on disk."""
        with self.catalog.transaction() as db:
            db.execute("PRAGMA secure_delete = ON")
            try:
                deleted = db.execute("DELETE FROM feedback WHERE user_id = ?",
                                     (str(user_id),)).rowcount
            finally:
                db.execute("PRAGMA secure_delete = OFF")
        if deleted:
            self.catalog.read("PRAGMA wal_checkpoint(TRUNCATE)")  # best effort: readers may hold it
        return deleted

    def latest(self, limit: int = 10) -> list[Feedback]:
        rows = self.catalog.read(
            """SELECT f.answer_id, f.user_id, f.verdict, COALESCE(a.question, ''),
                      COALESCE(a.answer, ''), f.correct_figure, f.source, f.at
               FROM feedback f LEFT JOIN answers_given a ON a.id = f.answer_id
               ORDER BY f.id DESC LIMIT ?""", (limit,))
        return [Feedback(*row) for row in rows]  # type: ignore[arg-type]

    def counts(self) -> dict[str, int]:
        rows = self.catalog.read("SELECT verdict, COUNT(*) FROM feedback GROUP BY verdict")
        counts: Counter[str] = Counter({str(v): int(n) for v, n in rows})  # type: ignore[call-overload]
        return {v: counts.get(v, 0) for v in VERDICTS}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
