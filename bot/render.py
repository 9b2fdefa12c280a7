"""Turning the core's answers into Discord embeds and messages, within Discord's limits.

Limits: a message's content is at most 2,000 characters; an embed's description 4,096, a field's
value 1,024, a field's name 256, a title 256, and all embeds of one message 6,000 together, with
at most 25 fields and 10 embeds. Everything here stays inside them, cutting text at a word with
an ellipsis rather than letting Discord answer 400.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import discord

from index.catalog import Stats
from index.events import Event
from index.models import Answer, Citation, Hit

MESSAGE_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FIELD_NAME_LIMIT = 256
TITLE_LIMIT = 256
TOTAL_LIMIT = 6000
MAX_FIELDS = 25
NO_MENTIONS = discord.AllowedMentions.none()

COLOR_ANSWER = discord.Colour.from_rgb(52, 101, 164)
COLOR_REFUSAL = discord.Colour.from_rgb(150, 150, 150)

_LABELS = {
    "en": {"sources": "Sources", "closest": "Closest sources", "more": "…and {n} more",
           "undated": "undated", "truncated": "(shortened to fit Discord)"},
    "fr": {"sources": "Sources", "closest": "Sources les plus proches", "more": "…et {n} de plus",
           "undated": "sans date", "truncated": "(raccourci pour Discord)"},
}


def labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["en"])


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, split at lines, then words."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            head = shorten(line, limit).rstrip("…")
            pieces.extend([current] if current else [])
            current = ""
            pieces.append(head)
            line = line[len(head):].lstrip()
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current.strip():
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces if p.strip()]


def _escape(text: str) -> str:
    return discord.utils.escape_markdown(text).replace("[", "(").replace("]", ")")


def _when(value: date | None, lang: str) -> str:
    return value.isoformat() if value else labels(lang)["undated"]


def source_line(c: Citation, lang: str) -> str:
    """``[1] [Title](url) — Outlet, 2023-01-05``: the title links to the article."""
    title = _escape(shorten(c.title or c.source, 150))
    link = c.url or (c.source if c.source.startswith("http") else "")
    shown = f"[{title}]({link})" if link else title
    outlet = _escape(c.outlet) if c.outlet else ""
    tail = ", ".join(part for part in (outlet, _when(c.published, lang)) if part)
    return f"[{c.n}] {shown} — {tail}"


def _fields(lines: Sequence[str], name: str, lang: str, budget: int) -> list[tuple[str, str]]:
    """Pack lines into fields of at most 1,024 characters, all within ``budget`` characters;
    what does not fit ends in "…and N more"."""
    values: list[str] = []
    current: list[str] = []
    used = len(name)
    for i, line in enumerate(lines):
        line = shorten(line, FIELD_LIMIT)
        more = labels(lang)["more"].format(n=len(lines) - i)
        if used + len(line) + len(more) + 4 > budget or len(values) >= MAX_FIELDS - 2:
            if len("\n".join([*current, more])) <= FIELD_LIMIT:
                current.append(more)
            else:
                values.append(more)
            break
        if len("\n".join([*current, line])) > FIELD_LIMIT:
            values.append("\n".join(current))
            current = []
            used += 1  # the next field's one-character name
        current.append(line)
        used += len(line) + 1
    if current:
        values.append("\n".join(current))
    return [(name if k == 0 else "\u200b", value) for k, value in enumerate(values)]


def answer_embed(answer: Answer) -> discord.Embed:
    """One embed: the answer with its [n] markers, then the numbered, linked sources."""
    lang = labels(answer.lang)
    sources = [source_line(c, answer.lang) for c in answer.citations]
    source_budget = min(TOTAL_LIMIT // 2, sum(len(s) + 1 for s in sources) + 64)
    text_budget = min(DESCRIPTION_LIMIT, TOTAL_LIMIT - source_budget - 64)
    description = answer.text
    if len(description) > text_budget:
        description = shorten(description, text_budget - len(lang["truncated"]) - 2) + (
            "\n" + lang["truncated"])
    embed = discord.Embed(
        description=description,
        colour=COLOR_REFUSAL if answer.refused else COLOR_ANSWER,
    )
    name = lang["closest"] if answer.refused else lang["sources"]
    budget = TOTAL_LIMIT - len(description) - 64
    for field_name, value in _fields(sources, name, answer.lang, budget):
        embed.add_field(name=field_name, value=value, inline=False)
    assert len(embed) <= TOTAL_LIMIT
    return embed


def hits_embed(query: str, hits: Sequence[Hit]) -> discord.Embed:
    embed = discord.Embed(title=shorten(f"Passages for: {query}", TITLE_LIMIT),
                          colour=COLOR_ANSWER)
    if not hits:
        embed.description = "Nothing indexed matches that query."
        return embed
    budget = TOTAL_LIMIT - len(embed.title or "") - 32
    for hit in hits[:10]:
        chunk = hit.chunk
        name = shorten(f"[{hit.rank}] {chunk.title or chunk.source}", FIELD_NAME_LIMIT)
        link = chunk.url or chunk.source
        head = f"{_escape(chunk.outlet)}, {_when(chunk.published, chunk.lang)} — {link}\n"
        value = shorten(head + _escape(chunk.text), min(FIELD_LIMIT, max(budget - len(name), 0)))
        if len(name) + len(value) > budget or not value:
            break
        embed.add_field(name=name, value=value, inline=False)
        budget -= len(name) + len(value)
    return embed


def events_table(company: str, events: Sequence[Event], figure: str | None = None,
                 outlets: dict[str, list[str]] | None = None) -> discord.Embed:
    """A compact table of a company's events (in a code block), with their sources."""
    from index.ledger_answer import event_figure, format_when

    rows = []
    for e in events:
        when = format_when(e.start, e.end, e.precision, "en")
        jobs = event_figure(e, "en")
        unit = f" ({', '.join(e.units)})" if e.units else ""
        note = " *incl.*" if e.included_in else ""
        who = ", ".join((outlets or {}).get(e.id, [])[:3])
        rows.append(f"{when:<13} {jobs}{unit}{note}\n{'':13} {who}")
    body = "\n".join(rows) or "No events in the ledger for that selection."
    title = shorten(f"Layoff events: {company}", TITLE_LIMIT)
    limit = DESCRIPTION_LIMIT - 16 - (len(figure) + 2 if figure else 0)
    description = f"```\n{shorten(body, limit)}\n```"
    if figure:
        description = f"{figure}\n{description}"
    embed = discord.Embed(title=title, description=description, colour=COLOR_ANSWER)
    embed.set_footer(text="*incl.: included in another event's figure, not added")
    return embed


def stats_embed(stats: Stats, model: str, store: str, busy: bool) -> discord.Embed:
    embed = discord.Embed(title="What is indexed", colour=COLOR_ANSWER)
    languages = ", ".join(f"{k}: {v}" for k, v in sorted(stats.languages.items())) or "none"
    embed.add_field(name="Articles", value=str(stats.articles))
    embed.add_field(name="Chunks", value=str(stats.chunks))
    embed.add_field(name="Languages", value=languages)
    embed.add_field(name="Oldest", value=_when(stats.oldest, "en"))
    embed.add_field(name="Newest", value=_when(stats.newest, "en"))
    embed.add_field(name="Model", value=shorten(model, FIELD_LIMIT))
    last = stats.meta.get("last_index") or "never"
    result = stats.meta.get("last_index_result") or ""
    status = "running now" if busy else f"{last} — {result}".strip(" —")
    embed.add_field(name="Last re-index", value=shorten(status, FIELD_LIMIT), inline=False)
    embed.set_footer(text=shorten(f"Store: {store}", 2048))
    return embed
