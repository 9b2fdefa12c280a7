"""Which companies a text names: an alias table shipped as TOML that users can extend.

``index/data/companies.toml`` maps each canonical company name to the names articles use for
it: subsidiaries and divisions ("AWS", "Instagram", "LinkedIn") count as the parent company,
with the division kept as ``unit`` so the ledger can still say "AWS". Matching is on whole
words; short aliases (four characters or fewer) and aliases that are also common words
("Apple", "Slack", "Tableau") are matched case-sensitively, so "metadata" is never Meta and
"an apple" is never Apple. French elisions need no special case: "d'Amazon", "l'américain
Amazon" and "chez Google" all leave the name standing as a word.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from index import vocab

log = logging.getLogger(__name__)

_BUNDLED = "data/companies.toml"
_SHORT_ALIAS = 4  # aliases this long or shorter are matched case-sensitively
_FUZZY_CUTOFF = 82.0
_KEYS = ("aliases", "units", "case_sensitive", "lookup_only")
_LEGAL_SUFFIX_RE = re.compile(
    r"[\s,]+(?:inc|corp|corporation|co|company|ltd|llc|plc|sa|sas|se|ag|nv|group|groupe|"
    r"holdings?)\.?$"
)

_Spec = dict[str, list[str]]


@dataclass(frozen=True)
class CompanyMention:
    """One company named in a text. ``unit`` is the division named ("AWS"), if any."""

    company: str
    unit: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Company:
    """One row of the table: the canonical ``name`` and how texts and users may name it."""

    name: str
    aliases: tuple[str, ...]
    units: frozenset[str]
    case_sensitive: frozenset[str]
    lookup_only: tuple[str, ...]


def _clean(value: str) -> str:
    return " ".join(value.split())


def _fold(value: str) -> str:
    return _clean(value).casefold().strip(" .,;:'\"’")


def _parse(data: object, source: str) -> dict[str, _Spec]:
    """Check a decoded TOML document of the table's shape; ValueError names what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a TOML table")
    unknown = sorted(set(data) - {"companies"})
    if unknown:
        raise ValueError(
            f"{source}: unknown top-level key(s) {', '.join(unknown)}; "
            "expected only [companies.<Name>] tables"
        )
    companies = data.get("companies", {})
    if not isinstance(companies, dict):
        raise ValueError(f"{source}: 'companies' must be a table of [companies.<Name>] tables")
    out: dict[str, _Spec] = {}
    for raw_name, entry in companies.items():
        name = _clean(raw_name)
        if not name:
            raise ValueError(f"{source}: a company name is empty")
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: companies.{raw_name} must be a table, e.g. "
                             f'[companies.{raw_name}] aliases = ["..."]')
        bad_keys = sorted(set(entry) - set(_KEYS))
        if bad_keys:
            raise ValueError(
                f"{source}: companies.{raw_name} has unknown key(s) {', '.join(bad_keys)}; "
                f"allowed: {', '.join(_KEYS)}"
            )
        spec: _Spec = {}
        for key in _KEYS:
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise ValueError(
                    f"{source}: companies.{raw_name}.{key} must be a list of non-empty strings"
                )
            spec[key] = [_clean(v) for v in values]
        if name in out:
            raise ValueError(f"{source}: company {name!r} is defined twice")
        out[name] = spec
    return out


def _read_user_file(path: Path) -> dict[str, _Spec]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read company file: {exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: not a valid TOML company file: {exc}") from exc
    return _parse(data, str(path))


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _merge(base: dict[str, _Spec], extra: dict[str, _Spec], source: str) -> dict[str, _Spec]:
    """``base`` extended by ``extra``: aliases added, new companies added, and an alias that
    ``extra`` gives to one company taken away from any other."""
    merged = {name: {k: list(v) for k, v in spec.items()} for name, spec in base.items()}
    by_fold = {name.casefold(): name for name in merged}
    for name, spec in extra.items():
        target = by_fold.setdefault(name.casefold(), name)
        claimed = {a.casefold() for a in (*spec["aliases"], *spec["units"], name)}
        for other, other_spec in merged.items():
            if other == target:
                continue
            for key in ("aliases", "units", "case_sensitive"):
                kept = [a for a in other_spec[key] if a.casefold() not in claimed]
                if key == "aliases" and len(kept) != len(other_spec[key]):
                    moved = sorted(set(other_spec[key]) - set(kept))
                    log.info("%s: alias(es) %s move from %s to %s", source, moved, other, target)
                other_spec[key] = kept
        dest = merged.setdefault(target, {key: [] for key in _KEYS})
        for key in _KEYS:
            dest[key] = _unique([*dest[key], *spec[key]])
    return merged


def _alias_pattern(alias: str, case_sensitive: bool) -> str:
    body = r"\s+".join(re.escape(part) for part in alias.split())
    return body if case_sensitive else f"(?i:{body})"


class CompanyTable:
    """Canonical companies and their aliases; find them in text, resolve user input."""

    def __init__(self, companies: Mapping[str, Company]) -> None:
        self._companies = dict(companies)
        # Every alias explicitly listed somewhere; a canonical name is an implicit alias of its
        # own company unless another company lists it.
        explicit = {a.casefold(): c.name for c in companies.values() for a in c.aliases}
        entries: list[tuple[str, str, bool, str | None]] = []
        self._lookup: dict[str, str] = {}
        for company in companies.values():
            names = list(company.aliases)
            if explicit.get(company.name.casefold(), company.name) == company.name:
                names.insert(0, company.name)
            for alias in _unique(names):
                sensitive = len(alias) <= _SHORT_ALIAS or alias in company.case_sensitive
                unit = alias if alias in company.units else None
                entries.append((alias, company.name, sensitive, unit))
                self._lookup.setdefault(_fold(alias), company.name)
            for extra_name in company.lookup_only:
                self._lookup.setdefault(_fold(extra_name), company.name)
        for company in companies.values():  # canonical names win any lookup clash
            self._lookup[_fold(company.name)] = company.name
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
        # Changes with the table's content, whatever file it came from.
        self.fingerprint = hashlib.sha256(json.dumps(
            [[c.name, c.aliases, sorted(c.units), sorted(c.case_sensitive), c.lookup_only]
             for c in sorted(companies.values(), key=lambda c: c.name)]).encode()).hexdigest()
        self._targets = [(company, unit) for _, company, _, unit in entries]
        alternation = "|".join(f"({_alias_pattern(a, s)})" for a, _, s, _ in entries)
        self._regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)") if entries else None
        self._lookup_keys = list(self._lookup)
        self._folded: dict[str, str] = {}

    @classmethod
    def from_specs(cls, specs: Mapping[str, Mapping[str, list[str]]]) -> CompanyTable:
        companies: dict[str, Company] = {}
        for name, spec in specs.items():
            units = _unique(spec.get("units", []))
            sensitive = _unique(spec.get("case_sensitive", []))
            aliases = _unique([*spec.get("aliases", []), *units, *sensitive])
            companies[name] = Company(
                name=name, aliases=tuple(aliases), units=frozenset(units),
                case_sensitive=frozenset(sensitive),
                lookup_only=tuple(_unique(spec.get("lookup_only", []))),
            )
        return cls(companies)

    @classmethod
    def load(cls, extra: Path | str | None = None) -> CompanyTable:
        """The bundled table, merged with the user file ``extra`` (same TOML shape) if given.

        Raises ValueError naming the file and the problem when ``extra`` cannot be read, is not
        TOML, or does not have the table's shape.
        """
        text = resources.files("index").joinpath(_BUNDLED).read_text(encoding="utf-8")
        specs = _parse(tomllib.loads(text), f"bundled {_BUNDLED}")
        if extra is not None:
            path = Path(extra)
            specs = _merge(specs, _read_user_file(path), str(path))
            log.info("company table extended from %s", path)
        return cls.from_specs(specs)

    def find(self, text: str) -> list[CompanyMention]:
        """Companies named in ``text``: whole-word matches, longest alias first at each
        position, non-overlapping, in text order."""
        if self._regex is None:
            return []
        mentions: list[CompanyMention] = []
        for m in self._regex.finditer(text):
            assert m.lastindex is not None
            company, unit = self._targets[m.lastindex - 1]
            mentions.append(CompanyMention(company, unit, m.start(), m.end(), m.group()))
        return mentions

    def canonical(self, name: str) -> str | None:
        """The canonical company for user input, tolerating case, legal suffixes and typos
        ("amazn" -> "Amazon", "facebook" -> "Meta"); None when nothing is close enough."""
        key = _fold(name)
        if not key:
            return None
        if key in self._lookup:
            return self._lookup[key]
        stripped = _LEGAL_SUFFIX_RE.sub("", key)
        if stripped in self._lookup:
            return self._lookup[stripped]
        found = {m.company for m in self.find(name)}
        if len(found) == 1:
            return found.pop()
        if len(stripped) <= 3:
            return None  # too short to guess from
        best = process.extractOne(
            stripped, self._lookup_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        if best is None:
            log.debug("no company close to %r", name)
            return None
        return self._lookup[best[0]]

    def resolve(self, name: str, known: Iterable[str] = ()) -> str | None:
        """A user's spelling of a company: the table's canonical name ("amazn", "AWS"), else
        one of ``known`` (the ledger's own company names, for a company only the articles
        know: "glovo", "Telefónica", "Delivery Hero SE"); None when neither has it."""
        found = self.canonical(name)
        if found is not None:
            return found
        key = fold_company(name)
        matches = [m for m in find_known(name, known) if fold_company(m.text) == key
                   or (m.start == 0 and m.end == len(name.strip()))]
        return matches[0].company if matches else None

    def lookup(self, name: str) -> str | None:
        """The canonical company ``name`` is an alias of (case, accents, legal form and
        punctuation aside), without guessing: no fuzzy match. None when the table has none."""
        key = _fold(name)
        found = self._lookup.get(key) or self._lookup.get(_LEGAL_SUFFIX_RE.sub("", key))
        if found is not None:
            return found
        if not self._folded:
            self._folded.update({fold_company(k): v for k, v in self._lookup.items()})
        return self._folded.get(fold_company(name))

    def names(self) -> list[str]:
        """Canonical company names, sorted."""
        return sorted(self._companies, key=str.casefold)

    def get(self, name: str) -> Company | None:
        """The table row for a canonical ``name`` (exact), or None."""
        return self._companies.get(name)


# --------------------------------------------------------------------------------------------
# Open world: the companies an article is about, read from the article itself
# --------------------------------------------------------------------------------------------
#
# The alias table only canonicalises names and states parents; any company can make a cut. A
# capitalised name becomes one of the article's companies when the article shows it is one:
#
# * it is named in the title or the lead (the first three sentences), named at least twice in
#   all, and written with its capital in mid-sentence at least once (so a sentence's first
#   word, or a word of a Title Case headline, is not a name on its own);
# * some sentence shows it is a company: a company noun before it ("technology group GoTo",
#   "la licorne française Ledger", "VW-Softwaretochter Cariad") or in apposition ("Glovo, the
#   Spanish delivery app"), a legal form ("Siemens AG"), "at/chez/bei X", "employees of X",
#   "chief executive of X", "X's workforce", "Siemens-Chef", "owned by X", or it is the subject
#   of a verb in the title or in a sentence reporting a cut ("Grab cuts", "Personio entlässt");
# * and nothing shows it is something else: a role next to it makes it a person ("chief
#   executive Anthony Tan", "Pascal Gauthier, directeur général"), as does a full name whose
#   last word is used alone ("Drew Houston" ... "Houston said"); a source ("according to Le
#   Monde", "manager magazin reported", the article's own outlet); a place more often than a
#   company ("in Berlin", "Montreal-based"); a month or a weekday.
#
# The words behind each rule are data: the ``[companies]`` table of each language's file in
# ``index/data/lang`` (read through :mod:`index.vocab`), all languages at once, since articles
# quote names in every language. Names fold for merging: "Siemens AG" is Siemens, "Lightspeed
# Commerce Inc." is Lightspeed Commerce, "Telefónica" and "Telefonica" are both Telefonica (an
# open-world name is written without accents so that every outlet's spelling is one company;
# add the company to the alias table to choose its spelling). Within one article, a longer name
# starting with a shorter one is the same company ("Lightspeed Commerce" and "Lightspeed"), or
# its unit when the extra words are a company noun ("Orange Business").


@dataclass(frozen=True)
class _NameWords:
    """The ``[companies]`` tables of every language file, merged and folded."""

    not_names: frozenset[str]
    determiners: frozenset[str]
    local_determiners: frozenset[str]  # the article's own language: French "a" is a verb
    places_before: tuple[tuple[str, ...], ...]
    at: tuple[tuple[str, ...], ...]
    at_after_noun: tuple[tuple[str, ...], ...]
    of: frozenset[str]
    parent_before: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    after_s_verbs: frozenset[str]  # verbs that make "X's" a name or "X is" ("has", "said")
    roles: frozenset[str]
    owns: frozenset[str]
    one_of: frozenset[str]  # "one" of "X, one of the largest fintechs": an apposition follows
    subsidiaries: frozenset[str]  # "subsidiary", "Tochter": the name after is a unit
    role_possessives: frozenset[str]  # "X, su consejero delegado, Y": X is Y's company
    company_roles: frozenset[str]  # "Sonos CEO Patrick Spence": Sonos is a company
    parent_nouns: frozenset[str]  # "X, the parent company of Y": Y is a unit of X
    parent_relative: frozenset[str]  # "X, zu dem Y gehört" ...
    parent_relative_verbs: frozenset[str]  # ... Y is a unit of X
    prepositions: frozenset[str]  # every preposition of the article's language and English
    sources_before: tuple[tuple[str, ...], ...]
    sources_after: tuple[tuple[str, ...], ...]
    legal: frozenset[str]
    events: frozenset[str]
    calendar: frozenset[str]  # month and weekday names of every language
    places: frozenset[str]  # country and region names, folded (Babel's CLDR data)
    nouns_capitalised: bool  # the article's language capitalises every noun (German)
    subject_verbs: frozenset[str] = frozenset()  # there: singular verbs that follow a subject
    colon_name: bool = False  # the language writes no capital after a colon (French, Spanish)
    noun_suffixes: tuple[str, ...] = ()  # endings no one-word name has there ("-ungen")


def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.text.casefold() for t in _tokens(text))


def _places(codes: Iterable[str]) -> frozenset[str]:
    """Country and region names in ``codes``' languages ("Brasil", "Southeast Asia",
    "Allemagne"), from the CLDR data Babel ships (a dependency of trafilatura's courlan)."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - Babel comes with trafilatura
        return frozenset()
    names: set[str] = set()
    for code in codes:
        try:
            territories = Locale.parse(code).territories
        except (ValueError, LookupError):
            continue
        names.update(fold_company(str(n)) for n in territories.values())
    return frozenset(n for n in names if n)


@vocab.cached
def _name_words(lang: str | None = None) -> _NameWords:
    """Word lists for an article in ``lang``: prepositions and phrases from its language and
    English (quoted everywhere); nouns, roles and names to skip from every language."""
    everyone = vocab.vocabularies()
    code = (lang or "").lower()[:2]
    mine = everyone if not code or code not in vocab.languages() else tuple(
        vocab.vocabulary(c) for c in dict.fromkeys([code, "en"]))

    def words(key: str, voc: Sequence[vocab.Vocabulary] = everyone) -> frozenset[str]:
        return frozenset(w.casefold() for v in voc for w in v.words("companies", key))

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({_phrase_key(w) for w in words(key, mine)} - {()}, key=len,
                            reverse=True))

    own = mine[0] if code and code in vocab.languages() else None  # the article's language
    calendar = frozenset(str(k).casefold() for v in everyone
                         for table in ("months", "weekdays") for k in v.mapping(table))
    return _NameWords(
        not_names=words("not_names"), determiners=words("determiners"),
        local_determiners=words("determiners", mine[:1]),
        places_before=phrases("places_before"), at=phrases("at"),
        at_after_noun=phrases("at_after_noun"), of=words("of", mine),
        parent_before=phrases("parent_before"), nouns=words("nouns"),
        after_s_verbs=words("after_s_verbs"), roles=words("roles"),
        owns=words("owns"), one_of=words("one_of", mine),
        subsidiaries=words("subsidiaries", mine),
        role_possessives=words("role_possessives", mine),
        company_roles=words("company_roles", mine),
        parent_nouns=words("parent_nouns", mine),
        parent_relative=words("parent_relative", mine),
        parent_relative_verbs=words("parent_relative_verbs", mine),
        prepositions=words("prepositions", mine) | frozenset(
            p[0] for key in ("places_before", "at", "at_after_noun") for p in phrases(key)
            if len(p) == 1) | words("of", mine),
        sources_before=phrases("sources_before"),
        sources_after=phrases("sources_after"), legal=words("legal"),
        events=words("events", mine), calendar=calendar,
        places=_places(v.code for v in everyone) | frozenset(
            fold_company(w) for v in everyone for w in v.words("companies", "cities")),
        nouns_capitalised=bool(own and own.value("companies", "nouns_capitalised", False)),
        noun_suffixes=tuple(own.words("companies", "noun_suffixes")) if own else (),
        subject_verbs=frozenset(w.casefold() for w in own.words("companies", "subject_verbs"))
        if own else frozenset(),
        colon_name=bool(own and own.value("companies", "capital_after_colon_is_a_name", False)),
    )


class _Tok:
    """A word or a punctuation mark of a sentence, with its folded forms computed once."""

    __slots__ = ("end", "is_word", "low", "possessive", "start", "stripped", "text")

    def __init__(self, text: str, start: int, end: int, possessive: bool = False) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.possessive = possessive
        self.low = text.casefold()
        self.stripped = self.low.rstrip("'’")
        self.is_word = text[:1].isalnum()


# a word, with a "+" right after a letter kept ("Canal+", "Disney+"), or one other character
_TOKEN_RE = re.compile(r"[^\W_](?:[\w&'’.\-]*[^\W_])?(?:(?<=[^\W\d_])\+)?|\S")
_ELISION_RE = re.compile(r"^((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’])(?=\w)", re.I)
_POSSESSIVE_RE = re.compile(r"['’]s$")
_INITIAL_AFTER = frozenset(":|–—-«»\"“”(")
_RELATIVES = frozenset({"which", "who", "that", "qui", "que", "dont", "lequel", "laquelle",
                        "die", "der", "das", "welche", "welcher", "quien", "cual", "cuyo"})


def _tokens(text: str) -> list[_Tok]:
    """Words and punctuation; French elisions split ("d'Amazon" is "d'" and "Amazon"),
    English possessives marked ("Grab's" is "Grab", possessive)."""
    out: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        elision = _ELISION_RE.match(word)
        if elision:
            out.append(_Tok(elision.group(1), start, start + elision.end()))
            word, start = word[elision.end():], start + elision.end()
        if _POSSESSIVE_RE.search(word) and len(word) > 2:
            out.append(_Tok(word[:-2], start, start + len(word) - 2, possessive=True))
            continue
        out.append(_Tok(word, start, start + len(word)))
    return out


_NAMELIKE: dict[str, bool] = {}


def _namelike(tok: _Tok) -> bool:
    """Written like a name: a capital first ("Glovo", "GoTo"), or "eBay"; not a word in
    capitals of five letters or more ("SINGAPORE:")."""
    text = tok.text
    hit = _NAMELIKE.get(text)
    if hit is None:
        if not text[:1].isalpha():
            hit = False
        elif text[0].isupper():
            letters = [c for c in text if c.isalpha()]
            hit = not (len(letters) >= 5 and all(c.isupper() for c in letters))
        else:
            hit = len(text) > 2 and text[1:3].isalpha() and any(c.isupper() for c in text[1:3])
        if len(_NAMELIKE) > 100_000:
            _NAMELIKE.clear()
        _NAMELIKE[text] = hit
    return hit


def _is_noun(low: str, words: _NameWords) -> bool:
    """A company noun, its plural, or a compound ending in one ("softwaretochter",
    "carmaker", "unicornios")."""
    return _noun_or_role(low, words)[0]


def is_determiner(word: str) -> bool:
    """Whether ``word`` is an article or a possessive of any language ("the", "die", "los")."""
    return word.casefold() in _name_words().determiners


def is_place(name: str) -> bool:
    """Whether ``name`` is a country or region of any language ("France", "Alemania",
    "Southeast Asia"), or a city of our tables."""
    return fold_company(name) in _name_words().places


def is_company_noun(word: str, lang: str | None) -> bool:
    """Whether ``word`` is a company noun of ``lang`` (or English): "company", "société",
    "Konzern", "empresa", or a compound ending in one ("carmaker")."""
    return _is_noun(word.casefold(), _name_words(lang))


def _is_role(low: str, words: _NameWords) -> bool:
    return _noun_or_role(low, words)[1]


_NOUN_ROLE_CACHE: dict[tuple[int, str], tuple[bool, bool]] = {}


def _noun_or_role(low: str, words: _NameWords) -> tuple[bool, bool]:
    key = (id(words), low)
    hit = _NOUN_ROLE_CACHE.get(key)
    if hit is not None:
        return hit
    noun = any(form and form in words.nouns for form in (
        low, low[:-1] if low.endswith("s") else "", low[:-2] if low.endswith("es") else ""))
    if not noun and len(low) >= 8:
        noun = any(len(n) >= 5 and low.endswith(n) for n in words.nouns)
    role = low.rstrip(".") in words.roles or (
        len(low) >= 7 and low.endswith(("chef", "chefin", "sprecher", "sprecherin")))
    if len(_NOUN_ROLE_CACHE) > 50_000:
        _NOUN_ROLE_CACHE.clear()
    _NOUN_ROLE_CACHE[key] = (noun, role)
    return noun, role


def ascii_name(name: str) -> str:
    """``name`` without accents ("Telefónica" -> "Telefonica"), spaces normalised."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                 if not unicodedata.combining(c)))


@vocab.cached
def _legal_forms() -> frozenset[str]:
    return frozenset(w.casefold() for v in vocab.vocabularies()
                     for w in v.words("companies", "legal"))


_PLUS_RE = re.compile(r"(?<=[^\W\d_])\+")


def fold_company(name: str) -> str:
    """A company name compared loosely: case, accents, punctuation and legal forms dropped
    ("Siemens AG" and "siemens", "Telefónica" and "TELEFONICA", "Delivery Hero SE")."""
    legal = _legal_forms()
    text = ascii_name(name).casefold().replace(".", "")
    text = _PLUS_RE.sub(" plus", text)  # "Canal+" is "Canal Plus"
    parts = "".join(c if c.isalnum() or c == "&" else " " for c in text).split()
    while len(parts) > 1 and parts[-1] in legal:
        parts.pop()
    return " ".join(parts)


def plain_word(word: str) -> bool:
    """A capitalised word that names no company: a sentence word ("The", "Der"), a month or a
    weekday, a country or region, in any language."""
    words = _name_words()
    key = fold_company(word)
    return (key in words.not_names or key in words.calendar or key in words.places
            or word.casefold() in words.places)


def extends(short: str, long: str) -> bool:
    """``long`` is ``short``'s full name: the same words, then at most two words that only
    say what kind of company it is ("Bouygues" and "Bouygues Telecom", "Tier" and "Tier
    Mobility", "Avatel" and "Avatel Telecom"; the ``nouns``, ``legal`` and ``sector`` words of
    every language's ``[companies]`` table), or, after a name of two words or more, any one or
    two words ("Just Eat" and "Just Eat Takeaway": a two-word name is specific enough, where
    "Ring" and "Ring Central" are two companies)."""
    a, b = fold_company(short), fold_company(long)
    if not a or not b.startswith(a + " "):
        return False
    extra = b[len(a) + 1:].split()
    words = _name_words()
    kinds = words.nouns | words.legal | _sector_words()
    return len(extra) <= 2 and (len(a.split()) >= 2 or all(w in kinds for w in extra))


@vocab.cached
def _sector_words() -> frozenset[str]:
    return frozenset(fold_company(w) for v in vocab.vocabularies()
                     for w in v.words("companies", "sector"))


@dataclass
class _Stats:
    """What an article says about one name."""

    surfaces: Counter[str] = field(default_factory=Counter)
    count: int = 0
    mid: int = 0  # occurrences not at a sentence start
    up_front: bool = False  # in the title or the lead
    company: int = 0
    subject: int = 0
    person: int = 0
    place: int = 0
    source: int = 0
    bound: int = 0  # after a determiner ("diese Bombe", "the Shopee and GoTo cuts")
    legal: bool = False
    first: int = -1  # order of the first occurrence in the article
    title_subject: bool = False
    in_title: bool = False  # named in the title, whatever its role there
    with_s: int = 0  # written "X's", always: "Byju's", "McDonald's"
    subsidiary: int = 0  # right after a subsidiary noun: "its US-based subsidiary", "US-Tochter"
    # in a title whose every word is capitalised ("Brazil Proptech Loft's Cuts Reach 543"),
    # where a run of capitals is no full name
    cased_title: int = 0


@dataclass(frozen=True)
class ArticleNames:
    """The companies one article names, read from its own text (see the module notes).

    ``companies`` maps each name as written to (canonical company, unit); ``passing`` holds
    the companies it only names in passing (not in its title or lead: "Shopee also announced
    layoffs"), ``persons`` the people it names, ``others`` the other capitalised names it
    shows are not companies (places, sources)."""

    companies: Mapping[str, tuple[str, str | None]]
    others: frozenset[str] = frozenset()
    passing: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()
    _regex: re.Pattern[str] | None = None

    def find(self, text: str) -> list[CompanyMention]:
        """This article's companies named in ``text``, in text order; a company named only in
        passing comes with ``company == ""`` (its figures belong to no company of ours)."""
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(text):
            name = m.group("name")
            company, unit = self.companies.get(name, ("", None))
            out.append(CompanyMention(company, unit, m.start(), m.end("name"), name))
        return out


def _between_sentences(title: str) -> list[str]:
    return [part for part in re.split(r"\s[:|–—-]\s|:\s|\|", title) if part.strip()]


def _title_case(title: str) -> bool:
    long = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) >= 4]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) / len(long) >= 0.7


def _ends_with(tokens: Sequence[_Tok], end: int, phrases: Iterable[tuple[str, ...]],
               words: _NameWords) -> bool:
    """One of ``phrases`` ends right before ``tokens[end]`` (determiners skipped)."""
    k = end
    while k > 0 and tokens[k - 1].low in words.determiners:
        k -= 1
    if k == 0:
        return False
    last = tokens[k - 1].stripped
    for phrase in phrases:
        stripped = _stripped(phrase)
        n = len(stripped)
        if not n or stripped[-1] != last or k < n:
            continue
        if all(tokens[k - n + i].stripped == stripped[i] for i in range(n - 1)):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _stripped(phrase: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.rstrip("'’") for p in phrase)


def _starts_with(tokens: Sequence[_Tok], start: int,
                 phrases: Iterable[tuple[str, ...]]) -> bool:
    lows = [t.low for t in tokens[start:start + 6]]
    return any(tuple(lows[:len(p)]) == p for p in phrases if p)


class _Reader:
    """One article's names and the evidence about each (see the module notes)."""

    def __init__(self, outlet: str | None, lang: str | None = None) -> None:
        self.words = _name_words(lang)
        self.stats: dict[str, _Stats] = defaultdict(_Stats)
        self.outlet = fold_company(outlet) if outlet else ""
        self.lower_words: set[str] = set()  # words the article writes in lower case
        self.prepositions = self.words.prepositions
        self._of = {w.rstrip("'’") for w in self.words.of}
        self._function = (self.words.local_determiners | self.words.of
                          | {"and", "or", "et", "ou", "und", "oder", "y", "o", "e", "ni", "nor"}
                          | {p[0] for p in self.words.places_before if len(p) == 1})
        self._determiners = {d.rstrip("'’") for d in self.words.local_determiners}
        self._heads: dict[str, str | None] = {}
        self.seen = 0
        self.sentences: list[str] = []

    # spans ------------------------------------------------------------------------------------

    def spans(self, tokens: list[_Tok], initial_all: bool) -> list[tuple[int, int, bool, str]]:
        """(start, end, at a sentence start, context) runs of name tokens; context "noun" or
        "role" when a company noun or a role word inside the run comes right before it."""
        words = self.words
        out: list[tuple[int, int, bool, str]] = []
        i = 0
        while i < len(tokens):
            if not _namelike(tokens[i]) and not self._compound_head(tokens[i]):
                i += 1
                continue
            j = i
            while (j + 1 < len(tokens) and _namelike(tokens[j + 1])
                   and tokens[j + 1].start == tokens[j].end + 1 and not tokens[j].possessive):
                j += 1
            initial = initial_all or i == 0 or (tokens[i - 1].text in _INITIAL_AFTER and not (
                tokens[i - 1].text == ":" and words.colon_name))
            k, context = i, ""
            while k <= j:
                tok = tokens[k]
                low = tok.low
                head = self._compound_head(tok)
                if head is not None:  # "Siemens-Chef", "VW-Softwaretochter", "Montreal-based"
                    self._compound(tok, head)
                    context = "role" if _is_role(tok.low.rsplit("-", 1)[-1], words) else "noun"
                    k += 1
                    initial = False
                    continue
                if low in words.calendar or (initial and k == i and low in words.not_names):
                    k, initial, context = k + 1, False, ""
                    i = k
                    continue
                if _is_role(low, words):
                    k, initial, context = k + 1, False, "role"
                    i = k
                    continue
                if _is_noun(low, words) and k < j and k == i:
                    k, initial, context = k + 1, False, "noun"
                    i = k
                    continue
                # a plain name token: extend to the end of the run, stopping at a role, a
                # calendar word, or a noun followed by more name ("Berliner Lieferdienst X")
                m = k
                while m + 1 <= j:
                    nxt = tokens[m + 1].low
                    if (nxt in words.calendar or _is_role(nxt, words)
                            or self._compound_head(tokens[m + 1]) is not None
                            or (_is_noun(nxt, words) and m + 1 < j)):
                        break
                    m += 1
                out.append((k, m + 1, initial and k == i, context))
                k, initial, context = m + 1, False, ""
                if k <= j and _is_noun(tokens[k].low, words):
                    context = "noun"
                    k += 1
                i = k
            i = j + 1
        return out

    def _compound_head(self, tok: _Tok) -> str | None:
        """"Siemens" of "Siemens-Chef" / "VW-Softwaretochter" / "Montreal-based"."""
        if "-" not in tok.text or not tok.text[:1].isupper():
            return None
        if tok.text not in self._heads:
            self._heads[tok.text] = self._head_of(tok)
        return self._heads[tok.text]

    def _head_of(self, tok: _Tok) -> str | None:
        """The name before a role or company noun joined by hyphens: "Siemens" of
        "Siemens-Chef", and a name of several words as German writes it in a compound, "Mister
        Spex" of "Mister-Spex-Chef" (Internet World), "Free Now" of "Free-Now-App" (W&V)."""
        parts = tok.text.split("-")
        for cut in range(len(parts) - 1, 0, -1):
            head, low = parts[:cut], "-".join(parts[cut:]).casefold()
            if not all(p[:1].isupper() and len(p) >= 2 for p in head):
                continue
            if (_is_role(low, self.words) or _is_noun(low, self.words)
                    or low in {"based", "owned", "backed", "listed"}):
                return " ".join(head)
        return None

    def _compound(self, tok: _Tok, head: str) -> None:
        low = tok.text[len(head):].lstrip("-").casefold()
        stats = self.stats[fold_company(head)]
        stats.surfaces[head] += 1
        stats.count += 1
        stats.mid += 1
        if low == "based":
            stats.place += 1
        else:
            stats.company += 1

    # evidence ---------------------------------------------------------------------------------

    def read(self, sentence: str, *, up_front: bool, layoff: bool, title_case: bool = False,
             is_title: bool = False, topic: bool = False) -> None:
        tokens = _tokens(sentence)
        self.sentences.append(sentence)
        self.lower_words.update(t.text for t in tokens if t.text[:1].islower())
        spans = self.spans(tokens, title_case)
        for start, end, initial, context in spans:
            verbs = is_title if self.words.nouns_capitalised else (layoff or up_front)
            self._occurrence(tokens, start, end, initial, context, up_front=up_front,
                             verbs=verbs, in_title=is_title, body_verbs=layoff or up_front,
                             cased_title=is_title and title_case
                             and not self.words.nouns_capitalised)
        if topic and len(spans) == 1 and spans[0][:2] == (0, len(tokens)):
            # "Back Market : 70 postes menacés": a headline about the name
            topic_stats = self.stats[fold_company(" ".join(t.text for t in tokens))]
            topic_stats.subject += 1
            topic_stats.title_subject = True

    def _occurrence(self, tokens: list[_Tok], start: int, end: int, initial: bool,
                    context: str, *, up_front: bool, verbs: bool, in_title: bool,
                    body_verbs: bool = False, cased_title: bool = False) -> None:
        words = self.words
        span = tokens[start:end]
        parts = [t.text for t in span]
        legal = len(parts) > 1 and parts[-1].casefold().rstrip(".") in words.legal
        surface = " ".join(parts)
        key = fold_company(surface)
        if not key or key in words.not_names or key in words.calendar or key in words.legal:
            return
        if key in words.nouns or surface.casefold() in words.nouns:
            return  # "Bank in Berlin streicht Hunderte Jobs" (B.Z.): a kind of company, no name
        stats = self.stats[key]
        if stats.first < 0:
            stats.first = self.seen
            self.seen += 1
        stats.surfaces[surface] += 1
        stats.count += 1
        stats.mid += 0 if initial else 1
        stats.up_front |= up_front
        stats.in_title |= in_title
        stats.cased_title += cased_title
        stats.legal |= legal
        if legal:
            stats.company += 1
        if key == self.outlet or (self.outlet and self.outlet.startswith(key + " ")):
            stats.source += 1
        prev = tokens[start - 1] if start else None
        nxt = tokens[end] if end < len(tokens) else None
        # what comes before
        if context == "role" or (prev is not None and _is_role(prev.low, words)) or (
                start >= 2 and tokens[start - 1].text == "." and _is_role(tokens[start - 2].low,
                                                                          words)):
            stats.person += 1
        elif context == "noun" or self._noun_before(tokens, start):
            stats.company += 1
        if _ends_with(tokens, start, words.sources_before, words):
            stats.source += 1
        if _ends_with(tokens, start, words.parent_before, words):
            stats.company += 1
        if prev is not None and prev.low.rsplit("-", 1)[-1] in words.subsidiaries:
            stats.subsidiary += 1  # "bei der US-Tochter Spin"
        if (nxt is not None and nxt.text == "," and self._subsidiary_after(tokens, end + 1)):
            stats.subsidiary += 1  # "the workforce of Spin, its US-based subsidiary,"
        if _ends_with(tokens, start, words.at, words):
            stats.company += 1
        if self._at_after_noun(tokens, start):
            stats.company += 1
        elif _ends_with(tokens, start, words.places_before, words):
            stats.place += 1
        if self._of_owner(tokens, start):
            stats.company += 1
        # what comes after
        if ((span[-1].possessive and nxt is not None and (
                nxt.low in words.owns or _is_noun(nxt.low, words) or _is_role(nxt.low, words)))
                or self._role_of_person_after(tokens, end)):
            stats.company += 1
        elif (nxt is not None and nxt.text[:1].islower() and nxt.low.endswith("s")
              and _is_noun(nxt.low, words)):
            # "Roughly 100 Indian startups", "a list of Indian companies": an adjective
            # before a plural company noun, not a name
            stats.bound += 1
        if nxt is not None and nxt.text == ",":
            kind = self._apposition(tokens, end + 1)
            if kind == "person":
                stats.person += 1
            elif kind == "company":
                stats.company += 1
        if _starts_with(tokens, end, words.sources_after):
            stats.source += 1
        if verbs and nxt is not None and nxt.text == "," and end + 1 < len(tokens) and (
                tokens[end + 1].low in _RELATIVES):
            # "Meero, which supplies photos to online platforms, is cutting": the verb after
            # the relative clause
            close = next((k for k in range(end + 2, min(len(tokens), end + 25))
                          if tokens[k].text in ",;.:"), None)
            if close is not None and tokens[close].text == "," and close + 1 < len(tokens):
                nxt = tokens[close + 1]
        stats.with_s += 1 if span[-1].possessive else 0
        if (not verbs and body_verbs and nxt is not None and nxt.low in words.subject_verbs
                and not span[-1].possessive and not self._determined(tokens, start)):
            verbs = True  # German: "Infarm hatte ... entlassen", no article before the name
        if (verbs and nxt is not None and self._verb(nxt)
                and (not span[-1].possessive or self._name_with_s(nxt))
                and not self._bound_before(tokens, start)):
            stats.subject += 1
            stats.title_subject |= in_title
        if self._determined(tokens, start):
            stats.bound += 1

    def _role_of_person_after(self, tokens: list[_Tok], end: int) -> bool:
        """A company's role, then a person's name, right after a name: "Better.com CEO Vishal
        Garg", "Redfin chief executive Glenn Kelman"."""
        k = end
        while k < len(tokens) and _is_role(tokens[k].low, self.words):
            k += 1
        return (k > end and k < len(tokens) and tokens[k].text[:1].isupper()
                and any(t.low in self.words.company_roles for t in tokens[end:k]))

    def _subsidiary_after(self, tokens: list[_Tok], start: int) -> bool:
        """An apposition that calls the name a subsidiary: "Spin, its US-based subsidiary"."""
        for k in range(start, min(len(tokens), start + 5)):
            tok = tokens[k]
            if not tok.is_word:
                return False
            if tok.low.rsplit("-", 1)[-1] in self.words.subsidiaries:
                return True
        return False

    def _name_with_s(self, nxt: _Tok) -> bool:
        """"Byju's has laid off", "McDonald's said": an auxiliary or a verb of saying right
        after a name in 's is its verb, so the 's belongs to the name (or is "is"); "Grab's
        workforce" is a possessive."""
        return nxt.low in self.words.after_s_verbs

    def _noun_before(self, tokens: list[_Tok], start: int) -> bool:
        """A company noun among the five words before, in the same clause, with no role
        word between ("technology group GoTo", "la startup mexicana de autos usados Kavak")."""
        for k in range(start - 1, max(-1, start - 6), -1):
            tok = tokens[k]
            if not tok.is_word or _is_role(tok.low, self.words):
                return False
            if _is_noun(tok.low, self.words):
                return True
            low = tok.low.rstrip("'’")
            if low in self._of:
                if k == start - 1:
                    return False  # "unicornios ... de Argentina": a complement, not the name
                continue  # "la startup mexicana de autos usados Kavak"
            # only lower-case words between: no other name, number, article or preposition
            # ("la empresa estrenó en Barcelona" is a place)
            if (not tok.text[:1].islower() or low in self.words.determiners
                    or low in self.prepositions):
                return False
        return False

    def _at_after_noun(self, tokens: list[_Tok], start: int) -> bool:
        """"despidos en Globant": "en" after a cut or jobs noun."""
        words = self.words
        if start < 2 or not _ends_with(tokens, start, words.at_after_noun, words):
            return False
        k = start - 1
        while k > 0 and tokens[k].low in words.determiners:
            k -= 1
        # the noun right before, or a lower-case phrase between ("Despidos en cadena en X",
        # "Stellenabbau im großen Stil bei X")
        for j in range(k - 1, max(-1, k - 5), -1):
            if tokens[j].low in words.events:
                return True
            if not tokens[j].is_word or not tokens[j].text[:1].islower():
                return False
        return False

    def _of_owner(self, tokens: list[_Tok], start: int) -> bool:
        """"employees of Personio", "directeur général de Ledger", "Aktionäre von X"."""
        words = self.words
        k = start - 1
        while k >= 0 and tokens[k].low in words.determiners:
            k -= 1
        if k < 1 or tokens[k].low.rstrip("'’") not in self._of:
            return False
        owner = tokens[k - 1].low
        return owner in words.owns or _is_role(owner, words)

    def _apposition(self, tokens: list[_Tok], start: int) -> str | None:
        """After "X,": a role first means a person, a company noun first means a company
        ("Glovo, the Spanish delivery app"), unless that noun introduces another name ("Osaka,
        le géant français du jeu vidéo Ubisoft") or the names are a list ("Pixel, Fitbit and
        Nest engineering groups")."""
        found: str | None = None
        first = next((t for t in tokens[start:start + 2] if t.is_word), None)
        if first is None or not (first.low.rstrip("'’") in self._determiners or first.possessive
                or first.low in self.words.one_of
                or _is_noun(first.low, self.words) or _is_role(first.low, self.words)):
            return None  # not a noun phrase: "Andy Jassy, a indiqué ... le groupe"
        for k in range(start, min(len(tokens), start + 12)):
            tok = tokens[k]
            if not tok.is_word:
                if tok.text in ",.;:()":
                    break
                continue
            if tok.text[:1].isdigit():
                break
            if tok.possessive:  # "X, the company's chief executive": the role is X's
                continue
            if _namelike(tok) and not _is_noun(tok.low, self.words):
                after = tokens[k + 1].low if k + 1 < len(tokens) else ""
                if found is None and after in {",", "and", "et", "und", "y", "or", "ou"}:
                    return None
                if found is not None and self._noun_before(tokens, k):
                    return None
                continue
            if found is None and _is_role(tok.low, self.words):
                if k > start and tokens[k - 1].low in self.words.role_possessives:
                    return "company"  # "Pleo, su consejero delegado, Jeppe Rindom"
                return "person"
            if found is None and _is_noun(tok.low, self.words):
                found = "company"
        return found

    def _verb(self, tok: _Tok) -> bool:
        """A word that can follow a subject: lower case and not a function word."""
        if not tok.is_word or not tok.text[:1].islower():
            return False
        low = tok.low.rstrip("'’")
        if low == "to":  # "Glovo to lay off 250", a headline's future
            return True
        return low not in self._function

    def _determined(self, tokens: list[_Tok], start: int) -> bool:
        """A determiner before, with at most one lower-case word between ("einen strikten
        Sparkurs"): a common noun, as German writes them."""
        for k in (start - 1, start - 2):
            if k < 0 or not tokens[k].is_word:
                return False
            if tokens[k].low in self.words.determiners:
                return True
            if not tokens[k].text[:1].islower():
                return False
        return False

    def _bound_before(self, tokens: list[_Tok], start: int) -> bool:
        """A determiner, a preposition or a number right before: a common noun, not a
        subject ("die Stellen sollen", "5.900 Stellen sollen", "in Berlin werden")."""
        if start == 0:
            return False
        prev = tokens[start - 1]
        low = prev.low.rstrip("'’")
        words = self.words
        if prev.text[:1].isdigit():
            return True
        return low in words.determiners or low in words.prepositions

    # decisions --------------------------------------------------------------------------------

    def decide(self, table: CompanyTable | None) -> ArticleNames:
        words = self.words
        stats = self.stats
        self._restore_stripped()
        keys = list(stats)
        persons: set[str] = set()
        singles = {k for k in keys if " " not in k}
        for key in keys:
            parts = key.split()
            full = stats[key]
            # "Drew Houston" ... "Houston said": a person (the full name comes first, with no
            # article before it: "der Fall Personio" is not one, nor a run of capitals in a
            # title that capitalises every word: "Brazil Proptech Loft's Cuts Reach 543",
            # Bloomberg Línea); so is a role next to a name
            if (len(parts) >= 2 and parts[-1] in singles and not full.legal and not full.bound
                    and full.count > full.cased_title
                    and full.first < stats[parts[-1]].first) or full.person:
                persons.add(key)
                if len(parts) >= 2:
                    persons.add(parts[-1])
        if words.nouns_capitalised:
            keys = self._drop_descriptors(keys, persons)
        # families: a name and the longer names starting with it ("Lightspeed", "Lightspeed
        # Commerce"; "Orange", "Orange Business") are one company
        root_of: dict[str, str] = {}
        for key in sorted(keys, key=lambda k: (len(k.split()), k)):
            parts = key.split()
            root = next((r for r in sorted(set(root_of.values()), key=len)
                         if parts[:len(r.split())] == r.split()), key)
            root_of[key] = root
        family: dict[str, list[str]] = defaultdict(list)
        for key, root in root_of.items():
            family[root].append(key)
        companies: dict[str, tuple[str, str | None]] = {}
        others: set[str] = set()
        passing: set[str] = set()
        for root, members in family.items():
            total = _Stats()
            for key in members:
                s = stats[key]
                total.surfaces.update(s.surfaces)
                for attr in ("count", "mid", "company", "subject", "bound"):
                    setattr(total, attr, getattr(total, attr) + getattr(s, attr))
                total.up_front |= s.up_front
                total.title_subject |= s.title_subject
                total.in_title |= s.in_title
                total.legal |= s.legal
            root_stats = stats[root]
            total.person, total.place, total.source = (
                root_stats.person, root_stats.place, root_stats.source)
            surface = root_stats.surfaces.most_common(1)[0][0]
            if table is not None and table.lookup(surface) is not None:
                continue  # the alias table finds it
            kind = self._kind(root, total, persons)
            if kind != "company":
                if kind == "passing":
                    passing.update(w for k in members for w in stats[k].surfaces)
                elif (total.person or total.source or total.place or root in persons
                      or root in words.places):
                    others.update(stats[k].surfaces.most_common(1)[0][0] for k in members)
                continue
            name = _display(root_stats, words)
            if root_stats.with_s == root_stats.count and root_stats.subject:
                name += "'s"  # never written without its 's, and the subject of a verb
            for key in members:
                extra = key.split()[len(root.split()):]
                unit = (_display(stats[key], words)
                        if any(_is_noun(w, words) for w in extra) else None)
                for written in stats[key].surfaces:
                    companies[written] = (name, unit)
        self._units_of_parent(companies, passing, persons)
        self._stated_parents(companies, persons | others)
        others -= set(companies)
        passing -= set(companies)
        named = {**companies, **{w: ("", None) for w in passing}}
        regex = None
        if named:
            alternation = "|".join(re.escape(s) for s in sorted(named, key=len, reverse=True))
            regex = re.compile(rf"(?<![\w-])(?P<name>{alternation})(?:['’]s)?(?![\w-])")
        person_names = {w for k in persons for w in stats[k].surfaces}
        return ArticleNames(companies=companies, others=frozenset(others),
                            passing=frozenset(passing), persons=frozenset(person_names),
                            _regex=regex)

    def _stated_parents(self, companies: dict[str, tuple[str, str | None]],
                        not_companies: set[str]) -> None:
        """A company the article calls another one's parent ("New Work, dem Mutterkonzern des
        Job-Netzwerks Xing", "Nu Holdings, the Nasdaq-listed parent of Nubank"; "New Work SE,
        zu dem das Karrierenetzwerk Xing gehört") makes that one its unit, wherever the
        article names it: the brand's cut is the group's (see ``parent_nouns`` in the language
        files). The parent needs no more evidence than that sentence: "der New Work SE, zu
        der Xing gehört" names a company."""
        words = self.words
        leading = {w: name for w, (name, unit) in companies.items() if unit is None}
        cue = words.parent_nouns | words.parent_relative
        sentences = [s for s in self.sentences if cue and any(
            c in s.casefold() for c in cue)]  # most articles state no parent: no pattern
        if not leading or not sentences:
            return
        names = {**{w: _display(s, words) for key, s in self.stats.items() if s.count
                    and key not in not_companies and key not in words.places
                    for w in s.surfaces if w not in not_companies}, **leading}
        name = "|".join(re.escape(w) for w in sorted(names, key=len, reverse=True))

        def alt(items: Iterable[str]) -> str:  # any case: "Mutterkonzern", "Parent"
            return "(?i:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                     for w in sorted(items, key=len, reverse=True)) + ")"

        filler = r"(?:[^\W\d][\w'’.-]*\s+){0,3}?"
        patterns = []
        if words.parent_nouns:
            # "of", or a genitive article: "dem Mutterkonzern des Job-Netzwerks Xing"
            noun, of = alt(words.parent_nouns), alt(words.of | self._determiners)
            patterns += [
                rf"(?P<a>{name})(?:['’]s)?\s*,\s*{filler}(?:{noun})\s+(?:{of})\s+{filler}"
                rf"(?P<b>{name})(?![\w-])"]
        if words.parent_relative and words.parent_relative_verbs:
            patterns.append(
                rf"(?P<a>{name})\s*,\s*(?:{alt(words.parent_relative)})\s+{filler}"
                rf"(?P<b>{name})\s+(?:{alt(words.parent_relative_verbs)})\b")
        children: dict[str, str] = {}  # child's name -> parent's name
        for pattern in map(re.compile, patterns):
            for sentence in sentences:
                for m in pattern.finditer(sentence):
                    if self._name_goes_on(sentence[:min(m.start("a"), m.start("b"))]):
                        continue  # "One 97 Communications, die Muttergesellschaft von Paytm"
                    parent, child = names.get(m.group("a")), leading.get(m.group("b"))
                    if parent and child and fold_company(parent) != fold_company(child):
                        children.setdefault(child, parent)
        for written, (company, unit) in list(companies.items()):
            if unit is None and company in children and children[company] not in children:
                companies[written] = (children[company], company)

    def _name_goes_on(self, before: str) -> bool:
        """Whether the words ``before`` a name found in a sentence end with more of that name:
        a number, or a capitalised word that is not the sentence's first ("One 97
        Communications" read from "Communications")."""
        words = before.split()
        if not words:
            return False
        last = words[-1]
        if not last[-1:].isalnum():
            return False  # "In the first quarter of 2023, Nu Holdings, the ... parent of Nubank"
        low = last.casefold()
        return last[:1].isdigit() or (
            last[:1].isupper() and len(words) > 1 and low not in self._function
            and not any(_noun_or_role(low, self.words)))  # "Beim Hamburger Unternehmen New Work"

    def _restore_stripped(self) -> None:
        """A name whose first word is one a sentence start drops ("New", "The", "Business")
        loses it there: "New Work relativiert die Zahl" reads "Work" (Kurier), as "Job-Schock
        bei New Work SE" does in a title that capitalises every word (MOPO). When the article
        also writes the full name mid-sentence, at least as often as the shortened one, the
        shortened one is the full name with its first word dropped: its evidence goes to the
        full name. A shortened name written more often stands on its own: "Fnac Darty" beside
        one "CGT Fnac Darty" (LSA), "Amadeus" beside "CGT Amadeus" (WebTimeMedias)."""
        stats = self.stats
        for key, full in list(stats.items()):
            first, _, rest = key.partition(" ")
            short = stats.get(rest) if rest and first in self.words.not_names else None
            if short is None or not full.mid or not short.count or short.count > full.count:
                continue
            for attr in ("count", "mid", "company", "subject", "bound", "person", "place",
                         "source", "with_s", "subsidiary", "cased_title"):
                setattr(full, attr, getattr(full, attr) + getattr(short, attr))
            full.up_front |= short.up_front
            full.title_subject |= short.title_subject
            full.in_title |= short.in_title
            full.legal |= short.legal
            if short.first >= 0:
                full.first = min(full.first, short.first) if full.first >= 0 else short.first
            del stats[rest]

    def _units_of_parent(self, companies: dict[str, tuple[str, str | None]],
                         passing: set[str], persons: set[str]) -> None:
        """A name the article calls a subsidiary, and names no more than in passing, is a unit
        of the article's leading company (its title's subject): "The company is also trimming
        the workforce of Spin, its US-based subsidiary, by about 20 employees" (CanIndia, on
        Tier), "Zeitgleich wurden bei der US-Tochter Spin 20 Mitarbeitende entlassen"
        (Gründerszene). A subsidiary that is a company of its own in the article stays one."""
        leaders = {name for written, (name, unit) in companies.items() if unit is None
                   and self.stats[fold_company(written)].title_subject}
        if len(leaders) != 1:
            return
        [parent] = leaders
        for key, s in self.stats.items():
            if not s.subsidiary or key in persons or not s.surfaces:
                continue
            surface = s.surfaces.most_common(1)[0][0]
            if surface in companies or fold_company(surface) == fold_company(parent):
                continue
            for written in s.surfaces:
                companies[written] = (parent, _display(s, self.words))
                passing.discard(written)

    def _drop_descriptors(self, keys: list[str], persons: set[str]) -> list[str]:
        """German capitalises the nouns that describe a company, so "Die Wiener Kryptobörse
        Bitpanda" and "E-Scooter-Verleiher Tier Mobility" read as one run: when the run's end
        is a name the article also writes on its own ("Bitpanda", "Tier Mobility"), that name
        takes the run's evidence (the subject of a verb, in the title) and the run goes."""
        stats = self.stats
        kept = []
        for key in keys:
            parts = key.split()
            suffix = next((" ".join(parts[i:]) for i in range(1, len(parts))
                           if " ".join(parts[i:]) in stats), None)
            if suffix is None or key in persons or suffix in persons:
                kept.append(key)
                continue
            run, name = stats[key], stats[suffix]
            name.subject += run.subject
            name.company += run.company
            name.up_front |= run.up_front
            name.title_subject |= run.title_subject
            name.in_title |= run.in_title
        return kept

    def _kind(self, root: str, s: _Stats, persons: set[str]) -> str | None:
        """"company" (one of the article's companies), "passing" (a company the article
        names in passing: its figures are not the article's companies' figures), or None."""
        evidence = s.company + s.subject
        if not evidence or root in persons or s.person or root in self.words.places:
            return None
        if " " not in root and root.endswith(self.words.noun_suffixes):
            return None  # "Spekulationen", "Sparprogramms": a German common noun
        if s.source >= evidence or s.place >= evidence:
            return None
        surface = s.surfaces.most_common(1)[0][0]
        # written with its capital where a common word would not have it
        confirmed = s.mid or s.company or not (
            {w.casefold() for w in surface.split()} & {w.casefold() for w in self.lower_words})
        if not confirmed or (s.bound * 2 >= s.count and not s.company):
            return None  # a sentence's first word, a common noun ("diese Bombe")
        if (surface.isupper() and len(surface) <= 4 and not s.company
                and not (s.title_subject and (s.subject >= 2 or s.mid >= 1))):
            # an acronym needs more than a verb after it, or to be the subject of the title
            # and of the text ("SFR supprime 856 postes" ... "SFR a présenté"); unions, which
            # are subjects as often, are not names (the not_names of each language)
            return None
        if not s.up_front or s.count < 2:
            # named in passing: still needs its capital mid-sentence, no article before it,
            # and, for a two-word name (or in German), more than a verb after it
            if (s.mid and not s.bound and (s.company or (
                    " " not in root and not self.words.nouns_capitalised))):
                return "passing"
            return None
        if (not s.company and not s.title_subject and not (s.in_title and s.subject)
                and (" " in root or s.subject < 2)):
            # a subject once in the body is weak ("Nest smart-home products"), and a two-word
            # name that is only ever a subject is a person's more often than not ("Christel
            # Heydemann avait prévenu"); named in the title too, it is what the article is
            # about ("Despidos en cadena en Teleperformance" ... "Teleperformance ha cerrado")
            return None
        return "company"


def _display(stats: _Stats, words: _NameWords) -> str:
    """The canonical spelling: the most frequent surface, legal form dropped, no accents."""
    surface = stats.surfaces.most_common(1)[0][0]
    parts = surface.split()
    while (len(parts) > 1 and parts[-1].casefold().rstrip(".") in words.legal
           and len(" ".join(parts[:-1])) > 2):  # "Nu Holdings" is no "Nu"
        parts.pop()
    return ascii_name(" ".join(parts))


def read_article_names(
    title: str, paragraphs: Sequence[Sequence[str]], *, lang: str | None = None,
    table: CompanyTable | None = None, outlet: str | None = None,
    is_layoff: Callable[[str], bool] | None = None,
) -> ArticleNames:
    """The companies an article is about, read from its title and sentences (see the notes
    above): the open-world complement of the alias table. ``is_layoff`` says whether a
    sentence reports a cut (its subject is then read as the company making it)."""
    reader = _Reader(outlet, lang)
    layoff = is_layoff or (lambda _s: False)
    title_case = _title_case(title)
    parts = _between_sentences(title)
    for part in parts:
        reader.read(part, up_front=True, layoff=True, title_case=title_case, is_title=True,
                    topic=len(parts) > 1 and part is parts[0])
    seen = 0
    for paragraph in paragraphs:
        for sentence in paragraph:
            reader.read(sentence, up_front=seen < 3, layoff=layoff(sentence))
            seen += 1
    return reader.decide(table)


# --------------------------------------------------------------------------------------------
# Questions about companies the ledger knows from its articles
# --------------------------------------------------------------------------------------------

_KNOWN_CUTOFF = 85.0  # a capitalised word this close to a ledger company is that company


def _folded_words(text: str) -> list[tuple[str, int, int]]:
    return [(fold_company(t.text), t.start, t.end) for t in _tokens(text) if t.is_word]


def find_known(text: str, known: Iterable[str]) -> list[CompanyMention]:
    """Companies of ``known`` (the ledger's own company names, "Personio", "Delivery Hero")
    named in ``text``: as written whatever the case, accents or legal form ("personio",
    "Telefónica", "Siemens AG", "Personio's"), or, for a capitalised word of four letters or
    more, a close spelling ("Persnoio"). Longest names first, without overlaps."""
    words = _folded_words(text)
    folded = [w for w, _, _ in words]
    names = sorted({fold_company(k): k for k in known if fold_company(k)}.items(),
                   key=lambda kv: -len(kv[0].split()))
    found: list[CompanyMention] = []
    taken: set[int] = set()
    for key, name in names:
        parts = key.split()
        n = len(parts)
        for i in range(len(folded) - n + 1):
            if folded[i:i + n] == parts and not taken & set(range(i, i + n)):
                taken.update(range(i, i + n))
                start, end = words[i][1], words[i + n - 1][2]
                found.append(CompanyMention(name, None, start, end, text[start:end]))
    by_key = {k: v for k, v in names}
    for i, (word, start, end) in enumerate(words):
        raw = text[start:end]
        if i in taken or len(word) < 4 or not raw[:1].isupper():
            continue
        best = process.extractOne(word, list(by_key), scorer=fuzz.ratio,
                                  score_cutoff=_KNOWN_CUTOFF)
        if best is not None:
            taken.add(i)
            found.append(CompanyMention(by_key[best[0]], None, start, end, raw))
    return sorted(found, key=lambda m: m.start)
