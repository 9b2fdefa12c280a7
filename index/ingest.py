"""Read articles from files and folders: front matter, HTML, JSON Lines, cleaning, language, dates.

Every file that cannot be used becomes a :class:`Skipped` with a reason a person can act on;
the rest are read. A file read despite a flaw (front matter that is not strict YAML, an
encoding guessed rather than known, a metadata value that cannot be read) gets one warning
line naming it: an article is never dropped for its metadata or its encoding. Links are
followed only where they lead inside the folder being indexed (or the roots given). Nothing
here touches the index.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlparse

import yaml

from index.clean import clean_text, repeated_lines
from index.dates import date_from_url, publication_date_from_text
from index.langs import detect_language
from index.models import Article

log = logging.getLogger(__name__)

PLAIN_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = PLAIN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
KNOWN_KEYS = ("url", "title", "published", "lang", "outlet")
MIN_TEXT_CHARS = 40

#: Libraries that log their own view of a page this module reports in one line of its own
#: (trafilatura's "discarding data: None" for a page without article text): entry points
#: (index.cli, bot.main) keep them below CRITICAL out of the user's terminal.
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


class IngestError(Exception):
    """A file (or one record of it) that cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class Warned:
    """A file or record that was read despite a flaw: what was done, and what to do."""

    source: str
    message: str


@dataclass(frozen=True)
class RawDoc:
    """Text and metadata read from one file or record, before cleaning."""

    text: str
    source: str
    meta: Mapping[str, Any]
    plain: bool  # plain text gets cleaned; HTML was already extracted by trafilatura


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # every file found under the given paths, read or not: what is gone from a folder is what
    # was indexed from it before and is not here now
    seen: set[str] = field(default_factory=set)
    # files and records read despite a flaw, one line each (also logged as a warning)
    warnings: list[Warned] = field(default_factory=list)


# --------------------------------------------------------------------------- finding files


def discover(paths: Iterable[Path], *,
             roots: Sequence[Path] | None = None) -> tuple[list[Path], list[Skipped]]:
    """The readable article files under ``paths`` (recursively), and what was left out.

    With ``roots`` (SOURCE_ROOTS, resolved), a file is listed only when it resolves under one
    of them: a link to a file or folder elsewhere, a link loop or a dangling link is left out
    as a :class:`Skipped` naming the link and its target; links to folders inside the roots
    are followed (each folder once). Without roots every file is listed, links to files
    included and not checked, links to folders not followed: what
    ``registry.check_under_roots`` looks through to check each link itself.
    :func:`load_articles` never lists files that way.
    """
    if roots is not None:
        real_roots = [Path(root) for root in roots]
        shown = ":".join(map(str, real_roots))
        return _discover_within(paths, real_roots, Confinement(
            f"outside SOURCE_ROOTS ({shown})",
            "remove the link, or ask the bot's operator to index it from the shell"))
    found: list[Path] = []
    missing: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _hidden(p, path)
            )
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                found.append(path)
            else:
                missing.append(Skipped(str(path), _unsupported(path)))
        else:
            missing.append(Skipped(str(path), "no such file or folder; check the path"))
    return found, missing


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _unsupported(path: Path) -> str:
    return (f"unsupported file type '{path.suffix or '(none)'}'; "
            f"use one of {', '.join(sorted(SUFFIXES))}")


@dataclass(frozen=True)
class Confinement:
    """How a link leading out of the allowed folders is reported: where it leads, what to do."""

    where: str  # "outside SOURCE_ROOTS (/srv/articles)"
    remedy: str


def _discover_within(paths: Iterable[Path], roots: Sequence[Path],
                     confinement: Confinement) -> tuple[list[Path], list[Skipped]]:
    found: list[Path] = []
    left_out: list[Skipped] = []
    for path in paths:
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as err:  # missing, a link loop, a dangling link
            if path.is_symlink():
                _link_skipped(left_out, path, _broken_link(path, err))
            else:
                left_out.append(Skipped(str(path), "no such file or folder; check the path"))
            continue
        if not _inside(real, roots):
            what = "folder" if real.is_dir() else "file"
            _link_skipped(left_out, path, (
                f"leads to the {what} {real}, {confinement.where}: not read; "
                f"{confinement.remedy.format(what=what, target=real)}"))
        elif real.is_dir():
            _walk(path, roots, confinement, found, left_out, {real})
        elif path.suffix.lower() in SUFFIXES:
            found.append(path)
        else:
            left_out.append(Skipped(str(path), _unsupported(path)))
    return found, left_out


def _walk(folder: Path, roots: Sequence[Path], confinement: Confinement, found: list[Path],
          left_out: list[Skipped], visited: set[Path]) -> None:
    """Add the article files under ``folder`` in the order :meth:`Path.rglob` would, hidden
    files and folders left out; ``visited`` holds the resolved folders already walked."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as err:
        left_out.append(Skipped(str(folder), f"cannot list the folder ({err.strerror or err}); "
                                             "check its permissions"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        article = path.suffix.lower() in SUFFIXES
        try:
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    real = path.resolve()
                    if real not in visited:
                        visited.add(real)
                        _walk(path, roots, confinement, found, left_out, visited)
                elif article and entry.is_file(follow_symlinks=False):
                    found.append(path)
                continue
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as err:  # a link loop or a dangling link
            if article or not path.suffix:  # what may have been an article or a folder
                _link_skipped(left_out, path, _broken_link(path, err))
            continue
        if not _inside(target, roots):
            if target.is_dir() or article:
                what = "folder" if target.is_dir() else "file"
                _link_skipped(left_out, path, (
                    f"a link to the {what} {target}, {confinement.where}: not read; "
                    f"{confinement.remedy.format(what=what, target=target)}"))
            continue
        if _hidden_in(target, roots):
            continue
        if target.is_dir():
            if target not in visited:  # a loop, or a second way into a folder: read once
                visited.add(target)
                _walk(path, roots, confinement, found, left_out, visited)
        elif article and target.is_file():
            found.append(path)


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def _hidden_in(path: Path, roots: Sequence[Path]) -> bool:
    return any(_hidden(path, root) for root in roots if path.is_relative_to(root))


def _link_skipped(left_out: list[Skipped], link: Path, reason: str) -> None:
    """A link not followed: recorded, and logged (from Discord, the log is where an operator
    sees that someone linked out of SOURCE_ROOTS)."""
    left_out.append(Skipped(str(link), reason))
    log.warning("skipped %s: %s", link, reason)


def _broken_link(path: Path, err: BaseException) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    loop = isinstance(err, RuntimeError) or getattr(err, "errno", None) == errno.ELOOP
    why = "a loop of links" if loop else "which does not exist"
    return f"a link to {target}, {why}: not read; fix or remove the link"


# --------------------------------------------------------------------------- reading files


def load_articles(
    paths: Sequence[Path],
    *,
    languages: Sequence[str],
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
    roots: Sequence[Path] | None = None,
) -> LoadResult:
    """Read every article under ``paths``: bad files are skipped with a reason, never raised.

    ``roots``: the folders files may resolve into, links followed (a source added from
    Discord: SOURCE_ROOTS). None: each path given is its own root, so a link in a folder is
    read only when it leads inside that folder (``layoffs index PATH``).
    """
    files: list[Path] = []
    result = LoadResult()
    for given in paths:
        path = given.absolute()  # links are named by where they are, not where they lead
        if roots is not None:
            found, left_out = discover([path], roots=[Path(r).expanduser().resolve()
                                                      for r in roots])
        else:  # the folder given is the only root
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError):
                real = path  # missing or a loop: _discover_within says which
            found, left_out = _discover_within([path], [real], Confinement(
                f"outside the folder being indexed ({real})",
                "copy the {what} into it, or index {target} itself"))
        files.extend(found)
        result.skipped.extend(left_out)
    raws: list[RawDoc] = []
    notes: dict[str, list[str]] = {}  # what was wrong but read anyway, by file or record
    for path in files:
        source = str(path.resolve())
        if source not in result.seen:  # a file reached twice (through a link) is read once
            result.seen.add(source)
            try:
                docs, flaws = _read(path, max_bytes=max_bytes)
            except IngestError as err:
                result.skipped.append(Skipped(source, str(err)))
                log.warning("skipped %s: %s", source, err)
            else:
                raws.extend(docs)
                if flaws:
                    notes[source] = flaws
        if on_file is not None:
            on_file(path)
    boilerplate = repeated_lines(raw.text for raw in raws if raw.plain)
    dropped: set[str] = set()
    for raw in raws:
        record_notes = notes.setdefault(raw.source, [])
        try:
            result.articles.append(to_article(raw, languages=languages, boilerplate=boilerplate,
                                              notes=record_notes))
        except IngestError as err:
            result.skipped.append(Skipped(raw.source, str(err)))
            log.warning("skipped %s: %s", raw.source, err)
            dropped.add(raw.source)
    for source, flaws in notes.items():
        if flaws and source not in dropped:  # a skipped file's reason says enough
            message = "; ".join(flaws)
            result.warnings.append(Warned(source, message))
            log.warning("%s: %s", source, message)
    return result


def read_file(path: Path, *, max_bytes: int) -> list[RawDoc]:
    """The documents in one file; raises :class:`IngestError` with the reason when unusable."""
    return _read(path, max_bytes=max_bytes)[0]


def _read(path: Path, *, max_bytes: int) -> tuple[list[RawDoc], list[str]]:
    """The documents in one file and what was wrong with it but read anyway (one note each)."""
    source = str(path.resolve())
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB cap; "
                "split it or raise MAX_FILE_MB"
            )
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}") from err
    if not data.strip():
        raise IngestError("empty file")
    suffix = path.suffix.lower()
    html = suffix in HTML_SUFFIXES
    decoded = decode_text(data, declared=_declared_charset(data) if html else None)
    notes = [decoded.note] if decoded.note else []
    if not decoded.text.strip():
        raise IngestError("empty file")
    if html:
        return [read_html(decoded.text.encode("utf-8"), source)], notes
    if suffix in JSONL_SUFFIXES:
        return list(read_jsonl(decoded.text, source)), notes
    front = read_front_matter(decoded.text)
    if front.note:
        notes.append(front.note)
    return [RawDoc(front.body, source, front.meta, plain=True)], notes


# --------------------------------------------------------------------------- encodings


@dataclass(frozen=True)
class Decoded:
    """A file's text, and a note when its encoding was guessed (a warning worth a look)."""

    text: str
    encoding: str  # a name for people: "UTF-8", "UTF-16 LE", "Windows-1252"
    note: str = ""


_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_BINARY = "binary file (contains NUL bytes), not text; remove it from the folder"
_NAMES = {"cp1252": "Windows-1252", "latin_1": "Latin-1", "iso8859_15": "Latin-9"}


def decode_text(data: bytes, *, declared: str | None = None) -> Decoded:
    """The text of a file's bytes, in whatever encoding it was saved, line ends made ``\n``.

    A byte-order mark decides (UTF-8, UTF-16 and UTF-32, either byte order); then ``declared``
    (an HTML page's own charset), when it decodes the bytes; then strict UTF-8. Zero bytes
    mean UTF-16 without a mark when they fall on every other byte and the text reads as text,
    else a binary file (:class:`IngestError`). Other bytes are a legacy encoding: Windows-1252
    when it reads as text (it is Latin-1 plus quotes, dashes and the euro sign in 0x80-0x9f,
    where Latin-1 has only control characters), else charset-normalizer's best guess. A
    guessed encoding comes with a note saying so.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                break  # not what the mark says: read it as if there were none
            if not _looks_binary(text):
                return Decoded(_lines(text), name)
            break
    if declared:
        page = _declared(data, declared)
        if page is not None:
            return Decoded(_lines(page), declared)
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise IngestError(_BINARY)
        return utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_binary(text):
            raise IngestError("binary file (control characters), not text; remove it from "
                              "the folder")
        return Decoded(_lines(text), "UTF-8")
    from charset_normalizer import from_bytes

    for isolation in (["cp1252"], None):  # Western first: the languages the bot reads
        best = from_bytes(data, cp_isolation=isolation).best()
        if best is None or not best.encoding:
            continue
        text = str(best)
        if _looks_binary(text):
            continue
        encoding = best.encoding
        if encoding == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
            name = "Latin-1 (ISO-8859-1)"  # the same letters, read the same way
        else:
            name = _NAMES.get(encoding, encoding)
        return Decoded(_lines(text), name, (
            f"not UTF-8: read as {name}, a guess from its bytes (check its accented letters "
            "and quotes); re-save it as UTF-8 to be sure"))
    raise IngestError("not text in any encoding the bot recognises (a binary file?); "
                      "re-save it as UTF-8 text or remove it from the folder")


def _lines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line ends as ``\n``; a stray mark at the start dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _declared(data: bytes, declared: str) -> str | None:
    """The bytes read in the charset a page declares, when that is right (pages often lie).

    Latin-1 is read as Windows-1252, as browsers do; a page declared Latin-1 or Windows-1252
    that is valid UTF-8 with non-ASCII bytes is UTF-8. UTF-16 and UTF-32 go by their mark.
    """
    try:
        codec = codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None
    if codec in {"latin-1", "iso8859-1", "ascii", "cp1252"}:
        codec = "cp1252"
        if not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text saved without a byte-order mark: Latin letters put their zero byte on the
    same side of every pair (odd offsets little-endian, even ones big-endian)."""
    head = data[:8192]
    pairs = len(head) // 2
    even = head[0:2 * pairs:2].count(0)
    odd = head[1:2 * pairs:2].count(0)
    codec, name = ("utf-16-le", "UTF-16 LE") if odd >= even else ("utf-16-be", "UTF-16 BE")
    if max(even, odd) == 0 or min(even, odd) > max(even, odd) // 4 or len(data) % 2:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _looks_binary(text):
        return None
    return Decoded(_lines(text), name, (
        f"no byte-order mark: read as {name}, a guess from its zero bytes; "
        "re-save it as UTF-8 (or UTF-16 with a byte-order mark) to be sure"))


def _looks_binary(text: str) -> bool:
    """Control, unassigned or private-use characters, which no article has: bytes read in
    the wrong encoding, or a file that is not text."""
    sample = text[:8192]
    odd = 0
    for ch in sample:
        if ch in "\t\n\r\f\v\x1a":  # \x1a: the end-of-file mark of old DOS text files
            continue
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"):
            odd += 1
    return odd > max(2, len(sample) // 200)


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# --------------------------------------------------------------------------- front matter


@dataclass(frozen=True)
class FrontMatter:
    """What a leading ``---`` block gave: metadata, the body, and a note when it was flawed."""

    meta: dict[str, Any]
    body: str
    note: str = ""


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)",
                           re.DOTALL | re.MULTILINE)
_OPENER = re.compile(r"\A---[ \t]*\r?\n")
_KEY = re.compile(r"[^\W_][\w .:/@-]*\Z")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a leading ``---`` block from the body; no block gives empty metadata.

    Never raises: see :func:`read_front_matter` for what a flawed block gives.
    """
    front = read_front_matter(text)
    return front.meta, front.body


def read_front_matter(text: str) -> FrontMatter:
    """A leading YAML ``---`` block, read leniently: an article is never lost to its metadata.

    Strict YAML first. A block YAML cannot read (``title: Layoffs at Zoom: what we know``) is
    read as ``key: value`` lines (split at the first ``': '``, values kept as strings, quotes
    around a value dropped; indented lines continue the value above). A block that cannot be
    read either way, or a ``---`` that is never closed, leaves the whole text as the body,
    without metadata. Each of those comes with a note naming the line.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENER.match(text):
            return FrontMatter({}, text, (
                "front matter has no closing '---' line: read the whole file as text, without "
                "metadata; add the closing '---' after the last 'key: value' line"))
        return FrontMatter({}, text)
    block, body = match.group(1), text[match.end():]
    try:
        if _depth(block) > _MAX_DEPTH:
            raise RecursionError  # the note YAML's own RecursionError gets, without its cost
        meta = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        line = _nearest_line(block, mark.line if mark is not None else 0)
        problem = f"line {line + 2} is not valid YAML ({_excerpt(block, line)})"
    except RecursionError:
        problem = "it is nested too deeply for YAML"
    except ValueError as err:  # a value YAML recognises but Python rejects: 2023-13-45
        problem = f"it holds a value YAML cannot read ({_short(str(err))})"
    else:
        if meta is None:
            return FrontMatter({}, body)
        if isinstance(meta, dict):
            try:
                return FrontMatter({_str(k): v for k, v in meta.items()}, body)
            except IngestError:  # a key that is a number too long to print
                problem = "a key is a number too long to read"
        else:
            problem = "it is not 'key: value' lines"
    lines = _key_value_lines(block)
    if isinstance(lines, dict):
        return FrontMatter(lines, body, (
            f"front matter: {problem}; read it as plain 'key: value' lines, values kept as "
            "written; put that value in quotes to silence this warning"))
    return FrontMatter({}, text, (
        f"front matter line {lines + 2} is neither YAML nor a 'key: value' line "
        f"({_excerpt(block, lines)}); read the whole file as text, without metadata; "
        "fix the '---' block"))


# Real front matter nests two or three levels. PyYAML reaches Python's recursion limit only
# after about 2 s of CPU on a few hundred '[' (measured: fuzz input "tags: [[[[…", 1.9 s), which
# made the CI fuzz step's 5 s CPU bound flaky on a loaded machine; a bracket count costs
# microseconds.
_MAX_DEPTH = 50


def _depth(block: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in a block (quotes ignored: an upper bound)."""
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _nearest_line(block: str, line: int) -> int:
    """``line``, or the last line with text when YAML points past it (at the block's end)."""
    lines = block.split("\n")
    while line > 0 and (line >= len(lines) or not lines[line].strip()):
        line -= 1
    return line


def _key_value_lines(block: str) -> dict[str, Any] | int:
    """``key: value`` lines as strings, or the 0-based number of the first line that isn't."""
    meta: dict[str, Any] = {}
    key = ""
    for number, raw in enumerate(block.split("\n")):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if key and (line[0] in " \t" or stripped.startswith("- ") or stripped == "-"):
            item = stripped.removeprefix("-").strip() if line[0] not in " \t" else stripped
            joiner = ", " if stripped.startswith("-") else " "
            meta[key] = f"{meta[key]}{joiner}{_unquote(item)}" if meta[key] else _unquote(item)
            continue
        name, colon, value = stripped.partition(": ")
        if not colon and stripped.endswith(":"):
            name, value = stripped[:-1], ""
        elif not colon:
            return number
        name = _unquote(name.strip())
        if not _KEY.match(name):
            return number
        key = name
        meta[key] = _unquote(value.strip())
    return meta


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _excerpt(block: str, line: int) -> str:
    lines = block.split("\n")
    text = lines[line].strip() if 0 <= line < len(lines) else ""
    return f"'{_short(text)}'" if text else "an empty line"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# Block elements: a browser shows each on its own line. libxml2 keeps one inside a <p> that it
# doesn't close ("<p>cut 12<div>ad</div>000 jobs</p>"), and trafilatura then joins the texts
# around a dropped block with nothing between them: "cut 12000 jobs", a number the page never
# showed. A line break before every block tag keeps them apart (whitespace there is not shown).
_BLOCK_TAG = re.compile(
    rb"<(?=/?(?:address|article|aside|blockquote|details|div|dl|dd|dt|fieldset|figcaption"
    rb"|figure|footer|form|h[1-6]|header|hgroup|hr|li|main|menu|nav|ol|p|pre|section|table"
    rb"|tr|td|th|ul)[\s/>])", re.I)


# trafilatura joins the blocks inside a <blockquote> with no break between them ("<div>0</div>
# <div>January 0, 1975 ...</div>" came out "0January", found by the 10,000-input fuzz run in CI):
# a quote's blocks are read as any other blocks
_QUOTE_TAG = re.compile(rb"<(/?)blockquote(?=[\s/>])", re.I)
# elements whose content a parser reads as raw text, where a tag is only characters
_RAW_TEXT = re.compile(
    rb"<(script|style|iframe|textarea|noscript|title|xmp)\b.*?(?:</\1\s*>|$)", re.I | re.S)


# an <iframe>'s content is what a browser without frames shows, never the page's text: lxml
# read it as text, markup included ("<p></p</iframe><article>Amazon" came out "</pAmazon",
# found by the 10,000-input fuzz run in CI); dropped, to the end of the page when unclosed, as a
# browser reads it
_IFRAME = re.compile(rb"<iframe\b.*?(?:</iframe\s*>|$)", re.I | re.S)


def _quotes_as_blocks(data: bytes) -> bytes:
    """``data`` with each <blockquote> read as a <div>, outside raw-text elements."""
    out, last = [], 0
    for m in _RAW_TEXT.finditer(data):
        out += [_QUOTE_TAG.sub(rb"<\1div", data[last:m.start()]), m.group()]
        last = m.end()
    out.append(_QUOTE_TAG.sub(rb"<\1div", data[last:]))
    return b"".join(out)


def read_html(data: bytes, source: str) -> RawDoc:
    import trafilatura

    data = _BLOCK_TAG.sub(b"\n<", _quotes_as_blocks(_IFRAME.sub(b"", data)))
    try:
        # The date only from the page's markup (meta tags, <time>, the URL): htmldate's
        # extensive search reads any year in the text as a date and dated an undated page
        # "2020-01-01" from "the last cuts, in 2020"; the text's own dates are read later
        # (publication_date_from_text), with bylines only.
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as err:  # trafilatura raises assorted lxml errors on broken markup
        raise IngestError(
            f"HTML could not be parsed ({type(err).__name__}); check the file") from err
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = getattr(doc, "title", None) or ""
    rest = text[len(title):]
    if title and text.startswith(title) and (not rest or rest[0].isspace()):
        text = rest.lstrip()  # the title repeated as the first line, not "T" of "The cuts"
    if len(text) < MIN_TEXT_CHARS:  # checked after the title goes: a page of only a title
        raise IngestError("no article text found in the HTML (broken page or not an article)")
    url = getattr(doc, "url", None) or ""
    meta: dict[str, Any] = {
        "title": title,
        "url": url,
        "outlet": _site_name(getattr(doc, "sitename", None) or "", title, url, data),
        "published": getattr(doc, "date", None) or "",
    }
    lang_attr = re.search(rb"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", data[:4096])
    if lang_attr:
        meta["lang"] = lang_attr.group(1).decode().lower()
    return RawDoc(text, source, meta, plain=False)


# trafilatura's own split of a <title> into the page's title and what may be the site's name
_TITLE_PARTS = re.compile(r"^(.+)?\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+(.+)$")
_TITLE_TAG = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_URL_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # trafilatura's URL fallback
_SITE_NAME_KEYS = {"og:site_name", "application-name", "apple-mobile-web-app-title",
                   "twitter:site", "twitter:app:name:iphone", "article:publisher", "publisher",
                   "dc.publisher", "dcterms.publisher", "copyright", "citation_journal_title"}


def _site_name(sitename: str, title: str, url: str, data: bytes) -> str:
    """The site's name as the page declares it, or "" (the outlet then comes from the domain).

    trafilatura falls back on a part of the <title> holding a dot ("Company to cut 1.200 jobs
    : Live" gives "Company to cut 1.200 jobs") and on the URL's host; neither is a name the
    site gave itself. A part of the title counts only when a site-name tag says the same.
    """
    name = sitename.strip()
    if not name:
        return ""
    host = _URL_HOST.match(url)
    if host and name.casefold() == host.group(1).casefold():
        return ""  # the host, which _outlet_from_url makes readable
    tag = _TITLE_TAG.search(data)
    page_title = " ".join(tag.group(1).decode("utf-8", "replace").split()) if tag else ""
    parts = _TITLE_PARTS.match(page_title)
    candidates = {t.casefold() for t in (title, page_title, *(parts.groups() if parts else ()))
                  if t}
    from_title = (name.casefold() in candidates
                  or (len(name) > 3 and name.casefold() in title.casefold()))
    if from_title and name.casefold() not in _declared_site_names(data):
        return ""
    return name


def _declared_site_names(data: bytes) -> set[str]:
    """The site names a page declares, casefolded: its <meta> tags (og:site_name and the
    like) and its JSON-LD publisher."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(data)
    except Exception:  # lxml raises assorted errors on broken markup
        return set()
    names = set()
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split()).lstrip("@")
        if key in _SITE_NAME_KEYS and content:
            names.add(content.casefold())
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            found = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):  # broken JSON-LD is common
            continue
        names.update(name.casefold() for name in _publishers(found, depth=4))
    return names


def _publishers(node: Any, depth: int) -> Iterator[str]:
    """``publisher`` names in a JSON-LD document (a string, or an object with a name)."""
    if depth <= 0:
        return
    if isinstance(node, list):
        for item in node:
            yield from _publishers(item, depth - 1)
    elif isinstance(node, dict):
        publisher = node.get("publisher")
        for item in publisher if isinstance(publisher, list) else [publisher]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.strip():
                yield " ".join(name.split())
        for key in ("@graph", "mainEntity", "isPartOf"):
            yield from _publishers(node.get(key), depth - 1)


def read_jsonl(text: str, source: str) -> Iterator[RawDoc]:
    """One article per line: ``{"text": ..., "url"?, "title"?, "published"?, ...}``."""
    count = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise IngestError(
                f"line {lineno} is not valid JSON ({err.msg}); fix or remove it") from err
        except RecursionError as err:
            raise IngestError(f"line {lineno} is nested too deeply to read; fix or remove it"
                              ) from err
        except ValueError as err:  # a number over Python's 4,300-digit conversion limit
            raise IngestError(f"line {lineno} holds a number too long to read; "
                              "fix or remove it") from err
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise IngestError(f"line {lineno} needs a JSON object with a \"text\" string")
        meta = {k: v for k, v in record.items() if k != "text"}
        count += 1
        yield RawDoc(record["text"], f"{source}#L{lineno}", meta, plain=True)
    if count == 0:
        raise IngestError("no records in the JSON Lines file")


def to_article(raw: RawDoc, *, languages: Sequence[str], boilerplate: Iterable[str],
               notes: list[str] | None = None) -> Article:
    """Clean the text, read the metadata, detect the language and find the publication date.

    A metadata value that cannot be used (``published: last Tuesday``, a number too long to
    print) is left out with a note in ``notes`` (logged as a warning when None); only an
    article without text raises :class:`IngestError`.
    """
    flaws: list[str] = []
    meta: dict[str, Any] = {}
    for key, value in raw.meta.items():
        try:
            meta[key] = value if key == "published" else _str(value)
        except IngestError:
            flaws.append(f"metadata '{_short(key)}' is a number too long to read: left out; "
                         "quote it")
    try:
        published = _published(meta.get("published"))
    except IngestError:
        written = _str_or(meta.get("published"), "")
        shown = f"'{_short(written)}'" if written else "(a number too long to print)"
        flaws.append(f"published {shown} is not a date: left out, the date is read from the "
                     "text instead; write it as YYYY-MM-DD")
        published = None
    text = clean_text(raw.text, frozenset(boilerplate)) if raw.plain else raw.text
    text = text.strip()
    if len(text) < MIN_TEXT_CHARS:
        raise IngestError("no article text left after cleaning (the file holds only page noise)")
    title = meta.get("title") or _first_heading(text)
    url = meta.get("url", "")
    lang = str(meta.get("lang", "")).lower()
    if lang and lang not in languages:
        log.info("%s: lang '%s' is not in LANGUAGES; detecting instead", raw.source, lang)
        lang = ""
    lang = lang or detect_language(f"{title}\n{text}", languages)
    if published is None:
        published = publication_date_from_text(text, lang)
    if published is None:  # the address's day ("/2025/04/23/"); a month only bounds the text's
        from_url = date_from_url(url)
        if from_url is not None and from_url.precision == "day":
            published = from_url.start
    outlet = meta.get("outlet") or outlet_from_url(url)
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    if notes is not None:
        notes.extend(flaws)
    else:
        for flaw in flaws:
            log.warning("%s: %s", raw.source, flaw)
    article = Article(text=text, source=raw.source, title=title, url=url, outlet=outlet,
                      published=published, lang=lang)
    return replace(article, extra=MappingProxyType(extra)) if extra else article


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    try:
        return str(value).strip()
    except ValueError as err:  # an integer over Python's 4,300-digit conversion limit
        raise IngestError("a metadata value is a number too long to read; "
                          "quote it or remove it") from err


def _str_or(value: Any, default: str) -> str:
    try:
        return _str(value)
    except IngestError:
        return default


def _published(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _str(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError as err:
        raise IngestError(f"published '{text}' is not a date; write it as YYYY-MM-DD") from err


def _first_heading(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.lstrip("#").strip()[:200]
    return ""


def outlet_from_url(url: str) -> str:
    """The site's domain as people write it: ``lemonde.fr`` for https://www.lemonde.fr/..."""
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # a malformed address: "http://[::1"
        return ""
    if host.startswith("xn--") or ".xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    return host.removeprefix("www.")
