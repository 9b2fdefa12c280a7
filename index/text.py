"""Sentence splitting and word tokens shared by chunking, lexical search and answering."""

from __future__ import annotations

import re
import unicodedata

from index import vocab

# a sentence starts with a capital or a digit: any script's capital ("Ÿnsect", "Œuvre", "Łódź"),
# checked with str.isupper() in split_sentences, as a character class of Latin-1 capitals misses
# them
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”»)]*\s+(?=[\"“«(\[]?\s*(?P<first>[^\W_]))")
_NEXT_WORD = re.compile(r"[\"“«(\[]?\s*([^\W\d_]+)")


@vocab.cached
def _abbreviations(langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """Words after which a full stop does not end a sentence ("Mr.", "Mio.", "EE. UU."): the
    ``[text] abbreviations`` of ``langs`` (of every language file when None), lower case,
    without their full stop. Read in one language, another's are words like any other: Spanish
    "ago." (agosto) must not join an English "two years ago." to the next sentence."""
    return frozenset(w.lower().rstrip(".") for voc in vocab.vocabularies(langs)
                     for w in voc.words("text", "abbreviations"))


@vocab.cached
def after_ordinal() -> frozenset[str]:
    """Words that follow an ordinal written as a number and a full stop ("18. März",
    "3. Quartal"): every language's month names and ``[text] after_ordinal`` nouns."""
    return frozenset(w.lower() for voc in vocab.vocabularies()
                     for w in (*voc.mapping("months"), *voc.words("text", "after_ordinal")))


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """Sentences of ``text``, paragraph breaks included; abbreviations don't split: those of
    ``lang`` and the languages it quotes when given, else every language's."""
    sentences: list[str] = []
    abbreviations = _abbreviations(vocab.langs_for(lang) if lang else None)
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|#+)\s)", text):
        block = " ".join(block.split())
        if not block:
            continue
        start = 0
        for match in _BOUNDARY.finditer(block):
            first = match.group("first")
            if not (first.isupper() or first.isdigit()):
                continue
            before = block[start:match.start()].rstrip("\"”») ")
            last = before.rsplit(" ", 1)[-1].rstrip(".").lower()
            if last in abbreviations or re.fullmatch(r"[a-z]", last):
                continue
            if re.fullmatch(r"\d{1,2}", last) and before.endswith("."):
                following = _NEXT_WORD.match(block, match.end())
                if following and following.group(1).lower() in after_ordinal():
                    continue  # "am 18. März", "im 3. Quartal"
            sentences.append(block[start:match.start()].strip())
            start = match.end()
        tail = block[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def fold(text: str) -> str:
    """Lower case without accents, for matching words across spellings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_GROUPED_NUMBER = re.compile(r"(?<=\d)[ ,.\u00a0\u202f](?=\d{3}(?!\d))")


def join_digit_groups(text: str) -> str:
    """``16 000``, ``16.000`` and ``16,000`` all become ``16000`` (so they match as one token)."""
    previous = None
    while previous != text:
        previous, text = text, _GROUPED_NUMBER.sub("", text)
    return text


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Folded word tokens, with digit groups joined."""
    return _WORD.findall(fold(join_digit_groups(text)))


def approx_tokens(text: str) -> int:
    """A model-independent estimate of sub-word tokens (e5's tokenizer gives ~1.3 per word)."""
    return int(len(re.findall(r"\w+|[^\w\s]", text)) * 1.3) + 1
