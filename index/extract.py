"""Structured job-cut mentions from news sentences, in every language with a vocabulary file.

The words are data: the [cuts], [jobs], [extract], [countries] and [reasons] tables of
index/data/lang/<code>.toml, read through :mod:`index.vocab` (see the Vocabulary section); an
article is read with its own language's words and those of the languages it quotes. The rules
below are the structure around those words, the same in every language.

One :class:`Mention` per figure a sentence gives for a company's job cut: who cuts (canonical
company, and the division when one is named), how many (a figure, a share of the workforce, or
a vague amount kept vague), when (a date span resolved against the publication date), where,
why (reason tags), and whether the figure is a running total that must not be added again.

Everything is plain regular expressions over the output of the tested parsers
(:mod:`index.numbers`, :mod:`index.companies`, :mod:`index.dates`); nothing is guessed that the
sentence does not write. The rules, in order:

* **Layoff sentence** (:func:`is_layoff_sentence`): a strong cut phrase ("layoffs", "laid off",
  "job cuts", "licenciements", "plan social", "suppressions de postes", "lose their jobs",
  "10 000 suppressions"...) or a cut verb/noun ("cut", "eliminate", "slash", "shed",
  "supprimer", "réduire", "se séparer de"...) together with a jobs noun ("jobs", "staff",
  "workforce", "postes", "effectifs"...). The sentence right after a layoff sentence in the
  same paragraph is also read, but only for figures it ties back to the cut ("the total
  reaches 2,300 jobs", "that works out to more than 4,100 workers", "come to 30,000 positions").
* **Figures**: a count tied to the cut (followed by a jobs or cut noun, right after a cut verb
  or noun, "the number at"/"le total atteint", "the 11,000 it let go", "18 000 au total", or
  coordinated with a cut figure: "600 suppressions en janvier et 200 en juin"), a share of the
  workforce ("13% of its staff", "réduire de 10 % ses effectifs"), or a vague amount kept vague
  ("several hundred roles", "des milliers d'employés"). Never: money, durations, total
  headcounts and bases ("employs 1.5 million", "comptait 1,54 million de salariés", "5% of its
  83,300 employees", "the 1.544 million employees Amazon reported"), headcount targets ("fall
  to about 75,000"), hiring and open roles ("will hire 10,000", "won't fill 1,000 open roles",
  "postes vacants"), industry tallies ("Layoffs.fyi counted 57,000 across 229 firms", "le
  secteur", "some, such as Meta"), negated cuts ("denied it would lay off"), hypotheses ("may
  need to trim 10,000"), non-workforce shares ("5% of revenue").
* **Grouping**: a count and a share in apposition or joined by a linking verb ("11,000 jobs,
  about 13% of its staff", "10 %, soit quelque 7 000 personnes", "une coupe de 10 % toucherait
  14 000 personnes") are one mention.
* **Company**: a company named right after the figure's noun ("11 000 licenciements de Meta",
  "400 Twitch employees", "500 jobs at AWS"); else the company named nearest before the figure,
  skipping an appositive ("Twitch, the Amazon-owned platform, is cutting" is Twitch); else the
  first one after it in the same clause. With none named: the company of the previous sentence
  of the paragraph when it names exactly one (so "Elon Musk ... la moitié des employés" after
  "licenciements chez Twitter" is Twitter), else the article's main company (the most frequent
  in title + first paragraph). A figure whose clause has an unknown capitalised subject with its
  own cut verb ("Discord let go of 17%") belongs to a company the table does not know: dropped.
* **Unit**: the alias unit of that company mention, an alias unit after the figure ("at AWS",
  "au sein de Reality Labs"), or a division phrase ("in its devices and services division",
  "dans sa division d'intelligence artificielle", "in Meta Superintelligence Labs, its AI
  division").
* **Date**: the sentence's time expressions are shared out between its figures (cut or not, so
  "84 900 salariés qu'il employait en juillet 2023" keeps its July): the one it touches, else
  between two figures the earlier one unless a separator precedes the expression; deadlines
  ("by the end of 2025", "d'ici la fin de l'année") are skipped; the most precise is kept;
  "its biggest since early 2023" is early 2023. With none: the date of the previous sentence of
  the paragraph when that sentence reports the cut; else the publication date as a day span
  (``date_from_publication``); with no publication date, the estimate from
  :func:`index.dates.bounds_from_content` (``inferred``, also flagged ``date_from_publication``).
* **Cumulative**: "bringing the total to", "le total atteint", "in total", "combined",
  "altogether", "au total", "en tout", "au cumul", "en cumulant", "soit au total", "the two
  rounds", "since October", "depuis l'automne", "across 2022 and 2023", "across several waves",
  or a span across a year end longer than six weeks ("the winter of 2022-23", "between last
  fall and January"). ``includes_earlier`` (which implies ``cumulative``): "including the cuts
  announced in November", "y compris les départs" (not "y compris en Europe"), "a total that
  folds in", "un chiffre qui englobait", or the next sentence saying "The figure is a running
  total" / "Ce total inclut...".
* **Country**: "in India", "en France", "au Canada", "aux États-Unis", "Europe comprise"...
  after the figure, else before it in its clause, else anywhere in a one-figure sentence;
  "worldwide"/"dans le monde" gives None.
* **Reasons**: keyword tags from the sentence's paragraph, skipping negated ones ("not driven by
  AI", "pas à cause de l'IA", "ni des performances").
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from index import places, vocab
from index.companies import (
    ArticleNames,
    CompanyMention,
    CompanyTable,
    is_company_noun,
    is_determiner,
    plain_word,
    read_article_names,
)
from index.dates import Span, bounds_from_content, date_from_url, find_event_spans
from index.models import Article
from index.numbers import Quantity, find_quantities
from index.standing import CONFIRMED, Status, announced_near, classify, judge, reduction
from index.text import split_sentences

log = logging.getLogger(__name__)

# Raise by one whenever a change here or in the parsers it uses (numbers, dates, companies)
# changes what is extracted from some text: stored mentions are then extracted again at the
# next start (:func:`index.ledger.extractor_version`).
EXTRACTOR_VERSION = 59

Reason = Literal["ai", "cost_cutting", "restructuring", "performance", "economic_conditions"]
REASONS: tuple[Reason, ...] = (
    "ai", "cost_cutting", "restructuring", "performance", "economic_conditions",
)


@dataclass(frozen=True)
class Mention:
    """One job-cut figure reported for one company in one sentence."""

    company: str  # canonical
    unit: str | None  # division named by alias or text ("AWS", "Reality Labs", "gaming")
    headcount: int | None  # the figure; None when vague or when only a share is given
    low: int | None  # bounds of a range or a vague amount (never shown as a figure)
    high: int | None
    qualifier: str  # exact/about/more_than/at_least/nearly/up_to/less_than
    vague: bool  # "several hundred", "plusieurs centaines", "hundreds"
    percent: float | None  # share of the workforce
    announced: Span | None  # when the cut was announced/happened
    date_from_publication: bool  # no date phrase in the sentence or the one before it
    cumulative: bool  # a running total, or a figure that sums several rounds
    includes_earlier: bool  # explicitly includes a previous round
    country: str | None  # where the cut is said to be ("United States", "France", "Europe")
    reasons: tuple[str, ...]  # Reason tags of the sentence's paragraph
    sentence: str  # the exact sentence, for the citation
    doc_id: str
    source: str
    published: date | None
    status: Status = CONFIRMED  # confirmed | reported | denied: see index.standing
    plan_total: bool = False  # the total of a plan ("part of a broader plan to shed 5,000")
    lookback: bool = False  # an earlier cut recalled ("had already cut", "ya despidió")
    # another company's cut named in passing: the company is not in the article's title or
    # lead ("Grab is not alone: GoTo laid off 600 in March" in an article about Grab)
    passing: bool = False
    superseded: bool = False  # a first proposal that a later figure replaced
    agreed: bool = False  # what a negotiation settled on ("acuerdo con los sindicatos")
    # the figure is in the article's title or lead (its first sentences), where news puts the
    # cut it reports; a figure only deeper in the body is more often a part, a proposal, a
    # staff count or a recollection
    prominent: bool = True


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_AP = r"['’]"
_Q = r"[\s\u00a0\u202f«»\"“”]*"  # spaces and quotation marks between words and a figure
_W = r"[^\W\d_][\w'’-]*"  # one word

# Every word list below comes from the language files (index/data/lang/<code>.toml: the
# [cuts], [jobs], [extract], [countries] and [reasons] tables), through index.vocab. A
# vocab.LangRegex is compiled once per set of languages and used with the languages of the
# article being read (extract_mentions and is_layoff_sentence set them); it has the methods of
# a compiled pattern. The structure of each pattern (what comes before the figure, what after)
# is code; the words are data.
_Words = vocab.Words
_Regex = vocab.LangRegex


def _job(w: _Words) -> str:
    return w.alt("jobs", "nouns")


def _workforce(w: _Words) -> str:
    return w.alt("jobs", "workforce")


def _event(w: _Words) -> str:
    return w.alt("cuts", "events")


def _fill(w: _Words, table: str, key: str) -> str:
    """``table.key`` with {workforce} and {w} (one word) filled in."""
    return w.alt(table, key).replace("{workforce}", _workforce(w)).replace("{w}", _W)


def _words(w: _Words, table: str, key: str) -> str:
    return rf"(?<!\w){w.alt(table, key)}(?!\w)"


# Phrases that report a job cut on their own.
_STRONG_CUT_RE = _Regex(lambda w: _words(w, "cuts", "strong"), re.I)
# Cut verbs and nouns that need a jobs noun in the sentence.
_WEAK_CUT_RE = _Regex(lambda w: _words(w, "cuts", "weak"), re.I)
_JOB_RE = _Regex(lambda w: rf"(?<!\w){_job(w)}(?!\w)", re.I)
_EVENT_RE = _Regex(_event, re.I)  # fullmatch: is this noun a cut noun?

# A cut verb or noun right before a figure ("cut 10,000", "la suppression de 11.000").
_CUT_BEFORE_RE = _Regex(lambda w: (
    rf"(?<!\w)(?:{_fill(w, 'cuts', 'before')}"
    rf"|{w.alt('cuts', 'before_nouns')}\s+(?:{w.alt('cuts', 'before_noun_of')}\s+)?"
    rf"(?:{w.alt('cuts', 'before_noun_links')}\s*))"
    rf"(?:\s+{w.alt('cuts', 'further')})?{_Q}$"), re.I)
# "the number at", "bring the total to", "le total atteint donc", "un chiffre proche de".
_TOTAL_BEFORE_RE = _Regex(lambda w: (
    r"(?<!\w)" + "".join(f"(?<!{re.escape(p)})" for p in w.list("extract", "total_not_after"))
    + rf"{w.alt('extract', 'total_nouns')}\s+(?:{_W}\s+){{0,2}}?"
    rf"{w.alt('extract', 'total_links')}(?:\s+{w.alt('extract', 'total_adverbs')})?{_Q}$"),
    re.I)
_DERIVED_BEFORE_RE = _Regex(lambda w: rf"(?<!\w){w.alt('extract', 'derived')}{_Q}$", re.I)
# Merging a percentage and a count joined by a verb ("une coupe de 10 % toucherait 14 000").
_LINKING_VERB_RE = _Regex(lambda w: _words(w, "extract", "linking"), re.I)
# A bare total right after the figure ("18 000 au total"), or a cut verb in a relative clause
# ("the 11,000 it let go in November").
_TOTAL_AFTER_RE = _Regex(lambda w: rf"^{_Q}{w.alt('extract', 'total_after')}(?!\w)", re.I)
_CUT_AFTER_RE = _Regex(lambda w: (
    rf"^{_Q}(?:{_W}\s+){{0,3}}?(?:{w.alt('cuts', 'after_aux')}\s+)?{w.alt('cuts', 'after')}"
    r"(?!\w)"), re.I)
# A number followed by a cut noun makes a layoff sentence ("environ 10 000 suppressions"):
# the noun, then the figure before it (see _counted_event; a single pattern starting at each
# digit took quadratic time on long runs of numbers, 30 s for a 48 kB table).
_COUNTED_NOUN_RE = _Regex(lambda w: rf"{w.alt('cuts', 'counted')}(?!\w)")
_FIGURE_CHARS = frozenset(".,\u00a0\u202f")
# Durations and other units that are never headcounts ("16 weeks", "90 jours"): the units of
# the [dates.units] tables and the [extract] durations.
_DURATION_AFTER_RE = _Regex(lambda w: (
    r"^[\s\u00a0-]*(?:" + "|".join(
        [f"(?:{u})" for voc in w.vocs for u in voc.table("dates.units").values()]
        + [w.alt("extract", "durations")]) + r")(?!\w)"), re.I)
# Hypotheses and advice ("may need to trim at least 10,000 jobs a year").
_HYPOTHETICAL_RE = _Regex(lambda w: _words(w, "extract", "hypotheticals"), re.I)


# After a figure: a jobs noun or a cut noun, with up to three adjectives in between.
def _function_words(w: _Words) -> str:
    return w.alt("extract", "function_words")


_NOUN_AFTER_RE = _Regex(lambda w: (
    rf"{_Q}(?:{w.alt('extract', 'noun_links')}\s*)?"
    rf"(?:(?!{_function_words(w)}\b){_W}[\s\u00a0]+){{0,3}}?"
    rf"(?P<noun>{_event(w)}|{_job(w)})(?!\w)"), re.I)
# "520 von 3500 Arbeitsplätzen", "350 der dort rund 6000 Jobs", "300 der dort beschäftigten 600
# Mitarbeiter": a count, then the base it is taken from with the noun they share (the German
# verb comes last, so no cut word stands before the count). The gap between the two figures.
_SHARE_OF_BASE_GAP_RE = _Regex(lambda w: (
    rf"\s+{w.alt('extract', 'share_of_base_links')}\s+(?:{_W}\s+){{0,3}}?"), re.I)
_VAGUE_NOUN_AFTER_RE = _Regex(lambda w: (
    rf"{_Q}(?:{w.alt('extract', 'vague_noun_links')}\s*)?(?:(?!{_function_words(w)}\b){_W}"
    rf"\s+){{0,2}}?(?P<noun>{_event(w)}|{_job(w)})(?!\w)"), re.I)
_OPEN_ROLES_AFTER_RE = _Regex(lambda w: (
    rf"{_Q}(?:{w.alt('extract', 'open_before')}\s+(?:{_W}\s+)?{_job(w)}|"
    rf"(?:{_W}\s+)?{_job(w)}\s+(?:{w.alt('extract', 'open_adverbs')}\s+)?"
    rf"{w.alt('extract', 'open_after')}|{w.alt('extract', 'openings')})(?!\w)"), re.I)
# Percentages: a share of the workforce.
_PCT_OF_WORKFORCE_RE = _Regex(lambda w: (
    rf"{_Q}{w.alt('extract', 'pct_of')}\s*(?:{w.alt('extract', 'possessives')}\s*)?"
    rf"(?:[\w'’.,\u00a0\u202f-]+\s+){{0,4}}?{_workforce(w)}(?!\w)"), re.I)
_PCT_OWN_WORKFORCE_RE = _Regex(lambda w: (
    rf"{_Q}{w.alt('extract', 'own')}\s+(?:{_W}\s+)?{_workforce(w)}(?!\w)"), re.I)
_PCT_BEFORE_RE = _Regex(lambda w: rf"(?<!\w){_fill(w, 'extract', 'pct_before')}{_Q}$", re.I)

# Exclusions -----------------------------------------------------------------------------------

_BASE_BEFORE_RE = _Regex(lambda w: (
    rf"(?<!\w){w.alt('extract', 'base_before')}(?:\s+{w.alt('extract', 'base_articles')})?"
    rf"{_Q}$"), re.I)
_BASE_AFTER_RE = _Regex(lambda w: (
    rf"^[^,;:.]{{0,60}}?(?<!\w)(?:{w.alt('extract', 'base_after_relatives')}\s*(?:\w+\s+)"
    rf"{{0,3}}?|(?:[\w'’-]+\s+){{0,4}}?){w.alt('extract', 'base_after')}(?!\w)"), re.I)
_PERCENT_BASE_GAP_RE = _Regex(lambda w: (
    rf"^{_Q}{w.alt('extract', 'percent_base_links')}(?!\w)"
    rf"(?:(?!(?<!\w){w.alt('extract', 'percent_base_stops')}(?!\w))[^,;:()]){{0,40}}$"), re.I)
_HIRING_BEFORE_RE = _Regex(lambda w: rf"(?<!\w){w.alt('extract', 'hiring')}(?!\w)[^,;.]{{0,50}}$",
                           re.I)
_INDUSTRY_RE = _Regex(lambda w: (
    rf"(?<!\w)(?:{w.alt('extract', 'trackers')}|{w.alt('extract', 'industry')})(?!\w)"), re.I)
_TRACKER_RE = _Regex(lambda w: _words(w, "extract", "trackers"), re.I)
# "according to LinkedIn, Ledger has 734 employees": a name after these is a source, never the
# company making the cut (the [companies] table's phrases, which the name reader uses too)
_SOURCE_BEFORE_RE = _Regex(lambda w: rf"(?<!\w)(?:{w.alt('companies', 'sources_before')})\s*$",
                           re.I)
_NEGATION_RE = _Regex(lambda w: _words(w, "extract", "negations"), re.I)
_NEGATION_CANCEL_RE = _Regex(lambda w: _words(w, "extract", "negation_cancel"), re.I)

# Subjects ---------------------------------------------------------------------------------------

_UNKNOWN_SUBJECT_RE = re.compile(
    r"(?:^|[,;:]\s+|\band\s+|\bet\s+|\bwhile\s+|\balors\s+que\s+)"
    r"(?P<name>[A-Z][\w&.'’-]+(?:\s+[A-Z][\w&.'’-]+){0,2})\s+"
    r"(?:(?:has|had|have|also|a|avait|ha|hat)\s+)?(?:[a-zà-ÿ]+\s+){0,2}?"
    r"(?:cut|cuts|shed|slashed|laid\s+off|let\s+go|lays\s+off|eliminated|trimmed|axed|"
    r"reduced|supprim\w+|licenci\w+|"
    # "Shopee also announced layoffs of 200", "Binance a par exemple annoncé en juillet le
    # licenciement de 1000 personnes"
    r"(?:announced|announces|annonc[ée]\w*|anunci\w+|angek[üu]ndigt)\s+(?:[\w'’]+\s+){0,3}?"
    r"(?:layoffs|job\s+cuts|cuts|licenciements?|suppressions?|despidos?|recortes?|"
    r"Entlassungen|Stellenabbau))(?!\w)"
)
_NOT_A_COMPANY = frozenset({
    "The", "It", "He", "She", "They", "We", "This", "That", "These", "Those", "Il", "Elle",
    "Ils", "Elles", "Le", "La", "Les", "Ce", "Cette", "Ces", "On", "In", "En", "And", "Et",
})
# "11 000 licenciements de Meta", "11,000 layoffs at Meta", "400 Twitch employees"
_OWNER_GAP_RE = re.compile(
    r"^(?:[^,;.\d]{0,30}?(?:(?<!\w)(?:de|du|des|of|at|chez|by|par|in|within|dans|au\s+sein\s+de)"
    r"\s+|d" + _AP + r")(?:(?:the|la|le|l" + _AP + r")\s*)?|[\s\u00a0]*)$",
    re.I,
)

# Dates ----------------------------------------------------------------------------------------


def _curly(fragments: list[str]) -> str:
    """Date-phrase fragments (written for normalised text) for raw text: either apostrophe."""
    return "(?:" + "|".join(f.replace(r"\x27", "['’]") for f in fragments) + ")" \
        if fragments else r"(?!x)x"


# "by the end of 2025", "d'ici la fin de l'année", "bis Ende 2027": the [dates] deadline words
_DEADLINE_BEFORE_RE = _Regex(lambda w: (
    rf"(?<!\w){_curly(w.list('dates', 'deadline'))}\s*"
    rf"(?:{_curly(w.list('dates', 'range_articles'))}\s*)?"
    rf"(?:{_curly(w.list('dates', 'deadline_end'))}\s+)?$"), re.I)
# "third-quarter earnings", "résultats du deuxième trimestre": the period of results reported
_RESULTS_AFTER_RE = _Regex(lambda w: rf"{_curly(w.list('dates', 'results_after'))}(?!\w)", re.I)
_RESULTS_BEFORE_RE = _Regex(
    lambda w: rf"(?<!\w){_curly(w.list('dates', 'results_before'))}\s*$", re.I)
# "... et 86 créations": what a count joined to a cut figure counts when it is no cut
_CREATED_AFTER_RE = _Regex(lambda w: rf"{_Q}(?:{w.alt('extract', 'created_after')})(?!\w)", re.I)
_FOUNDED_BEFORE_RE = _Regex(
    lambda w: rf"(?<!\w){_curly(w.list('dates', 'founded_before'))}\s*$", re.I)
_SINCE_RE = _Regex(lambda w: rf"(?<!\w){_curly(w.list('dates', 'since'))}\s*$", re.I)
_SINCE_START_RE = _Regex(lambda w: rf"^{_curly(w.list('dates', 'since'))}(?:\s+|\b)", re.I)
_SUPERLATIVE_RE = _Regex(lambda w: (
    rf"(?<!\w){w.alt('extract', 'superlatives')}(?!\w)[^,;.]{{0,40}}$"), re.I)
_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "season": 2, "half": 3, "year": 4,
                   "range": 5}

# Cumulative and includes-earlier markers ------------------------------------------------------

_CUM_LEFT_ANCHORED_RE = _Regex(lambda w: (
    rf"(?<!\w){w.alt('extract', 'cumulative_before')}{_Q}$"), re.I)
_CUM_LEFT_ANY_RE = _Regex(lambda w: _words(w, "extract", "cumulative_left"), re.I)
_CUM_RIGHT_RE = _Regex(lambda w: _words(w, "extract", "cumulative_right"), re.I)
_CUM_WEAK_RE = _Regex(lambda w: _words(w, "extract", "cumulative_weak"), re.I)
_ONE_CUT_NOW_RE = _Regex(lambda w: _words(w, "extract", "one_cut_now"), re.I)


def _running_total(left: str, right: str) -> bool:
    """Whether the words beside a figure make it a total over several cuts."""
    return bool(_CUM_LEFT_ANCHORED_RE.search(left) or _CUM_LEFT_ANY_RE.search(left)
                or _CUM_RIGHT_RE.search(right))


def _total_of_one_cut(sentence: str, left: str, right: str) -> bool:
    """"Insgesamt verlieren 611 Beschäftigte ihren Arbeitsplatz", "a total of 900 people are to
    be laid off": only an "in total" word, with a cut under way, is that cut's own figure."""
    if not (_CUM_WEAK_RE.search(left) or _CUM_WEAK_RE.search(right)):
        return False
    blank = _CUM_WEAK_RE.sub(" ", left), _CUM_WEAK_RE.sub(" ", right)
    return not _running_total(*blank) and bool(_ONE_CUT_NOW_RE.search(sentence))


def _months(w: _Words) -> str:
    names = [m for voc in w.vocs for m in voc.mapping("months")]
    return "|".join(re.escape(m) for m in sorted(set(names), key=lambda m: (-len(m), m)))


_INCLUDES_RE = _Regex(lambda w: (
    rf"(?<!\w){w.alt('extract', 'includes')}(?!\w)[^.;]{{0,70}}?(?<!\w)"
    rf"(?:{w.alt('extract', 'includes_targets')}|{_months(w)})(?!\w)"), re.I)
_RUNNING_TOTAL_NEXT_RE = _Regex(lambda w: (
    rf"^[^\d]{{0,80}}?(?<!\w){w.alt('extract', 'running_total_determiners')}\s+(?:\w+\s+)?"
    rf"{w.alt('extract', 'running_total_nouns')}\s+(?:\w+\s+){{0,3}}?"
    rf"{w.alt('extract', 'running_total_verbs')}"), re.I)

# Units ----------------------------------------------------------------------------------------



@vocab.cached
def _unit_patterns(langs: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The [extract] units patterns of ``langs``, tried in order: each names the division in a
    group (proper, name or name2); case matters."""
    return tuple(re.compile(p) for code in langs
                 for p in vocab.vocabulary(code).words("extract", "units"))


@vocab.cached
def _unit_not_names(langs: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for code in langs
                     for w in vocab.vocabulary(code).words("extract", "unit_not_names"))

_UNIT_STOP_RE = _Regex(lambda w: rf"\s+{w.alt('extract', 'unit_stop')}$", re.I)
_UNIT_AT_RE = _Regex(lambda w: (
    rf"(?<!\w){w.alt('extract', 'unit_at')}\s+(?:{w.alt('extract', 'unit_determiners')}\s*)?$"),
    re.I)

# Countries ------------------------------------------------------------------------------------


def _country_names(w: _Words) -> list[str]:
    return list(dict.fromkeys(name for voc in w.vocs for name in voc.table("countries")))


def _countries(w: _Words) -> str:
    """One group per country (c0, c1... in the [countries] order), earliest match first."""
    before = w.alt("extract", "country_before")
    after = w.alt("extract", "country_after")
    groups = []
    for i, name in enumerate(_country_names(w)):
        names = "|".join(f"(?:{voc.table('countries')[name]})" for voc in w.vocs
                         if name in voc.table("countries"))
        # the preposition in any case ("En Belgique, ...", "In Germany, ..." open sentences),
        # the name as written
        groups.append(rf"(?P<c{i}>(?<!\w)(?i:{before})\s+(?:{names})(?!\w)"
                      rf"|(?<!\w)(?:{names})\s+(?i:{after})(?!\w))")
    return "|".join(groups) or r"(?!x)x"


_COUNTRY_RE = _Regex(_countries)
_COUNTRY_AFTER_RE = _Regex(lambda w: w.alt("extract", "country_after"), re.I)


@vocab.cached
def _country_list(langs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_country_names(vocab.Words(vocab.vocabulary(c) for c in langs)))

# Reasons --------------------------------------------------------------------------------------

def _reason_regex(reason: Reason) -> vocab.LangRegex:
    """The [reasons] patterns of one tag (case matters outside their (?i:...) parts)."""
    return _Regex(lambda w: "|".join(w.list("reasons", reason)) or r"(?!x)x")


_REASON_RES: tuple[tuple[Reason, vocab.LangRegex], ...] = tuple(
    (reason, _reason_regex(reason)) for reason in REASONS)
_REASON_NEGATION_RE = _Regex(lambda w: (
    rf"(?:(?<!\w){w.alt('extract', 'reason_negations')}|n't)(?!\w)[^.;:]{{0,60}}$"), re.I)
_REASON_CONTRAST_RE = _Regex(lambda w: _words(w, "extract", "contrast"), re.I)

# Paragraphs -----------------------------------------------------------------------------------

_BLOCK_SPLIT_RE = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|#+)\s)")
_LINE_END_RE = re.compile(r"[.!?…:»\"”)]\s*$")
_CLAUSE_BREAK_RE = re.compile(r"[;:]|\s[—–]\s")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def is_layoff_sentence(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` reports a job cut: a layoff phrase, or a cut verb or noun together
    with a jobs noun ("cut 9,000 jobs", "supprime 12.000 emplois"). Hiring freezes, cost cuts
    and pay cuts are not job cuts. Both languages' words are recognised whatever ``lang`` says
    (French articles quote English terms and vice versa)."""
    with vocab.reading(lang):
        if _STRONG_CUT_RE.search(sentence) or _counted_event(sentence):
            return True
        return bool(_WEAK_CUT_RE.search(sentence) and _JOB_RE.search(sentence))


def _counted_event(sentence: str) -> bool:
    """A figure right before a cut noun: digits, spaces, "." and "," then an optional "k"."""
    for m in _COUNTED_NOUN_RE.finditer(sentence):
        i = m.start()
        while i > 0 and sentence[i - 1].isspace():
            i -= 1
        if i > 0 and sentence[i - 1] in "kK":
            i -= 1
        while i > 0:
            ch = sentence[i - 1]
            if ch.isdecimal():
                return True
            if not (ch.isspace() or ch in _FIGURE_CHARS):
                break
            i -= 1
    return False


def _undated_bounds(article: Article, lang: str, today: date | None) -> Span | None:
    """When an undated article was published: the month its address gives ("/2019/04/slug",
    "/2024-01/slug"), unless the text reports a date after that month; else the text's own
    bounds (:func:`index.dates.bounds_from_content`)."""
    content = bounds_from_content(article.text, lang, today)
    month = date_from_url(article.url or "", today)
    if month is not None and (content is None or content.start <= month.end):
        return month
    return content


def extract_mentions(
    article: Article, companies: CompanyTable, *, today: date | None = None
) -> list[Mention]:
    """Every job-cut mention in ``article``, in text order. See the module docstring.

    ``today`` bounds the publication-date estimate of an undated article
    (:func:`index.dates.bounds_from_content`); it is not used otherwise.
    """
    with vocab.reading(article.lang):
        return _extract_mentions(article, companies, today=today)


def _extract_mentions(
    article: Article, companies: CompanyTable, *, today: date | None = None
) -> list[Mention]:
    lang = (article.lang or "").strip().lower()[:2]
    paragraphs = _paragraphs(article.text, lang)
    if not paragraphs:
        return []
    if article.published is not None:
        fallback: Span | None = Span(article.published, article.published, "day",
                                     article.published.isoformat())
    else:
        fallback = _undated_bounds(article, lang, today)
    layoff: dict[str, bool] = {}

    def is_layoff(sentence: str) -> bool:
        if sentence not in layoff:
            layoff[sentence] = is_layoff_sentence(sentence, lang)
        return layoff[sentence]

    names = read_article_names(article.title, paragraphs, lang=article.lang, table=companies,
                               outlet=article.outlet, is_layoff=is_layoff)
    found: dict[str, list[CompanyMention]] = {}
    main = _main_company(article.title, paragraphs[0], companies, names, found)
    subjects = frozenset(m.company for text in (article.title, *paragraphs[0][:_LEAD_SENTENCES])
                         for m in _find(companies, names, text, found) if m.company)
    ctx = _Ctx(article, lang, companies, main, fallback, names, subjects, found, layoff)
    out: list[Mention] = []
    history: list[list[int]] = []  # indices into ``out``, one entry per sentence read
    lead: list[Mention] = []
    body: list[int] = []  # indices into ``out`` of the mentions after the lead
    seen = 0
    for paragraph in paragraphs:
        reasons = _reasons(paragraph)
        prev: _Read | None = None
        for sentence in paragraph:
            read = _read_sentence(ctx, sentence, prev, reasons)
            if seen < _LEAD_FIGURES:
                lead.extend(read.mentions)
            else:
                body.extend(range(len(out), len(out) + len(read.mentions)))
            seen += 1
            if _RUNNING_TOTAL_NEXT_RE.search(sentence):
                _mark_running_total(out, history)
            history.append(list(range(len(out), len(out) + len(read.mentions))))
            out.extend(read.mentions)
            prev = read
    _mark_details(out, body, lead, article)
    if article.published is None:
        _undate_the_body(out, body, lead)
    log.debug("%d mention(s) in %s", len(out), article.source)
    return out


def _undate_the_body(out: list[Mention], body: list[int], lead: list[Mention]) -> None:
    """An undated article's body figures with no date of their own, only the article's content
    bounds wider than a year, are undated: the lead tells the article's news, the body's
    undated figures are as often a recalled round, a site's share or a plan's sum ("Mit den
    13.000 nun hinzukommenden Stellen summiert sich der Abbau auf 22.000 Stellen", "Zuletzt
    traf es zum Beispiel Reutlingen, wo ... rund 1100 Stellen wegfallen sollen"). A body figure
    that gives the lead's "hundreds" or share its number is the lead's news and keeps them."""
    for i in body:
        m = out[i]
        span = m.announced
        if (m.date_from_publication and span is not None
                and (span.end - span.start).days > _BOUNDS_DAYS
                and not _figure_of_the_lead(m, lead, out[:i])):
            out[i] = replace(m, announced=None, date_from_publication=False)


# --------------------------------------------------------------------------------------------
# Article level
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    article: Article
    lang: str
    companies: CompanyTable
    main: tuple[str | None, str | None]  # (company, unit)
    fallback: Span | None
    names: ArticleNames  # the companies the article itself shows (open world)
    subjects: frozenset[str]  # the companies the title and lead name: what the article is about
    found: dict[str, list[CompanyMention]]  # companies named per sentence, computed once
    layoff: dict[str, bool]  # is_layoff_sentence per sentence, computed once

    def find(self, text: str) -> list[CompanyMention]:
        return _find(self.companies, self.names, text, self.found)


@dataclass(frozen=True)
class _Read:
    """What one sentence gave: its mentions, and what the next sentence may borrow."""

    sentence: str
    is_layoff: bool
    companies: tuple[CompanyMention, ...]
    mentions: tuple[Mention, ...]


_LONG_LINE = 160  # characters: no hard-wrapped line is this long


def _paragraphs(text: str, lang: str | None = None) -> list[list[str]]:
    """Sentences grouped by paragraph. A blank line ends a paragraph; so does a line break
    after a line that ends a sentence (HTML extraction puts one paragraph per line). Full stops
    after ``lang``'s abbreviations don't end a sentence (every language's when None)."""
    out: list[list[str]] = []
    every = [line for line in text.split("\n") if line.strip()]
    # A page with one paragraph per line (what HTML extraction gives) also has headings and
    # captions with no final stop: each line is its own paragraph, or a subtitle would run into
    # the next paragraph's first sentence. Hard-wrapped text has no long lines.
    per_line = sum(len(line) > _LONG_LINE for line in every) >= max(1, 0.3 * len(every))
    for block in _BLOCK_SPLIT_RE.split(text):
        current: list[str] = []
        lines = [line for line in block.split("\n") if line.strip()]
        for n, line in enumerate(lines):
            current.append(line)
            if n + 1 == len(lines) or per_line or _LINE_END_RE.search(line):
                sentences = split_sentences("\n".join(current), lang)
                if sentences:
                    out.append(sentences)
                current = []
    return out


def _find(companies: CompanyTable, names: ArticleNames, text: str,
          cache: dict[str, list[CompanyMention]] | None = None) -> list[CompanyMention]:
    """Companies named in ``text``: the alias table's, then the article's own (open world)
    where the table names none; in text order, without overlaps."""
    if cache is not None and text in cache:
        return list(cache[text])
    found = companies.find(text)
    for m in names.find(text):
        if not any(o.start < m.end and m.start < o.end for o in found):
            found.append(m)
    found.sort(key=lambda m: m.start)
    if cache is not None:
        cache[text] = list(found)
    return found


# "Nach Klarna und Kontist jetzt auch Sumup", "une semaine après Bosch, ZF annonce": a name after
# these words (and the names joined to it) is the comparison, not what the article is about
_REFERENCE_BEFORE_RE = _Regex(lambda w: (
    rf"(?<!\w){w.alt('extract', 'reference_before')}\s+"
    rf"(?:[^\W\d_][\w&.'’-]*\s*(?:,|\s{w.alt('extract', 'and_words')})\s+)*$"), re.I)
_LEAD_SENTENCES = 2  # the lead: what an article is about is named in its title or these
_LEAD_FIGURES = 3  # the sentences whose figures are the article's own news
_EARLIER_DAYS = 21  # a cut dated this long before its article is an earlier one, recalled


def _main_company(title: str, first: Sequence[str], companies: CompanyTable,
                  names: ArticleNames | None = None,
                  cache: dict[str, list[CompanyMention]] | None = None,
                  ) -> tuple[str | None, str | None]:
    """The most frequent canonical company in the title and first paragraph (ties: the first
    named), with the unit the title gives it, if any: the alias table's companies and the
    ones the article itself shows (a company named only in passing never is)."""
    names = names or ArticleNames(companies={})
    in_title = [m for m in _find(companies, names, title, cache)
                if m.company and not _REFERENCE_BEFORE_RE.search(title[:m.start])]
    everything = in_title + [m for s in first for m in _find(companies, names, s, cache)
                             if m.company and not _REFERENCE_BEFORE_RE.search(s[:m.start])]
    if not everything:
        return None, None
    counts = Counter(m.company for m in everything)
    first_seen: dict[str, int] = {}
    for i, m in enumerate(everything):
        first_seen.setdefault(m.company, i)
    company = max(counts, key=lambda c: (counts[c], -first_seen[c]))
    unit = next((m.unit for m in in_title if m.company == company), None)
    return company, unit


def _mark_details(out: list[Mention], body: list[int], lead: list[Mention],
                  article: Article) -> None:
    """Mark the body's figures that are details of the news the lead gives: the lead (or the
    title) reports a figure for the company, and a later sentence gives another figure of the
    same days that is neither in the title, nor company-wide ("124 postes dans le monde"), nor
    a cut dated weeks before the lead's (or, without one, the article's), nor a recalled one
    (which the ledger joins to the earlier event, or shows as undated), nor a group added to
    the lead's ("À ces départs s'ajoutent ceux de l'antenne espagnole"). Such figures are most
    often a part (a site, a country), a first proposal, a subset (volunteers, forced
    departures) or a staff count; the ledger shows them apart unless another source reports
    them too."""
    in_title = {q.value for q in find_quantities(article.title, article.lang) if q.value}
    news = {m.company for m in lead if m.headcount is not None or m.percent is not None}
    news |= {m.company for m in out if m.headcount is not None and m.headcount in in_title}
    for i in body:
        m = out[i]
        news_starts = [x.announced.start for x in lead
                       if x.company == m.company and x.announced is not None
                       and not x.announced.inferred and not x.lookback]
        reference = min(news_starts, default=article.published)
        span = None if m.date_from_publication else m.announced
        if span is None or (article.published is None and span.inferred):
            earlier = False
        elif reference is None:
            # an undated article's own news is told relative to it ("this week"): a body
            # figure with a date of its own ("in April 2023") is an earlier cut
            earlier = True
        else:
            earlier = (reference - span.end).days > _EARLIER_DAYS
        if (m.company in news and m.headcount not in in_title and not earlier
                and not m.lookback
                and not _WORLDWIDE_RE.search(m.sentence)
                and not _ADDITIVE_RE.search(m.sentence)
                and not _figure_of_the_lead(m, lead, out[:i])):
            out[i] = replace(m, prominent=False)


def _figure_of_the_lead(m: Mention, lead: list[Mention], before: list[Mention]) -> bool:
    """The lead gives its cut only as "hundreds" or a share of the staff, and a body figure for
    the whole company fits it: the body gives the lead's cut its figure, not a detail of it
    ("Twilio annonce ... la suppression de centaines d'emplois. Environ 5 % de ses effectifs
    sont concernés." ... "environ 300 personnes vont perdre leur emploi"; "about 50% of the
    unit's workforce" ... "a little over 1,100 workers are being let go"). Only a sentence's
    first figure: what follows it ("ce qui laissera quelque 5 600 personnes") is not."""
    own = [x for x in lead if x.company == m.company and not x.lookback]
    if m.headcount is None or m.country or m.unit or not own or any(
            x.headcount is not None and not x.vague for x in own):
        return False
    if any(o.sentence == m.sentence and o.headcount is not None for o in before):
        return False  # not the sentence's first figure
    return any((x.vague and x.low is not None and x.high is not None
                and x.low <= m.headcount <= x.high) or x.percent is not None for x in own)


def _mark_running_total(out: list[Mention], history: list[list[int]]) -> None:
    """"The figure is a running total" / "Ce total inclut...": the latest mentions (within the
    two previous sentences) are cumulative and include an earlier round."""
    for indices in reversed(history[-2:]):
        if indices:
            for i in indices:
                out[i] = replace(out[i], cumulative=True, includes_earlier=True)
            return


# --------------------------------------------------------------------------------------------
# Sentence level
# --------------------------------------------------------------------------------------------


@dataclass
class _Figure:
    """A quantity of a layoff sentence: a cut figure (``cut``) or only a landmark."""

    q: Quantity
    cut: bool = False


def _significant(q: Quantity) -> bool:
    """Quantities that bound other figures' context ("two rounds" does not)."""
    return (q.unit == "money" or q.percent is not None or q.vague or q.is_range
            or (q.value is not None and q.value >= 10))


def _clause_start(sentence: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(sentence, 0, pos):
        start = m.end()
    return start


def _clause_end(sentence: str, pos: int) -> int:
    m = _CLAUSE_BREAK_RE.search(sentence, pos)
    return m.start() if m else len(sentence)


def _read_sentence(ctx: _Ctx, sentence: str, prev: _Read | None,
                   reasons: tuple[str, ...]) -> _Read:
    found = tuple(ctx.find(sentence))
    layoff = ctx.layoff.get(sentence)
    if layoff is None:
        layoff = is_layoff_sentence(sentence, ctx.lang)
    continuation = not layoff and prev is not None and prev.is_layoff
    if not layoff and not continuation:
        return _Read(sentence, False, found, ())
    quantities = [q for q in find_quantities(sentence, ctx.lang) if _significant(q)]
    if not quantities:
        return _Read(sentence, layoff, found, ())
    figures = _classify(sentence, quantities, continuation, ctx.lang)
    groups = _group(sentence, figures, found)
    if not groups:
        return _Read(sentence, layoff, found, ())
    located = _locate(sentence, find_event_spans(sentence, ctx.lang, ctx.article.published))
    owner = _assign_spans(sentence, located, figures)
    mentions = []
    for group in groups:
        mention = _build(ctx, sentence, group, figures, found, owner, prev, reasons,
                         len(groups) == 1)
        if mention is not None:
            mentions.append(mention)
    return _Read(sentence, layoff, found, tuple(mentions))


def _classify(sentence: str, quantities: list[Quantity], continuation: bool,
              lang: str) -> list[_Figure]:
    figures: list[_Figure] = []
    previous_cut: Quantity | None = None
    settled = reduction(sentence, lang)
    for i, q in enumerate(quantities):
        lo = quantities[i - 1].end if i else 0
        hi = quantities[i + 1].start if i + 1 < len(quantities) else len(sentence)
        left, right = sentence[lo:q.start], sentence[q.end:hi]
        fig = _Figure(q)
        if q.unit == "money" or _DURATION_AFTER_RE.match(right):
            pass
        elif q.unit == "percent":
            fig.cut = _percent_is_cut(q, left, sentence[q.end:q.end + 90], continuation)
        else:
            fig.cut = _count_is_cut(sentence, quantities, i, left, right, continuation,
                                    previous_cut)
        if fig.cut and _excluded(sentence, q, left):
            fig.cut = False
        if settled is not None and q.start in (settled[0][0], settled[1][0]):
            fig.cut = True  # "rebajado de 321 a 283 el número de afectados": both are read
        if fig.cut:
            previous_cut = q
        figures.append(fig)
    return figures


def _percent_is_cut(q: Quantity, left: str, right: str, continuation: bool) -> bool:
    """A share of the workforce ("13% of its staff", "réduire de 10 % ses effectifs")."""
    if q.is_range or q.percent is None or not 0 < q.percent <= 100:
        return False
    share = bool(_PCT_OF_WORKFORCE_RE.match(right) or _PCT_OWN_WORKFORCE_RE.match(right)
                 or _PCT_BEFORE_RE.search(left))
    if not share or not continuation:
        return share
    return bool(_DERIVED_BEFORE_RE.search(left) or _CUT_BEFORE_RE.search(left)
                or _TOTAL_BEFORE_RE.search(left))


def _count_is_cut(
    sentence: str, quantities: list[Quantity], i: int, left: str, right: str,
    continuation: bool, previous_cut: Quantity | None,
) -> bool:
    """Whether the count or vague amount ``quantities[i]`` is a cut figure."""
    q = quantities[i]
    noun = (_VAGUE_NOUN_AFTER_RE if q.vague else _NOUN_AFTER_RE).match(right)
    if _OPEN_ROLES_AFTER_RE.match(right):
        return False
    if noun is None and _inside_a_name(sentence, q):
        return False
    event_after = bool(noun and _EVENT_RE.fullmatch(noun.group("noun")))
    if not event_after and _is_base(sentence, quantities, i, right):
        return False
    total_before = bool(_TOTAL_BEFORE_RE.search(left))
    cut_before = bool(_CUT_BEFORE_RE.search(left))
    if continuation:
        derived = bool(_DERIVED_BEFORE_RE.search(left))
        return total_before or (noun is not None and (derived or cut_before))
    if (noun or cut_before or total_before or _TOTAL_AFTER_RE.match(right)
            or _CUT_AFTER_RE.match(right)):
        return True
    if (not q.vague and i + 1 < len(quantities)
            and _share_of_base(sentence, q, quantities[i + 1])
            and _NOUN_AFTER_RE.match(sentence[quantities[i + 1].end:quantities[i + 1].end + 60])):
        return True
    # "600 suppressions de postes en janvier et 200 en juin": a bare count coordinated with the
    # previous cut figure shares its noun.
    if previous_cut is not None and not q.vague and not _CREATED_AFTER_RE.match(right):
        gap = sentence[previous_cut.end:q.start]
        return len(gap) <= 45 and bool(_AND_END_RE.search(gap))
    return False


_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w&'’-]*)\s$")
_WORD_AFTER_RE = re.compile(r"\s([^\W\d_][\w&'’-]*)")


def _inside_a_name(sentence: str, q: Quantity) -> bool:
    """A bare number written between two capitalised words, with no jobs noun after it, is part
    of a name, not a figure ("Paytm parent One 97 Communications has let go of more than
    1,000", Business Standard; "One 97 Communications, die Muttergesellschaft von Paytm",
    EarthPressNews)."""
    if not q.text.isdigit():
        return False
    before = _WORD_BEFORE_RE.search(sentence, 0, q.start)
    after = _WORD_AFTER_RE.match(sentence, q.end)
    return bool(before and after and before.group(1)[0].isupper()
                and after.group(1)[0].isupper()
                and not is_determiner(before.group(1)))  # "Die 115 Empfängerinnen"


def _is_base(sentence: str, quantities: list[Quantity], i: int, right: str) -> bool:
    """A total headcount, a target or a comparison base, not a cut."""
    q = quantities[i]
    if _BASE_BEFORE_RE.search(sentence[max(0, q.start - 70):q.start]):
        return True
    if i and _share_of_base(sentence, quantities[i - 1], q):  # "14.000 seiner ... 86.000 Stellen"
        return True
    if _BASE_AFTER_RE.match(right):
        return True
    # "5% of its 83,300 employees", "la moitié des quelque 7 500 employés"
    return any(p.percent is not None and _PERCENT_BASE_GAP_RE.match(sentence[p.end:q.start])
               for p in quantities[:i])


def _share_of_base(sentence: str, share: Quantity, base: Quantity) -> bool:
    """``share`` is taken from the larger ``base`` right after it ("520 von 3500", "350 der
    dort rund 6000", "14.000 seiner weltweit 86.000")."""
    return (share.value is not None and base.value is not None and share.value < base.value
            and bool(_SHARE_OF_BASE_GAP_RE.fullmatch(sentence[share.end:base.start])))


def _excluded(sentence: str, q: Quantity, left: str) -> bool:
    """Hiring and open roles, industry tallies, negated cuts."""
    clause_lo = _clause_start(sentence, q.start)
    near = sentence[max(clause_lo, q.start - 60):q.start]
    if _HIRING_BEFORE_RE.search(near) and not _CUT_BEFORE_RE.search(left):
        return True
    if _INDUSTRY_RE.search(sentence[clause_lo:_clause_end(sentence, q.end)]):
        return True
    if _HYPOTHETICAL_RE.search(near):
        return True
    negations = list(_NEGATION_RE.finditer(near))
    return bool(negations) and not _NEGATION_CANCEL_RE.search(near[negations[-1].end():])


def _group(sentence: str, figures: list[_Figure],
           found: Sequence[CompanyMention]) -> list[list[_Figure]]:
    """Cut figures, a count and a percentage in apposition joined into one group."""
    groups: list[list[_Figure]] = []
    for fig in figures:
        if not fig.cut:
            continue
        if groups and len(groups[-1]) == 1:
            last = groups[-1][0]
            gap = sentence[last.q.end:fig.q.start]
            separated = re.search(r"[,(—–]", gap)
            noun = _NOUN_AFTER_RE.match(gap)  # the first figure's own noun ("14.000 suppressions")
            clause_gap = gap[separated.end():] if separated else gap[noun.end() if noun else 0:]
            clause_gap = _LINKING_VERB_RE.sub(" ", clause_gap)
            if ((last.q.percent is None) != (fig.q.percent is None) and len(gap) <= 80
                    and not any(last.q.end <= c.start < fig.q.start for c in found)
                    and not any(f.cut and last.q.end <= f.q.start < fig.q.start
                                for f in figures)
                    and (separated or _LINKING_VERB_RE.search(gap))
                    and not _WEAK_CUT_RE.search(clause_gap)
                    and not _STRONG_CUT_RE.search(clause_gap)):
                groups[-1].append(fig)
                continue
        groups.append([fig])
    return groups


_Located = tuple[Span, int, int]


def _locate(sentence: str, spans: list[Span]) -> list[_Located]:
    """Spans with their place in the sentence (the text they came from, found in order)."""
    located: list[_Located] = []
    cursor = 0
    for span in spans:
        if not span.text:
            continue
        pos = sentence.find(span.text, cursor)
        if pos < 0:
            pos = sentence.find(span.text)
        if pos < 0:
            continue
        located.append((span, pos, pos + len(span.text)))
        cursor = pos + len(span.text)
    return [t for t in located
            if not _DEADLINE_BEFORE_RE.search(sentence[max(0, t[1] - 25):t[1]])
            and not _RESULTS_AFTER_RE.match(sentence, t[2])
            and not _RESULTS_BEFORE_RE.search(sentence[max(0, t[1] - 45):t[1]])
            and not _FOUNDED_BEFORE_RE.search(sentence[max(0, t[1] - 60):t[1]])]


_SEPARATOR_RE = _Regex(lambda w: rf"[,;]|\s{w.alt('extract', 'separators')}\s", re.I)
_AND_END_RE = _Regex(lambda w: rf"(?<!\w){w.alt('extract', 'and_words')}\s*$", re.I)


def _assign_spans(sentence: str, located: list[_Located],
                  figures: list[_Figure]) -> dict[int, list[_Located]]:
    """Each time expression goes to a figure, cut or not (by figure index): the one it touches;
    between two figures, the earlier one unless a separator comes before the expression
    ("600 suppressions en janvier et 200 en juin", "87,000 people, said on Wednesday it would
    cut 11,000"); before the first or after the last, that figure."""
    owner: dict[int, list[_Located]] = {}
    if not figures:
        return owner
    for t in located:
        _, s, e = t
        before = [i for i, f in enumerate(figures) if f.q.end <= s]
        after = [i for i, f in enumerate(figures) if f.q.start >= e]
        if before and after:
            a, b = before[-1], after[0]
            seps = list(_SEPARATOR_RE.finditer(sentence, figures[a].q.end, figures[b].q.start))
            if seps:
                best = b if s >= seps[-1].end() else a
            else:
                best = min((a, b), key=lambda i: _distance(figures[i].q.start, figures[i].q.end,
                                                           s, e))
        elif before or after:
            best = before[-1] if before else after[0]
        else:  # the expression overlaps a figure
            best = min(range(len(figures)), key=lambda i: _distance(
                figures[i].q.start, figures[i].q.end, s, e))
        owner.setdefault(best, []).append(t)
    return owner


def _distance(a0: int, a1: int, b0: int, b1: int) -> int:
    if b0 >= a1:
        return b0 - a1
    return a0 - b1 if a0 >= b1 else 0


# One mention ----------------------------------------------------------------------------------


def _build(
    ctx: _Ctx, sentence: str, group: list[_Figure], figures: list[_Figure],
    found: Sequence[CompanyMention], owner: dict[int, list[_Located]], prev: _Read | None,
    reasons: tuple[str, ...], alone: bool,
) -> Mention | None:
    count = next((f.q for f in group if f.q.percent is None), None)
    pct = next((f.q for f in group if f.q.percent is not None), None)
    if count is not None and pct is not None:
        dropped = classify(sentence, count.start, count.end, ctx.lang).dropped
        if dropped == "base" or (dropped == "part" and pct.start < count.start):
            # "el 9% de su plantilla en España, formada por algo más de 9.000 trabajadores":
            # the count is the workforce the share is taken from, not the cut; "13 % du
            # personnel doit partir, dont 67 personnes en France": a part of the share
            group = [f for f in group if f.q is not count]
            count = None
    start, end = min(f.q.start for f in group), max(f.q.end for f in group)
    company = _company(ctx, sentence, start, end, found, prev)
    if company is None:
        return None
    name, unit = company
    indices = [i for i, f in enumerate(figures) if any(f is g for g in group)]
    lo = figures[indices[0] - 1].q.end if indices[0] > 0 else 0
    k = indices[-1] + 1
    if k < len(figures) and _share_of_base(sentence, figures[k - 1].q, figures[k].q):
        k += 1  # "380 der insgesamt 6.000 Arbeitsplätze in Österreich": the base's words too
    hi = figures[k].q.start if k < len(figures) else len(sentence)
    if unit is None:
        unit = _unit_in(sentence, start, end, lo, hi, found, name)
    right = sentence[end:_clause_end(sentence, end) if _clause_end(sentence, end) < hi else hi]
    left = sentence[max(lo, _clause_start(sentence, start)):start]
    own = [t for i in indices for t in owner.get(i, [])]
    announced, from_publication, since = _announced(ctx, sentence, own, prev, start, end)
    includes = bool(_INCLUDES_RE.search(right))
    cumulative = bool(includes or since or _multi_period(announced, from_publication) or (
        _running_total(left, right) and not _total_of_one_cut(sentence, left, right)))
    vague = count is not None and count.vague
    return judge(Mention(
        company=name, unit=unit,
        headcount=count.value if count is not None and not vague else None,
        low=count.low if count is not None else None,
        high=count.high if count is not None else None,
        qualifier=(count or pct or group[0].q).qualifier, vague=vague,
        percent=pct.percent if pct is not None else None,
        announced=announced, date_from_publication=from_publication,
        cumulative=cumulative, includes_earlier=includes,
        country=_mention_country(sentence, start, end, lo, hi, alone, found, ctx.companies),
        reasons=reasons,
        sentence=sentence, doc_id=ctx.article.doc_id, source=ctx.article.source,
        published=ctx.article.published,
        passing=bool(ctx.subjects) and name not in ctx.subjects,
    ), ctx.article, start, end, prev.mentions if prev else ())


def _company(
    ctx: _Ctx, sentence: str, start: int, end: int, found: Sequence[CompanyMention],
    prev: _Read | None,
) -> tuple[str, str | None] | None:
    """(company, unit) doing the cutting; None when the figure belongs to a company that is
    not one of ours: a name the article only gives in passing ("Shopee also announced layoffs
    of 200", its ``company`` is empty) or an unknown capitalised subject with its own cut verb
    ("Discord let go of 17%"); None too when nobody can be named."""
    owner = next((m for m in found if end <= m.start <= end + 40
                  and _OWNER_GAP_RE.match(sentence[end:m.start])), None)
    if owner is not None:
        return (owner.company, owner.unit) if owner.company else None
    before = [m for m in found if m.end <= start
              and not _SOURCE_BEFORE_RE.search(sentence, max(0, m.start - 40), m.start)]
    if before:
        chosen = _subject_of(sentence, before, start)
        if _unknown_subject(ctx, sentence, chosen.end, start):
            return None
        return (chosen.company, chosen.unit) if chosen.company else None
    clause_hi = _clause_end(sentence, end)
    after = [m for m in found if end <= m.start < clause_hi and m.company]
    if after:
        return after[0].company, after[0].unit
    if _unknown_subject(ctx, sentence, 0, start):
        return None
    if _TRACKER_RE.search(sentence):
        return None
    if prev is not None and len({m.company for m in prev.companies}) == 1:
        subject = prev.companies[0]
        return (subject.company, subject.unit) if subject.company else None
    if _other_name_before(ctx, sentence, start):
        return None
    company, unit = ctx.main
    return (company, unit) if company is not None else None


_CAPITALISED_RE = re.compile(r"(?<![\w'’-])[^\W\d_][\w&'’.-]*")


def _other_name_before(ctx: _Ctx, sentence: str, start: int) -> bool:
    """A capitalised name that is none of the article's companies, people, places or sources
    in the figure's clause before it ("... en el sector: Telefónica cerró el suyo con la salida
    de 3.420 trabajadores", in an article about Vodafone; "En A Coruña hay 27 personas"): the
    figure is that name's, not the article's company's, so it is nobody's rather than
    guessed."""
    if vocab.vocabulary(ctx.lang).value("companies", "nouns_capitalised", False):
        return False  # German capitalises every noun: a capital says nothing there
    lo = _clause_start(sentence, start)
    for m in _CAPITALISED_RE.finditer(sentence, lo, start):
        word = m.group()
        if not word[:1].isupper() or m.start() == 0 or word.isupper():
            continue  # a sentence's first word, an acronym (ERE, PSE, CEO)
        if (_not_a_company(word) or plain_word(word) or word in ctx.names.persons
                or word in ctx.names.others or any(word in p.split() for p in ctx.names.persons)
                or _describes_the_subject(ctx, sentence[m.end():start])):
            continue
        log.debug("figure at %d follows %r, not one of the article's companies", start, word)
        return True
    return False


def _describes_the_subject(ctx: _Ctx, after: str) -> bool:
    """The name qualifies a company noun that follows it ("the San Francisco design software
    company said it plans to lay off 1,350", "la société parisienne ... "): it describes the
    subject, the article's company, rather than naming another one."""
    words = re.findall(r"[^\W\d_][\w-]*", after)[:5]
    return any(word.islower() and is_company_noun(word, ctx.lang) for word in words)


def _unknown_subject(ctx: _Ctx, sentence: str, lo: int, hi: int) -> bool:
    """A capitalised name that is none of our companies, with its own cut verb, between
    ``lo`` and ``hi`` ("Discord let go of 17%"): not a person, place or source the article
    names, nor a word that starts sentences ("The", "Der", "El")."""
    for unknown in _UNKNOWN_SUBJECT_RE.finditer(sentence, lo, hi):
        name = unknown.group("name")
        bare = _ELIDED_RE.sub("", name)  # "L'entreprise a indiqué avoir licencié 242 personnes"
        if (_not_a_company(name.split()[0]) or not bare[:1].isupper()
                or is_company_noun(bare.split()[0].casefold(), ctx.lang)):
            continue
        if name in ctx.names.persons or name in ctx.names.others:
            continue
        if name in ctx.names.companies or ctx.companies.lookup(name) is not None:
            continue
        log.debug("figure before %d belongs to %r, not one of the article's companies", hi,
                  name)
        return True
    return False


_ELIDED_RE = re.compile(r"^[LlDd]['’]")


def _not_a_company(word: str) -> bool:
    return word in _NOT_A_COMPANY or word.casefold() in _sentence_words()


@vocab.cached
def _sentence_words() -> frozenset[str]:
    """Capitalised at a sentence start but never a name, in every language (``[companies]``
    ``not_names``)."""
    return frozenset(w.casefold() for v in vocab.vocabularies()
                     for w in v.words("companies", "not_names"))


def _subject_of(sentence: str, before: list[CompanyMention], start: int) -> CompanyMention:
    """The nearest company before the figure, unless it sits in an appositive after an
    earlier company ("Twitch, the Amazon-owned platform, is cutting" is Twitch)."""
    for k, earlier in enumerate(before[:-1]):
        gap = sentence[earlier.end:start]
        if not re.match(r"\s*[,(]", gap):
            continue
        close = max(gap.rfind(","), gap.rfind(")"))
        if close > 0 and all(m.start < earlier.end + close for m in before[k + 1:]):
            return earlier
    return before[-1]


def _unit_in(sentence: str, start: int, end: int, lo: int, hi: int,
             found: Sequence[CompanyMention], company: str) -> str | None:
    """A division named with the figure, between its neighbouring figures: an alias unit
    ("at AWS", "chez Xbox", "au sein de Reality Labs") or a division phrase ("in its devices
    and services division", "dans sa division d'intelligence artificielle")."""
    clause_lo = max(lo, _clause_start(sentence, start))
    clause_hi = min(hi, _clause_end(sentence, end))
    for m in found:
        if m.unit and m.company == company and end <= m.start < clause_hi and _UNIT_AT_RE.search(
            sentence[max(end, m.start - 16):m.start]
        ):
            return m.unit
    langs = vocab.current_langs()
    for regex in _unit_patterns(langs):
        for match in regex.finditer(sentence, clause_lo, clause_hi):
            name = next((g for g in match.groups() if g), None)
            if not name:
                continue
            name = _UNIT_STOP_RE.sub("", name.strip(" ,.;'’"))
            if name and name.lower() not in _unit_not_names(langs):
                return name
    return None


_BOUNDS_DAYS = 366  # an undated article's content bounds wider than this place no month


def _announced(
    ctx: _Ctx, sentence: str, own: list[_Located], prev: _Read | None, start: int, end: int,
) -> tuple[Span | None, bool, bool]:
    """(span, taken from the publication date, a "since X" phrase was used). A period wholly
    after the article's publication is when the cut takes effect ("the layoffs will go on
    throughout next year"), never when it was announced: the publication date stands."""
    span, from_publication, since = _told_when(ctx, sentence, own, prev, start, end)
    published = ctx.article.published
    if span is not None and published is not None and span.start > published:
        return ctx.fallback, ctx.fallback is not None, since
    if (published is None and from_publication and span is not None
            and span.precision == "month" and span is ctx.fallback):
        # the month the address gives places the sentence's own relative phrases ("after it
        # axed 1,350 jobs last March", in a page under /2026/01/): a month or coarser read
        # against its end; a day ("Tuesday") stays the month. A phrase that moves with the day
        # it is read from ("hace solo unos días", "last week") covers what it says read from
        # the month's first day to its last (Hipertextual, under /2022/08/: "Hace solo unos días
        # comunicó otro recorte ... 1.500 empleados", from mid-July to late August)
        located = [t for t in _locate(sentence, find_event_spans(sentence, ctx.lang, span.end))
                   if t[0].precision != "day" and t[0].start <= span.end]
        if located:
            best = min(located, key=lambda t: _distance(start, end, t[1], t[2]))[0]
            early = [t[0] for t in _locate(sentence, find_event_spans(
                sentence, ctx.lang, span.start)) if t[0].text == best.text]
            if early and early[0].start < best.start:
                best = Span(early[0].start, best.end, "range", best.text, inferred=True)
            return best, False, since
        return span, from_publication, since
    if (published is None and from_publication and span is not None
            and (span.end - span.start).days > _BOUNDS_DAYS
            and any(found.precision != "day" or re.search(r"\d", found.text)
                    for found in find_event_spans(sentence, ctx.lang, span.end))):
        # an undated article names a month (or a year) it cannot place ("Fin mai, il était
        # clair que Getir entendait supprimer 14%"): no date, rather than years of bounds that
        # would count it in any period (a weekday or "today" alone names no month)
        return None, False, since
    return span, from_publication, since


def _told_when(
    ctx: _Ctx, sentence: str, own: list[_Located], prev: _Read | None, start: int, end: int,
) -> tuple[Span | None, bool, bool]:
    since = False
    if own:
        chosen: list[_Located] = []
        for span, s, e in own:
            opens = bool(_SINCE_START_RE.match(span.text)
                         or _SINCE_RE.search(sentence[max(0, s - 8):s]))
            if opens and _SUPERLATIVE_RE.search(sentence[:s]):
                # "its biggest since early 2023": the date is early 2023, not a running total
                inner = _SINCE_START_RE.sub("", span.text)
                lead = vocab.vocabulary(ctx.lang).value("extract", "in_word") or "in"
                again = find_event_spans(f"{lead} {inner}", ctx.lang, ctx.article.published)
                span = again[0] if again else span
            elif opens:
                since = True
            chosen.append((span, s, e))
        best = min(chosen, key=lambda t: (_PRECISION_RANK.get(t[0].precision, 9),
                                          _distance(start, end, t[1], t[2])))
        return best[0], False, since
    if prev is not None:
        if prev.mentions:
            # the cut told there ("The move comes after DocuSign said in September that it
            # would lay off 9%", "both in July 2022 and May 2023") does not date a new one
            # ("The new round affects 700", "This latest round"); it does date what is told of
            # it next ("pouvait alors toucher 244"), nor an undated article's "after the 1,300
            # jobs it eliminated last year" (a time of its own that needs the missing
            # publication date)
            if _NEW_ROUND_RE.search(sentence) or (
                    ctx.article.published is None and find_event_spans(
                        sentence, ctx.lang, ctx.fallback.end if ctx.fallback else date.today())):
                return ctx.fallback, ctx.fallback is not None, False
            reused = next((m.announced for m in prev.mentions if not m.date_from_publication),
                          None)
            if reused is not None:
                return reused, False, False
        else:
            # the free date of a layoff sentence before it, or the date an announcement is
            # told by in a sentence with no figure ("la restructuration annoncée début
            # octobre. … une trentaine de postes disparaissent", Les Enjeux; "Das hat der
            # Industrieausrüster am 18. März 2025 mitgeteilt. … rund 2.600 Stellen", Golem)
            borrowed = _previous_span(ctx, prev.sentence, announced=not prev.is_layoff)
            if borrowed is not None:
                return borrowed, False, False
    return ctx.fallback, ctx.fallback is not None, False


def _previous_span(ctx: _Ctx, sentence: str, *, announced: bool = False) -> Span | None:
    """A date of the previous sentence that no figure of its own (a headcount, money) holds;
    with ``announced``, only one the company's word ("announced", "mitgeteilt") stands by, in
    a sentence with no figure at all."""
    located = _locate(sentence, find_event_spans(sentence, ctx.lang, ctx.article.published))
    if not located:
        return None
    quantities = [q for q in find_quantities(sentence, ctx.lang) if _significant(q)]
    if announced and quantities:
        return None
    for span, s, e in located:
        if _SINCE_START_RE.match(span.text):
            continue
        if any(_distance(q.start, q.end, s, e) <= 25 for q in quantities):
            continue
        if announced and not announced_near(ctx.lang, sentence, s, e):
            continue
        return span
    return None


def _multi_period(span: Span | None, from_publication: bool) -> bool:
    """A range across a year end and longer than a month and a half ("between last fall and
    January", "the winter of 2022-23"): the figure sums several rounds."""
    if span is None or from_publication or span.precision not in ("range", "season"):
        return False
    return span.start.year != span.end.year and (span.end - span.start).days > 45


_WORLDWIDE_RE = _Regex(lambda w: _words(w, "extract", "worldwide"), re.I)
_ADDITIVE_RE = _Regex(lambda w: _words(w, "extract", "additive"), re.I)
# "the new round", "cette nouvelle vague", "die neue Runde", "el nuevo ERE": this cut, not the
# one recalled in the sentence before
_NEW_ROUND_RE = _Regex(lambda w: _words(w, "extract", "new_round"), re.I)


def _mention_country(sentence: str, start: int, end: int, lo: int, hi: int,
                     alone: bool, found: Sequence[CompanyMention] = (),
                     companies: CompanyTable | None = None) -> str | None:
    """Where the cut is said to be: after the figure first ("500 jobs in the US"), then before
    it in its own clause, then anywhere in the sentence when it reports a single figure. A
    country or region of the vocabularies first, else a city (:mod:`index.places`) that names
    none of the sentence's companies."""
    left_lo = max(lo, _clause_start(sentence, start))
    seps = list(_SEPARATOR_RE.finditer(sentence, left_lo, start))
    spans = [(end, hi), (seps[-1].end() if seps else left_lo, start)]
    for a, b in (*spans, *(((0, len(sentence)),) if alone else ())):
        country = _country(sentence[a:b])
        if country:
            return country
    # a city only in the figure's own clause ("Im Stammwerk in Skellefteå fallen 1.000 Jobs
    # weg, in Västerås 400": Västerås is the 400's), or in a sentence of one figure
    comma = _COMMA_BREAK_RE.search(sentence, end, hi)
    spans[0] = (end, comma.start() if comma else hi)
    commas = list(_COMMA_BREAK_RE.finditer(sentence, spans[1][0], start))
    spans[1] = (commas[-1].end() if commas else spans[1][0], start)
    if alone:  # a sentence of one figure: a city anywhere before it ("se concentran en
        spans.append((0, start))  # Madrid, con un total de 172 salidas")
    taken = [(c.start, c.end) for c in found]
    for a, b in spans:
        city = _city(sentence, a, b, taken)
        if city and not (companies is not None and companies.lookup(city)):
            return city
    return None


_CITY_RE = _Regex(lambda w: (
    rf"(?<!\w)(?:{w.alt('extract', 'city_before')})\s+"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ -](?:[A-ZÀ-ÖØ-Þ][\w'’-]+|de|del|la|le|am|an|sur))*)"))


# where a figure's own words end, for a city: a comma, a bracket, a clause break or a joining
# word (``city_breaks``: "eliminate 300 roles outright and close its sites in Edmonton": not the
# 300's city)
_COMMA_BREAK_RE = _Regex(lambda w: (
    rf"[,;:()]|\s[—–]\s|\s{w.alt('extract', 'city_breaks')}\s"))
_CITY_NOT_AFTER_RE = _Regex(lambda w: rf"(?<!\w)(?:{w.alt('extract', 'city_not_after')})(?!\w)",
                            re.I)
# another place after the city: a list of sites ("offices in New York, Barcelona and Berlin",
# "sus sedes de Madrid, Málaga, Barcelona y Sevilla"), none of which is the figure's limit
_CITY_LIST_RE = _Regex(lambda w: (
    rf"\s*(?:,|(?<!\w){w.alt('extract', 'and_words')}(?!\w))\s*"
    r"(?P<next>[A-ZÀ-ÖØ-Þ][\w-]*(?: [A-Z][\w-]*)?)"))


@vocab.cached
def _region_names(langs: tuple[str, ...]) -> frozenset[str]:
    """Countries and regions by their table names ("California", "Spain", "Catalonia"): after
    a city and a comma, where the city lies ("Elk Grove, California"), not another site."""
    words = vocab.Words(vocab.vocabulary(c) for c in langs)
    return frozenset(_country_names(words)) | frozenset(
        str(k) for voc in words.vocs for k in voc.table("regions"))


def _city(sentence: str, a: int, b: int, taken: Sequence[tuple[int, int]]) -> str | None:
    """The city between ``a`` and ``b`` after a city word ("en Madrid", "à Rennes"): the longest
    run of capitalised words GeoNames knows, not a company's name, not a list of sites, not
    where the company sits or where most of the cut falls ("headquartered in", "die meisten
    von ihnen in")."""
    # a shorter run than the capitalised words only where every noun has a capital ("in
    # Berlin Stellen"); elsewhere "de Orange España" names a company, not the city of Orange
    nouns_capitalised = bool(vocab.vocabulary(vocab.current_langs()[0]).value(
        "companies", "nouns_capitalised", False))
    for m in _CITY_RE.finditer(sentence, a, b):
        words = m["name"].split(" ")
        s = m.start("name")
        for n in range(len(words), 0 if nouns_capitalised else len(words) - 1, -1):
            name = " ".join(words[:n]).rstrip("'’-")
            if any(s < e and c < s + len(name) for c, e in taken):
                break
            if places.city_country(name) is None:
                continue
            listed = _CITY_LIST_RE.match(sentence, s + len(name))
            if listed and not any(listed["next"].startswith(r) for r in
                                  _region_names(vocab.current_langs())):
                return None
            if _CITY_NOT_AFTER_RE.search(sentence, max(0, m.start() - 30), m.start()):
                return None
            return name
    return None


def _country(text: str) -> str | None:
    best: tuple[int, str] | None = None
    m = _COUNTRY_RE.search(text)
    if m and m.lastgroup:
        best = (m.start(), _country_list(vocab.current_langs())[int(m.lastgroup[1:])])
    if best is None or (_WORLDWIDE_RE.search(text) and best[1] != "Europe"
                        and not _COUNTRY_AFTER_RE.search(text, best[0], best[0] + 40)):
        return None if best is None or _WORLDWIDE_RE.search(text[:best[0]]) else best[1]
    return best[1]


def _reasons(sentences: Sequence[str]) -> tuple[str, ...]:
    """Reason tags found in ``sentences``, skipping negated mentions ("not driven by AI")."""
    found: set[str] = set()
    for sentence in sentences:
        for reason, regex in _REASON_RES:
            if reason in found:
                continue
            for m in regex.finditer(sentence):
                before = sentence[max(0, m.start() - 70):m.start()]
                neg = _REASON_NEGATION_RE.search(before)
                if neg and not _REASON_CONTRAST_RE.search(before[neg.start():]):
                    continue
                found.add(reason)
                break
    return tuple(r for r in REASONS if r in found)
