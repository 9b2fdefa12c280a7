"""What a question asks: its language, companies, period and intent."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from index import vocab
from index.companies import CompanyMention, CompanyTable, find_known, is_place
from index.dates import Span, parse_question_period
from index.langs import detect_language
from index.text import fold

Intent = Literal["count", "rounds", "largest", "when", "why", "list", "compare", "lookup"]

_INTENT_ORDER: tuple[Intent, ...] = ("rounds", "largest", "compare", "list", "why", "when",
                                     "count")


@vocab.cached
def _intents() -> tuple[tuple[Intent, re.Pattern[str]], ...]:
    """Each intent's pattern over a folded question, from the [question] table of every language
    file (a question is matched with all of them: it is short, and may mix languages)."""
    out = []
    for intent in _INTENT_ORDER:
        fragments = vocab.merged_words("question", intent)
        pattern = r"\b(?:" + "|".join(fragments) + r")\b" if fragments else r"(?!x)x"
        if intent == "largest":  # "the largest, Meta or Google?" is a comparison
            unless = vocab.merged_words("question", "largest_unless")
            if unless:
                pattern += r"(?!.*\b(?:" + "|".join(unless) + r")\b)"
        out.append((intent, re.compile(pattern)))
    return tuple(out)


@vocab.cached
def _not_names() -> frozenset[str]:
    """Capitalised words that are not names, so an unknown capitalised word can mean "unknown
    company": every language's [question] not_names, month and weekday names (folded)."""
    words = set(vocab.merged_words("question", "not_names"))
    for voc in vocab.vocabularies():
        words.update(voc.mapping("months"))
        words.update(voc.mapping("weekdays"))
    return frozenset(fold(w) for w in words)


# A keycap emoji (1️⃣, #️⃣) is a digit or sign, then an optional VS16, then U+20E3.
_KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")

class NotAQuestion(ValueError):
    """Text with no word in it (empty, blank, punctuation or emoji only): nothing to answer.
    Its message asks for a question, in English."""

    def __init__(self) -> None:
        super().__init__(ask_for_a_question("en"))


def is_question(text: str) -> bool:
    """Whether ``text`` could be a question at all: it holds a letter or a digit. An empty,
    whitespace-only, punctuation-only or emoji-only text is not (it would be answered with
    arbitrary passages)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in _KEYCAP.sub("", text))


def ask_for_a_question(lang: str | None = None) -> str:
    """The one line asking for a question, in ``lang`` when its file has one (English
    otherwise)."""
    code = (lang or "en").split("-")[0].lower()
    return str(vocab.vocabulary(code).value("question", "ask")
               or vocab.vocabulary("en").value("question", "ask"))


def off_topic_line(lang: str | None = None) -> str:
    """The one line for a question about something else, in ``lang`` when its file has one."""
    code = (lang or "en").split("-")[0].lower()
    return str(vocab.vocabulary(code).value("question", "off_topic")
               or vocab.vocabulary("en").value("question", "off_topic"))


@vocab.cached
def _topic_cues() -> tuple[str, ...]:
    """Folded word prefixes that put a question on topic, from every language: its
    ``topic_words`` and the "job", "cut" and "hire" concepts of the answers."""
    cues: dict[str, None] = {}
    for voc in vocab.vocabularies():
        cues.update(dict.fromkeys(str(w) for w in voc.words("question", "topic_words")))
        concepts = voc.table("answer.concepts")
        for name in ("job", "cut", "hire"):
            cues.update(dict.fromkeys(str(c) for c in concepts.get(name, ())))
    return tuple(c for c in cues if c.strip())


def is_off_topic(question: Question) -> bool:
    """A question about something else: it names no company or unit the bot knows, no name
    that could be one (a country is none), and no word of jobs, cuts or their subject
    ("what's the weather?", "qui est le président ?", "wie spät ist es in Tokio?")."""
    if question.companies or question.units or any(
            not is_place(name) for name in question.unknown_names):
        return False
    folded = f" {fold(question.text)} "
    return not any(cue in folded for cue in _topic_cues())


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    intent: Intent
    companies: tuple[str, ...]
    units: tuple[str, ...]
    period: Span | None
    unknown_names: tuple[str, ...]  # capitalised names that are no known company


def detect_intent(text: str) -> Intent:
    folded = fold(text)
    for intent, pattern in _intents():
        if pattern.search(folded):
            return intent
    return "lookup"


def parse_question(text: str, *, languages: Sequence[str], companies: CompanyTable,
                   today: date, known: Sequence[str] = (),
                   named_units: Mapping[str, str] | None = None) -> Question:
    """``known``: the ledger's company names, so that a company the alias table does not
    know ("Personio", "delivery hero") is resolved from the articles themselves;
    ``named_units``: the ledger's units written as names, with their company (a brand its
    articles show as a unit of its parent: "Xing" of New Work)."""
    lang = detect_language(text, languages)
    mentions = companies.find(text)
    mentions += [m for m in find_known(text, (k for k in known if companies.get(k) is None))
                 if not any(o.start < m.end and m.start < o.end for o in mentions)]
    owner = named_units or {}
    mentions += [CompanyMention(owner[m.company], m.company, m.start, m.end, m.text)
                 for m in find_known(text, (u for u in owner if companies.get(u) is None))
                 if not any(o.start < m.end and m.start < o.end for o in mentions)]
    mentions.sort(key=lambda m: m.start)
    canonical = tuple(dict.fromkeys(m.company for m in mentions))
    units = tuple(dict.fromkeys(m.unit for m in mentions if m.unit))
    covered = [(m.start, m.end) for m in mentions]
    unknown: list[str] = []
    for match in re.finditer(r"\b[A-Z][\w&.-]*[A-Za-z0-9]\b|\b[A-Z]{2,}\b", text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        word = match.group(0)
        if match.start() == 0 or fold(word) in _not_names():
            continue  # a question's first word is capitalised anyway
        unknown.append(word)
    return Question(
        text=text,
        lang=lang,
        intent=detect_intent(text),
        companies=canonical,
        units=units,
        period=parse_question_period(text, lang, today),
        unknown_names=tuple(dict.fromkeys(unknown)),
    )
