"""Channels watching companies: new ledger events for a watched company are announced there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from index.events import Event

if TYPE_CHECKING:
    from index.catalog import Catalog

SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    channel_id TEXT NOT NULL,
    company TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (channel_id, company)
);
"""


@dataclass(frozen=True)
class Watch:
    channel_id: int
    company: str


def event_key(event: Event) -> tuple[str, str]:
    """What makes an event the same one across runs (its id can change as sources join it)."""
    return event.company, event.start.isoformat()


def new_events(before: Iterable[Event], after: Sequence[Event]) -> list[Event]:
    """Events of ``after`` that ``before`` did not have."""
    known = {event_key(e) for e in before}
    return [e for e in after if event_key(e) not in known]


class Watches:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def add(self, channel_id: int, company: str, added_by: int) -> bool:
        """Watch ``company`` in a channel; False when it was already watched there."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.transaction() as db:
            cursor = db.execute("INSERT OR IGNORE INTO watches VALUES (?, ?, ?, ?)",
                                (str(channel_id), company, str(added_by), now))
            return cursor.rowcount == 1

    def remove(self, channel_id: int, company: str) -> bool:
        with self.catalog.transaction() as db:
            cursor = db.execute("DELETE FROM watches WHERE channel_id = ? AND company = ?",
                                (str(channel_id), company))
            return cursor.rowcount == 1

    def all(self) -> list[Watch]:
        rows = self.catalog.read("SELECT channel_id, company FROM watches ORDER BY company")
        return [Watch(int(str(r[0])), str(r[1])) for r in rows]

    def for_channel(self, channel_id: int) -> list[str]:
        return [w.company for w in self.all() if w.channel_id == channel_id]
