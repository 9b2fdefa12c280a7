"""Dates in news text, French and English: publication dates, event dates and question periods.

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
# Vocabulary

_MONTHS_FULL: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_MONTHS_ABBR: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12, "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
    "avr": 4, "juil": 7, "déc": 12,
}
_FRENCH_ONLY_MONTHS = frozenset(
    ["janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
     "septembre", "octobre", "novembre", "décembre", "decembre"])
_AMBIGUOUS_EN_MONTHS = frozenset(["may", "march"])  # also a modal verb / a verb

_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6,
}
_WEEKDAYS_ABBR = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
                  "lun", "mer", "jeu", "ven", "sam", "dim"]  # "mar" left out: March

_SEASONS: dict[str, int] = {
    "winter": 12, "hiver": 12, "spring": 3, "printemps": 3, "summer": 6, "été": 6,
    "autumn": 9, "fall": 9, "automne": 9,
}

_NUM_EN: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
}
_NUM_FR: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "dix-huit": 18,
    "vingt": 20, "vingt-quatre": 24, "trente": 30, "trente-six": 36,
}

_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "premier": 1, "1er": 1, "deuxième": 2, "deuxieme": 2, "2e": 2, "2ème": 2,
    "seconde": 2, "troisième": 3, "troisieme": 3, "3e": 3, "3ème": 3, "quatrième": 4,
    "quatrieme": 4, "4e": 4, "4ème": 4, "latter": 2, "back": 2, "front": 1,
    "last": 0, "dernier": 0,  # 0: "the last quarter" (of a year: Q4; alone: the previous one)
}


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest words first so that "mars" wins over "mar"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _month_num(token: str) -> tuple[int, bool]:
    """The month number of a month token and whether the token was an abbreviation."""
    key = token.lower().rstrip(".")
    if key in _MONTHS_FULL:
        return _MONTHS_FULL[key], False
    return _MONTHS_ABBR[key], True


def _day_num(token: str) -> int:
    low = token.lower()
    if low in ("1er", "premier"):
        return 1
    digits = re.match(r"\d+", low)
    if digits is None:
        raise ValueError(token)
    return int(digits.group())


def _unit(word: str) -> str:
    low = word.lower()
    for prefix, unit in (("day", "day"), ("jour", "day"), ("week", "week"), ("semaine", "week"),
                         ("month", "month"), ("mois", "month"), ("quarter", "quarter"),
                         ("trimestre", "quarter"), ("year", "year"), ("an", "year")):
        if low.startswith(prefix):
            return unit
    raise ValueError(word)


def _number(word: str) -> int:
    low = word.lower()
    if low.isdigit():
        return int(low)
    return _NUM_EN.get(low) or _NUM_FR[low]


# Regex building blocks ------------------------------------------------------------------------

_Y = r"(?:19[89]\d|20[0-4]\d)"
_MON_FULL = _alt(_MONTHS_FULL)
_MON_ABBR = _alt(_MONTHS_ABBR)
_WD_FULL = _alt(_WEEKDAYS)
_SEASON = _alt(_SEASONS)
_NUM_EN_RE = rf"\d{{1,3}}|{_alt(_NUM_EN)}"
_NUM_FR_RE = rf"\d{{1,3}}|{_alt(_NUM_FR)}"
_UNIT_EN = r"days?|weeks?|months?|quarters?|years?"
_UNIT_FR = r"jours?|semaines?|mois|trimestres?|années?|ans?"
_WDP = (rf"(?:(?<!\w)(?:{_WD_FULL}|(?:{_alt(_WEEKDAYS_ABBR)})\.?)(?!\w)\s*,?\s+"
        r"(?:the\s+|le\s+)?)?")


def _mon(g: str) -> str:
    return rf"(?<!\w)(?P<{g}>(?:{_MON_FULL})(?!\w)|(?:{_MON_ABBR})(?:\.|(?![\w'])))"


def _dd(g: str) -> str:
    return rf"(?<![\w.,])(?P<{g}>1er|premier|[0-3]?\d(?:st|nd|rd|th|er|ème|e)?)(?!\w)"


def _yy(g: str, time_after: bool = False) -> str:
    end = r"(?:(?!\w|[.,]\d)|(?=\d{1,2}:\d\d))" if time_after else r"(?!\w|[.,]\d)"
    return rf"(?<![\w$€£])(?<!\d[.,])(?P<{g}>{_Y}){end}"


_YREL = (r"(?P<yprev>last\s+year|the\s+(?:previous|prior)\s+year|l'an\s+(?:dernier|passé)"
         r"|l'année\s+(?:dernière|passée|précédente))"
         r"|(?P<ynext>next\s+year|l'an\s+prochain|l'année\s+prochaine)"
         r"|(?P<ycur>(?:the|this)\s+year|cette\s+année|l'année(?:\s+en\s+cours)?|d'année)")

_PART_Y = (r"early|late|mid\s*-?|(?:the\s+)?(?:end|beginning|start|middle|close)\s+of"
           r"(?:\s+the\s+year)?|year[-\s]end"
           r"|(?:à\s+la\s+|la\s+|en\s+)?fin(?:\s+de\s+l'année|\s+d'année|\s+de\s+l'exercice)?"
           r"(?:\s+de)?"
           r"|(?:au\s+|en\s+|le\s+|dès\s+(?:le\s+)?)?début(?:\s+de\s+l'année|\s+d'année)?"
           r"(?:\s+de)?"
           r"|(?:à\s+la\s+|la\s+)?mi\s*-|(?:au\s+|le\s+)?milieu(?:\s+de\s+l'année)?(?:\s+de)?"
           r"|(?:dans\s+le\s+|au\s+|le\s+)?courant(?:\s+de\s+l'année)?(?:\s+de)?"
           r"|(?:in\s+the\s+)?course\s+of")

_PART_M = (r"early|late|mid\s*-?|(?:the\s+)?(?:end|beginning|start|middle)\s+of"
           r"|(?:à\s+la\s+|la\s+|en\s+)?fin(?:\s+du\s+mois)?(?:\s+de\s+|\s+d')?"
           r"|(?:au\s+|en\s+|le\s+|dès\s+(?:le\s+)?)?début(?:\s+du\s+mois)?(?:\s+de\s+|\s+d')?"
           r"|(?:à\s+la\s+|la\s+)?mi\s*-|(?:au\s+|le\s+)?milieu(?:\s+du\s+mois)?(?:\s+de\s+|\s+d')?"
           r"|(?:dans\s+le\s+|au\s+)?courant(?:\s+du\s+mois)?(?:\s+de\s+|\s+d')?")


def _part_kind(part: str) -> str:
    low = part.lower()
    if "courant" in low or "course" in low:
        return "whole"
    if re.search(r"early|début|beginning|start", low):
        return "early"
    if re.search(r"mid|mi\b|mi\s*-|milieu|middle", low):
        return "mid"
    return "late"  # late, fin, end, close, year-end


def _yrel_offset(m: re.Match[str]) -> int:
    if m.group("yprev"):
        return -1
    if m.group("ynext"):
        return 1
    return 0


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


@dataclass(frozen=True)
class _Ctx:
    text: str  # normalised (same length as the original)
    lang: str  # "en", "fr" or ""
    question: bool


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


_COUNT_AFTER = re.compile(
    r"\s*(?:[%$€£]|(?:percent|pour\s*cent|(?:of\s+(?:its|their|the)\s+)?(?:employees?|jobs?"
    r"|workers?|people|persons?|staff(?:ers)?|positions?|roles?|members?|engineers?"
    r"|contractors?|users?|stores?|shops?|offices?|customers?|employ[ée]e?s|emplois|postes"
    r"|salari[ée]e?s|personnes|travailleurs|collaborat(?:eurs|rices)|agents|cadres|magasins"
    r"|dollars?|euros?|usd|eur|millions?|billions?|milliards?|km|miles?|units?|hours?|heures"
    r"|fois|times))(?!\w))", re.I)

_YEAR_CTX = re.compile(
    r"(?:(?<!\w)(?:in|en|since|depuis|by|until|till|through|thru|of|during|from|before|after"
    r"|avant|après|apres|for|pour|de|du|dès|entre|between|vers|around|circa|throughout|within"
    r"|fiscal|year|année|exercice|calendar|the|its|their|this|that|la|le|les|ses|leur|leurs"
    r"|cette|ce|jusqu'en|jusqu'à|d'ici|starting|beginning|as\s+of|pre|post)|d'|l'|[(\[])\s*-?\s*$",
    re.I)
_YEAR_CONN_CTX = re.compile(
    r"(?:(?<!\d)(?:19|20)\d\d|(?<!\w)(?:" + _MON_FULL + r"))\s*(?:,\s*)?"
    r"(?:and|or|to|et|ou|à|au|through|until|-|–)\s*$", re.I)
_MONTH_CTX = re.compile(
    r"(?:(?<!\w)(?:in|since|during|until|till|by|from|through|between|and|to|or|of|for|before"
    r"|after|early|late|en|depuis|dès|de|du|jusqu'en|jusqu'à|à|au|et|ou|avant|après|pour"
    r"|entre|starting|as\s+of)|d'|mid\s*-|mi-)\s*$", re.I)
_STRONG_MONTH_CTX = re.compile(
    r"(?<!\w)(?:in|since|during|until|till|by|between|from|early|late|mid)\s*-?\s*$", re.I)
_SEASON_CTX_EN = re.compile(
    r"(?<!\w)(?:in|during|over|since|by|through|until|throughout|before|after|from|to|and"
    r"|early|late|mid)\s*-?\s*(?:the\s+)?$", re.I)
_SEASON_CTX_FR = re.compile(
    r"(?:(?<!\w)(?:l'|à\s+l'|de\s+l'|depuis\s+l'|pendant\s+l'|durant\s+l'|jusqu'à\s+l'|dès\s+l'"
    r"|fin\s+de\s+l'|début\s+de\s+l'|d'ici\s+l')|(?<!\w)(?:en|au|du|le|depuis\s+le"
    r"|pendant\s+le|dès\s+le|jusqu'au)\s+)$", re.I)
_WEEKDAY_EXCLUDE = re.compile(
    r"(?<!\w)(?:black|cyber|good|super|ash|easter|holy|giving|fat|blue|maundy|palm|manic|"
    r"casual|freaky|furious)\s+$", re.I)


# Handlers -------------------------------------------------------------------------------------


def _h_full(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    mo, _ = _month_num(m["m"])
    d = date(int(m["y"]), mo, _day_num(m["d"]))
    return _fixed(m, _day(d))


def _numeric_order(lang: str, a: int, b: int) -> str | None:
    if a > 12 and b <= 12:
        return "DMY"
    if b > 12 and a <= 12:
        return "MDY"
    if lang == "en":
        return "MDY"
    if lang == "fr" or a == b:
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
    if low.rstrip(".") in _MONTHS_ABBR:
        return False
    if low in _AMBIGUOUS_EN_MONTHS and not token[0].isupper():
        return bool(_STRONG_MONTH_CTX.search(_before(ctx, pos)))
    # "Mars" (the company or the planet), "Printemps"...: French months are lower case
    return not (low in _FRENCH_ONLY_MONTHS and token[0].isupper() and not ctx.question
                and not has_modifier and pos > 0)


def _h_day_month(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    token = m["m"]
    if token.lower() in _AMBIGUOUS_EN_MONTHS and not token[0].isupper():
        return None
    mo, _ = _month_num(token)
    d = _day_num(m["d"])
    if not 1 <= d <= _last_day(2000, mo):
        return None

    def build(y: int) -> Triple:
        return _day(date(y, mo, d))

    return _partial(m, mo, build, lambda ref: build(_nearest_day_month(mo, d, ref).year))


def _h_day_range(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    mo, abbr = _month_num(m["m"])
    d1, d2 = _day_num(m["d1"]), _day_num(m["d2"])
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
    mo, _ = _month_num(m["m"])
    return _fixed(m, _month(int(m["y"]), mo))


def _h_part_month(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    which = _part_kind(m["part"])
    token = m["m"]
    mo, _ = _month_num(token)

    def build(y: int) -> Triple:
        return _month_part(y, mo, which)

    if m["y"]:
        return _fixed(m, build(int(m["y"])))
    if not _bare_month_ok(token, ctx, m.start("m"), has_modifier=True):
        return None
    return _partial(m, mo, build, lambda ref: build(_recent_month_year(mo, ref)))


def _h_month_only(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    token = m["m"]
    mo, _ = _month_num(token)
    pfx = (m["pfx"] or "").lower()
    sfx = (m["sfx"] or "").lower()
    modifier = bool(pfx or sfx)
    if not modifier and not _MONTH_CTX.search(_before(ctx, m.start())):
        return None
    if not _bare_month_ok(token, ctx, m.start("m"), has_modifier=modifier):
        return None
    if pfx == "last" or sfx in ("dernier", "passé", "last"):
        return _relative(m, lambda ref: _month(_recent_month_year(mo, ref, strict=True), mo))
    if pfx == "next" or sfx == "prochain":
        return _relative(m, lambda ref: _month(_next_month_year(mo, ref), mo))
    if pfx == "this":
        return _relative(m, lambda ref: _month(ref.year, mo))
    return _partial(m, mo, lambda y: _month(y, mo),
                    lambda ref: _month(_recent_month_year(mo, ref), mo))


def _h_month_yrel(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    """"January last year", "janvier de l'année dernière": a month of a relative year."""
    mo, _ = _month_num(m["m"])
    if m["ycur"] and not re.search(r"this|cette", m["ycur"], re.I):
        return None  # "janvier de l'année", "January of the year": which year?
    off = _yrel_offset(m)
    return _relative(m, lambda ref: _month(ref.year + off, mo))


def _h_part_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    return _fixed(m, _year_part(int(m["y"]), _part_kind(m["part"])))


def _h_part_yrel(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    which = _part_kind(m["part"])
    off = _yrel_offset(m)
    return _relative(m, lambda ref: _year_part(ref.year + off, which))


def _h_year_end(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    return _relative(m, lambda ref: _year_part(ref.year, "late"))


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    if _COUNT_AFTER.match(ctx.text, m.end()):
        return None
    before = _before(ctx, m.start())
    if not ctx.question and not (_YEAR_CTX.search(before) or _YEAR_CONN_CTX.search(before)):
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
    if _COUNT_AFTER.match(ctx.text, m.end()):
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
        if not m["fy"]:
            return None
        y = _two_digit_year(raw)
    else:
        y = int(raw)
    return _fixed(m, _year(y))


def _h_quarter_ord(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    q = _ORDINALS[m["ord"].lower()]
    if m["y"]:
        return _fixed(m, _quarter(int(m["y"]), q or 4))
    if m["yrel"]:
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
    before = _before(ctx, m.start())
    if not re.search(r"(?<!\w)(?:in|during|for|by|since|the|au|du|en|pour|depuis)\s*$", before,
                     re.I):
        return None
    q = int(m["q"])
    return _partial(m, 3 * q - 2, lambda y: _quarter(y, q), lambda ref: _recent_quarter(q, ref))


def _h_half(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    h = 2 if _ORDINALS[m["ord"].lower()] == 2 else 1
    if m["y"]:
        return _fixed(m, _half(int(m["y"]), h))
    if m["yrel"]:
        off = _yrel_offset(m)
        return _relative(m, lambda ref: _half(ref.year + off, h))
    return _partial(m, 6 * h - 5, lambda y: _half(y, h), lambda ref: _recent_half(h, ref))


def _h_half_abbr(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    h = int(m["h"] or m["h2"] or m["h3"])
    y = int(m["y"]) if m["y"] else _two_digit_year(m["yy"])
    return _fixed(m, _half(y, h))


def _h_season_year(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    name = m["s"].lower()
    if name == "printemps" and m["s"][0].isupper() and m.start() > 0 and not ctx.question:
        before = _before(ctx, m.start(), 3)
        if not re.search(r"[.!?:\n]\s*$", before):
            return None  # "Printemps", the department store
    sm = _SEASONS[name]
    y1 = int(m["y1"])
    if m["y2"]:
        raw = m["y2"]
        y2 = y1 // 100 * 100 + int(raw) if len(raw) == 2 else int(raw)
        if y2 != y1 + 1:
            return None
        return _fixed(m, _season(sm, y1))
    return _fixed(m, _season(sm, y1 - 1 if sm == 12 else y1))


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    token = m["s"]
    name = token.lower()
    sm = _SEASONS[name]
    pfx = (m["pfx"] or "").lower()
    sfx = (m["sfx"] or "").lower()
    before = _before(ctx, m.start())
    if name == "printemps" and token[0].isupper() and not ctx.question:
        return None  # French seasons are lower case; "Printemps" is a department store
    if name == "été" and not (pfx in ("cet",) or re.search(r"(?:(?<!\w)l'|(?<!\w)en\s+)$",
                                                           before, re.I)):
        return None  # "a été", "ont été": the past participle of "être"
    if name == "fall":
        if not (pfx or re.search(r"(?<!\w)(?:in|during|over|since|by|through|until|throughout"
                                 r"|before|after|from|to|early|late)\s+the\s+$", before, re.I)):
            return None
        if re.match(r"\s+(?:in|of|to|from|by)(?!\w)", ctx.text[m.end():], re.I):
            return None  # "the fall in revenue"
    if not (pfx or sfx):
        ctx_re = _SEASON_CTX_FR if name in ("hiver", "printemps", "été", "automne") else (
            _SEASON_CTX_EN)
        if not ctx_re.search(before):
            return None
    if pfx in ("last", "past") or sfx in ("dernier", "dernière", "passé", "passée"):
        return _relative(m, lambda ref: _season_last_complete(sm, ref))
    if pfx == "next" or sfx in ("prochain", "prochaine"):
        return _relative(m, lambda ref: _season_next(sm, ref))
    if pfx in ("this", "cet", "ce", "cette"):
        return _relative(m, lambda ref: _season_this(sm, ref))
    return _partial(m, sm, lambda y: _season(sm, y), lambda ref: _season_recent(sm, ref))


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    if _WEEKDAY_EXCLUDE.search(_before(ctx, m.start(), 12)):
        return None
    if re.match(r"\s+gras(?!\w)", ctx.text[m.end():], re.I):
        return None
    wd = _WEEKDAYS[m["wd"].lower()]
    pfx = (m["pfx"] or "").lower()
    sfx = (m["sfx"] or "").lower()
    if pfx in ("last", "past") or sfx in ("dernier", "passé"):
        return _relative(m, lambda ref: _day(_weekday_on_or_before(wd, ref, strict=True)))
    if pfx == "next" or sfx == "prochain":
        return _relative(m, lambda ref: _day(_weekday_after(wd, ref)))
    return _relative(m, lambda ref: _day(_weekday_on_or_before(wd, ref)))


def _h_rolling(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    groups = m.groupdict()
    n_raw = groups.get("n")
    if n_raw is None:
        # "the past year" is rolling; "last year" and "the previous year" are calendar years
        if groups.get("the") is None and groups.get("fixed") is None:
            return None
        if (groups.get("w") or "").lower() in ("previous", "preceding"):
            return None
    n = _number(n_raw) if n_raw else 1
    unit = _unit(m["u"])
    if not 0 < n <= 100:
        return None
    return _relative(m, lambda ref: (_shift(ref, -n, unit), ref, "range"))


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Atom | None:
    n = _number(m["n"])
    unit = _unit(m["u"])
    if not 0 < n <= 100:
        return None
    return _relative(m, lambda ref: _unit_span(_shift(ref, -n, unit), unit))


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


_REL_TABLE: list[tuple[str, Callable[[date], Triple]]] = [
    (r"the\s+day\s+before\s+yesterday|avant-hier", lambda r: _day(r - timedelta(days=2))),
    (r"yesterday|last\s+night|hier(?:\s+(?:soir|matin|après-midi))?",
     lambda r: _day(r - timedelta(days=1))),
    (r"today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|aujourd'hui"
     r"|ce\s+(?:matin|soir)|cet\s+après-midi", _day),
    (r"earlier\s+this\s+week|plus\s+tôt\s+(?:cette\s+semaine|dans\s+la\s+semaine)"
     r"|en\s+début\s+de\s+semaine", lambda r: (_week(r)[0], r, "range")),
    (r"this\s+week|cette\s+semaine", _week),
    (r"last\s+week|the\s+previous\s+week|la\s+semaine\s+(?:dernière|passée|précédente)",
     lambda r: _week(r - timedelta(days=7))),
    (r"next\s+week|la\s+semaine\s+prochaine", lambda r: _week(r + timedelta(days=7))),
    (r"earlier\s+this\s+month|so\s+far\s+this\s+month|month[-\s]to[-\s]date"
     r"|plus\s+tôt\s+(?:ce\s+mois-ci|ce\s+mois|dans\s+le\s+mois)"
     r"|depuis\s+le\s+début\s+du\s+mois|en\s+début\s+de\s+mois",
     lambda r: (date(r.year, r.month, 1), r, "range")),
    (r"this\s+month|ce\s+mois-ci|ce\s+mois|le\s+mois\s+en\s+cours",
     lambda r: _month(r.year, r.month)),
    (r"last\s+month|the\s+previous\s+month|le\s+mois\s+(?:dernier|passé|précédent)", _prev_month),
    (r"next\s+month|le\s+mois\s+prochain", _next_month),
    (r"this\s+quarter|the\s+current\s+quarter|ce\s+trimestre|le\s+trimestre\s+en\s+cours",
     lambda r: _quarter(r.year, (r.month - 1) // 3 + 1)),
    (r"the\s+(?:previous|prior)\s+quarter|le\s+trimestre\s+(?:dernier|passé|précédent)",
     _previous_quarter),
    (r"next\s+quarter|le\s+trimestre\s+prochain|le\s+prochain\s+trimestre", _next_quarter),
    (r"earlier\s+this\s+year|so\s+far\s+this\s+year|this\s+year\s+so\s+far"
     r"|year[-\s]to[-\s]date|since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year"
     r"|plus\s+tôt\s+(?:cette\s+année|dans\s+l'année)"
     r"|depuis\s+le\s+début\s+de\s+(?:l'année|cette\s+année)",
     lambda r: (date(r.year, 1, 1), r, "range")),
    (r"later\s+this\s+year|plus\s+tard\s+(?:cette\s+année|dans\s+l'année)",
     lambda r: (r, date(r.year, 12, 31), "range")),
    (r"this\s+year|the\s+current\s+year|cette\s+année|l'année\s+en\s+cours",
     lambda r: _year(r.year)),
    (r"last\s+year|the\s+(?:previous|prior)\s+year|l'an\s+(?:dernier|passé)"
     r"|l'année\s+(?:dernière|passée|précédente)", lambda r: _year(r.year - 1)),
    (r"next\s+year|l'an\s+prochain|l'année\s+prochaine", lambda r: _year(r.year + 1)),
]

_DURING = r"(?:(?:in|over|during|for|within|throughout)\s+)?"
_DURANT = r"(?:(?:au\s+cours|lors|durant|pendant)\s+)?"

_PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(p, re.I), h)
    for p, h in [
        # absolute days
        (rf"{_WDP}{_mon('m')}\s*{_dd('d')}(?:\s*,\s*|\s+)(?:of\s+)?{_yy('y', True)}", _h_full),
        (rf"{_WDP}{_dd('d')}\s+(?:of\s+|de\s+)?{_mon('m')}\s*,?\s*{_yy('y', True)}", _h_full),
        (r"(?<![\w/.:-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
         r"(?P<y>(?:19|20)\d\d)(?![\w/]|[.-]\d)", _h_numeric),
        (r"(?<![\w/.:-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
         r"(?!\d|[/.-]\d)", _h_iso),
        (rf"{_dd('d1')}\s*(?:-|–|au|à|to|and|et)\s*{_dd('d2')}\s+(?:of\s+|de\s+)?{_mon('m')}"
         rf"(?:\s*,?\s*{_yy('y')})?", _h_day_range),
        (rf"{_mon('m')}\s*{_dd('d1')}\s*(?:-|–|to|through|and)\s*{_dd('d2')}(?:\s*,\s*|\s+)"
         rf"{_yy('y')}", _h_day_range),
        (rf"{_WDP}{_mon('m')}\s*{_dd('d')}", _h_day_month),
        (rf"{_WDP}{_dd('d')}\s+(?:of\s+|de\s+)?{_mon('m')}", _h_day_month),
        # months
        (rf"{_mon('m')}(?:\s*,\s*|\s+)(?:of\s+|de\s+)?{_yy('y')}", _h_month_year),
        (rf"(?<!\w)(?P<m>{_MON_FULL})\s+(?:of\s+|de\s+)?(?:{_YREL})(?!\w)", _h_month_yrel),
        (rf"(?<!\w)(?P<part>{_PART_M})\s*{_mon('m')}(?:(?:\s*,\s*|\s+)(?:of\s+|de\s+)?"
         rf"{_yy('y')})?", _h_part_month),
        (rf"(?<!\w)(?:(?P<pfx>last|next|this|(?:ce|le|au)\s+mois\s+d[e']|the\s+month\s+of)\s*)?"
         rf"(?P<m>{_MON_FULL})(?!\w)(?:\s+(?P<sfx>dernier|prochain|passé|last)(?!\w))?",
         _h_month_only),
        # parts of years, years
        (rf"(?<!\w)(?P<part>{_PART_Y})\s*{_yy('y')}", _h_part_year),
        (rf"(?<!\w)(?P<part>{_PART_Y})\s*(?:{_YREL})(?!\w)", _h_part_yrel),
        (r"(?<!\w)year[-\s]end(?!\w)", _h_year_end),
        (rf"{_yy('y1')}\s*[-–/]\s*(?P<y2>{_Y}|\d\d)(?!\w|[.,]\d)", _h_year_range),
        (r"(?<!\w)(?:(?P<fy>FY)\s*'?|fiscal\s+(?:year\s+)?|(?:l'|de\s+l')?exercice\s+"
         r"(?:fiscal\s+)?)(?P<y>(?:19|20)\d\d|\d\d)(?!\w|[.,]\d)", _h_fiscal),
        (_yy("y"), _h_year),
        # quarters and halves
        (rf"(?<!\w)(?:the\s+)?(?P<ord>first|1st|second|2nd|third|3rd|fourth|4th|final|last)"
         rf"[\s-]+quarter(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?{_yy('y')}"
         rf"|\s+of\s+(?P<yrel>{_YREL}))?(?!\w)", _h_quarter_ord),
        (rf"(?<!\w)(?P<ord>premier|1er|deuxième|deuxieme|2e|2ème|second|troisième|troisieme|3e"
         rf"|3ème|quatrième|quatrieme|4e|4ème|dernier)\s+trimestre(?:\s+(?:de\s+|d')?"
         rf"(?:(?:l'année|l'exercice)\s+)?{_yy('y')}|\s+(?:de\s+)?(?P<yrel>{_YREL}))?(?!\w)",
         _h_quarter_ord),
        (rf"(?<!\w)(?:[QT](?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?|\s*[-/]\s*)"
         rf"(?:{_yy('y')}|'(?P<yy>\d\d)(?!\d))", _h_quarter_abbr),
        (r"(?<!\w)Q(?P<q>[1-4])(?!\w)", _h_quarter_bare),
        (rf"(?<!\w)(?:the\s+)?(?P<ord>first|1st|second|2nd|latter|back|front)[\s-]+half"
         rf"(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?{_yy('y')}"
         rf"|\s+of\s+(?P<yrel>{_YREL}))(?!\w)", _h_half),
        (rf"(?<!\w)(?P<ord>premier|1er|second|seconde|deuxième|deuxieme|2e|2ème|2nd)\s+semestre"
         rf"(?:\s+(?:de\s+|d')?(?:(?:l'année|l'exercice)\s+)?{_yy('y')}"
         rf"|\s+(?:de\s+)?(?P<yrel>{_YREL}))?(?!\w)", _h_half),
        (rf"(?<!\w)(?:H(?P<h>[12])|(?P<h2>[12])H|S(?P<h3>[12]))\s*(?:{_yy('y')}"
         rf"|'(?P<yy>\d\d)(?!\d))", _h_half_abbr),
        # seasons
        (rf"(?<!\w)(?P<s>{_SEASON})(?:\s+(?:of\s+|de\s+|d')?|\s*)(?P<y1>{_Y})"
         rf"(?:\s*[-/–]\s*(?P<y2>{_Y}|\d\d))?(?!\w|[.,]\d)", _h_season_year),
        (rf"(?<!\w)(?:(?P<pfx>last|this|next|past|cet|ce|cette)\s+)?(?P<s>{_SEASON})(?!\w)"
         r"(?:\s+(?P<sfx>dernier|dernière|prochain|prochaine|passé|passée)(?!\w))?",
         _h_season),
        # weekdays, relative phrases, rolling windows
        (rf"(?<!\w)(?:(?P<pfx>last|this|next|past|ce)\s+)?(?P<wd>{_WD_FULL})(?!\w)"
         r"(?:\s+(?P<sfx>dernier|prochain|passé)(?!\w))?", _h_weekday),
        *[(rf"(?<!\w)(?:{p})(?!\w)", _table(fn)) for p, fn in _REL_TABLE],
        (rf"(?<!\w){_DURING}(?P<the>the\s+)?(?P<w>last|past|previous|preceding)\s+"
         rf"(?:(?P<n>{_NUM_EN_RE})\s+)?(?P<u>{_UNIT_EN})(?!\w)", _h_rolling),
        (rf"(?<!\w){_DURANT}(?:des|ces|les)\s+(?P<n>{_NUM_FR_RE})\s+(?:derni(?:er|ère)s"
         rf"|pass[ée]e?s)\s+(?P<u>{_UNIT_FR})(?!\w)", _h_rolling),
        (rf"(?<!\w){_DURANT}(?:des|ces|les)\s+(?P<n>{_NUM_FR_RE})\s+(?P<u>{_UNIT_FR})\s+"
         r"(?:écoulée?s|passée?s)(?!\w)", _h_rolling),
        (r"(?<!\w)(?:au\s+cours\s+de\s+|lors\s+de\s+|durant\s+|pendant\s+)?(?P<fixed>"
         r"l'(?P<u>année)\s+écoulée|la\s+dernière\s+(?P<u2>année)|les\s+douze\s+derniers\s+mois)"
         r"(?!\w)", lambda m, ctx: _relative(m, lambda r: (_shift(r, -1, "year"), r, "range"))),
        (rf"(?<!\w)depuis\s+(?P<n>{_NUM_FR_RE})\s+(?P<u>{_UNIT_FR})(?!\w)", _h_rolling),
        (rf"(?<!\w)(?P<n>{_NUM_EN_RE})\s+(?P<u>{_UNIT_EN})\s+ago(?!\w)", _h_ago),
        (rf"(?<!\w)il\s+y\s+a\s+(?P<n>{_NUM_FR_RE})\s+(?P<u>{_UNIT_FR})(?!\w)", _h_ago),
    ]
]


def _scan(ctx: _Ctx) -> list[_Atom]:
    """Every time expression, the longest where candidates overlap, in text order."""
    candidates: list[tuple[int, int, int, _Atom]] = []
    for index, (pattern, handler) in enumerate(_PATTERNS):
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

_CONNECTOR = re.compile(
    r"\s*(?:,\s*)?(?P<conj>to|through|thru|until|till|and|&|-|–|—|à|au|et|jusqu'à|jusqu'au"
    r"|jusqu'en|jusque\s+(?:en|à|au))\s*(?:(?:the|l'|la|le|les)(?:\s+|(?<=')))?", re.I)
_RANGE_PREFIX = re.compile(
    r"(?<!\w)(?P<w>between|from|entre|de|du|d')\s*(?:(?:the|l'|la|le|les)\s*)?$", re.I)
_SINCE_PREFIX = re.compile(
    r"(?<!\w)(?:ever\s+since|since|depuis)\s+(?:(?:the|le|la|les)\s+|l')?$", re.I)
_QUESTION_PREFIX = re.compile(
    r"(?<!\w)(?P<w>ever\s+since|since|depuis|dès|from|starting(?:\s+(?:in|from|on))?"
    r"|à\s+partir\s+(?:de\s+|du\s+|d')|after|après|post|later\s+than|before|avant|prior\s+to"
    r"|pre|earlier\s+than|until|till|up\s+(?:to|until)|through|jusqu'(?:en|à|au)|jusque)"
    r"\s*-?\s*(?:(?:the|le|la|les)\s+|l')?$", re.I)


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
    ctx = _Ctx(norm, _lang(lang), question)
    atoms = _scan(ctx)
    items: list[_Item] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        try:
            if i + 1 < len(atoms):
                merged = _join(atoms[i], atoms[i + 1], text, norm, ref)
                if merged is not None:
                    items.append(merged)
                    i += 2
                    continue
            item = _single(a, text, norm, ref, question)
        except (ValueError, OverflowError, StopIteration) as exc:
            log.debug("cannot resolve %r: %s", text[a.start:a.end], exc)
            item = None
        if item is not None:
            items.append(item)
        i += 1
    return items


def _join(a: _Atom, b: _Atom, text: str, norm: str, ref: date | None) -> _Item | None:
    conn = _CONNECTOR.fullmatch(norm, a.end, b.start)
    if conn is None:
        return None
    prefix = _RANGE_PREFIX.search(norm, max(0, a.start - 12), a.start)
    if conn["conj"].lower() in ("and", "&", "et") and not (
            prefix and prefix["w"].lower() in ("between", "entre")):
        return None
    pair = _pair(a, b, ref)
    if pair is None:
        return None
    sa, sb, inferred = pair
    if sb[1] < sa[0]:
        return None
    start = prefix.start() if prefix else a.start
    return _Item(start, b.end, Span(sa[0], sb[1], "range", text[start:b.end].strip(), inferred))


def _single(a: _Atom, text: str, norm: str, ref: date | None, question: bool) -> _Item | None:
    resolved = _resolve(a, ref)
    if resolved is None:
        return None
    (start, end, precision), inferred = resolved
    lo = max(0, a.start - 25)
    if question and ref is not None:
        pm = _QUESTION_PREFIX.search(norm, lo, a.start)
        if pm is not None:
            word = pm["w"].lower()
            if word.startswith(("after", "après", "post", "later")):
                start, end = end + timedelta(days=1), max(ref, end + timedelta(days=1))
            elif word.startswith(("before", "avant", "prior", "pre", "earlier")):
                start, end = min(OPEN_START, start - timedelta(days=1)), start - timedelta(days=1)
            elif word.startswith(("until", "till", "up", "through", "jusqu")):
                start = min(OPEN_START, start)
            else:  # since, from, starting, à partir de
                end = max(ref, start)
            return _Item(pm.start(), a.end, Span(start, end, "range",
                                                 text[pm.start():a.end].strip(), inferred))
    sm = _SINCE_PREFIX.search(norm, lo, a.start)
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


_FUTURE = re.compile(
    r"(?<!\w)(?:will|shall|won't|plans?\s+to|planning\s+to|expects?\s+to|expected\s+to"
    r"|intends?\s+to|aims?\s+to|scheduled|slated|forecasts?|prévoit|prévoient|devrait"
    r"|devraient|va|vont|compte|comptent|envisage|envisagent|d'ici|prochaine?s?)(?!\w)", re.I)
_TARGET_PREFIX = re.compile(
    r"(?<!\w)(?:by|until|till|through|before|d'ici|jusqu'en|jusqu'à|jusqu'au|avant)\s*"
    r"(?:(?:the|la|le|l')\s*)?(?:end\s+of\s+)?$", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


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
    best: tuple[date, str] | None = None
    for sentence in _SENTENCE_SPLIT.split(text):
        if not sentence.strip() or _FUTURE.search(_norm(sentence)):
            continue
        norm = _norm(sentence)
        for atom in _scan(_Ctx(norm, _lang(lang), question=False)):
            if atom.fixed is None or atom.fixed[0] > today:
                continue
            if _TARGET_PREFIX.search(norm, max(0, atom.start - 20), atom.start):
                continue
            if best is None or atom.fixed[0] > best[0]:
                best = (atom.fixed[0], sentence[atom.start:atom.end].strip())
    if best is None:
        return None
    return Span(best[0], max(today, best[0]), "range", best[1], inferred=True)


# Publication dates ----------------------------------------------------------------------------

_PUB_LABEL = re.compile(
    r"(?<!\w)(?P<label>(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|publication\s+date"
    r"|date\s+published|date\s+de\s+publication|publi[ée]e?(?:\s+le)?|parue?(?:\s+le)?|date)"
    r"(?!\w)\s*[:\-–]?\s*", re.I)
_UPD_LABEL = re.compile(
    r"(?<!\w)(?P<label>(?:last\s+)?updated(?:\s+on)?|modified(?:\s+on)?"
    r"|mise?\s+à\s+jour(?:\s+le)?|modifi[ée]e?(?:\s+le)?|actualis[ée]e?(?:\s+le)?)"
    r"(?!\w)\s*[:\-–]?\s*", re.I)
_FRENCH_LABEL = re.compile(
    r"publi[ée](?!d)|parue?(?!\w)|mise?\s|modifi[ée](?!d)|actualis|date\s+de", re.I)
_LABEL_LEFT = re.compile(r"(?:^|[|•·—–\-(,]|\s{2,})[\s*_>]*$")

_FULL_DATE_PATTERNS = [p for p, h in _PATTERNS if h in (_h_full, _h_numeric, _h_iso)]
_DAY_MONTH_PATTERNS = [p for p, h in _PATTERNS if h is _h_day_month]

_DATELINE = re.compile(
    r"^[ \t>*_]*(?P<city>[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ .'/-]{1,40}?)\s*,\s*"
    r"(?P<date>[^\n()]{3,40}?)\s*(?:\((?P<agency>[^)\n]{2,30})\)|/(?P<wire>[^/\n]{2,30})/)?"
    r"\s*(?:--?|–|—|:)(?:\s|$)", re.M)
_TIME_ETC = re.compile(
    r"\d{1,2}\s*[:h.]\s*\d{2}(?:\s*[ap]\.?\s*m\.?)?|\d{1,2}\s*[ap]\.?m\.?|(?<!\w)(?:ET|EST|EDT|"
    r"PT|PST|PDT|CT|CST|CDT|GMT|UTC|CET|CEST|BST|HNE|heure\s+de\s+Paris|à|at|le|on|the)(?!\w)"
    + rf"|(?<!\w)(?:{_WD_FULL}|{_alt(_WEEKDAYS_ABBR)})\.?(?!\w)", re.I)
_RELATIVE_WORDS = re.compile(r"ago|il\s+y\s+a|hier|yesterday|today|aujourd|instant|minutes?",
                             re.I)


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
    return DateDataParser(languages=["en", "fr"], settings=settings)


def _full_date(segment: str, lang: str, max_start: int | None = None) -> tuple[date, int, int]:
    """The first complete date (with a year) in ``segment``: (date, start, end).

    Raises LookupError when there is none, or when a numeric date is ambiguous and ``lang``
    does not say which order to read it in.
    """
    best: tuple[date, int, int] | None = None
    for pattern in _FULL_DATE_PATTERNS:
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
                    d = date(int(m["y"]), _month_num(m["m"])[0], _day_num(m["d"]))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[1]:
                best = (d, m.start(), m.end())
            break
    if best is None:
        raise LookupError(segment)
    return best


def _dateparser_date(segment: str, lang: str) -> date | None:
    """Ask dateparser about a short byline segment our own patterns did not read."""
    segment = re.split(r"\s[|•·]\s|\(|\s[-–—]\s", segment)[0].strip()[:60]
    if not re.search(r"\d", segment) or _RELATIVE_WORDS.search(segment):
        return None
    if lang not in ("en", "fr") and not re.search(r"[^\W\d_]{3,}", segment):
        return None  # all digits: the day order is unknown
    order = "MDY" if lang == "en" else "DMY"
    try:
        data = _date_parser(order).get_date_data(segment)
    except Exception as exc:  # dateparser raises odd things on odd input
        log.debug("dateparser failed on %r: %s", segment, exc)
        return None
    if data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


def _labelled_dates(head: str, label_re: re.Pattern[str], lang: str) -> list[date]:
    found = []
    for m in label_re.finditer(head):
        label = m["label"]
        line_start = head.rfind("\n", 0, m.start()) + 1
        left = head[line_start:m.start()]
        if not (label[0].isupper() or _LABEL_LEFT.search(left)):
            continue  # "the company updated its forecast on..." is prose, not a byline
        line_end = head.find("\n", m.end())
        segment = head[m.end():line_end if line_end >= 0 else len(head)][:80]
        seg_lang = "fr" if _FRENCH_LABEL.match(label) else lang
        try:
            found.append(_full_date(segment, seg_lang, max_start=30)[0])
            continue
        except LookupError:
            pass
        parsed = _dateparser_date(segment, seg_lang)
        if parsed is not None:
            found.append(parsed)
    return found


def _dateline_date(head: str, lang: str) -> date | None:
    for m in _DATELINE.finditer(head):
        city = m["city"].strip()
        if not (city == city.upper() or m["agency"] or m["wire"]):
            continue
        segment = m["date"].strip()
        try:
            return _full_date(segment, lang, max_start=12)[0]
        except LookupError:
            pass
        for pattern in _DAY_MONTH_PATTERNS:
            dm = pattern.fullmatch(segment)
            if dm is None:
                continue
            years = set()
            for ym in re.finditer(_yy("y"), head[:m.start()]):
                if not _COUNT_AFTER.match(head, ym.end()):
                    years.add(int(ym["y"]))
            if len(years) != 1:
                log.debug("dateline %r has no year nearby", segment)
                return None
            try:
                return date(years.pop(), _month_num(dm["m"])[0], _day_num(dm["d"]))
            except ValueError:
                return None
    return None


def _date_line(head: str, lang: str) -> date | None:
    """A short line near the top that is mostly a date: "January 5, 2023 2:02 PM ET"."""
    for line in head.splitlines():
        if len(line.strip()) > 120 or _UPD_LABEL.search(line):
            continue
        for part in re.split(r"\s*[|•·]\s*", line):
            try:
                d, start, end = _full_date(part, lang)
            except LookupError:
                continue
            left = part[:start]
            if re.match(r"\s*(?:by|par)\s", left, re.I):
                left = ""
            residue = _TIME_ETC.sub(" ", left + " " + part[end:])
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
    published = [d for d in _labelled_dates(head, _PUB_LABEL, code) if _plausible(d)]
    if published:
        return published[0]
    for finder in (_dateline_date, _date_line):
        found = finder(head, code)
        if found is not None and _plausible(found):
            return found
    updated = [d for d in _labelled_dates(head, _UPD_LABEL, code) if _plausible(d)]
    return updated[0] if updated else None


PUBLISHED_YEARS = (1900, 2100)
"""Publication dates outside these years are misreadings ("Published: January 1, 0001")."""


def _plausible(d: date) -> bool:
    return PUBLISHED_YEARS[0] <= d.year <= PUBLISHED_YEARS[1]
