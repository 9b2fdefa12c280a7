"""Tests for index.companies: the bundled alias table, matching rules and user extensions."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from index.companies import CompanyMention, CompanyTable


@pytest.fixture(scope="module")
def table() -> CompanyTable:
    return CompanyTable.load()


def found(table: CompanyTable, text: str) -> list[tuple[str, str | None, str]]:
    return [(m.company, m.unit, m.text) for m in table.find(text)]


def test_required_companies_are_bundled(table: CompanyTable) -> None:
    required = {
        "Amazon", "Meta", "Alphabet", "Microsoft", "Salesforce", "Intel", "Twitter", "Cisco",
        "IBM", "Dell", "Spotify", "Tesla", "SAP", "Zoom", "PayPal", "Ubisoft", "Atos",
        "Capgemini", "Netflix", "Apple", "Oracle", "HP", "Snap", "Shopify", "Stripe",
        "Coinbase", "Uber", "Lyft", "Nvidia",
    }
    assert required <= set(table.names())
    assert table.names() == sorted(table.names(), key=str.casefold)


def test_every_alias_belongs_to_one_company(table: CompanyTable) -> None:
    owner: dict[str, str] = {}
    for name in table.names():
        company = table.get(name)
        assert company is not None
        for alias in company.aliases:
            assert owner.setdefault(alias.casefold(), name) == name, alias
        assert company.units <= set(company.aliases)


@pytest.mark.parametrize(
    ("text", "company", "unit"),
    [
        ("AWS will cut hundreds of jobs.", "Amazon", "AWS"),
        ("Amazon Web Services is cutting jobs.", "Amazon", "Amazon Web Services"),
        ("Twitch lays off 35% of staff.", "Amazon", "Twitch"),
        ("Whole Foods cuts several hundred corporate jobs.", "Amazon", "Whole Foods"),
        ("Amazon.com Inc. said on Wednesday...", "Amazon", None),
        ("Instagram is reorganising.", "Meta", "Instagram"),
        ("WhatsApp staff were told...", "Meta", "WhatsApp"),
        ("Facebook parent cuts jobs.", "Meta", None),
        ("Reality Labs will shed 600 roles.", "Meta", "Reality Labs"),
        ("YouTube cuts 100 jobs.", "Alphabet", "YouTube"),
        ("DeepMind researchers...", "Alphabet", "DeepMind"),
        ("Google announced 12,000 cuts.", "Alphabet", None),
        ("Google Cloud trims its sales team.", "Alphabet", "Google Cloud"),
        ("LinkedIn will lay off 716.", "Microsoft", "LinkedIn"),
        ("GitHub cuts 10% of staff.", "Microsoft", "GitHub"),
        ("Activision cuts jobs.", "Microsoft", "Activision"),
        ("Activision Blizzard cuts jobs.", "Microsoft", "Activision Blizzard"),
        ("Slack will cut 300.", "Salesforce", "Slack"),
        ("Mobileye trims staff.", "Intel", "Mobileye"),
        ("Red Hat to cut 4% of jobs.", "IBM", "Red Hat"),
        ("Dell Technologies cuts 6,650 jobs.", "Dell", None),
    ],
)
def test_aliases_resolve_to_parent(
    table: CompanyTable, text: str, company: str, unit: str | None
) -> None:
    mention = table.find(text)[0]
    assert (mention.company, mention.unit) == (company, unit)
    assert text[mention.start:mention.end] == mention.text


def test_longest_alias_wins_and_mentions_are_ordered(table: CompanyTable) -> None:
    text = "Amazon Web Services, then Amazon, then Activision Blizzard and Google DeepMind."
    assert found(table, text) == [
        ("Amazon", "Amazon Web Services", "Amazon Web Services"),
        ("Amazon", None, "Amazon"),
        ("Microsoft", "Activision Blizzard", "Activision Blizzard"),
        ("Alphabet", "Google DeepMind", "Google DeepMind"),
    ]
    mentions = table.find(text)
    assert all(a.end <= b.start for a, b in pairwise(mentions))


def test_short_aliases_are_whole_words_and_case_sensitive(table: CompanyTable) -> None:
    assert table.find("The metadata says nothing about layoffs.") == []
    assert table.find("Metadata matters.") == []
    assert found(table, "Meta's layoffs") == [("Meta", None, "Meta")]
    assert table.find("We paws, ibm, sap trees and snapshots.") == []
    assert found(table, "SAP and IBM") == [("SAP", None, "SAP"), ("IBM", None, "IBM")]


def test_common_word_aliases_need_their_capital(table: CompanyTable) -> None:
    text = "An apple a day; picking up the slack; an oracle spoke; a blizzard hit; a tableau."
    assert table.find(text) == []
    assert [m.company for m in table.find("Apple, Slack, Oracle and Tableau")] == [
        "Apple", "Salesforce", "Oracle", "Salesforce"
    ]


def test_long_aliases_match_any_case(table: CompanyTable) -> None:
    assert [m.company for m in table.find("AMAZON and microsoft and LINKEDIN")] == [
        "Amazon", "Microsoft", "Microsoft"
    ]


def test_x_is_only_matched_in_unambiguous_forms(table: CompanyTable) -> None:
    text = "X, formerly Twitter, cut jobs. X said more would follow. Company X and X-ray too."
    assert found(table, text) == [("Twitter", None, "X, formerly Twitter")]
    assert [m.text for m in table.find("X (formerly Twitter) and X Corp. and X (ex-Twitter)")] == [
        "X (formerly Twitter)", "X Corp.", "X (ex-Twitter)"
    ]
    assert found(table, "Le réseau X, anciennement Twitter, licencie.") == [
        ("Twitter", None, "X, anciennement Twitter")
    ]
    assert table.canonical("X") == "Twitter"


def test_french_elisions_and_prepositions(table: CompanyTable) -> None:
    text = "Les salariés d'Amazon, l'américain Google, chez Microsoft, d’IBM et qu'Apple."
    assert [m.company for m in table.find(text)] == [
        "Amazon", "Alphabet", "Microsoft", "IBM", "Apple"
    ]
    assert [m.text for m in table.find("L’entreprise d’Instagram")] == ["Instagram"]


def test_possessives_and_punctuation(table: CompanyTable) -> None:
    assert [m.text for m in table.find("Amazon's cuts, Google’s plan (Netflix).")] == [
        "Amazon", "Google", "Netflix"
    ]


def test_canonical_is_fuzzy(table: CompanyTable) -> None:
    assert table.canonical("amazn") == "Amazon"
    assert table.canonical("facebook") == "Meta"
    assert table.canonical("google") == "Alphabet"
    assert table.canonical("Microsft") == "Microsoft"
    assert table.canonical("  Amazon Inc. ") == "Amazon"
    assert table.canonical("aws") == "Amazon"
    assert table.canonical("whatsapp") == "Meta"
    assert table.canonical("Meta Platforms, Inc.") == "Meta"
    assert table.canonical("META") == "Meta"


def test_canonical_says_none_when_nothing_is_close(table: CompanyTable) -> None:
    assert table.canonical("layoffs") is None
    assert table.canonical("Acme Widgets") is None
    assert table.canonical("") is None
    assert table.canonical("zq") is None


def test_user_file_extends_and_adds(tmp_path: Path) -> None:
    user = tmp_path / "companies.toml"
    user.write_text(
        '[companies.Amazon]\naliases = ["Kuiper"]\nunits = ["Kuiper"]\n\n'
        '[companies.Mistral]\naliases = ["Mistral AI"]\n\n'
        '[companies.Twitch]\naliases = ["Twitch Interactive"]\n',
        encoding="utf-8",
    )
    table = CompanyTable.load(extra=user)
    assert found(table, "Kuiper engineers") == [("Amazon", "Kuiper", "Kuiper")]
    assert found(table, "Mistral AI hires") == [("Mistral", None, "Mistral AI")]
    assert [m.company for m in table.find("Twitch cuts jobs")] == ["Twitch"]  # moved
    assert table.canonical("mistral") == "Mistral"
    assert "AWS" in [m.text for m in table.find("AWS")]  # the rest of the bundle stays
    bundled = CompanyTable.load()
    assert [m.company for m in bundled.find("Twitch cuts jobs")] == ["Amazon"]  # no leak


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[companies.Amazon\naliases = [", "not a valid TOML"),
        ('[companies.Amazon]\naliases = "AWS"\n', "aliases must be a list"),
        ('[companies.Amazon]\nalias = ["AWS"]\n', "unknown key(s) alias"),
        ('[companies.Amazon]\naliases = [""]\n', "non-empty strings"),
        ('[companies.Amazon]\naliases = [1, 2]\n', "non-empty strings"),
        ('companies = ["Amazon"]\n', "must be a table"),
        ('[company.Amazon]\naliases = ["AWS"]\n', "unknown top-level key(s) company"),
        ("companies.Amazon = 3\n", "companies.Amazon must be a table"),
    ],
)
def test_broken_user_file_names_path_and_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    user = tmp_path / "my-companies.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as excinfo:
        CompanyTable.load(extra=user)
    assert str(user) in str(excinfo.value)
    assert problem in str(excinfo.value)


def test_missing_user_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ValueError, match="cannot read"):
        CompanyTable.load(extra=missing)


def test_mentions_are_frozen(table: CompanyTable) -> None:
    mention = table.find("Amazon")[0]
    assert isinstance(mention, CompanyMention)
    with pytest.raises(AttributeError):
        mention.company = "Other"  # type: ignore[misc]
