"""Event-level evaluation of the ledger against gold events written from the articles alone.

A corpus folder (``corpora/news/dev``, ``corpora/news/holdout``) holds ``articles/`` and gold
shards under ``gold/``: ``events-*.jsonl`` (the real cuts, which of them a total adds) and
``figures-*.jsonl`` (figures that are not a counted cut: staff counts, rumours, parts, plan
totals...). See ``corpora/news/README.md`` for the schema.

The articles are read and extracted exactly as an index run would (ingest, mentions, ledger),
without embedding: the ledger does not depend on vectors. Then:

* an extracted **counted event** is one a total would add: a figure, not included in a later
  event;
* it **matches** a gold event when the company is the same (name, alias or parent, compared
  folded), the date is within :data:`DAY_SLACK` days of the gold period, and the figure is
  compatible (inside the gold range, widened by :data:`FIGURE_SLACK` for approximate figures);
* **precision** is the share of counted events that match a gold event a total adds, each gold
  event matched once (a second match is a **double count**); **recall** is the share of gold
  events a total adds that some counted event matches;
* a counted event that matches no such gold event but equals a gold non-cut figure (a trap, a
  plan total, a rumour, a part) of the same company is a **non-layoff figure counted**;
* a missed gold event that the ledger shows apart as **undated** (no source dates it and it
  matches no dated event, so it is never added to a total) with the same company and a
  compatible figure is listed as such. Such an event cannot match under the date rule above,
  whatever the extractor does: the count tells the recall the ledger's undated rule costs from
  the recall its reading costs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from index.companies import CompanyTable, fold_company
from index.events import UNDATED, Event, build_ledger
from index.extract import extract_mentions
from index.ingest import load_articles

DAY_SLACK = 7
FIGURE_SLACK = 0.15  # "about 1,300" read as 1,250 or 1,400 is the same figure


@dataclass(frozen=True)
class GoldEvent:
    id: str
    company: str
    names: frozenset[str]  # folded: company, aliases, parent
    start: date
    end: date
    low: int | None
    high: int | None
    approx: str
    status: str
    counts: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GoldFigure:
    file: str
    figure: int
    kind: str
    names: frozenset[str]


@dataclass
class EventReport:
    corpus: str
    gold: int  # gold events a total adds
    counted: int  # extracted counted events
    matched: int  # counted events matching a gold event a total adds (first match each)
    found: int  # gold events a total adds that were matched
    double_counted: list[str] = field(default_factory=list)
    non_layoff_counted: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    undated_apart: list[str] = field(default_factory=list)  # missed, shown apart as undated

    @property
    def precision(self) -> float:
        return self.matched / self.counted if self.counted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "gold_events": self.gold,
            "counted_events": self.counted,
            "event_precision": round(self.precision, 3),
            "event_recall": round(self.recall, 3),
            "double_counted": len(self.double_counted),
            "non_layoff_figures_counted": len(self.non_layoff_counted),
            "missed_shown_apart_undated": len(self.undated_apart),
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary(), "details": {
            "double_counted": self.double_counted,
            "non_layoff_figures_counted": self.non_layoff_counted,
            "false_positives": self.false_positives,
            "missed": self.missed,
            "missed_shown_apart_undated": self.undated_apart,
        }}


def _names(*names: object) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        if isinstance(name, str) and name:
            out.add(fold_company(name))
        elif isinstance(name, list):
            out |= _names(*name)
    return frozenset(out)


def _period(announced: str, precision: str) -> tuple[date, date]:
    start = date.fromisoformat(announced)
    if precision == "month":
        nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, nxt - timedelta(days=1)
    if precision == "quarter":
        month = start.month + 3
        nxt = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return start, nxt - timedelta(days=1)
    if precision == "year":
        return start, date(start.year, 12, 31)
    return start, start


def _jsonl(paths: Iterable[Path]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(paths):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{lineno}: not JSON ({err.msg})") from None
    return rows


def corpus_folders(name: str | Path) -> tuple[str, Path, Path]:
    """(label, articles folder, gold folder) of a corpus: ``sample`` is the bundled sample
    corpus and its gold; any other folder holds ``articles/`` and ``gold/``."""
    if str(name) == "sample":
        data = Path(str(resources.files("index") / "data"))
        return "sample", data / "corpus", data / "gold_events"
    folder = Path(name)
    return folder.name, folder / "articles", folder / "gold"


def load_gold_events(gold: Path) -> tuple[list[GoldEvent], list[GoldFigure]]:
    """The gold shards of one corpus (``events-*.jsonl``, ``figures-*.jsonl`` in ``gold``)."""
    events = []
    for row in _jsonl(gold.glob("events-*.jsonl")):
        start, end = _period(row["announced"], row.get("date_precision") or "day")
        low = row.get("figure")
        high = row.get("figure_high") or low
        events.append(GoldEvent(
            id=row["id"], company=row["company"],
            names=_names(row["company"], row.get("aliases") or [], row.get("parent")),
            start=start, end=end, low=low, high=high, approx=row.get("approx") or "exact",
            status=row.get("status") or "confirmed", counts=bool(row.get("counts_in_total")),
            sources=tuple(row.get("sources") or ()),
        ))
    by_id = {e.id: e for e in events}
    figures = []
    for row in _jsonl(gold.glob("figures-*.jsonl")):
        if not isinstance(row.get("figure"), int) or not row["figure"]:
            continue
        names = _names(row.get("company"))
        if row.get("event") in by_id:
            names |= by_id[row["event"]].names
        figures.append(GoldFigure(row["file"], row["figure"], row.get("kind") or "other",
                                  names))
    return events, figures


def counted_events(events: Sequence[Event]) -> list[Event]:
    """The events a total would add."""
    return [e for e in events
            if e.headcount is not None and e.included_in is None and not e.held_back]


def _figure_fits(value: int, low: int | None, high: int | None, approx: str) -> bool:
    if low is None:
        return False
    high = high if high is not None else low
    slack = 0.0 if approx == "exact" else FIGURE_SLACK
    return low * (1 - slack) <= value <= high * (1 + slack)


def _company_fits(event: Event, names: frozenset[str]) -> bool:
    return fold_company(event.company) in names or any(
        fold_company(unit) in names for unit in event.units)


def _date_fits(event: Event, gold: GoldEvent) -> bool:
    slack = timedelta(days=DAY_SLACK)
    return event.start <= gold.end + slack and event.end >= gold.start - slack


def _describe(event: Event) -> str:
    files = sorted(_files(event))
    when = event.start.isoformat() if event.start == event.end else \
        f"{event.start.isoformat()}..{event.end.isoformat()}"
    return f"{event.company} {event.headcount} {when} [{', '.join(files)}]"


def score_events(corpus: str, events: Sequence[Event], gold: Sequence[GoldEvent],
                 figures: Sequence[GoldFigure]) -> EventReport:
    countable = [g for g in gold if g.counts and g.low is not None]  # a number to match
    counted = counted_events(events)
    report = EventReport(corpus, gold=len(countable), counted=len(counted), matched=0, found=0)
    taken: set[str] = set()
    # narrow events first, each to its nearest gold event: a loosely dated event must not take
    # the gold event a precisely dated one matches
    for event in sorted(counted, key=lambda e: ((e.end - e.start).days, e.company, e.start)):
        assert event.headcount is not None
        figure = event.headcount
        candidates = sorted(
            (g for g in countable if _company_fits(event, g.names) and _date_fits(event, g)
             and _figure_fits(event.headcount, g.low, g.high, g.approx)),
            key=lambda g: (abs((g.start - event.start).days), abs((g.low or 0) - figure)))
        fresh = [g for g in candidates if g.id not in taken]
        if fresh:
            taken.add(fresh[0].id)
            report.matched += 1
            continue
        if candidates:
            report.double_counted.append(f"{_describe(event)} again counts {candidates[0].id}")
            continue
        trap = _trap(event, gold, figures)
        if trap:
            report.non_layoff_counted.append(f"{_describe(event)} is {trap}")
        else:
            report.false_positives.append(_describe(event))
    report.found = len(taken)
    report.missed = [f"{g.id} ({g.company} {g.low} {g.start.isoformat()})"
                     for g in countable if g.id not in taken]
    report.undated_apart = _undated_apart(events, [g for g in countable if g.id not in taken])
    return report


def _undated_apart(events: Sequence[Event], missed: Sequence[GoldEvent]) -> list[str]:
    """The missed gold events an event held back as undated gives (same company, compatible
    figure), each such event given to one gold event at most."""
    out = []
    apart = [e for e in events if e.held_back == UNDATED and e.headcount is not None]
    for g in missed:
        event = next((e for e in apart if _company_fits(e, g.names)
                      and _figure_fits(e.headcount or 0, g.low, g.high, g.approx)), None)
        if event is not None:
            apart.remove(event)
            out.append(f"{g.id} ({g.company} {g.low}) as {event.company} {event.headcount} "
                       f"[{', '.join(sorted(_files(event)))}]")
    return out


def _files(event: Event) -> set[str]:
    return {Path(m.source.split("#", 1)[0]).name for m in event.mentions}


def _trap(event: Event, gold: Sequence[GoldEvent], figures: Sequence[GoldFigure]) -> str | None:
    """The gold non-cut this counted event's figure is, if any."""
    assert event.headcount is not None
    files = _files(event)
    for g in gold:
        if not g.counts and _company_fits(event, g.names) and \
                _figure_fits(event.headcount, g.low, g.high, g.approx):
            return f"{g.id} ({g.status}, not counted in a total)"
    for f in figures:
        if f.figure == event.headcount and (f.file in files or _company_fits(event, f.names)):
            return f"a {f.kind} ({f.file})"
    return None


def evaluate_corpus(corpus: str | Path, companies: CompanyTable, *,
                    languages: Sequence[str], today: date | None = None) -> EventReport:
    """Read, extract and score one corpus (``sample`` or a folder; see the module docstring).
    Raises ValueError naming the corpus when it has no gold or an article cannot be read."""
    label, articles, gold_dir = corpus_folders(corpus)
    if not articles.is_dir() or not any(gold_dir.glob("events-*.jsonl")):
        raise ValueError(f"{corpus}: not a gold corpus (it needs articles/ and "
                         "gold/events-*.jsonl); see corpora/news/README.md")
    loaded = load_articles([articles], languages=languages, max_bytes=5_000_000)
    if loaded.skipped:
        names = ", ".join(f"{Path(s.source).name} ({s.reason})" for s in loaded.skipped)
        raise ValueError(f"{corpus}: articles skipped: {names}")
    mentions = [m for a in loaded.articles
                for m in extract_mentions(a, companies, today=today)]
    ledger = build_ledger(mentions)
    gold, figures = load_gold_events(gold_dir)
    return score_events(label, ledger.events, gold, figures)
