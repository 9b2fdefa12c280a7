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
import re
import tomllib
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
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
    _default_langs.cache_clear()
    for clear in _CACHES:
        clear()
    for regex in list(_REGEXES):
        regex.clear()


def langs_for(lang: str | None) -> tuple[str, ...]:
    """The languages whose words read a ``lang`` text, sorted: its own and the ones its
    articles quote (``[language] also``); every language with a file when ``lang`` has none."""
    code = (lang or "").strip().lower()[:2]
    voc = vocabulary(code)
    if voc.path is None:
        return languages()
    return tuple(sorted({code, *voc.words("language", "also")}))


def with_fallback(name: str, lang: str | None, fallback: str = "en") -> Mapping[str, Any]:
    """Table ``name`` of ``lang``, every key it lacks (sub-tables key by key) taken from
    ``fallback``'s: wording a language file has not written yet reads in English, never fails."""
    return _with_fallback(name, (lang or "").strip().lower()[:2], fallback)


@cached
def _with_fallback(name: str, code: str, fallback: str) -> Mapping[str, Any]:
    return _freeze(_overlay(dict(vocabulary(fallback).table(name)),
                            vocabulary(code).table(name)))


def _overlay(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in top.items():
        below = base.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            base[key] = _overlay(dict(below), value)
        else:
            base[key] = value
    return base


# Reading one language ------------------------------------------------------------------------

_READING: ContextVar[tuple[str, ...] | None] = ContextVar("vocab_reading", default=None)
DEFAULT_LANG = "en"
"""Read outside :func:`reading`, patterns use this language (and the ones it quotes)."""


@contextmanager
def reading(lang: str | None) -> Iterator[tuple[str, ...]]:
    """Within this block, every :class:`LangRegex` uses the words of ``lang`` (and of the
    languages it quotes). Per thread and per task (a context variable)."""
    token = _READING.set(langs_for(lang))
    try:
        yield _READING.get() or ()
    finally:
        _READING.reset(token)


def current_langs() -> tuple[str, ...]:
    """The languages being read: those of :func:`reading`, else :data:`DEFAULT_LANG`'s."""
    return _READING.get() or _default_langs()


@lru_cache(maxsize=1)
def _default_langs() -> tuple[str, ...]:
    return langs_for(DEFAULT_LANG)


class Words:
    """The words of several languages, for building a pattern: lists are merged in language
    order, fragments kept in the order written. ``{ap}`` in a fragment is an apostrophe,
    straight or curly."""

    def __init__(self, vocs: Iterable[Vocabulary]) -> None:
        self.vocs = tuple(vocs)

    def list(self, table: str, key: str) -> list[str]:
        seen: dict[str, None] = {}
        for voc in self.vocs:
            for fragment in voc.words(table, key):
                seen.setdefault(fragment.replace("{ap}", "['’]"), None)
        return list(seen)

    def alt(self, table: str, key: str) -> str:
        """The fragments of ``table.key`` as one non-capturing alternation (never matching
        when there are none)."""
        fragments = self.list(table, key)
        return "(?:" + "|".join(fragments) + ")" if fragments else r"(?!x)x"

    def mapping(self, table: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for voc in self.vocs:
            for key, value in voc.table(table).items():
                out.setdefault(key, value)
        return out


_REGEXES: weakref.WeakSet[LangRegex] = weakref.WeakSet()


_MAX = 2**63 - 1


class LangRegex:
    """A regular expression built from the language files, compiled once per set of languages
    and used with the languages being read (:func:`reading`). It has the methods of a compiled
    pattern, so code using it reads like code using ``re``."""

    __slots__ = ("__weakref__", "_build", "_compiled", "_flags", "_last", "_last_langs")

    def __init__(self, build: Callable[[Words], str], flags: int = 0) -> None:
        self._build = build
        self._flags = flags
        self._compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._last_langs: tuple[str, ...] | None = None
        self._last: re.Pattern[str] | None = None
        _REGEXES.add(self)

    def compiled(self, langs: tuple[str, ...] | None = None) -> re.Pattern[str]:
        langs = langs or current_langs()
        if langs is self._last_langs and self._last is not None:
            return self._last  # the same reading as the last call: no lookup
        found = self._compiled.get(langs)
        if found is None:
            found = re.compile(self._build(Words(vocabulary(c) for c in langs)), self._flags)
            self._compiled[langs] = found
        self._last_langs, self._last = langs, found
        return found

    def clear(self) -> None:
        self._compiled.clear()
        self._last_langs = self._last = None

    @property
    def pattern(self) -> str:
        return self.compiled().pattern

    def search(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _MAX) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str,
            count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled().split(string, maxsplit)


__all__ = [
    "LangRegex",
    "Vocabulary",
    "VocabularyError",
    "Words",
    "cached",
    "current_langs",
    "langs_for",
    "languages",
    "load",
    "merged",
    "merged_words",
    "reading",
    "reload",
    "vocabularies",
    "vocabulary",
    "with_fallback",
]
