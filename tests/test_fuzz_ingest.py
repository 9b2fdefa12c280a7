"""Fuzzing the readers of article files (index/ingest.py): front matter, JSON Lines, bytes on
disk, and HTML through trafilatura.

Invariant for every reader: a result, or :class:`IngestError` with a message (the error type
``load_articles`` turns into a skipped file); any other exception would stop a whole index
run on one bad file. Results: front-matter keys are strings and the body is the rest of the
text; articles have at least ``MIN_TEXT_CHARS`` of text and a real date or none; the text
trafilatura extracts is made of words the page holds.
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from index.ingest import (
    MIN_TEXT_CHARS,
    IngestError,
    RawDoc,
    read_file,
    read_html,
    read_jsonl,
    split_front_matter,
    to_article,
)
from tests.fuzzkit import (
    FUZZ_EXAMPLES,
    Run,
    article_text,
    date_phrase,
    fuzz_settings,
    layoff_sentence,
    raw_text,
    sentence,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

LANGUAGES = ("en", "fr")
# trafilatura takes ~5-10 ms a page on a busy machine; 10,000 pages stay near a minute only
# with small pages, which is what the HTML strategy draws
HTML_EXAMPLES = FUZZ_EXAMPLES

# --------------------------------------------------------------------------- front matter

YAML_VALUES = st.one_of(
    st.sampled_from(["2023-13-45", "2023-02-30", "0b" + "1" * 20000, "[" * 3000, "2023-01-05"]),
    st.sampled_from([
        "2023-01-05", "2023-13-45", "2023-02-30", "0000-01-01", "9999-12-31",
        "2023-01-05T10:00:00Z", "2023-01-05 10:00:00 +99:00", "2001-12-14t21:59:43.10-05:00",
        "2023-1-5", "'2023-01-05'", "Jan 5, 2023", "", "~", "null", "yes", "no", "on", "3.5",
        ".inf", "-.nan", "0x1F", "0o17", "0b" + "1" * 20000, "1" * 5000, "1_000", "[a, b]",
        "{a: 1}", "[2023-01-05]", "&anchor value", "*anchor", "!!binary aGVsbG8=",
        "!!python/object:os.system x", "!!timestamp 2023-99-99", "!!int zz", "!!float x",
        "!!set {a, b}", "!!omap [a: 1]", "|\n  block\n  text", ">\n  folded", "'unterminated",
        '"\\x00"', '"\\ud800"', "en", "fr", "de", "EN", "https://example.com/a", "[" * 3000,
        "{" * 3000, "- " * 2000 + "x", "a: b: c", "\t- tab", "%TAG ! tag:", "? complex",
    ]),
    date_phrase(),
    raw_text,
)
_KEYS = st.sampled_from(["url", "title", "published", "lang", "outlet", "author", "tags"])
YAML_KEYS = st.one_of(_KEYS, _KEYS, _KEYS, raw_text, st.sampled_from([
    "? [a, b]", "1", "2023-01-05", "null", "~", "? 0b" + "1" * 20000 + "\n", "<<", "&k key", "*k",
]))


@st.composite
def front_matter_doc(draw: st.DrawFn) -> str:
    pairs = draw(st.lists(st.tuples(YAML_KEYS, YAML_VALUES), max_size=6))
    block = "\n".join(f"{k}: {v}" for k, v in pairs)
    if draw(st.booleans()):
        block = draw(st.sampled_from(["lang: en\n", "lang: fr\n", ""])) + block
    opener = draw(st.sampled_from(["---\n", "---\r\n", "--- \n", "---", "----\n", "\ufeff---\n"]))
    closer = draw(st.sampled_from(["\n---\n", "\n---", "\n--- \r\n", "\n...\n", "\n"]))
    body = draw(article_text)
    if draw(st.booleans()):
        body = draw(layoff_sentence()) + " " + draw(layoff_sentence()) + "\n" + body
    return opener + block + closer + body


def _check_article(raw: RawDoc) -> None:
    try:
        article = to_article(raw, languages=LANGUAGES, boilerplate=frozenset())
    except IngestError as err:
        assert str(err)
        return
    assert len(article.text) >= MIN_TEXT_CHARS and article.text == article.text.strip()
    assert article.published is None or isinstance(article.published, date)
    assert article.lang in LANGUAGES
    assert all(isinstance(v, str) for v in article.extra.values())


def _front_matter_then_article(text: str) -> None:
    try:
        meta, body = split_front_matter(text)
    except IngestError as err:
        assert str(err)
        return
    assert all(isinstance(k, str) for k in meta)
    assert text.endswith(body)
    if not meta:
        assert body == text or re.match(r"\A---", text)
    _check_article(RawDoc(body, "fuzz.md", meta, plain=True))


def test_front_matter_fuzz() -> None:
    run = Run("ingest.split_front_matter+to_article")

    @fuzz_settings()
    @given(st.one_of(front_matter_doc(), article_text, raw_text))
    def check(text: str) -> None:
        run(_front_matter_then_article, text)

    check()
    run.finish()


# --------------------------------------------------------------------------- JSON Lines

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)


@st.composite
def jsonl_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["record", "record", "other", "broken", "deep", "blank"]))
    if kind == "record":
        record = draw(st.dictionaries(
            st.sampled_from(["url", "title", "published", "lang", "outlet", "x"]),
            st.one_of(JSON_VALUES, date_phrase(), st.sampled_from(["2023-01-05", "2023-13-45"])),
            max_size=4))
        record["text"] = draw(st.one_of(sentence, article_text, JSON_VALUES))
        return json.dumps(record, ensure_ascii=draw(st.booleans()))
    if kind == "other":
        return json.dumps(draw(JSON_VALUES))
    if kind == "broken":
        return draw(st.one_of(raw_text, st.just('{"text": "a'), st.just("{'text': 'a'}"),
                              st.just('{"text": NaN}'), st.just('{"text": "\\ud800"}')))
    if kind == "deep":
        depth = draw(st.integers(100, 100_000))
        return draw(st.sampled_from(["[", '{"a":'])) * depth
    return draw(st.sampled_from(["", "   ", "\t"]))


def _read_jsonl_all(text: str) -> None:
    try:
        docs = list(read_jsonl(text, "fuzz.jsonl"))
    except IngestError as err:
        assert str(err)
        return
    assert docs
    for doc in docs:
        assert isinstance(doc.text, str) and doc.source.startswith("fuzz.jsonl#L")
        _check_article(doc)


def test_read_jsonl_fuzz() -> None:
    run = Run("ingest.read_jsonl+to_article")

    @fuzz_settings()
    @given(st.lists(jsonl_line(), max_size=5).map("\n".join))
    def check(text: str) -> None:
        run(_read_jsonl_all, text)

    check()
    run.finish()


# --------------------------------------------------------------------------- bytes on disk


def test_read_file_fuzz(tmp_path: Path) -> None:
    """Any bytes in a .md, .txt or .jsonl file: documents or IngestError."""
    run = Run("ingest.read_file")
    paths = [tmp_path / name for name in ("a.md", "b.txt", "c.jsonl", "d.MARKDOWN")]

    @fuzz_settings()
    @given(st.sampled_from(paths), st.one_of(
        st.binary(max_size=200),
        front_matter_doc().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.tuples(st.sampled_from(["utf-16", "latin-1", "cp1252", "utf-8-sig"]),
                  article_text).map(lambda p: p[1].encode(p[0], "replace")),
        st.lists(jsonl_line(), max_size=3).map(lambda ls: "\n".join(ls).encode()),
    ))
    def check(path: Path, data: bytes) -> None:
        path.write_bytes(data)
        try:
            docs = run(read_file, path, max_bytes=10_000)
        except IngestError as err:
            assert str(err)
            return
        assert docs and all(isinstance(doc.text, str) for doc in docs)

    check()
    run.finish()


# --------------------------------------------------------------------------- HTML

TAGS = ["p", "div", "article", "main", "section", "span", "h1", "h2", "li", "ul", "a", "b",
        "em", "table", "tr", "td", "script", "style", "nav", "footer", "header", "aside",
        "figure", "figcaption", "blockquote", "pre", "code", "br", "img", "iframe", "svg",
        "math", "template", "noscript", "form", "button", "time", "meta", "html", "body"]
ATTRS = st.sampled_from([
    "", ' class="article-body"', ' id="content"', ' lang="fr"', ' href="https://e.com/a"',
    ' datetime="2023-01-05T10:00:00Z"', ' itemprop="datePublished" content="2023-13-45"',
    ' style="display:none"', " hidden", ' onclick="x()"', ' class="share"', " x=", ' "',
    ' property="og:title" content="Layoffs"', ' name="date" content="2023-01-05"',
])
HTML_TEXT = st.one_of(layoff_sentence(), sentence, raw_text,
                      st.sampled_from(["&amp;", "&lt;", "&nbsp;", "&#0;", "&#x110000;",
                                       "&bogus;", "<!-- c -->", "<![CDATA[x]]>", "&#55296;"]))


@st.composite
def html_fragment(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    if depth > 3 or draw(st.booleans()):
        inner = draw(HTML_TEXT)
    else:
        inner = "".join(draw(st.lists(html_fragment(depth + 1), max_size=3)))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>", f"</{tag}"]))
    return f"<{tag}{draw(ATTRS)}>{inner}{close}"


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    head = draw(st.sampled_from([
        "", "<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-8'?>",
        '<html lang="fr"><head><meta charset="iso-8859-1"><title>T</title></head>',
        "<html><head><title>Amazon cuts 9,000 jobs</title>"
        '<meta name="date" content="2023-03-20"></head>',
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><base href="javascript:x">',
    ]))
    body = "".join(draw(st.lists(html_fragment(), min_size=1, max_size=4)))
    tail = draw(st.sampled_from(["", "</body></html>", "</html>", "<"]))
    text = head + "<body>" + body + tail
    codec = draw(st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16"]))
    return text.encode(codec, "replace")


def _readings(text: str) -> tuple[str, ...]:
    """The text as the extractor may read it. Control, format, private and unassigned
    characters are either dropped (trafilatura joins "0\x1f0" into "00") or read as a break
    (U+0085 NEL splits "0\x851" into "0" and "1"): both readings are the page's text."""
    return tuple(unicodedata.normalize("NFKC", "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cf", "Cn", "Co") or ch in "\n\t "
        else gap for ch in text)).casefold() for gap in ("", " "))


def _words_of(text: str) -> set[str]:
    return {w for reading in _readings(text) for w in re.findall(r"\w+", reading)}


def _parsed_text(page: str) -> str:
    try:
        return str(lxml.html.document_fromstring(page).text_content())
    except (lxml.etree.ParserError, ValueError):  # empty, or only a comment
        return ""


def _check_html(data: bytes) -> None:
    try:
        raw = read_html(data, "fuzz.html")
    except IngestError as err:
        assert str(err)
        return
    assert len(raw.text) >= MIN_TEXT_CHARS and not raw.plain
    assert all(isinstance(v, str) for v in raw.meta.values())
    try:
        page = html.unescape(data.decode("utf-8"))
    except UnicodeDecodeError:
        return  # trafilatura guesses the charset (latin-1 "\xe9" may come out as "ť")
    # Text split by inline tags ("00<b>00</b>", "0<code>Amazon") is joined by the extractor,
    # so a word may also be a piece of the page's text with its tags removed, by a regex or
    # as an HTML parser reads broken markup ("<0</article></p<p>Amazon" is "<0Amazon"):
    # not invented.
    # The text of an element a page does not show as text (a script, a style, an iframe's
    # fallback, a template, an svg's or an object's bare text) may drop out, so the words on
    # either side of it may join too. Found in CI: "<math>0000</math><iframe>Amazon will cut
    # …</iframe></math><span>January 0" reads "0000January"; "<template><span>000…</span>
    # <svg>Amazon will cut …</svg></template><span>000000000</span>" reads forty zeros.
    # Each kind on its own too: the template's span stays while its svg's text drops.
    hidden = ("script|style", "iframe", "template", "svg", "noscript", "object", "canvas")
    unscripted = [re.sub(rf"(?is)<({tags})\b.*?(?:</\1\s*>|$)", "", page)
                  for tags in ("|".join(hidden), *hidden)]
    # A browser reads "</p<p>" or "</p<script>" as one bogus end tag and shows the texts on
    # either side joined ("<0" + "Amazon"): tags removed only where a tag can start.
    joined = tuple(reading for text in dict.fromkeys((page, *unscripted))
                   for reading in _readings(re.sub(r"<[^>]*>", "", text))
                   + _readings(re.sub(r"</?[A-Za-z][^>]*>", "", text))
                   + _readings(_parsed_text(text)))
    invented = {w for w in _words_of(raw.text) - _words_of(page)
                if not any(w in reading for reading in joined)}
    assert not invented, f"words not in the page: {sorted(invented)[:10]}"


@pytest.fixture
def quiet_trafilatura() -> Iterator[None]:
    """trafilatura logs an ERROR for every broken page; thousands of them only cost time."""
    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.usefixtures("quiet_trafilatura")
def test_read_html_fuzz() -> None:
    run = Run("ingest.read_html")

    @fuzz_settings(HTML_EXAMPLES)
    @given(st.one_of(html_page(), st.binary(max_size=300),
                     raw_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
    # found in CI: trafilatura reads U+0085 (NEL) as a line break, splitting "0\x851"
    @example(b"<body><p><p>Amazon will cut 0 jobs January 0, 1975.</p>"
             b"<p>Amazon will cut 0 jobs January 0, 1975.</p><p>0\xc2\x851</p></p></body>")
    @example(b"<body><p><p></p><article><0</article></p<p>Amazon will cut 0 jobs January 0, "
             b"1975.</p>")
    @example(b"<body><p></p><p>0<script><p></p><p>AWS will cut 0 jobs January 0, 1975.</p>"
             b"</script><span>Amazon will cut 0 jobs January 0, 1975.</span>")
    @example(b"<body><p>Intro text here 12<section>1</section><article>000 jobs were cut at "
             b"Amazon in January 2023 says the report.</article>")
    # found in CI: trafilatura joined the blocks inside a <blockquote> ("0January")
    @example(b"<body><p>Amazon will cut 0 jobs January 0, 1975.</p><blockquote><p><p>Amazon "
             b"will cut 0 jobs January 0, 1975.</p><div>0</div><nav>Amazon will cut 0 jobs "
             b"January 0, 1975.</nav></p><div>January 0, 1975, Amazon announced plans to "
             b"eliminate about 0 roles in its cloud unit.</div><p>January 0, 1975, Amazon "
             b"announced plans to eliminate about 0 roles in its cloud unit.</p></blockquote>")
    # found in CI: an <iframe>'s fallback text dropped between two inline texts, which join
    @example(b"<body><p></p><math><p></p><table><p>00000000000</div><math>0000</math>"
             b"<iframe>Amazon will cut 0 jobs January 0, 1975.</iframe></math><span>January "
             b"0, 1975, Amazon announced plans to eliminate about 0 roles in its cloud unit."
             b"</span>")
    # found in CI: a template's svg text dropped, the template's span and the next one join
    @example(b"<body><template><span>0000000000000000000000000000000</span><svg>Amazon will "
             b"cut 0 jobs January 0, 1975.</svg></template><span>000000000</span>")
    # found in CI: lxml read an <iframe>'s content as text, markup included ("</pAmazon")
    @example(b"<?xml version='1.0' encoding='utf-8'?><body><p></p><iframe><p></p><p><p>"
             b"<script class=\"article-body\">Amazon will cut 0 jobs January 0, 1975.</script>"
             b"<iframe><figcaption class=\"article-body\"></figcaption><p></p</iframe><article>"
             b"Amazon will cut 0 jobs January 0, 1975.</article></p></p></iframe>")
    def check(data: bytes) -> None:
        run(_check_html, data)

    check()
    run.finish(HTML_EXAMPLES)
