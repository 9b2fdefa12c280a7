"""Read the numbers that news sentences write: headcounts, percentages and money, in any
language that has a vocabulary file (index/data/lang/<code>.toml, read through index.vocab).

The layoff-event ledger needs to know that "près de 10 000 postes", "nearly 10,000 jobs" and
"close to ten thousand roles" are the same figure, that "plusieurs centaines" is vague, that
"13 %" is a share and "$1.5 billion" is money, and that "in 2023" or "le 4 janvier" are not
headcounts. This module does that reading with plain regular expressions and a small
number-word grammar; it never guesses a figure that the text does not write.

Every word it knows comes from the language files: number words and how they combine
(``[numbers]``, ``[numbers.units]``...), scale words, vague amounts, fractions, qualifiers
(``[qualifiers.before]``...) and the nouns and verbs that make a number a count (``[counts]``).
A text is read with its own language's number words and grammar, and with the qualifiers,
scale words and count nouns of the languages its articles quote (``[language] also``). A
language with no number words is read as English. What is still code: digit formats (grouping
by ",", "." and spaces; a decimal comma only before a scale word, per ``decimal_comma``),
currency symbols and codes, masks for URLs, phones and times, and writing numbers in English and
French words (:func:`english_words`, :func:`french_words`).

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, cast, get_args

from index import vocab

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
# Vocabulary: read from the language files (index/data/lang/<code>.toml, through index.vocab)
# --------------------------------------------------------------------------------------------

# Number words for :func:`english_words` and :func:`french_words` (writing numbers, not reading).
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

# word -> (kind, value); kinds: unit (0-9), teen (10-19), tens, hundred (a multiplier of 100),
# hundreds (a whole hundreds value: "doscientos"), scale, article, dozen, and (connector).
_WordEntry = tuple[str, int]
_WORD_KINDS = (("units", "unit"), ("teens", "teen"), ("tens", "tens"), ("hundred", "hundred"),
               ("hundreds", "hundreds"), ("scales", "scale"), ("articles", "article"),
               ("dozen", "dozen"))

_SCALES: dict[str, int] = {  # attached or spaced abbreviations after digits ("16k", "2 Mds")
    "k": 10**3, "K": 10**3, "M": 10**6, "m": 10**6, "mn": 10**6, "bn": 10**9, "B": 10**9,
    "b": 10**9, "Md": 10**9, "Mds": 10**9, "Mrd": 10**9, "Mrds": 10**9,
}
_MONEY_ONLY_SCALES = frozenset({"B", "b", "m", "mn"})  # too ambiguous without a currency
_SP = r"[\s\u00a0\u202f]"


def _alt(fragments: Iterable[str]) -> str:
    """Regex fragments as one alternation, longest first (so "millions" wins over "million")."""
    unique = dict.fromkeys(f for f in fragments if f)
    return "|".join(sorted(unique, key=lambda f: -len(f))) or r"(?!x)x"


def _words_alt(words: Iterable[str]) -> str:
    return _alt(re.escape(w) for w in words)


def _month_alt(vocs: Sequence[vocab.Vocabulary]) -> str:
    """Month names and abbreviations of ``vocs`` as a regex (abbreviations with their full stop,
    optional unless the language says it is needed)."""
    parts: list[str] = []
    for voc in vocs:
        capital = bool(voc.value("dates", "months_capitalised", False))
        need_dot = set(voc.words("dates", "abbreviations_need_dot"))

        def form(word: str, capital: bool = capital) -> str:
            if capital:
                return re.escape(word[0].upper()) + re.escape(word[1:])
            return re.escape(word)

        parts += [form(w) for w in voc.mapping("months")]
        for w in voc.mapping("month_abbreviations"):
            dot = r"\." if "*" in need_dot or w in need_dot else r"\.?"
            parts.append(form(w) + dot)
    return _alt(parts)


@dataclass(frozen=True)
class _Grammar:
    """Everything language-specific the parser uses, compiled from one language's file (its
    own words) and the files of the languages its articles quote (``also``)."""

    code: str
    words: dict[str, _WordEntry]
    hundred_alone: bool
    thousand_alone: bool
    and_rule: str
    and_next: frozenset[str]
    teen_after_tens: frozenset[int]
    unit_after_ten: int
    joined: dict[str, str]
    compounds: bool
    weak: frozenset[str]
    weak_unless_counted: frozenset[str]
    decimal_comma: bool
    decimal_point: bool
    scales_alone: frozenset[str]
    scale_words: dict[str, int]
    scale_word_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    money_suffix_re: re.Pattern[str]
    prefix_qualifiers: tuple[tuple[re.Pattern[str], Qualifier, bool], ...]
    post_qualifier_re: re.Pattern[str]
    post_qualifiers: dict[str, Qualifier]
    headcount_after_re: re.Pattern[str]
    event_after_re: re.Pattern[str]
    determiner_before_re: re.Pattern[str]
    count_verb_before_re: re.Pattern[str]
    year_before_re: re.Pattern[str]
    masks: tuple[re.Pattern[str], ...]
    date_res: tuple[re.Pattern[str], ...]
    vague_res: tuple[tuple[re.Pattern[str], dict[str, int], dict[str, int]], ...]
    couple_re: re.Pattern[str] | None
    approx_re: re.Pattern[str] | None
    approx_values: dict[str, int]
    approx_multipliers: dict[str, int]
    phrases: _PhraseTable | None  # "half a million": 500000
    floors: _PhraseTable | None  # "in einem unteren dreistelligen Bereich": at least 100
    fraction_re: re.Pattern[str] | None
    numerators: dict[str, int]
    denominators: dict[str, int]
    half_re: re.Pattern[str] | None
    half_excluded_re: re.Pattern[str] | None
    range_gap_re: re.Pattern[str]
    between_before_re: re.Pattern[str]
    from_before_re: re.Pattern[str]
    year_range_re: re.Pattern[str]


# A table of fixed phrases ("[numbers.phrases]", "[numbers.floors]"): one pattern with a group
# per phrase, and each group's value
_PhraseTable = tuple[re.Pattern[str], tuple[int, ...]]


def _phrase_table(table: Mapping[str, Any]) -> _PhraseTable | None:
    if not table:
        return None
    return (re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p in table) + r")(?!\w)", re.I),
            tuple(int(v) for v in table.values()))


def _qualifier(name: str, code: str) -> Qualifier:
    if name not in get_args(Qualifier):
        raise vocab.VocabularyError(f"{code}: unknown qualifier {name!r} (use one of "
                                    f"{', '.join(get_args(Qualifier))})")
    return cast(Qualifier, name)


def _lower_keys(table: Mapping[str, object]) -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in table.items()}  # type: ignore[call-overload]


def _grammar_code(lang: str) -> str:
    """The language whose grammar reads ``lang`` text: its own when it has number words,
    else English."""
    code = (lang or "").strip().lower()[:2]
    return code if vocab.vocabulary(code).table("numbers.units") else "en"


@vocab.cached
def _grammar(code: str) -> _Grammar:
    own = vocab.vocabulary(code)
    quoted = [own, *(vocab.vocabulary(c) for c in own.words("language", "also"))]
    num = own.table("numbers")

    words: dict[str, _WordEntry] = {}
    for table, kind in _WORD_KINDS:
        for w, v in own.mapping(f"numbers.{table}").items():
            words.setdefault(w, (kind, int(v)))
    for w in own.words("numbers", "and_words"):
        words.setdefault(w, ("and", 0))

    scale_words: dict[str, int] = {}
    for voc in quoted:
        for w, v in voc.mapping("numbers.scale_words").items():
            scale_words.setdefault(w.lower(), int(v))

    def merged(table: str, key: str) -> list[str]:
        return [f for voc in quoted for f in voc.words(table, key)]

    currencies = _alt([*merged("numbers", "currencies"),
                       "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "CNY", "INR"])
    links = _alt(merged("numbers", "currency_link"))

    prefix: list[tuple[re.Pattern[str], Qualifier, bool]] = []
    post: dict[str, Qualifier] = {}
    for voc in quoted:
        for table, strong in (("qualifiers.before", True), ("qualifiers.before_weak", False)):
            for qualifier, fragments in voc.table(table).items():
                for fragment in fragments:
                    prefix.append((re.compile(
                        r"(?<!\w)(?:" + fragment + r")(?:" + _SP + r"+|(?<=['’]))$", re.I),
                        _qualifier(qualifier, voc.code), strong))
        for qualifier, fragments in voc.table("qualifiers.after").items():
            for fragment in fragments:
                post.setdefault(fragment, _qualifier(qualifier, voc.code))
    post_re = re.compile(_SP + r"+(" + _alt(post) + r")(?!\w)", re.I)

    nouns = _alt(merged("counts", "nouns"))
    events = _alt(merged("counts", "events"))
    months = _month_alt(quoted)
    seasons = _words_alt(w for voc in quoted for w in voc.mapping("seasons"))
    year_before = _alt([*merged("counts", "year_before"), seasons, months,
                        r"Q[1-4]", r"H[12]"])

    dates = own.table("dates")
    own_months = _month_alt([own])
    day_suffix = str(dates.get("day_suffix", ""))
    link = str(dates.get("day_month_link", ""))
    date_flags = 0 if dates.get("months_capitalised") else re.I
    date_res = [re.compile(
        r"(?<![\w.,])(?P<d>\d{1,2})" + day_suffix + r"[\s\u00a0]+" + link + r"(?:" + own_months
        + r")(?!\w)", date_flags)]
    if dates.get("month_day"):
        date_res.insert(0, re.compile(
            r"(?<![\w.])(?:" + own_months + r")[\s\u00a0]+(?P<d>\d{1,2})" + day_suffix
            + r"(?![\d]|[.,]\d|[\s\u00a0\u202f]\d{3}(?!\d))", date_flags))

    vague = own.table("numbers.vague")
    vague_res: list[tuple[re.Pattern[str], dict[str, int], dict[str, int]]] = []
    couple_re = None
    if vague:
        pre = _alt(vague.get("pre", ()))
        vlink = str(vague.get("link", ""))
        singular = _lower_keys(vague.get("singular", {}))
        plural = _lower_keys(vague.get("plural", {}))
        linked = _lower_keys(vague.get("plural_linked", {}))
        multipliers = _lower_keys(vague.get("multipliers", {})) or {
            k: v for k, v in plural.items() if v >= 1000}
        if vague.get("couple"):
            couple_re = re.compile(r"(?:" + _alt(vague["couple"]) + r")", re.I)
        mult_alt = _words_alt(multipliers)
        if singular:
            singular_mult = _words_alt(k for k, v in singular.items() if v >= 1000)
            tail = (r"(?:\s+(?P<m>" + singular_mult + r")s?)?"
                    if vague.get("singular_multiplier") else "")
            vague_res.append((re.compile(
                r"(?<!\w)(?P<pre>" + pre + r")\s+(?P<b>" + _words_alt(singular) + r")s?" + tail
                + r"(?!\w)", re.I), singular, {**singular, **{k + "s": v for k, v in
                                                               singular.items()}}))
        bases = {**plural, **linked}
        if vague.get("plural_pre"):
            vague_res.append((re.compile(
                r"(?<!\w)(?:(?P<pre>" + pre + r")\s+)?(?P<b>" + _words_alt(plural) + r")"
                r"(?:\s+" + vlink + r"\s+(?P<m>" + mult_alt + r"))?(?!\w)", re.I),
                bases, multipliers))
        else:
            vague_res.append((re.compile(
                r"(?<!\w)(?P<b>" + _words_alt(bases) + r")\s+" + vlink + r"\s+(?P<m>"
                + mult_alt + r")(?!\w)", re.I), bases, multipliers))
            vague_res.append((re.compile(
                r"(?<!\w)(?P<b>" + _words_alt(plural) + r")(?!\w)", re.I), bases, multipliers))

    approx = own.table("numbers.approx")
    approx_re = None
    if approx:
        approx_mult = _lower_keys(approx.get("multipliers", {}))
        tail = (r"(?:\s+" + str(approx.get("link", "")) + r"\s+(?P<m>" + _words_alt(approx_mult)
                + r"))?") if approx_mult else ""
        approx_re = re.compile(
            r"(?<!\w)(?:" + _alt(approx.get("article", ())) + r")\s+(?P<n>"
            + _words_alt(approx.get("words", {})) + r")" + tail + r"(?!\w)", re.I)

    fractions = own.table("numbers.fractions")
    fraction_re = half_re = half_excluded_re = None
    if fractions.get("numerators"):
        fraction_re = re.compile(
            r"(?<!\w)(?P<num>" + _words_alt(fractions["numerators"]) + r")"
            + str(fractions.get("joint", r"\s+")) + r"(?P<den>"
            + _words_alt(fractions.get("denominators", {})) + r")(?=\s+"
            + str(fractions.get("follow", "")) + r")", re.I)
    if fractions.get("half"):
        half_re = re.compile(r"(?<!\w)" + str(fractions["half"]) + r"(?=\s+"
                             + str(fractions.get("half_follow", "")) + r")", re.I)
        excluded = [w for voc in quoted for w in voc.words("numbers.fractions", "half_not_after")]
        if excluded:
            half_excluded_re = re.compile(
                r"(?<!\w)(?:" + _words_alt(excluded) + r")\s+(?:la\s+)?$", re.I)

    return _Grammar(
        code=code, words=words,
        hundred_alone=bool(num.get("hundred_alone", False)),
        thousand_alone=bool(num.get("thousand_alone", False)),
        and_rule=str(num.get("and_rule", "after_hundred")),
        and_next=frozenset(own.words("numbers", "and_next")),
        teen_after_tens=frozenset(int(v) for v in num.get("teen_after_tens", ())),
        unit_after_ten=int(num.get("unit_after_ten", 10)),
        joined={str(k): str(v) for k, v in own.mapping("numbers.joined").items()},
        compounds=bool(num.get("compounds", False)),
        weak=frozenset(own.words("numbers", "weak")),
        weak_unless_counted=frozenset(own.words("numbers", "weak_unless_counted")),
        decimal_comma=bool(num.get("decimal_comma", False)),
        decimal_point=bool(num.get("decimal_point", True)),
        scales_alone=frozenset(own.words("numbers", "scales_alone")),
        scale_words=scale_words,
        scale_word_re=re.compile(  # a word ending in a full stop ("Mio.") ends there
            _SP + r"+(" + _words_alt(scale_words) + r")(?:(?<=\.)|(?![^\W_]))", re.I),
        percent_re=re.compile(
            r"[\s\u00a0\u202f]?%|[\s\u00a0\u202f]*(?:" + _alt(merged("numbers", "percent"))
            + r")(?![^\W_])", re.I),
        money_suffix_re=re.compile(
            r"[\s\u00a0\u202f]?[$€£¥](?!\d)"
            r"|[\s\u00a0\u202f]+(?:(?:" + links + r")\s*)?(?:US\s+|U\.S\.\s+)?(?:" + currencies
            + r")(?![^\W_])", re.I),
        prefix_qualifiers=tuple(prefix),
        post_qualifier_re=post_re,
        post_qualifiers=post,
        headcount_after_re=re.compile(
            r"[\s\u00a0\u202f]+(?:[^\W\d_]+[\s\u00a0\u202f]+)?(?:" + nouns + r")(?![^\W_])", re.I),
        event_after_re=re.compile(
            r"[\s\u00a0\u202f]+(?:[^\W\d_]+[\s\u00a0\u202f]+)?(?:" + events + r")(?![^\W_])",
            re.I),
        determiner_before_re=re.compile(
            r"(?<!\w)(?:" + _alt(merged("counts", "determiners")) + r")\s+$", re.I),
        count_verb_before_re=re.compile(
            r"(?<!\w)(?:" + _alt(merged("counts", "verbs_before")) + r")\s+$", re.I),
        year_before_re=re.compile(r"(?:(?<!\w)(?:" + year_before + r"))[\s,\-]*$", re.I),
        masks=tuple(re.compile(m, re.I) for m in merged("numbers", "masks")),
        date_res=tuple(date_res),
        vague_res=tuple(vague_res), couple_re=couple_re,
        approx_re=approx_re,
        approx_values=_lower_keys(approx.get("words", {})),
        approx_multipliers=_lower_keys(approx.get("multipliers", {})),
        phrases=_phrase_table(own.mapping("numbers.phrases")),
        floors=_phrase_table(own.mapping("numbers.floors")),
        fraction_re=fraction_re,
        numerators=_lower_keys(fractions.get("numerators", {})),
        denominators=_lower_keys(fractions.get("denominators", {})),
        half_re=half_re, half_excluded_re=half_excluded_re,
        range_gap_re=re.compile(
            r"[\s\u00a0\u202f]*(?P<dash>[-–—])[\s\u00a0\u202f]*"
            r"|[\s\u00a0\u202f]+(?P<to>" + _alt(merged("numbers", "range_to"))
            + r")[\s\u00a0\u202f]+"
            r"|[\s\u00a0\u202f]+(?P<and>" + _alt(merged("numbers", "range_and"))
            + r")[\s\u00a0\u202f]+", re.I),
        between_before_re=re.compile(
            r"(?<!\w)(?:" + _alt(merged("numbers", "between")) + r")[\s\u00a0\u202f]+$", re.I),
        from_before_re=re.compile(
            r"(?<!\w)(?:" + _alt(merged("numbers", "change_from")) + r")[\s\u00a0\u202f]+$",
            re.I),
        year_range_re=re.compile(
            r"(?<![\d.,])(?P<a>(?:19|20)\d\d)"
            r"(?:[\s\u00a0]*[-–—/][\s\u00a0]*(?P<b2>\d\d)(?![\d.,]?\d)"
            r"|[\s\u00a0]*(?:[-–—/]|\s(?:" + _alt(merged("numbers", "year_range"))
            + r")\s)[\s\u00a0]*"
            r"(?P<b4>(?:19|20)\d\d)(?![\d.,]?\d))", re.I),
    )


def _post_qualifier(g: _Grammar, written: str) -> Qualifier:
    """The qualifier of a phrase ``post_qualifier_re`` matched."""
    for fragment, qualifier in g.post_qualifiers.items():
        if re.fullmatch(fragment, written, re.I):
            return qualifier
    return "exact"


# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

# Thousands separators: comma, point, spaces, and the Swiss apostrophe ("1'400", "16’000")
_DIGITS_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<int>\d{1,3}(?P<sep>[,. \u00a0\u202f\u2009'’])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?:(?P<dsep>[.,])(?P<frac>\d+))?"
    r"(?!\d)"
)
_ATTACHED_SCALE_RE = re.compile(r"(bn|Mds|Mrds|Mrd|Md|mn|k|K|M|B|b|m)(?![^\W_])")
_SPACED_ABBR_RE = re.compile(
    r"[ \u00a0\u202f\u2009](?:(bn|Mds|Mrds|Mrd|Md)(?:\.(?=[\s\u00a0\u202f]+[^\W\d_])|(?![^\W_]))"
    r"|([kKM])(?=[€$£]))"
)
_MONEY_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:US|CA|AU|HK|NZ|[CAS])?[$€£¥]|"
    r"(?<![A-Za-z])(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|CNY|INR)[\s\u00a0\u202f]?)"
    r"[\s\u00a0\u202f]?$"
)
_CODE_SUFFIX_RE = re.compile(r"-[A-Z](?![^\W\d_])")
_LABEL_BEFORE_RE = re.compile(r"(?:#|n°|nº|No\.|no\.)[\s\u00a0]?$")
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
)
# --------------------------------------------------------------------------------------------
# Atoms: numeric expressions before units, qualifiers and ranges are read
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    kind: str  # digits | words | phrase | floor | vague | approx | fraction
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


def _digit_atoms(text: str, g: _Grammar, in_sentence: bool = True) -> list[_Atom]:
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
        elif sm3 := g.scale_word_re.match(text, end):
            scale, scale_end = g.scale_words[sm3[1].lower()], sm3.end()
        if scale_end < len(text) and text[scale_end].isalpha():
            continue  # 5G, 1st, 2e, 16h30, 10x
        if _CODE_SUFFIX_RE.match(text, scale_end):
            continue  # 10-K, 8-K filings
        if (
            scale > 1 and sep in (".", ",") and frac is None and int_part.count(sep) == 1
            and ((sep == "." and g.decimal_point) or (sep == "," and g.decimal_comma))
        ):
            raw = Decimal(int_part.replace(sep, "."))  # "1.234 million", "1,250 million" (fr)
        else:
            raw = Decimal(digits + ("." + frac if frac else ""))
        plain4 = sep is None and frac is None and scale == 1 and len(digits) == 4
        atoms.append(_Atom(start, scale_end, "digits", amount=raw * scale, raw=raw, scale=scale,
                           plain4=plain4))
    return atoms


def _thousands_and(sentence: str, g: _Grammar, atoms: list[_Atom]) -> list[_Atom]:
    """"6 mil 500", "ocho mil 400" (Latin American press): thousands written with their scale
    word, then the hundreds in digits, are one number (6,500), not 6,000 and a separate 500."""
    out: list[_Atom] = []
    for a in atoms:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind in ("digits", "words") and prev.amount is not None
                and prev.amount >= 1000 and prev.amount % 1000 == 0
                # a thousands word last ("mil"), not "million": "1 million 1" is no number
                and g.scale_words.get(sentence[prev.start:prev.end].split()[-1].lower()) == 1000
                and a.kind == "digits" and a.scale == 1
                and a.amount is not None and 0 < a.amount < 1000 and a.raw == a.amount
                and not sentence[prev.end:a.start].strip()):
            out[-1] = replace(prev, end=a.end, amount=prev.amount + a.amount)
            continue
        out.append(a)
    return out


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    word: str


def _split_compound(word: str, words: Mapping[str, _WordEntry]) -> list[str] | None:
    """``word`` as a sequence of number words ("dreitausend" -> drei, tausend), or None."""
    if word in words:
        return [word]
    for cut in range(len(word) - 1, 1, -1):
        head = word[:cut]
        if head in words:
            rest = _split_compound(word[cut:], words)
            if rest is not None:
                return [head, *rest]
    return None


def _tokens(text: str, g: _Grammar) -> list[_Tok]:
    toks = [_Tok(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    if g.compounds:  # pieces of one word: nothing between them
        split: list[_Tok] = []
        for t in toks:
            pieces = None if t.word in g.words or len(t.word) > 40 else _split_compound(
                t.word, g.words)
            if not pieces or len(pieces) == 1:
                split.append(t)
                continue
            pos = t.start
            for piece in pieces:
                split.append(_Tok(pos, pos + len(piece), piece))
                pos += len(piece)
        toks = split
    if not g.joined:
        return toks
    merged: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if i + 1 < len(toks) and _JOIN_RE.fullmatch(text[t.end:toks[i + 1].start]):
            pair = g.joined.get(f"{t.word} {toks[i + 1].word}")
            if pair is not None:
                merged.append(_Tok(t.start, toks[i + 1].end, pair))
                i += 2
                continue
        merged.append(t)
        i += 1
    return merged


def _and_ok(g: _Grammar, group: int, prev_kind: str, nxt: _WordEntry, next_word: str) -> bool:
    """Whether an "and" word may join the number read so far to the next word."""
    if g.and_rule == "tens_one":  # "vingt et un", "soixante et onze"
        return group % 10 == 0 and group % 100 in (20, 30, 40, 50, 60) and next_word in g.and_next
    if g.and_rule == "unit_tens":  # "fünfundzwanzig"
        return prev_kind == "unit" and 0 < group % 100 < 10 and nxt[0] == "tens"
    if g.and_rule == "tens_unit":  # "treinta y cinco"
        return (group % 10 == 0 and 20 <= group % 100 <= 90 and nxt[0] == "unit"
                and nxt[1] != 0)
    # "one hundred and five", "two thousand and twenty"
    return prev_kind in ("hundred", "hundreds", "scale") and nxt[0] in ("unit", "teen", "tens") \
        and nxt[1] != 0


def _parse_words(text: str, toks: list[_Tok], i: int, g: _Grammar) -> tuple[int, int] | None:
    """Read the longest number written in words from token ``i``: (value, end token index)."""

    def joined(a: int, b: int) -> bool:
        if b >= len(toks):
            return False
        gap = text[toks[a].end:toks[b].start]
        return gap == "" or _JOIN_RE.fullmatch(gap) is not None

    vocab_words = g.words
    total, group, last_scale, prev_kind = 0, 0, 10**18, ""
    best: tuple[int, int] | None = None
    j = i
    while j < len(toks):
        if j > i and not joined(j - 1, j):
            break
        entry = vocab_words.get(toks[j].word)
        if entry is None:
            break
        kind, v = entry
        nxt = vocab_words.get(toks[j + 1].word) if joined(j, j + 1) else None
        if kind == "and":
            if nxt is None or j == i or not _and_ok(g, group, prev_kind, nxt, toks[j + 1].word):
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
            if group % 100 == 10 and v < g.unit_after_ten:
                break
            group += v
        elif kind == "teen":
            if not (group % 100 == 0 or group % 100 in g.teen_after_tens):
                break
            group += v
        elif kind == "tens":
            unit_first = (g.and_rule == "unit_tens" and prev_kind == "and"
                          and 0 < group % 100 < 10)  # "fünfundzwanzig"
            if (group % 100 != 0 and not unit_first) or prev_kind == "article":
                break
            group += v
        elif kind == "hundred":
            if group >= 100 or (group == 0 and not g.hundred_alone):
                break
            group = group * 100 if group else 100
        elif kind == "hundreds":  # "doscientos": a whole hundreds value
            if group != 0 or prev_kind == "article":
                break
            group = v
        elif kind == "scale":
            alone = (g.thousand_alone and v == 1000) or toks[j].word in g.scales_alone
            if v >= last_scale or (group == 0 and not alone):
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


def _word_atoms(text: str, g: _Grammar) -> list[_Atom]:
    toks = _tokens(text, g)
    atoms: list[_Atom] = []
    i = 0
    while i < len(toks):
        if toks[i].word not in g.words:
            i += 1
            continue
        parsed = _parse_words(text, toks, i, g)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        start, end = toks[i].start, toks[j - 1].end
        hyphen_after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()
        hyphen_before = start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
        if not (hyphen_after or hyphen_before):  # one-time, twenty-first, two-thirds
            weak = j - i == 1 and toks[i].word in g.weak
            if j - i == 1 and toks[i].word in g.weak_unless_counted:  # "neuf": also "new"
                weak = not (g.headcount_after_re.match(text, end)
                            or g.event_after_re.match(text, end) or g.percent_re.match(text, end))
            atoms.append(_Atom(start, end, "words", amount=Decimal(value), raw=Decimal(value),
                               weak=weak))
        i = j
    return atoms


def _vague_bounds(b: int, m: int, couple: bool) -> tuple[int, int]:
    return 2 * b * m, (3 * b * m if couple else 10 * b * m - 1)


def _phrase_atoms(text: str, g: _Grammar) -> list[_Atom]:
    atoms: list[_Atom] = []
    for pattern, bases, multipliers in g.vague_res:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            pre = groups.get("pre") or ""
            couple = bool(pre and g.couple_re is not None and g.couple_re.match(pre))
            mult = groups.get("m")
            low, high = _vague_bounds(bases[m["b"].lower()],
                                      multipliers[mult.lower()] if mult else 1, couple)
            atoms.append(_Atom(m.start(), m.end(), "vague", low=low, high=high))
    for kind, table in (("phrase", g.phrases), ("floor", g.floors)):
        if table is None:
            continue
        pattern, values = table
        for m in pattern.finditer(text):  # one group per phrase, no group inside one
            value = values[(m.lastindex or 1) - 1]
            atoms.append(_Atom(m.start(), m.end(), kind, amount=Decimal(value),
                               raw=Decimal(value)))
    if g.approx_re is not None:
        for m in g.approx_re.finditer(text):
            mult = m.groupdict().get("m")
            value = g.approx_values[m["n"].lower()] * (
                g.approx_multipliers[mult.lower()] if mult else 1)
            atoms.append(_Atom(m.start(), m.end(), "approx", amount=Decimal(value),
                               raw=Decimal(value)))
    if g.fraction_re is not None:
        for m in g.fraction_re.finditer(text):
            den = g.denominators[m["den"].lower()]
            pct = Decimal(100 * g.numerators[m["num"].lower()]) / den
            atoms.append(_Atom(m.start(), m.end(), "fraction",
                               amount=pct.quantize(Decimal("0.1"))))
    if g.half_re is not None:
        for m in g.half_re.finditer(text):
            if g.half_excluded_re is None or not g.half_excluded_re.search(
                    text, max(0, m.start() - 20), m.start()):
                atoms.append(_Atom(m.start(), m.end(), "fraction", amount=Decimal(50)))
    return atoms


def _mask_spans(text: str, g: _Grammar) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in (*_MASK_PATTERNS, *g.masks):
        spans.extend(m.span() for m in pattern.finditer(text))
    for m in g.year_range_re.finditer(text):
        a = int(m["a"])
        b = int(m["b4"]) if m["b4"] else None
        if not 1990 <= a <= 2100 or (b is not None and not (1990 <= b <= 2100 and b > a)):
            continue
        if g.headcount_after_re.match(text, m.end()):
            continue  # "between 2000 and 2050 employees"
        spans.append(m.span())
    for pattern in g.date_res:
        for m in pattern.finditer(text):
            if 1 <= int(m["d"]) <= 31:
                spans.append(m.span("d"))
    return spans


def _scan(text: str, g: _Grammar, in_sentence: bool = True) -> list[_Atom]:
    """All atoms of ``text``, overlaps resolved (earliest first, then longest)."""
    atoms = _digit_atoms(text, g, in_sentence) + _word_atoms(text, g)
    atoms += _phrase_atoms(text, g)
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


def _qualifier_before(text: str, g: _Grammar, pos: int,
                      floor: int = 0) -> tuple[int, Qualifier, bool] | None:
    window_start = max(floor, pos - 40)
    best: tuple[int, Qualifier, bool] | None = None
    for pattern, qualifier, strong in g.prefix_qualifiers:
        m = pattern.search(text, window_start, pos)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), qualifier, strong)
    return best


def _attach(text: str, g: _Grammar, atom: _Atom, floor: int = 0) -> _Atom:
    """``atom`` with its unit and qualifier; nothing before ``floor`` (the end of the previous
    quantity) is taken, so "0€ 0" is two quantities that do not share the sign."""
    span_start, span_end = atom.start, atom.end
    unit: Unit = ""
    if atom.kind == "fraction":
        unit = "percent"
    elif atom.kind in ("digits", "words") and (pm := g.percent_re.match(text, atom.end)):
        unit, span_end = "percent", pm.end()
    else:
        if mp := _MONEY_PREFIX_RE.search(text, max(floor, atom.start - 6), atom.start):
            unit, span_start = "money", mp.start()
        if ms := g.money_suffix_re.match(text, atom.end):
            unit, span_end = "money", ms.end()
    qualifier: Qualifier | None = (
        "about" if atom.kind == "approx" else "at_least" if atom.kind == "floor" else None)
    strong = False
    qual_start = span_start
    if found := _qualifier_before(text, g, span_start, floor):
        qual_start, qualifier, strong = found
    elif post := g.post_qualifier_re.match(text, span_end):
        qualifier, strong = _post_qualifier(g, post[1]), True
        span_end = post.end()
    return replace(atom, span_start=span_start, span_end=span_end, unit=unit,
                   qualifier=qualifier, strong_qualifier=strong, qual_start=qual_start)


def _looks_like_year(text: str, g: _Grammar, atom: _Atom) -> bool:
    value = int(atom.amount or 0)
    if not 1990 <= value <= 2100:
        return False
    before_start = max(0, atom.start - 40)
    if g.year_before_re.search(text, before_start, atom.start):
        return True
    if re.match(r"[\s\u00a0]*[-–—/][\s\u00a0]*\d{2,4}(?!\d)|['’]s\b", text[atom.end:]):
        return True
    if g.headcount_after_re.match(text, atom.end):
        return False
    if g.event_after_re.match(text, atom.end):
        return g.determiner_before_re.search(text, before_start, atom.start) is not None
    if atom.strong_qualifier or atom.unit:
        return False
    return g.count_verb_before_re.search(text, before_start, atom.qual_start) is None


@dataclass(frozen=True)
class _Range:
    first: _Atom
    last: _Atom
    start: int
    low: Decimal
    high: Decimal
    unit: Unit


def _try_range(text: str, g: _Grammar, a: _Atom, b: _Atom) -> _Range | None:
    kinds = ("digits", "words")
    if a.kind not in kinds or b.kind not in kinds or a.amount is None or b.amount is None:
        return None
    if b.qualifier is not None and b.qual_start < b.span_start:
        return None
    gap = g.range_gap_re.fullmatch(text, a.span_end, b.span_start)
    if gap is None:
        return None
    start = a.qual_start
    if gap["and"]:
        between = g.between_before_re.search(text, max(0, start - 12), start)
        if between is None:
            return None
        start = between.start()
    elif gap["to"] and g.from_before_re.search(
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
    g = _grammar(_grammar_code(lang))
    masked = _mask_spans(sentence, g)
    atoms = _thousands_and(sentence, g, [a for a in _scan(sentence, g)
                                      if not a.weak and not _overlaps(a, masked)])
    attached: list[_Atom] = []
    for a in atoms:
        attached.append(_attach(sentence, g, a, attached[-1].span_end if attached else 0))
    atoms = attached
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if i + 1 < len(atoms) and (rng := _try_range(sentence, g, atom, atoms[i + 1])):
            out.append(_quantity_from_range(sentence, rng))
            i += 2
            continue
        i += 1
        if atom.plain4 and _looks_like_year(sentence, g, atom):
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
    g = _grammar(_grammar_code(lang))
    offset = text.index(stripped)
    atoms = [a for a in _scan(text, g, in_sentence=False)
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
    """``n`` grouped by thousands as the language writes it (its file's
    ``numbers.group_separator``): "57,000" in English, "57 000" (U+202F) in French, "57.000" in
    German and Spanish; English grouping for a language without a file."""
    grouped = f"{n:,}"
    separator = vocab.vocabulary(lang).value("numbers", "group_separator", ",")
    return grouped.replace(",", str(separator))


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
