"""What Discord would make of text the bot sends: the masked links, mention pills and block
Markdown it would render (a checker for the hostile-text tests, not a full Markdown parser).

Discord renders ``[text](target)`` (the ``](`` adjacent; ``target`` may be in angle brackets)
as a link showing ``text``; ``<@id>``, ``<@!id>``, ``<@&id>``, ``<#id>``, ``</name:id>`` as
mention pills; ``@everyone`` / ``@here`` as highlighted mentions; and, at the start of a line,
``#``/``##``/``###`` headers, ``-#`` subtext and ``>``/``>>>`` quotes. A backslash before a
character makes it literal; a zero-width space between the pieces breaks the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_ESCAPED = re.compile(r"\\[^0-9A-Za-z\s]")
_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s)>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_MENTION = re.compile(r"<(?:@[!&]?\d+|#\d+|/[\w -]+:\d+|a?:\w+:\d+|t:-?\d+(?::\w)?|id:\w+)>")
_EVERYONE = re.compile(r"@(everyone|here)\b")
_BLOCK = re.compile(r"^[ \t]*(?:#{1,3}\s|-#\s|>\s|>>>\s)", re.MULTILINE)


@dataclass(frozen=True)
class Link:
    text: str
    target: str
    after: str  # the text right after the link, where we show its real host


def strip_escapes(text: str) -> str:
    """The text with backslash-escaped characters replaced by a neutral placeholder."""
    return _ESCAPED.sub("\x00", text)


def links(text: str) -> list[Link]:
    plain = strip_escapes(text)
    return [Link(m.group(1), m.group(2), plain[m.end():m.end() + 120])
            for m in _LINK.finditer(plain)]


def mentions(text: str) -> list[str]:
    plain = strip_escapes(text)
    return [m.group(0) for m in _MENTION.finditer(plain)] + [
        m.group(0) for m in _EVERYONE.finditer(plain)]


def blocks(text: str) -> list[str]:
    return _BLOCK.findall(strip_escapes(text))


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def texts_of(payload: Any) -> Iterator[str]:
    """Every string Discord would render from a message body or an embed's to_dict()."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key in ("url", "custom_id", "type", "color", "allowed_mentions", "id"):
                continue
            yield from texts_of(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from texts_of(item)
    elif isinstance(payload, str):
        yield payload


def problems(payload: Any, *, allowed_targets: set[str] | None = None) -> list[str]:
    """What in ``payload`` Discord would render as a forged link, a mention pill, a block of
    the sender's own making, or a link whose real host is not shown right after it."""
    found: list[str] = []
    for text in texts_of(payload):
        for link in links(text):
            target = link.target
            if not target.lower().startswith(("http://", "https://")):
                found.append(f"a link to a non-http target: {link}")
            elif allowed_targets is not None and target not in allowed_targets:
                found.append(f"a link to an unexpected target: {link}")
            elif not (link.after.startswith(f" — {host(target)}")
                      or link.text == host(target)):
                found.append(f"a link whose host is not shown: {link}")
            if "](" in link.text:
                found.append(f"a link inside a link's text: {link}")
        found.extend(f"a mention: {m!r} in {text[:80]!r}" for m in mentions(text))
        found.extend(f"a block {b!r} in {text[:80]!r}" for b in blocks(text))
    return found
