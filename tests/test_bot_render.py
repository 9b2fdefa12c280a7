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
from index.events import Event
from index.models import Answer, Chunk, Citation, Hit
from tests.markdown_check import host, links, problems, texts_of


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


def test_sources_link_titles_and_show_host_outlet_and_date() -> None:
    line = source_line(_citation(2), "en")
    assert line == ("[2] [Amazon to cut more than 18,000 jobs](https://example.org/2) — "
                    "example.org · Example Wire, 2023-01-05")
    tricky = source_line(_citation(3, "Title with [brackets] and *stars*"), "en")
    assert "[Title with (brackets) and \\*stars\\*](https://example.org/3)" in tricky


def test_refusal_is_grey_and_lists_closest_sources() -> None:
    answer = Answer(question="q", lang="fr", text="Les sources indexées ne répondent pas.",
                    citations=(_citation(1),), refused=True)
    embed = answer_embed(answer)
    assert embed.fields[0].name == "Sources les plus proches"
    assert embed.colour != answer_embed(Answer("q", "en", "ok", (_citation(1),))).colour


@pytest.mark.parametrize(("lang", "footer"), [
    ("en", "Written by stub-model 7B from the cited passages"),
    ("fr", "Rédigé par stub-model 7B à partir des passages cités"),
])
def test_an_llm_phrased_answer_names_its_model_in_the_footer(lang: str, footer: str) -> None:
    answer = Answer(question="q", lang=lang, text="Amazon cut 18,000 jobs [1].",
                    citations=(_citation(1),), phrased_by="stub-model\u202e  7B")
    assert answer_embed(answer).footer.text == footer  # one line, no invisible controls


def test_an_answer_the_llm_did_not_write_says_nothing_of_it() -> None:
    offline = Answer(question="q", lang="en", text="Amazon cut 18,000 jobs [1].",
                     citations=(_citation(1),))
    fell_back = Answer(question="q", lang="en", text="Amazon cut 18,000 jobs [1].",
                       citations=(_citation(1),), llm_fallback="unsupported_number: 75,500")
    for answer in (offline, fell_back):
        embed = answer_embed(answer)
        assert embed.footer.text is None
        assert embed.to_dict() == answer_embed(offline).to_dict()


@pytest.mark.parametrize("sources", [0, 60])
def test_a_huge_llm_phrased_answer_still_fits_with_its_footer(sources: int) -> None:
    answer = Answer(question="q", lang="en", text="Amazon cut 18,000 jobs [1]. " * 400,
                    citations=tuple(_citation(n, "Long title " * 30)
                                    for n in range(1, sources + 1)),
                    phrased_by="a-model-with-a-long-name-" * 20)
    embed = answer_embed(answer)
    _within_limits(embed)
    assert (embed.footer.text or "").startswith("Written by a-model-with")
    assert len(embed.footer.text or "") < 200


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


# --------------------------------------------------------------------------- untrusted text

EVIL = "https://evil.example/phish"
HOSTILE = [
    "[click here](https://evil.example/login)",
    "[reuters.com](<https://evil.example/x>)",
    "Read [the memo](https://evil.example/m \"title\") now",
    "@everyone and @here, <@123456789012345678>, <@!42>, <@&987>, <#555>, </ask:123>",
    "# Breaking\n## Subhead\n### Three\n-# small print\n> quoted\n>>> all quoted",
    "   # indented header",
    "```\nthe block ends here``` and `code`",
    "||spoiler|| **bold** __underline__ ~~struck~~ *it*",
    "a title ](https://evil.example) [x",
    "a ) bracket ( and \\ backslash",
    "right-to-left \u202emoc.sretuer\u202c override, <t:1700000000:R> <:pepe:12345>",
]
BAD_URLS = [
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://files.example.org/x",
    "//evil.example/scheme-relative",
    "https://evil.example/with space",
    "mailto:someone@example.org",
    "",
]


def _hostile_citations() -> tuple[Citation, ...]:
    cites = []
    for i, text in enumerate(HOSTILE, start=1):
        cites.append(Citation(n=i, source=f"/corpus/{i}.md", title=f"Reuters: {text}",
                              url=f"{EVIL}/{i}?q=(a)&r=[b]", outlet=f"reuters.com {text}",
                              published=date(2023, 1, 5), lang="en", quote=text))
    for j, url in enumerate(BAD_URLS, start=len(cites) + 1):
        cites.append(Citation(n=j, source=url or f"/corpus/{j}.md", title=f"Bad link {j}",
                              url=url, outlet="Example", published=None, lang="en", quote="q"))
    return tuple(cites)


def _assert_inert(payload: dict[str, object]) -> None:
    found = problems(payload)
    assert found == [], "\n".join(found)
    flat = str(payload)
    assert "](javascript" not in flat and "](data:" not in flat and "](//" not in flat
    for text in texts_of(payload):
        assert "\u202e" not in text, "a bidi override reached Discord"


def test_hostile_answer_text_and_sources_render_inert() -> None:
    text = "\n".join(f"- {h} [1]" for h in HOSTILE) + "\n" + " ".join(HOSTILE)
    answer = Answer(question="q", lang="en", text=text, citations=_hostile_citations())
    embed = answer_embed(answer)
    _within_limits(embed)
    payload = embed.to_dict()
    _assert_inert(payload)  # type: ignore[arg-type]
    description = embed.description or ""
    assert description.startswith("- "), "our own bullets stay bullets"
    assert "```" not in description and "||spoiler||" not in description
    assert "\\*\\*bold\\*\\*" in description and "\\|\\|spoiler\\|\\|" in description
    lines = [line for f in embed.fields for line in (f.value or "").splitlines()]
    hostile_lines = [line for line in lines if "Reuters" in line]
    assert len(hostile_lines) == len(HOSTILE)
    for line in hostile_lines:
        [found] = links(line)  # exactly one link per source line: ours
        assert found.target.startswith("https://evil.example/")
        assert found.after.startswith(" — evil.example"), line
        assert "(" not in found.target and ")" not in found.target and "[" not in found.target
    bad = [line for line in lines if "Bad link" in line]
    assert len(bad) == len(BAD_URLS)
    assert all(links(line) == [] for line in bad), "no odd-scheme URL is linked"


def test_hostile_passages_render_inert() -> None:
    hits = []
    for i, text in enumerate(HOSTILE + BAD_URLS, start=1):
        url = BAD_URLS[i - len(HOSTILE) - 1] if i > len(HOSTILE) else f"{EVIL}/{i}"
        chunk = Chunk(id=f"d{i}-0000", doc_id=f"d{i}", ord=0, text=f"{text} " * 5,
                      title=f"[reuters.com]({EVIL}) {text}", outlet=text, url=url,
                      published=None, lang="en", source=url or "/x.md")
        hits.append(Hit(chunk, 0.1, i))
    for start in range(0, len(hits), 10):
        embed = hits_embed("[q](https://evil.example) @everyone", hits[start:start + 10])
        _within_limits(embed)
        _assert_inert(embed.to_dict())  # type: ignore[arg-type]
        for field in embed.fields:
            for found in links(field.value or ""):
                assert found.text == "evil.example", "a passage links only to its real host"


def _event(company: str, units: tuple[str, ...] = ()) -> Event:
    return Event(id="e1", company=company, start=date(2023, 1, 4), end=date(2023, 1, 4),
                 precision="day", headcount=18000, low=None, high=None, qualifier="",
                 vague=False, percent=None, units=units, countries=(), reasons=(), mentions=())


def test_events_table_keeps_its_code_block_whole() -> None:
    hostile = " ".join(HOSTILE)
    embed = events_table(f"Amazon {HOSTILE[0]}", [_event("Amazon", units=(hostile,))],
                         figure=HOSTILE[3], outlets={"e1": HOSTILE})
    _within_limits(embed)
    description = embed.description or ""
    assert description.count("```") == 2, "untrusted text cannot end our code block early"
    assert description.rstrip().endswith("```")
    payload = embed.to_dict()
    # Inside the code block Discord renders nothing; outside it (title, figure) all is inert.
    outside = {"title": payload.get("title"), "figure": description.split("```")[0]}
    assert problems(outside) == []


def test_stats_embed_and_quoted_echoes_are_inert() -> None:
    from bot.render import inline, quoted

    assert quoted("@everyone <@&1>") == "'@\u200beveryone <\u200b@&1>'"
    assert problems({"x": inline(" ".join(HOSTILE))}) == []
    assert "\n" not in inline("a\nb")


@pytest.mark.parametrize("url", [
    *BAD_URLS,
    "https://reuters.com@evil.example/x",  # looks like reuters.com, goes to evil.example
    "https://user:pass@evil.example/",
    "https://evil.example:99999/",
    "http://[::1]:80/x",
    "https://" + "a" * 600 + ".example/",
    "https://xn--80ak6aa92e.com/",
    "https://\u0440\u0435uters.com/x",  # Cyrillic р and е
])
def test_only_safe_http_urls_are_linked_and_their_real_host_shows(url: str) -> None:
    from bot.render import link, safe_url

    shown = link("reuters.com exclusive", url)
    target = safe_url(url)
    if target is None:
        assert links(shown) == [] and shown == "reuters.com exclusive"
        return
    [found] = links(shown)
    assert found.target == target and target.startswith(("http://", "https://"))
    assert found.after == f" — {host(target)}"
    assert host(target).isascii(), "look-alike letters show as punycode"
    assert "@" not in target.split("/")[2], "no user:password@ before the real host"
    if "reuters.com@" in url:
        assert host(target) == "evil.example"
    if "\u0440" in url:
        assert host(target).startswith("xn--")


def test_urls_that_would_break_our_link_are_encoded() -> None:
    from bot.render import link

    shown = link("T", "https://example.org/a_(b)*c/[d]?e=<f>#g h")
    assert links(shown) == []  # a space: not a URL we link
    shown = link("T", "https://example.org/a_(b)*c/[d]?e=<f>")
    [found] = links(shown)
    assert found.target == "https://example.org/a_%28b%29*c/%5Bd%5D?e=%3Cf%3E"
    assert shown.endswith(") — example.org")
