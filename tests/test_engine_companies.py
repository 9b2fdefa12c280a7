"""The engine resolves a company the alias table does not know from its own ledger."""

from __future__ import annotations

from pathlib import Path


def test_events_of_a_company_only_the_articles_know(fresh_engine: object, tmp_path: Path) -> None:
    """`layoffs events glovo` and /events resolve through the ledger's own company names,
    not only the alias table (Glovo is not in companies.toml)."""
    from index.engine import Engine

    assert isinstance(fresh_engine, Engine)
    dev = Path(__file__).resolve().parents[1] / "corpora" / "news" / "dev" / "articles"
    folder = tmp_path / "glovo"
    folder.mkdir()
    for path in dev.glob("glovo-*"):
        (folder / path.name).write_bytes(path.read_bytes())
    fresh_engine.index([folder])
    assert fresh_engine.companies.canonical("glovo") is None  # not in the table
    assert fresh_engine.resolve_company("glovo") == "Glovo"
    assert [e.headcount for e in fresh_engine.events("Glovo")][:1] == [250]


def test_an_events_outlets_are_sites_never_page_titles(fresh_engine: object,
                                                       tmp_path: Path) -> None:
    """An article with a URL but no outlet is shown by its domain; one with neither is
    '(no outlet)', never its title."""
    from index.engine import Engine

    assert isinstance(fresh_engine, Engine)
    folder = tmp_path / "a"
    folder.mkdir()
    sentence = "Initrode said on Monday it would cut 420 jobs, about 8% of its staff."
    (folder / "one.md").write_text(
        "---\ntitle: Initrode to lay off 420\nurl: https://www.example-news.org/x\n---\n"
        + sentence + "\n", encoding="utf-8")
    (folder / "two.md").write_text(
        "---\ntitle: Initrode layoffs explained\npublished: 2024-05-06\n---\n" + sentence
        + " The company makes printers.\n",
        encoding="utf-8")
    fresh_engine.index([folder])
    [event] = fresh_engine.events("Initrode")
    names = fresh_engine.outlets_of(event)
    assert sorted(names) == ["(no outlet)", "example-news.org"]
