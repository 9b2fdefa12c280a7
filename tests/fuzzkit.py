"""Shared pieces of the fuzz tests (tests/test_fuzz_*.py): counts, a per-input watchdog,
strategies of realistic fragments mixed with raw text, and the counts file.

* ``FUZZ_EXAMPLES`` is the number of generated inputs per parser: 1,000 by default, so that
  ``pytest`` stays quick; CI's full form (``.ci/run``) runs 10,000;
* ``FUZZ_INPUT_SECONDS`` (default 5) bounds the CPU time one input may take: the kernel's
  profiling timer (SIGPROF, this process's CPU time) fires past the bound and raises
  :class:`InputTimeout` inside the parser (CPython's regex engine checks signals, so a
  catastrophic backtrack is interrupted too), and hypothesis shrinks the input that hung. An
  input fails only when it runs over twice in a row: a hang repeats, a busy moment does not.
  CPU time, not wall time: a machine busy with other work slows every input down, but does
  not add to the CPU time it takes, so load cannot turn the suite red (it did: a wall-clock
  SIGALRM timed out front matter on a loaded machine). ``FUZZ_INPUT_WALL_SECONDS`` (default
  300) is a backstop for an input that waits instead of computing;
* ``FUZZ_RANDOM=1`` explores new inputs on every run; by default each test's inputs are
  derived from its own code (hypothesis's ``derandomize``), so a CI run is reproducible and a
  failure in CI is the same failure on a laptop;
* ``FUZZ_RESULTS`` (unset by default), a JSON file path: each fuzz run adds its parser's count,
  wall time and slowest input there (``bench/results/fuzz.json`` holds the committed run).
"""

from __future__ import annotations

import json
import os
import signal
import string
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from index.numbers import english_words, format_number, french_words

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
INPUT_SECONDS = float(os.environ.get("FUZZ_INPUT_SECONDS", "5"))
WALL_SECONDS = float(os.environ.get("FUZZ_INPUT_WALL_SECONDS", "300"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"

T = TypeVar("T")


class InputTimeout(Exception):
    """One generated input used more than ``FUZZ_INPUT_SECONDS`` of CPU time: a hang or a
    backtrack."""


@contextmanager
def watchdog(seconds: float, what: str, wall_seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`InputTimeout` in the main thread when the block has used more than
    ``seconds`` of CPU time (the kernel's profiling timer: SIGPROF), or ``wall_seconds`` of
    wall time (SIGALRM). Kernel timers, not a watching thread: a regex backtracking in C
    holds the GIL, so no Python thread could run to notice it."""
    wall = WALL_SECONDS if wall_seconds is None else wall_seconds

    def cpu_expired(signum: int, frame: object) -> None:
        raise InputTimeout(f"{what}: one input used over {seconds:g} s of CPU time")

    def wall_expired(signum: int, frame: object) -> None:
        raise InputTimeout(f"{what}: one input took over {wall:g} s of wall time")

    previous = (signal.signal(signal.SIGPROF, cpu_expired),
                signal.signal(signal.SIGALRM, wall_expired))
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, wall)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


def fuzz_settings(examples: int | None = None) -> settings:
    """Hypothesis settings of a fuzz run: the count, no deadline (the watchdog bounds each
    input's CPU time instead, so a loaded machine does not make timings flaky), no example
    database, and the same inputs on every run unless ``FUZZ_RANDOM=1``."""
    return settings(
        max_examples=examples or FUZZ_EXAMPLES,
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )


class Run:
    """Counts the inputs one parser is given, and records the run (see FUZZ_RESULTS)."""

    def __init__(self, name: str, seconds: float = INPUT_SECONDS) -> None:
        self.name = name
        self.seconds = seconds
        self.count = 0
        self.slowest = 0.0
        self.slowest_input = ""
        self.retried = 0  # inputs that ran over the bound once, then within it
        self.started = time.perf_counter()

    def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        start = time.perf_counter()
        try:
            try:
                with watchdog(self.seconds, self.name):
                    return fn(*args, **kwargs)
            except InputTimeout:
                # A hang or a backtrack repeats; a slow moment of a shared machine does not (CI
                # once failed on an input that took under 2 s of CPU when run again). So an
                # input fails only when it runs over the bound twice in a row.
                self.retried += 1
                with watchdog(self.seconds, self.name):
                    return fn(*args, **kwargs)
        finally:
            self.count += 1
            took = time.perf_counter() - start
            if took > self.slowest:
                self.slowest, self.slowest_input = took, repr(args)[:300]

    def finish(self, expected: int | None = None) -> None:
        """Check that the parser saw the requested number of inputs and record the run."""
        expected = expected or FUZZ_EXAMPLES
        assert self.count >= expected, f"{self.name}: only {self.count} of {expected} inputs ran"
        path = os.environ.get("FUZZ_RESULTS")
        if not path:
            return
        target = Path(path)
        data = json.loads(target.read_text()) if target.exists() else {}
        data[self.name] = {
            "inputs": self.count,
            "seconds": round(time.perf_counter() - self.started, 1),
            "slowest_input_ms": round(self.slowest * 1000, 1),
            "slowest_input": self.slowest_input,  # its start, to profile it
            "retried": self.retried,
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


# --------------------------------------------------------------------------- text strategies


def _sampled_words(words: str) -> st.SearchStrategy[str]:
    return st.sampled_from(words.split())


# Characters that tend to matter to the parsers: spaces of every kind, quotes, apostrophes,
# dashes, digits separators, markdown and HTML markers, accents, combining marks, RTL marks.
_SPECIAL = (
    " \t\n\r\u00a0\u202f\u2009\u200b\u200e\ufeff'’‘\"“”«»-–—‑.,;:!?…()[]{}<>/\\|•·*_#>+=%$€£&@~^`"
    "0123456789éèêàçùôîÉÀœŒßİıǅﬁ\u0301\u0327"
)
chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
raw_text = st.text(alphabet=st.one_of(chars, st.sampled_from(_SPECIAL)), max_size=120)

WORDS = _sampled_words(
    "the a of and to in on at by for with said company will would has have was were more than "
    "about nearly up least some several hundreds thousands dozen jobs roles employees staff "
    "workers positions people workforce cut cuts cutting laid off lay layoffs eliminate slash "
    "reduce reduction plans announced Monday Tuesday Wednesday last next this year month week "
    "quarter ago since between from through until early mid late end Q1 Q3 H2 FY2024 fiscal "
    "le la les des de du un une et à au aux en pour par sur avec environ près plus moins "
    "quelque plusieurs centaines milliers dizaine emplois postes salariés effectifs supprimer "
    "supprime suppression licenciements plan social annoncé lundi mardi dernier prochain "
    "année mois semaine trimestre depuis entre jusqu'à fin début mi d'ici courant il y a "
    "Amazon AWS Meta Facebook Google Alphabet Microsoft Intel Salesforce Twitch Slack Ring "
    "Apple Tesla X Twitter Acme Blizzard Reality Labs percent pour cent % $ € million billion "
    "milliard milliards k bn M",
)

MONTHS = _sampled_words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec janvier février mars avril mai juin "
    "juillet août septembre octobre novembre décembre janv. févr. déc.",
)
SEASONS = st.sampled_from(["spring", "summer", "autumn", "fall", "winter", "printemps", "été",
                           "automne", "hiver"])
YEARS = st.one_of(st.integers(1975, 2055), st.integers(0, 99999))


@st.composite
def number_form(draw: st.DrawFn) -> str:
    """A number written as news text writes it: grouped, abbreviated, in words, or vague."""
    n = draw(st.one_of(st.integers(0, 2_000_000), st.integers(0, 10**15)))
    kind = draw(st.sampled_from(
        ["plain", "comma", "space", "nbsp", "nnbsp", "dot", "k", "million", "fr_million",
         "en_words", "fr_words", "format_en", "format_fr", "vague", "percent", "money",
         "range", "decimal"]))
    if kind == "plain":
        return str(n)
    if kind in ("comma", "space", "nbsp", "nnbsp", "dot"):
        sep = {"comma": ",", "space": " ", "nbsp": "\u00a0", "nnbsp": "\u202f", "dot": "."}[kind]
        return f"{n:,}".replace(",", sep)
    if kind == "k":
        return f"{n % 1000}{draw(st.sampled_from(['k', 'K', 'bn', 'M', 'm', 'Md']))}"
    if kind in ("million", "fr_million"):
        whole, frac = n % 1000, n % 10
        point = "," if kind == "fr_million" else "."
        word = draw(st.sampled_from(["million", "millions", "billion", "milliard", "milliards",
                                     "thousand", "mille", "hundred", "cent"]))
        return f"{whole}{point}{frac} {word}" if draw(st.booleans()) else f"{whole} {word}"
    if kind == "en_words":
        return english_words(n % 10**6, use_and=draw(st.booleans()))
    if kind == "fr_words":
        return french_words(n % 10**6, reform=draw(st.booleans()))
    if kind == "format_en":
        return format_number(n, "en")
    if kind == "format_fr":
        return format_number(n, "fr")
    if kind == "vague":
        return draw(st.sampled_from(
            ["plusieurs centaines", "quelques milliers", "des centaines", "hundreds",
             "several thousand", "thousands of", "a few hundred", "une dizaine", "des milliers",
             "a dozen", "une vingtaine", "a couple hundred", "tens of thousands", "la moitié",
             "half of", "a third of", "un quart des", "plusieurs dizaines de milliers"]))
    if kind == "percent":
        return draw(st.sampled_from(["{} %", "{}%", "{} percent", "{} pour cent", "{},5 %",
                                     "{}.5%"])).format(n % 1000)
    if kind == "money":
        return draw(st.sampled_from(["${}", "$ {} million", "{} €", "€{}bn", "{} M€",
                                     "{} millions d'euros", "US${}"])).format(n % 100_000)
    if kind == "range":
        a, b = n % 50_000, draw(st.integers(0, 60_000))
        return draw(st.sampled_from(["{}-{}", "{} to {}", "between {} and {}", "entre {} et {}",
                                     "{} à {}", "from {} to {}", "{}–{}"])).format(a, b)
    return f"{n % 1000}.{n % 97}"


@st.composite
def date_phrase(draw: st.DrawFn) -> str:
    """A time expression of the kinds the date parser reads, with sane and insane numbers."""
    y, m, d = draw(YEARS), draw(st.integers(0, 14)), draw(st.integers(0, 40))
    month, season = draw(MONTHS), draw(SEASONS)
    n = draw(st.one_of(st.integers(0, 30), st.integers(0, 10**12)))
    templates = [
        f"{month} {d}, {y}", f"le {d} {month} {y}", f"{d} {month} {y}", f"{y}-{m:02d}-{d:02d}",
        f"{m}/{d}/{y}", f"{d}.{m}.{y}", f"in {y}", f"en {y}", f"since {month}",
        f"depuis {month} {y}", f"in {month}", f"last {month}", f"{month} dernier",
        f"Q{m % 6} {y}", f"T{m % 6} {y}", f"H{m % 4} {y}", f"FY{y}", f"FY{y % 100}",
        f"the {m}th quarter of {y}", f"early {y}", f"late {month}", f"mid-{y}", f"fin {y}",
        f"début {month}", f"courant {y}", f"{season} {y}", f"{season} {y}-{y + 1}",
        f"l'{season} dernier", f"last {season}", f"this {season}", f"next {season}",
        f"{n} years ago", f"{n} months ago", f"il y a {n} ans", f"the past {n} years",
        f"the last {n} months", f"over the past {n} weeks", f"ces {n} dernières années",
        f"the next {n} days", "last week", "last month", "earlier this year", "yesterday",
        "hier", "on Wednesday", "mercredi", "last Friday", "next Monday", f"{y}-{y + 1}",
        f"between {month} and {draw(MONTHS)} {y}", f"from {month} to {draw(MONTHS)} {y}",
        f"entre {month} et {draw(MONTHS)} {y}", f"du {d} au {d + 3} {month} {y}",
        f"{month} {d}-{d + 2}", f"before {y}", f"after {month} {y}", f"until {y}",
        f"d'ici {y}", f"by the end of {y}", f"jusqu'en {y}", f"the {y} layoffs",
        f"{y}'s cuts", f"{d} {month}", f"{month} {d}",
    ]
    return draw(st.sampled_from(templates))


COMPANY = st.sampled_from(
    ["Amazon", "AWS", "Amazon Web Services", "Meta", "Facebook", "Meta Platforms", "Google",
     "Alphabet", "Google Cloud", "YouTube", "Microsoft", "LinkedIn", "GitHub", "Activision",
     "Salesforce", "Slack", "Intel", "Twitch", "Reality Labs", "Whole Foods", "amazon",
     "META", "Acme Corp", "Initech", "Globex", "Ring", "ring", "Blizzard", "Apple", "Tesla",
     "Twitter", "X", "Spotify", "Dell", "IBM", "Cisco", "SAP", "Ubisoft", "Orange", "Atos"]
)


@st.composite
def layoff_sentence(draw: st.DrawFn) -> str:
    """An English or French sentence reporting (or nearly reporting) a job cut."""
    company, number, when = draw(COMPANY), draw(number_form()), draw(date_phrase())
    templates = [
        "{c} will cut {n} jobs {w}.", "{c} said it would lay off {n} employees {w}.",
        "{c} laid off {n} people, or 10% of its workforce, {w}.",
        "{w}, {c} announced plans to eliminate about {n} roles in its cloud unit.",
        "The cuts affect more than {n} workers at {c} {w}, bringing the total to {n}.",
        "{c} is cutting {n} positions, including {n} in the United States.",
        "{c} va supprimer {n} postes {w}.", "{c} a annoncé {w} la suppression de {n} emplois.",
        "Près de {n} salariés de {c} seront licenciés {w}, selon les syndicats.",
        "{c} prévoit de réduire ses effectifs de {n} {w}.",
        "Le plan social de {c} concerne {n} personnes en France {w}.",
        "{c} did not say how many of its {n} employees would be affected {w}.",
        "{c} hired {n} people {w}.", "{c} has {n} open roles.",
        "« {c} supprime {n} postes », a déclaré un porte-parole {w}.",
        "\"We are cutting {n} jobs,\" {c} said {w}.",
        "{c}'s {n} layoffs {w} were its largest ever, according to Layoffs.fyi.",
        "{c} and {c2} cut {n} and {n2} jobs respectively {w}.",
    ]
    template = draw(st.sampled_from(templates))
    return template.format(c=company, n=number, w=when, c2=draw(COMPANY), n2=draw(number_form()))


NOISE_LINES = st.sampled_from(
    ["Share", "Share on Facebook | Twitter | LinkedIn", "Read more: Amazon cuts 9,000 jobs",
     "LIRE AUSSI Meta supprime 11 000 postes", "Related articles", "Advertisement",
     "Subscribe to continue reading", "We use cookies to improve your experience.",
     "Photo: Getty Images", "© Reuters 2023", "Home > Tech > Layoffs", "* * *", "———",
     "Lire aussi | Le plan social", "À lire aussi :", "Publicité", "5 min read",
     "Partager sur Facebook", "Accueil › Économie › Emploi", "More from Reuters",
     "Il vous reste 80 % de cet article à lire.", "Cet article est réservé aux abonnés.",
     "Crédit photo : AFP", "(AP Photo/Jeff Chiu)", "You are here:", "| a | b |", "|---|---|",
     "- [Amazon layoffs](https://example.com/a)", "![](img.png)", "# Heading", "## Sous-titre",
     "> quoted line", "1. first", "•", "...", "Published: January 5, 2023",
     "Publié le 4 janvier 2023 à 10h02", "SEATTLE, Jan 4 (Reuters) -",
     "PARIS, 5 janvier 2023 (AFP) -", "Updated 2:02 PM ET, Thu January 5, 2023",
     "By Jane Doe | March 3, 2024", "Mis à jour le 12/03/2024"]
)

piece = st.one_of(WORDS, number_form(), date_phrase(), COMPANY, raw_text)
sentence = st.one_of(
    layoff_sentence(),
    st.lists(piece, max_size=25).map(" ".join),
    raw_text,
)
line = st.one_of(sentence, NOISE_LINES, st.just(""), raw_text)
article_text = st.lists(line, max_size=30).map("\n".join)


@st.composite
def long_text(draw: st.DrawFn, max_repeat: int = 3000) -> str:
    """One fragment repeated many times, optionally with separators: the shape that makes a
    backtracking regex go quadratic or worse."""
    fragment = draw(st.one_of(
        st.text(alphabet=st.sampled_from(_SPECIAL + string.ascii_letters), min_size=1,
                max_size=6),
        WORDS, number_form(), NOISE_LINES, COMPANY))
    joiner = draw(st.sampled_from(["", " ", "\n", ", ", " and ", "-", ".", "\u00a0"]))
    count = draw(st.integers(100, max_repeat))
    tail = draw(st.sampled_from(["", "!", "x", " jobs.", "\n\n", "é", ":"]))
    return joiner.join([fragment] * count) + tail

