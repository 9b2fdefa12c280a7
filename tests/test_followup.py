"""Follow-up questions in a thread, merged with the thread's previous question."""

from __future__ import annotations

from datetime import date

import pytest

from index.companies import CompanyTable
from index.followup import merge_followup


@pytest.fixture(scope="module")
def companies() -> CompanyTable:
    return CompanyTable.load()


@pytest.mark.parametrize(("previous", "followup", "expected"), [
    ("how many jobs has Amazon cut since 2022?", "and Meta?",
     "how many jobs has Meta cut since 2022?"),
    ("Combien d'emplois Amazon a-t-il supprimés depuis 2022 ?", "et en 2023 ?",
     "Combien d'emplois Amazon a-t-il supprimés en 2023 ?"),
    ("how many jobs did Amazon cut in 2023?", "and Meta in 2025?",
     "how many jobs did Meta cut in 2025?"),
    ("how many jobs has Amazon cut since 2022?", "et chez Google ?",
     "how many jobs has Google cut since 2022?"),
    ("how many jobs has Amazon cut since 2022?", "Why did Meta cut jobs in 2023?",
     "Why did Meta cut jobs in 2023?"),
    ("", "and Meta?", "and Meta?"),
])
def test_merge(companies: CompanyTable, previous: str, followup: str, expected: str) -> None:
    merged = merge_followup(previous, followup, companies=companies, languages=["en", "fr"],
                            today=date(2026, 11, 21))
    assert merged == expected


def test_unrecognised_followup_keeps_both(companies: CompanyTable) -> None:
    merged = merge_followup("how many jobs has Amazon cut since 2022?", "really?",
                            companies=companies, languages=["en", "fr"], today=date(2026, 11, 21))
    assert merged.startswith("how many jobs has Amazon cut since 2022") and "really" in merged
