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
