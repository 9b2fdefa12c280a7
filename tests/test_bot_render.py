"""Rendering answers for Discord: every limit holds, whatever the answer's size."""

from __future__ import annotations

from datetime import date

import discord
import pytest

from bot.render import (
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    MESSAGE_LIMIT,
    NO_MENTIONS,
    TOTAL_LIMIT,
    answer_embed,
    events_table,
    hits_embed,
    shorten,
    source_line,
    split_message,
)
from index.models import Answer, Chunk, Citation, Hit


def _citation(n: int, title: str = "Amazon to cut more than 18,000 jobs") -> Citation:
    return Citation(n=n, source=f"/corpus/{n}.md", title=title, url=f"https://example.org/{n}",
                    outlet="Example Wire", published=date(2023, 1, 5), lang="en", quote="q")


def _within_limits(embed: discord.Embed) -> None:
    assert len(embed) <= TOTAL_LIMIT
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= 25
    for field in embed.fields:
        assert 0 < len(field.value or "") <= FIELD_LIMIT
        assert len(field.name or "") <= 256


@pytest.mark.parametrize("size", [10, 3000, 4096, 10_000])
@pytest.mark.parametrize("sources", [0, 3, 60])
def test_any_answer_fits_in_one_embed(size: int, sources: int) -> None:
    text = ("Amazon cut 18,000 jobs [1]. " * (size // 28 + 1))[:size]
    answer = Answer(question="q", lang="en", text=text,
                    citations=tuple(_citation(n, "Long title " * 30) for n in
                                    range(1, sources + 1)))
    embed = answer_embed(answer)
    _within_limits(embed)
    if sources:
        assert "[1]" in embed.fields[0].value
    if size > 5000:
        assert "(shortened to fit Discord)" in (embed.description or "")
    if sources == 60:
        assert "more" in embed.fields[-1].value, "sources beyond the budget are counted"


def test_sources_link_titles_and_show_outlet_and_date() -> None:
    line = source_line(_citation(2), "en")
    assert line == ("[2] [Amazon to cut more than 18,000 jobs](https://example.org/2) — "
                    "Example Wire, 2023-01-05")
    tricky = source_line(_citation(3, "Title with [brackets] and *stars*"), "en")
    assert "[Title with (brackets) and \\*stars\\*](https://example.org/3)" in tricky


def test_refusal_is_grey_and_lists_closest_sources() -> None:
    answer = Answer(question="q", lang="fr", text="Les sources indexées ne répondent pas.",
                    citations=(_citation(1),), refused=True)
    embed = answer_embed(answer)
    assert embed.fields[0].name == "Sources les plus proches"
    assert embed.colour != answer_embed(Answer("q", "en", "ok", (_citation(1),))).colour


def test_long_text_splits_into_messages_within_the_limit() -> None:
    text = "\n".join(f"Line {i}: " + "word " * 40 for i in range(200)) + "\n" + "x" * 5000
    pieces = split_message(text)
    assert all(0 < len(p) <= MESSAGE_LIMIT for p in pieces)
    assert "".join(pieces).count("x") == 5000, "splitting loses nothing"
    assert pieces[0].startswith("Line 0:")


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("alpha beta gamma delta", 13) == "alpha beta…"
    assert shorten("short", 10) == "short"


def test_no_pings_from_content() -> None:
    assert NO_MENTIONS.everyone is False and NO_MENTIONS.roles is False
    assert NO_MENTIONS.users is False
    assert NO_MENTIONS.to_dict() == {"parse": []}


def test_hits_and_events_fit() -> None:
    chunk = Chunk(id="d-0000", doc_id="d", ord=0, text="@everyone " + "text " * 600,
                  title="T" * 300, outlet="O", url="https://example.org/x",
                  published=date(2023, 1, 5), lang="en", source="/x.md")
    embed = hits_embed("q" * 400, [Hit(chunk, 0.1, i) for i in range(1, 11)])
    _within_limits(embed)
    assert len(embed.title or "") <= 256
    empty = events_table("Nothing Inc", [])
    assert "No events" in (empty.description or "")
