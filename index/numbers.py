"""Read the numbers that news sentences write: headcounts, percentages and money, in EN and FR.

The layoff-event ledger needs to know that "près de 10 000 postes", "nearly 10,000 jobs" and
"close to ten thousand roles" are the same figure, that "plusieurs centaines" is vague, that
"13 %" is a share and "$1.5 billion" is money, and that "in 2023" or "le 4 janvier" are not
headcounts. This module does that reading with plain regular expressions and a small
number-word grammar; it never guesses a figure that the text does not write.

Public API:

* :func:`find_quantities` -- every quantity in a sentence, with qualifier, vagueness, unit, span;
* :func:`parse_int` -- one whole string read as an integer ("16 000", "16k", "dix mille");
* :func:`numbers_in` -- every integer a text writes (years and day numbers left out), for
  checking that a number in an answer appears in a cited passage;
* :func:`number_variants` -- the written forms a passage may use for a given integer;
* :func:`format_number` -- "57,000" in English, "57 000" (narrow no-break space) in French.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

log = logging.getLogger(__name__)

Qualifier = Literal["exact", "about", "more_than", "at_least", "nearly", "up_to", "less_than"]
Unit = Literal["", "money", "percent"]

NBSP = "\u00a0"
NNBSP = "\u202f"
THIN_SPACE = "\u2009"


@dataclass(frozen=True)
class Quantity:
    """One quantity written in a sentence.

    ``value`` is the integer written (after scale words: "1,5 million" -> 1_500_000); it is
    None for vague amounts ("several hundred"), ranges ("between 5,000 and 6,000") and
    percentages. ``low``/``high`` bound vague amounts (never to be shown as a figure) and carry
    the two ends of a range. ``percent`` is set instead of ``value`` for shares. ``qualifier``
    is "exact" when no qualifying word is written. ``start``/``end``/``text`` cover the whole
    expression, qualifier and unit included ("more than $1.5 billion").
    """

    value: int | None
    qualifier: Qualifier
    vague: bool
    low: int | None
    high: int | None
    percent: float | None
    start: int
    end: int
    text: str
    unit: Unit = ""

    @property
    def is_range(self) -> bool:
        """True for an explicit range such as "10,000-12,000" or "entre 5 000 et 6 000"."""
        return not self.vague and self.value is None and self.percent is None and (
            self.low is not None and self.high is not None
        )


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_EN_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

_FR_SMALL = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
)
_FR_TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante")

# word -> (kind, value); kinds: unit (0-9), teen (10-19), tens, hundred, scale, article,
# dozen, and (connector).
_WordEntry = tuple[str, int]


def _build_en_vocab() -> dict[str, _WordEntry]:
    vocab: dict[str, _WordEntry] = {w: ("unit", i) for i, w in enumerate(_EN_UNITS)}
    vocab.update({w: ("teen", 10 + i) for i, w in enumerate(_EN_TEENS)})
    vocab.update({w: ("tens", 10 * i) for i, w in enumerate(_EN_TENS) if w})
    vocab.update({"hundred": ("hundred", 100), "thousand": ("scale", 1000),
                  "million": ("scale", 10**6), "billion": ("scale", 10**9),
                  "a": ("article", 1), "an": ("article", 1), "dozen": ("dozen", 12),
                  "and": ("and", 0)})
    return vocab


def _build_fr_vocab() -> dict[str, _WordEntry]:
    vocab: dict[str, _WordEntry] = {}
    for i, w in enumerate(_FR_SMALL):
        vocab[w] = ("unit", i) if i < 10 else ("teen", i)
    vocab.update({"zero": ("unit", 0), "une": ("unit", 1)})
    vocab.update({w: ("tens", 10 * i) for i, w in enumerate(_FR_TENS) if w})
    vocab.update({"vingts": ("tens", 20), "septante": ("tens", 70), "huitante": ("tens", 80),
                  "octante": ("tens", 80), "nonante": ("tens", 90),
                  "quatre-vingt": ("tens", 80),
                  "cent": ("hundred", 100), "cents": ("hundred", 100),
                  "mille": ("scale", 1000), "million": ("scale", 10**6),
                  "millions": ("scale", 10**6), "milliard": ("scale", 10**9),
                  "milliards": ("scale", 10**9), "et": ("and", 0)})
    return vocab


_EN_VOCAB = _build_en_vocab()
_FR_VOCAB = _build_fr_vocab()
_WEAK_WORDS = frozenset({"one", "un", "une"})  # pronouns/articles far more often than counts

_SCALES: dict[str, int] = {
    "k": 10**3, "K": 10**3, "M": 10**6, "m": 10**6, "mn": 10**6, "bn": 10**9, "B": 10**9,
    "b": 10**9, "Md": 10**9, "Mds": 10**9, "Mrd": 10**9, "Mrds": 10**9,
    "hundred": 100, "thousand": 10**3, "mille": 10**3, "million": 10**6, "millions": 10**6,
    "billion": 10**9, "billions": 10**9, "milliard": 10**9, "milliards": 10**9,
    "trillion": 10**12, "trillions": 10**12,
}
_MONEY_ONLY_SCALES = frozenset({"B", "b", "m", "mn"})  # too ambiguous without a currency

_EN_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_FR_MONTHS = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|janv\.|f[ée]vr\.|avr\.|juil\.|sept\.|oct\.|nov\.|d[ée]c\.)"
)

_HEADCOUNT_NOUNS = (
    r"(?:jobs?|employees?|workers?|staff(?:ers)?|people|persons|positions?|roles?|engineers?|"
    r"contractors?|members?|personnel|posts?|"
    r"postes?|emplois?|salari[ée]e?s?|personnes?|employ[ée]e?s?|collaborat(?:eur|rice)s?|"
    r"travailleu(?:r|se)s?|agents?|ing[ée]nieur(?:e)?s?|effectifs?|CDI|int[ée]rimaires?)"
)
_EVENT_NOUNS = (
    r"(?:layoffs?|lay-offs?|job\s+cuts?|cuts?|redundanc(?:y|ies)|firings?|"
    r"licenciements?|suppressions?|d[ée]parts?)"
)
_HEADCOUNT_AFTER_RE = re.compile(
    r"[\s\u00a0\u202f]+(?:[^\W\d_]+[\s\u00a0\u202f]+)?" + _HEADCOUNT_NOUNS + r"(?![^\W_])", re.I
)
_EVENT_AFTER_RE = re.compile(
    r"[\s\u00a0\u202f]+(?:[^\W\d_]+[\s\u00a0\u202f]+)?" + _EVENT_NOUNS + r"(?![^\W_])", re.I
)
_DETERMINER_BEFORE_RE = re.compile(
    r"(?<!\w)(?:the|its|their|this|these|those|last|les|ces|ses|leurs|la|le)\s+$", re.I
)
_COUNT_VERB_BEFORE_RE = re.compile(
    r"(?<!\w)(?:cut|cuts|cutting|slash(?:es|ed|ing)?|eliminat(?:e|es|ed|ing)|"
    r"lay(?:s|ing)?\s+off|laid\s+off|let\s+go|shed(?:s|ding)?|ax(?:e|es|ed|ing)|"
    r"fir(?:e|es|ed|ing)|affect(?:s|ed|ing)?|employ(?:s|ed|ing)?|hir(?:e|es|ed|ing)|"
    r"total(?:s|ed|led|ing|ling)?(?:\s+of)?|"
    r"(?:workforce|staff|headcount|team|effectifs?|total)\s+(?:of|de)|"
    r"supprim(?:er|e|es|ent|é|ée|és|ées|era|eront|ait|aient)|"
    r"licenci(?:er|e|ent|é|és|era|eront)|emploi(?:e|ent)|embauch(?:er|e|ent)|"
    r"compt(?:e|ent|ait|aient)|concern(?:er|e|ent|era)|touch(?:er|e|ent|era))\s+$",
    re.I,
)
_YEAR_BEFORE_RE = re.compile(
    r"(?:(?<!\w)(?:in|since|until|till|during|throughout|early|late|mid|end\s+of|"
    r"start\s+of|beginning\s+of|half\s+of|quarter\s+of|fiscal(?:\s+year)?|FY|year|"
    r"spring|summer|autumn|fall|winter|en|depuis|dès|d['’]ici|jusqu['’]en|début|"
    r"fin|mi|courant|année|années|l['’]an|exercice|trimestre|semestre|printemps|été|"
    r"automne|hiver|Q[1-4]|H[12]|T[1-4]|S[12])|" + _EN_MONTHS + "|" + _FR_MONTHS +
    r")[\s,\-]*$",
    re.I,
)

# Qualifiers written before a number. The third field says whether the phrase is also a
# time preposition ("around 2025", "over 2023"), so does not by itself make "2025" a count.
_DE = r"(?:de|d['’])"
_PREFIX_QUALIFIER_TABLE: tuple[tuple[str, Qualifier, bool], ...] = (
    (r"slightly\s+more\s+than", "more_than", True),
    (r"a\s+little\s+more\s+than", "more_than", True),
    (r"a\s+little\s+over", "more_than", True), (r"well\s+over", "more_than", True),
    (r"just\s+over", "more_than", True), (r"more\s+than", "more_than", True),
    (r"upwards\s+of", "more_than", True), (r"in\s+excess\s+of", "more_than", True),
    (r"north\s+of", "more_than", True), (r"over", "more_than", False),
    (r"no\s+fewer\s+than", "at_least", True), (r"no\s+less\s+than", "at_least", True),
    (r"not\s+less\s+than", "at_least", True), (r"at\s+least", "at_least", True),
    (r"a\s+minimum\s+of", "at_least", True),
    (r"just\s+under", "nearly", True), (r"just\s+shy\s+of", "nearly", True),
    (r"close\s+to", "nearly", False), (r"nearly", "nearly", True), (r"almost", "nearly", True),
    (r"slightly\s+fewer\s+than", "nearly", True), (r"slightly\s+less\s+than", "nearly", True),
    (r"as\s+many\s+as", "up_to", True), (r"as\s+much\s+as", "up_to", True),
    (r"up\s+to", "up_to", False), (r"a\s+maximum\s+of", "up_to", True),
    (r"at\s+most", "up_to", True),
    (r"fewer\s+than", "less_than", True), (r"less\s+than", "less_than", True),
    (r"under", "less_than", False), (r"below", "less_than", False),
    (r"an\s+estimated", "about", True), (r"estimated", "about", True),
    (r"approximately", "about", True), (r"approx\.", "about", True),
    (r"roughly", "about", True), (r"around", "about", False), (r"about", "about", True),
    (r"some", "about", True), (r"circa", "about", False),
    # French
    (r"un\s+peu\s+plus\s+" + _DE, "more_than", True), (r"bien\s+plus\s+" + _DE, "more_than", True),
    (r"plus\s+" + _DE, "more_than", True),
    (r"pas\s+moins\s+" + _DE, "at_least", True), (r"au\s+moins", "at_least", True),
    (r"au\s+minimum", "at_least", True), (r"au\s+bas\s+mot", "at_least", True),
    (r"un\s+peu\s+moins\s+" + _DE, "nearly", True), (r"pas\s+loin\s+" + _DE, "nearly", True),
    (r"près\s+" + _DE, "nearly", True), (r"presque", "nearly", True),
    (r"quasiment", "nearly", True), (r"pratiquement", "nearly", True),
    (r"jusqu['’]\s*à", "up_to", False), (r"au\s+maximum", "up_to", True),
    (r"au\s+plus", "up_to", True),
    (r"moins\s+" + _DE, "less_than", True),
    (r"environ", "about", True), (r"quelque", "about", True), (r"autour\s+" + _DE, "about", False),
    (r"approximativement", "about", True), (r"à\s+peu\s+près", "about", True),
    (r"de\s+l['’]ordre\s+" + _DE, "about", True), (r"aux\s+alentours\s+" + _DE, "about", False),
    (r"plus\s+ou\s+moins", "about", True), (r"grosso\s+modo", "about", True),
    (r"env\.", "about", True),
)
_PREFIX_QUALIFIERS: tuple[tuple[re.Pattern[str], Qualifier, bool], ...] = tuple(
    (re.compile(r"(?<!\w)(?:" + pattern + r")(?:[\s\u00a0\u202f]+|(?<=['’]))$", re.I), q, strong)
    for pattern, q, strong in _PREFIX_QUALIFIER_TABLE
)
_POST_QUALIFIER_RE = re.compile(
    r"[\s\u00a0\u202f]+(or\s+more|or\s+so|or\s+fewer|or\s+less|ou\s+plus|environ|au\s+moins|"
    r"au\s+plus|tout\s+au\s+plus|at\s+most|at\s+least|au\s+maximum|au\s+minimum)(?!\w)",
    re.I,
)
_POST_QUALIFIERS: dict[str, Qualifier] = {
    "or more": "at_least", "or so": "about", "or fewer": "up_to", "or less": "up_to",
    "ou plus": "at_least", "environ": "about", "au moins": "at_least", "au plus": "up_to",
    "tout au plus": "up_to", "at most": "up_to", "at least": "at_least",
    "au maximum": "up_to", "au minimum": "at_least",
}

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_DIGITS_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<int>\d{1,3}(?P<sep>[,. \u00a0\u202f\u2009])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?:(?P<dsep>[.,])(?P<frac>\d+))?"
    r"(?!\d)"
)
_ATTACHED_SCALE_RE = re.compile(r"(bn|Mds|Mrds|Mrd|Md|mn|k|K|M|B|b|m)(?![^\W_])")
_SPACED_ABBR_RE = re.compile(
    r"[ \u00a0\u202f\u2009](?:(bn|Mds|Mrds|Mrd|Md)(?![^\W_])|([kKM])(?=[€$£]))"
)
_SCALE_WORD_RE = re.compile(
    r"[\s\u00a0\u202f]+(thousand|hundred|millions?|billions?|trillions?|mille|milliards?)"
    r"(?![^\W_])",
    re.I,
)
_MONEY_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:US|CA|AU|HK|NZ|[CAS])?[$€£¥]|"
    r"(?<![A-Za-z])(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|CNY|INR)[\s\u00a0\u202f]?)"
    r"[\s\u00a0\u202f]?$"
)
_CURRENCY_WORDS = (
    r"(?:dollars?|euros?|pounds?(?:\s+sterling)?|livres?(?:\s+sterling)?|"
    r"francs?(?:\s+suisses)?|yens?|yuans?|rupees?|roupies?|USD|EUR|GBP|CHF|CAD|AUD|JPY|CNY|INR)"
)
_MONEY_SUFFIX_RE = re.compile(
    r"[\s\u00a0\u202f]?[$€£¥](?!\d)"
    r"|[\s\u00a0\u202f]+(?:(?:of|de)\s+|d['’]\s*)?(?:US\s+|U\.S\.\s+)?" + _CURRENCY_WORDS
    + r"(?![^\W_])",
    re.I,
)
_PERCENT_SUFFIX_RE = re.compile(
    r"[\s\u00a0\u202f]?%|[\s\u00a0\u202f]*(?:per\s?cent|pour\s?cent|pourcent|p\.\s?100|pct)"
    r"(?![^\W_])",
    re.I,
)
_CODE_SUFFIX_RE = re.compile(r"-[A-Z](?![^\W\d_])")
_LABEL_BEFORE_RE = re.compile(r"(?:#|n°|nº|No\.|no\.)[\s\u00a0]?$")
_RANGE_GAP_RE = re.compile(
    r"[\s\u00a0\u202f]*(?P<dash>[-–—])[\s\u00a0\u202f]*"
    r"|[\s\u00a0\u202f]+(?P<to>to|à)[\s\u00a0\u202f]+"
    r"|[\s\u00a0\u202f]+(?P<and>and|et)[\s\u00a0\u202f]+",
    re.I,
)
_BETWEEN_BEFORE_RE = re.compile(r"(?<!\w)(?:between|entre)[\s\u00a0\u202f]+$", re.I)
_FROM_BEFORE_RE = re.compile(r"(?<!\w)(?:from|by)[\s\u00a0\u202f]+$", re.I)
_WORD_RE = re.compile(r"[^\W\d_]+")
_JOIN_RE = re.compile(r"[\s\u00a0\u202f]+|-")

# Masks: spans whose digits are never quantities.
_MASK_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"https?://\S+|www\.\S+"),
    re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+"),  # starts a run: linear on long words
    re.compile(r"\+\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,5}\d{2,4}(?!\d)"),
    re.compile(r"(?<!\d)\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?!\d)"),
    re.compile(r"(?<![\d,.])\d{3}[-.]\d{3}[-.]\d{4}(?!\d)"),
    re.compile(r"(?<![\d,.])0\d(?:[\s.-]?\d{2}){4}(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"),
    re.compile(r"(?<![\d,.])\d{1,4}(?:/\d{1,4}){1,2}(?!\d)"),
    re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)"),
    re.compile(r"(?<![\d,.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])"),
    re.compile(r"pour\s*cent|p\.\s?100(?!\d)", re.I),
)
_YEAR_RANGE_RE = re.compile(
    r"(?<![\d.,])(?P<a>(?:19|20)\d\d)"
    r"(?:[\s\u00a0]*[-–—/][\s\u00a0]*(?P<b2>\d\d)(?![\d.,]?\d)"
    r"|[\s\u00a0]*(?:[-–—/]|\s(?:to|through|until|and|à|au|et|jusqu['’]en)\s)[\s\u00a0]*"
    r"(?P<b4>(?:19|20)\d\d)(?![\d.,]?\d))",
    re.I,
)
_EN_DATE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?<![\w.])" + _EN_MONTHS
        + r"[\s\u00a0]+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d]|[.,]\d|[\s\u00a0\u202f]\d{3}(?!\d))"
    ),
    re.compile(
        r"(?<![\w.,])(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\u00a0]+(?:of[\s\u00a0]+)?" + _EN_MONTHS
        + r"(?!\w)"
    ),
)
_FR_DATE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?<![\w.,])(?P<d>\d{1,2})(?:er|re|e|ème)?[\s\u00a0]+" + _FR_MONTHS + r"(?!\w)", re.I
    ),
)

# Vague amounts and French approximations.
_EN_VAGUE_RES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(
        r"(?<!\w)(?P<pre>several|a\s+few|a\s+couple(?:\s+of)?|many)\s+"
        r"(?P<b>dozen|hundred|thousand|million|billion)s?"
        r"(?:\s+(?P<m>thousand|million|billion)s?)?(?!\w)", re.I), True),
    (re.compile(
        r"(?<!\w)(?P<b>tens|dozens|hundreds)\s+of\s+(?P<m>thousands|millions|billions)(?!\w)",
        re.I), False),
    (re.compile(r"(?<!\w)(?P<b>dozens|hundreds|thousands|millions|billions)(?!\w)", re.I), False),
)
_FR_VAGUE_RES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(
        r"(?<!\w)(?:(?P<pre>plusieurs|quelques|des|de\s+nombreux|de\s+nombreuses|"
        r"nombreux|nombreuses)\s+)?(?P<b>dizaines|centaines|milliers|millions|milliards)"
        r"(?:\s+de\s+(?P<m>milliers|millions|milliards))?(?!\w)", re.I), False),
)
_VAGUE_BASES: dict[str, int] = {
    "dozen": 12, "dozens": 12, "tens": 10, "hundred": 100, "hundreds": 100, "thousand": 1000,
    "thousands": 1000, "million": 10**6, "millions": 10**6, "billion": 10**9,
    "billions": 10**9, "dizaines": 10, "centaines": 100, "milliers": 1000,
    "milliards": 10**9,
}
_FR_APPROX_RE = re.compile(
    r"(?<!\w)(?:une?|1)\s+(?P<n>dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|"
    r"cinquantaine|soixantaine|centaine|millier)(?:\s+de\s+(?P<m>milliers|millions))?(?!\w)",
    re.I,
)
_FR_APPROX_VALUES: dict[str, int] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
_EN_PHRASE_RE = re.compile(
    r"(?<!\w)(?:half\s+a\s+(?P<half>million|billion|dozen)|"
    r"a\s+quarter\s+(?:of\s+a\s+)?(?P<quarter>million|billion))(?!\w)",
    re.I,
)
_EN_FRACTION_RE = re.compile(
    r"(?<!\w)(?P<num>a|one|two|three|four|nine)[\s-]+"
    r"(?P<den>thirds?|quarters?|fifths?|tenths?)(?=\s+of\b)",
    re.I,
)
_EN_HALF_RE = re.compile(r"(?<!\w)half(?=\s+(?:of|its|their|the|his|her|our)\b)", re.I)
_FR_FRACTION_RE = re.compile(
    r"(?<!\w)(?P<num>un|deux|trois|quatre|neuf)\s+"
    r"(?P<den>tiers|quarts?|cinquièmes?|dixièmes?)(?=\s+(?:de|des|du|d['’]))",
    re.I,
)
_FR_HALF_RE = re.compile(r"(?<!\w)(?:la\s+)?moitié(?=\s+(?:de|des|du|d['’]))", re.I)
_HALF_EXCLUDED_BEFORE_RE = re.compile(
    r"(?<!\w)(?:first|second|1st|2nd|latter|last|première|seconde|deuxième|dernière)\s+"
    r"(?:la\s+)?$",
    re.I,
)
_NUMERATORS = {"a": 1, "one": 1, "un": 1, "two": 2, "deux": 2, "three": 3, "trois": 3,
               "four": 4, "quatre": 4, "nine": 9, "neuf": 9}
_DENOMINATORS = {"third": 3, "thirds": 3, "tiers": 3, "quarter": 4, "quarters": 4, "quart": 4,
                 "quarts": 4, "fifth": 5, "fifths": 5, "cinquième": 5, "cinquièmes": 5,
                 "tenth": 10, "tenths": 10, "dixième": 10, "dixièmes": 10}


# --------------------------------------------------------------------------------------------
# Atoms: numeric expressions before units, qualifiers and ranges are read
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    kind: str  # digits | words | phrase | vague | approx | fraction
    amount: Decimal | None = None
    raw: Decimal | None = None
    scale: int = 1
    low: int | None = None
    high: int | None = None
    plain4: bool = False  # four bare digits: could be a year
    weak: bool = False  # "one", "un", "une" alone: rarely a count
    # filled in by _attach
    span_start: int = 0
    span_end: int = 0
    unit: Unit = ""
    qualifier: Qualifier | None = None
    strong_qualifier: bool = False
    qual_start: int = 0


def _norm_lang(lang: str) -> str:
    return "fr" if lang.lower().startswith("fr") else "en"


def _digit_atoms(text: str, lang: str, in_sentence: bool = True) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _DIGITS_RE.finditer(text):
        start, end = m.span()
        int_part, sep, dsep, frac = m["int"], m["sep"], m["dsep"], m["frac"]
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
            continue  # COVID-19, mi-2023
        if start >= 1 and text[start - 1] in "'’" and (start < 2 or not text[start - 2].isalpha()):
            continue  # '23
        if _LABEL_BEFORE_RE.search(text, max(0, start - 4), start):
            continue  # #1, n° 5
        digits = re.sub(r"\D", "", int_part)
        code_like = (len(digits) > 8 and in_sentence) or (len(digits) > 1 and digits[0] == "0")
        if sep is None and frac is None and code_like:
            continue  # identifiers, codes with leading zeros
        if sep is not None and dsep == sep:
            continue  # "1.000.5": not a number we can read
        money_before = bool(_MONEY_PREFIX_RE.search(text, max(0, start - 6), start))
        scale, scale_end = 1, end
        sm = _ATTACHED_SCALE_RE.match(text, end)
        if sm and (sm[1] not in _MONEY_ONLY_SCALES or money_before):
            scale, scale_end = _SCALES[sm[1]], sm.end()
        elif sm2 := _SPACED_ABBR_RE.match(text, end):
            scale, scale_end = _SCALES[sm2[1] or sm2[2]], sm2.end()
        elif sm3 := _SCALE_WORD_RE.match(text, end):
            scale, scale_end = _SCALES[sm3[1].lower()], sm3.end()
        if scale_end < len(text) and text[scale_end].isalpha():
            continue  # 5G, 1st, 2e, 16h30, 10x
        if _CODE_SUFFIX_RE.match(text, scale_end):
            continue  # 10-K, 8-K filings
        if (
            scale > 1 and sep in (".", ",") and frac is None and int_part.count(sep) == 1
            and (sep == "." or lang == "fr")
        ):
            raw = Decimal(int_part.replace(sep, "."))  # "1.234 million", "1,250 million" (fr)
        else:
            raw = Decimal(digits + ("." + frac if frac else ""))
        plain4 = sep is None and frac is None and scale == 1 and len(digits) == 4
        atoms.append(_Atom(start, scale_end, "digits", amount=raw * scale, raw=raw, scale=scale,
                           plain4=plain4))
    return atoms


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    word: str


def _tokens(text: str, fr: bool) -> list[_Tok]:
    toks = [_Tok(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    if not fr:
        return toks
    merged: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.word == "quatre" and i + 1 < len(toks) and toks[i + 1].word in ("vingt", "vingts")
            and _JOIN_RE.fullmatch(text[t.end:toks[i + 1].start])
        ):
            merged.append(_Tok(t.start, toks[i + 1].end, "quatre-vingt"))
            i += 2
            continue
        merged.append(t)
        i += 1
    return merged


def _parse_words(
    text: str, toks: list[_Tok], i: int, vocab: dict[str, _WordEntry], fr: bool
) -> tuple[int, int] | None:
    """Read the longest number written in words from token ``i``: (value, end token index)."""

    def joined(a: int, b: int) -> bool:
        return b < len(toks) and _JOIN_RE.fullmatch(text[toks[a].end:toks[b].start]) is not None

    total, group, last_scale, prev_kind = 0, 0, 10**18, ""
    best: tuple[int, int] | None = None
    j = i
    while j < len(toks):
        if j > i and not joined(j - 1, j):
            break
        entry = vocab.get(toks[j].word)
        if entry is None:
            break
        kind, v = entry
        nxt = vocab.get(toks[j + 1].word) if joined(j, j + 1) else None
        if kind == "and":
            if nxt is None or j == i:
                break
            if fr:
                ok = group % 10 == 0 and group % 100 in (20, 30, 40, 50, 60) and toks[
                    j + 1].word in ("un", "une", "onze")
            else:
                ok = prev_kind in ("hundred", "scale") and nxt[0] in ("unit", "teen", "tens")
                ok = ok and nxt[1] != 0
            if not ok:
                break
            prev_kind, j = "and", j + 1
            continue
        if kind == "article":
            if j != i or nxt is None or nxt[0] not in ("hundred", "scale", "dozen"):
                break
            group, prev_kind, j = 1, "article", j + 1
            continue
        if kind == "unit":
            if v == 0:
                if j == i:
                    best = (0, j + 1)
                break
            if prev_kind == "article" or group % 10 != 0 or 10 < group % 100 < 20:
                break
            if group % 100 == 10 and not (fr and v >= 7):
                break
            group += v
        elif kind == "teen":
            if not (group % 100 == 0 or (fr and group % 100 in (60, 80))):
                break
            group += v
        elif kind == "tens":
            if group % 100 != 0 or prev_kind == "article":
                break
            group += v
        elif kind == "hundred":
            if group >= 100 or (group == 0 and not fr):
                break
            group = group * 100 if group else 100
        elif kind == "scale":
            if v >= last_scale or (group == 0 and not (fr and v == 1000)):
                break
            total, group, last_scale = total + (group or 1) * v, 0, v
        elif kind == "dozen":
            if group == 0 or group >= 100:
                break
            best = (total + group * 12, j + 1)
            break
        prev_kind = kind
        j += 1
        best = (total + group, j)
    return best


def _word_atoms(text: str, lang: str) -> list[_Atom]:
    fr = lang == "fr"
    vocab = _FR_VOCAB if fr else _EN_VOCAB
    toks = _tokens(text, fr)
    atoms: list[_Atom] = []
    i = 0
    while i < len(toks):
        if toks[i].word not in vocab:
            i += 1
            continue
        parsed = _parse_words(text, toks, i, vocab, fr)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        start, end = toks[i].start, toks[j - 1].end
        hyphen_after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()
        hyphen_before = start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
        if not (hyphen_after or hyphen_before):  # one-time, twenty-first, two-thirds
            weak = j - i == 1 and toks[i].word in _WEAK_WORDS
            if toks[i].word == "neuf" and j - i == 1:  # also "new"
                weak = not (_HEADCOUNT_AFTER_RE.match(text, end) or _EVENT_AFTER_RE.match(text, end)
                            or _PERCENT_SUFFIX_RE.match(text, end))
            atoms.append(_Atom(start, end, "words", amount=Decimal(value), raw=Decimal(value),
                               weak=weak))
        i = j
    return atoms


def _vague_bounds(base: str, mult: str | None, couple: bool) -> tuple[int, int]:
    b = _VAGUE_BASES[base.lower()]
    m = _VAGUE_BASES[mult.lower()] if mult else 1
    return 2 * b * m, (3 * b * m if couple else 10 * b * m - 1)


def _phrase_atoms(text: str, lang: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    if lang == "en":
        for pattern, allow_pre in _EN_VAGUE_RES:
            for m in pattern.finditer(text):
                pre = (m.groupdict().get("pre") or "").lower() if allow_pre else ""
                mult = m.groupdict().get("m")
                low, high = _vague_bounds(m["b"], mult, pre.startswith("a couple"))
                atoms.append(_Atom(m.start(), m.end(), "vague", low=low, high=high))
        for m in _EN_PHRASE_RE.finditer(text):
            if m["half"]:
                value = {"million": 500_000, "billion": 500_000_000, "dozen": 6}[m["half"].lower()]
            else:
                value = {"million": 250_000, "billion": 250_000_000}[m["quarter"].lower()]
            atoms.append(_Atom(m.start(), m.end(), "phrase", amount=Decimal(value),
                               raw=Decimal(value)))
        fraction_res: tuple[re.Pattern[str], re.Pattern[str]] = (_EN_FRACTION_RE, _EN_HALF_RE)
    else:
        for pattern, _ in _FR_VAGUE_RES:
            for m in pattern.finditer(text):
                low, high = _vague_bounds(m["b"], m["m"], False)
                atoms.append(_Atom(m.start(), m.end(), "vague", low=low, high=high))
        for m in _FR_APPROX_RE.finditer(text):
            value = _FR_APPROX_VALUES[m["n"].lower()] * (_VAGUE_BASES[m["m"].lower()] if m["m"]
                                                         else 1)
            atoms.append(_Atom(m.start(), m.end(), "approx", amount=Decimal(value),
                               raw=Decimal(value)))
        fraction_res = (_FR_FRACTION_RE, _FR_HALF_RE)
    ratio_re, half_re = fraction_res
    for m in ratio_re.finditer(text):
        den = _DENOMINATORS[m["den"].lower()]
        pct = Decimal(100 * _NUMERATORS[m["num"].lower()]) / den
        atoms.append(_Atom(m.start(), m.end(), "fraction", amount=pct.quantize(Decimal("0.1"))))
    for m in half_re.finditer(text):
        if not _HALF_EXCLUDED_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
            atoms.append(_Atom(m.start(), m.end(), "fraction", amount=Decimal(50)))
    return atoms


def _mask_spans(text: str, lang: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _MASK_PATTERNS:
        spans.extend(m.span() for m in pattern.finditer(text))
    for m in _YEAR_RANGE_RE.finditer(text):
        a = int(m["a"])
        b = int(m["b4"]) if m["b4"] else None
        if not 1990 <= a <= 2100 or (b is not None and not (1990 <= b <= 2100 and b > a)):
            continue
        if _HEADCOUNT_AFTER_RE.match(text, m.end()):
            continue  # "between 2000 and 2050 employees"
        spans.append(m.span())
    for pattern in _FR_DATE_RES if lang == "fr" else _EN_DATE_RES:
        for m in pattern.finditer(text):
            if 1 <= int(m["d"]) <= 31:
                spans.append(m.span("d"))
    return spans


def _scan(text: str, lang: str, in_sentence: bool = True) -> list[_Atom]:
    """All atoms of ``text``, overlaps resolved (earliest first, then longest)."""
    atoms = _digit_atoms(text, lang, in_sentence) + _word_atoms(text, lang)
    atoms += _phrase_atoms(text, lang)
    atoms.sort(key=lambda a: (a.start, -a.end))
    kept: list[_Atom] = []
    last_end = -1
    for atom in atoms:
        if atom.start >= last_end:
            kept.append(atom)
            last_end = atom.end
    return kept


# --------------------------------------------------------------------------------------------
# Units, qualifiers, ranges
# --------------------------------------------------------------------------------------------


def _qualifier_before(text: str, pos: int, floor: int = 0) -> tuple[int, Qualifier, bool] | None:
    window_start = max(floor, pos - 40)
    best: tuple[int, Qualifier, bool] | None = None
    for pattern, qualifier, strong in _PREFIX_QUALIFIERS:
        m = pattern.search(text, window_start, pos)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), qualifier, strong)
    return best


def _attach(text: str, atom: _Atom, floor: int = 0) -> _Atom:
    """``atom`` with its unit and qualifier; nothing before ``floor`` (the end of the previous
    quantity) is taken, so "0€ 0" is two quantities that do not share the sign."""
    span_start, span_end = atom.start, atom.end
    unit: Unit = ""
    if atom.kind == "fraction":
        unit = "percent"
    elif atom.kind in ("digits", "words") and (pm := _PERCENT_SUFFIX_RE.match(text, atom.end)):
        unit, span_end = "percent", pm.end()
    else:
        if mp := _MONEY_PREFIX_RE.search(text, max(floor, atom.start - 6), atom.start):
            unit, span_start = "money", mp.start()
        if ms := _MONEY_SUFFIX_RE.match(text, atom.end):
            unit, span_end = "money", ms.end()
    qualifier: Qualifier | None = "about" if atom.kind == "approx" else None
    strong = False
    qual_start = span_start
    if found := _qualifier_before(text, span_start, floor):
        qual_start, qualifier, strong = found
    elif post := _POST_QUALIFIER_RE.match(text, span_end):
        qualifier, strong = _POST_QUALIFIERS[" ".join(post[1].lower().split())], True
        span_end = post.end()
    return replace(atom, span_start=span_start, span_end=span_end, unit=unit,
                   qualifier=qualifier, strong_qualifier=strong, qual_start=qual_start)


def _looks_like_year(text: str, atom: _Atom) -> bool:
    value = int(atom.amount or 0)
    if not 1990 <= value <= 2100:
        return False
    before_start = max(0, atom.start - 40)
    if _YEAR_BEFORE_RE.search(text, before_start, atom.start):
        return True
    if re.match(r"[\s\u00a0]*[-–—/][\s\u00a0]*\d{2,4}(?!\d)|['’]s\b", text[atom.end:]):
        return True
    if _HEADCOUNT_AFTER_RE.match(text, atom.end):
        return False
    if _EVENT_AFTER_RE.match(text, atom.end):
        return _DETERMINER_BEFORE_RE.search(text, before_start, atom.start) is not None
    if atom.strong_qualifier or atom.unit:
        return False
    return _COUNT_VERB_BEFORE_RE.search(text, before_start, atom.qual_start) is None


@dataclass(frozen=True)
class _Range:
    first: _Atom
    last: _Atom
    start: int
    low: Decimal
    high: Decimal
    unit: Unit


def _try_range(text: str, a: _Atom, b: _Atom) -> _Range | None:
    kinds = ("digits", "words")
    if a.kind not in kinds or b.kind not in kinds or a.amount is None or b.amount is None:
        return None
    if b.qualifier is not None and b.qual_start < b.span_start:
        return None
    gap = _RANGE_GAP_RE.fullmatch(text, a.span_end, b.span_start)
    if gap is None:
        return None
    start = a.qual_start
    if gap["and"]:
        between = _BETWEEN_BEFORE_RE.search(text, max(0, start - 12), start)
        if between is None:
            return None
        start = between.start()
    elif gap["to"] and gap["to"].lower() == "to" and _FROM_BEFORE_RE.search(
        text, max(0, start - 8), start
    ):
        return None  # "from 8,000 to 10,000", "by 500 to 9,500": a change, not a range
    if a.unit and b.unit and a.unit != b.unit:
        return None
    low, high = a.amount, b.amount
    if a.scale == 1 and b.scale > 1 and a.raw is not None and b.raw is not None and a.raw < b.raw:
        low = a.raw * b.scale  # "2 to 3 million", "$1-2 billion"
    if not low < high:
        return None
    return _Range(a, b, start, low, high, b.unit or a.unit)


def _integral(amount: Decimal, scale: int) -> int | None:
    if amount == amount.to_integral_value():
        return int(amount)
    if scale > 1:
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return None


def _quantity_from_atom(text: str, atom: _Atom) -> Quantity | None:
    qualifier: Qualifier = atom.qualifier or "exact"
    start, end = min(atom.qual_start, atom.span_start), atom.span_end
    value: int | None = None
    percent: float | None = None
    if atom.kind != "vague":
        assert atom.amount is not None
        if atom.unit == "percent":
            percent = float(atom.amount)
        else:
            value = _integral(atom.amount, atom.scale)
            if value is None:
                return None  # "3.7", "1,5": not an integer count
    return Quantity(
        value=value, qualifier=qualifier, vague=atom.kind == "vague", low=atom.low,
        high=atom.high, percent=percent, start=start, end=end, text=text[start:end],
        unit=atom.unit,
    )


def _quantity_from_range(text: str, rng: _Range) -> Quantity:
    qualifier: Qualifier = rng.first.qualifier or "exact"
    end = rng.last.span_end
    return Quantity(
        value=None, qualifier=qualifier, vague=False,
        low=math.floor(rng.low), high=math.ceil(rng.high), percent=None,
        start=rng.start, end=end, text=text[rng.start:end], unit=rng.unit,
    )


def _overlaps(atom: _Atom, spans: Iterable[tuple[int, int]]) -> bool:
    return any(atom.start < e and s < atom.end for s, e in spans)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def find_quantities(sentence: str, lang: str = "en") -> list[Quantity]:
    """Every quantity written in ``sentence``, in text order.

    Years ("in 2023", "2022-2023"), day numbers ("January 4", "le 4 janvier"), ordinals,
    "Q1", times, phone numbers, URLs and non-integer counts ("3.7") are left out. Money is kept
    with ``unit="money"``; shares come back with ``percent`` set.
    """
    lang = _norm_lang(lang)
    masked = _mask_spans(sentence, lang)
    atoms = [a for a in _scan(sentence, lang) if not a.weak and not _overlaps(a, masked)]
    attached: list[_Atom] = []
    for a in atoms:
        attached.append(_attach(sentence, a, attached[-1].span_end if attached else 0))
    atoms = attached
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if i + 1 < len(atoms) and (rng := _try_range(sentence, atom, atoms[i + 1])):
            out.append(_quantity_from_range(sentence, rng))
            i += 2
            continue
        i += 1
        if atom.plain4 and _looks_like_year(sentence, atom):
            continue
        if (q := _quantity_from_atom(sentence, atom)) is not None:
            out.append(q)
    log.debug("%d quantities in %.60r", len(out), sentence)
    return out


def parse_int(text: str, lang: str = "en") -> int | None:
    """Read the whole of ``text`` as one integer, or None.

    Accepts every grouping ("16,000", "16 000" with plain, no-break or narrow no-break spaces,
    "16.000"), "16k", decimals with a scale ("1,5 million", "1.5 billion", "2 milliards") and
    numbers in words ("ten thousand", "twelve hundred", "a dozen", "quatre-vingt-dix",
    "deux cent mille"). Decimals without a scale ("3.7", "1,5"), percentages, money, and text
    around the number give None.
    """
    stripped = text.strip()
    if not stripped:
        return None
    lang = _norm_lang(lang)
    offset = text.index(stripped)
    atoms = [a for a in _scan(text, lang, in_sentence=False)
             if a.kind in ("digits", "words", "phrase")]
    if len(atoms) != 1:
        return None
    atom = atoms[0]
    amount = atom.amount
    if amount is None or atom.start != offset or atom.end != offset + len(stripped):
        return None
    return _integral(amount, atom.scale)  # None for "3.7", "1,5"


def numbers_in(text: str, lang: str = "en") -> set[int]:
    """Every integer ``text`` writes, whatever the format: counts, range ends, money amounts
    and whole percentages. Years, day numbers and vague amounts' bounds are not included."""
    found: set[int] = set()
    for q in find_quantities(text, lang):
        if q.value is not None:
            found.add(q.value)
        elif q.is_range and q.low is not None and q.high is not None:
            found.update((q.low, q.high))
        if q.percent is not None and float(q.percent).is_integer():
            found.add(int(q.percent))
    return found


def format_number(n: int, lang: str) -> str:
    """``n`` grouped by thousands: "57,000" in English, "57 000" (U+202F) in French."""
    grouped = f"{n:,}"
    if _norm_lang(lang) == "fr":
        return grouped.replace(",", NNBSP)
    return grouped


# --- number words, for number_variants ------------------------------------------------------


def _en_below_100(n: int) -> str:
    if n < 10:
        return _EN_UNITS[n]
    if n < 20:
        return _EN_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")


def _en_below_1000(n: int, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{_EN_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        if hundreds and use_and:
            parts.append("and")
        parts.append(_en_below_100(rest))
    return " ".join(parts)


def english_words(n: int, use_and: bool = False) -> str:
    """``n`` (0 <= n < 10**12) in English words: "one hundred twenty-three thousand"."""
    if n == 0:
        return "zero"
    parts: list[str] = []
    for value, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= value:
            q, n = divmod(n, value)
            parts.append(f"{_en_below_1000(q, use_and)} {name}")
    if n:
        if parts and use_and and n < 100:
            parts.append("and")
        parts.append(_en_below_1000(n, use_and))
    return " ".join(parts)


def _fr_below_100(n: int, final: bool) -> str:
    if n <= 16:
        return _FR_SMALL[n]
    if n < 20:
        return f"dix-{_FR_SMALL[n - 10]}"
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if unit == 1 else f"soixante-{_fr_below_100(10 + unit, final)}"
    if tens == 9:
        return f"quatre-vingt-{_fr_below_100(10 + unit, final)}"
    if tens == 8:
        return ("quatre-vingts" if final else "quatre-vingt") if unit == 0 else (
            f"quatre-vingt-{_FR_SMALL[unit]}")
    if unit == 0:
        return _FR_TENS[tens]
    return f"{_FR_TENS[tens]} et un" if unit == 1 else f"{_FR_TENS[tens]}-{_FR_SMALL[unit]}"


def _fr_below_1000(n: int, final: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts: list[str] = []
    if hundreds == 1:
        parts.append("cent")
    elif hundreds:
        parts.append(f"{_FR_SMALL[hundreds]} cent" + ("s" if rest == 0 and final else ""))
    if rest:
        parts.append(_fr_below_100(rest, final))
    return " ".join(parts)


def french_words(n: int, reform: bool = False) -> str:
    """``n`` (0 <= n < 10**6) in French words, traditional spelling or, with ``reform``, the
    1990 spelling where every part is hyphenated ("deux-cent-mille-et-un")."""
    if not 0 <= n < 10**6:
        raise ValueError(f"french_words supports 0..999999, not {n}")
    if n == 0:
        return "zéro"
    thousands, rest = divmod(n, 1000)
    parts: list[str] = []
    if thousands == 1:
        parts.append("mille")
    elif thousands:
        parts.append(f"{_fr_below_1000(thousands, final=False)} mille")
    if rest:
        parts.append(_fr_below_1000(rest, final=True))
    words = " ".join(parts)
    return words.replace(" ", "-") if reform else words


def _decimal_text(n: int, scale: int) -> str | None:
    """``n / scale`` written with at most three decimals ("1.5"), or None when it needs more."""
    if n % (scale // 1000 or 1):
        return None
    text = format(Decimal(n) / scale, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_variants(n: int) -> set[str]:
    """Every written form a passage may use for ``n``: digits grouped by comma, dot or any
    space, "16k", "1.5 million"/"1,5 million", "2 milliards", and English/French words up to
    999,999 (lowercase and capitalised)."""
    variants = {str(n), format_number(n, "en"), format_number(n, "fr")}
    if n < 0:
        return variants
    grouped = f"{n:,}"
    if n >= 1000:
        for sep in (".", " ", NBSP, NNBSP, THIN_SPACE):
            variants.add(grouped.replace(",", sep))
    if n >= 1000 and n % 100 == 0:
        k = _decimal_text(n, 1000)
        if k is not None:
            for form in {k, k.replace(".", ",")}:
                variants.update({f"{form}k", f"{form}K"})
            if n % 1000 == 0:
                variants.update({f"{k} thousand", f"{k} mille"})
    for scale, en_name, fr_names, abbrevs in (
        (10**6, "million", ("million", "millions"), ("M", "m", "mn")),
        (10**9, "billion", ("milliard", "milliards"), ("bn", "B", "Md", "Mds")),
    ):
        if n < scale // 10:
            continue
        dec = _decimal_text(n, scale)
        if dec is None:
            continue
        for form in {dec, dec.replace(".", ",")}:
            variants.update({f"{form} {en_name}", f"{form} {en_name}s"})
            variants.update(f"{form} {name}" for name in fr_names)
            variants.update(f"{form}{abbrev}" for abbrev in abbrevs)
            variants.update(f"{form} {a}" for a in abbrevs if a in ("bn", "Md", "Mds"))
        if n % scale == 0 and n // scale < 1000:
            count = n // scale
            variants.add(f"{english_words(count)} {en_name}")
            variants.add(f"{french_words(count)} {fr_names[0] if count == 1 else fr_names[1]}")
    if n < 10**6:
        words = {english_words(n), english_words(n, use_and=True), french_words(n),
                 french_words(n, reform=True)}
        if 1100 <= n <= 9900 and n % 100 == 0 and n % 1000:
            words.add(f"{_en_below_100(n // 100)} hundred")
        if n in (100, 1000):
            words.add("a " + english_words(n).split()[1])
        if n == 12:
            words.add("a dozen")
        variants.update(words)
        variants.update(w[0].upper() + w[1:] for w in words)
    if n == 10**6:
        variants.update({"a million", "un million", "A million", "Un million"})
    return variants
