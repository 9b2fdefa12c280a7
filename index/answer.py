"""Extractive answers: the sentences that answer a question, each cited, in the asker's language.

No language model is used: every sentence shown comes from a cited passage, so every number in
an answer appears in the passage it cites. When the evidence is weak the answer says the indexed
sources don't answer, and lists the closest sources instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from index import ledger_answer as la
from index import vocab
from index.companies import find_known
from index.dates import Span, find_event_spans
from index.events import Event
from index.lexical import tokenize
from index.models import Answer, Chunk, Citation, Hit
from index.numbers import Quantity, find_quantities, numbers_in
from index.question import (
    NotAQuestion,
    Question,
    is_off_topic,
    is_question,
    off_topic_line,
    parse_question,
)
from index.retrieve import period_filter
from index.text import fold, split_sentences

if TYPE_CHECKING:
    from index.engine import Engine

log = logging.getLogger(__name__)

CANDIDATE_HITS = 10
MAX_SENTENCES = 3
MIN_SCORE = 2.0

@vocab.cached
def _concepts() -> dict[str, tuple[str, ...]]:
    """Concepts that mean the same across languages, as word prefixes written folded (lower
    case, no accents): the ``[answer.concepts]`` table of every language file, merged (a
    question may be answered from an article in another language)."""
    out: dict[str, dict[str, None]] = {}
    for voc in vocab.vocabularies():
        for name, cues in voc.table("answer.concepts").items():
            out.setdefault(name, {}).update(dict.fromkeys(str(c) for c in cues))
    return {name: tuple(cues) for name, cues in out.items()}


@dataclass(frozen=True)
class Scored:
    sentence: str
    chunk: Chunk
    score: float


def concepts(text: str) -> set[str]:
    folded = f" {fold(text)} "
    return {name for name, cues in _concepts().items() if any(cue in folded for cue in cues)}


def answer_question(engine: Engine, text: str, *, today: date | None = None) -> Answer:
    """The answer to ``text``; raises :class:`NotAQuestion` when it holds no word at all
    (empty, punctuation or emoji only), rather than answering with arbitrary passages."""
    if not is_question(text):
        raise NotAQuestion()
    today = today or date.today()
    question = parse_question(text, languages=engine.settings.languages,
                              companies=engine.companies, today=today,
                              known=engine.ledger.companies(),
                              named_units=engine.ledger.named_units())
    if is_off_topic(question):  # one polite line, no passages about something else
        return Answer(question=text, lang=question.lang, text=off_topic_line(question.lang),
                      citations=(), refused=True)
    hits = engine.search(text, CANDIDATE_HITS, lang=question.lang)
    return compose(question, hits, engine)


def compose(question: Question, hits: Sequence[Hit], engine: Engine) -> Answer:
    scored = score_sentences(question, hits, engine)
    chosen = pick(scored)
    reason = weakness(question, hits, chosen, engine)
    computed = ledger_answer(question, engine, hits, passage_found=not reason)
    if computed is not None:
        return computed
    if reason:
        log.info("refusing %r: %s", question.text, reason)
        return refusal(question, hits)
    return extractive_answer(question, chosen, hits, engine)


_SHARE = re.compile(r"\b(share|percent|percentage|proportion|pourcentage|part|quelle part)\b|%")
LEDGER_INTENTS = {"count", "rounds", "largest", "compare", "when", "list"}


def ledger_answer(question: Question, engine: Engine, hits: Sequence[Hit], *,
                  passage_found: bool) -> Answer | None:
    """A computed answer from the event ledger, or None to keep the passage answer."""
    intent = question.intent
    if intent not in LEDGER_INTENTS or (intent == "list" and question.companies):
        return None
    if "cut" not in concepts(question.text) and intent != "rounds":
        return None  # "how many employees will Intel have?" is not about the ledger
    ledger = engine.ledger
    composer = la.Composer(question.lang, quote_of=engine.catalog.citation,
                           show_percent=bool(_SHARE.search(fold(question.text))))
    period = question.period
    by_company = {c: _events_for(engine, question, c, period) for c in question.companies}
    found = [e for events in by_company.values() for e in events]
    text = ""
    if not question.companies:
        if intent in ("list", "largest", "count") and not question.unknown_names:
            text = la.compose_list(composer, ledger, period) if intent != "largest" else (
                la.compose_largest(composer, [e for e in ledger.events
                                              if la.in_period(e, period)], period))
        else:
            return None
    elif not found:
        if passage_found:
            return None
        text = " ".join(la.compose_none(question.lang, c, period)
                        for c in question.companies)
        return Answer(question=question.text, lang=question.lang, text=text,
                      citations=refusal(question, hits).citations, refused=True,
                      hits=tuple(hits))
    elif intent == "compare":
        text = _compare(composer, question, engine, by_company)
    elif intent == "largest":
        text = la.compose_largest(composer, found, period)
    elif intent == "rounds":
        text = "\n".join(la.compose_rounds(composer, events, company, period)
                         for company, events in by_company.items() if events)
    elif intent == "when":
        text = "\n".join(la.compose_when(composer, events, company, period)
                         for company, events in by_company.items() if events)
    else:
        text = "\n".join(la.compose_total(composer, la.total(events), period,
                                          show_company=len(by_company) > 1)
                         for events in by_company.values() if events)
    if not text:
        return None
    return Answer(question=question.text, lang=question.lang, text=text,
                  citations=tuple(composer.citations), refused=False,
                  figures=tuple(composer.figures), hits=tuple(hits))


def _events_for(engine: Engine, question: Question, company: str,
                period: Span | None) -> list[Event]:
    events = la.select(engine.ledger, company, period)
    if question.units:
        wanted = set(question.units)
        events = [e for e in events if wanted & set(e.units)]
    return events


def _compare(composer: la.Composer, question: Question, engine: Engine,
             by_company: dict[str, list[Event]]) -> str:
    lang = question.lang
    if len(by_company) == 2:
        (a_name, a), (b_name, b) = by_company.items()
        return la.compose_compare(composer, a_name, la.total(a), b_name, la.total(b))
    if len(by_company) > 2:
        return la.compose_largest(composer, [e for es in by_company.values() for e in es],
                                  question.period)
    [(company, _)] = by_company.items()
    spans = find_event_spans(question.text, lang, date.today())
    if len(spans) >= 2:
        a_span, b_span = spans[0], spans[1]
        a = [e for e in la.select(engine.ledger, company, a_span)
             if not question.units or set(question.units) & set(e.units)]
        b = [e for e in la.select(engine.ledger, company, b_span)
             if not question.units or set(question.units) & set(e.units)]
        if a and b:
            a_label = la.format_when(a_span.start, a_span.end, a_span.precision, lang)
            b_label = la.format_when(b_span.start, b_span.end, b_span.precision, lang)
            return la.compose_compare(composer, a_label, la.total(a), b_label, la.total(b))
    return la.compose_largest(composer, by_company[company], question.period)


def score_sentences(question: Question, hits: Sequence[Hit], engine: Engine) -> list[Scored]:
    """Candidate sentences that meet the question's hard requirements, best first."""
    q_concepts = concepts(question.text) - {"why"}
    q_stems = set(tokenize(question.text, question.lang))
    q_stems -= {s for c in question.companies for s in tokenize(c, question.lang)}
    asked = set(question.companies)
    scored: list[Scored] = []
    for hit in hits:
        chunk = hit.chunk
        about_asked = bool(asked & _named(engine, question, chunk.title))
        for sentence in split_sentences(chunk.text):
            if len(sentence) < 25 or len(sentence) > 700:
                continue
            s_concepts = concepts(sentence)
            if not _meets(question, sentence, chunk, s_concepts, about_asked, engine):
                continue
            score = 1.0 / hit.rank + 1.0 * len(q_concepts & s_concepts)
            if asked & _named(engine, question, sentence):
                score += 1.0
            if chunk.lang == question.lang:
                score += 0.5 * len(q_stems & set(tokenize(sentence, chunk.lang)))
            if question.intent in ("count", "compare", "lookup"):
                quantities = _headcounts(sentence, chunk.lang)
                score += 1.5 if any(not q.vague for q in quantities) else (
                    0.5 if quantities else 0.0)
            if question.intent == "when" and find_event_spans(sentence, chunk.lang,
                                                              chunk.published):
                score += 1.5
            if question.intent == "why":
                score += 1.5 * ("why" in s_concepts) + 0.5 * len(s_concepts & {"ai", "cost"})
            if question.period is not None:
                score += 0.5 * _period_fit(question, sentence, chunk)
            scored.append(Scored(sentence, chunk, score))
    scored.sort(key=lambda s: -s.score)
    return scored


def _named(engine: Engine, question: Question, text: str) -> set[str]:
    """Companies ``text`` names: the alias table's, and the asked companies that only the
    ledger knows ("Personio"), however the text spells them."""
    named = {m.company for m in engine.companies.find(text)}
    ledger_only = [c for c in question.companies if engine.companies.get(c) is None]
    return named | {m.company for m in find_known(text, ledger_only)}


def _headcounts(sentence: str, lang: str) -> list[Quantity]:
    return [q for q in find_quantities(sentence, lang) if q.unit != "money"]


def _meets(question: Question, sentence: str, chunk: Chunk, s_concepts: set[str],
           about_asked: bool, engine: Engine) -> bool:
    """Hard requirements: the asked company, a job cut for counting questions, the period."""
    if question.companies:
        named = _named(engine, question, sentence)
        if not (named & set(question.companies) or (about_asked and not named)):
            return False
    if question.intent == "count" and not _headcounts(sentence, chunk.lang):
        return False
    if question.intent == "count" and "cut" in concepts(question.text) and "cut" not in s_concepts:
        return False
    return question.period is None or _period_fit(question, sentence, chunk) > 0


def _period_fit(question: Question, sentence: str, chunk: Chunk) -> float:
    """Positive when the sentence (or, failing dates in it, its article) is in the period."""
    period = question.period
    assert period is not None
    spans = find_event_spans(sentence, chunk.lang, chunk.published)
    if spans:
        return 1.0 if any(period.overlaps(s) for s in spans) else -1.0
    if chunk.published is not None:
        return 0.5 if period_filter(period).admits(chunk) else -1.0
    return 0.0


def pick(scored: Sequence[Scored]) -> list[Scored]:
    """The best sentence of each article, best first, skipping near-repeats."""
    chosen: list[Scored] = []
    for candidate in scored:
        if len(chosen) == MAX_SENTENCES:
            break
        if candidate.score < MIN_SCORE:
            break
        if any(c.chunk.doc_id == candidate.chunk.doc_id for c in chosen):
            continue
        if any(fuzz.token_set_ratio(c.sentence, candidate.sentence) > 90 for c in chosen):
            continue
        chosen.append(candidate)
    return chosen


def weakness(question: Question, hits: Sequence[Hit], chosen: Sequence[Scored],
             engine: Engine) -> str | None:
    """Why the evidence can't answer the question, or None when it can."""
    if not hits:
        return "nothing is indexed"
    if not chosen:
        return "no sentence in the closest passages answers it"
    found_text = " ".join(f"{s.chunk.title} {s.sentence}" for s in chosen)
    found = _named(engine, question, found_text)
    missing = [c for c in question.companies if c not in found]
    if missing:
        return f"no chosen passage is about {', '.join(missing)}"
    passages = fold(" ".join(f"{h.chunk.title} {h.chunk.text}" for h in hits))
    unknown = [n for n in question.unknown_names if fold(n) not in passages]
    if unknown:
        return f"the passages never mention {', '.join(unknown)}"
    return None


def _labels(lang: str) -> Mapping[str, Any]:
    """The wording of passage answers and refusals: the ``[answer]`` table of ``lang``'s file."""
    return vocab.with_fallback("answer", lang)


def extractive_answer(question: Question, chosen: Sequence[Scored], hits: Sequence[Hit],
                      engine: Engine) -> Answer:
    labels = _labels(question.lang)
    composer = la.Composer(question.lang, quote_of=engine.catalog.citation)
    lines = [labels["intro"]]
    for item in chosen:
        n = composer.cite_sentence(item.chunk.doc_id, item.sentence)
        if item.chunk.lang == question.lang:
            lines.append(f"- {item.sentence} [{n}]")
        else:
            language = labels["languages"].get(item.chunk.lang, item.chunk.lang)
            # an article without a site name or URL has no outlet: never its title instead
            lead = labels["foreign"].format(outlet=item.chunk.outlet or labels["a_source"],
                                            language=language)
            lines.append(f"- {lead} {labels['quote_open']}{item.sentence}"
                         f"{labels['quote_close']} [{n}]")
    ledger_line = la.compose_context(composer, _matching_events(question, engine))
    if ledger_line:
        lines.append(ledger_line)
    return Answer(question=question.text, lang=question.lang, text="\n".join(lines),
                  citations=tuple(composer.citations), refused=False,
                  figures=tuple(composer.figures), hits=tuple(hits))


MAX_CONTEXT_EVENTS = 3


def _matching_events(question: Question, engine: Engine) -> list[Event]:
    """The ledger events a passage answer is about: the asked companies in the asked period,
    when they are few enough to be the ones meant."""
    if not question.companies:
        return []
    events = [e for c in question.companies for e in _events_for(engine, question, c,
                                                                  question.period)
              if e.included_in is None]
    return events if 0 < len(events) <= MAX_CONTEXT_EVENTS else []


def refusal(question: Question, hits: Sequence[Hit]) -> Answer:
    numbering: dict[str, Citation] = {}
    for hit in hits:
        if len(numbering) == 3:
            break
        if hit.chunk.doc_id not in numbering:
            sentences = split_sentences(hit.chunk.text)
            c = hit.chunk
            numbering[c.doc_id] = Citation(
                n=len(numbering) + 1, source=c.source, title=c.title, url=c.url,
                outlet=c.outlet, published=c.published, lang=c.lang,
                quote=sentences[0] if sentences else "")
    return Answer(question=question.text, lang=question.lang,
                  text=str(_labels(question.lang)["refusal"]), citations=tuple(numbering.values()),
                  refused=True, hits=tuple(hits))


def unsupported_numbers(answer: Answer) -> list[int]:
    """Numbers in the answer that no cited quote contains and that are not a computed figure
    shown with its cited terms (or a count of them). Always empty unless there is a bug."""
    quoted: set[int] = set()
    for citation in answer.citations:
        quoted |= numbers_in(citation.quote, citation.lang or answer.lang)
    allowed = quoted | {f.value for f in answer.figures} | {
        len(f.terms) for f in answer.figures}
    body = la.DATE_PATTERN.sub(" ", re.sub(r"\[\d+\]", "", answer.text))
    return sorted(n for n in numbers_in(body, answer.lang) if n not in allowed)
