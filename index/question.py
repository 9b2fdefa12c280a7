"""What a question asks: its language, companies, period and intent."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from index.companies import CompanyTable, find_known
from index.dates import Span, parse_question_period
from index.langs import detect_language
from index.text import fold

Intent = Literal["count", "rounds", "largest", "when", "why", "list", "compare", "lookup"]

_INTENTS: list[tuple[Intent, re.Pattern[str]]] = [
    ("rounds", re.compile(
        r"\b(how many (separate |distinct )?(rounds|waves|times)|number of (rounds|waves)|"
        r"combien de (vagues|fois|plans|series|rounds)|nombre de vagues)\b")),
    ("largest", re.compile(
        r"\b(largest|biggest|plus grande|plus grosse|plus gros|la plus importante|"
        r"le plus important|le plus de|the most)\b(?!.*\b(or|ou)\b)")),
    ("compare", re.compile(
        r"\b(compare[sd]?|comparer|comparaison|versus|vs\.?|plus que|moins que|"
        r"more than .* or|davantage que|difference between|ecart entre|larger|bigger|"
        r"plus (de personnes|d'emplois|de postes) .*qu|plus importante? .* ou|more\b.*\bor)\b")),
    ("list", re.compile(
        r"\b(which (companies|firms|divisions|units|teams)|list|lister|liste|"
        r"quelles (entreprises|societes|divisions|equipes)|quels (groupes|services))\b")),
    ("why", re.compile(r"\b(why|pourquoi|reason|reasons|raison|raisons|motif|cause|causes)\b")),
    ("when", re.compile(r"\b(when|quand|what date|a quelle date|en quelle annee|which year)\b")),
    ("count", re.compile(
        r"\b(how many|how much|number of|combien|nombre|total|what share|what percentage|"
        r"quel pourcentage|quelle part|what proportion|figure)\b")),
]

# Capitalised words that are not names, so an unknown capitalised word can mean "unknown company".
_NOT_NAMES = {
    "how", "what", "when", "why", "which", "who", "did", "does", "do", "has", "have", "is", "are",
    "was", "were", "will", "can", "could", "the", "in", "on", "at", "since", "and", "or", "of",
    "combien", "quand", "pourquoi", "quel", "quels", "quelle", "quelles", "est", "a", "ont", "le",
    "la", "les", "en", "depuis", "et", "ou", "de", "des", "du", "au", "aux", "dans", "chez",
    "qui", "que", "comment", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "janvier", "fevrier", "mars",
    "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
    "q1", "q2", "q3", "q4", "t1", "t2", "t3", "t4", "ai", "ia", "ceo", "us", "uk", "eu",
    "europe", "france", "american", "french", "list", "compare", "give", "tell", "show",
}


# A keycap emoji (1️⃣, #️⃣) is a digit or sign, then an optional VS16, then U+20E3.
_KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")

ASK_FOR_A_QUESTION = {
    "en": "Please ask a question in words, for example: how many jobs has Amazon cut since 2022?",
    "fr": "Posez une question en toutes lettres, par exemple : combien d'emplois Amazon "
          "a-t-il supprimés depuis 2022 ?",
}


class NotAQuestion(ValueError):
    """Text with no word in it (empty, blank, punctuation or emoji only): nothing to answer.
    Its message asks for a question, in English."""

    def __init__(self) -> None:
        super().__init__(ASK_FOR_A_QUESTION["en"])


def is_question(text: str) -> bool:
    """Whether ``text`` could be a question at all: it holds a letter or a digit. An empty,
    whitespace-only, punctuation-only or emoji-only text is not (it would be answered with
    arbitrary passages)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in _KEYCAP.sub("", text))


def ask_for_a_question(lang: str | None = None) -> str:
    """The one line asking for a question, in ``lang`` when known (English otherwise)."""
    return ASK_FOR_A_QUESTION.get((lang or "en").split("-")[0].lower(), ASK_FOR_A_QUESTION["en"])


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
    for intent, pattern in _INTENTS:
        if pattern.search(folded):
            return intent
    return "lookup"


def parse_question(text: str, *, languages: Sequence[str], companies: CompanyTable,
                   today: date, known: Sequence[str] = ()) -> Question:
    """``known``: the ledger's company names, so that a company the alias table does not
    know ("Personio", "delivery hero") is resolved from the articles themselves."""
    lang = detect_language(text, languages)
    mentions = companies.find(text)
    mentions += [m for m in find_known(text, (k for k in known if companies.get(k) is None))
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
        if match.start() == 0 or fold(word) in _NOT_NAMES:
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
