"""Reading articles: front matter, HTML through trafilatura, JSON Lines, bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index.ingest import (
    IngestError,
    discover,
    load_articles,
    read_file,
    split_front_matter,
)

from .conftest import MINI

LANGS = ("en", "fr")
CAP = 1_000_000


def load(*paths: Path):  # type: ignore[no-untyped-def]
    return load_articles(list(paths), languages=LANGS, max_bytes=CAP)


def test_front_matter_known_and_unknown_keys() -> None:
    result = load(MINI / "amazon-en.md")
    [article] = result.articles
    assert article.title == "Amazon to cut more than 18,000 jobs"
    assert article.url == "https://example.org/amazon-18000"
    assert article.outlet == "Example Wire"
    assert article.published == date(2023, 1, 5)
    assert article.lang == "en"
    assert dict(article.extra) == {"section": "business"}
    assert not article.text.startswith("---")
    assert "18,000 jobs" in article.text


def test_front_matter_is_optional_and_all_keys_too() -> None:
    meta, body = split_front_matter("---\n---\nBody text here.")
    assert meta == {} and body == "Body text here."
    meta, body = split_front_matter("No front matter.\n---\nnot: yaml")
    assert meta == {} and body.startswith("No front matter.")


def test_plain_text_gets_title_language_and_date_from_its_text() -> None:
    [article] = load(MINI / "meta-fr.txt").articles
    assert article.title == "Meta supprime 11 000 emplois"
    assert article.lang == "fr"
    assert article.published == date(2022, 11, 9)


def test_language_is_detected_when_not_given(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Sans langue\n---\nLe groupe a annoncé la suppression de plusieurs "
        "centaines de postes dans ses filiales européennes.", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "The company said it would cut several hundred jobs across its European units, "
        "according to a memo seen by reporters.", encoding="utf-8")
    langs = {Path(a.source).name: a.lang for a in load(tmp_path).articles}
    assert langs == {"a.md": "fr", "b.md": "en"}


def test_jsonl_gives_one_article_per_line_with_its_metadata() -> None:
    articles = load(MINI / "feed.jsonl").articles
    assert [a.title for a in articles] == ["Alphabet to cut 12,000 jobs",
                                           "Microsoft supprime 10 000 postes"]
    assert articles[0].source.endswith("feed.jsonl#L1")
    assert articles[1].published == date(2023, 1, 18) and articles[1].lang == "fr"
    assert dict(articles[0].extra) == {"author": "Desk"}


def test_html_goes_through_trafilatura(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<html lang="fr"><head><title>Intel supprime 15 000 postes | Exemple</title>
        <meta property="og:site_name" content="Exemple Info">
        <meta property="og:title" content="Intel supprime 15 000 postes">
        <meta property="article:published_time" content="2024-08-02T08:00:00+02:00">
        <link rel="canonical" href="https://example.org/fr/intel"></head>
        <body><nav><a href="/">Accueil</a> | <a href="/eco">Économie</a></nav>
        <article><h1>Intel supprime 15 000 postes</h1>
        <p>Le fabricant de puces Intel va supprimer plus de 15 000 postes, soit environ 15 %
        de ses effectifs, pour réduire ses coûts de 10 milliards de dollars en 2025.</p>
        <p>Le groupe a publié des résultats trimestriels décevants et suspend son dividende
        à partir du quatrième trimestre.</p></article>
        <footer>Mentions légales</footer></body></html>""",
        encoding="utf-8",
    )
    [article] = load(page).articles
    assert "15 000 postes" in article.text
    assert "Mentions légales" not in article.text and "Accueil" not in article.text
    assert article.published == date(2024, 8, 2)
    assert article.outlet == "Exemple Info"
    assert article.url == "https://example.org/fr/intel"
    assert article.lang == "fr"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        # Latin-1 text, bad YAML and a bad date are read now, with a warning: see
        # tests/test_ingest_robust.py
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "binary file"),
        ("empty.md", b"   \n\n", "empty file"),
        ("huge.txt", b"a" * 2048, "over the"),
        ("broken.html", b"<html><body><div><p>", "no article text"),
        ("bad.jsonl", b'{"text": "ok fine text that is long enough to count here"}\n{oops\n',
         "line 2 is not valid JSON"),
        ("noise.md", b"Home | World | Business | Tech\nSubscribe to continue reading\n",
         "no article text"),
    ],
)
def test_bad_file_is_skipped_by_name_with_reason(tmp_path: Path, name: str, content: bytes,
                                                 reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.md"
    good.write_text("Spotify will cut about 1,500 jobs, its chief executive said on Monday.",
                    encoding="utf-8")
    result = load_articles([tmp_path], languages=LANGS, max_bytes=1024)
    assert [Path(a.source).name for a in result.articles] == ["good.md"]
    [skipped] = result.skipped
    assert Path(skipped.source).name == name
    assert reason in skipped.reason


def test_read_file_raises_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        read_file(path, max_bytes=CAP)


def test_discover_recurses_skips_hidden_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hidden.md").write_text("x", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    found, problems = discover([tmp_path, tmp_path / "missing", tmp_path / "notes.pdf"])
    assert [p.name for p in found] == ["deep.md"]
    assert [Path(p.source).name for p in problems] == ["missing", "notes.pdf"]
    assert "no such file" in problems[0].reason and "unsupported" in problems[1].reason


def test_boilerplate_repeated_across_files_is_removed(tmp_path: Path) -> None:
    banner = "Sign up for the Example Daily newsletter"
    for i, company in enumerate(["Cisco", "Dell", "IBM"]):
        (tmp_path / f"{i}.md").write_text(
            f"{banner}\n\n{company} said it would cut {i + 2},000 jobs as demand slowed.\n\n"
            f"{banner}\n", encoding="utf-8")
    articles = load(tmp_path).articles
    assert len(articles) == 3
    for article in articles:
        assert banner not in article.text
        assert "jobs as demand slowed" in article.text
