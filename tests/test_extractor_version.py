"""The extractor version is an explicit constant plus the alias table's content: a comment
edit or a renamed file re-extracts nothing, a changed table or a raised constant does."""

from __future__ import annotations

from pathlib import Path

import pytest

import index.ledger
from index.companies import CompanyTable
from index.ledger import extractor_version


def test_the_version_is_the_constant_and_the_tables_content() -> None:
    version = extractor_version()
    assert version == extractor_version(CompanyTable.load())
    assert version.startswith(f"{index.ledger.EXTRACTOR_VERSION}-")


def test_a_user_table_that_adds_nothing_keeps_the_version(tmp_path: Path) -> None:
    user = tmp_path / "elsewhere" / "my-companies.toml"
    user.parent.mkdir()
    user.write_text('[companies.Amazon]\naliases = ["Amazon"]\n', encoding="utf-8")
    assert extractor_version(CompanyTable.load(user)) == extractor_version()


def test_a_new_alias_changes_the_version(tmp_path: Path) -> None:
    user = tmp_path / "companies.toml"
    user.write_text('[companies."Acme Robotics"]\naliases = ["Acme"]\n', encoding="utf-8")
    assert extractor_version(CompanyTable.load(user)) != extractor_version()


def test_raising_the_constant_changes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = extractor_version()
    monkeypatch.setattr(index.ledger, "EXTRACTOR_VERSION", index.ledger.EXTRACTOR_VERSION + 1)
    assert extractor_version() != before


def test_the_version_does_not_hash_source_files() -> None:
    """Today's code hashed extract.py and four other files' bytes: a comment edit re-extracted
    every article. Nothing in the version may come from reading a .py file."""
    source = Path(index.ledger.__file__).read_text(encoding="utf-8")
    assert "read_bytes" not in source and ".py\"" not in source
