"""From mentions to layoff events: one event per real cut, however many outlets reported it.

The rules, in order:

1. Running totals ("bringing the total to 27,000", "30,000 since October") are not events:
   they are kept aside as aggregates.
2. Mentions of one company whose dates are close and whose figures are compatible are one
   event; conflicting figures (9,000 vs 9,100) are kept as a range with who says what.
3. An event reported as including earlier cuts ("18,000, including November's reductions")
   marks the earlier events it covers as included, so a total never adds them twice.
4. A mention over a wide period whose figure covers other events in it (27,000 over winter
   2022-23 beside 18,000 + 9,000) is an aggregate, not a new event.
5. A mention from an undated article that gives no date of its own joins the dated event it
   matches (same company, compatible figure, inside the bounds its content allows; with two
   such events equally close, neither). Unmatched, it is dated by those bounds (shown as
   inferred); with no bounds at all it is **held back** as undated: shown apart, never dated
   "1 Jan 1" and never added to a total.
6. **Sanity gate**: an event reported by a single source whose figure is far above everything
   else reported for that company (:data:`OUTLIER_RATIO`) is held back as unverified: shown
   apart with its source, never added to a total. A planted "Amazon cut 1 million jobs" does
   not become a seven-figure total.
7. **Standing** (:mod:`index.standing`): a denied mention never makes or joins an event; an
   event whose every mention is only reported (unnamed sources, a newspaper's report) is held
   back as reported until a source gives the company's own word for it.
8. **Replaced proposals**: a figure a later source calls the first proposal, replaced by the
   negotiated one ("the 1,198 job losses it proposed in June"), makes no event, and the event
   that first reported it is held back as superseded; so is a first figure that an agreement
   settled lower within four months ("898 agreed with the unions" after 1,198 proposed).
9. **In passing**: a cut named only in articles about other companies ("Grab is not alone:
   GoTo laid off 600 in March") corroborates the event its own company's articles report,
   but alone it is held back: such recaps round, re-date and repeat figures, so adding them
   is how one cut gets counted twice.

Counting one event twice is the worst mistake a layoffs bot can make, so where the rules are
unsure they fold a figure into an aggregate rather than add it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import combinations

from index import places, standing, vocab
from index.companies import extends, fold_company
from index.extract import Mention

CLOSE_DAYS = 21  # two reports of one cut are at most this far apart
WIDE_DAYS = 45  # a span wider than this (a season, a quarter) is a period, not one cut's date
INCLUDES_WINDOW_DAYS = 150  # how far back "including earlier cuts" reaches
RANGE_SLACK = 1.1  # "800 to 900" and "about 950" can be one event; 800 to 900 and 1,500 cannot
COMPATIBLE_RATIO = 1.25  # 15,000 and 18,000 can be one event; 9,000 and 14,000 cannot
SUM_TOLERANCE = 0.1
PARTS_TOLERANCE = 0.02  # parts add up to their whole: 5,600 + 450 and "roughly 6,000"
# A lone source's figure over 20x the largest of at least two other events of the company is
# held back: real rounds differ by 10x (Siemens' 6,000 and its unit's 450), a planted
# "1 million" beside Amazon's 18,000 and 9,000 is 55x.
OUTLIER_RATIO = 20
OUTLIER_MIN_OTHERS = 2

# Why an event is shown apart instead of added to a total (:attr:`Event.held_back`).
UNDATED = "undated"  # no source dates it, and it matches no dated event
OUTLIER = "outlier"  # one source, far above everything else reported for the company
REPORTED = "reported"  # every source only reports it (unconfirmed); a confirmation counts it
PASSING = "passing"  # only named in passing, in articles about other companies
SINGLE = "single"  # one article gives it, deep in its body: not its title or lead
SUPERSEDED = "superseded"  # a first proposal that a later source says was replaced
SUPERSEDED_DAYS = 365  # how far back a "first proposal" sentence reaches
# a consultation and its agreement: an ERE's 30 days and more; a French PSE's up to four months,
# then the state's validation
NEGOTIATION_DAYS = 150
NEGOTIATED_SHARE = 0.5  # a settled figure is at least this share of the first one
ROUNDED_SHARE = 0.1  # a headline's "près de 400" may round a 367 told below it
SAME_STORY_SHARE = 0.5  # one article's two figures for a day: the same cut told two ways
SAME_SHARE_POINTS = 1.0  # "a quarter" and "25%" of the workforce: the same share


MentionLike = Mention  # what events need of an extracted mention


@dataclass(frozen=True)
class Event:
    id: str
    company: str
    start: date
    end: date
    precision: str
    headcount: int | None  # the figure a total uses; None when only vague or a percentage
    low: int | None  # the spread of exact figures across sources
    high: int | None
    qualifier: str
    vague: bool
    percent: float | None
    units: tuple[str, ...]
    countries: tuple[str, ...]
    reasons: tuple[str, ...]
    mentions: tuple[MentionLike, ...]
    included_in: str | None = None  # a later event whose figure includes this one
    held_back: str | None = None  # UNDATED or OUTLIER: shown apart, never added to a total

    @property
    def conflicting(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc_id for m in self.mentions))

    @property
    def date_inferred(self) -> bool:
        """No source dates the cut: the date is bounded from undated articles' content."""
        return all(m.date_from_publication and m.published is None for m in self.mentions)

    @property
    def undated(self) -> bool:
        """No source dates it, not even by bounds from an undated article's content."""
        return self.held_back == UNDATED

    @property
    def outlets(self) -> int:
        """How many distinct sources report it: the corroboration shown beside a figure."""
        return len(self.doc_ids)

    @property
    def includes_earlier(self) -> bool:
        return any(m.includes_earlier for m in self.mentions)

    def figure_by_doc(self) -> dict[str, int | None]:
        """Each source's exact figure for this event (who says what)."""
        found: dict[str, int | None] = {}
        for m in self.mentions:
            if m.headcount is not None and not m.vague:
                found.setdefault(m.doc_id, m.headcount)
            else:
                found.setdefault(m.doc_id, None)
        return found


@dataclass(frozen=True)
class Aggregate:
    """A running or period total reported by a source; a cross-check, never a term."""

    company: str
    start: date
    end: date
    headcount: int | None
    mentions: tuple[MentionLike, ...]
    covers: tuple[str, ...] = ()  # events whose figures it appears to sum


@dataclass
class Ledger:
    events: list[Event] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)

    def for_company(self, company: str) -> list[Event]:
        return [e for e in self.events if e.company == company]

    def companies(self) -> list[str]:
        return sorted({e.company for e in self.events})

    def named_units(self) -> dict[str, str]:
        """Units written as names ("Xing", "Digital Industries"), each with its one company,
        so that a question can name the unit ("Wie viele Stellen hat Xing gestrichen?")."""
        companies = {fold_company(c) for c in self.companies()}
        owners: dict[str, set[str]] = defaultdict(set)
        for e in self.events:
            for unit in e.units:
                if unit[:1].isupper() and fold_company(unit) not in companies:
                    owners[unit].add(e.company)
        return {unit: found.pop() for unit, found in owners.items() if len(found) == 1}


def _span(m: MentionLike) -> tuple[date, date, str]:
    if m.announced is not None:
        return m.announced.start, m.announced.end, m.announced.precision
    day = m.published or date.min
    return day, day, "day"


def _wide(m: MentionLike) -> bool:
    start, end, _ = _span(m)
    return (end - start).days > WIDE_DAYS


def _gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two spans (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _range(m: MentionLike) -> tuple[int, int] | None:
    """The bounds of a figure given as a range ("800 to 900 employees"), else None."""
    if m.headcount is None and not m.vague and m.low is not None and m.high is not None:
        return m.low, m.high
    return None


def _compatible(a: MentionLike, b: MentionLike) -> bool:
    ra, rb = _range(a), _range(b)
    if ra and rb and (ra[1] * RANGE_SLACK < rb[0] or rb[1] * RANGE_SLACK < ra[0]):
        return False  # two ranges that do not overlap
    for figure, bounds in ((a.headcount, rb), (b.headcount, ra)):
        if figure is not None and bounds and not (
                bounds[0] / RANGE_SLACK <= figure <= bounds[1] * RANGE_SLACK):
            return False  # "800 to 900" and 1,500 are two cuts
    if a.headcount is not None and b.headcount is not None and not (a.vague or b.vague):
        high, low = max(a.headcount, b.headcount), min(a.headcount, b.headcount)
        if low <= 0 or high / low > COMPATIBLE_RATIO:
            return False
    for exact, vague in ((a, b), (b, a)):
        if exact.headcount is not None and not exact.vague and vague.vague:
            lo, hi = vague.low, vague.high
            if lo is not None and hi is not None and not lo <= exact.headcount <= hi:
                return False
    if a.percent is not None and b.percent is not None and abs(a.percent - b.percent) > 3:
        return False
    if _told_apart(a, b):
        return False
    if a.country and b.country and not _same_place(a.country, b.country):
        return False  # two countries' shares are two figures, however close
    for place, whole in ((a, b), (b, a)):
        if (place.country and not whole.country and place.doc_id == whole.doc_id
                and place.headcount is not None and whole.headcount is not None
                and place.headcount < whole.headcount):
            # one article's smaller figure for one place beside its figure for the company:
            # a part of it ("172 despidos de Madrid" within the 180 of the ERE, La Opinión de
            # Málaga), held apart so that it is never the event's figure
            return False
    for place, share in ((a, b), (b, a)):
        if place.country and place.headcount is not None and not share.country \
                and share.headcount is None and share.percent is not None \
                and getattr(share, "sentence", None) != getattr(place, "sentence", None):
            # "25% of its staff" is company-wide; "47 in Washington", in another sentence, is
            # one place's ("35 % des effectifs : une trentaine de postes ... principalement en
            # France" is one figure told twice)
            return False
    return not (a.unit and b.unit and a.unit.casefold() != b.unit.casefold())


def _told_apart(a: MentionLike, b: MentionLike) -> bool:
    """One sentence's two figures, the second added to the first ("another", "weitere",
    "otros": "The shutdown equates to 35 job cuts, while another 38 positions are slated to
    go", Tech.eu), are two cuts however close. Without such a word one sentence's two figures
    may be one cut told two ways ("les 856 postes correspondent à 1123 départs compensés par
    267 créations", BFM Business), which the same-article rule below keeps as one."""
    sentence = getattr(a, "sentence", None)
    if (a.doc_id != b.doc_id or sentence is None or sentence != getattr(b, "sentence", 0)
            or a.headcount is None or b.headcount is None or a.headcount == b.headcount):
        return False
    return any(_added(sentence, m.headcount) for m in (a, b) if m.headcount is not None)


def _added(sentence: str, figure: int) -> bool:
    """``figure`` follows a word that adds it to another ("another 38", "weitere 200")."""
    digits = str(figure)
    groups = [digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)][::-1]
    number = r"[.,\s\u00a0\u202f]?".join(groups)
    return bool(re.search(rf"(?<!\w)(?:{_further_words()})\s+(?:\w+\s+)?{number}(?!\d)",
                          sentence, re.I))


@vocab.cached
def _further_words() -> str:
    # [cuts] further is what may stand between a cut verb and its figure ("cut another 300",
    # "cut some 300"): all but "some", which adds nothing ("Some 38 employees are also set to go")
    return "|".join(f"(?:{w})" for v in vocab.vocabularies() for w in v.words("cuts", "further")
                    if w.strip() not in {"some"})


def _same_place(a: str, b: str) -> bool:
    """One country, or a region and the country it lies in ("Catalonia" and "Spain", the
    [regions] tables of the vocabularies): one figure told at two scales."""
    regions = _regions()
    if a == b or regions.get(a) == b or regions.get(b) == a:
        return True
    # a city and its country or region ("Madrid" and "Spain", "Madrid" and "Community of Madrid")
    for city, other in ((a, b), (b, a)):
        country = places.city_country(city)
        if country is not None and (country == other or regions.get(other) == country):
            return True
    return False


@vocab.cached
def _regions() -> dict[str, str]:
    return {str(k): str(v) for k, v in vocab.merged("regions").items()}


class _Cluster:
    def __init__(self, first: MentionLike) -> None:
        self.mentions = [first]
        start, end, _ = _span(first)
        self.span = (start, end)

    def accepts(self, m: MentionLike) -> bool:
        start, end, _ = _span(m)
        if _gap(self.span, (start, end)) > CLOSE_DAYS:
            return False
        return all(_compatible(m, other) for other in self.mentions)

    def add(self, m: MentionLike) -> None:
        self.mentions.append(m)
        if not _wide(m):
            narrow = [_span(x) for x in self.mentions if not _wide(x)]
            self.span = (min(s for s, _, _ in narrow), max(e for _, e, _ in narrow))


def build_ledger(mentions: Iterable[MentionLike]) -> Ledger:
    """De-duplicate mentions into events, company by company."""
    by_company: dict[str, list[MentionLike]] = defaultdict(list)
    replaced: dict[str, list[MentionLike]] = defaultdict(list)
    for m in _full_names(list(mentions)):
        if getattr(m, "superseded", False):  # "its initial plan for 1,198": no event of its own
            replaced[m.company].append(m)
        elif _status(m) != standing.DENIED:  # a denied report makes no event and joins none
            by_company[m.company].append(m)
    ledger = Ledger()
    for company in sorted(by_company):
        events, aggregates = _company_events(company, by_company[company])
        events = _hold_negotiated_down(_hold_superseded(events, replaced.get(company, ())))
        ledger.events.extend(events)
        ledger.aggregates.extend(aggregates)
    ledger.events.sort(key=lambda e: (e.company, e.start, e.id))
    return ledger


def _full_names(mentions: list[MentionLike]) -> list[MentionLike]:
    """One name per company across articles: an article that says "Bouygues" or "Tier" for
    the company others call "Bouygues Telecom" or "Tier Mobility" is about that company, when
    exactly one such fuller name is in the ledger (:func:`index.companies.extends`). Spellings
    of one name ("Tomtom" and "TomTom", "Ualá" and "Uala", "Go Student" and "GoStudent") are
    one company first, written as most of its mentions write it (ties: the spelling with more
    capitals and accents)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        # spaces and hyphens too: "Go Student" (Der Standard) is "GoStudent" (Brutkasten)
        spellings[re.sub(r"[\s-]+", "", fold_company(m.company))][m.company] += 1
    written = {name: max(counts, key=lambda n: (counts[n], sum(not c.isascii() or c.isupper()
                                                                for c in n), n))
               for counts in spellings.values() for name in counts}
    mentions = [replace(m, company=written[m.company]) if written[m.company] != m.company else m
                for m in mentions]
    names = {m.company for m in mentions}
    fuller = {a: [b for b in names if extends(a, b)] for a in names}
    rename = {a: found[0] for a, found in fuller.items() if len(found) == 1}
    mentions = [replace(m, company=rename[m.company]) if m.company in rename else m
                for m in mentions]
    # a company one article shows as a unit of another (its parent, its subsidiary) is that
    # unit in every article: "Hamburgs Job-Netzwerk Xing entlässt 68 Mitarbeiter" (MOPO) is a
    # cut at New Work, which Personalwirtschaft calls "dem Mutterkonzern des Job-Netzwerks
    # Xing"; two parents claimed for one name move it to neither
    parents: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.unit and fold_company(m.unit) != fold_company(m.company):
            parents[fold_company(m.unit)].add(m.company)
    parent = {unit: found.pop() for unit, found in parents.items() if len(found) == 1}
    return [replace(m, company=parent[folded], unit=m.unit or m.company)
            if (folded := fold_company(m.company)) in parent and parent[folded] != m.company
            else m for m in mentions]


def _company_events(company: str,
                    mentions: Sequence[MentionLike]) -> tuple[list[Event], list[Aggregate]]:
    running = [m for m in mentions if m.cumulative and not m.includes_earlier]
    candidates = [m for m in mentions if not (m.cumulative and not m.includes_earlier)]
    no_date = [m for m in candidates if _no_date(m)]
    candidates = [m for m in candidates if not _no_date(m)]
    dated = [m for m in candidates if not _from_publication(m)]
    undated = sorted((m for m in candidates if _from_publication(m)),
                     key=lambda m: m.published or date.min)
    narrow = sorted((m for m in dated if not _wide(m)), key=lambda m: _span(m)[:2])
    clusters: list[_Cluster] = []
    for m in narrow:
        home = next((c for c in clusters if c.accepts(m)), None)
        if home is None:
            clusters.append(_Cluster(m))
        else:
            home.add(m)
    events = _mark_included([_event(company, c.mentions) for c in clusters])
    aggregates: list[Aggregate] = []
    # Wide-span mentions: the same cut told loosely, a sum over several cuts, or, alone in
    # their span, the only report of a cut.
    leftovers: list[MentionLike] = []
    for m in (m for m in dated if _wide(m)):
        start, end, _ = _span(m)
        inside = [e for e in events if start <= e.start <= end and e.included_in is None]
        same = [e for e in inside if all(_compatible(m, x) for x in e.mentions)]
        if len(inside) == 1 and same:
            events[events.index(same[0])] = _with(same[0], m)
        elif inside:
            aggregates.append(_aggregate(company, [m], events))
        else:
            leftovers.append(m)
    events.extend(_event(company, group) for group in _group_leftovers(leftovers))
    # Mentions with no date of their own carry their article's publication date: a figure
    # equal to an earlier event's is that event told again ("had already cut 14,000").
    for m in undated:
        target = _earlier_same_figure(events, m) or next(
            (e for e in events
             if _gap((e.start, e.end), _span(m)[:2]) <= CLOSE_DAYS
             and all(_compatible(m, x) for x in e.mentions)), None)
        if target is None:
            events.append(_event(company, [m]))
        else:
            events[events.index(target)] = _with(target, m)
    events.extend(_place_undated(company, events, no_date))
    events = _one_per_article_day(company, events)
    events = _mark_included(sorted(events, key=lambda e: (e.start, e.id)))
    events = _hold_passing(events)
    events = _hold_single(events)
    events = _hold_reported(events)
    events = _gate_outliers(events)
    # a freed part is held for what it is itself: "über 600 … betroffen sein könnten" is an
    # unconfirmed report whether or not the "bis zu 650" it sat in counts (Brutkasten, Der
    # Standard)
    events = _hold_reported(_hold_single(_free_parts_of_held(events)))
    aggregates += [_aggregate(company, [m], events) for m in running]
    return events, aggregates


def _free_parts_of_held(events: list[Event]) -> list[Event]:
    """A part whose whole is held back (a lone body sentence's "4 % de la plantilla", an
    unconfirmed report) stands on its own: the whole counts nowhere, so the part counts once.
    A whole superseded by a later figure is held after this, in :func:`build_ledger`: its
    region or unit, a share of the replaced proposal, is left out with it."""
    held = {e.id for e in events if e.held_back is not None}
    return [replace(e, included_in=None) if e.included_in in held else e for e in events]


def _one_per_article_day(company: str, events: list[Event]) -> list[Event]:
    """One article's two figures for the company on the same day, neither limited to a unit
    or a country, are one event told two ways (gross and net departures, the company's figure
    and the unions', a plan and its final count: SFR's "856 suppressions de postes" that are
    "1123 départs compensés par 267 créations"): merged, the lower figure leads, so nothing is
    counted twice or inflated. Figures whose ratio is compatible were already merged."""
    plain = [e for e in events if not e.units and not e.countries and e.headcount
             and e.held_back is None and e.precision == "day" and not e.date_inferred]
    merged: set[int] = set()
    out = list(events)
    for i, a in enumerate(plain):
        if id(a) in merged:
            continue
        for b in plain[i + 1:]:
            shared = {m.doc_id for m in a.mentions if not _lookback(m)} & {
                m.doc_id for m in b.mentions if not _lookback(m)}
            if (id(b) in merged or _gap((a.start, a.end), (b.start, b.end)) > 1 or not shared
                    or min(a.headcount or 0, b.headcount or 0)
                    < SAME_STORY_SHARE * max(a.headcount or 0, b.headcount or 0)):
                continue  # far apart: a detail of the other (a site's, a subset), not a retelling
            if any(_told_apart(x, y) for x in a.mentions for y in b.mentions):
                continue  # told apart in one sentence: two cuts
            both = _event(company, [*a.mentions, *b.mentions])
            low = min(a.headcount or 0, b.headcount or 0)
            both = replace(both, headcount=low,
                           qualifier=a.qualifier if a.headcount == low else b.qualifier)
            out[out.index(a)] = both
            out.remove(b)
            merged.update((id(a), id(b)))
            a = both
    return out


def _no_date(m: MentionLike) -> bool:
    """No date of its own: from an undated article (or one only relative to the missing
    publication date, "last Friday", "lundi"), or an earlier cut recalled with no date
    ("after the 1,300 jobs it eliminated", "El último ERE terminó con 3.420"), which the
    publication date does not date."""
    if _lookback(m) and _from_publication(m):
        return True
    return m.published is None and (
        m.announced is None or (m.announced.inferred and _from_publication(m)))


def _lookback(m: MentionLike) -> bool:
    return bool(getattr(m, "lookback", False))


def _bounds(m: MentionLike) -> tuple[date, date] | None:
    """Where a no-date mention's event can lie: a recalled cut before its article, an undated
    article's figure inside its content's bounds."""
    if _lookback(m) and _from_publication(m):
        return date.min, m.published or date.max
    return (m.announced.start, m.announced.end) if m.announced is not None else None


def _place_undated(company: str, events: list[Event],
                   mentions: Sequence[MentionLike]) -> list[Event]:
    """Merge each no-date mention into the one event it matches (the same figure, inside its
    content's bounds). Unmatched, a mention with bounds becomes an event dated by them
    (flagged inferred; added to ``events``, so another undated report of it joins it); the
    ones with none, and recalled cuts that match no earlier event, are returned as held-back
    undated events, grouped when compatible."""
    alone: list[list[MentionLike]] = []
    # Recalled cuts last: an undated article's own report, dated by its bounds, is an event a
    # later recollection of the same figure can join ("El último ERE terminó con 3.420").
    # Figures an event already has first, so that a rounded one of the same article can follow
    # them (below).
    for m in sorted(mentions, key=lambda m: (_lookback(m),
                                             not any(_same_figure(e, m) for e in events))):
        bounds = _bounds(m)
        matches = [e for e in events if _same_figure(e, m)
                   and all(_compatible(m, x) for x in e.mentions)
                   and (bounds is None or _gap((e.start, e.end), bounds) == 0)]
        closest = sorted(matches, key=lambda e: abs((e.headcount or 0) - (m.headcount or 0)))
        if not closest:
            closest = _same_share(events, m, bounds)
        if closest and (len(closest) == 1 or closest[0].headcount != closest[1].headcount):
            events[events.index(closest[0])] = _with(closest[0], m)
        elif closest:
            continue  # two dated events fit equally: guessing between them could count twice
        elif (sibling := _article_sibling(events, m)) is not None:
            # the rounded figure of a cut its article also tells exactly ("près de 400 emplois
            # vont disparaître" in the lead, "367 licenciements" below, RetailDetail): an
            # undated article's two figures of one company are one cut, not two
            events[events.index(sibling)] = _with(sibling, m)
        elif m.announced is not None and not _lookback(m):
            events.append(_event(company, [m]))  # a later report of the same figure joins it
        else:
            home = next((g for g in alone if all(_compatible(m, x) for x in g)), None)
            if home is None:
                alone.append([m])
            else:
                home.append(m)
    return [replace(_event(company, group), start=date.min, end=date.min, precision="day",
                    held_back=UNDATED) for group in alone]


def _article_sibling(events: Sequence[Event], m: MentionLike) -> Event | None:
    """The one event that holds the exact figure ``m`` rounds, from ``m``'s article: ``m``
    approximate ("près de 400"), the other exact (367) and within a tenth of it, neither
    recalled, both undated (a dated figure is another round the article recalls, however
    close), and ``m`` compatible with the rest of that event."""
    if m.headcount is None or m.qualifier == "exact" or _lookback(m):
        return None
    found = [e for e in events
             if any(x.doc_id == m.doc_id and x.headcount and _no_date(x) and not _lookback(x)
                    and x.qualifier == "exact"
                    and abs(m.headcount - x.headcount) <= ROUNDED_SHARE * x.headcount
                    for x in e.mentions)
             and all(_compatible(m, x) for x in e.mentions)]
    return found[0] if len(found) == 1 else None


def _status(m: MentionLike) -> str:
    return str(getattr(m, "status", standing.CONFIRMED))


def _hold(events: list[Event], reason: str, holds: Callable[[Event], bool]) -> list[Event]:
    """``events`` with those that ``holds`` (and that nothing holds or includes yet) held back
    for ``reason``."""
    return [replace(e, held_back=reason)
            if e.held_back is None and e.included_in is None and holds(e) else e
            for e in events]


def _hold_passing(events: list[Event]) -> list[Event]:
    """Hold back an event every source of which names it only in passing."""
    return _hold(events, PASSING, lambda e: bool(e.mentions) and all(
        getattr(m, "passing", False) for m in e.mentions))


def _hold_negotiated_down(events: list[Event]) -> list[Event]:
    """Hold back a first figure that a negotiation settled lower within
    :data:`NEGOTIATION_DAYS` (Vodafone Spain's 1,198 in June, 898 agreed with the unions in
    July): the later event's sources report an agreement, and its figure is lower but at least
    half (a far smaller figure is another cut, not the same one settled)."""
    out = list(events)
    for i, first in enumerate(out):
        if first.held_back is not None or first.included_in is not None or not first.headcount:
            continue
        for later in events:
            if (later is not first and later.held_back is None and later.headcount
                    and any(getattr(m, "agreed", False) for m in later.mentions)
                    and 0 < (later.start - first.start).days <= NEGOTIATION_DAYS
                    and first.headcount * NEGOTIATED_SHARE <= later.headcount
                    < first.headcount):
                out[i] = replace(first, held_back=SUPERSEDED)
                break
    return out


def _hold_superseded(events: list[Event], replaced: Sequence[MentionLike]) -> list[Event]:
    """Hold back the event a later source calls a first proposal that was replaced ("muy por
    debajo de su intención inicial, que era un expediente para 1.198 personas"): the same
    figure, announced before that source and at most :data:`SUPERSEDED_DAYS` earlier. An
    undated source ("Al principio el expediente incluía a 823 empleados", on a page with no
    date) holds the same figure whenever it was announced: its content bounds run to today and
    say nothing of when it wrote."""
    out = []
    for e in events:
        for m in replaced:
            undated = m.published is None and (m.announced is None or m.date_from_publication)
            said = None if undated else m.published or (m.announced.end if m.announced else None)
            if (e.held_back is None and _same_figure(e, m) and (said is None or (
                    e.start <= said and (said - e.start).days <= SUPERSEDED_DAYS))):
                e = replace(e, held_back=SUPERSEDED)
        out.append(e)
    return out


def _hold_single(events: list[Event]) -> list[Event]:
    """Hold back an event only one article gives, and only deep in its body."""
    return _hold(events, SINGLE, lambda e: e.outlets == 1 and not any(
        getattr(m, "prominent", True) for m in e.mentions))


def _hold_reported(events: list[Event]) -> list[Event]:
    """Hold back an event whose figure no source confirms: every mention giving a figure (or
    every mention, when none gives one) is only reported. One that a later confirmed figure
    includes ("18,000, including the cuts reported in November") is left as included: that
    figure is the confirmation."""
    out = []
    for e in events:
        sized = [m for m in e.mentions if m.headcount is not None and not m.vague]
        if (e.held_back is None and e.included_in is None and e.mentions
                and all(_status(m) == standing.REPORTED for m in sized or e.mentions)):
            e = replace(e, held_back=REPORTED)
        out.append(e)
    return out


def _gate_outliers(events: list[Event]) -> list[Event]:
    """Hold back a lone source's figure far above every other event of the company."""
    sized = [e for e in events if e.headcount and e.held_back is None]
    out = []
    for e in events:
        others = [o.headcount or 0 for o in sized if o is not e]
        if (e.held_back is None and e.headcount and e.outlets == 1
                and len(others) >= OUTLIER_MIN_OTHERS
                and e.headcount > OUTLIER_RATIO * max(others)):
            e = replace(e, held_back=OUTLIER)
        out.append(e)
    return out


def _same_share(events: Sequence[Event], m: MentionLike,
                bounds: tuple[date, date] | None) -> list[Event]:
    """The one dated event that gives the share of the workforce this no-date mention gives
    too, with no figure or a compatible one ("un quart de son personnel, soit environ 2 000
    personnes" and "a quarter of its workforce"; "26% of its staff, or 1,072 workers" and "more
    than 1,000 jobs ... 26% of the workforce"), inside its bounds: the same cut. Two such
    events: none."""
    if m.percent is None:
        return []
    found = [e for e in events if e.percent is not None
             and abs(e.percent - m.percent) <= SAME_SHARE_POINTS and e.held_back is None
             and all(_compatible(m, x) for x in e.mentions)
             and (bounds is None or _gap((e.start, e.end), bounds) == 0)]
    return found if len(found) == 1 else []


def _same_figure(event: Event, m: MentionLike) -> bool:
    """The same figure told again (within 3 %): what ties an undated or later recollection to
    an event. Looser than :func:`_compatible`, which lets 500 and 528 be one cut's reports."""
    return (event.headcount is not None and m.headcount is not None and not m.vague
            and abs(event.headcount - m.headcount) <= 0.03 * event.headcount)


def _earlier_same_figure(events: Sequence[Event], m: MentionLike) -> Event | None:
    if m.published is None:
        return None
    same = [e for e in events if e.start <= m.published and _same_figure(e, m)]
    return max(same, key=lambda e: e.start) if same else None


def _with(event: Event, m: MentionLike) -> Event:
    return _event(event.company, [*event.mentions, m], included_in=event.included_in)


def _group_leftovers(mentions: list[MentionLike]) -> list[list[MentionLike]]:
    groups: list[list[MentionLike]] = []
    for m in mentions:
        for group in groups:
            if _span(group[0])[:2] == _span(m)[:2] and all(_compatible(m, x) for x in group):
                group.append(m)
                break
        else:
            groups.append([m])
    return groups


def _mode(values: Sequence[int], mentions: Sequence[MentionLike] = ()) -> int:
    counts = Counter(values)
    best = max(counts.values())
    tied = sorted({v for v in values if counts[v] == best})
    bounds = [m for m in mentions if m.headcount is not None and not m.vague]
    # the one exact figure that every other agrees with, however often they are repeated: "unos
    # 380" (La Neta Neta) and "environ 380" (Actual News Magazine) round Bloomberg Línea's 384
    exact = {m.headcount for m in bounds if m.qualifier == "exact" and m.headcount is not None}
    if len(exact) == 1:
        [only] = exact
        if all(_within(only, m) for m in bounds):
            return only
    # ties: an exact figure that every bound agrees with ("more than 680" and 683 read 683),
    # else the lower figure, never inflate
    for v in tied:
        if any(m.headcount == v and m.qualifier == "exact" for m in bounds) and all(
                _within(v, m) for m in bounds):
            return v
    return tied[0]


def _within(value: int, m: MentionLike) -> bool:
    """Whether ``value`` is what ``m``'s qualified figure allows ("more than 680": 683)."""
    assert m.headcount is not None
    if m.qualifier in ("more_than", "at_least"):
        return value >= m.headcount
    if m.qualifier in ("up_to", "less_than", "nearly"):
        return value <= m.headcount
    if m.qualifier == "about":
        return abs(value - m.headcount) <= ROUNDED_SHARE / 2 * m.headcount
    return value == m.headcount


def _event(company: str, mentions: Sequence[MentionLike],
           included_in: str | None = None) -> Event:
    exact = [m.headcount for m in mentions if m.headcount is not None and not m.vague]
    percents = [m.percent for m in mentions if m.percent is not None]
    # the narrowest span, preferring a date the text gives over a publication date
    dating = sorted(((_span(m), m) for m in mentions if not _no_date(m)),
                    key=lambda pair: ((pair[0][1] - pair[0][0]).days, pair[0][0]))
    spans = [s for s, _ in dating] or [_span(mentions[0])]
    precise = [s for s, m in dating if not _from_publication(m)]
    start, end, precision = (precise or spans)[0]
    headcount = _mode(exact, mentions) if exact else None
    qualifiers = [m.qualifier for m in mentions
                  if m.headcount == headcount and headcount is not None] or [
        m.qualifier for m in mentions]
    ranges = [r for r in map(_range, mentions) if r]
    if headcount is None and ranges:
        # only ranges: a total adds the low end, the event shows "800–900"
        exact = [min(low for low, _ in ranges), max(high for _, high in ranges)]
        headcount, qualifiers = exact[0], ["range"]
    units = tuple(dict.fromkeys(m.unit for m in mentions if m.unit))
    key = f"{company}|{start.isoformat()}|{headcount}|{'/'.join(units)}"
    return Event(
        id=hashlib.sha1(key.encode()).hexdigest()[:12],
        company=company, start=start, end=end, precision=precision, headcount=headcount,
        low=min(exact) if exact else None, high=max(exact) if exact else None,
        qualifier=Counter(qualifiers).most_common(1)[0][0],
        vague=not exact and any(m.vague for m in mentions),
        percent=Counter(percents).most_common(1)[0][0] if percents else None,
        units=units,
        countries=tuple(dict.fromkeys(m.country for m in mentions if m.country)),
        reasons=tuple(dict.fromkeys(r for m in mentions for r in m.reasons)),
        mentions=tuple(mentions), included_in=included_in,
    )


def _from_publication(m: MentionLike) -> bool:
    return bool(getattr(m, "date_from_publication", False))


def _mark_included(events: list[Event]) -> list[Event]:
    """Earlier events that a later "including earlier cuts" figure already covers.

    Computed afresh each time: merging mentions into an event may change its id.
    """
    marked = [replace(e, included_in=None) for e in events]
    # A unit's or a country's figure reported with a larger company-wide round of the same
    # days is part of it (Twitch's 400 within Amazon's 9,000; "1,500 in Germany" within
    # 5,000 worldwide); a unit's or country's round on its own stays an event.
    for j, part in enumerate(marked):
        if part.headcount is None or not (part.units or _scoped(part)):
            continue
        whole = [e for e in marked if _wider(e, part)
                 and (e.headcount > part.headcount if e.headcount is not None
                      else e.percent is not None and _scoped(part) and not _told_with(e, part))
                 and _gap((e.start, e.end), (part.start, part.end)) <= CLOSE_DAYS]
        if whole:
            marked[j] = replace(part, included_in=whole[0].id)
    # Figures of the same days that add up to a larger one are its parts ("roughly 6,000
    # positions" worldwide; "5,600" in digital industries and "450" in e-mobility, 6,050:
    # Bloomberg, Golem, La Presse), told in any article
    for j, total_event in enumerate(marked):
        if total_event.headcount is None or total_event.included_in is not None:
            continue
        near = [i for i, e in enumerate(marked)
                if i != j and e.included_in in (None, total_event.id) and e.headcount
                and e.headcount < total_event.headcount
                and _gap((e.start, e.end), (total_event.start, total_event.end)) <= CLOSE_DAYS]
        near = sorted(near, key=lambda i: -(marked[i].headcount or 0))[:12]  # bounded work
        for size in (2, 3):
            combo = next((c for c in combinations(near, size) if abs(
                sum(marked[i].headcount or 0 for i in c) - total_event.headcount)
                <= PARTS_TOLERANCE * total_event.headcount), None)
            if combo is not None:
                for i in combo:
                    marked[i] = replace(marked[i], included_in=total_event.id)
                break
    for i, event in enumerate(marked):
        if not event.includes_earlier or event.headcount is None:
            continue
        if event.undated:
            continue  # no date to look back from (its start is date.min): it covers nothing
        window = event.start - timedelta(days=INCLUDES_WINDOW_DAYS)
        for j, earlier in enumerate(marked):
            if (j != i and earlier.included_in is None and window <= earlier.start < event.start
                    and (earlier.headcount or 0) <= event.headcount
                    and (earlier.units == event.units or not event.units)):
                marked[j] = replace(earlier, included_in=event.id)
    return marked


def _told_with(share: Event, part: Event) -> bool:
    """A share-only event told in the sentence that gives the part's figure ("102 trabajadores
    en Cataluña, un recorte que supone más del 80% de su personal en el país"): the same cut
    as a share of that place's staff, not a wider round around it."""
    sentences = {m.sentence for m in part.mentions}
    return all(m.sentence in sentences for m in share.mentions)


def _scoped(event: Event) -> bool:
    """Every source that gives a figure limits it to a country or region (a share-only
    report beside it, "2 % of its staff", says nothing about where)."""
    counted = [m for m in event.mentions if m.headcount is not None]
    return bool(counted) and all(m.country for m in counted)


def _wider(whole: Event, part: Event) -> bool:
    """``whole`` covers what ``part`` is limited to: no unit where the part names one, and
    company-wide (some source names no country) where the part is one country's."""
    if part.units and whole.units:
        # a company-wide round that already tells this unit's figure covers it ("about 6,000
        # worldwide" with "the digital industries unit will eliminate about 5,600"; Golem's
        # "Sparte Digital Industries ... 5.600"); a round of another unit does not
        folded = {u.casefold() for u in whole.units}
        company_wide = any(m.unit is None and m.headcount is not None for m in whole.mentions)
        return company_wide and all(u.casefold() in folded for u in part.units)
    return not (_scoped(part) and not part.units and _scoped(whole))


def _aggregate(company: str, mentions: Sequence[MentionLike],
               events: Sequence[Event]) -> Aggregate:
    start = min(_span(m)[0] for m in mentions)
    end = max(_span(m)[1] for m in mentions)
    exact = [m.headcount for m in mentions if m.headcount is not None and not m.vague]
    figure = max(exact) if exact else None
    covers: tuple[str, ...] = ()
    if figure:
        inside = [e for e in events if start <= e.start <= end and e.included_in is None
                  and e.headcount]
        total = sum(e.headcount or 0 for e in inside)
        if inside and abs(total - figure) <= SUM_TOLERANCE * figure:
            covers = tuple(e.id for e in inside)
    return Aggregate(company=company, start=start, end=end, headcount=figure,
                     mentions=tuple(mentions), covers=covers)
