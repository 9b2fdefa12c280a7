"""Follow-up questions in a conversation: "and Meta?" after "how many jobs has Amazon cut since
2022?" means "how many jobs has Meta cut since 2022?"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from index.companies import CompanyTable
from index.dates import parse_question_period
from index.langs import detect_language
from index.question import detect_intent

_LEAD = re.compile(r"^\s*(and|what about|how about|et|quid de|et pour|et chez|and for|and at)\b"
                   r"[\s,]*", re.IGNORECASE)
SHORT = 6  # a follow-up of at most this many words leans on the previous question
_PREPOSITION = (r"(?:(?:since|in|during|from|between|before|after|over|depuis|en|pendant|entre|"
                r"avant|après|au|aux|dans)\s+)?")


def _with_preposition(text: str, phrase: str) -> str:
    """``phrase`` as it stands in ``text``, with the preposition in front of it ("en 2023")."""
    match = re.search(_PREPOSITION + re.escape(phrase), text, re.IGNORECASE)
    return match.group(0) if match else phrase


def merge_followup(previous: str, followup: str, *, companies: CompanyTable,
                   languages: Sequence[str], today: date) -> str:
    """The question to answer for ``followup`` given the ``previous`` one in the thread.

    A follow-up that stands on its own (a question word, or more than a few words) is kept as
    it is. A short one replaces the previous question's company ("and Meta?") or period
    ("et en 2023 ?"), or both.
    """
    text = followup.strip()
    words = text.split()
    if not previous or (len(words) > SHORT and not _LEAD.match(text)):
        return text
    if detect_intent(text) != "lookup" and len(words) > 3:
        return text
    core = _LEAD.sub("", text).strip(" ?!.")
    lang = detect_language(previous, languages)
    merged = previous
    new_companies = companies.find(core)
    old_companies = companies.find(previous)
    if new_companies:
        replacement = new_companies[0].text
        if old_companies:
            for mention in sorted(old_companies, key=lambda m: -m.start):
                merged = merged[:mention.start] + replacement + merged[mention.end:]
        else:
            merged = f"{merged.rstrip(' ?')} ({replacement}) ?"
    new_period = parse_question_period(core, lang, today)
    if new_period is not None and new_period.text:
        new_text = _with_preposition(core, new_period.text)
        old_period = parse_question_period(previous, lang, today)
        old_text = _with_preposition(previous, old_period.text) if old_period else ""
        if old_text and old_text in merged:
            merged = merged.replace(old_text, new_text, 1)
        else:
            merged = f"{merged.rstrip(' ?')} {new_text} ?"
    if merged == previous:  # nothing recognised: ask both together
        return f"{previous.rstrip(' ?')} — {text}"
    return merged
