"""Tests for index.clean: scraped-page noise goes, article sentences stay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean import MAX_BOILERPLATE_WORDS, clean_text, normalize_line, repeated_lines

FIXTURES = Path(__file__).parent / "fixtures" / "noisy"
NOISY = sorted(
    p for p in FIXTURES.iterdir()
    if p.suffix in {".txt", ".md"} and not p.name.endswith((".expected.txt", ".noise.txt"))
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…»\"”])\s+")
HEADING_MARK = re.compile(r"^\s*(?:#{1,6}|>|[-*])\s+")


def _companion(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.name.rsplit('.', 1)[0]}.{kind}.txt")


def _sentences(text: str) -> list[str]:
    """Every sentence (or heading, list item) of a cleaned text, without markdown markers."""
    found = []
    for line in text.splitlines():
        line = HEADING_MARK.sub("", line).strip()
        found.extend(part for part in SENTENCE_SPLIT.split(line) if part)
    return found


def _wrap(line: str) -> str:
    return f"Amazon cut jobs on Wednesday.\n{line}\nThe cuts begin Monday."


# --------------------------------------------------------------------------- fixtures


def test_fixture_set_covers_both_languages() -> None:
    names = [p.name for p in NOISY]
    assert sum(n.startswith("en_") for n in names) >= 3
    assert sum(n.startswith("fr_") for n in names) >= 3
    for path in NOISY:
        assert _companion(path, "expected").exists(), path.name
        assert _companion(path, "noise").exists(), path.name


@pytest.mark.parametrize("path", NOISY, ids=lambda p: p.name)
def test_fixture_cleans_to_expected(path: Path) -> None:
    expected = _companion(path, "expected").read_text(encoding="utf-8").rstrip("\n")
    assert clean_text(path.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("path", NOISY, ids=lambda p: p.name)
def test_fixture_keeps_every_article_sentence(path: Path) -> None:
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    sentences = _sentences(_companion(path, "expected").read_text(encoding="utf-8"))
    assert len(sentences) >= 5
    missing = [s for s in sentences if s not in cleaned]
    assert not missing


@pytest.mark.parametrize("path", NOISY, ids=lambda p: p.name)
def test_fixture_noise_lines_are_removed(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    cleaned_lines = set(clean_text(raw).splitlines())
    noise = [line for line in _companion(path, "noise").read_text("utf-8").splitlines() if line]
    assert noise
    for line in noise:
        assert line in raw.splitlines(), f"noise list out of date: {line!r}"
        assert line not in cleaned_lines, line


@pytest.mark.parametrize("path", NOISY, ids=lambda p: p.name)
def test_fixture_output_is_a_subsequence_of_input(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert _is_subsequence(clean_text(raw).splitlines(), raw.splitlines())


# --------------------------------------------------------------------------- noise, line by line

NOISE_LINES = [
    # navigation
    "Home | World | Business | Tech",
    "Accueil > Économie > Entreprises",
    "Tech › Layoffs › Amazon",
    "News / Technology / Layoffs",
    "Home > Tech",
    "Home",
    "[Home](/) • [World](/world) • [Tech](/tech)",
    "You are here: Home / Business / Tech",
    # related-article headers and inline links
    "Related articles",
    "## Related stories",
    "Read more",
    "Read more:",
    "More from Reuters",
    "À lire aussi",
    "Lire aussi",
    "Sur le même sujet",
    "Read more: Meta to cut 11,000 jobs",
    "Lire aussi | Meta supprime 11 000 postes",
    "LIRE AUSSI Les géants de la tech licencient",
    "À lire : notre enquête sur les plans sociaux",
    # subscriptions, paywalls, newsletters
    "Subscribe to continue reading",
    "Sign up for our newsletter",
    "Already a subscriber? Log in",
    "This article is for subscribers only.",
    "Cet article est réservé aux abonnés",
    "Article réservé à nos abonnés",
    "Abonnez-vous",
    "Il vous reste 75% de cet article à lire",
    "Il vous reste 75 % de cet article à lire.",
    "Déjà abonné ? Se connecter",
    # share, font and print widgets
    "Share on Facebook",
    "Share",
    "Tweet",
    "Copy link",
    "A- A+",
    "Facebook Twitter LinkedIn Email",
    "Partager",
    "Imprimer",
    "Envoyer par e-mail",
    "Partager | Imprimer | Envoyer par e-mail",
    "Listen to this article",
    # cookies and ads
    "We use cookies to improve your experience on our site.",
    "Accept all cookies",
    "Accepter les cookies",
    "Nous utilisons des cookies pour mesurer l'audience.",
    "Advertisement",
    "ADVERTISEMENT",
    "Publicité",
    "Story continues below advertisement",
    # photo credits and footers
    "Photo: Getty Images",
    "Photo : AFP",
    "© AFP",
    "(AP Photo/Jeff Chiu)",
    "REUTERS/Dado Ruvic/Illustration",
    "Justin Sullivan/Getty Images",
    "Copyright 2023 The Example Post",
    "Tous droits réservés",
    # separators
    "* * *",
    "———",
    "---",
    "•••",
    "...",
    "~~ ~~",
]


@pytest.mark.parametrize("line", NOISE_LINES)
def test_noise_line_is_removed(line: str) -> None:
    assert clean_text(_wrap(line)) == "Amazon cut jobs on Wednesday.\nThe cuts begin Monday."


# --------------------------------------------------------------------------- near misses

KEEP_LINES = [
    "Shares fell 3% in after-hours trading.",
    "Shares of the company fell 3%",
    "Share buybacks will continue, the company said.",
    "The company will book charges related to severance of about $1 billion.",
    "Related costs rose to $2 billion.",
    "Subscribers to its paid service were not affected.",
    "Subscribe, subscribe, subscribe: that was the old growth playbook.",
    "The cuts begin Monday.",
    "Jobs cut.",
    '"We overhired," he said.',
    "“I got this wrong.”",
    "« C'est brutal. »",
    "Lire entre les lignes du communiqué n'est pas difficile.",
    "Lire aussi le rapport annuel aide à comprendre la décision.",
    "Lire le mémo interne suffit pour mesurer l'ampleur du plan",
    "- 18,000 jobs in total",
    "- 6% of the workforce",
    "* 11 000 postes supprimés",
    "Home prices in the Bay Area fell after the layoffs.",
    "Tweets from former employees spread quickly.",
    "Print revenue declined for a fifth year.",
    "Advertisement revenue fell 4% in the quarter.",
    "Photo-sharing app Snap cut 20% of its staff.",
    "Copyright lawsuits also weigh on the company.",
    "Credit Suisse cut 9,000 jobs.",
    "Publicité en ligne : les revenus du groupe ont reculé de 4 %.",
    "Partager les efforts entre les sites a été refusé par les syndicats.",
    "Abonnés et clients ont été prévenus par courriel.",
    "In other news, Google said it would trim its cloud unit.",
    "More on that later.",
    "More from the memo:",
    "Read more than 200 pages of filings and the picture is grim.",
    "Follow the money, analysts say.",
    "Engineering, sales and recruiting were hit hardest.",
    "Amazon / AWS / Alexa: all three units were hit.",
    "| Company | Jobs cut | Date |",
    "|---|---|---|",
    "| Amazon | 18,000 | January 2023 |",
    "## Related costs and charges",
    "# Amazon to cut 18,000 jobs",
    "## Ce que prévoit le plan social",
    "Reporting by Dana Whitfield; Editing by Omar Haddad",
    "We use cookies, Google's lawyer argued, to serve better ads.",
    "“Subscribe to continue reading” banners spread across news sites.",
    "« Abonnez-vous », répétait la publicité de l'opérateur.",
]


@pytest.mark.parametrize("line", KEEP_LINES)
def test_near_miss_line_is_kept(line: str) -> None:
    assert clean_text(_wrap(line)).splitlines()[1] == line


def test_bullet_list_of_facts_survives_intact() -> None:
    text = "The cuts in numbers:\n\n- 18,000 jobs in total\n- 6% of the workforce\n- $1bn charge"
    assert clean_text(text) == text


# --------------------------------------------------------------------------- related blocks


def test_related_block_ends_at_blank_line() -> None:
    text = (
        "Meta cut 11,000 jobs.\n\nRelated articles\nStripe cuts 14% of staff\n"
        "Twitter halves workforce\n\nLyft trims ride-hailing team\nThe cuts begin Monday."
    )
    assert clean_text(text) == (
        "Meta cut 11,000 jobs.\n\nLyft trims ride-hailing team\nThe cuts begin Monday."
    )


def test_related_block_ends_at_prose_without_blank_line() -> None:
    sentence = "Le groupe a annoncé la suppression de 16 000 postes."
    assert clean_text(f"Sur le même sujet\nAmazon licencie\n{sentence}") == sentence


def test_related_block_skips_blank_lines_right_after_header() -> None:
    text = "Read more\n\n- [Meta cuts 11,000](https://x.test/a)\n- [Google cuts 12,000](/b)\n\nEnd."
    assert clean_text(text) == "End."


def test_related_block_ends_at_heading() -> None:
    text = "À lire aussi\nMeta supprime 11 000 postes\n## Un plan en trois étapes\nFin."
    assert clean_text(text) == "## Un plan en trois étapes\nFin."


def test_related_block_keeps_hard_wrapped_prose() -> None:
    text = "Related stories\nAmazon said on Wednesday it would cut\nmore than 18,000 jobs in total."
    assert clean_text(text) == (
        "Amazon said on Wednesday it would cut\nmore than 18,000 jobs in total."
    )


def test_related_block_keeps_quotes() -> None:
    text = "Related\nStripe cuts 14% of staff\n“We overhired,” its chief executive said"
    assert clean_text(text) == "“We overhired,” its chief executive said"


# --------------------------------------------------------------------------- white space


def test_blank_runs_collapse_and_trailing_spaces_go() -> None:
    text = "\n\nFirst paragraph.   \n\n\n\n\nSecond paragraph.\t\nSame paragraph.\n\n\n"
    assert clean_text(text) == "First paragraph.\n\nSecond paragraph.\nSame paragraph."


def test_paragraph_breaks_survive_removed_noise() -> None:
    text = "First.\n\nAdvertisement\n\nSecond.\nPhoto: AFP\nThird."
    assert clean_text(text) == "First.\n\nSecond.\nThird."


def test_windows_line_endings() -> None:
    assert clean_text("First.\r\nTweet\r\n\r\nSecond.\r\n") == "First.\n\nSecond."


def test_empty_and_all_noise_inputs() -> None:
    assert clean_text("") == ""
    assert clean_text("Advertisement\n* * *\nShare\n") == ""


# --------------------------------------------------------------------------- normalize_line


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("  Share on   Facebook » ", "share on facebook"),
        ("**Tech Layoffs Tracker**", "tech layoffs tracker"),
        ("« Lire aussi » :", "lire aussi"),
        ("L’ARTICLE\u00a0EST réservé…", "l'article est réservé"),
        ("$1bn charge.", "1bn charge"),
        ("---", ""),
        ("", ""),
    ],
)
def test_normalize_line(line: str, key: str) -> None:
    assert normalize_line(line) == key


@given(st.text())
def test_normalize_line_is_idempotent(line: str) -> None:
    key = normalize_line(line)
    assert normalize_line(key) == key
    assert key == key.strip()
    assert "  " not in key


# --------------------------------------------------------------------------- repeated_lines

SITE_A = "Tech Layoffs Tracker\nReporting by Dana Whitfield; Editing by Omar Haddad\n"
LONG_QUOTE = (
    "The company said in a statement that the decision to reduce its workforce was difficult "
    "but necessary to position the business for long-term growth."
)


def _site_texts() -> list[str]:
    bodies = [
        "Amazon will cut 18,000 jobs.\nThe cuts begin Monday.",
        "Meta will cut 11,000 jobs.\nZuckerberg apologised to staff.",
        "Google will cut 12,000 jobs.\nPichai took responsibility.",
    ]
    return [f"{SITE_A}{body}\n{LONG_QUOTE}\n**Tech Layoffs Tracker**" for body in bodies]


def test_repeated_lines_finds_site_boilerplate() -> None:
    found = repeated_lines(_site_texts())
    assert "tech layoffs tracker" in found
    assert "reporting by dana whitfield; editing by omar haddad" in found
    assert "amazon will cut 18,000 jobs" not in found
    assert normalize_line(LONG_QUOTE) not in found  # too long to be boilerplate
    assert len(LONG_QUOTE.split()) > MAX_BOILERPLATE_WORDS


def test_repeated_lines_respects_min_files_and_distinct_texts() -> None:
    texts = _site_texts()
    assert repeated_lines(texts[:2]) == frozenset()
    assert "tech layoffs tracker" in repeated_lines(texts[:2], min_files=2)
    # the same text three times is one file; a line repeated inside one text counts once
    same = ["Tracker\nTracker\nTracker\nBody."] * 3
    assert repeated_lines(same) == frozenset()
    assert repeated_lines(iter(texts)) == repeated_lines(texts)  # any iterable, read once
    with pytest.raises(ValueError):
        repeated_lines(texts, min_files=0)


def test_clean_text_drops_short_boilerplate_only() -> None:
    texts = _site_texts()
    boilerplate = repeated_lines(texts) | {normalize_line(LONG_QUOTE)}
    cleaned = clean_text(texts[0], boilerplate)
    assert "Tech Layoffs Tracker" not in cleaned
    assert "Reporting by" not in cleaned
    assert LONG_QUOTE in cleaned  # a long repeated sentence is article text
    assert "Amazon will cut 18,000 jobs." in cleaned
    assert cleaned.splitlines() == [
        "Amazon will cut 18,000 jobs.",
        "The cuts begin Monday.",
        LONG_QUOTE,
    ]


def test_clean_text_keeps_short_sentences_and_headings_from_boilerplate() -> None:
    # Syndicated wire copy repeats real sentences and headlines across outlets.
    boilerplate = {"the cuts begin monday", "amazon to cut 18,000 jobs", "tech layoffs tracker"}
    text = "# Amazon to cut 18,000 jobs\nTech Layoffs Tracker\nThe cuts begin Monday."
    assert clean_text(text, boilerplate) == "# Amazon to cut 18,000 jobs\nThe cuts begin Monday."
    assert clean_text(text, list(boilerplate)) == clean_text(text, frozenset(boilerplate))


# --------------------------------------------------------------------------- properties


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(line.rstrip() for line in big)
    return all(any(line == candidate for candidate in it) for line in small)


def _fixture_lines() -> list[str]:
    lines: list[str] = []
    for path in NOISY:
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


LINE_POOL = sorted(set(_fixture_lines() + NOISE_LINES + KEEP_LINES + ["", "   ", "\t"]))
MIXED_TEXT = st.lists(
    st.one_of(
        st.sampled_from(LINE_POOL),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
        st.text(alphabet="ab .|>-*#:\n\"«»", max_size=30),
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(MIXED_TEXT)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=300, deadline=None)
@given(MIXED_TEXT)
def test_clean_text_never_adds_text(text: str) -> None:
    cleaned = clean_text(text)
    assert len(cleaned) <= len(text)
    assert _is_subsequence(cleaned.splitlines(), text.splitlines())
    assert "\n\n\n" not in cleaned
    assert cleaned == cleaned.strip("\n")
    assert all(line == line.rstrip() for line in cleaned.splitlines())


@settings(max_examples=300, deadline=None)
@given(st.text(), st.frozensets(st.text(max_size=20), max_size=5))
def test_clean_text_never_raises_on_arbitrary_text(text: str, boilerplate: frozenset[str]) -> None:
    cleaned = clean_text(text, boilerplate)
    assert clean_text(cleaned, boilerplate) == cleaned
    assert _is_subsequence(cleaned.splitlines(), text.splitlines())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*LINE_POOL, *NOISE_LINES]), max_size=25).map("\n".join))
def test_boilerplate_from_repeated_lines_keeps_idempotence(text: str) -> None:
    boilerplate = repeated_lines([text, text + "\nA.", text + "\nB."])
    once = clean_text(text, boilerplate)
    assert clean_text(once, boilerplate) == once
