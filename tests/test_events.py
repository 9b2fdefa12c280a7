"""De-duplication of mentions into events: no event counted twice, conflicts kept as ranges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from index.dates import Span
from index.events import build_ledger


@dataclass(frozen=True)
class M:
    """A mention as extraction produces it (only the fields events use)."""

    company: str
    headcount: int | None
    announced: Span | None
    doc_id: str
    published: date | None = None
    unit: str | None = None
    low: int | None = None
    high: int | None = None
    qualifier: str = "exact"
    vague: bool = False
    percent: float | None = None
    cumulative: bool = False
    includes_earlier: bool = False
    date_from_publication: bool = False
    country: str | None = None
    reasons: tuple[str, ...] = ()
    sentence: str = ""
    status: str = "confirmed"  # index.standing: confirmed, reported or denied
    plan_total: bool = False
    lookback: bool = False
    passing: bool = False
    prominent: bool = True
    superseded: bool = False
    agreed: bool = False


def day(y: int, m: int, d: int) -> Span:
    return Span(date(y, m, d), date(y, m, d), "day")


def month(y: int, m: int) -> Span:
    import calendar

    return Span(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")


def test_one_cut_reported_by_several_outlets_is_one_event() -> None:
    ledger = build_ledger([
        M("Amazon", 18000, day(2023, 1, 4), "variety", date(2023, 1, 4), qualifier="more_than"),
        M("Amazon", 18000, day(2023, 1, 4), "rfi", date(2023, 1, 5)),
        M("Amazon", 18000, month(2023, 1), "kuow", date(2023, 1, 5)),
    ])
    [event] = ledger.events
    assert event.headcount == 18000 and event.start == date(2023, 1, 4)
    assert event.precision == "day"
    assert set(event.doc_ids) == {"variety", "rfi", "kuow"}
    assert not event.conflicting


def test_conflicting_figures_are_a_range_with_who_says_what() -> None:
    ledger = build_ledger([
        M("Microsoft", 9000, day(2025, 7, 2), "a", qualifier="about"),
        M("Microsoft", 9100, day(2025, 7, 2), "b"),
        M("Microsoft", 9000, day(2025, 7, 3), "c"),
    ])
    [event] = ledger.events
    assert (event.low, event.high, event.headcount) == (9000, 9100, 9000)
    assert event.conflicting
    assert event.figure_by_doc() == {"a": 9000, "b": 9100, "c": 9000}


def test_figure_including_earlier_cuts_marks_them_included() -> None:
    ledger = build_ledger([
        M("Amazon", 10000, month(2022, 11), "nyt", qualifier="about"),
        M("Amazon", 18000, day(2023, 1, 4), "jassy", includes_earlier=True, cumulative=True,
          qualifier="more_than"),
        M("Amazon", 9000, day(2023, 3, 20), "march"),
    ])
    november, january, march = ledger.events
    assert november.included_in == january.id
    assert january.included_in is None and march.included_in is None


def test_running_totals_are_aggregates_not_events() -> None:
    ledger = build_ledger([
        M("Amazon", 14000, day(2025, 10, 28), "oct"),
        M("Amazon", 16000, day(2026, 1, 28), "jan"),
        M("Amazon", 30000, Span(date(2025, 10, 1), date(2026, 1, 28), "range"), "jan",
          cumulative=True, qualifier="about"),
    ])
    assert [e.headcount for e in ledger.events] == [14000, 16000]
    [aggregate] = ledger.aggregates
    assert aggregate.headcount == 30000
    assert set(aggregate.covers) == {e.id for e in ledger.events}


def test_a_period_figure_over_several_events_is_not_added() -> None:
    winter = Span(date(2022, 12, 1), date(2023, 2, 28), "season")
    ledger = build_ledger([
        M("Amazon", 18000, day(2023, 1, 4), "a"),
        M("Amazon", 9000, day(2023, 3, 20), "b"),
        M("Amazon", 27000, winter, "c"),
        M("Amazon", 27000, Span(date(2022, 1, 1), date(2023, 12, 31), "range"), "d"),
    ])
    assert sorted(e.headcount or 0 for e in ledger.events) == [9000, 18000]
    assert len(ledger.aggregates) == 2


def test_a_loose_date_for_the_same_cut_joins_it() -> None:
    ledger = build_ledger([
        M("Alphabet", 12000, day(2023, 1, 20), "a"),
        M("Alphabet", 12000, Span(date(2023, 1, 1), date(2023, 3, 31), "quarter"), "b"),
    ])
    [event] = ledger.events
    assert set(event.doc_ids) == {"a", "b"} and event.precision == "day"


def test_background_figure_without_date_joins_the_earlier_event() -> None:
    ledger = build_ledger([
        M("Amazon", 14000, day(2025, 10, 28), "oct"),
        M("Amazon", 16000, day(2026, 1, 28), "jan"),
        M("Amazon", 14000, day(2026, 1, 29), "jan2", published=date(2026, 1, 29),
          date_from_publication=True),
    ])
    october, january = ledger.events
    assert set(october.doc_ids) == {"oct", "jan2"}
    assert january.doc_ids == ("jan",) and january.headcount == 16000


def test_separate_rounds_and_companies_stay_apart() -> None:
    ledger = build_ledger([
        M("Meta", 11000, day(2022, 11, 9), "a"),
        M("Meta", 10000, day(2023, 3, 14), "b"),
        M("Twitter", 3700, day(2022, 11, 4), "c"),
        M("Meta", 3000, day(2022, 11, 10), "d"),  # incompatible figure, same week
    ])
    assert [(e.company, e.headcount) for e in ledger.events] == [
        ("Meta", 11000), ("Meta", 3000), ("Meta", 10000), ("Twitter", 3700)]


def test_vague_amounts_stay_vague() -> None:
    ledger = build_ledger([
        M("Amazon", None, day(2024, 4, 3), "a", unit="AWS", vague=True, low=200, high=999),
        M("Amazon", None, day(2024, 4, 4), "b", unit="AWS", vague=True, low=100, high=999),
    ])
    [event] = ledger.events
    assert event.vague and event.headcount is None and event.units == ("AWS",)


def test_percent_only_and_figure_join() -> None:
    ledger = build_ledger([
        M("Twitch", None, day(2024, 1, 10), "a", percent=35.0),
        M("Twitch", 500, day(2024, 1, 10), "b", qualifier="more_than", percent=35.0),
    ])
    [event] = ledger.events
    assert event.headcount == 500 and event.percent == 35.0
