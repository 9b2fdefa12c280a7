"""Turning the core's answers into Discord embeds and messages, within Discord's limits.

Limits: a message's content is at most 2,000 characters; an embed's description 4,096, a field's
value 1,024, a field's name 256, a title 256, and all embeds of one message 6,000 together, with
at most 25 fields and 10 embeds. Everything here stays inside them, cutting text at a word with
an ellipsis rather than letting Discord answer 400.

Untrusted text: article text, titles, outlets and URLs come from scraped pages and feeds, and
questions, company names and corrections from users. Everything of theirs goes through `inert`
(or `inline`, `link`, `code_text`) before it reaches Discord, so it shows as the text it is:
no Markdown of its own (bold, headers, quotes, spoilers, code blocks), no masked links, no
mention pills (`@everyone`, `<@id>`, `<@&id>`, `<#id>`, `</cmd:id>`), and it cannot break our
own `[title](url)` links. Only http(s) URLs are linked, and every link we make shows its real
host beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote, urlsplit, urlunsplit

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
           "undated": "undated", "truncated": "(shortened to fit Discord)",
           "written": "Written by {model} from the cited passages"},
    "fr": {"sources": "Sources", "closest": "Sources les plus proches", "more": "…et {n} de plus",
           "undated": "sans date", "truncated": "(raccourci pour Discord)",
           "written": "Rédigé par {model} à partir des passages cités"},
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


# --- untrusted text ----------------------------------------------------------------------------

ZWSP = "\u200b"
MAX_LINK_URL = 512  # longer URLs are named by their host, not linked (they would crowd a field)
# Controls that change how text reads without being seen: C0/C1 controls (but tab and newline),
# bidirectional overrides and isolates (which can reverse "moc.sretuer" into "reuters.com").
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f"
                        "\u061c]")
# Discord's angle-bracket syntax: user, role and channel mentions, slash-command mentions,
# custom emoji, timestamps and guild navigation (<id:customize>).
_ANGLE = re.compile(r"<(?=[@#/:]|a:|t:|id:)", re.IGNORECASE)
_LINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_URL_SAFE = "/?#&=+;:,@!$'*%~-._"  # kept as they are; anything else is percent-encoded


def inert(text: str) -> str:
    """Untrusted text made to show as itself: its Markdown escaped, masked links and mention
    syntax broken (with an invisible zero-width space), invisible controls removed. Line breaks
    are kept; a line may not start a header, quote or list of its own."""
    text = _INVISIBLE.sub("", text)
    text = _LINE_INDENT.sub("", text)  # "  # title" and "  > quote" start at the margin
    # Break "](" first: discord.py's escape_markdown skips the inside of a "[..](..)" it sees
    # (escaping only its first bracket), which would leave that span's *stars* and __lines__.
    text = text.replace("](", "]" + ZWSP + "(")
    text = discord.utils.escape_markdown(text)
    text = discord.utils.escape_mentions(text)  # @everyone, @here, @<id>
    return _ANGLE.sub("<" + ZWSP, text)


def inline(text: str) -> str:
    """Untrusted text for one line (a title, an outlet, a field name): `inert`, on one line."""
    return inert(" ".join(text.split()))


def inert_block(text: str) -> str:
    """Text we composed around untrusted sentences (an answer): our own "- " bullets stay
    bullets, everything else is `inert`."""
    lines = []
    for line in text.split("\n"):
        bullet = "- " if line.startswith("- ") else ""
        lines.append(bullet + inert(line[len(bullet):]))
    return "\n".join(lines)


def code_text(text: str) -> str:
    """Untrusted text inside our code block: it cannot close the block (```) early."""
    return plain(text).replace("`", "\u02cb")


def plain(text: str) -> str:
    """Text for where Discord renders no Markdown nor mentions (an embed's footer): on one
    line, invisible controls removed, nothing escaped (a backslash would show)."""
    return _INVISIBLE.sub("", " ".join(text.split()))


def quoted(text: str, limit: int = 100) -> str:
    """What a user typed, echoed back: 'Zzyzx Widgets'."""
    return f"'{shorten(inline(text), limit)}'"


def safe_url(url: str) -> str | None:
    """``url`` as we may link it, or None: http(s) only, with a host, no user:password@ part
    (which reads like a host), the host in ASCII (punycode, so a look-alike letter shows), and
    the characters that would end or bend a Markdown link target percent-encoded."""
    url = url.strip()
    if not url or len(url) > MAX_LINK_URL or _INVISIBLE.search(url) or any(
            c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    if not re.fullmatch(r"[a-z0-9.\-]+|[0-9a-f:.]+", ascii_host) or ascii_host.strip(".") == "":
        return None
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if port is not None:
        netloc += f":{port}"
    path, query, fragment = (quote(p, safe=_URL_SAFE) for p in
                             (parts.path, parts.query, parts.fragment))
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def host_of(url: str) -> str:
    """The host a (safe) URL really goes to, as shown beside its link: ``example.com``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def link(text: str, url: str, limit: int = 150) -> str:
    """``[text](url) — host`` when ``url`` may be linked, else just the text (or the host).

    The visible text is the untrusted title with its brackets turned into parentheses (so
    nothing in it can end our link early); the real host follows the link, so a title that
    claims "reuters.com" cannot hide where the link goes."""
    target = safe_url(url)
    title = shorten(inline(text.replace("[", "(").replace("]", ")")), limit)
    if target is None:
        return title
    host = host_of(target)
    return f"[{title or host}]({target}) — {host}"


def _same_name(outlet: str, host: str) -> bool:
    """An outlet that only repeats the host ("www.example.org" beside example.org)."""
    return outlet.lower().removeprefix("www.") == host


def _when(value: date | None, lang: str) -> str:
    return value.isoformat() if value else labels(lang)["undated"]


def source_line(c: Citation, lang: str) -> str:
    """``[1] [Title](url) — example.com · Outlet, 2023-01-05``: the title links to the article,
    its real host beside it."""
    url = c.url or (c.source if c.source.lower().startswith(("http://", "https://")) else "")
    target = safe_url(url)
    shown = link(c.title or (host_of(target) if target else c.source), url)
    outlet = shorten(inline(c.outlet), 80) if c.outlet else ""
    if target and outlet and _same_name(c.outlet.strip(), host_of(target)):
        outlet = ""
    tail = ", ".join(part for part in (outlet, _when(c.published, lang)) if part)
    sep = " · " if target else " — "
    return f"[{c.n}] {shown}{sep}{tail}"


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
    """One embed: the answer with its [n] markers, then the numbered, linked sources; in the
    footer, the model that phrased it when an LLM did (not when its text was not shown)."""
    lang = labels(answer.lang)
    footer = ""
    if answer.phrased_by:
        footer = lang["written"].format(model=shorten(plain(answer.phrased_by), 100))
    sources = [source_line(c, answer.lang) for c in answer.citations]
    source_budget = min(TOTAL_LIMIT // 2, sum(len(s) + 1 for s in sources) + 64)
    text_budget = min(DESCRIPTION_LIMIT, TOTAL_LIMIT - source_budget - 64 - len(footer))
    description = inert_block(answer.text)
    if len(description) > text_budget:
        description = shorten(description, text_budget - len(lang["truncated"]) - 2) + (
            "\n" + lang["truncated"])
    embed = discord.Embed(
        description=description,
        colour=COLOR_REFUSAL if answer.refused else COLOR_ANSWER,
    )
    name = lang["closest"] if answer.refused else lang["sources"]
    budget = TOTAL_LIMIT - len(description) - 64 - len(footer)
    for field_name, value in _fields(sources, name, answer.lang, budget):
        embed.add_field(name=field_name, value=value, inline=False)
    if footer:
        embed.set_footer(text=footer)
    assert len(embed) <= TOTAL_LIMIT
    return embed


def hits_embed(query: str, hits: Sequence[Hit]) -> discord.Embed:
    embed = discord.Embed(title=shorten(f"Passages for: {inline(query)}", TITLE_LIMIT),
                          colour=COLOR_ANSWER)
    if not hits:
        embed.description = "Nothing indexed matches that query."
        return embed
    budget = TOTAL_LIMIT - len(embed.title or "") - 32
    for hit in hits[:10]:
        chunk = hit.chunk
        name = shorten(f"[{hit.rank}] {inline(chunk.title or chunk.source)}", FIELD_NAME_LIMIT)
        target = safe_url(chunk.url or chunk.source)
        if target:
            where = f"[{host_of(target)}]({target})"
        elif chunk.url:  # javascript:, data:, … never linked nor shown
            where = "no web link"
        else:
            where = shorten(inline(chunk.source), 200)
        outlet = shorten(inline(chunk.outlet), 80)
        head = f"{outlet}, {_when(chunk.published, chunk.lang)} — {where}\n"
        room = min(FIELD_LIMIT, max(budget - len(name), 0)) - len(head)
        value = head + shorten(inert(chunk.text), room) if room > 20 else ""
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
        unit = f" ({code_text(', '.join(e.units))})" if e.units else ""
        note = " *incl.*" if e.included_in else ""
        who = code_text(", ".join(shorten(o, 60) for o in (outlets or {}).get(e.id, [])[:3]))
        rows.append(f"{when:<13} {jobs}{unit}{note}\n{'':13} {who}")
    body = "\n".join(rows) or "No events in the ledger for that selection."
    title = shorten(f"Layoff events: {inline(company)}", TITLE_LIMIT)
    shown = shorten(inline(figure), 500) if figure else ""
    limit = DESCRIPTION_LIMIT - 16 - (len(shown) + 2 if shown else 0)
    description = f"```\n{shorten(body, limit)}\n```"
    if shown:
        description = f"{shown}\n{description}"
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
    embed.add_field(name="Model", value=shorten(inline(model), FIELD_LIMIT))
    last = stats.meta.get("last_index") or "never"
    result = stats.meta.get("last_index_result") or ""
    status = "running now" if busy else f"{last} — {result}".strip(" —")
    embed.add_field(name="Last re-index", value=shorten(inline(status), FIELD_LIMIT),
                    inline=False)
    embed.set_footer(text=shorten(f"Store: {store}", 2048))
    return embed
