"""Events held back from totals: undated reports that match no dated event, and a lone
source's figure far above everything else reported for the company (the sanity gate)."""

from __future__ import annotations

from datetime import date

from index import ledger_answer as la
from index.dates import Span
from index.events import OUTLIER, UNDATED, build_ledger
from index.models import Citation
from tests.test_events import M, day, month


def inferred(start: date, end: date) -> Span:
    """The bounds an undated article's content allows (index.dates.bounds_from_content)."""
    return Span(start, end, "inferred", inferred=True)


def undated(company: str, headcount: int, doc: str, bounds: Span | None = None) -> M:
    return M(company, headcount, bounds, doc, published=None, date_from_publication=True,
             qualifier="about")


def composer(lang: str = "en") -> la.Composer:
    def quote_of(doc_id: str, sentence: str) -> Citation:
        return Citation(0, doc_id, doc_id, f"https://example.org/{doc_id}", doc_id,
                        None, lang, sentence)
    return la.Composer(lang, quote_of=quote_of)


def test_an_undated_report_joins_the_dated_event_it_matches() -> None:
    """Dropbox's 500 in an undated recap is the dated April 2023 cut, not a new one."""
    ledger = build_ledger([
        M("Dropbox", 500, day(2023, 4, 27), "cloud7", date(2023, 5, 1)),
        undated("Dropbox", 500, "neowin", inferred(date(2023, 1, 1), date(2026, 12, 6))),
    ])
    [event] = ledger.events
    assert event.start == date(2023, 4, 27) and set(event.doc_ids) == {"cloud7", "neowin"}
    assert event.held_back is None


def test_an_undated_report_with_no_bounds_still_finds_its_event() -> None:
    ledger = build_ledger([
        M("Grab", 1000, day(2023, 6, 20), "cna", date(2023, 6, 20)),
        undated("Grab", 1000, "says"),
    ])
    [event] = ledger.events
    assert set(event.doc_ids) == {"cna", "says"}


def test_an_undated_report_outside_its_bounds_is_its_own_inferred_event() -> None:
    ledger = build_ledger([
        M("Unity", 600, day(2023, 5, 3), "vb", date(2023, 5, 3)),
        undated("Unity", 600, "recap", inferred(date(2024, 1, 1), date(2024, 12, 31))),
    ])
    assert len(ledger.events) == 2
    later = ledger.events[1]
    assert later.start == date(2024, 1, 1) and later.date_inferred and later.held_back is None


def test_an_unmatched_undated_report_is_never_year_one_nor_added() -> None:
    ledger = build_ledger([
        M("Personio", 101, month(2024, 1), "a", date(2024, 1, 10)),
        undated("Personio", 165, "blog"),
    ])
    held = next(e for e in ledger.events if e.held_back)
    assert held.undated and held.held_back == UNDATED
    c = composer()
    assert "1 Jan 1" not in la.event_when(held, "en")
    assert la.event_when(held, "en") == "undated"
    t = la.total(ledger.events)
    assert t.value == 101 and held in t.apart and held not in t.counted
    text = la.compose_total(c, t, None, show_company=False)
    assert "165" in text and "no source dates it" in text and "Not added to the total" in text


def test_a_relative_date_in_an_undated_article_is_no_date() -> None:
    """"Last Friday, GoTo announced about 600 layoffs" with no publication date: the phrase
    resolves to nothing, and the figure must still find its dated event, never year one."""
    relative = M("GoTo", 600, None, "momentum", published=None, qualifier="about")
    ledger = build_ledger([M("GoTo", 600, day(2023, 3, 10), "cna", date(2023, 3, 10)), relative])
    [event] = ledger.events
    assert set(event.doc_ids) == {"cna", "momentum"} and event.start == date(2023, 3, 10)


def test_two_dated_events_an_undated_figure_fits_equally_are_not_guessed_between() -> None:
    ledger = build_ledger([
        M("Ledger", 90, day(2023, 10, 5), "bfm", date(2023, 10, 5)),
        M("Ledger", 90, day(2025, 3, 1), "other", date(2025, 3, 1)),
        undated("Ledger", 90, "recap"),
    ])
    assert len(ledger.events) == 2  # the recap joins neither, and adds nothing
    assert all(e.doc_ids != ("recap",) for e in ledger.events)


def test_a_planted_seven_figure_cut_is_held_back_as_unverified() -> None:
    """One article saying "Amazon cut 1 million jobs" beside the real rounds."""
    ledger = build_ledger([
        M("Amazon", 18000, day(2023, 1, 4), "variety", date(2023, 1, 4)),
        M("Amazon", 18000, day(2023, 1, 4), "rfi", date(2023, 1, 5)),
        M("Amazon", 9000, day(2023, 3, 20), "verge", date(2023, 3, 20)),
        M("Amazon", 1_000_000, day(2024, 2, 1), "planted", date(2024, 2, 1)),
    ])
    planted = next(e for e in ledger.events if e.headcount == 1_000_000)
    assert planted.held_back == OUTLIER
    t = la.total(la.select(ledger, "Amazon", None))
    assert t.value == 27000
    c = composer()
    text = la.compose_total(c, t, None, show_company=False)
    assert "27,000" in text and "1,000,000" in text and "unverified" in text
    largest = la.compose_largest(composer(), ledger.events, None)
    assert largest.startswith("The largest: more than 18,000") or "18,000" in largest.split(".")[0]
    assert "1,000,000" not in largest.split("Not added")[0]


def test_a_large_figure_two_outlets_report_is_not_held_back() -> None:
    ledger = build_ledger([
        M("Acme", 100, day(2023, 1, 4), "a", date(2023, 1, 4)),
        M("Acme", 200, day(2023, 6, 4), "d", date(2023, 6, 4)),
        M("Acme", 12000, day(2024, 2, 1), "b", date(2024, 2, 1)),
        M("Acme", 12000, day(2024, 2, 1), "c", date(2024, 2, 2)),
    ])
    assert all(e.held_back is None for e in ledger.events)


def test_a_company_with_one_event_has_nothing_to_compare_it_with() -> None:
    [event] = build_ledger([M("Solo", 5000, day(2024, 2, 1), "a", date(2024, 2, 1))]).events
    assert event.held_back is None


def test_a_big_round_beside_one_small_one_is_not_an_outlier() -> None:
    """Siemens: about 6,000 jobs, and a unit's 450 reported separately months earlier."""
    ledger = build_ledger([
        M("Siemens", 450, day(2024, 11, 2), "a", date(2024, 11, 2)),
        M("Siemens", 6000, day(2025, 3, 18), "b", date(2025, 3, 18)),
    ])
    assert all(e.held_back is None for e in ledger.events)


def test_the_held_back_line_is_written_in_french_for_a_french_question() -> None:
    ledger = build_ledger([
        M("Criteo", 100, day(2023, 1, 4), "a", date(2023, 1, 4)),
        undated("Criteo", 260, "b"),
    ])
    text = la.compose_total(composer("fr"), la.total(ledger.events), None, show_company=False)
    assert "Non ajoutés au total" in text and "sans date" in text


def test_the_date_the_text_gives_wins_over_a_publication_date_whatever_the_order() -> None:
    """The month a sentence names dates the event, not the day another article was
    published (spans and mentions were once paired out of order)."""
    ledger = build_ledger([
        M("Cariad", 1600, month(2025, 3), "handelsblatt", date(2025, 3, 20)),
        M("Cariad", 1600, day(2025, 3, 21), "electrive", date(2025, 3, 21),
          date_from_publication=True),
    ])
    [event] = ledger.events
    assert event.precision == "month" and event.start == date(2025, 3, 1)


def test_one_countrys_share_announced_with_the_company_wide_cut_is_not_added() -> None:
    """Siemens: about 6,000 worldwide and, the same day, 2,850 in Germany."""
    ledger = build_ledger([
        M("Siemens", 6000, day(2025, 3, 18), "bloomberg", date(2025, 3, 18), qualifier="about"),
        M("Siemens", 2850, day(2025, 3, 18), "handelsblatt", date(2025, 3, 18),
          country="Germany"),
    ])
    t = la.total(ledger.events)
    assert t.value == 6000 and [e.headcount for e in t.counted] == [6000]
    assert [e.headcount for e in t.included[t.counted[0].id]] == [2850]


def test_a_countrys_own_round_months_later_is_its_own_event() -> None:
    ledger = build_ledger([
        M("Siemens", 6000, day(2025, 3, 18), "bloomberg", date(2025, 3, 18)),
        M("Siemens", 500, day(2025, 11, 4), "sz", date(2025, 11, 4), country="Germany"),
    ])
    assert la.total(ledger.events).value == 6500


def test_two_country_figures_do_not_swallow_each_other() -> None:
    ledger = build_ledger([
        M("Worldline", 244, day(2024, 2, 21), "echo", date(2024, 2, 21), country="Belgium"),
        M("Worldline", 300, day(2024, 2, 21), "lesechos", date(2024, 2, 21), country="France"),
    ])
    assert la.total(ledger.events).value == 544


def test_a_share_only_report_does_not_make_a_countrys_part_company_wide() -> None:
    """Golem: "in Deutschland rund 2.600 Stellen"; La Presse beside it: "environ 2 % des
    effectifs" with no figure. The 2,600 stay Germany's part of the 6,000."""
    ledger = build_ledger([
        M("Siemens", 6000, day(2025, 3, 18), "dowjones", date(2025, 3, 18)),
        M("Siemens", 2600, day(2025, 3, 18), "golem", None, country="Germany"),
        M("Siemens", None, day(2025, 3, 18), "lapresse", date(2025, 3, 23), percent=2.0),
    ])
    assert la.total(ledger.events).value == 6000


def test_two_undated_reports_of_one_figure_are_one_event() -> None:
    """Back Market's 93 jobs in two undated articles (California18, Cerfia), one of them
    adding "dont 70 en France": one event, counted once."""
    ledger = build_ledger([
        undated("Back Market", 93, "california18", inferred(date(2022, 1, 1), date(2026, 12, 6))),
        M("Back Market", 93, inferred(date(2022, 2, 1), date(2026, 12, 6)), "cerfia", None,
          date_from_publication=True, country="France"),
    ])
    assert la.total(ledger.events).value == 93
    assert len([e for e in ledger.events if e.headcount]) == 1


def test_a_recalled_cut_joins_the_earlier_event_it_repeats() -> None:
    """Pocket Gamer, January 2024: "By the end of that month, Unity had said it was cutting
    265 jobs" is November's cut told again, not a new one dated January."""
    ledger = build_ledger([
        M("Unity", 265, day(2023, 11, 28), "gwo", date(2023, 11, 29)),
        M("Unity", 265, day(2024, 1, 8), "pocketgamer", date(2024, 1, 8),
          date_from_publication=True, lookback=True),
        M("Unity", 1800, day(2024, 1, 8), "pocketgamer", date(2024, 1, 8)),
    ])
    assert la.total(ledger.events).value == 2065
    [nov] = [e for e in ledger.events if e.headcount == 265]
    assert nov.start == date(2023, 11, 28) and set(nov.doc_ids) == {"gwo", "pocketgamer"}


def test_a_recalled_cut_with_no_earlier_report_is_held_back_not_dated_today() -> None:
    """Libertad Digital, October 2025: "El último ERE terminó con la salida de 3.420
    trabajadores" with no report of that ERE in the index: shown apart, never a 2025 cut."""
    ledger = build_ledger([
        M("Telefonica", 3420, day(2025, 10, 6), "libertaddigital", date(2025, 10, 6),
          date_from_publication=True, lookback=True),
        M("Telefonica", 5500, day(2025, 12, 22), "boursorama", date(2025, 12, 22)),
    ])
    t = la.total(ledger.events)
    assert t.value == 5500 and [e.headcount for e in t.apart] == [3420]


def test_a_recalled_cut_never_joins_a_later_event() -> None:
    ledger = build_ledger([
        M("Grab", 1000, day(2023, 6, 1), "a", date(2023, 6, 1),
          date_from_publication=True, lookback=True),
        M("Grab", 1000, day(2024, 2, 1), "b", date(2024, 2, 1)),
    ])
    later = next(e for e in ledger.events if e.held_back is None)
    assert later.doc_ids == ("b",)


def test_an_undated_figure_that_includes_earlier_cuts_covers_none_and_does_not_crash() -> None:
    """An undated article's "including the earlier rounds" figure with no bounds is held back
    as undated (its start is date.min); looking for the rounds it covers before that start
    overflowed the date range, and the whole ledger failed to build (found when a frozen half
    was first scored, 2026-12-07)."""
    from dataclasses import replace

    ledger = build_ledger([
        replace(undated("Acme", 900, "recap"), includes_earlier=True),
        M("Acme", 300, day(2024, 3, 5), "wire", published=date(2024, 3, 5)),
    ])
    held = [e for e in ledger.events if e.headcount == 900]
    assert held and held[0].held_back == UNDATED
    dated = [e for e in ledger.events if e.headcount == 300]
    assert dated and dated[0].included_in is None
