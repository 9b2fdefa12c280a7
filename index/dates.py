"""Dates in news text, in every language with a vocabulary file: publication dates, event dates
and question periods. The words and phrase templates are data (index/data/lang/<code>.toml,
``[months]``, ``[weekdays]``, ``[seasons]`` and the ``[dates...]`` tables, read through
:mod:`index.vocab`); the rules below say what each kind of phrase means, whatever its language.

Everything here works on short strings found with regular expressions; ``dateparser`` is only
asked about a short candidate string (a byline it did not recognise), never about a whole article.

The rules, in one place (see also the module's tests):

* **Spans are inclusive** and carry a :data:`Precision`: ``day``, ``month``, ``season``,
  ``quarter``, ``half``, ``year``, or ``range`` for anything not aligned to one calendar unit
  (explicit ranges, "late 2022", "since October", "earlier this year", "the past 12 months").
* **Seasons** are meteorological, northern hemisphere: spring = March-May, summer = June-August,
  autumn/fall = September-November, winter = December-February. "winter 2022-2023" is
  Dec 2022-Feb 2023; a single year, "winter 2023", is the winter whose January falls in 2023
  (Dec 2022-Feb 2023), the usual meteorological convention.
* **Parts of a year**: early/début = January-April, mid/mi = May-August, late/fin/"the end of" =
  September-December; "courant 2023"/"in the course of" = the whole year.
  **Parts of a month**: early = days 1-10, mid = 11-20, late = 21 to the month's end.
* **Relative phrases** need a reference date (the publication date, or "today" for a question)
  and give ``inferred=True``; without a reference they are skipped, never guessed:

  - a weekday ("on Wednesday", "mercredi") is the most recent such day on or before the
    reference (the reference day itself counts); "last Wednesday"/"mercredi dernier" is the most
    recent one strictly before it; "next Wednesday" the first one strictly after it;
  - a month with no year ("in January", "en janvier") is the most recent such month on or before
    the reference month; "last January"/"janvier dernier" the most recent strictly before it;
  - a season with no year ("in the summer", "l'été") is the most recent one that began on or
    before the reference; "last autumn"/"l'automne dernier" is the most recent *complete* one
    (ended strictly before the reference): published 2025-10-29 it is autumn 2024, published
    2026-01-28 it is autumn 2025; "this summer"/"cet été" is the one of the reference's year
    (for winter: the one containing the reference, else the one just ended if before July, else
    the coming one);
  - a day and month with no year ("on March 1", "le 4 janvier") is the nearest occurrence,
    biased to the past: the future one is taken only when it is less than half as far away
    (so "effective March 1" in an article of February 20 is that coming March 1);
  - a quarter or half with no year is the most recent one that began on or before the reference;
    "last quarter"/"le trimestre dernier" is the previous complete quarter;
  - "last week" is the previous Monday-Sunday week; "last month", "last year" the previous
    calendar month or year; "this year" the whole calendar year; "earlier this year" is
    January 1 to the reference; "the past two years"/"ces deux dernières années" is the
    reference minus two years to the reference; "two years ago" is the calendar year that
    contains the reference minus two years.

* **Ranges** join two expressions with "to", "through", "until", "-", "à", "au", "jusqu'à", or
  "and"/"et" after "between"/"entre"; a year-less side takes its year from the other side
  ("from November to March 2023" is Nov 2022-Mar 2023). "since X"/"depuis X" runs from X's
  start to the reference; with no reference it is just X.
* **Bare years** are only years (1980-2049) after a preposition or determiner ("in 2024",
  "en 2024", "the 2023 layoffs") and never before a count noun ("2000 employees") nor inside a
  grouped number ("18,000", "2,000"); in questions a bare year ("Amazon layoffs 2023") counts.
* **Numeric dates** are day-first in French, month-first in English unless the first number is
  over 12.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlparse

from index import vocab
from index.text import after_ordinal

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

log = logging.getLogger(__name__)

Precision = Literal["day", "month", "season", "quarter", "half", "year", "range"]

OPEN_START = date(2000, 1, 1)
"""The start used for open-ended question periods ("before 2024")."""

HEAD_CHARS = 600
"""How far from the top of an article a dateline or byline is looked for."""


@dataclass(frozen=True)
class Span:
    """An inclusive interval of days, with the precision of the phrase it came from."""

    start: date
    end: date  # inclusive
    precision: Precision
    text: str = ""  # the phrase it came from
    inferred: bool = False  # resolved from a relative phrase, or with no reference date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls inside the span (both ends included)."""
        return self.start <= d <= self.end


# --------------------------------------------------------------------------------------------
# Calendar arithmetic

Triple = tuple[date, date, Precision]


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m0 = divmod(idx, 12)
    return date(y, m0 + 1, min(d.day, _last_day(y, m0 + 1)))


def _month(y: int, m: int) -> Triple:
    return date(y, m, 1), date(y, m, _last_day(y, m)), "month"


def _quarter(y: int, q: int) -> Triple:
    return date(y, 3 * q - 2, 1), date(y, 3 * q, _last_day(y, 3 * q)), "quarter"


def _half(y: int, h: int) -> Triple:
    return (date(y, 1, 1), date(y, 6, 30), "half") if h == 1 else (
        date(y, 7, 1), date(y, 12, 31), "half")


def _year(y: int) -> Triple:
    return date(y, 1, 1), date(y, 12, 31), "year"


def _season(start_month: int, start_year: int) -> Triple:
    """A meteorological season that starts in ``start_month`` of ``start_year``."""
    start = date(start_year, start_month, 1)
    last = _add_months(start, 2)
    return start, date(last.year, last.month, _last_day(last.year, last.month)), "season"


def _week(d: date) -> Triple:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6), "range"


def _day(d: date) -> Triple:
    return d, d, "day"


def _shift(d: date, n: int, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(days=7 * n)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    return _add_months(d, n * months)


def _unit_span(d: date, unit: str) -> Triple:
    if unit == "day":
        return _day(d)
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month(d.year, d.month)
    if unit == "quarter":
        return _quarter(d.year, (d.month - 1) // 3 + 1)
    return _year(d.year)


_YEAR_PARTS: dict[str, tuple[int, int]] = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _year_part(y: int, which: str) -> Triple:
    if which == "whole":
        return _year(y)
    first, last = _YEAR_PARTS[which]
    return date(y, first, 1), date(y, last, _last_day(y, last)), "range"


def _month_part(y: int, m: int, which: str) -> Triple:
    if which == "whole":
        return _month(y, m)
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, _last_day(y, m))}[which]
    return date(y, m, first), date(y, m, last), "range"


# Relative resolution --------------------------------------------------------------------------


def _recent_month_year(m: int, ref: date, strict: bool = False) -> int:
    """The year of the most recent month ``m`` on or before (strictly before) ``ref``'s month."""
    if m < ref.month or (m == ref.month and not strict):
        return ref.year
    return ref.year - 1


def _next_month_year(m: int, ref: date) -> int:
    return ref.year if m > ref.month else ref.year + 1


def _season_instances(start_month: int, ref: date) -> list[Triple]:
    return [_season(start_month, y) for y in range(ref.year + 1, ref.year - 3, -1)]


def _season_recent(start_month: int, ref: date) -> Triple:
    """The most recent instance that began on or before ``ref`` (it may still be running)."""
    return next(s for s in _season_instances(start_month, ref) if s[0] <= ref)


def _season_last_complete(start_month: int, ref: date) -> Triple:
    """The most recent instance that ended strictly before ``ref``."""
    return next(s for s in _season_instances(start_month, ref) if s[1] < ref)


def _season_next(start_month: int, ref: date) -> Triple:
    return next(s for s in reversed(_season_instances(start_month, ref)) if s[0] > ref)


def _season_this(start_month: int, ref: date) -> Triple:
    for s in _season_instances(start_month, ref):
        if s[0] <= ref <= s[1]:
            return s
    if start_month == 12:
        return _season(12, ref.year - 1 if ref.month <= 6 else ref.year)
    return _season(start_month, ref.year)


def _nearest_day_month(m: int, d: int, ref: date) -> date:
    """The occurrence of day ``d`` of month ``m`` nearest to ``ref``, biased to the past."""
    candidates = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(date(y, m, d))
        except ValueError:  # February 29 in a common year
            continue
    past = [c for c in candidates if c <= ref]
    future = [c for c in candidates if c > ref]
    if future and (not past or (future[0] - ref) * 2 < (ref - past[-1])):
        return future[0]
    if past:
        return past[-1]
    raise ValueError(f"no {d}/{m} near {ref}")


def _weekday_on_or_before(wd: int, ref: date, strict: bool = False) -> date:
    delta = (ref.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)


def _weekday_after(wd: int, ref: date) -> date:
    return ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)


def _recent_quarter(q: int, ref: date) -> Triple:
    span = _quarter(ref.year, q)
    return span if span[0] <= ref else _quarter(ref.year - 1, q)


def _previous_quarter(ref: date) -> Triple:
    d = _add_months(date(ref.year, ref.month, 1), -3)
    return _quarter(d.year, (d.month - 1) // 3 + 1)


def _recent_half(h: int, ref: date) -> Triple:
    span = _half(ref.year, h)
    return span if span[0] <= ref else _half(ref.year - 1, h)


# --------------------------------------------------------------------------------------------
# Vocabulary: read from the language files (index/data/lang/<code>.toml, through index.vocab)
#
# A text is read with the words of its own language and of the languages its articles quote
# (``[language] also``), all in one grammar; an unknown language is read with every language.
# Each language's ``[dates]`` tables hold its month, weekday and season names, the words that
# give a bare month or year its context, modifiers ("last", "dernier", "pasado"), parts of years
# and months, relative phrases by meaning, and phrase templates (quarters, halves, rolling
# windows, "ago"). The code here only says what each kind of phrase means.

_Y = r"(?:19[89]\d|20[0-4]\d)"
_NEVER = r"(?!x)x"


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first so that "mars" wins over "mar"."""
    escaped = [re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))]
    return "|".join(escaped) or _NEVER


def _frags(fragments: Iterable[str]) -> str:
    """Regex fragments as one alternation, in the order written (first match wins)."""
    return "|".join(f"(?:{f})" for f in dict.fromkeys(fragments)) or _NEVER


def _yy(g: str, time_after: bool = False) -> str:
    end = r"(?:(?!\w|[.,]\d)|(?=\d{1,2}:\d\d))" if time_after else r"(?!\w|[.,]\d)"
    return rf"(?<![\w$€£])(?<!\d[.,])(?P<{g}>{_Y}){end}"


@dataclass(frozen=True)
class _SeasonRule:
    """A season word with a rule of its own (``[dates.season_rules]``)."""

    needs_before: re.Pattern[str] | None = None  # context it needs, unless a modifier is used
    any_prefix_ok: bool = False  # any modifier before it lifts ``needs_before``
    prefixes_ok: frozenset[str] = frozenset()  # these modifiers lift it
    not_after: re.Pattern[str] | None = None  # never a season before this


@dataclass(frozen=True)
class _Grammar:
    """Every word and pattern of one set of languages, compiled."""

    langs: tuple[str, ...]
    months: dict[str, int]
    month_abbr: dict[str, int]
    capitalised_names: frozenset[str]  # capitalised mid-sentence: a name ("Mars", "Printemps")
    ambiguous_months: frozenset[str]  # lower case, also a verb ("may", "march")
    weekdays: dict[str, int]
    seasons: dict[str, int]
    counts: dict[str, int]
    ordinals: dict[str, int]
    units: tuple[tuple[str, re.Pattern[str]], ...]
    first_day: frozenset[str]
    yrel_this: re.Pattern[str]
    part_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    mods: dict[str, re.Pattern[str]]  # last_before, last_after, ... -> fullmatch pattern
    season_rules: dict[str, _SeasonRule]
    season_ctx: dict[str, re.Pattern[str]]  # season word -> context it needs before it
    rolling_not: frozenset[str]
    count_after: re.Pattern[str]
    year_ctx: re.Pattern[str]
    year_conn_ctx: re.Pattern[str]
    month_ctx: re.Pattern[str]
    strong_month_ctx: re.Pattern[str]
    quarter_ctx: re.Pattern[str]
    weekday_exclude: re.Pattern[str]
    weekday_not_before: re.Pattern[str]
    weekday_before_day: re.Pattern[str]  # "Friday (10 March", "mercredi 21 février"
    patterns: tuple[tuple[re.Pattern[str], Handler], ...]
    connector: re.Pattern[str]
    range_and: re.Pattern[str]
    between: re.Pattern[str]
    range_prefix: re.Pattern[str]
    since_prefix: re.Pattern[str]
    question_prefix: re.Pattern[str]
    question_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    future: re.Pattern[str]
    target_prefix: re.Pattern[str]
    fiscal: re.Pattern[str]  # a fiscal year's word ("fiscal", "FY", "Geschäftsjahr")
    pub_label: re.Pattern[str]
    upd_label: re.Pattern[str]
    label_langs: tuple[tuple[str, re.Pattern[str]], ...]  # a label's language
    time_etc: re.Pattern[str]
    relative_words: re.Pattern[str]
    byline: re.Pattern[str]
    full_date_patterns: tuple[re.Pattern[str], ...]
    day_month_patterns: tuple[re.Pattern[str], ...]


def _grammar_for(lang: str | None) -> _Grammar:
    """The grammar of a ``lang`` text: its own words and those of the languages it quotes."""
    return _grammar(vocab.langs_for(lang))


def _month_num(g: _Grammar, token: str) -> tuple[int, bool]:
    """The month number of a month token and whether the token was an abbreviation."""
    key = token.lower().rstrip(".")
    if key in g.months:
        return g.months[key], False
    return g.month_abbr[key], True


def _day_num(g: _Grammar, token: str) -> int:
    low = token.lower()
    if low in g.first_day:
        return 1
    digits = re.match(r"\d+", low)
    if digits is None:
        raise ValueError(token)
    return int(digits.group())


def _unit(g: _Grammar, word: str) -> str:
    for unit, pattern in g.units:
        if pattern.fullmatch(word):
            return unit
    raise ValueError(word)


def _number(g: _Grammar, word: str) -> int:
    low = word.lower()
    if low.isdigit():
        return int(low)
    return g.counts[low]


def _mod(g: _Grammar, kind: str, text: str | None) -> bool:
    """Whether ``text`` (a captured prefix or suffix) is a modifier of ``kind``."""
    return bool(text) and bool(g.mods[kind].fullmatch(" ".join((text or "").split())))


def _part_kind(g: _Grammar, part: str) -> str:
    low = part.lower()
    for kind, pattern in g.part_kinds:
        if pattern.search(low):
            return kind
    return "late"  # late, fin, end, close, year-end, Ende, finales


def _yrel_offset(m: re.Match[str]) -> int:
    if m.group("yprev"):
        return -1
    if m.group("ynext"):
        return 1
    return 0


_UNIT_NAMES = ("day", "week", "month", "quarter", "year")
_RELATIVE_MEANINGS: tuple[str, ...] = (
    "day_before_yesterday", "yesterday", "today", "days_ago", "earlier_this_week", "this_week",
    "last_week", "next_week", "earlier_this_month", "this_month", "last_month", "next_month",
    "this_quarter", "last_quarter", "next_quarter", "earlier_this_year", "later_this_year",
    "this_year", "last_year", "next_year", "year_end",
)


@vocab.cached
def _grammar(langs: tuple[str, ...]) -> _Grammar:
    vocs = [vocab.vocabulary(code) for code in langs]

    def words(table: str, key: str) -> list[str]:
        return [w for voc in vocs for w in voc.words(table, key)]

    def mapping(table: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for voc in vocs:
            for k, v in voc.mapping(table).items():
                out.setdefault(str(k).lower(), int(v))
        return out

    def ctx(key: str, tail: str = r"\s*$", lead: str = r"(?<!\w)") -> re.Pattern[str]:
        return re.compile(rf"{lead}(?:{_frags(words('dates', key))}){tail}", re.I)

    months, month_abbr = mapping("months"), mapping("month_abbreviations")
    weekdays, seasons = mapping("weekdays"), mapping("seasons")
    counts, ordinals = mapping("dates.counts"), mapping("dates.ordinals")
    units = tuple((u, re.compile(_frags(str(voc.value("dates.units", u)) for voc in vocs
                                        if voc.value("dates.units", u)), re.I))
                  for u in _UNIT_NAMES)
    unit_alt = _frags(str(voc.value("dates.units", u)) for voc in vocs for u in _UNIT_NAMES
                      if voc.value("dates.units", u))
    n_alt = rf"\d{{1,3}}|{_alt(counts)}"

    mon_full, mon_abbr = _alt(months), _alt(month_abbr)
    wd_full = _alt(weekdays)
    wd_abbr = _alt(w for voc in vocs for w in voc.mapping("weekday_abbreviations"))
    season_alt = _alt(seasons)
    ord_alt = _alt(ordinals)
    first_day = [w for w in words("dates", "first_day")]
    suffixes = _alt(words("dates", "day_suffixes"))
    links = _frags(words("dates", "month_links"))
    articles = _frags(words("dates", "article"))

    yrel = (rf"(?P<yprev>{_frags(words('dates.year_relative', 'previous'))})"
            rf"|(?P<ynext>{_frags(words('dates.year_relative', 'next'))})"
            rf"|(?P<ycur>{_frags(words('dates.year_relative', 'this'))}"
            rf"|{_frags(words('dates.year_relative', 'current'))})")
    part_y = _frags(words("dates.parts", "year"))
    part_m = _frags(words("dates.parts", "month"))

    def mon(g: str) -> str:
        return rf"(?<!\w)(?P<{g}>(?:{mon_full})(?!\w)|(?:{mon_abbr})(?:\.|(?![\w'])))"

    def dd(g: str) -> str:
        first = "|".join(re.escape(w) for w in first_day)
        return (rf"(?<![\w.,])(?P<{g}>{first + '|' if first else ''}[0-3]?\d(?:{suffixes})?)"
                r"(?!\w)")

    wdp = (rf"(?:(?<!\w)(?:{wd_full}|(?:{wd_abbr})\.?)(?!\w)\s*,?\s+"
           rf"(?:(?:{articles})\s+)?)?")
    of = rf"(?:(?:{links})\s+)?"
    day_range = _frags(["-", "–", *words("dates", "day_range")])

    def mods(key: str) -> str:
        return _frags(words("dates.modifiers", key))

    pfx_month = _frags([mods("last_before"), mods("next_before"), mods("this_before"),
                        mods("plain_before")])
    sfx_month = _frags([mods("last_after"), mods("next_after"), mods("month_last_after")])
    pfx_any = _frags([mods("last_before"), mods("next_before"), mods("this_before")])
    sfx_any = _frags([mods("last_after"), mods("next_after")])
    mod_patterns = {key: re.compile(_frags([mods(key)] + (
        [mods("month_last_after")] if key == "last_after" else [])), re.I)
        for key in ("last_before", "last_after", "next_before", "next_after", "this_before",
                    "plain_before")}

    def templates(key: str) -> list[str]:
        out = []
        for t in words("dates.templates", key):
            for name, value in (("{year}", _yy("y")), ("{yrel}", yrel), ("{ord}", ord_alt),
                                ("{n}", n_alt), ("{unit}", unit_alt)):
                t = t.replace(name, value)
            out.append(t)
        return out

    quarter_letters = "".join(words("dates.templates", "quarter_letters")) or "Q"
    half_letters = "".join(words("dates.templates", "half_letters")) or "H"
    relative: list[tuple[str, Handler]] = []
    for meaning in _RELATIVE_MEANINGS:
        phrases = words("dates.relative", meaning)
        if phrases:
            relative.append((rf"(?<!\w)(?:{_frags(phrases)})(?!\w)", _table(_RELATIVE[meaning])))

    spec: list[tuple[str, Handler]] = [
        # absolute days
        (rf"{wdp}{mon('m')}\s*{dd('d')}(?:\s*,\s*|\s+){of}{_yy('y', True)}", _h_full),
        (rf"{wdp}{dd('d')}\s+{of}{mon('m')}\s*,?\s*{of}{_yy('y', True)}", _h_full),
        (r"(?<![\w/.:-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
         r"(?P<y>(?:19|20)\d\d)(?![\w/]|[.-]\d)", _h_numeric),
        (r"(?<![\w/.:-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
         r"(?!\d|[/.-]\d)", _h_iso),
        (rf"{dd('d1')}\s*(?:{day_range})\s*{dd('d2')}\s+{of}{mon('m')}"
         rf"(?:\s*,?\s*{of}{_yy('y')})?", _h_day_range),
        (rf"{mon('m')}\s*{dd('d1')}\s*(?:{day_range})\s*{dd('d2')}(?:\s*,\s*|\s+)"
         rf"{_yy('y')}", _h_day_range),
        (rf"{wdp}{mon('m')}\s*{dd('d')}", _h_day_month),
        (rf"{wdp}{dd('d')}\s+{of}{mon('m')}", _h_day_month),
        # months
        (rf"{mon('m')}(?:\s*,\s*|\s+){of}{_yy('y')}", _h_month_year),
        (rf"(?<!\w)(?P<m>{mon_full})\s+{of}(?:{yrel})(?!\w)", _h_month_yrel),
        (rf"(?<!\w)(?P<part>{part_m})\s*{mon('m')}(?:(?:\s*,\s*|\s+){of}{_yy('y')})?",
         _h_part_month),
        (rf"(?<!\w)(?:(?P<pfx>{pfx_month})\s*)?(?P<m>{mon_full})(?!\w)"
         rf"(?:\s+(?P<sfx>{sfx_month})(?!\w))?", _h_month_only),
        # parts of years, years
        (rf"(?<!\w)(?P<part>{part_y})\s*{_yy('y')}", _h_part_year),
        (rf"(?<!\w)(?P<part>{part_y})\s*(?:{yrel})(?!\w)", _h_part_yrel),
        (rf"{_yy('y1')}\s*[-–/]\s*(?P<y2>{_Y}|\d\d)(?!\w|[.,]\d)", _h_year_range),
        (rf"(?<!\w)(?:{_frags(templates('fiscal'))})(?P<y>(?:19|20)\d\d|\d\d)(?!\w|[.,]\d)",
         _h_fiscal),
        (_yy("y"), _h_year),
        # quarters and halves
        *[(rf"(?<!\w){t}(?!\w)", _h_quarter_ord) for t in templates("quarter")],
        (rf"(?<!\w)(?:[{quarter_letters}](?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?|\s*[-/]\s*)"
         rf"(?:{_yy('y')}|'(?P<yy>\d\d)(?!\d))", _h_quarter_abbr),
        (r"(?<!\w)Q(?P<q>[1-4])(?!\w)", _h_quarter_bare),
        *[(rf"(?<!\w){t}(?!\w)", _h_half) for t in templates("half")],
        (rf"(?<!\w)(?:[{half_letters}](?P<h>[12])|(?P<h2>[12])H)\s*(?:{_yy('y')}"
         rf"|'(?P<yy>\d\d)(?!\d))", _h_half_abbr),
        # seasons
        (rf"(?<!\w)(?P<s>{season_alt})(?:\s+{of}|\s*)(?P<y1>{_Y})"
         rf"(?:\s*[-/–]\s*(?P<y2>{_Y}|\d\d))?(?!\w|[.,]\d)", _h_season_year),
        (rf"(?<!\w)(?:(?P<pfx>{pfx_any})\s+)?(?P<s>{season_alt})(?!\w)"
         rf"(?:\s+(?P<sfx>{sfx_any})(?!\w))?", _h_season),
        # weekdays, relative phrases, rolling windows
        (rf"(?<!\w)(?:(?P<pfx>{pfx_any})\s+)?(?P<wd>{wd_full})(?!\w)"
         rf"(?:\s+(?P<sfx>{sfx_any})(?!\w))?", _h_weekday),
        *relative,
        *[(rf"(?<!\w){t}(?!\w)", _h_rolling) for t in templates("rolling")],
        *[(rf"(?<!\w){t}(?!\w)", _h_past_year) for t in templates("past_year")],
        *[(rf"(?<!\w){t}(?!\w)", _h_ago) for t in templates("ago")],
    ]
    patterns = tuple((re.compile(p, re.I), h) for p, h in spec)

    season_ctx: dict[str, re.Pattern[str]] = {}
    for name in seasons:
        frags = [f for voc in vocs if name in voc.mapping("seasons")
                 for f in voc.words("dates", "season_context")]
        season_ctx[name] = re.compile(rf"(?:(?<!\w)(?:{_frags(frags)}))$", re.I)
    season_rules: dict[str, _SeasonRule] = {}
    for voc in vocs:
        for name, rule in voc.table("dates.season_rules").items():
            needs, not_after = rule.get("needs_before"), rule.get("not_after")
            season_rules.setdefault(name, _SeasonRule(
                needs_before=re.compile(str(needs), re.I) if needs else None,
                any_prefix_ok=bool(rule.get("any_prefix_ok", False)),
                prefixes_ok=frozenset(str(p) for p in rule.get("prefixes_ok", ())),
                not_after=re.compile(str(not_after), re.I) if not_after else None))

    question_kinds = tuple((kind, re.compile(_frags(words("dates", f"question_{kind}")), re.I))
                           for kind in ("after", "before", "until", "since"))
    question_words = _frags([_frags(words("dates", f"question_{k}"))
                             for k in ("since", "after", "before", "until")])
    range_articles = _frags(words("dates", "range_articles"))
    pub = _frags(words("dates", "published_labels"))
    upd = _frags(words("dates", "updated_labels"))
    label_langs = tuple(
        (voc.code, re.compile(_frags([*voc.words("dates", "published_labels"),
                                      *voc.words("dates", "updated_labels")]), re.I))
        for voc in vocs)
    deadline_end = _frags(words("dates", "deadline_end"))
    parts_kinds = tuple((kind, re.compile(_frags(words("dates.part_kinds", kind)), re.I))
                        for kind in ("whole", "early", "mid"))
    full_date = tuple(p for p, h in patterns if h in (_h_full, _h_numeric, _h_iso))

    return _Grammar(
        langs=langs, months=months, month_abbr=month_abbr,
        capitalised_names=frozenset(words("dates", "capitalised_names")),
        ambiguous_months=frozenset(words("dates", "ambiguous_months")),
        weekdays=weekdays, seasons=seasons, counts=counts, ordinals=ordinals, units=units,
        first_day=frozenset(first_day),
        yrel_this=re.compile(_frags(words("dates.year_relative", "this")), re.I),
        part_kinds=parts_kinds, mods=mod_patterns, season_rules=season_rules,
        season_ctx=season_ctx, rolling_not=frozenset(words("dates.templates", "rolling_not")),
        count_after=re.compile(
            rf"\s*(?:[%$€£]|(?:{_frags(words('dates', 'count_after'))})(?!\w))", re.I),
        year_ctx=re.compile(
            rf"(?:(?<!\w)(?:{_frags(words('dates', 'year_context'))})|[(\[])\s*-?\s*$", re.I),
        year_conn_ctx=re.compile(
            rf"(?:(?<!\d)(?:19|20)\d\d|(?<!\w)(?:{mon_full}))\s*(?:,\s*)?"
            rf"(?:{_frags(words('dates', 'connectors'))}|-|–)\s*$", re.I),
        month_ctx=ctx("month_context"),
        strong_month_ctx=ctx("strong_month_context", tail=r"\s*-?\s*$"),
        quarter_ctx=ctx("quarter_context"),
        weekday_exclude=ctx("weekday_not_after", tail=r"\s+$"),
        weekday_not_before=re.compile(
            rf"\s+(?:{_frags(words('dates', 'weekday_not_before'))})(?!\w)", re.I),
        weekday_before_day=re.compile(rf"(?<!\w)(?P<wd>{wd_full})[\s,(]+(?:\w{{1,3}}\s+)?$",
                                      re.I),
        patterns=patterns,
        connector=re.compile(
            rf"\s*(?:,\s*)?(?P<conj>{_frags(words('dates', 'range_words'))}|-|–|—)\s*"
            rf"(?:(?:{range_articles})(?:\s+|(?<=')))?", re.I),
        range_and=re.compile(_frags(words("dates", "range_and")), re.I),
        between=re.compile(_frags(words("dates", "between")), re.I),
        range_prefix=re.compile(
            rf"(?<!\w)(?P<w>{_frags([*words('dates', 'between'), *words('dates', 'range_from')])})"
            rf"\s*(?:(?:{range_articles})\s*)?$", re.I),
        since_prefix=re.compile(
            rf"(?<!\w)(?:{_frags(words('dates', 'since'))})\s+(?:(?:{range_articles})\s+"
            r"|(?<=\s)l')?$", re.I),
        question_prefix=re.compile(
            rf"(?<!\w)(?P<w>{question_words})\s*-?\s*(?:(?:{range_articles})\s+|l')?$", re.I),
        question_kinds=question_kinds,
        future=re.compile(rf"(?<!\w)(?:{_frags(words('dates', 'future'))})(?!\w)", re.I),
        fiscal=re.compile(rf"(?<!\w)(?:{_frags(templates('fiscal'))})", re.I),
        target_prefix=re.compile(
            rf"(?<!\w)(?:{_frags(words('dates', 'deadline'))})\s*(?:(?:{range_articles})\s*)?"
            rf"(?:(?:{deadline_end})\s+)?$", re.I),
        pub_label=re.compile(rf"(?<!\w)(?P<label>{pub})(?!\w)\s*[:\-–]?\s*", re.I),
        upd_label=re.compile(rf"(?<!\w)(?P<label>{upd})(?!\w)\s*[:\-–]?\s*", re.I),
        label_langs=label_langs,
        time_etc=re.compile(
            r"\d{1,2}\s*[:h.]\s*\d{2}(?:\s*[ap]\.?\s*m\.?)?|\d{1,2}\s*[ap]\.?m\.?|(?<!\w)(?:ET|EST|"
            r"EDT|PT|PST|PDT|CT|CST|CDT|GMT|UTC|CET|CEST|BST|"
            rf"{_frags(words('dates', 'date_line_words'))})(?!\w)"
            rf"|(?<!\w)(?:{wd_full}|{wd_abbr})\.?(?!\w)", re.I),
        relative_words=re.compile(_frags(words("dates", "relative_words")), re.I),
        byline=re.compile(rf"\s*(?:{_frags(words('dates', 'byline'))})\s", re.I),
        full_date_patterns=full_date,
        day_month_patterns=tuple(p for p, h in patterns if h is _h_day_month),
    )


# --------------------------------------------------------------------------------------------
# Atoms: one time expression each, before ranges are joined


@dataclass
class _Atom:
    start: int
    end: int
    fixed: Triple | None = None  # absolute
    rel: Callable[[date], Triple] | None = None  # needs a reference date
    with_year: Callable[[int], Triple] | None = None  # a year-less part that can borrow one
    anchor: int = 1  # the month it starts in, to borrow a year from a range partner
    undated: Triple | None = None  # what it is when no reference date is known


@dataclass(frozen=True)
class _Ctx:
    text: str  # normalised (same length as the original)
    lang: str  # "en", "fr", "de"... or ""
    question: bool
    g: _Grammar


Handler = Callable[[re.Match[str], _Ctx], _Atom | None]

_NORM = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ",
                       "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2010": "-",
                       "\u2011": "-"})


def _norm(text: str) -> str:
    return text.translate(_NORM)


def _lang(lang: str | None) -> str:
    return (lang or "").strip().lower()[:2]


def _before(ctx: _Ctx, pos: int, n: int = 40) -> str:
    return ctx.text[max(0, pos - n):pos]


def _fixed(m: re.Match[str], t: Triple) -> _Atom:
    return _Atom(m.start(), m.end(), fixed=t)


def _relative(m: re.Match[str], fn: Callable[[date], Triple]) -> _Atom:
    return _Atom(m.start(), m.end(), rel=fn)


def _partial(m: re.Match[str], anchor: int, with_year: Callable[[int], Triple],
             rel: Callable[[date], Triple]) -> _Atom:
    return _Atom(m.start(), m.end(), rel=rel, with_year=with_year, anchor=anchor)


# Handlers -------------------------------------------------------------------------------------


def _h_full(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    mo, _ = _month_num(ctx.g, m["m"])
    d = date(int(m["y"]), mo, _day_num(ctx.g, m["d"]))
    return _fixed(m, _day(d))


def _numeric_order(lang: str, a: int, b: int) -> str | None:
    if a > 12 and b <= 12:
        return "DMY"
    if b > 12 and a <= 12:
        return "MDY"
    order = vocab.vocabulary(lang).value("dates", "date_order") if lang else None
    if order == "MDY":
        return "MDY"
    if order == "DMY" or a == b:
        return "DMY"
    return None


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    order = _numeric_order(ctx.lang, a, b) or "DMY"
    d = date(y, b, a) if order == "DMY" else date(y, a, b)
    return _fixed(m, _day(d))


def _h_iso(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    return _fixed(m, _day(date(int(m["y"]), int(m["m"]), int(m["d"]))))


def _bare_month_ok(token: str, ctx: _Ctx, pos: int, has_modifier: bool) -> bool:
    """Whether a month name standing without a year may be read as a month."""
    low = token.lower()
    if low.rstrip(".") in ctx.g.month_abbr:
        return False
    if low in ctx.g.ambiguous_months and not token[0].isupper():
        return bool(ctx.g.strong_month_ctx.search(_before(ctx, pos)))
    # "Mars" (the company or the planet), "Printemps"...: French months are lower case
    return not (low in ctx.g.capitalised_names and token[0].isupper() and not ctx.question
                and not has_modifier and pos > 0)


def _h_day_month(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    token = m["m"]
    if token.lower() in ctx.g.ambiguous_months and not token[0].isupper():
        return None
    mo, _ = _month_num(ctx.g, token)
    d = _day_num(ctx.g, m["d"])
    if not 1 <= d <= _last_day(2000, mo):
        return None

    def build(y: int) -> Triple:
        return _day(date(y, mo, d))

    atom = _partial(m, mo, build, lambda ref: build(_nearest_day_month(mo, d, ref).year))
    named = ctx.g.weekday_before_day.search(ctx.text, max(0, m.start() - 16), m.start("d"))
    if named is not None:
        # "Last Friday (10 March)", "Mercredi 21 février" in an undated article: the weekday
        # pins the year to one in six to eleven; the latest not after today is taken
        atom.undated = _weekday_year(ctx.g.weekdays[named["wd"].lower()], mo, d)
    return atom


def _weekday_year(wd: int, mo: int, d: int, today: date | None = None) -> Triple | None:
    """Day ``d`` of month ``mo`` in the latest year, up to ``today``, when it falls on weekday
    ``wd``; None if none does in the last 12 years."""
    today = today or date.today()
    for y in range(today.year, today.year - 12, -1):
        try:
            day = date(y, mo, d)
        except ValueError:  # February 29 in a common year
            continue
        if day <= today and day.weekday() == wd:
            return _day(day)
    return None


def _h_day_range(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    mo, abbr = _month_num(ctx.g, m["m"])
    d1, d2 = _day_num(ctx.g, m["d1"]), _day_num(ctx.g, m["d2"])
    if not 1 <= d1 < d2 <= _last_day(2000, mo):
        return None

    def build(y: int) -> Triple:
        return date(y, mo, d1), date(y, mo, d2), "range"

    if m["y"]:
        return _fixed(m, build(int(m["y"])))
    if abbr:
        return None
    return _partial(m, mo, build, lambda ref: build(_nearest_day_month(mo, d1, ref).year))


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    mo, _ = _month_num(ctx.g, m["m"])
    return _fixed(m, _month(int(m["y"]), mo))


def _h_part_month(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    which = _part_kind(ctx.g, m["part"])
    token = m["m"]
    mo, _ = _month_num(ctx.g, token)

    def build(y: int) -> Triple:
        return _month_part(y, mo, which)

    if m["y"]:
        return _fixed(m, build(int(m["y"])))
    if not _bare_month_ok(token, ctx, m.start("m"), has_modifier=True):
        return None
    return _partial(m, mo, build, lambda ref: build(_recent_month_year(mo, ref)))


def _h_month_only(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    g = ctx.g
    token = m["m"]
    mo, _ = _month_num(g, token)
    pfx = (m["pfx"] or "").lower()
    sfx = (m["sfx"] or "").lower()
    modifier = bool(pfx or sfx)
    if not modifier and not g.month_ctx.search(_before(ctx, m.start())):
        return None
    if not _bare_month_ok(token, ctx, m.start("m"), has_modifier=modifier):
        return None
    if _mod(g, "last_before", pfx) or _mod(g, "last_after", sfx):
        return _relative(m, lambda ref: _month(_recent_month_year(mo, ref, strict=True), mo))
    if _mod(g, "next_before", pfx) or _mod(g, "next_after", sfx):
        return _relative(m, lambda ref: _month(_next_month_year(mo, ref), mo))
    if _mod(g, "this_before", pfx):
        return _relative(m, lambda ref: _month(ref.year, mo))
    return _partial(m, mo, lambda y: _month(y, mo),
                    lambda ref: _month(_recent_month_year(mo, ref), mo))


def _h_month_yrel(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    """"January last year", "janvier de l'année dernière": a month of a relative year."""
    mo, _ = _month_num(ctx.g, m["m"])
    if m["ycur"] and not ctx.g.yrel_this.fullmatch(" ".join(m["ycur"].split())):
        return None  # "janvier de l'année", "January of the year": which year?
    off = _yrel_offset(m)
    return _relative(m, lambda ref: _month(ref.year + off, mo))


def _h_part_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    return _fixed(m, _year_part(int(m["y"]), _part_kind(ctx.g, m["part"])))


def _h_part_yrel(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    which = _part_kind(ctx.g, m["part"])
    off = _yrel_offset(m)
    return _relative(m, lambda ref: _year_part(ref.year + off, which))


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    if ctx.g.count_after.match(ctx.text, m.end()):
        return None
    before = _before(ctx, m.start())
    if not ctx.question and not (ctx.g.year_ctx.search(before)
                                 or ctx.g.year_conn_ctx.search(before)):
        return None
    return _fixed(m, _year(int(m["y"])))


def _h_year_range(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    y1 = int(m["y1"])
    raw = m["y2"]
    if len(raw) == 2:
        y2 = y1 // 100 * 100 + int(raw)
        if y2 < y1:
            y2 += 100
        if y2 != y1 + 1:
            return None
    else:
        y2 = int(raw)
        if not y1 < y2 <= y1 + 10:
            return None
    if ctx.g.count_after.match(ctx.text, m.end()):
        return None
    return _fixed(m, (date(y1, 1, 1), date(y2, 12, 31), "range"))


def _two_digit_year(raw: str) -> int:
    """'23 is 2023 and '97 is 1997: POSIX's pivot (strptime's %y), so that "FY97" or "Q3 '98"
    is not read as a year seven decades ahead."""
    yy = int(raw)
    return 2000 + yy if yy < 69 else 1900 + yy


def _h_fiscal(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    raw = m["y"]
    if len(raw) == 2:
        if not m.groupdict().get("fy"):
            return None
        y = _two_digit_year(raw)
    else:
        y = int(raw)
    return _fixed(m, _year(y))


def _h_quarter_ord(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    q = ctx.g.ordinals[m["ord"].lower()]
    if m["y"]:
        return _fixed(m, _quarter(int(m["y"]), q or 4))
    if m.groupdict().get("yrel"):
        off = _yrel_offset(m)
        return _relative(m, lambda ref: _quarter(ref.year + off, q or 4))
    if q == 0:
        return _relative(m, _previous_quarter)
    return _partial(m, 3 * q - 2, lambda y: _quarter(y, q), lambda ref: _recent_quarter(q, ref))


def _h_quarter_abbr(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    q = int(m["q"] or m["q2"])
    if m["y"]:
        y = int(m["y"])
    elif m["yy"]:
        y = _two_digit_year(m["yy"])
    else:
        return None
    return _fixed(m, _quarter(y, q))


def _h_quarter_bare(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    if not ctx.g.quarter_ctx.search(_before(ctx, m.start())):
        return None
    q = int(m["q"])
    return _partial(m, 3 * q - 2, lambda y: _quarter(y, q), lambda ref: _recent_quarter(q, ref))


def _h_half(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    h = 2 if ctx.g.ordinals[m["ord"].lower()] == 2 else 1
    if m.groupdict().get("y"):
        return _fixed(m, _half(int(m["y"]), h))
    if m.groupdict().get("yrel"):
        off = _yrel_offset(m)
        return _relative(m, lambda ref: _half(ref.year + off, h))
    return _partial(m, 6 * h - 5, lambda y: _half(y, h), lambda ref: _recent_half(h, ref))


def _h_half_abbr(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    h = int(m["h"] or m["h2"])
    y = int(m["y"]) if m["y"] else _two_digit_year(m["yy"])
    return _fixed(m, _half(y, h))


def _h_season_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    name = m["s"].lower()
    if (name in ctx.g.capitalised_names and m["s"][0].isupper() and m.start() > 0
            and not ctx.question):
        before = _before(ctx, m.start(), 3)
        if not re.search(r"[.!?:\n]\s*$", before):
            return None  # "Printemps", the department store
    sm = ctx.g.seasons[name]
    y1 = int(m["y1"])
    if m["y2"]:
        raw = m["y2"]
        y2 = y1 // 100 * 100 + int(raw) if len(raw) == 2 else int(raw)
        if y2 != y1 + 1:
            return None
        return _fixed(m, _season(sm, y1))
    return _fixed(m, _season(sm, y1 - 1 if sm == 12 else y1))


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    g = ctx.g
    token = m["s"]
    name = token.lower()
    sm = g.seasons[name]
    pfx = (m["pfx"] or "").lower()
    sfx = (m["sfx"] or "").lower()
    before = _before(ctx, m.start())
    if name in g.capitalised_names and token[0].isupper() and not ctx.question:
        return None  # French seasons are lower case; "Printemps" is a department store
    rule = g.season_rules.get(name, _SeasonRule())
    # "a été" (a past participle), "the fall in revenue"
    if rule.needs_before and not ((pfx and rule.any_prefix_ok)
                                  or " ".join(pfx.split()) in rule.prefixes_ok
                                  or rule.needs_before.search(before)):
        return None
    if rule.not_after and rule.not_after.match(ctx.text, m.end()):
        return None
    if not (pfx or sfx) and not g.season_ctx[name].search(before):
        return None
    if _mod(g, "last_before", pfx) or _mod(g, "last_after", sfx):
        return _relative(m, lambda ref: _season_last_complete(sm, ref))
    if _mod(g, "next_before", pfx) or _mod(g, "next_after", sfx):
        return _relative(m, lambda ref: _season_next(sm, ref))
    if _mod(g, "this_before", pfx):
        return _relative(m, lambda ref: _season_this(sm, ref))
    return _partial(m, sm, lambda y: _season(sm, y), lambda ref: _season_recent(sm, ref))


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    g = ctx.g
    if g.weekday_exclude.search(_before(ctx, m.start(), 12)):
        return None
    if g.weekday_not_before.match(ctx.text, m.end()):
        return None  # "Mardi gras"
    wd = g.weekdays[m["wd"].lower()]
    pfx = (m["pfx"] or "").lower()
    sfx = (m["sfx"] or "").lower()
    if _mod(g, "last_before", pfx) or _mod(g, "last_after", sfx):
        return _relative(m, lambda ref: _day(_weekday_on_or_before(wd, ref, strict=True)))
    if _mod(g, "next_before", pfx) or _mod(g, "next_after", sfx):
        return _relative(m, lambda ref: _day(_weekday_after(wd, ref)))
    return _relative(m, lambda ref: _day(_weekday_on_or_before(wd, ref)))


def _h_rolling(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    groups = m.groupdict()
    n_raw = groups.get("n")
    if n_raw is None:
        # "the past year" is rolling; "last year" and "the previous year" are calendar years
        if groups.get("the") is None and groups.get("fixed") is None:
            return None
        if (groups.get("w") or "").lower() in ctx.g.rolling_not:
            return None
    n = _number(ctx.g, n_raw) if n_raw else 1
    unit = _unit(ctx.g, m["u"])
    if not 0 < n <= 100:
        return None
    return _relative(m, lambda ref: (_shift(ref, -n, unit), ref, "range"))


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    n = _number(ctx.g, m["n"])
    unit = _unit(ctx.g, m["u"])
    if not 0 < n <= 100:
        return None
    return _relative(m, lambda ref: _unit_span(_shift(ref, -n, unit), unit))


def _h_past_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    """"l'année écoulée", "les douze derniers mois": the year ending at the reference."""
    return _relative(m, lambda r: (_shift(r, -1, "year"), r, "range"))


def _table(fn: Callable[[date], Triple]) -> Handler:
    def handler(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
        return _relative(m, fn)

    return handler


def _prev_month(ref: date) -> Triple:
    d = _add_months(date(ref.year, ref.month, 1), -1)
    return _month(d.year, d.month)


def _next_month(ref: date) -> Triple:
    d = _add_months(date(ref.year, ref.month, 1), 1)
    return _month(d.year, d.month)


def _next_quarter(ref: date) -> Triple:
    d = _add_months(date(ref.year, ref.month, 1), 3)
    return _quarter(d.year, (d.month - 1) // 3 + 1)


_RELATIVE: dict[str, Callable[[date], Triple]] = {
    "day_before_yesterday": lambda r: _day(r - timedelta(days=2)),
    "yesterday": lambda r: _day(r - timedelta(days=1)),
    "today": _day,
    # "vor wenigen Tagen", "hace unos días": a few days, up to two weeks, before
    "days_ago": lambda r: (r - timedelta(days=14), r - timedelta(days=1), "range"),
    "earlier_this_week": lambda r: (_week(r)[0], r, "range"),
    "this_week": _week,
    "last_week": lambda r: _week(r - timedelta(days=7)),
    "next_week": lambda r: _week(r + timedelta(days=7)),
    "earlier_this_month": lambda r: (date(r.year, r.month, 1), r, "range"),
    "this_month": lambda r: _month(r.year, r.month),
    "last_month": _prev_month,
    "next_month": _next_month,
    "this_quarter": lambda r: _quarter(r.year, (r.month - 1) // 3 + 1),
    "last_quarter": _previous_quarter,
    "next_quarter": _next_quarter,
    "earlier_this_year": lambda r: (date(r.year, 1, 1), r, "range"),
    "later_this_year": lambda r: (r, date(r.year, 12, 31), "range"),
    "this_year": lambda r: _year(r.year),
    "last_year": lambda r: _year(r.year - 1),
    "next_year": lambda r: _year(r.year + 1),
    "year_end": lambda r: _year_part(r.year, "late"),
}
"""What each meaning of ``[dates.relative]`` resolves to, from a reference date."""


def _scan(ctx: _Ctx) -> list[_Atom]:
    """Every time expression, the longest where candidates overlap, in text order."""
    candidates: list[tuple[int, int, int, _Atom]] = []
    for index, (pattern, handler) in enumerate(ctx.g.patterns):
        for m in pattern.finditer(ctx.text):
            if m.end() == m.start():
                continue
            try:
                atom = handler(m, ctx)
            except (ValueError, KeyError, OverflowError, StopIteration) as exc:
                log.debug("ignoring %r: %s", m.group(), exc)
                continue
            if atom is not None:
                candidates.append((atom.start, atom.end, index, atom))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    chosen: list[_Atom] = []
    for start, end, _, atom in candidates:
        if all(end <= other.start or start >= other.end for other in chosen):
            chosen.append(atom)
    chosen.sort(key=lambda a: a.start)
    return chosen


# --------------------------------------------------------------------------------------------
# Joining atoms: ranges, "since", and the open-ended forms of questions

@dataclass(frozen=True)
class _Item:
    start: int
    end: int
    span: Span


def _resolve(atom: _Atom, ref: date | None) -> tuple[Triple, bool] | None:
    if atom.fixed is not None:
        return atom.fixed, False
    if atom.rel is not None and ref is not None:
        return atom.rel(ref), True
    if ref is None and atom.undated is not None:
        return atom.undated, True
    return None


def _pair(a: _Atom, b: _Atom, ref: date | None) -> tuple[Triple, Triple, bool] | None:
    """Both ends of "a to b", a year-less end borrowing its year from the other one."""
    inferred = False
    sa, sb = a.fixed, b.fixed
    if sa is None and a.with_year is not None and sb is not None:
        sa = a.with_year(sb[0].year - (1 if a.anchor > sb[0].month else 0))
    if sa is None and a.rel is not None and ref is not None:
        sa, inferred = a.rel(ref), True
    if sa is None:
        return None
    if sb is None and b.with_year is not None:
        sb = b.with_year(sa[1].year + (1 if b.anchor < sa[1].month else 0))
    if sb is None and b.rel is not None and ref is not None:
        sb, inferred = b.rel(ref), True
    if sb is None:
        return None
    return sa, sb, inferred


def _extract(text: str, lang: str | None, ref: date | None, question: bool) -> list[_Item]:
    norm = _norm(text)
    ctx = _Ctx(norm, _lang(lang), question, _grammar_for(lang))
    atoms = _scan(ctx)
    items: list[_Item] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        try:
            if i + 1 < len(atoms):
                merged = _join(ctx.g, atoms[i], atoms[i + 1], text, norm, ref)
                if merged is not None:
                    items.append(merged)
                    i += 2
                    continue
            item = _single(ctx.g, a, text, norm, ref, question)
        except (ValueError, OverflowError, StopIteration) as exc:
            log.debug("cannot resolve %r: %s", text[a.start:a.end], exc)
            item = None
        if item is not None:
            items.append(item)
        i += 1
    return items


def _join(g: _Grammar, a: _Atom, b: _Atom, text: str, norm: str,
          ref: date | None) -> _Item | None:
    conn = g.connector.fullmatch(norm, a.end, b.start)
    if conn is None:
        return None
    prefix = g.range_prefix.search(norm, max(0, a.start - 12), a.start)
    if g.range_and.fullmatch(conn["conj"]) and not (
            prefix and g.between.fullmatch(" ".join(prefix["w"].split()))):
        return None
    pair = _pair(a, b, ref)
    if pair is None:
        return None
    sa, sb, inferred = pair
    if sb[1] < sa[0]:
        return None
    start = prefix.start() if prefix else a.start
    return _Item(start, b.end, Span(sa[0], sb[1], "range", text[start:b.end].strip(), inferred))


def _single(g: _Grammar, a: _Atom, text: str, norm: str, ref: date | None,
            question: bool) -> _Item | None:
    resolved = _resolve(a, ref)
    if resolved is None:
        return None
    (start, end, precision), inferred = resolved
    lo = max(0, a.start - 25)
    if question and ref is not None:
        pm = g.question_prefix.search(norm, lo, a.start)
        if pm is not None:
            word = " ".join(pm["w"].split())
            kind = next((k for k, pattern in g.question_kinds if pattern.fullmatch(word)),
                        "since")
            if kind == "after":
                start, end = end + timedelta(days=1), max(ref, end + timedelta(days=1))
            elif kind == "before":
                start, end = min(OPEN_START, start - timedelta(days=1)), start - timedelta(days=1)
            elif kind == "until":
                start = min(OPEN_START, start)
            else:  # since, from, starting, à partir de
                end = max(ref, start)
            return _Item(pm.start(), a.end, Span(start, end, "range",
                                                 text[pm.start():a.end].strip(), inferred))
    sm = g.since_prefix.search(norm, lo, a.start)
    if sm is not None and ref is not None and ref >= start:
        return _Item(sm.start(), a.end,
                     Span(start, ref, "range", text[sm.start():a.end].strip(), inferred))
    return _Item(a.start, a.end, Span(start, end, precision, text[a.start:a.end].strip(),
                                      inferred))


# --------------------------------------------------------------------------------------------
# Public API


def find_event_spans(sentence: str, lang: str, published: date | None) -> list[Span]:
    """Every time expression in ``sentence``, resolved against the publication date.

    Relative phrases ("yesterday", "last autumn", "in January") need ``published``; without it
    they are skipped. See the module docstring for the rules.
    """
    return [item.span for item in _extract(sentence, lang, published, question=False)]


def parse_question_period(question: str, lang: str, today: date) -> Span | None:
    """The period a question asks about, or None when it names none.

    "since X" and "after X" run to ``today``; "before X" and "until X" start at
    :data:`OPEN_START`; rolling windows ("the last 12 months") end today. When a question names
    several periods ("in 2022 and 2023") the result is the smallest span covering them all.
    """
    items = _extract(question, lang, today, question=True)
    if not items:
        return None
    if len(items) == 1:
        return items[0].span
    start = min(item.span.start for item in items)
    end = max(item.span.end for item in items)
    return Span(start, end, "range", question[items[0].start:items[-1].end].strip(),
                any(item.span.inferred for item in items))


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_ORDINAL_END = re.compile(r"(?<!\w)\d{1,2}\.$")


def _sentences(text: str) -> list[str]:
    """Rough sentences; "am 18. März" stays whole (a day number's full stop ends nothing)."""
    out: list[str] = []
    for piece in _SENTENCE_SPLIT.split(text):
        first = piece.split(None, 1)[0].lower() if piece.strip() else ""
        if out and _ORDINAL_END.search(out[-1]) and first in after_ordinal():
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def bounds_from_content(text: str, lang: str, today: date | None = None) -> Span | None:
    """Bounds on the publication date of an undated article, from the dates it mentions.

    An article cannot be published before the latest past date it reports, so the start of the
    latest absolute date mentioned (a day, month, quarter, season, year...) is a lower bound.
    Deadlines and plans do not count: mentions after "by", "until", "d'ici"... and sentences
    with a future marker ("will", "plans to", "prévoit", "devrait"...) are skipped, as are dates
    after ``today``. The upper bound is ``today`` (default: ``date.today()``), the only safe one:
    an article may be published long after the events it reports. ``inferred`` is True;
    ``text`` is the phrase that gave the lower bound. None when no usable date is mentioned.
    """
    today = today or date.today()
    g = _grammar_for(lang)
    best: tuple[date, str] | None = None
    for sentence in _sentences(text):
        if not sentence.strip() or g.future.search(_norm(sentence)):
            continue
        norm = _norm(sentence)
        for atom in _scan(_Ctx(norm, _lang(lang), False, g)):
            if atom.fixed is None or atom.fixed[0] > today:
                continue
            if g.target_prefix.search(norm, max(0, atom.start - 20), atom.start):
                continue
            lower = atom.fixed[0]
            if g.fiscal.search(norm, max(0, atom.start - 25), atom.end + 15):
                # a fiscal year may start in the calendar year before the one it is named
                # after: Cisco's "first fiscal quarter of 2023" was reported in November 2022
                lower = date(lower.year - 1, 1, 1)
            if best is None or lower > best[0]:
                best = (lower, sentence[atom.start:atom.end].strip())
    if best is None:
        return None
    return Span(best[0], max(today, best[0]), "range", best[1], inferred=True)


# Publication dates ----------------------------------------------------------------------------

# News sites put the publication date in the address: /2024/02/19/..., /2019/04/slug,
# /2017-07/slug, slug-20241206 (day, or month only). Bounded by "/", "-" or "_" so an article
# number ("...-1034465060") is no date.
_URL_DAY = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d\d)(?:/|-|_)?(?P<m>0[1-9]|1[0-2])(?:/|-|_)?"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?:[/_.-]|$|(?:[01]\d|2[0-3])[0-5]\d(?!\d))")
_URL_DAY_SEPARATED = re.compile(
    r"[/_-](?P<y>(?:19|20)\d\d)(?P<sep>[/-])(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>0[1-9]|1[0-2])(?=/)")


def date_from_url(url: str, today: date | None = None) -> Span | None:
    """The publication day or month a news address gives ("/2024/02/19/", "/2019/04/slug",
    "/2017-07/slug", "-202412060895": a day, with the time after it), or None. A day or month
    after ``today`` is no publication date; ``inferred`` is True, ``text`` the part read."""
    today = today or date.today()
    try:
        path = urlparse(url).path if "://" in url else url
    except ValueError:  # "http://[::1": no address to read a date from
        return None
    for regex in (_URL_DAY_SEPARATED, _URL_DAY):
        for m in regex.finditer(path):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if d > _last_day(y, mo):
                continue
            day = date(y, mo, d)
            if PUBLISHED_YEARS[0] <= y and day <= today:
                return Span(day, day, "day", m.group(0).strip("/_-."), inferred=True)
    for m in _URL_MONTH.finditer(path):
        y, mo = int(m["y"]), int(m["m"])
        first = date(y, mo, 1)
        if PUBLISHED_YEARS[0] <= y and first <= today:
            last = min(date(y, mo, _last_day(y, mo)), today)
            return Span(first, last, "month", m.group(0).strip("/"), inferred=True)
    return None


_LABEL_LEFT = re.compile(r"(?:^|[|•·—–\-(,]|\s{2,})[\s*_>]*$")

_DATELINE = re.compile(
    r"^[ \t>*_]*(?P<city>[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ .'/-]{1,40}?)\s*,\s*"
    r"(?P<date>[^\n()]{3,40}?)\s*(?:\((?P<agency>[^)\n]{2,30})\)|/(?P<wire>[^/\n]{2,30})/)?"
    r"\s*(?:--?|–|—|:)(?:\s|$)", re.M)
@lru_cache(maxsize=4)
def _date_parser(order: str) -> DateDataParser:
    """A dateparser parser for one day order, built on first use (building one is slow)."""
    from dateparser.date import DateDataParser

    settings = {
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],
        "DATE_ORDER": order,
    }
    return DateDataParser(languages=list(vocab.languages()), settings=settings)


def _full_date(g: _Grammar, segment: str, lang: str,
               max_start: int | None = None) -> tuple[date, int, int]:
    """The first complete date (with a year) in ``segment``: (date, start, end).

    Raises LookupError when there is none, or when a numeric date is ambiguous and ``lang``
    does not say which order to read it in.
    """
    best: tuple[date, int, int] | None = None
    for pattern in g.full_date_patterns:
        for m in pattern.finditer(segment):
            if max_start is not None and m.start() > max_start:
                break
            try:
                if "sep" in m.groupdict() and "a" in m.groupdict():
                    a, b = int(m["a"]), int(m["b"])
                    order = _numeric_order(lang, a, b)
                    if order is None:
                        log.debug("ambiguous numeric date %r", m.group())
                        continue
                    d = date(int(m["y"]), b, a) if order == "DMY" else date(int(m["y"]), a, b)
                elif "sep" in m.groupdict():
                    d = date(int(m["y"]), int(m["m"]), int(m["d"]))
                else:
                    d = date(int(m["y"]), _month_num(g, m["m"])[0], _day_num(g, m["d"]))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[1]:
                best = (d, m.start(), m.end())
            break
    if best is None:
        raise LookupError(segment)
    return best


def _dateparser_date(g: _Grammar, segment: str, lang: str) -> date | None:
    """Ask dateparser about a short byline segment our own patterns did not read."""
    segment = re.split(r"\s[|•·]\s|\(|\s[-–—]\s", segment)[0].strip()[:60]
    if not re.search(r"\d", segment) or g.relative_words.search(segment):
        return None
    order = vocab.vocabulary(lang).value("dates", "date_order") if lang else None
    if order is None and not re.search(r"[^\W\d_]{3,}", segment):
        return None  # all digits: the day order is unknown
    order = "MDY" if order == "MDY" else "DMY"
    try:
        data = _date_parser(order).get_date_data(segment)
    except Exception as exc:  # dateparser raises odd things on odd input
        log.debug("dateparser failed on %r: %s", segment, exc)
        return None
    if data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


def _label_lang(g: _Grammar, label: str, lang: str) -> str:
    """The language a byline label is written in, when it says how to read a numeric date
    ("Publié le 05/01/2023" is day first); English labels, used by sites everywhere, do not."""
    for code, pattern in g.label_langs:
        if pattern.fullmatch(" ".join(label.split())):
            if vocab.vocabulary(code).value("dates", "labels_set_order", True):
                return code
            break
    return lang


def _labelled_dates(g: _Grammar, head: str, label_re: re.Pattern[str], lang: str) -> list[date]:
    found = []
    for m in label_re.finditer(head):
        label = m["label"]
        line_start = head.rfind("\n", 0, m.start()) + 1
        left = head[line_start:m.start()]
        if not (label[0].isupper() or _LABEL_LEFT.search(left)):
            continue  # "the company updated its forecast on..." is prose, not a byline
        line_end = head.find("\n", m.end())
        segment = head[m.end():line_end if line_end >= 0 else len(head)][:80]
        seg_lang = _label_lang(g, label, lang)
        try:
            found.append(_full_date(g, segment, seg_lang, max_start=30)[0])
            continue
        except LookupError:
            pass
        parsed = _dateparser_date(g, segment, seg_lang)
        if parsed is not None:
            found.append(parsed)
    return found


def _dateline_date(g: _Grammar, head: str, lang: str) -> date | None:
    for m in _DATELINE.finditer(head):
        city = m["city"].strip()
        if not (city == city.upper() or m["agency"] or m["wire"]):
            continue
        segment = m["date"].strip()
        try:
            return _full_date(g, segment, lang, max_start=12)[0]
        except LookupError:
            pass
        for pattern in g.day_month_patterns:
            dm = pattern.fullmatch(segment)
            if dm is None:
                continue
            years = set()
            for ym in re.finditer(_yy("y"), head[:m.start()]):
                if not g.count_after.match(head, ym.end()):
                    years.add(int(ym["y"]))
            if len(years) != 1:
                log.debug("dateline %r has no year nearby", segment)
                return None
            try:
                return date(years.pop(), _month_num(g, dm["m"])[0], _day_num(g, dm["d"]))
            except ValueError:
                return None
    return None


def _date_line(g: _Grammar, head: str, lang: str) -> date | None:
    """A short line near the top that is mostly a date: "January 5, 2023 2:02 PM ET"."""
    for line in head.splitlines():
        if len(line.strip()) > 120 or g.upd_label.search(line):
            continue
        for part in re.split(r"\s*[|•·]\s*", line):
            try:
                d, start, end = _full_date(g, part, lang)
            except LookupError:
                continue
            left = part[:start]
            if g.byline.match(left):
                left = ""
            residue = g.time_etc.sub(" ", left + " " + part[end:])
            words = re.findall(r"[^\W\d_]{2,}", residue)
            if len(words) <= 3:
                return d
    return None


def publication_date_from_text(text: str, lang: str | None = None) -> date | None:
    """The publication date given by a byline or dateline near the top of an article.

    Looks at the first :data:`HEAD_CHARS` characters, in this order: a "Published"/"Publié le"
    label, a news-agency dateline ("PARIS, 5 janvier 2023 (AFP) -"), a short line that is
    mostly a date, then an "Updated"/"Mis à jour" label. A dateline with no year ("SEATTLE,
    Jan 4 (Reuters) -") takes the year only from a single year written above it. Numeric dates
    are day-first after a French label or with ``lang="fr"``, month-first with ``lang="en"``,
    and skipped when ambiguous with no language. None rather than a guess.
    """
    head = _norm(text[:HEAD_CHARS])
    line_end = text.find("\n", HEAD_CHARS)
    if 0 <= line_end - HEAD_CHARS < 120:  # finish the last line
        head = _norm(text[:line_end])
    code = _lang(lang)
    g = _grammar_for(lang)
    published = [d for d in _labelled_dates(g, head, g.pub_label, code) if _plausible(d)]
    if published:
        return published[0]
    for finder in (_dateline_date, _date_line):
        found = finder(g, head, code)
        if found is not None and _plausible(found):
            return found
    updated = [d for d in _labelled_dates(g, head, g.upd_label, code) if _plausible(d)]
    return updated[0] if updated else None


PUBLISHED_YEARS = (1900, 2100)
"""Publication dates outside these years are misreadings ("Published: January 1, 0001")."""


def _plausible(d: date) -> bool:
    return PUBLISHED_YEARS[0] <= d.year <= PUBLISHED_YEARS[1]
