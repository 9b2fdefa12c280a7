"""The standing of a cut figure in its sentence: counted, only reported, denied, or no cut.

:mod:`index.extract` finds figures that a sentence ties to a job cut. Precision comes first, so
each one is then judged here before it becomes a :class:`~index.extract.Mention`: a figure is a
counted cut only when the text says that many jobs are being, or will be, cut by that company.

* **No cut at all** (the figure is dropped, :attr:`Standing.dropped` says why):
  ``base`` a staff count, workforce size or comparison base ("employs about 68,000 people",
  "qui compte 313 000 salariés", "von den derzeit noch 5.900 Stellen", "cuenta con 20.000
  empleados", "5.600 von rund 68.000"), ``not_affected`` ("most of its 300,000 staff are not
  affected"), ``negated`` ("will not cut"), ``hires``, ``vacancies`` (open, unfilled or
  frozen roles), ``attrition`` (natural turnover, retirements, unless layoffs are named too),
  ``relocated`` (jobs moved, not cut), ``temporary`` (furloughs, Kurzarbeit, chômage partiel,
  ERTE) and ``part`` (a share of a larger figure: "including 500 in India", "dont 300 en
  France", "davon 1.500 in Deutschland", "de los cuales 800 en España"; a unit's share is kept,
  the ledger folds it into its company-wide round).
* **Status**: ``denied`` when the sentence, or the one before or after it, denies the report;
  ``reported`` for an unconfirmed report (anonymous sources, a newspaper's report, a hedge such
  as "could" or the French or Spanish conditional), unless the company's own word is cited
  ("the company confirmed", a spokesperson, a filing, an internal memo); else ``confirmed``.
* **Flags** for the ledger: ``plan_total`` (the figure is a plan's total: "part of a broader
  plan to shed about 5,000", "im Rahmen des Programms insgesamt"), ``lookback`` (an earlier cut
  recalled: "had already cut", "après avoir supprimé", "ya despidió", "bereits ... hatte"),
  ``superseded`` (a first proposal that negotiation replaced: "its initial intention, a plan
  for 1,198", "los 321 ceses que la empresa propuso en un primer momento", "ursprünglich
  geplant", "the 1,198 job losses it proposed in June" after "than"), ``agreed`` (the
  figure is what a negotiation settled on: "acuerdo con los sindicatos", "mit dem Betriebsrat
  geeinigt", "préaccord", "agreed with its unions").

Every word list is data: the ``[standing]`` table of ``index/data/lang/<code>.toml``, read
through :mod:`index.vocab` for the article's language and the languages it quotes; a language
without a table is read with the English one. When unsure, a figure is left out or reported,
never counted.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from index import vocab
from index.numbers import Quantity, find_quantities
from index.text import split_sentences

if TYPE_CHECKING:
    from index.extract import Mention
    from index.models import Article

log = logging.getLogger(__name__)

Status = Literal["confirmed", "reported", "denied"]
CONFIRMED: Status = "confirmed"
REPORTED: Status = "reported"
DENIED: Status = "denied"
STATUSES: tuple[Status, ...] = (CONFIRMED, REPORTED, DENIED)

_WINDOW = 90  # characters read on each side of a figure for its local clause
_HARD_BREAK = re.compile(r"[;:()\[\]«»“”\"]|\s[—–-]\s")
_SOFT_BREAK = re.compile(r",")
_NUMBER = r"[\d][\d.,\s\u00a0\u202f]*"


@dataclass(frozen=True)
class Standing:
    """What a figure is in its sentence (see the module docstring)."""

    status: Status = CONFIRMED
    dropped: str | None = None  # why it is no cut at all: base, negated, part, hires...
    plan_total: bool = False
    lookback: bool = False
    superseded: bool = False  # a first proposal a later figure replaced
    agreed: bool = False  # what a negotiation settled on
    cue: str = ""  # the words that decided, for logs and tests

    @property
    def counted(self) -> bool:
        """A confirmed cut figure that a total may add."""
        return self.dropped is None and self.status == CONFIRMED


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


def _codes(lang: str) -> tuple[str, ...]:
    own = vocab.vocabulary(lang)
    if not own.table("standing"):
        own = vocab.vocabulary("en")
    quoted = [vocab.vocabulary(c) for c in own.words("language", "also")]
    return tuple(dict.fromkeys([own.code, *(v.code for v in quoted if v.table("standing"))]))


def _fragment(text: str) -> str:
    """A file's fragment as a pattern: a space is any run of spaces, ’ is either apostrophe
    (inside a character class too)."""
    out: list[str] = []
    in_class = escaped = False
    for ch in text:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append("'’" if ch == "’" else ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        else:
            out.append({"’": "['’]", " ": r"\s+"}.get(ch, ch))
    return "".join(out)


@vocab.cached
def _pattern(lang: str, key: str) -> re.Pattern[str] | None:
    """Every fragment of ``[standing] key`` for ``lang``, as one whole-word pattern."""
    fragments: list[str] = []
    for code in _codes(lang):
        fragments.extend(vocab.vocabulary(code).words("standing", key))
    if not fragments:
        return None
    body = "|".join(f"(?:{_fragment(f)})" for f in dict.fromkeys(fragments))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.I)


@vocab.cached
def _anchored(lang: str, key: str, fillers: int = 0) -> re.Pattern[str] | None:
    """``key`` ending right where the text ends, after at most ``fillers`` words."""
    base = _pattern(lang, key)
    if base is None:
        return None
    words = rf"(?:\s+[^\W\d][\w'’.-]*){{0,{fillers}}}" if fillers else ""
    return re.compile(rf"(?:{base.pattern})(?P<fill>{words})\s*$", re.I)


@vocab.cached
def _leading(lang: str, key: str, fillers: int = 0) -> re.Pattern[str] | None:
    """``key`` right where the text starts, after at most ``fillers`` words."""
    base = _pattern(lang, key)
    if base is None:
        return None
    words = rf"(?:[^\W\d][\w'’.-]*\s+){{0,{fillers}}}?" if fillers else ""
    return re.compile(rf"^\W*(?P<fill>{words})(?:{base.pattern})", re.I)


@lru_cache(maxsize=4096)
def _matches(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], ...]:
    """Every match of ``pattern`` in ``text``, kept: the rules read the same sentence for each
    of its figures (the key holds the compiled pattern, so a reloaded vocabulary misses)."""
    return tuple(pattern.finditer(text))


def _search(lang: str, key: str, text: str) -> re.Match[str] | None:
    found = _finditer(lang, key, text)
    return found[0] if found else None


def _finditer(lang: str, key: str, text: str) -> list[re.Match[str]]:
    pattern = _pattern(lang, key)
    return list(_matches(pattern, text)) if pattern is not None and text else []


@lru_cache(maxsize=256)
def _quantities(sentence: str, lang: str) -> tuple[Quantity, ...]:
    return tuple(find_quantities(sentence, lang))


@lru_cache(maxsize=256)
def _figures(sentence: str, lang: str) -> tuple[tuple[Quantity, ...], tuple[int, ...]]:
    """The sentence's quantities in text order, and their start offsets (for bisecting)."""
    found = tuple(sorted(_quantities(sentence, lang), key=lambda q: q.start))
    return found, tuple(q.start for q in found)


@lru_cache(maxsize=256)
def _hard_breaks(sentence: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the sentence's hard clause breaks, in order."""
    found = list(_HARD_BREAK.finditer(sentence))
    return tuple(m.start() for m in found), tuple(m.end() for m in found)


@lru_cache(maxsize=64)
def _clause_break(lang: str) -> re.Pattern[str]:
    words = _pattern(lang, "clause_breaks")
    extra = rf"|\s(?:{words.pattern})\s" if words is not None else ""
    return re.compile(rf"{_HARD_BREAK.pattern}|{_SOFT_BREAK.pattern}{extra}", re.I)


# --------------------------------------------------------------------------------------------
# Clauses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """A figure in its sentence, and the pieces of text the rules read."""

    sentence: str
    start: int
    end: int
    lang: str
    left: str  # from the nearest clause break before the figure (at most _WINDOW)
    right: str  # to the nearest clause break after it (at most _WINDOW)
    clause: str  # between the hard breaks (";", ":", brackets, quotes, dashes) around it
    clause_start: int
    others: tuple[Quantity, ...]  # the sentence's other significant figures
    share: bool  # the figure is only a percentage (a share of the workforce is never a base)


def _where(sentence: str, start: int, end: int, lang: str) -> _Where:
    brk = _clause_break(lang)
    lo = max(0, start - _WINDOW)
    cuts = [m.end() for m in brk.finditer(sentence, lo, start)]
    left = sentence[cuts[-1] if cuts else lo:start]
    nxt = brk.search(sentence, end, min(len(sentence), end + _WINDOW))
    right = sentence[end:nxt.start() if nxt else min(len(sentence), end + _WINDOW)]
    starts, ends = _hard_breaks(sentence)
    before = bisect_right(ends, start)
    hard_lo = ends[before - 1] if before else 0
    after = bisect_left(starts, end)
    hard_hi = starts[after] if after < len(starts) else len(sentence)
    clause = sentence[hard_lo:hard_hi]
    found, positions = _figures(sentence, lang)
    # the figures around this one (a long table of numbers is read in linear time)
    near = found[bisect_left(positions, start - 2 * _WINDOW):
                 bisect_right(positions, end + 2 * _WINDOW)]
    inside = [q for q in near if q.start < end and start < q.end]
    others = tuple(q for q in near
                   if not (q.start < end and start < q.end) and q.unit != "money"
                   and (q.percent is not None or q.vague or (q.value or 0) >= 10 or q.is_range))
    share = bool(inside) and all(q.percent is not None for q in inside)
    return _Where(sentence, start, end, lang, left, right, clause, hard_lo, others, share)


# --------------------------------------------------------------------------------------------
# What the figure is
# --------------------------------------------------------------------------------------------


def _base(w: _Where) -> str | None:
    """A staff count, workforce size, headcount change or comparison base."""
    lang, left, right = w.lang, w.left, w.right
    if w.share:
        return None
    fewer = _leading(lang, "fewer", 1)
    if fewer is not None and fewer.search(right):
        return None  # "will have 500 fewer employees" is a cut
    for key, fillers in (("staff_verbs", 5), ("staff_of", 1), ("change", 1), ("compare", 0)):
        pattern = _anchored(lang, key, fillers)
        m = pattern.search(left) if pattern is not None else None
        if m and not _search(lang, "cuts", m.group("fill")):
            return f"base: {m.group(0).strip()}"
    noun = _leading(lang, "staff_nouns", 2)
    n = noun.search(right) if noun is not None else None
    if n:
        # "has roughly 6,500 employees" (not "with 500 employees affected"); "its 7,000
        # employees", "seiner mehr als 49.000 Beschäftigten" (not "all its 50 employees")
        have, own = _anchored(lang, "staff_have"), _anchored(lang, "staff_possessive")
        m = have.search(left) if have is not None else None
        if m and not _search(lang, "cuts", right[n.end():]):
            return f"base: {m.group(0).strip()} ... {n.group(0).strip()}"
        m = own.search(left) if own is not None else None
        every = _anchored(lang, "possessive_all", 1)
        if m and not (every is not None and every.search(left[:m.start()])):
            return f"base: {m.group(0).strip()} ... {n.group(0).strip()}"
    after = _leading(lang, "staff_after", 3)
    m = after.search(right) if after is not None else None
    cut_before = _anchored(lang, "cuts", 3)
    if m and not (cut_before is not None and cut_before.search(left)):
        # "the 5,700 it employs", not "el despido de los 686 empleados que trabajan en ellas"
        return f"base: {m.group(0).strip()}"
    total = _anchored(lang, "of_total", 2)
    m = total.search(left) if total is not None else None
    if m and not _search(lang, "cuts", m.group("fill")) and _beside_other(w):
        return f"base: {m.group(0).strip()}"
    of = _anchored(lang, "of_base", 2)
    m = of.search(left) if of is not None else None
    if m and not _search(lang, "cuts", m.group("fill")) and _of_a_whole(w, m):
        return f"base: {m.group(0).strip()}"
    return None


def _of_a_whole(w: _Where, m: re.Match[str]) -> bool:
    """The figure after "of"/"sur"/"von"/"de" is the whole another figure is taken from: that
    figure is right before ("5.600 von rund 68.000", "90 personnes sur 750", "20 de las 42"),
    or comes after when the phrase opens the clause ("Von den 5.900 Stellen sollen 1.600
    wegfallen"). Not "a cut of 500" nor "on top of several hundred"."""
    abs_start = w.start - len(w.left) + m.start()
    before = [q for q in w.others if w.clause_start <= q.start and q.end <= abs_start]
    if before:
        gap = w.sentence[before[-1].end:abs_start]
        if len(gap.split()) <= 2 and not re.search(r"[,;]", gap):
            return True
    after = _up_to_next_figure(w)
    opens = not w.left[:m.start()].strip() or (  # "sollen von gut 1.300 Stellen rund 450"
        len(after.split()) <= 1 and not re.search(r"[,;]", after))
    if not opens or not _beside_other(w) or _search(w.lang, "cuts", after):
        return False
    cut_before = _anchored(w.lang, "cuts", 1)
    return cut_before is None or not cut_before.search(w.sentence[:abs_start])


def _up_to_next_figure(w: _Where) -> str:
    """The text after the figure, up to the next figure of its hard clause ("Of the 93 jobs
    being eliminated, 26 ..." has a cut there: 93 is the cut, not a base)."""
    hi = w.clause_start + len(w.clause)
    nxt = min((q.start for q in w.others if w.end <= q.start < hi), default=hi)
    return w.sentence[w.end:nxt]


def _beside_other(w: _Where) -> bool:
    """Another count or share in the same hard clause, before or after the figure."""
    lo, hi = w.clause_start, w.clause_start + len(w.clause)
    return any(lo <= q.start < hi and (q.value is not None or q.percent is not None
                                       or q.vague or q.is_range) for q in w.others)


def _earlier_figure(w: _Where) -> bool:
    return any(q.end <= w.start for q in w.others)


def _of_the_workforce(w: _Where) -> bool:
    """"employs about 14,000 people, so some 840 of them will be laid off": the figure before
    is the workforce, so "of them" makes this one the cut, not a part of another cut."""
    earlier = [q for q in w.others if q.end <= w.start]
    return bool(earlier) and _base(_where(w.sentence, earlier[-1].start, earlier[-1].end,
                                          w.lang)) is not None


def _not_affected(w: _Where) -> str | None:
    m = _search(w.lang, "not_affected", w.right)
    return f"not_affected: {m.group(0)}" if m else None


def _negated(w: _Where) -> str | None:
    """A negation of the cut verb that governs the figure ("will not cut", "keine ... streichen"),
    not of a verb of saying ("did not say how many of the 500")."""
    near = w.left[-60:]
    hits = _finditer(w.lang, "negations", near)
    if not hits:
        return None
    last = hits[-1]
    rest = near[last.end():]
    if _search(w.lang, "negation_cancel", rest) or _search(w.lang, "negation_skip", rest):
        return None
    scope = last.group(0) + rest
    if _search(w.lang, "cuts", scope) or (len(rest.split()) <= 1
                                          and _search(w.lang, "cuts", w.right)):
        return f"negated: {last.group(0)}"
    return None


def _local(w: _Where, key: str) -> re.Match[str] | None:
    """``key`` in the figure's local clause, not after a concessive word ("although many of
    them moved into other roles")."""
    for text in (w.left, w.right):
        for m in _finditer(w.lang, key, text):
            if _search(w.lang, "concessive", text[:m.start()]) is None:
                return m
    return None


def _near(w: _Where, key: str, fillers: int = 4) -> re.Match[str] | None:
    """``key`` right before the figure or right after it, at most ``fillers`` words away with
    no cut word between ("will hire 10,000", "8000 offene Stellen", "500 jobs will be moved
    to India"; not "ces 10 000 départs ne remettent pas en cause les embauches")."""
    for pattern, text in ((_anchored(w.lang, key, fillers), w.left),
                          (_leading(w.lang, key, fillers), w.right)):
        m = pattern.search(text) if pattern is not None else None
        if m and not _search(w.lang, "cuts", m.group("fill")) \
                and _search(w.lang, "concessive", text[:m.start()]) is None:
            return m
    return None


def _part(w: _Where, prev_figure: bool) -> str | None:
    lang = w.lang
    before = _anchored(lang, "part_before", 2)
    m = before.search(w.left) if before is not None else None
    if m and (_earlier_figure(w) or prev_figure):
        return f"part: {m.group(0).strip()}"
    after = _leading(lang, "part_after", 1)
    m = after.search(w.right) if after is not None else None
    if m and (_earlier_figure(w) or prev_figure) and not _of_the_workforce(w):
        return f"part: {m.group(0).strip()}"
    lead = _leading(lang, "part_lead")
    head = w.sentence[:w.start]
    m = lead.search(head) if lead is not None else None
    if m and prev_figure and not _HARD_BREAK.search(head[m.end():]):
        return f"part: {m.group(0).strip()}"
    # "Of the 93 jobs being eliminated, 26 have already gone"
    of = _leading(lang, "of_base")
    m = of.search(head) if of is not None else None
    if m:
        first = next((q for q in w.others if q.end <= w.start), None)
        if first is not None and first.start - m.end() <= 12:
            between = head[first.end:]
            comma = between.rfind(",")
            if comma >= 0 and _search(lang, "cuts", between[:comma]) \
                    and not _HARD_BREAK.search(between):
                return f"part: {m.group(0).strip()} {first.text} ..."
    return None


def _plan_total(w: _Where) -> bool:
    """The figure sits inside a plan phrase ("part of a broader plan to shed about 5,000",
    "Das Vorhaben sieht vor, bis 2027 insgesamt 2900 Stellen einzusparen"). A comma may come
    between only with a word of totals (insgesamt, in total, au total, en total)."""
    offset = max(0, w.start - 2 * _WINDOW)
    head = w.sentence[offset:w.start]
    hits = _finditer(w.lang, "plan", head)
    if not hits:
        return False
    m = hits[-1]
    between = re.sub(r"\s[—–-]\s.*?\s[—–-]\s|\([^)]*\)", " ", head[m.end():])
    if len(between) > 120 or ";" in between:
        return False
    if any(offset + m.end() <= q.start and q.end <= w.start for q in w.others):
        return False
    return "," not in between or bool(_search(w.lang, "plan_totals", between))


@vocab.cached
def _reduction_pattern(lang: str) -> re.Pattern[str] | None:
    verbs, froms, tos = (_pattern(lang, k) for k in ("reduce_verbs", "reduce_from", "reduce_to"))
    if verbs is None or froms is None or tos is None:
        return None
    return re.compile(
        rf"(?:{verbs.pattern})(?:\s+[^\s\d]+){{0,8}}?\s+(?:{froms.pattern})\s+"
        rf"(?P<x>\d[\d.,\u00a0\u202f]*\d|\d)\s+(?:{tos.pattern})\s+"
        rf"(?P<y>\d[\d.,\u00a0\u202f]*\d|\d)(?!\d)", re.I)


def reduction(sentence: str, lang: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The (first, settled) figures' spans when the sentence says a number of job cuts was
    brought down from one to the other ("Teleperformance ha rebajado de 321 a 283 el número de
    trabajadores afectados", "a ramené de 2 300 à 1 900 le nombre de suppressions", "the number
    of redundancies was cut from 290 to 235"); a count noun of cuts (``[standing]
    reduce_nouns``) must be in the sentence, so a headcount brought down ("de 5.000 a 4.000
    empleados") is not one."""
    pattern = _reduction_pattern(lang)
    nouns = _pattern(lang, "reduce_nouns")
    if pattern is None or nouns is None or not nouns.search(sentence):
        return None
    m = pattern.search(sentence)
    return ((m.start("x"), m.end("x")), (m.start("y"), m.end("y"))) if m else None


def _superseded(w: _Where) -> bool:
    """The figure is a first proposal a later one replaced: a cue between the previous figure
    and this one ("muy por debajo de su intención inicial, que era un expediente para 1.198")
    or in its clause after it ("los 321 ceses que la empresa propuso en un primer momento"),
    a later change told before the next figure ("plans for 290 redundancies, before talks with
    the union brought the figure down"), or a comparison before it with a proposal verb after
    it ("than the 1,198 job losses Vodafone Spain proposed in June")."""
    previous = max((q.end for q in w.others if q.end <= w.start), default=0)
    following = min((q.start for q in w.others if q.start >= w.end), default=len(w.sentence))
    head = w.sentence[max(previous, w.start - 2 * _WINDOW):w.start]
    tail = w.sentence[w.end:min(following, w.end + 2 * _WINDOW)]
    if (_search(w.lang, "superseded", head) or _search(w.lang, "superseded", w.right)
            or _search(w.lang, "superseded_after", tail)):
        return True
    return bool(_search(w.lang, "superseded_compared", head)
                and _search(w.lang, "superseded_verb", w.right))


_INTRODUCES = 25  # a cue this close before the next figure is about that figure


def _lookback(w: _Where) -> bool:
    """An earlier cut recalled: a cue before the figure in its clause, or after it up to the
    next figure. A cue after it that introduces the next figure is that figure's ("cuts of 3,000
    jobs were in addition to the 170 workers it said it would lay off in March", "6.000 empleos
    ... se sumarán a los 4.000 puestos que la empresa ya había anunciado": the 3,000 and the
    6,000 are the new cuts)."""
    head = w.sentence[max(w.clause_start, w.start - 2 * _WINDOW):w.start]
    cues = _finditer(w.lang, "lookback", head)
    if cues and not _main_clause_after(w.lang, head[cues[-1].end():]):
        return True
    following = min((q.start for q in w.others if q.start >= w.end), default=None)
    tail = w.right if following is None else w.right[:max(0, following - w.end)]
    m = _search(w.lang, "lookback", tail)
    if m is None:
        return False
    if following is None:
        return True
    between = w.sentence[w.end + m.end():following]  # the cue's words up to the next figure
    return len(between) > _INTRODUCES or bool(re.search(r"[,;:]", between))


def _main_clause_after(lang: str, text: str) -> bool:
    """The cue opens a clause of its own that ends at a comma, and a cut verb follows: the
    figure is that verb's, the news, and the cue's clause dates what came before it ("Barely
    a month after it was bought by Voodoo, BeReal has cut 28 positions"; "Sept mois après
    s'être séparé de 1 100 personnes, Coinbase licencie 950 nouveaux employés"). A cue that
    is the whole clause puts the main clause in the past ("Before that, Unity let go of
    around 200 employees"; "Aquella vez, Telefónica anunció ... un ajuste para 5.124")."""
    comma = text.rfind(",")
    if comma < 0 or not re.search(r"\w", text[:text.find(",")]):
        return False
    main = text[comma + 1:]
    first = _search(lang, "lookback_relatives", main)
    if first is not None and not main[:first.start()].strip():
        return False  # "..., which eliminated 150 roles": a relative clause, still the cue's
    return _search(lang, "cuts", main) is not None


# --------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------


def _confirmation(lang: str, text: str, company: str | None) -> re.Match[str] | None:
    """The company's own word in ``text``, not negated ("did not confirm")."""
    hits = _finditer(lang, "confirmed", text)
    if company:
        said = re.compile(
            rf"(?<!\w){re.escape(company)}(?:['’]s)?\s+(?:\w+\s+){{0,2}}?"
            rf"(?:said|says|told|announced|confirmed|disclosed|wrote|confirm\w*|announc\w*|"
            rf"a\s+(?:annonc|confirm|indiqu|précis|fait\s+savoir)\w*|annonce|confirme|"
            rf"teilte|bestätigt\w*|kündigte|gab|anunció|confirmó|comunicó|informó|explicó|"
            rf"ha\s+(?:anunciado|confirmado|comunicado))",
            re.I)
        hits += list(said.finditer(text))
    return next(_own_words(lang, text, hits), None)


def _own_words(lang: str, text: str, hits: list[re.Match[str]]) -> Iterator[re.Match[str]]:
    for m in hits:
        before = text[max(0, m.start() - 25):m.start()]
        if _search(lang, "negations", before) and not _search(lang, "negation_cancel", before):
            continue
        if _anchored(lang, "hedges", 1) is not None and \
                _anchored(lang, "hedges", 1).search(before):  # type: ignore[union-attr]
            continue  # "aurait annoncé", "would have confirmed": hearsay, not the company
        yield m


def announced_near(lang: str, text: str, start: int, end: int, reach: int = 30) -> bool:
    """Whether the company's own word ("announced", "said in a press release", "annoncée",
    "mitgeteilt", "anunció"; not negated, not hearsay) stands within ``reach`` characters of
    ``text[start:end]``: "la restructuration annoncée début octobre", "Das hat der
    Industrieausrüster am 18. März 2025 mitgeteilt"."""
    return any(m.start() - reach <= end and start <= m.end() + reach
               for m in _own_words(lang, text, _finditer(lang, "confirmed", text)))


def _status(w: _Where, before: str, after: str, company: str | None) -> tuple[Status, str]:
    lang, sentence = w.lang, w.sentence
    report, hedged = _reported(w, company)
    for text in (sentence, before, after):
        denial = _denial(lang, text)
        if denial and (text is sentence or report):
            return DENIED, denial.group(0)
    unconfirmed = _search(lang, "unconfirmed", sentence)
    if unconfirmed:
        return REPORTED, unconfirmed.group(0)
    if report is None:
        return CONFIRMED, ""
    if hedged:  # "could", "recortaría": only the company's word in the same clause confirms
        confirmation = _confirmation(lang, _soft_clause(w), company)
    else:
        confirmation = _confirmation(lang, sentence, company)
        if confirmation is None and after and not re.search(r"\d", after):
            confirmation = _confirmation(lang, after, company)
    if confirmation is not None:
        return CONFIRMED, confirmation.group(0)
    return REPORTED, report


def _soft_clause(w: _Where) -> str:
    """The figure's clause between commas and joining words, however long."""
    starts, ends = _soft_breaks(w.sentence, w.lang)
    before = bisect_right(ends, w.start)
    lo = ends[before - 1] if before else 0
    after = bisect_left(starts, w.end)
    return w.sentence[lo:starts[after] if after < len(starts) else len(w.sentence)]


@lru_cache(maxsize=256)
def _soft_breaks(sentence: str, lang: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    found = list(_clause_break(lang).finditer(sentence))
    return tuple(m.start() for m in found), tuple(m.end() for m in found)


def _denial(lang: str, text: str) -> re.Match[str] | None:
    negated = _anchored(lang, "negations", 1)
    for m in _finditer(lang, "denied", text):
        before = text[max(0, m.start() - 25):m.start()]
        hit = negated.search(before) if negated is not None else None
        if hit is None or re.match(r"(?:without|ohne|sans|sin)\b", hit.group(0).strip(), re.I):
            return m  # "did not deny" is no denial; "als Spekulation ohne Grundlage" is one
    return None


def _reports_the_base(w: _Where, report: re.Match[str]) -> bool:
    """The report gives the workforce a figure is then derived from, not the cut ("CNBC
    reported that Workday's head count was more than 17,500 employees in October, which means
    about 525 people will likely be laid off"): the cut's standing is the share's."""
    derived = _search(w.lang, "derived", w.sentence[report.end():w.start])
    if derived is None:
        return False
    cue = report.end() + derived.start()
    return any(report.end() <= q.start and q.end <= cue and q.percent is None
               and _base(_where(w.sentence, q.start, q.end, w.lang)) is not None
               for q in w.others)


def _reported(w: _Where, company: str | None) -> tuple[str | None, bool]:
    """The words making the figure an unconfirmed report, if any, and whether they are only a
    hedge ("could", "pourrait") rather than a source."""
    lang = w.lang
    for m in _finditer(lang, "reported", w.sentence) + _finditer(lang, "reported_people",
                                                                  w.sentence):
        name = m.group(0)
        if company and company.casefold() in name.casefold():
            continue  # the company reporting its own cut
        if re.match(r"(?:It|He|She|They|We|The|This|That|Its|Their|Il|Elle|Er|Sie|Es|Ella?)\s",
                    name):
            continue
        if _reports_the_base(w, m):
            continue
        return name, False
    hedge = _local(w, "hedges")
    if hedge is not None and not _search(lang, "derived", w.sentence[:w.start]):
        return hedge.group(0), True
    return None, False


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def classify(sentence: str, start: int, end: int, lang: str, *, before: str = "",
             after: str = "", company: str | None = None,
             prev_figure: bool = False) -> Standing:
    """The standing of the figure at ``sentence[start:end]``.

    ``before``/``after`` are the sentences around it in its paragraph (a denial or the
    company's confirmation may come there), ``company`` the company the figure is attributed
    to (its own report is no rumour), ``prev_figure`` whether the previous sentence gave a cut
    figure (for "Parmi eux, 26 ...").
    """
    w = _where(sentence, start, end, lang)
    status, cue = _status(w, before, after, company)
    settled = reduction(sentence, lang)
    if settled is not None and start in (settled[0][0], settled[1][0]):
        # "ha rebajado de 321 a 283 el número de afectados": 283 is the cut, 321 the first
        # proposal it replaced
        return Standing(status, None, superseded=start == settled[0][0],
                        agreed=start == settled[1][0], cue=f"reduction: {cue}")
    negation = status != DENIED  # a denied report's "not" is the denial itself
    kind, why = _no_cut(w, prev_figure, negation)
    if kind is None:
        # "la création de 114 postes (...) et 205 au sein des fonctions support": a figure
        # coordinated with the one before it shares what that one is
        first = _coordinated_with(w)
        if first is not None:
            kind, why = _no_cut(_where(sentence, first.start, first.end, lang), prev_figure,
                                negation)
            kind = kind if kind in _SHARED else None
    if kind is not None:
        return Standing(status, kind, cue=why)
    return Standing(status, None, plan_total=_plan_total(w), lookback=_lookback(w),
                    superseded=_superseded(w),
                    agreed=bool(_search(lang, "agreement", sentence)
                                or _search(lang, "agreement", before)), cue=cue)


# What a figure coordinated with a dropped one inherits (not "part": "dont 300 en France et
# 200 en Espagne" are both parts anyway, each by its own cue).
_SHARED = frozenset({"base", "hires", "vacancies", "attrition", "relocated", "temporary"})


def _no_cut(w: _Where, prev_figure: bool, negation: bool = True) -> tuple[str | None, str]:
    """Why the figure is no cut at all (a kind and the words), or (None, "")."""
    lang = w.lang
    m = _near(w, "vacancies")
    if m:  # before the staff rules: "5,000 open roles it had not yet filled"
        return "vacancies", m.group(0)
    for why in (_not_affected(w), _base(w), _negated(w) if negation else None):
        if why:
            return why.split(":")[0], why
    for key in ("hires", "relocated"):
        m = _near(w, key)
        if m and not (key == "hires" and _search(lang, "cuts", w.right)):
            return key, m.group(0)
    m = _search(lang, "temporary", _soft_clause(w))
    if m:
        return "temporary", m.group(0)
    m = _search(lang, "attrition", w.clause)
    # not "layoffs and attrition", nor "2,800 jobs ... on top of normal attrition"
    if m and not (_search(lang, "layoff_words", w.clause)
                  or _search(lang, "attrition_beyond", w.clause)):
        return "attrition", m.group(0)
    part = _part(w, prev_figure)
    return ("part", part) if part else (None, "")


def _coordinated_with(w: _Where) -> Quantity | None:
    """The figure this one is joined to by "and"/"et"/"und"/"y" (or a comma) with no verb of
    its own between: "114 postes dans les activités drive et 205 au sein des fonctions"."""
    before = [q for q in w.others if q.end <= w.start and q.start >= w.clause_start]
    if not before:
        return None
    gap = w.sentence[before[-1].end:w.start]
    words = _pattern(w.lang, "clause_breaks")
    joined = words is not None and re.search(rf"(?:,|{words.pattern})\s*$", gap, re.I)
    if joined and len(gap.split()) <= 8 and not _search(w.lang, "cuts", gap) \
            and not re.search(r"[;:]", gap):
        return before[-1]
    return None


def judge(mention: Mention, article: Article, start: int, end: int,
          previous: Sequence[Mention] = ()) -> Mention | None:
    """``mention`` with its standing (status and flags), or None when its figure is no cut.

    ``start``/``end`` locate the figure in ``mention.sentence``; ``previous`` are the mentions
    of the sentence before it in the paragraph. A unit's share of a larger figure is kept (the
    ledger folds it into the company-wide round); a country's share of a larger figure given
    just before, for the same company, is dropped.
    """
    sentence = mention.sentence
    before, after = _neighbours(article.text, sentence)
    standing = classify(sentence, start, end, article.lang, before=before, after=after,
                        company=mention.company, prev_figure=bool(previous))
    dropped = standing.dropped
    if dropped == "part" and mention.unit:
        dropped = None
    if dropped is None and _country_part(mention, sentence, start, article.lang, previous):
        dropped, standing = "part", replace(standing, cue=f"part: {mention.country}")
    if dropped is not None:
        log.debug("not a cut (%s): %r", standing.cue, sentence)
        return None
    return replace(mention, status=standing.status, plan_total=standing.plan_total,
                   lookback=standing.lookback, superseded=standing.superseded,
                   agreed=standing.agreed)


def _country_part(mention: Mention, sentence: str, start: int, lang: str,
                  previous: Sequence[Mention]) -> bool:
    """A country's figure after a larger company-wide one: in the same sentence ("6,000 jobs,
    2,600 in Germany") or in the sentence before ("... 93 jobs. In France, 63 positions")."""
    if mention.country is None or mention.headcount is None or mention.unit:
        return False
    larger = [q for q in _quantities(sentence, lang)
              if q.end <= start and q.value is not None and q.unit == ""
              and q.value > mention.headcount
              and not re.fullmatch(r"(?:19|20)\d\d", q.text.strip())
              and _base(_where(sentence, q.start, q.end, lang)) is None]  # not "employs 1.5m"
    if larger and not _search(lang, "cuts", sentence[larger[-1].end:start][-40:]):
        return True
    return any(p.company == mention.company and p.country is None and p.headcount is not None
               and p.headcount > mention.headcount and p.status != DENIED for p in previous)


def _neighbours(text: str, sentence: str) -> tuple[str, str]:
    """The sentences before and after ``sentence`` in its paragraph of ``text``."""
    for paragraph in _paragraph_sentences(text):
        for i, s in enumerate(paragraph):
            if s == sentence:
                return (paragraph[i - 1] if i else "",
                        paragraph[i + 1] if i + 1 < len(paragraph) else "")
    return "", ""


@lru_cache(maxsize=8)
def _paragraph_sentences(text: str) -> tuple[tuple[str, ...], ...]:
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|#+)\s)|(?<=[.!?…:»\"”)])\s*\n", text)
    return tuple(tuple(split_sentences(b)) for b in blocks if b.strip())


__all__ = ["CONFIRMED", "DENIED", "REPORTED", "STATUSES", "Standing", "Status", "classify",
           "judge"]
