"""Language detection with lingua, restricted to the configured languages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

log = logging.getLogger(__name__)

_LINGUA = {"en": "ENGLISH", "fr": "FRENCH", "de": "GERMAN", "es": "SPANISH", "it": "ITALIAN",
           "nl": "DUTCH", "pt": "PORTUGUESE"}


def _supported() -> dict[str, str]:
    """Codes lingua can detect: the built-in ones, and every language file's ``[language]
    lingua`` name (so a language added as a data file is detected too)."""
    from index import vocab

    found = dict(_LINGUA)
    for voc in vocab.vocabularies():
        name = voc.value("language", "lingua")
        if name:
            found.setdefault(voc.code, str(name).upper())
    return found


SUPPORTED = _supported()


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    from lingua import Language, LanguageDetectorBuilder

    chosen = [getattr(Language, SUPPORTED[code]) for code in languages]
    if len(chosen) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*chosen).build()


def warm_up(languages: Sequence[str]) -> bool:
    """Build the detector for ``languages`` and load its language models now: lingua loads
    them on the first detection (over half a second, holding the GIL). Returns False when
    there is nothing to load (a single language needs no detection)."""
    detector = _detector(tuple(languages))
    if detector is None:
        return False
    # Every language's confidence on a short text: the models of every n-gram length.
    detector.compute_language_confidence_values("warming up the language models")
    return True


def detect_language(text: str, languages: Sequence[str]) -> str:
    """The ISO 639-1 code of ``text``'s language among ``languages`` (the first one if unsure)."""
    languages = tuple(languages)
    detector = _detector(languages)
    if detector is None or not text.strip():
        return languages[0]
    found = detector.detect_language_of(text[:2000])
    if found is None:
        return languages[0]
    code: str = found.iso_code_639_1.name.lower()
    return code if code in languages else languages[0]
