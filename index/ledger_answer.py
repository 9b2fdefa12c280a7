"""Answers computed from the event ledger: totals, rounds, largest, comparisons, lists, dates.

Every figure shown is an event's figure, cited to the sources that report it, or a sum or
difference of such figures shown with its terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from index import vocab
from index.dates import Span
from index.events import UNDATED, Event, Ledger, MentionLike
from index.models import Citation, Figure, Term
from index.numbers import format_number

MAX_SOURCES_PER_EVENT = 3


def _t(lang: str) -> Mapping[str, Any]:
    """The answer wording of ``lang``: its file's ``[answer]`` table, English where it has
    none (``index/data/lang/<code>.toml``)."""
    return vocab.with_fallback("answer", lang)


def _months(lang: str) -> Sequence[str]:
    return _t(lang)["months"]


def _date_regex(words: vocab.Words) -> str:
    """A day as any language's answers write it ("4 Jan 2023", "18. März 2025", "18 de marzo de
    2025"), so that its day and year are never read as figures. Every language, whatever the
    reading: an answer is checked in its own language, a quote in another."""
    del words
    months: dict[str, None] = {}
    templates: dict[str, None] = {}
    for voc in vocab.vocabularies():
        table = voc.table("answer")
        months.update(dict.fromkeys(table.get("months", ())))
        if table.get("date_day"):
            templates[str(table["date_day"])] = None
    if not months:
        return r"(?!x)x"
    month = "(?:" + "|".join(re.escape(m) for m in months) + r")(?!\w)"
    forms = []
    for template in templates:
        parts = re.split(r"(\{[dmy]\})", template)
        regex = ""
        for i, part in enumerate(parts):
            if part == "{d}":
                regex += r"\d{1,2}"
            elif part == "{m}":
                regex += month
            elif part == "{y}":
                regex += r"\d{4}"
            elif part == " " and i > 0 and parts[i - 1] == "{m}":
                regex += " ?"
            else:
                regex += re.escape(part)
        forms.append(regex)
    return r"\b(?:" + "|".join(dict.fromkeys(forms)) + r")\b"


DATE_PATTERN = vocab.LangRegex(_date_regex)


def format_when(start: date, end: date, precision: str, lang: str) -> str:
    words = _t(lang)
    months = _months(lang)

    def month(day: date) -> str:
        return str(words["date_month"]).format(m=months[day.month - 1], y=day.year)

    if precision == "day":
        return str(words["date_day"]).format(d=start.day, m=months[start.month - 1],
                                             y=start.year)
    if precision == "year" or (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.year == end.year and start.month == end.month:
        return month(start)
    return f"{month(start)}–{month(end)}"


def _whole_years(start: date, end: date, precision: str) -> bool:
    return precision == "year" or (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


def event_when(event: Event, lang: str) -> str:
    if event.undated:
        return _t(lang)["undated"]
    words = _t(lang)
    text = format_when(event.start, event.end, event.precision, lang)
    key = "on" if event.precision == "day" else "in"
    if key == "in" and "in_year" in words and _whole_years(event.start, event.end,
                                                           event.precision):
        key = "in_year"  # "im Jahr 2025", "im März 2025"
    when = str(words[key]).format(when=text)
    if event.date_inferred:
        when += _t(lang)["inferred"]
    return when


def event_figure(event: Event, lang: str) -> str:
    """How an event's size reads: "more than 18,000", "several hundred", "35% of staff"."""
    t = _t(lang)
    if event.headcount is not None and event.qualifier == "range" and event.high is not None:
        return f"{format_number(event.headcount, lang)}–{format_number(event.high, lang)}"
    if event.headcount is not None:
        text = str(t["qualifiers"].get(event.qualifier, "")) + format_number(
            event.headcount, lang)
        if event.conflicting and event.low is not None and event.high is not None:
            text += t["range"].format(low=format_number(event.low, lang),
                                      high=format_number(event.high, lang))
        return text
    if event.percent is not None:
        return t["of_staff"].format(p=_percent(event.percent, lang))
    low, high = _vague_bounds(event)
    if low is not None and high is not None and low >= 100 and high < 1000:
        return t["several_hundred"]
    if low is not None and high is not None and low >= 1000 and high < 10000:
        return t["several_thousand"]
    return t["unspecified"]


def _vague_bounds(event: Event) -> tuple[int | None, int | None]:
    lows = [m.low for m in event.mentions if m.low is not None]
    highs = [m.high for m in event.mentions if m.high is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def _percent(value: float, lang: str) -> str:
    return f"{value:g}".replace(".", str(_t(lang)["decimal"]))


@dataclass
class Composer:
    """Builds one ledger answer: text pieces, citations and computed figures."""

    lang: str
    quote_of: Callable[[str, str], Citation]  # (doc_id, sentence) -> a Citation numbered 0
    show_percent: bool = False  # the question asks for a share of the workforce

    def __post_init__(self) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[str, int] = {}
        self.figures: list[Figure] = []

    def cite(self, event: Event, most: int = MAX_SOURCES_PER_EVENT) -> str:
        """Citation markers for an event's sources (at most ``most``), conflicting ones first."""
        markers: list[int] = []
        for mention in self._citable(event):
            if mention.doc_id not in self._numbers and len(markers) >= most:
                continue
            n = self.cite_sentence(mention.doc_id, mention.sentence)
            if n not in markers:
                markers.append(n)
            if len(markers) >= most:
                break
        return "".join(f"[{n}]" for n in markers)

    @staticmethod
    def _citable(event: Event) -> list[MentionLike]:
        """The event's mentions in citing order: first one that gives the event's own figure,
        then each differing figure (so a range is sourced), then the rest, oldest first."""
        def key(m: MentionLike) -> tuple[int, date]:
            if m.headcount is not None and m.headcount == event.headcount:
                rank = 0
            elif m.headcount is not None and not m.vague:
                rank = 1
            else:
                rank = 2
            return rank, m.published or date.max

        ordered = sorted(event.mentions, key=key)
        seen_figures: set[int | None] = set()
        first: list[MentionLike] = []
        rest: list[MentionLike] = []
        for m in ordered:
            (rest if m.headcount in seen_figures else first).append(m)
            seen_figures.add(m.headcount)
        return first + rest

    def cite_sentence(self, doc_id: str, sentence: str) -> int:
        """The citation number of ``doc_id``; its quote gathers every sentence relied on."""
        if doc_id in self._numbers:
            n = self._numbers[doc_id]
            old = self.citations[n - 1]
            if sentence and sentence not in old.quote:
                self.citations[n - 1] = replace(old, quote=f"{old.quote} … {sentence}")
            return n
        base = self.quote_of(doc_id, sentence)
        n = len(self.citations) + 1
        self._numbers[doc_id] = n
        self.citations.append(replace(base, n=n, quote=sentence))
        return n

    def term(self, event: Event, noun: bool = False) -> str:
        """One term: "more than 18,000 on 4 Jan 2023" ("… 18,000 jobs …" with ``noun``)."""
        unit = f" {_t(self.lang)['at'].format(unit=', '.join(event.units))}" if event.units else ""
        percent = ""
        if self.show_percent and event.headcount is not None and event.percent is not None:
            percent = f" ({_t(self.lang)['of_staff'].format(p=_percent(event.percent, self.lang))})"
        jobs = f" {_t(self.lang)['jobs']}" if noun and event.headcount is not None else ""
        return (f"{event_figure(event, self.lang)}{jobs}{percent}{unit} "
                f"{event_when(event, self.lang)}")


def in_period(event: Event, period: Span | None) -> bool:
    """An undated event is in no period: only a question with none lists it (apart)."""
    return period is None or period.start <= event.start <= period.end


def select(ledger: Ledger, company: str, period: Span | None) -> list[Event]:
    return [e for e in ledger.for_company(company) if in_period(e, period)]


@dataclass(frozen=True)
class Total:
    company: str
    counted: tuple[Event, ...]
    included: dict[str, tuple[Event, ...]]  # counted event id -> earlier events it includes
    uncounted: tuple[Event, ...]  # no figure: vague amounts or a percentage only
    apart: tuple[Event, ...] = ()  # held back (undated, unverified): shown, never added

    @property
    def value(self) -> int:
        return sum(e.headcount or 0 for e in self.counted)

    @property
    def approximate(self) -> bool:
        return any(e.qualifier != "exact" or e.conflicting for e in self.counted)


def total(events: Sequence[Event]) -> Total:
    """The sum over ``events``, leaving out figures included in a counted one (earlier cuts a
    later figure folds in, a unit's share of a company-wide round)."""
    apart = tuple(e for e in events if e.held_back)
    events = [e for e in events if not e.held_back]
    ids = {e.id for e in events}
    counted = tuple(e for e in events if e.headcount is not None
                    and not (e.included_in and e.included_in in ids))
    included: dict[str, tuple[Event, ...]] = {}
    for e in events:
        if e.included_in and e.included_in in ids:
            included[e.included_in] = (*included.get(e.included_in, ()), e)
    uncounted = tuple(e for e in events if e.headcount is None
                      and not (e.included_in and e.included_in in ids))
    company = events[0].company if events else ""
    company = company or (apart[0].company if apart else "")
    return Total(company, counted, included, uncounted, apart)


@vocab.cached
def _leading() -> re.Pattern[str]:
    """The words a question's period may start with, in any language ("since", "depuis",
    "seit", "desde"): such a period reads after a noun as written."""
    words = vocab.merged_words("answer", "period_leading")
    return re.compile(r"^(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _period_label(period: Span | None, lang: str = "en") -> str:
    """The question's own words for its period, made to read after a noun: " in 2023"."""
    text = period.text.strip() if period is not None else ""
    if not text:
        return ""
    if not _leading().match(text):
        words = _t(lang)
        key = "period_in_year" if re.fullmatch(r"\d{4}", text) else "period_in"
        text = f"{words.get(key) or words['period_in']} {text}"
    return f" {text}"


def _qualified_total(t: Total, lang: str) -> str:
    return str(_t(lang)["about_total"]) if t.approximate else ""


def compose_total(c: Composer, t: Total, period: Span | None, show_company: bool) -> str:
    lang = c.lang
    words = _t(lang)
    terms: list[Term] = []
    pieces: list[str] = []
    for event in t.counted:
        marks = c.cite(event)
        piece = c.term(event, noun=len(t.counted) == 1)
        earlier = t.included.get(event.id, ())
        if earlier:
            piece += words["including"].format(what=", ".join(
                f"{event_figure(e, lang)} {words['at'].format(unit=', '.join(e.units))}"
                if e.units else words["earlier"].format(when=event_when(e, lang))
                for e in earlier))
            marks += "".join(c.cite(e, most=1) for e in earlier)
        numbers = tuple(dict.fromkeys(int(x) for x in marks.strip("[]").split("][") if x))
        pieces.append(f"{piece} {''.join(f'[{n}]' for n in numbers)}")
        terms.append(Term(value=event.headcount or 0, label=piece, citations=numbers))
    lead_company = f"{t.company}: " if show_company else ""
    text = ""
    if len(t.counted) == 1:
        text = f"{lead_company}{pieces[0][0].upper()}{pieces[0][1:]}."
    elif t.counted:
        total_text = format_number(t.value, lang)
        q = _qualified_total(t, lang)
        lead = words["total_lead"].format(q=q, total=total_text,
                                          period=_period_label(period, lang))
        if not q:
            lead = lead[0].upper() + lead[1:]
        rounds = words["rounds"].format(n=len(t.counted))
        text = f"{lead_company}{lead} ({rounds}){words['colon']}" + " + ".join(pieces) + "."
        c.figures.append(Figure(value=t.value, label=lead, terms=tuple(terms)))
    if t.uncounted:
        items = "; ".join(f"{c.term(e)} {c.cite(e)}" for e in t.uncounted)
        text = (text + " " if text else lead_company) + words["not_counted"].format(items=items)
    if t.apart:
        text = (text + " " if text else lead_company) + compose_apart(c, t.apart)
    return text


def compose_apart(c: Composer, events: Sequence[Event]) -> str:
    """Held-back figures, each with why it is not added and its source."""
    words = _t(c.lang)
    items = "; ".join(f"{c.term(e)} ({words['held_' + (e.held_back or UNDATED)]}) {c.cite(e)}"
                      for e in events)
    return words["apart"].format(items=items)


def compose_context(c: Composer, events: Sequence[Event]) -> str:
    """A line of matching ledger events under a passage answer, with the reasons recorded."""
    if not events:
        return ""
    words = _t(c.lang)
    items = []
    for e in events:
        reasons = ", ".join(str(words["reasons"].get(r, r)) for r in e.reasons)
        why = words["reasons_given"].format(reasons=reasons) if reasons else ""
        items.append(f"{c.term(e, noun=True)}{why} {c.cite(e, most=2)}")
    return words["ledger"].format(items="; ".join(items))


def compose_none(lang: str, company: str, period: Span | None) -> str:
    return _t(lang)["none"].format(company=company, period=_period_label(period, lang))


def compose_rounds(c: Composer, events: Sequence[Event], company: str,
                   period: Span | None) -> str:
    t = total(events)
    rounds = [e for e in events if e not in sum(t.included.values(), ()) and not e.held_back]
    words = _t(c.lang)
    label = words["one_round"] if len(rounds) == 1 else words["rounds"].format(n=len(rounds))
    sep = words["colon"]
    items = "; ".join(f"{c.term(e)} {c.cite(e)}" for e in rounds)
    c.figures.append(Figure(value=len(rounds), label="rounds", terms=tuple(
        Term(e.headcount or 0, c.term(e), ()) for e in rounds)))
    text = words["rounds_lead"].format(company=company, rounds=label,
                                       period=_period_label(period, c.lang)) + sep + items + "."
    return f"{text} {compose_apart(c, t.apart)}" if t.apart else text


def compose_largest(c: Composer, events: Sequence[Event], period: Span | None) -> str:
    sized = sorted((e for e in events if e.headcount is not None and not e.held_back),
                   key=lambda e: -(e.headcount or 0))
    apart = [e for e in events if e.held_back]
    if not sized:
        return compose_apart(c, apart) if apart else ""
    top = sized[0]
    words = _t(c.lang)
    who = f"{top.company}, " if len({e.company for e in sized}) > 1 else ""
    marks = c.cite(top).strip("[]")
    text = words["largest"].format(period=_period_label(period, c.lang),
                                   figure=who + event_figure(top, c.lang),
                                   when=event_when(top, c.lang), cites=marks)
    others = [e for e in sized[1:] if e.included_in != top.id]
    if others:
        items = "; ".join(
            f"{e.company + ', ' if who else ''}{c.term(e)} {c.cite(e)}" for e in others)
        text += " " + words["others"].format(items=items)
    if apart:
        text += " " + compose_apart(c, apart)
    return text


def compose_compare(c: Composer, a_label: str, a: Total, b_label: str, b: Total) -> str:
    words = _t(c.lang)
    a_text = compose_total(c, a, None, show_company=False)
    b_text = compose_total(c, b, None, show_company=False)
    text = f"{a_label}: {a_text}\n{b_label}: {b_text}"
    if a.counted and b.counted:
        if a.value == b.value:
            text += "\n" + words["same"].format(a=format_number(a.value, c.lang))
        else:
            (big_label, big), (_, small) = sorted(
                [(a_label, a), (b_label, b)], key=lambda pair: -pair[1].value)
            diff = big.value - small.value
            text += "\n" + words["bigger"].format(
                first=big_label, a=format_number(big.value, c.lang),
                b=format_number(small.value, c.lang), diff=format_number(diff, c.lang))
            c.figures.append(Figure(value=diff, label="difference", terms=(
                Term(big.value, big_label, ()), Term(-small.value, "", ()))))
            for t in (big, small):
                if len(t.counted) > 1:
                    c.figures.append(Figure(value=t.value, label="total", terms=()))
    return text


def compose_when(c: Composer, events: Sequence[Event], company: str,
                 period: Span | None) -> str:
    words = _t(c.lang)
    lines = [words["when_lead"].format(company=company, period=_period_label(period, c.lang))]
    for e in events:
        lines.append(f"- {format_when(e.start, e.end, e.precision, c.lang)}: "
                     f"{event_figure(e, c.lang)} {c.cite(e)}")
    return "\n".join(lines)


def compose_list(c: Composer, ledger: Ledger, period: Span | None,
                 companies: Sequence[str] = ()) -> str:
    words = _t(c.lang)
    lines = [words["list_lead"].format(period=_period_label(period, c.lang))]
    names = companies or ledger.companies()
    for company in names:
        events = select(ledger, company, period)
        if not events:
            continue
        t = total(events)
        lines.append(f"- {compose_total(c, t, period, show_company=True)}")
    return "\n".join(lines) if len(lines) > 1 else ""
