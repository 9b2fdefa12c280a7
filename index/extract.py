"""Structured job-cut mentions from news sentences, English and French.

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

from index import vocab
from index.companies import ArticleNames, CompanyMention, CompanyTable, read_article_names
from index.dates import Span, bounds_from_content, find_event_spans
from index.models import Article
from index.numbers import Quantity, find_quantities
from index.text import split_sentences

log = logging.getLogger(__name__)

# Raise by one whenever a change here or in the parsers it uses (numbers, dates, companies)
# changes what is extracted from some text: stored mentions are then extracted again at the
# next start (:func:`index.ledger.extractor_version`).
EXTRACTOR_VERSION = 6

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


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_AP = r"['’]"
_Q = r"[\s\u00a0\u202f«»\"“”]*"  # spaces and quotation marks between words and a figure
_W = r"[^\W\d_][\w'’-]*"  # one word

_JOB = (
    r"(?:jobs?|positions?|roles?|employees?|workers?|staff(?:ers)?|people|persons|personnel|"
    r"headcount|workforce|work\s+force|engineers?|contractors?|"
    r"postes?|emplois?|salari(?:é|ée)s?|employ[ée]e?s|personnes|effectifs?|"
    r"collaborat(?:eur|rice)s?|main[- ]d" + _AP + r"(?:œ|oe)uvre|travailleu(?:r|se)s|"
    r"ing[ée]nieure?s|CDI)"
)
_WORKFORCE = (
    r"(?:workforce|work\s+force|staff|headcount|employees|personnel|workers|team|"
    r"employ[ée]e?s|salari[ée]e?s|effectifs?|main[- ]d" + _AP + r"(?:œ|oe)uvre|"
    r"collaborat(?:eur|rice)s)"
)
_EVENT = (
    r"(?:layoffs?|lay-offs?|job\s+cuts?|cuts?|job\s+losses|redundanc(?:y|ies)|reductions?|"
    r"eliminations?|firings?|dismissals|suppressions?|licenciements?|d[ée]parts|coupes?)"
)

# Phrases that report a job cut on their own.
_STRONG_CUT_RE = re.compile(
    r"(?<!\w)(?:lay(?:s|ing)?\s+off|laid\s+off|lay-?offs?|job\s+(?:cuts?|losses|reductions?)|"
    r"(?:workforce|headcount|staff)\s+(?:reductions?|cuts?)|reductions?\s+in\s+force|"
    r"redundanc(?:y|ies)|made\s+redundant|let(?:ting)?\s+go\s+of|"
    r"(?:lose|lost|losing)\s+(?:their|his|her)\s+jobs?|downsiz\w+|"
    r"licenci\w+|plans?\s+sociaux|plan\s+social|plans?\s+de\s+d[ée]parts|"
    r"d[ée]parts\s+volontaires|rupture\s+conventionnelle\s+collective|"
    r"suppressions?\s+(?:de\s+postes|d" + _AP + r"emplois)|"
    r"r[ée]ductions?\s+(?:de\s+(?:ses|leurs)\s+|des\s+)effectifs|"
    r"r[ée]dui(?:re|t|ra|sant)\s+(?:ses|les|leurs)\s+effectifs|"
    r"perd(?:re|ront|raient|u)\s+leurs?\s+emplois?)(?!\w)",
    re.I,
)
# Cut verbs and nouns that need a jobs noun in the sentence.
_WEAK_CUT_RE = re.compile(
    r"(?<!\w)(?:cut(?:s|ting)?|eliminat(?:e|es|ed|ing|ion|ions)|slash(?:es|ed|ing)?|"
    r"reduc(?:e|es|ed|ing|tions?)|shed(?:s|ding)?|ax(?:e|es|ed|ing)|trim(?:s|med|ming)?|"
    r"shrink(?:s|ing)?|fir(?:e|es|ed|ing)|let\s+go|restructur(?:e|es|ed)|"
    r"(?:will|would|to|could|may|might)\s+(?:be\s+)?affect(?:ed)?|"
    r"affect(?:s|ing)?|(?:are|were|be|been|is)\s+affected|"
    r"(?:to|will|would|could|expected\s+to)\s+hit|"
    r"supprim\w*|suppressions?|r[ée]dui(?:re|t|ra|sant)|r[ée]ductions?|baisse|"
    r"coupes?|couper|s[ée]par(?:er|e|era|ent|ait)|remerci(?:er|e|era)|d[ée]parts|"
    r"d[ée]graiss\w+|saign[ée]e|touch(?:e|ent|era|eront|erait|eraient)|"
    r"concern(?:e|ent|era|eront|erait|és|ées|er)|porte(?:ra|nt|rait)?\s+sur|portant\s+sur)"
    r"(?!\w)",
    re.I,
)
_JOB_RE = re.compile(r"(?<!\w)" + _JOB + r"(?!\w)", re.I)

# A cut verb or noun right before a figure ("cut 10,000", "la suppression de 11.000").
_CUT_BEFORE_RE = re.compile(
    r"(?<!\w)(?:"
    r"cut(?:s|ting)?|eliminat(?:e|es|ed|ing)|slash(?:es|ed|ing)?|lay(?:s|ing)?\s+off|"
    r"laid\s+off|let(?:ting)?\s+go(?:\s+of)?|shed(?:s|ding)?|ax(?:e|es|ed|ing)|"
    r"trim(?:s|med|ming)?|fir(?:e|es|ed|ing)|restructur(?:e|es|ed|ing)|affect(?:s|ed|ing)?|"
    r"hit(?:s|ting)?|remov(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|"
    r"(?:reduc(?:e|es|ed|ing)|cut(?:s|ting)?|trim\w*|shrink\w*|slash\w*)\s+"
    r"(?:(?:its|their|the|the\s+company" + _AP + r"s)\s+)?(?:" + _W + r"\s+){0,2}?"
    + _WORKFORCE + r"\s+by|"
    r"(?:workforce|headcount|staff)\s+by|"
    r"supprim\w+|licenci\w+|(?:se\s+|s" + _AP + r")?s[ée]par\w*\s+(?:de|d" + _AP + r")|"
    r"remerci\w+|touch(?:e|ent|era|eront|erait|eraient|ant)|"
    r"concern(?:e|ent|era|eront|erait|eraient|er)|vis(?:e|ent|era)|"
    r"r[ée]dui(?:re|t|ra|sant)\s+(?:(?:ses|les|leurs)\s+effectifs\s+)?(?:de|d" + _AP + r")|"
    r"porte(?:ra|nt|rait)?\s+sur|portant\s+sur|"
    r"(?:suppressions?|r[ée]ductions?|baisses?|coupes?|licenciements?|d[ée]parts?|s[ée]ries?|"
    r"salves?|vagues?|layoffs?|lay-offs?|job\s+cuts|cuts?|reductions?|eliminations?)\s+"
    r"(?:(?:de\s+(?:ses|leurs)\s+effectifs|of\s+(?:its|the)\s+workforce)\s+)?"
    r"(?:(?:amounts?\s+to|amounting\s+to|equals?|comes?\s+to|came\s+to|is|was|"
    r"repr[ée]sente\w*|atteint|portant\s+sur|at|of|to|by|à|de|d" + _AP + r")\s*)"
    r")(?:\s+(?:another|a\s+further|an\s+additional|further|additional|some|encore))?" + _Q + r"$",
    re.I,
)
# "the number at", "bring the total to", "le total atteint donc", "un chiffre proche de".
_TOTAL_BEFORE_RE = re.compile(
    r"(?<!\w)(?<!sur un )(?<!of a )(?:number|figure|total|tally|chiffre|nombre|bilan)\s+"
    r"(?:" + _W + r"\s+){0,2}?"
    r"(?:at|to|of|à|de|d" + _AP + r"|atteint|reaches|reached|stands\s+at|came\s+to|comes\s+to|"
    r"monte\s+à|s" + _AP + r"[ée]l[èe]ve\s+à)(?:\s+(?:donc|thus|now|d[ée]sormais))?" + _Q + "$",
    re.I,
)
_DERIVED_BEFORE_RE = re.compile(
    r"(?<!\w)(?:works?\s+out\s+to|worked\s+out\s+to|that\s+means|which\s+means|means|"
    r"amounts?\s+to|equals?|(?:come|comes|came)\s+to|add(?:s|ed)?\s+up\s+to|total(?:s|ed|ing)?|"
    r"soit|i\.e\.|ce\s+qui\s+repr[ée]sente|repr[ée]sent\w+)" + _Q + "$",
    re.I,
)
# Merging a percentage and a count joined by a verb ("une coupe de 10 % toucherait 14 000").
_LINKING_VERB_RE = re.compile(
    r"(?<!\w)(?:touch(?:e|era|erait)|concern(?:e|era|erait)|repr[ée]sente\w*|"
    r"(?:would|will|could)?\s*(?:therefore\s+)?(?:affect|hit)s?|equals?|amounts?\s+to|means|"
    r"soit|or|ou|i\.e\.|donc|therefore)(?!\w)",
    re.I,
)
# A bare total right after the figure ("18 000 au total"), or a cut verb in a relative clause
# ("the 11,000 it let go in November").
_TOTAL_AFTER_RE = re.compile(
    r"^" + _Q + r"(?:au\s+total|en\s+tout|in\s+total|in\s+all|altogether|combined)(?!\w)", re.I
)
_CUT_AFTER_RE = re.compile(
    r"^" + _Q + r"(?:" + _W + r"\s+){0,3}?"
    r"(?:(?:had|has|have|were|was|been|a|ont|avait|avaient)\s+)?"
    r"(?:let\s+go|laid\s+off|cut|eliminated|shed|axed|slashed|trimmed|lost\s+their\s+jobs|"
    r"supprim[ée]e?s?|licenci[ée]e?s?)(?!\w)",
    re.I,
)
# A number followed by a cut noun makes a layoff sentence ("environ 10 000 suppressions"):
# the noun, then the figure before it (see _counted_event; a single pattern starting at each
# digit took quadratic time on long runs of numbers, 30 s for a 48 kB table).
_COUNTED_NOUN_RE = re.compile(
    r"(?:suppressions|d[ée]parts|licenciements|layoffs|lay-offs|job\s+cuts|redundancies)(?!\w)"
)
_FIGURE_CHARS = frozenset(".,\u00a0\u202f")
# Durations and other units that are never headcounts ("16 weeks", "90 jours").
_DURATION_AFTER_RE = re.compile(
    r"^[\s\u00a0-]*(?:weeks?|days?|months?|years?|hours?|semaines?|jours?|mois|ans|ann[ée]es?|"
    r"heures?|trimestres?|quarters?)(?!\w)",
    re.I,
)
# Hypotheses and advice ("may need to trim at least 10,000 jobs a year").
_HYPOTHETICAL_RE = re.compile(
    r"(?<!\w)(?:need(?:s|ed)?\s+to|would\s+have\s+to|suggest\w*|recommend\w*|urg(?:e|es|ed)|"
    r"calls?\s+for|called\s+for|if|devrait\s+peut-[êe]tre|faudrait|sugg[ée]r\w*)(?!\w)",
    re.I,
)
# After a figure: a jobs noun or a cut noun, with up to three adjectives in between.
_FUNCTION_WORDS = (
    r"(?:of|in|at|to|from|by|for|on|the|a|an|its|their|and|or|per|with|than|"
    r"de|des|du|d|dans|en|à|au|aux|sur|par|pour|les|la|le|l|et|ou|ses|leurs|avec|que|qui|"
    r"is|are|was|were|will|would|has|have|had|a|est|sont|ont|seront)"
)
_NOUN_AFTER_RE = re.compile(
    _Q + r"(?:(?:de|d" + _AP + r")\s*)?"
    r"(?:(?!" + _FUNCTION_WORDS + r"\b)" + _W + r"[\s\u00a0]+){0,3}?"
    r"(?P<noun>" + _EVENT + r"|" + _JOB + r")(?!\w)",
    re.I,
)
_VAGUE_NOUN_AFTER_RE = re.compile(
    _Q + r"(?:(?:of|de|d" + _AP + r")\s*)?(?:(?!" + _FUNCTION_WORDS + r"\b)" + _W
    + r"\s+){0,2}?(?P<noun>" + _EVENT + r"|" + _JOB + r")(?!\w)",
    re.I,
)
_OPEN_ROLES_AFTER_RE = re.compile(
    _Q + r"(?:(?:open|unfilled|vacant|empty)\s+(?:" + _W + r"\s+)?" + _JOB + r"|"
    r"(?:" + _W + r"\s+)?" + _JOB + r"\s+(?:(?:actuellement|currently|still|encore|not\s+yet)\s+)?"
    r"(?:vacants?|non\s+pourvus|à\s+pourvoir|ouverts|unfilled|open|vacant|filled)|"
    r"openings|vacanc(?:y|ies))(?!\w)",
    re.I,
)
# Percentages: a share of the workforce.
_PCT_OF_WORKFORCE_RE = re.compile(
    _Q + r"(?:of|de|des|du|d" + _AP + r"|sur)\s*(?:(?:its|the|their|a|an|his|ses|son|sa|leurs?|"
    r"la|le|l" + _AP + r"|les|the\s+company" + _AP + r"s|Meta" + _AP + r"s)\s*)?"
    r"(?:[\w'’.,\u00a0\u202f-]+\s+){0,4}?" + _WORKFORCE + r"(?!\w)",
    re.I,
)
_PCT_OWN_WORKFORCE_RE = re.compile(
    _Q + r"(?:ses|son|leurs|its|their)\s+(?:" + _W + r"\s+)?" + _WORKFORCE + r"(?!\w)", re.I
)
_PCT_BEFORE_RE = re.compile(
    r"(?<!\w)(?:" + _WORKFORCE + r"\s+(?:by|de|d" + _AP + r"|of)|r[ée]dui(?:re|t|ra|sant)\s+de|"
    r"(?:reduction|cuts?|réduction|coupe|baisse)\s+(?:\w+\s+){0,2}?(?:at|of|de|d" + _AP + r"|à)|"
    r"(?:affect|hit|touch|concern)\w*)" + _Q + r"$",
    re.I,
)

# Exclusions -----------------------------------------------------------------------------------

_BASE_BEFORE_RE = re.compile(
    r"(?<!\w)(?:employ(?:s|ed|ing)?|employait|emploie|emploient|employaient|"
    r"compt(?:e|ait|aient|ant|ent)|revendiqu\w+|listed|reported|counted|had|has|have|having|"
    r"with|avec|contre|versus|vs\.?|from|pass[ée]e?s?\s+(?:de|d" + _AP + r")|"
    r"on\s+the\s+books|based\s+on(?:\s+(?:the|its))?|sur\s+la\s+base\s+(?:des?|d" + _AP + r")|"
    r"base\s+of|rapport[ée]e?s?\s+(?:à|aux)|"
    r"(?:workforce|headcount|staff|team|payroll|effectifs?|personnel|organi[sz]ation|group|"
    r"division|unit|base)\s+(?:of|de|d" + _AP + r")|"
    r"sur\s+(?:les|un\s+total\s+de)|out\s+of\s+a\s+total\s+of|parmi|out\s+of|"
    r"(?:headcount|workforce|effectifs|staff|employees)\s+(?:[\w'’-]+\s+){0,4}?(?:to|à)|"
    r"(?:fall|falls|fell|drop|drops|decline|shrink|bring|brought|ramener|tomber|descendre|"
    r"baisser|terminer)\w*\s+(?:(?!total\b)[\w'’-]+\s+){0,3}?(?:to|à|avec)|"
    r"from\s+[\d.,\s]+\s*(?:[\w'’-]+\s+){0,3}?to|de\s+[\d.,\s]+\s*(?:[\w'’-]+\s+){0,3}?à)"
    r"(?:\s+(?:the|its|a|an|les|des|ses|quelque|some))?" + _Q + r"$",
    re.I,
)
_BASE_AFTER_RE = re.compile(
    r"^[^,;:.]{0,60}?(?<!\w)(?:(?:that|which|whom|qu" + _AP + r"|que)\s*(?:\w+\s+){0,3}?"
    r"|(?:[\w'’-]+\s+){0,4}?)"
    r"(?:reported|employed|employs|employait|emploie|comptait|compte|revendiquait|listed|"
    r"had\s+before|on\s+the\s+books)(?!\w)",
    re.I,
)
_PERCENT_BASE_GAP_RE = re.compile(
    r"^" + _Q + r"(?:of|out\s+of|des?|du|d" + _AP + r"|sur|parmi)(?!\w)"
    r"(?:(?!(?<!\w)(?:or|soit|ou|about|roughly|around|some|i\.e\.)(?!\w))[^,;:()]){0,40}$",
    re.I,
)
_HIRING_BEFORE_RE = re.compile(
    r"(?<!\w)(?:hir(?:e|es|ed|ing)|recruit\w*|embauch\w*|recrut\w*|fill(?:s|ed|ing)?|"
    r"pourvoir|add(?:s|ed|ing)?|cr[ée]er?|creat(?:e|es|ed|ing)|freez\w*|froze|gel)"
    r"(?!\w)[^,;.]{0,50}$",
    re.I,
)
_INDUSTRY_RE = re.compile(
    r"(?<!\w)(?:layoffs\.fyi|crunchbase|challenger|trueup|tracker|d[ée]compte|"
    r"industry-wide|across\s+the\s+(?:industry|sector|tech\s+industry)|"
    r"(?:tech(?:nology)?|whole|entire)\s+(?:industry|sector)|"
    r"(?:some|others),?\s+(?:such\s+as|like|including)|certain(?:e)?s,?\s+comme|"
    r"(?:other|several|many|plusieurs|nombreuses|d" + _AP + r"autres|\d+)\s+"
    r"(?:(?:tech|technology|large|big)\s+)?"
    r"(?:companies|firms|entreprises|soci[ée]t[ée]s|groupes)|"
    r"(?:at|across)\s+\d[\d,.]*\s+(?:\w+\s+)?(?:companies|firms)|"
    r"le\s+secteur|du\s+secteur|l" + _AP + r"ensemble\s+de\s+la\s+tech|toute\s+la\s+tech)(?!\w)",
    re.I,
)
_TRACKER_RE = re.compile(r"(?<!\w)(?:layoffs\.fyi|crunchbase|challenger|trueup|tracker)(?!\w)",
                         re.I)
_NEGATION_RE = re.compile(
    r"(?<!\w)(?:not|never|no\s+longer|won" + _AP + r"t|wouldn" + _AP + r"t|didn" + _AP + r"t|"
    r"doesn" + _AP + r"t|don" + _AP + r"t|isn" + _AP + r"t|aren" + _AP + r"t|"
    r"weren" + _AP + r"t|denie[sd]|deny|denying|n" + _AP + r"(?:\w+\s+){1,2}pas|"
    r"ne\s+(?:\w+\s+){1,2}pas|d[ée]ment\w*|aucun\w*)(?!\w)",
    re.I,
)
_NEGATION_CANCEL_RE = re.compile(r"(?<!\w)(?:but|mais|only|que|qu" + _AP + r"|however)(?!\w)", re.I)

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

_DEADLINE_BEFORE_RE = re.compile(
    r"(?<!\w)(?:by|until|till|through|before|d" + _AP + r"ici|jusqu" + _AP + r"(?:à|au|en)|"
    r"avant)\s*(?:(?:the|la|le|l" + _AP + r")\s*)?(?:end\s+of\s+|fin\s+(?:de\s+)?)?$",
    re.I,
)
_SINCE_RE = re.compile(r"(?<!\w)(?:since|depuis)\s*$", re.I)
_SUPERLATIVE_RE = re.compile(
    r"(?<!\w)(?:largest|biggest|first|most|highest|worst|deepest|plus\s+importante?|"
    r"plus\s+grande?|premi[eè]re?)(?!\w)[^,;.]{0,40}$",
    re.I,
)
_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "season": 2, "half": 3, "year": 4,
                   "range": 5}

# Cumulative and includes-earlier markers ------------------------------------------------------

_CUM_LEFT_ANCHORED_RE = re.compile(
    r"(?<!\w)(?:(?:bring|brings|bringing|brought|take|takes|taking|took)\s+(?:the|its|their)\s+"
    r"(?:\w+\s+)?(?:total|tally)\s+to|total(?:s|ed|ling|ing)?(?:\s+of)?|"
    r"(?:the|le|un|a|au)\s+(?:\w+\s+)?total\s+(?:\w+\s+){0,2}?(?:to|at|of|is|was|atteint|de|"
    r"d" + _AP + r"|à|reaches|reached|stands\s+at)(?:\s+(?:donc|thus|now|d[ée]sormais))?|"
    r"soit\s+au\s+total|au\s+total|en\s+tout|au\s+cumul|a\s+combined|combined|"
    r"(?:come|comes|came)\s+to|cumul[ée]e?s?\s+(?:de|d" + _AP + r")|altogether|in\s+all)"
    + _Q + r"$",
    re.I,
)
_CUM_LEFT_ANY_RE = re.compile(
    r"(?<!\w)(?:en\s+cumulant|au\s+cumul|cumul[ée]s?|taken\s+together|together|altogether|"
    r"in\s+total|au\s+total|en\s+tout|running\s+total|le\s+total|the\s+total|"
    r"(?:two|three|four|several|multiple|both|deux|trois|quatre|plusieurs)\s+"
    r"(?:rounds|waves|announcements|vagues|annonces|plans|salves))(?!\w)",
    re.I,
)
_CUM_RIGHT_RE = re.compile(
    r"(?<!\w)(?:au\s+total|en\s+tout|in\s+total|in\s+all|altogether|combined|au\s+cumul|"
    r"cumul[ée]e?s|so\s+far|to\s+date|jusqu" + _AP + r"ici|à\s+ce\s+jour|"
    r"a\s+running\s+total|running\s+total|a\s+total\s+that|un\s+total\s+qui|"
    r"(?:across|over|in|during|en|sur)\s+(?:two|three|several|multiple|successive|deux|trois|"
    r"plusieurs)\s+(?:rounds|waves|vagues|salves|annonces)|"
    r"(?:across|over|in|between|en|entre|sur)\s+(?:\w+\s+){0,3}?(?:19|20)\d\d\s*(?:and|et|-|–|"
    r"to|à)\s*(?:(?:the|le|la)\s+)?(?:(?:early|late|d[ée]but|fin)\s+(?:of\s+|de\s+)?)?"
    r"(?:19|20)?\d\d)"
    r"(?!\w)",
    re.I,
)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre"
)
_INCLUDES_RE = re.compile(
    r"(?<!\w)(?:including|includes?|included|inclu(?:t|ait|ant|ent|s|se)|"
    r"y\s+compris(?!\s+(?:en|au|aux|dans|in)\b)|englob\w+|folds?\s+in|folded\s+in|"
    r"comprend\w*|covers?|covering)(?!\w)[^.;]{0,70}?(?<!\w)(?:earlier|previous|prior|first|"
    r"last|already|d[ée]jà|pr[ée]c[ée]dent\w*|premi[eè]re?|vague|wave|round|cuts|reductions|"
    r"layoffs|suppressions|d[ée]parts|licenciements|" + _MONTHS + r")(?!\w)",
    re.I,
)
_RUNNING_TOTAL_NEXT_RE = re.compile(
    r"^[^\d]{0,80}?(?<!\w)(?:the|this|that|ce|cette|le|ces)\s+(?:\w+\s+)?"
    r"(?:figure|number|total|chiffre|nombre)\s+(?:\w+\s+){0,3}?(?:is\s+a\s+running\s+total|"
    r"is\s+cumulative|includes?|inclut|incluait|englobe\w*|comprend|covers|folds\s+in|"
    r"est\s+un\s+cumul|est\s+cumul[ée])",
    re.I,
)

# Units ----------------------------------------------------------------------------------------

_UNIT_EN_RE = re.compile(
    r"(?<!\w)(?:in|at|within|from|across)\s+(?P<proper>(?:[A-Z][\w'’&-]*\s+){0,3}[A-Z][\w'’&-]*)"
    r",\s+(?:its|the\s+company" + _AP + r"s)\s+[\w\s-]{1,40}?(?:division|unit|group|arm)(?!\w)"
    r"|(?<!\w)(?:in|at|within|from|across)\s+(?:its|the|the\s+company" + _AP + r"s)\s+"
    r"(?P<name>(?:[\w'’&-]+\s+){1,4}?)(?:division|unit|business|group|organi[sz]ation|arm|"
    r"segment|team)s?(?!\w)"
    r"|(?<!\w)(?:its|the)\s+(?P<name2>(?:[\w'’&-]+\s+){1,4}?)(?:division|unit)(?!\w)",
)
_UNIT_FR_RE = re.compile(
    r"(?<!\w)(?:dans|chez|au\s+sein\s+(?:de|d" + _AP + r"|du|de\s+la))\s+(?:sa|son|la|le|l"
    + _AP + r")?\s*(?:division|branche|filiale|unit[ée]|p[ôo]le|activit[ée]|d[ée]partement)\s+"
    r"(?:(?:de|d" + _AP + r"|du|des)\s*)?(?P<name>[\w'’-]+(?:\s+(?!(?:en|au|aux|à|et|qui|dans|"
    r"pour|de|du|des|sur|avec|ou)\b)[\w'’-]+){0,2})"
    r"|(?<!\w)au\s+sein\s+(?:de|d" + _AP + r")\s*(?P<proper>(?:[A-Z][\w'’&-]*\s*){1,3})",
)
_UNIT_STOP_RE = re.compile(r"\s+(?:en|au|aux|à|in|at|et|and|qui|which|that|dans)$", re.I)

# Countries ------------------------------------------------------------------------------------

_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("United States", r"the\s+United\s+States|the\s+U\.?S\.?A?\.?(?!\w)|[ÉE]tats-Unis"),
    ("France", r"France|l['’]Hexagone"), ("Europe", r"Europe"), ("India", r"India|Inde"),
    ("Germany", r"Germany|Allemagne"),
    ("United Kingdom", r"the\s+(?:United\s+Kingdom|UK|U\.K\.)|Britain|Royaume-Uni|Angleterre"),
    ("Canada", r"Canada"), ("Ireland", r"Ireland|Irlande"), ("China", r"China|Chine"),
    ("Japan", r"Japan|Japon"), ("Israel", r"Isra[eë]l"), ("Spain", r"Spain|Espagne"),
    ("Italy", r"Italy|Italie"), ("Belgium", r"Belgium|Belgique"),
    ("Switzerland", r"Switzerland|Suisse"), ("Netherlands", r"the\s+Netherlands|Pays-Bas"),
    ("Poland", r"Poland|Pologne"), ("Sweden", r"Sweden|Su[èe]de"),
    ("Australia", r"Australia|Australie"), ("Brazil", r"Brazil|Br[ée]sil"),
    ("Mexico", r"Mexico|Mexique"), ("Singapore", r"Singapore|Singapour"),
    ("Costa Rica", r"Costa\s+Rica"), ("Vietnam", r"Vietnam|Viet\s+Nam"),
    ("Malaysia", r"Malaysia|Malaisie"),
)
_COUNTRY_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(
        r"(?:(?<!\w)(?:in|across|throughout|en|au|aux|dans\s+l" + _AP + r"|y\s+compris\s+en|"
        r"including\s+in)\s+(?:" + pattern + r")(?!\w))|(?:(?<!\w)(?:" + pattern
        + r")\s+compris(?:e)?(?!\w))"))
    for name, pattern in _COUNTRIES
)

# Reasons --------------------------------------------------------------------------------------

_REASON_RES: tuple[tuple[Reason, re.Pattern[str]], ...] = (
    ("ai", re.compile(
        r"(?<![\w-])(?:AI|A\.I\.|IA|GenAI)(?![\w])|(?i:artificial\s+intelligence|"
        r"intelligence\s+artificielle|automation|automatisation|automated|"
        r"\bagents?\b|agentforce|machine\s+learning|superintelligence)")),
    ("cost_cutting", re.compile(
        r"(?i:cost[- ]cutting|cut(?:ting)?\s+costs|reduc\w+\s+(?:its\s+|their\s+|our\s+)?costs|"
        r"lower\s+costs|costs?\s+(?:reductions?|savings?|structure|cuts|base)|cost\s+savings|"
        r"efficien\w+|[ée]conomies|r[ée]duire\s+(?:les|ses|leurs)\s+co[uû]ts|"
        r"r[ée]duction\s+(?:des|de)\s+co[uû]ts|structure\s+de\s+co[uû]ts|costs\s+were\s+too\s+"
        r"high|(?:cut\w*|trim\w*|reduc\w+|limit\w*|curb\w*)\s+(?:\w+\s+)?spending|"
        r"(?:r[ée]du\w+|limiter)\s+(?:de\s+)?(?:ses|les|leurs)\s+d[ée]penses|rationalis\w+|"
        r"right-?siz\w+|leaner)")),
    ("restructuring", re.compile(
        r"(?i:restructur\w+|re-?organi[sz]\w+|r[ée]organis\w+|rebalanc\w+|r[ée][ée]quilibr\w+|"
        r"streamlin\w+|management\s+layers|layers\s+of\s+management|niveaux\s+hi[ée]rarchiques|"
        r"strates\s+hi[ée]rarchiques|flatten\w*)")),
    ("performance", re.compile(
        r"(?i:low(?:est)?[- ]performers?|under-?perform\w*|sous-performants?|"
        r"moins\s+performants?|performance[- ]based|insuffisance\s+professionnelle|"
        r"(?<!financial\s)(?<!pire\s)\bperformances?\b(?!\s+financi[eè]res?))")),
    ("economic_conditions", re.compile(
        r"(?i:economic\s+uncertainty|uncertain\s+econom\w+|uncertainty\s+in\s+the\s+(?:global\s+)?"
        r"economy|macro-?economic|inflation|conjoncture|incertitude\s+[ée]conomique|"
        r"economic\s+(?:slowdown|downturn|conditions|environment|reality|headwinds)|downturn|"
        r"slowdown|recessions?|r[ée]cessions?|ralentissement|interest\s+rates|"
        r"taux\s+d['’]int[ée]r[eê]t|environnement\s+[ée]conomique|croissance\s+"
        r"(?:[ée]conomique\s+)?(?:ralentie|mod[ée]r[ée]e)|market\s+conditions|slump)")),
)
_REASON_NEGATION_RE = re.compile(
    r"(?:(?<!\w)(?:not|never|no|nor|neither|without|rather\s+than|instead\s+of|pas|ni|sans|"
    r"plut[ôo]t\s+que|non)|n" + _AP + r"t)(?!\w)[^.;:]{0,60}$",
    re.I,
)
_REASON_CONTRAST_RE = re.compile(r"(?<!\w)(?:but|mais|however|cependant|instead)(?!\w)", re.I)

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
    del lang  # the vocabularies are small enough to check together
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


def extract_mentions(
    article: Article, companies: CompanyTable, *, today: date | None = None
) -> list[Mention]:
    """Every job-cut mention in ``article``, in text order. See the module docstring.

    ``today`` bounds the publication-date estimate of an undated article
    (:func:`index.dates.bounds_from_content`); it is not used otherwise.
    """
    lang = "fr" if article.lang.lower().startswith("fr") else "en"
    paragraphs = _paragraphs(article.text)
    if not paragraphs:
        return []
    if article.published is not None:
        fallback: Span | None = Span(article.published, article.published, "day",
                                     article.published.isoformat())
    else:
        fallback = bounds_from_content(article.text, lang, today)
    layoff: dict[str, bool] = {}

    def is_layoff(sentence: str) -> bool:
        if sentence not in layoff:
            layoff[sentence] = is_layoff_sentence(sentence, lang)
        return layoff[sentence]

    names = read_article_names(article.title, paragraphs, lang=article.lang, table=companies,
                               outlet=article.outlet, is_layoff=is_layoff)
    found: dict[str, list[CompanyMention]] = {}
    ctx = _Ctx(article, lang, companies, _main_company(article.title, paragraphs[0], companies,
                                                       names, found), fallback, names, found,
               layoff)
    out: list[Mention] = []
    history: list[list[int]] = []  # indices into ``out``, one entry per sentence read
    for paragraph in paragraphs:
        reasons = _reasons(paragraph)
        prev: _Read | None = None
        for sentence in paragraph:
            read = _read_sentence(ctx, sentence, prev, reasons)
            if _RUNNING_TOTAL_NEXT_RE.search(sentence):
                _mark_running_total(out, history)
            history.append(list(range(len(out), len(out) + len(read.mentions))))
            out.extend(read.mentions)
            prev = read
    log.debug("%d mention(s) in %s", len(out), article.source)
    return out


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


def _paragraphs(text: str) -> list[list[str]]:
    """Sentences grouped by paragraph. A blank line ends a paragraph; so does a line break
    after a line that ends a sentence (HTML extraction puts one paragraph per line)."""
    out: list[list[str]] = []
    for block in _BLOCK_SPLIT_RE.split(text):
        current: list[str] = []
        lines = [line for line in block.split("\n") if line.strip()]
        for n, line in enumerate(lines):
            current.append(line)
            if n + 1 == len(lines) or _LINE_END_RE.search(line):
                sentences = split_sentences("\n".join(current))
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


def _main_company(title: str, first: Sequence[str], companies: CompanyTable,
                  names: ArticleNames | None = None,
                  cache: dict[str, list[CompanyMention]] | None = None,
                  ) -> tuple[str | None, str | None]:
    """The most frequent canonical company in the title and first paragraph (ties: the first
    named), with the unit the title gives it, if any: the alias table's companies and the
    ones the article itself shows (a company named only in passing never is)."""
    names = names or ArticleNames(companies={})
    in_title = [m for m in _find(companies, names, title, cache) if m.company]
    everything = in_title + [m for s in first for m in _find(companies, names, s, cache)
                             if m.company]
    if not everything:
        return None, None
    counts = Counter(m.company for m in everything)
    first_seen: dict[str, int] = {}
    for i, m in enumerate(everything):
        first_seen.setdefault(m.company, i)
    company = max(counts, key=lambda c: (counts[c], -first_seen[c]))
    unit = next((m.unit for m in in_title if m.company == company), None)
    return company, unit


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
    figures = _classify(sentence, quantities, continuation)
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


def _classify(sentence: str, quantities: list[Quantity], continuation: bool) -> list[_Figure]:
    figures: list[_Figure] = []
    previous_cut: Quantity | None = None
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
    event_after = bool(noun and re.fullmatch(_EVENT, noun.group("noun"), re.I))
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
    # "600 suppressions de postes en janvier et 200 en juin": a bare count coordinated with the
    # previous cut figure shares its noun.
    if previous_cut is not None and not q.vague:
        gap = sentence[previous_cut.end:q.start]
        return len(gap) <= 45 and bool(re.search(r"(?<!\w)(?:and|et)\s*$", gap, re.I))
    return False


def _is_base(sentence: str, quantities: list[Quantity], i: int, right: str) -> bool:
    """A total headcount, a target or a comparison base, not a cut."""
    q = quantities[i]
    if _BASE_BEFORE_RE.search(sentence[max(0, q.start - 70):q.start]):
        return True
    if _BASE_AFTER_RE.match(right):
        return True
    # "5% of its 83,300 employees", "la moitié des quelque 7 500 employés"
    return any(p.percent is not None and _PERCENT_BASE_GAP_RE.match(sentence[p.end:q.start])
               for p in quantities[:i])


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
            if not _DEADLINE_BEFORE_RE.search(sentence[max(0, t[1] - 25):t[1]])]


_SEPARATOR_RE = re.compile(r"[,;]|\s(?:and|et|while|whereas|alors\s+que|but|mais)\s", re.I)


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
    start, end = min(f.q.start for f in group), max(f.q.end for f in group)
    company = _company(ctx, sentence, start, end, found, prev)
    if company is None:
        return None
    name, unit = company
    indices = [i for i, f in enumerate(figures) if any(f is g for g in group)]
    lo = figures[indices[0] - 1].q.end if indices[0] > 0 else 0
    hi = figures[indices[-1] + 1].q.start if indices[-1] + 1 < len(figures) else len(sentence)
    if unit is None:
        unit = _unit_in(sentence, start, end, lo, hi, found, name)
    right = sentence[end:_clause_end(sentence, end) if _clause_end(sentence, end) < hi else hi]
    left = sentence[max(lo, _clause_start(sentence, start)):start]
    own = [t for i in indices for t in owner.get(i, [])]
    announced, from_publication, since = _announced(ctx, sentence, own, prev, start, end)
    includes = bool(_INCLUDES_RE.search(right))
    cumulative = bool(includes or since or _CUM_LEFT_ANCHORED_RE.search(left)
                      or _CUM_LEFT_ANY_RE.search(left) or _CUM_RIGHT_RE.search(right)
                      or _multi_period(announced, from_publication))
    vague = count is not None and count.vague
    return Mention(
        company=name, unit=unit,
        headcount=count.value if count is not None and not vague else None,
        low=count.low if count is not None else None,
        high=count.high if count is not None else None,
        qualifier=(count or pct or group[0].q).qualifier, vague=vague,
        percent=pct.percent if pct is not None else None,
        announced=announced, date_from_publication=from_publication,
        cumulative=cumulative, includes_earlier=includes,
        country=_mention_country(sentence, start, end, lo, hi, alone),
        reasons=reasons,
        sentence=sentence, doc_id=ctx.article.doc_id, source=ctx.article.source,
        published=ctx.article.published,
    )


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
    before = [m for m in found if m.end <= start]
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
    company, unit = ctx.main
    return (company, unit) if company is not None else None


def _unknown_subject(ctx: _Ctx, sentence: str, lo: int, hi: int) -> bool:
    """A capitalised name that is none of our companies, with its own cut verb, between
    ``lo`` and ``hi`` ("Discord let go of 17%"): not a person, place or source the article
    names, nor a word that starts sentences ("The", "Der", "El")."""
    for unknown in _UNKNOWN_SUBJECT_RE.finditer(sentence, lo, hi):
        name = unknown.group("name")
        if _not_a_company(name.split()[0]):
            continue
        if name in ctx.names.persons or name in ctx.names.others:
            continue
        if name in ctx.names.companies or ctx.companies.lookup(name) is not None:
            continue
        log.debug("figure before %d belongs to %r, not one of the article's companies", hi,
                  name)
        return True
    return False


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
        if m.unit and m.company == company and end <= m.start < clause_hi and re.search(
            r"(?<!\w)(?:at|in|within|chez|dans|au\s+sein\s+(?:de|d" + _AP + r")|à)\s+"
            r"(?:(?:the|its|their|sa|son|ses|la|le|l" + _AP + r")\s*)?$",
            sentence[max(end, m.start - 16):m.start], re.I,
        ):
            return m.unit
    for regex in (_UNIT_EN_RE, _UNIT_FR_RE):
        for match in regex.finditer(sentence, clause_lo, clause_hi):
            name = next((g for g in match.groups() if g), None)
            if not name:
                continue
            name = _UNIT_STOP_RE.sub("", name.strip(" ,.;'’"))
            if name and name.lower() not in {"global", "overall", "whole", "entire", "own"}:
                return name
    return None


def _announced(
    ctx: _Ctx, sentence: str, own: list[_Located], prev: _Read | None, start: int, end: int,
) -> tuple[Span | None, bool, bool]:
    """(span, taken from the publication date, a "since X" phrase was used)."""
    since = False
    if own:
        chosen: list[_Located] = []
        for span, s, e in own:
            opens = bool(re.match(r"(?:since|depuis)\b", span.text, re.I)
                         or _SINCE_RE.search(sentence[max(0, s - 8):s]))
            if opens and _SUPERLATIVE_RE.search(sentence[:s]):
                # "its biggest since early 2023": the date is early 2023, not a running total
                inner = re.sub(r"^(?:since|depuis)\s+", "", span.text, flags=re.I)
                lead = "en" if ctx.lang == "fr" else "in"
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
            reused = next((m.announced for m in prev.mentions if not m.date_from_publication),
                          None)
            if reused is not None:
                return reused, False, False
        elif prev.is_layoff:
            borrowed = _previous_span(ctx, prev.sentence)
            if borrowed is not None:
                return borrowed, False, False
    return ctx.fallback, ctx.fallback is not None, False


def _previous_span(ctx: _Ctx, sentence: str) -> Span | None:
    """A date of the previous sentence that no figure of its own (a headcount, money) holds."""
    located = _locate(sentence, find_event_spans(sentence, ctx.lang, ctx.article.published))
    if not located:
        return None
    quantities = [q for q in find_quantities(sentence, ctx.lang) if _significant(q)]
    for span, s, e in located:
        if span.text.lower().startswith(("since", "depuis")):
            continue
        if any(_distance(q.start, q.end, s, e) <= 25 for q in quantities):
            continue
        return span
    return None


def _multi_period(span: Span | None, from_publication: bool) -> bool:
    """A range across a year end and longer than a month and a half ("between last fall and
    January", "the winter of 2022-23"): the figure sums several rounds."""
    if span is None or from_publication or span.precision not in ("range", "season"):
        return False
    return span.start.year != span.end.year and (span.end - span.start).days > 45


_WORLDWIDE_RE = re.compile(
    r"(?<!\w)(?:worldwide|globally|global|dans\s+le\s+monde|mondia(?:l|ux|les?))(?!\w)", re.I
)


def _mention_country(sentence: str, start: int, end: int, lo: int, hi: int,
                     alone: bool) -> str | None:
    """Where the cut is said to be: after the figure first ("500 jobs in the US"), then before
    it in its own clause, then anywhere in the sentence when it reports a single figure."""
    right = _country(sentence[end:hi])
    if right:
        return right
    left_lo = max(lo, _clause_start(sentence, start))
    seps = list(_SEPARATOR_RE.finditer(sentence, left_lo, start))
    left = _country(sentence[seps[-1].end() if seps else left_lo:start])
    if left:
        return left
    return _country(sentence) if alone else None


def _country(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for name, regex in _COUNTRY_RES:
        m = regex.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    if best is None or (_WORLDWIDE_RE.search(text) and best[1] != "Europe"
                        and "compris" not in text[best[0]:best[0] + 40]):
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
