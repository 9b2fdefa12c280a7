"""The event-level evaluation's own logic: matching, double counts, non-layoff figures, and a
run over the development half of the news corpus."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from index.companies import CompanyTable, fold_company
from index.evaluate_events import (
    GoldEvent,
    GoldFigure,
    evaluate_corpus,
    load_gold_events,
    score_events,
)
from index.events import UNDATED, Event

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpora" / "news" / "dev"


def _event(company: str, headcount: int, day: date, source: str = "a.md") -> Event:
    from index.extract import Mention

    mention = Mention(company=company, unit=None, headcount=headcount, low=None, high=None,
                      qualifier="exact", vague=False, percent=None, announced=None,
                      date_from_publication=True, cumulative=False, includes_earlier=False,
                      country=None, reasons=(), sentence="s", doc_id=source, source=source,
                      published=day)
    return Event(id=f"{company}{headcount}{day}", company=company, start=day, end=day,
                 precision="day", headcount=headcount, low=headcount, high=headcount,
                 qualifier="exact", vague=False, percent=None, units=(), countries=(),
                 reasons=(), mentions=(mention,))


def _gold(gid: str, company: str, figure: int, day: date, *, counts: bool = True,
          approx: str = "about", end: date | None = None) -> GoldEvent:
    return GoldEvent(gid, company, frozenset({fold_company(company)}), day, end or day, figure,
                     figure, approx, "confirmed", counts, ("a.md",))


def test_names_fold_accents_case_and_legal_suffixes() -> None:
    assert fold_company("Telefónica S.A.") == fold_company("telefonica") == "telefonica"
    assert fold_company("Siemens AG") == "siemens"
    assert fold_company("Delivery Hero SE") == "delivery hero"
    assert fold_company("Group") == "group"  # a name is never folded away


def test_a_match_needs_company_date_and_a_compatible_figure() -> None:
    gold = [_gold("g1", "Siemens", 5000, date(2023, 3, 14))]
    events = [
        _event("Siemens AG", 5100, date(2023, 3, 17)),  # within 7 days and 15 %: a match
        _event("Siemens", 5000, date(2023, 6, 1)),  # too late
        _event("Infineon", 5000, date(2023, 3, 14)),  # another company
    ]
    report = score_events("t", events, gold, [])
    assert (report.matched, report.found, report.counted) == (1, 1, 3)
    assert report.precision == pytest.approx(1 / 3)
    assert report.recall == 1.0
    assert len(report.false_positives) == 2


def test_the_same_event_counted_twice_is_a_double_count() -> None:
    gold = [_gold("g1", "Grab", 1000, date(2023, 6, 20))]
    events = [_event("Grab", 1000, date(2023, 6, 20)), _event("Grab", 1000, date(2023, 6, 25))]
    report = score_events("t", events, gold, [])
    assert report.matched == 1 and report.precision == 0.5
    assert report.double_counted and "again counts g1" in report.double_counted[0]


def test_a_missed_event_shown_apart_as_undated_is_listed_apart_never_matched() -> None:
    gold = [_gold("g1", "Ynsect", 70, date(2023, 5, 3)),
            _gold("g2", "Ynsect", 200, date(2024, 1, 9))]
    apart = replace(_event("Ynsect", 72, date.min), held_back=UNDATED)
    other = replace(_event("Ynsect", 500, date.min), held_back=UNDATED)  # no gold figure fits
    report = score_events("t", [apart, other], gold, [])
    assert (report.counted, report.matched, report.found) == (0, 0, 0)
    assert len(report.missed) == 2
    assert len(report.undated_apart) == 1 and report.undated_apart[0].startswith("g1 ")
    assert report.summary()["missed_shown_apart_undated"] == 1
    # one event held apart stands for one gold event at most
    twice = [_gold("g1", "Ynsect", 70, date(2023, 5, 3)),
             _gold("g3", "Ynsect", 70, date(2025, 2, 1))]
    assert len(score_events("t", [apart], twice, []).undated_apart) == 1


def test_an_exact_gold_figure_allows_no_slack() -> None:
    gold = [_gold("g1", "Ledger", 90, date(2023, 10, 5), approx="exact")]
    assert score_events("t", [_event("Ledger", 95, date(2023, 10, 5))], gold, []).matched == 0
    assert score_events("t", [_event("Ledger", 90, date(2023, 10, 5))], gold, []).matched == 1


def test_month_precision_gold_matches_any_day_of_the_month() -> None:
    gold = [_gold("g1", "Cariad", 1600, date(2025, 3, 1), end=date(2025, 3, 31))]
    assert score_events("t", [_event("Cariad", 1600, date(2025, 3, 28))], gold, []).matched == 1


def test_staff_counts_plans_and_rumours_counted_are_non_layoff_figures() -> None:
    gold = [_gold("plan", "Byju", 4000, date(2023, 9, 27), counts=False)]
    figures = [GoldFigure("b.md", 50000, "staff_count", frozenset({"byju"}))]
    events = [_event("Byju", 4000, date(2023, 9, 27)), _event("Byju", 50000, date(2024, 1, 2),
                                                              source="b.md")]
    report = score_events("t", events, gold, figures)
    assert report.gold == 0 and report.counted == 2 and report.matched == 0
    assert len(report.non_layoff_counted) == 2
    assert "plan" in report.non_layoff_counted[0] and "staff_count" in report.non_layoff_counted[1]


def test_gold_shards_are_read_together(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    row = {"id": "x-2024-01", "company": "X", "aliases": ["X Corp"], "parent": "Y",
           "announced": "2024-01-01", "date_precision": "month", "figure": 10,
           "approx": "exact", "status": "confirmed", "counts_in_total": True,
           "sources": ["x.md"]}
    (gold / "events-en.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (gold / "events-fr.jsonl").write_text(json.dumps({**row, "id": "x-2"}) + "\n",
                                          encoding="utf-8")
    (gold / "figures-en.jsonl").write_text(json.dumps(
        {"file": "x.md", "figure": 900, "kind": "staff_count", "company": None,
         "event": "x-2024-01"}) + "\n", encoding="utf-8")
    events, figures = load_gold_events(gold)
    assert [e.id for e in events] == ["x-2024-01", "x-2"]
    assert events[0].end == date(2024, 1, 31)
    assert events[0].names == {"x", "y"}  # "X Corp" folds to "x"
    assert figures[0].names == {"x", "y"}  # the event it belongs to names it


def test_a_broken_gold_line_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "events-en.jsonl").write_text("{}\n{oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"events-en\.jsonl:2: not JSON"):
        load_gold_events(tmp_path / "gold")


def test_the_sample_corpus_is_scored_with_its_bundled_gold() -> None:
    report = evaluate_corpus("sample", CompanyTable.load(), languages=["en", "fr"],
                             today=date(2026, 12, 6))
    assert report.corpus == "sample" and report.gold >= 30
    assert report.found + len(report.missed) == report.gold


def test_a_folder_without_gold_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    with pytest.raises(ValueError, match="not a gold corpus"):
        evaluate_corpus(tmp_path, CompanyTable.load(), languages=["en"])


@pytest.mark.skipif(not DEV.is_dir(), reason="the news corpus is not in this checkout")
def test_the_development_half_is_scored_end_to_end() -> None:
    report = evaluate_corpus(DEV, CompanyTable.load(), languages=["en", "fr", "de", "es"],
                             today=date(2026, 12, 6))
    summary = report.summary()
    assert summary["gold_events"] >= 20
    assert 0.0 <= summary["event_precision"] <= 1.0 and 0.0 <= summary["event_recall"] <= 1.0
    # every gold event is either found or listed as missed, by id
    assert report.found + len(report.missed) == report.gold
    assert report.counted == (report.matched + len(report.double_counted)
                              + len(report.non_layoff_counted) + len(report.false_positives))


def test_layoffs_eval_events_prints_each_corpus_and_refuses_a_folder_without_gold(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "index.cli", "eval", "--events", "sample",
                          "--json"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout.splitlines()[0])
    assert summary["corpus"] == "sample" and 0 < summary["event_recall"] <= 1
    bad = subprocess.run([sys.executable, "-m", "index.cli", "eval", "--events",
                          str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "not a gold corpus" in bad.stderr


def test_question_eval_rows_by_language_and_kind() -> None:
    from index.evaluate import EvalReport, GoldQuestion

    def q(qid: str, lang: str, kind: str, answerable: bool = True) -> GoldQuestion:
        return GoldQuestion(qid, "?", lang, kind, answerable, (), (100,) if answerable else ())

    a, b, c = q("a", "en", "total"), q("b", "de", "total"), q("c", "de", "refusal", False)
    report = EvalReport(refusals=[(a, True), (b, True), (c, False)],
                        figures=[(a, True), (b, False)])
    assert report.breakdown("lang") == {
        "de": {"questions": 2, "right": 0, "accuracy": 0.0},
        "en": {"questions": 1, "right": 1, "accuracy": 1.0}}
    assert report.breakdown("kind")["total"] == {"questions": 2, "right": 1, "accuracy": 0.5}
