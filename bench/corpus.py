"""A synthetic corpus of layoff articles, grown from the bundled sample corpus.

Each generated article starts from one sample article (its company, language and kind of
outlet), gets a new URL, title, outlet and date, and a body recombined from the paragraphs of
one to three sample articles of the same language (the longest also borrow a few background
paragraphs), with small edits (word swaps, a dropped or reordered sentence, a closing line) so
that every text is distinct and lengths vary from about 150 to 900 words. The same seed always
gives the same files.

    python bench/corpus.py OUT_DIR [--articles 1000] [--seed 7]

Used by ``bench/reindex.py``; nothing here touches an index.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from index.cli import sample_corpus  # noqa: E402
from index.ingest import load_articles  # noqa: E402
from index.text import split_sentences  # noqa: E402

DEFAULT_ARTICLES = 1000
DEFAULT_SEED = 7
MIN_WORDS, MAX_WORDS = 150, 900

# Word swaps that keep a sentence readable: (pattern, replacement), one language each.
SWAPS: dict[str, list[tuple[str, str]]] = {
    "en": [
        (r"\bjobs\b", "positions"), (r"\bpositions\b", "roles"), (r"\bemployees\b", "staff"),
        (r"\bworkers\b", "employees"), (r"\bsaid\b", "stated"), (r"\bannounced\b", "disclosed"),
        (r"\bcut\b", "eliminate"), (r"\bcuts\b", "reductions"), (r"\blayoffs\b", "job cuts"),
        (r"\babout\b", "roughly"), (r"\bcompany\b", "firm"), (r"\bplans\b", "intends"),
        (r"\bmemo\b", "internal note"), (r"\bchief executive\b", "CEO"),
    ],
    "fr": [
        (r"\bpostes\b", "emplois"), (r"\bemplois\b", "postes"), (r"\bsalariés\b", "employés"),
        (r"\bannoncé\b", "indiqué"), (r"\bgroupe\b", "géant"), (r"\benviron\b", "près de"),
        (r"\bsuppressions\b", "réductions"), (r"\bentreprise\b", "société"),
        (r"\bdirecteur général\b", "patron"), (r"\ba précisé\b", "a ajouté"),
        (r"\beffectifs\b", "équipes"),
    ],
}

CLOSERS: dict[str, list[str]] = {
    "en": [
        "The company did not respond to a request for further comment.",
        "More details are expected when the company reports its next quarterly results.",
        "Analysts said further reductions could follow if demand stays weak.",
        "Affected employees are expected to receive severance and transition support.",
        "The announcement comes amid a broader wave of cuts across the technology sector.",
        "Shares moved little in early trading after the news.",
    ],
    "fr": [
        "L'entreprise n'a pas souhaité commenter davantage.",
        "De nouveaux détails sont attendus lors de la publication des prochains résultats.",
        "Selon les analystes, d'autres suppressions pourraient suivre si la demande reste faible.",
        "Les salariés concernés doivent bénéficier d'un accompagnement et d'indemnités.",
        "Cette annonce s'inscrit dans une vague plus large de réductions dans la tech.",
        "Le titre a peu réagi à l'ouverture après l'annonce.",
    ],
}

TITLE_FORMS: dict[str, list[str]] = {
    "en": ["{t}", "{t}", "Update: {t}", "{t} (report)", "Analysis: {t}", "{t}, sources say"],
    "fr": ["{t}", "{t}", "Mise à jour : {t}", "{t} (compte rendu)", "Analyse : {t}",
           "{t}, selon nos informations"],
}

# The one-sentence edit bench/reindex.py makes in "changed" articles.
EDIT_CLAUSE = {"en": ", according to an updated statement",
               "fr": ", selon une déclaration actualisée"}


@dataclass(frozen=True)
class Sample:
    name: str  # file stem, e.g. amazon-2023-01-05-rfi-fr
    company: str
    title: str
    url: str
    outlet: str
    published: date | None
    lang: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Generated:
    path: Path
    lang: str
    words: int


def load_samples(folder: Path | None = None) -> list[Sample]:
    """The sample corpus's articles, read and cleaned by the project's own ingest code."""
    folder = folder or sample_corpus()
    loaded = load_articles([folder], languages=["en", "fr"], max_bytes=10 * 1024 * 1024)
    samples = []
    for article in sorted(loaded.articles, key=lambda a: a.source):
        name = Path(article.source).stem
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n|\n", article.text) if p.strip())
        samples.append(Sample(name=name, company=name.split("-", 1)[0], title=article.title,
                              url=article.url, outlet=article.outlet,
                              published=article.published, lang=article.lang,
                              paragraphs=paragraphs))
    if not samples:
        raise SystemExit(f"no sample articles under {folder}")
    return samples


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _words(text: str) -> int:
    return len(text.split())


def _edit_paragraph(paragraph: str, lang: str, rng: random.Random) -> str:
    """A lightly edited copy: a word swap or two, sometimes a sentence dropped or moved."""
    sentences = split_sentences(paragraph)
    roll = rng.random()
    if len(sentences) >= 3 and roll < 0.2:
        del sentences[rng.randrange(1, len(sentences))]
    elif len(sentences) >= 3 and roll < 0.35:
        i = rng.randrange(1, len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    text = " ".join(sentences)
    swaps = SWAPS[lang]
    for pattern, replacement in rng.sample(swaps, k=rng.randint(0, 2)):
        text = re.sub(pattern, replacement, text, count=1)
    return text


def _body(base: Sample, donors: Sequence[Sample], spare: Sequence[Sample], target_words: int,
          rng: random.Random) -> list[str]:
    """Paragraphs for one article: the base's lead, then the base's and the donors' paragraphs
    (the base's own first), each lightly edited, until ``target_words``; the longest pieces
    borrow background paragraphs from ``spare`` articles once the donors run out."""
    lead = _edit_paragraph(base.paragraphs[0], base.lang, rng)
    own = list(base.paragraphs[1:])
    borrowed = [p for donor in donors for p in donor.paragraphs]
    rng.shuffle(own)
    rng.shuffle(borrowed)
    pool = own + borrowed
    spare = list(spare)
    body = [lead]
    count = _words(lead)
    while count < target_words:
        if not pool:
            if not spare:
                break
            extra = list(spare.pop(0).paragraphs[1:])
            rng.shuffle(extra)
            pool = extra[:2]
            continue
        edited = _edit_paragraph(pool.pop(0), base.lang, rng)
        body.append(edited)
        count += _words(edited)
    if rng.random() < 0.5:
        body.append(rng.choice(CLOSERS[base.lang]))
    return body


def _front_matter(meta: dict[str, str]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def generate(target: Path, articles: int = DEFAULT_ARTICLES, seed: int = DEFAULT_SEED,
             samples: Sequence[Sample] | None = None) -> list[Generated]:
    """Write ``articles`` .md files into ``target`` (created; existing .md files are replaced)."""
    samples = list(samples or load_samples())
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.md"):
        old.unlink()
    by_lang: dict[str, list[Sample]] = {}
    for sample in samples:
        by_lang.setdefault(sample.lang, []).append(sample)
    outlets = {lang: sorted({(s.outlet, urlparse(s.url).hostname or "") for s in group})
               for lang, group in by_lang.items()}
    seen: set[str] = set()
    written: list[Generated] = []
    for i in range(articles):
        base = rng.choice(samples)
        same_lang = [s for s in by_lang[base.lang] if s is not base]
        # same company first (a rewrite mixes coverage of one story), then the rest
        same_company = [s for s in same_lang if s.company == base.company]
        others = [s for s in same_lang if s.company != base.company]
        rng.shuffle(same_company)
        rng.shuffle(others)
        ranked = same_company + others
        target_words = rng.randint(MIN_WORDS, MAX_WORDS)
        n_donors = min(2, (target_words - 1) // 300)  # 1-3 source articles in all
        body = _body(base, ranked[:n_donors], ranked[n_donors:n_donors + 2], target_words, rng)
        text = "\n\n".join(body)
        while _words(text) < MIN_WORDS or hashlib.sha256(text.encode()).hexdigest() in seen:
            extra = _edit_paragraph(rng.choice(rng.choice(same_lang).paragraphs), base.lang, rng)
            body.insert(len(body) - 1 if len(body) > 1 else 1, extra)
            text = "\n\n".join(body)
        seen.add(hashlib.sha256(text.encode()).hexdigest())
        outlet, host = (base.outlet, urlparse(base.url).hostname or "example.com")
        if rng.random() < 0.6:
            outlet, host = rng.choice(outlets[base.lang])
            host = host or "example.com"
        published = (base.published or date(2023, 1, 1)) + timedelta(days=rng.randint(0, 14))
        title = rng.choice(TITLE_FORMS[base.lang]).format(t=base.title)
        slug = _slug(base.title)[:60]
        meta = {
            "url": f"https://{host}/{published:%Y/%m/%d}/{slug}-{i:04d}",
            "title": title,
            "outlet": outlet,
            "published": published.isoformat(),
            "lang": base.lang,
        }
        name = f"{i:04d}-{base.company}-{published.isoformat()}-{_slug(outlet)}-{base.lang}.md"
        path = target / name
        path.write_text(_front_matter(meta) + text + "\n", encoding="utf-8")
        written.append(Generated(path, base.lang, _words(text)))
    return written


def edit_one_sentence(path: Path, lang: str, rng: random.Random) -> None:
    """Change one sentence of an article's body (a clause added before its full stop)."""
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n---\n")
    paragraphs = body.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if re.search(r"\w\.(\s|$)", p)]
    index = rng.choice(candidates)
    paragraph = paragraphs[index]
    ends = [m.start() + 1 for m in re.finditer(r"\w\.(?=\s|$)", paragraph)]
    cut = rng.choice(ends)
    paragraphs[index] = paragraph[:cut] + EDIT_CLAUSE[lang] + paragraph[cut:]
    path.write_text(head + sep + "\n\n".join(paragraphs), encoding="utf-8")


def describe(generated: Sequence[Generated]) -> dict[str, object]:
    words = sorted(g.words for g in generated)
    langs: dict[str, int] = {}
    for g in generated:
        langs[g.lang] = langs.get(g.lang, 0) + 1
    return {
        "articles": len(generated),
        "languages": dict(sorted(langs.items())),
        "words_min": words[0] if words else 0,
        "words_median": int(statistics.median(words)) if words else 0,
        "words_max": words[-1] if words else 0,
        "words_total": sum(words),
        "bytes_total": sum(g.path.stat().st_size for g in generated),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    generated = generate(args.out, args.articles, args.seed)
    print(describe(generated))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
