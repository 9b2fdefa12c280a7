"""Per-language vocabulary, read from data files: ``index/data/lang/<code>.toml``.

Every word list the parsers need (month and weekday names, seasons, number words, qualifiers,
cut verbs and nouns, job nouns, negations...) lives in one TOML file per language, in tables
named by purpose. This module is the one reader of those files::

    from index.vocab import vocabulary, languages

    de = vocabulary("de")
    de.mapping("months")["märz"]      # 3
    de.words("cuts", "verbs")         # ("streicht", "streichen", ...)
    languages()                       # ("de", "en", "es", "fr")

Adding a language is adding a file: the parsers build their patterns from whatever the files
hold. Tables a file does not have are empty (never an error), so a new language can start with
its months and grow.

Lookup order: the directories in ``LAYOFFS_LANG_DIRS`` (``os.pathsep``-separated), then the
packaged ``data/lang``. A file found earlier wins for its code. :func:`reload` drops every cached
vocabulary and every pattern built from one (see :func:`cached`), e.g. after a test writes a file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, ParamSpec, TypeVar

PACKAGED_DIR = Path(__file__).with_name("data") / "lang"
ENV_DIRS = "LAYOFFS_LANG_DIRS"

P = ParamSpec("P")
R = TypeVar("R")


class VocabularyError(ValueError):
    """A language file that cannot be read, or a table of the wrong shape."""


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class Vocabulary:
    """One language's word lists, read-only.

    ``tables`` maps a table name ("months", "cuts", ...) to its read-only content. Keys of
    word tables are written lower case in the files; lookups here do not fold them.
    """

    code: str
    name: str
    path: Path | None
    tables: Mapping[str, Any] = field(repr=False)

    def table(self, name: str) -> Mapping[str, Any]:
        """The table ``name`` (dotted for a sub-table: "numbers.words"), empty when absent."""
        node: Any = self.tables
        for part in name.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return MappingProxyType({})
            node = node[part]
        if not isinstance(node, Mapping):
            raise VocabularyError(f"{self.code}: {name} is not a table")
        return node

    def mapping(self, name: str) -> Mapping[str, Any]:
        """A table read as word -> value ("months": "march" -> 3)."""
        return self.table(name)

    def words(self, name: str, key: str) -> tuple[str, ...]:
        """The list ``key`` of table ``name`` ("cuts", "verbs"), empty when absent."""
        value = self.table(name).get(key, ())
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, tuple) or not all(isinstance(w, str) for w in value):
            raise VocabularyError(f"{self.code}: {name}.{key} is not a list of words")
        return value

    def value(self, name: str, key: str, default: Any = None) -> Any:
        """One scalar of table ``name``."""
        return self.table(name).get(key, default)


def _dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(ENV_DIRS, "").split(os.pathsep) if p.strip()]
    return [*extra, PACKAGED_DIR]


@lru_cache(maxsize=1)
def _files() -> Mapping[str, Path]:
    found: dict[str, Path] = {}
    for directory in _dirs():
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            found.setdefault(path.stem.lower(), path)
    return MappingProxyType(found)


def languages() -> tuple[str, ...]:
    """The codes of every language that has a vocabulary file, sorted."""
    return tuple(sorted(_files()))


def load(path: Path) -> Vocabulary:
    """Read one language file (not cached)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise VocabularyError(f"{path}: cannot be read as TOML ({error})") from None
    meta = data.get("language", {})
    code = str(meta.get("code") or path.stem).lower()
    return Vocabulary(code=code, name=str(meta.get("name") or code), path=path,
                      tables=_freeze(data))


def vocabulary(lang: str | None) -> Vocabulary:
    """The vocabulary of ``lang`` ("de", "de-AT" and "DE" all give German); an empty one for
    a language with no file."""
    return _vocabulary((lang or "").strip().lower()[:2])


@lru_cache(maxsize=32)
def _vocabulary(code: str) -> Vocabulary:
    path = _files().get(code)
    if path is None:
        return Vocabulary(code=code, name=code, path=None, tables=MappingProxyType({}))
    return load(path)


def vocabularies(langs: Iterable[str] | None = None) -> tuple[Vocabulary, ...]:
    """The vocabularies of ``langs`` (every language with a file when None)."""
    return tuple(vocabulary(code) for code in (languages() if langs is None else langs))


def merged(name: str, langs: Iterable[str] | None = None) -> dict[str, Any]:
    """Table ``name`` of every language (or of ``langs``) in one dict; on a clash the first
    language in sorted order wins (the files agree where it matters: "six" is 6 in both)."""
    out: dict[str, Any] = {}
    for voc in vocabularies(langs):
        for key, value in voc.table(name).items():
            out.setdefault(key, value)
    return out


def merged_words(name: str, key: str, langs: Iterable[str] | None = None) -> tuple[str, ...]:
    """List ``key`` of table ``name`` across languages, without repeats, in file order."""
    seen: dict[str, None] = {}
    for voc in vocabularies(langs):
        for word in voc.words(name, key):
            seen.setdefault(word, None)
    return tuple(seen)


_CACHES: list[Callable[[], None]] = []


def cached(fn: Callable[P, R]) -> Callable[P, R]:
    """``functools.lru_cache`` for functions that build something from vocabularies (compiled
    patterns), cleared by :func:`reload`."""
    wrapped = lru_cache(maxsize=64)(fn)
    _CACHES.append(wrapped.cache_clear)
    return wrapped  # type: ignore[return-value]


def reload() -> None:
    """Forget every vocabulary read and every pattern built from one."""
    _files.cache_clear()
    _vocabulary.cache_clear()
    for clear in _CACHES:
        clear()


__all__ = ["Vocabulary", "VocabularyError", "cached", "languages", "load", "merged",
           "merged_words", "reload", "vocabularies", "vocabulary"]
