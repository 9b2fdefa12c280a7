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

import hashlib
import json
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

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

    def names(self) -> list[str]:
        """Canonical company names, sorted."""
        return sorted(self._companies, key=str.casefold)

    def get(self, name: str) -> Company | None:
        """The table row for a canonical ``name`` (exact), or None."""
        return self._companies.get(name)
