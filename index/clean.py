"""Remove scraped-page noise from plain article text, in English and French.

Extractors such as trafilatura keep most of an article and little else, but menus, paywall
blurbs, share buttons, cookie banners, photo credits and "related articles" lists still slip
through. This module drops those lines and nothing else.

The cleaner works line by line and is deliberately conservative: a line goes only when a
precise pattern says it is page furniture, and a line that reads like a sentence stays.
Losing a sentence of reporting costs more than keeping a stray "Share" button, so every
rule below prefers to keep a line when in doubt.

Public API:

* :func:`clean_text` cleans one article body;
* :func:`repeated_lines` finds short lines repeated across many files (site boilerplate),
  to feed back into :func:`clean_text`;
* :func:`normalize_line` is the key both use to compare lines.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable

log = logging.getLogger(__name__)

#: Lines longer than this (in words) are never treated as repeated boilerplate.
MAX_BOILERPLATE_WORDS = 15

# Typographic characters folded to their ASCII look-alikes before matching.
_CHAR_FOLD = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the usual French apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u2011": "-",  # non-breaking hyphen
        "\u2010": "-",
    }
)


# --------------------------------------------------------------------------- normalisation


def _fold(text: str) -> str:
    """Unicode-normalise, fold apostrophes, casefold and fold white space (ends kept)."""
    text = unicodedata.normalize("NFC", text).translate(_CHAR_FOLD).casefold()
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _is_edge_char(ch: str) -> bool:
    """Punctuation, symbols, spaces and invisible format characters, stripped at line ends."""
    cat = unicodedata.category(ch)
    return cat[0] in "PSZ" or cat in ("Cc", "Cf") or ch.isspace()


def normalize_line(line: str) -> str:
    """The comparison key of a line: casefolded, white space folded, end punctuation stripped.

    Typographic apostrophes become ``'`` so that "l’article" and "l'article" compare equal.
    ``normalize_line("  Share on   Facebook » ")`` is ``"share on facebook"``.
    """
    folded = _fold(line)
    start, end = 0, len(folded)
    while start < end and _is_edge_char(folded[start]):
        start += 1
    while end > start and _is_edge_char(folded[end - 1]):
        end -= 1
    return folded[start:end]


# --------------------------------------------------------------------------- markdown helpers

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_LEAD = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|(?:[-*+•▪◦‣]|\d{1,3}[.)])\s+)*")
_MD_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")


def _plain(line: str) -> str:
    """The line's visible text: markdown markers, bullets, links and emphasis removed."""
    text = _MD_IMAGE.sub(r"\1", line)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_LEAD.sub("", text)
    text = _MD_EMPHASIS.sub("", text.strip())
    return text.strip()


def _is_heading(line: str) -> bool:
    return bool(_MD_HEADING.match(line))


# A sentence end: . ! ? or … possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# Same, but an ellipsis ("Read more...") does not count as a sentence end.
_FULL_STOP_END = re.compile(r"(?<!\.\.)[.!?][\"'”’»)\]]*$")
_OPENING_QUOTES = ("\"", "“", "«", "‘", "'", "„")


def _reads_like_prose(plain: str) -> bool:
    """True for lines that look like running text rather than a headline or a label."""
    words = plain.split()
    if len(words) > 20:
        return True
    if len(words) >= 3 and (_SENTENCE_END.search(plain) or plain.startswith(_OPENING_QUOTES)):
        return True
    return plain.endswith((",", ";"))


# --------------------------------------------------------------------------- noise patterns


def _compile_full(*alternatives: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(alternatives) + ")")


# Headers of "related articles" blocks. Matched against the whole normalized line; the
# short headline list that follows a header is dropped too (see clean_text).
_RELATED_HEADER = _compile_full(
    r"related(?: (?:articles?|stories|story|content|coverage|news|links|reading|posts|topics"
    r"|videos|items))?",
    r"(?:read|see) (?:more|also|next)(?: (?:on|about) (?:this|that)(?: (?:topic|story|subject))?)?",
    r"also read|further reading|what to read next|read this next|more on this(?: story| topic)?",
    r"more (?:stories|articles|news|coverage|reading|headlines)",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    r"recommended(?: (?:for you|reading|stories|articles|videos))?",
    r"most (?:read|popular|viewed|shared)(?: (?:stories|articles|today|now))?",
    r"trending(?: (?:now|stories|today))?|top stories|latest (?:news|stories|headlines)",
    r"editors?'? picks?|don't miss|must reads?|popular (?:now|stories)|in other news",
    r"other stories|in case you missed it",
    r"(?:à |a )?lire (?:aussi|également|egalement|ensuite)|à lire|a lire",
    r"(?:à |a )?voir aussi|voir également",
    r"sur le m[êe]me (?:sujet|thème|theme)|dans la m[êe]me rubrique|du m[êe]me auteur",
    r"(?:les |nos )?(?:autres )?(?:articles|contenus|sujets) (?:liés|similaires|recommandés"
    r"|associés|connexes)",
    r"les (?:articles )?(?:les )?plus (?:lus|lues|partagés|commentés|populaires)",
    r"(?:à )?découvrir(?: aussi| également)?|vous aimerez (?:aussi|également)",
    r"vous (?:pourriez|pouvez|allez) (?:aussi |également )?aimer",
    r"pour aller plus loin|plus d'articles|nos derniers articles|la sélection de la rédaction",
)
# "More from Reuters", "More in Technology": only with a capitalised name and no colon,
# so that "More from the memo:" or "More on that later." are not mistaken for a header.
_MORE_FROM_HEADER = re.compile(
    r"(?:More|MORE) (?:[Ff]rom|FROM|[Ii]n|IN) [A-Z0-9][\w&'.-]*(?: [A-Z0-9&][\w&'.-]*){0,2}"
)

# "Read more: <headline>", "Lire aussi | <titre>": a header and a link on one line.
_INLINE_RELATED = re.compile(
    r"(?:related(?: (?:articles?|stories|coverage|content))?|read (?:more|also|next)|also read"
    r"|see also|more on this(?: story)?|(?:à |a )?lire (?:aussi|également|egalement)|(?:à |a )lire"
    r"|(?:à |a )?voir aussi|sur le m[êe]me sujet)"
    r"\s*(?:[:|›>»–—]|\s-\s)\s*\S"
)
# The same in capitals without a separator: "LIRE AUSSI Meta supprime 11 000 postes".
_INLINE_RELATED_CAPS = re.compile(
    r"(?:RELATED|READ MORE|READ ALSO|ALSO READ|SEE ALSO|À LIRE AUSSI|A LIRE AUSSI|LIRE AUSSI"
    r"|À LIRE ÉGALEMENT|LIRE ÉGALEMENT|À LIRE|VOIR AUSSI|SUR LE MÊME SUJET)\s+\S"
)

# Share, print, font-size and social widgets. A line is a widget line when it consists only
# of these phrases, optionally separated by | • · , / : or dashes.
_WIDGET_PHRASE = "|".join(
    [
        r"share(?: (?:this|the))?(?: (?:article|story|page|post))?"
        r"(?: (?:on|via|to|by) (?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|flipboard"
        r"|telegram|messenger|bluesky|e-?mail))?",
        r"tweet(?: this)?",
        r"copy(?: the)?(?: article)? link|link copied|copied",
        r"e-?mail(?: this)?(?: article| story| link)?",
        r"print(?: this)?(?: article| page| story)?",
        r"save(?: this)?(?: article| story| for later)?|saved",
        r"(?:\d+ )?comments?|view comments|show comments|leave a comment",
        r"a-\s?a\+?|a\+\s?a-?",
        r"text size|font size|resize text",
        r"listen(?: to)?(?: this)?(?: article| story)?",
        r"gift(?: this)? article|give this article",
        r"facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|flipboard|telegram|messenger",
        r"bluesky|threads|mastodon|instagram|youtube",
        r"follow(?: us)?(?: on \w+)?|bookmark|add to (?:favorites|bookmarks)",
        r"\d+ min(?:ute)?s? read|reading time",
        r"partager(?: (?:cet |l')article)?(?: sur (?:facebook|twitter|x|linkedin|whatsapp))?"
        r"(?: par (?:e-?mail|mail|courriel))?|partage",
        r"imprimer(?: (?:cet |l')article)?",
        r"envoyer(?: (?:cet |l')article)?(?: par (?:e-?mail|mail|courriel))?|envoyer à un ami",
        r"copier(?: le)? lien|lien copié",
        r"commenter|réagir|(?:\d+ )?(?:commentaires?|réactions?)|voir les commentaires",
        r"offrir(?: (?:cet |l')article)?",
        r"écouter(?: (?:cet |l')article)?",
        r"sauvegarder(?: (?:cet |l')article)?|ajouter à (?:mes|vos) (?:favoris|sélections?)",
        r"favoris|taille du texte",
        r"suivre|nous suivre(?: sur \w+)?|suivez-nous(?: sur \w+)?",
        r"mail|courriel",
        r"(?:temps de )?lecture\s?:?\s?\d+ min(?:utes?)?",
    ]
)
_WIDGET_LINE = re.compile(
    rf"(?:{_WIDGET_PHRASE})(?:\s*(?:[|•·,/:–—-]\s*)?(?:{_WIDGET_PHRASE}))*"
)

# Whole lines that are page furniture: ads, skip links, account links, footers.
_EXACT_NOISE = frozenset(
    {
        # advertising
        "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
        "paid content", "paid post", "partner content", "story continues below advertisement",
        "story continues below", "article continues below", "article continues below advertisement",
        "continue reading below", "continue reading", "continue reading the main story",
        "scroll to continue", "scroll to continue with content",
        "publicité", "pub", "annonce", "contenu sponsorisé", "contenu partenaire",
        "article sponsorisé", "la suite après la publicité", "la suite après cette publicité",
        "suite de l'article ci-dessous", "lire la suite", "lire la suite de l'article",
        # navigation and accounts
        "skip to main content", "skip to content", "skip to navigation", "jump to content",
        "aller au contenu", "aller au contenu principal", "passer au contenu principal",
        "home", "accueil", "menu", "main menu", "open menu", "close menu", "toggle navigation",
        "search", "rechercher", "recherche", "close", "fermer", "back to top", "retour en haut",
        "retour en haut de page", "haut de page", "sign in", "log in", "login", "log out",
        "register", "register now", "se connecter", "connexion", "connectez-vous",
        "me connecter", "mon compte", "my account", "s'inscrire", "inscription",
        "créer un compte", "your email", "your email address", "email address",
        # subscription
        "subscribe", "subscribe now", "subscribe today", "s'abonner", "je m'abonne",
        "abonnez-vous", "abonnez vous", "abonné", "abonnés", "abonnée", "newsletter",
        "newsletters", "la newsletter", "notre newsletter", "our newsletter",
        # footers
        "all rights reserved", "tous droits réservés", "privacy policy", "terms of use",
        "terms of service", "politique de confidentialité", "mentions légales",
        "getty images", "shutterstock", "istock", "alamy",
        # cookie buttons
        "accept", "accept all", "reject all", "i accept", "agree", "i agree", "accepter",
        "refuser", "tout accepter", "tout refuser", "continuer sans accepter",
    }
)

# Prefix patterns on the normalized line, each with the longest line (in words) it may hit.
_PREFIX_NOISE: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), max_words)
    for pattern, max_words in [
        # paywalls and subscriptions, English
        (r"subscribe (?:now |today )?(?:to (?:continue|keep) reading|to read|to unlock"
         r"|for (?:unlimited|full|digital) access|to (?:our|the) (?:\w+ )?newsletter)", 30),
        (r"to (?:continue|keep) reading\b.*\b(?:subscribe|subscription|sign in|log in"
         r"|register)", 30),
        (r"already (?:a subscriber|subscribed|have an account|registered)", 12),
        (r"(?:this|the) (?:article|story|content) is (?:only )?(?:for|available (?:only )?to"
         r"|reserved for|exclusive to) (?:paying )?(?:subscribers|members)", 25),
        (r"you(?:'ve| have) (?:reached|read) (?:your|all)\b.*\bfree (?:articles|stories)", 30),
        (r"you have \d+ free (?:articles?|stories) (?:left|remaining)", 20),
        (r"(?:get|unlock) (?:unlimited|full|digital|complete) access", 30),
        (r"(?:start|try|begin) (?:your )?(?:\d+-day )?free trial", 30),
        (r"sign up (?:for|to) (?:our|the|my|a|free)\b.*\bnewsletters?\b", 30),
        (r"get (?:the|our) (?:latest|best|top)\b.*\b(?:inbox|newsletter)", 30),
        (r"by (?:signing up|subscribing|registering|clicking)\b.*\b(?:agree|consent|accept)", 40),
        (r"thanks? (?:you )?for (?:signing up|subscribing)", 20),
        (r"enter your e-?mail(?: address)?", 12),
        (r"create (?:a |your )?(?:free )?account", 12),
        (r"support (?:our|quality|independent) journalism", 20),
        # paywalls and subscriptions, French
        (r"(?:cet |l')?article (?:est )?réservé (?:aux|à nos) abonnés", 25),
        (r"(?:contenu|édition) réservée? (?:aux|à nos) abonnés", 25),
        (r"abonnez[- ]vous\b", 25),
        (r"(?:je m'abonne|s'abonner)\b", 20),
        (r"déjà abonnée?s?\b", 10),
        (r"il vous reste \d+\s?% (?:de cet article|de l'article|à lire)", 25),
        (r"la suite (?:de cet article |de l'article )?est réservée (?:aux|à nos) abonnés", 25),
        (r"pour (?:lire|continuer à lire|poursuivre) (?:la suite|cet article)\b.*\b(?:abonn"
         r"|connect)", 30),
        (r"inscrivez-vous (?:à|a) (?:notre|nos|la) newsletters?", 30),
        (r"(?:recevez|découvrez|retrouvez) (?:notre|nos|gratuitement|chaque)\b.*"
         r"\bnewsletters?", 30),
        (r"offre (?:spéciale|découverte|d'essai|d'abonnement)", 20),
        (r"vous avez atteint (?:la|votre) limite", 30),
        (r"en vous inscrivant,? vous acceptez", 40),
        (r"votre adresse (?:e-?mail|mail|électronique)", 12),
        # cookie banners
        (r"(?:we|we and our partners|this (?:site|website)|our (?:site|website))"
         r" uses? cookies(?!,)", 80),
        (r"(?:accept|reject|refuse|allow|manage|customi[sz]e|decline) (?:all |our )?cookies", 15),
        (r"cookie (?:settings|preferences|policy|consent|notice)", 15),
        (r"by (?:continuing|using)\b.*\bcookies\b", 60),
        (r"(?:nous|nos partenaires et nous) utilisons des cookies", 80),
        (r"(?:ce|notre) site(?: web| internet)? utilise des cookies", 80),
        (r"(?:accepter|refuser|paramétrer|gérer|personnaliser)"
         r" (?:les |tous les |nos )?cookies", 15),
        (r"en poursuivant votre navigation", 60),
        (r"(?:politique|gestion|paramètres) (?:des|de|relative aux) cookies", 15),
        # photo credits and copyright lines
        (r"(?:photos?|photograph|picture|image|illustration|crédits?(?: photos?)?|credits?"
         r"|photo credit)\s?:", 15),
        (r"photo (?:by|de)\b", 10),
        (r"\(?(?:ap|afp|reuters|epa|bloomberg) photo", 10),
        (r"copyright\s?(?:©|\(c\)|\d{4})", 15),
    ]
)

_AGENCY = (
    r"(?:getty images|afp|reuters|ap|epa|bloomberg|shutterstock|istock|sipa|maxppp|hans lucas"
    r"|abaca|nurphoto|zuma|ap photo|sopa images|alamy|xinhua|anadolu|dpa)"
)
# "REUTERS/Dado Ruvic", "Justin Sullivan/Getty Images", "AFP via Getty Images".
_CREDIT_SLASH = re.compile(rf"(?:[\w .'&-]{{0,40}}\s?/\s?)?{_AGENCY}(?:\s?/\s?[\w .'&-]{{0,40}})*")
_CREDIT_VIA = re.compile(rf"[\w .'&-]{{0,60}} via {_AGENCY}")

# Breadcrumb and menu separators; "/" only with spaces around it (not "and/or", "24/7").
_NAV_SPLIT = re.compile(r"\s*[|•›>→·⋅]\s*|\s+/\s+")
_NAV_PREFIX = re.compile(r"^(?:you are here|vous êtes ici)\s*:?\s*", re.IGNORECASE)
_NAV_HOME = frozenset({"home", "homepage", "accueil", "à la une", "une", "start"})
_NAV_ITEM_END = re.compile(r"[.!?:;,]$")


def _is_navigation(plain: str) -> bool:
    """Breadcrumbs and menus: 3+ short items (or Home + one) split by | • › > /."""
    text = plain.strip()
    if text.startswith("|"):  # a markdown table row, not a menu
        return False
    text, prefixed = _NAV_PREFIX.subn("", text)
    if prefixed and not text:
        return True
    if not _NAV_SPLIT.search(text) or len(text.split()) > 30:
        return False
    items = [item.strip() for item in _NAV_SPLIT.split(text)]
    items = [item for item in items if item]
    if len(items) < 2:
        return False
    for item in items:
        if len(item.split()) > 4 or len(item) > 32 or _NAV_ITEM_END.search(item):
            return False
        if not any(ch.isalpha() for ch in item):
            return False
    with_digits = sum(any(ch.isdigit() for ch in item) for item in items)
    if with_digits > len(items) // 3:
        return False
    if len(items) >= 3:
        return True
    return bool(prefixed) or normalize_line(items[0]) in _NAV_HOME


def _is_separator(line: str) -> bool:
    """Lines made only of punctuation and symbols ("* * *", "———", "•••"), but not table rules."""
    text = line.strip()
    if not text or text.startswith("|"):
        return False
    return all(_is_edge_char(ch) for ch in text)


def _is_credit(plain: str, key: str) -> bool:
    words = len(key.split())
    stripped = plain.lstrip("( ")
    if stripped.startswith("©") or stripped.casefold().startswith("(c) "):
        return words <= 15
    if words > 8:
        return False
    if "/" in key and _CREDIT_SLASH.fullmatch(key):
        return True
    return bool(_CREDIT_VIA.fullmatch(key))


def _inline_related(plain: str) -> bool:
    """A related-article link on one line: "Read more: …", "Lire aussi | …", "LIRE AUSSI …"."""
    if len(plain.split()) > 30:
        return False
    return bool(_INLINE_RELATED.match(_fold(plain)) or _INLINE_RELATED_CAPS.match(plain))


def _is_related_header(plain: str, key: str) -> bool:
    if _FULL_STOP_END.search(plain):
        return False
    if _RELATED_HEADER.fullmatch(key):
        return True
    return not plain.endswith(":") and bool(_MORE_FROM_HEADER.fullmatch(plain.strip()))


def _is_boilerplate(line: str, plain: str, key: str, boilerplate: Collection[str]) -> bool:
    """Short repeated lines go; headings and sentence-like lines stay (syndicated copy)."""
    if not boilerplate:
        return False
    words = plain.split()
    if len(words) > MAX_BOILERPLATE_WORDS or _is_heading(line):
        return False
    if len(words) >= 3 and _FULL_STOP_END.search(plain):
        return False
    return key in boilerplate or normalize_line(line) in boilerplate


_RELATED = "related-header"


def _noise_reason(line: str, plain: str, boilerplate: Collection[str]) -> str | None:
    """Why ``line`` is noise, or None to keep it. ``_RELATED`` opens a related-articles block."""
    if _is_separator(line):
        return "separator"
    key = normalize_line(plain)
    if not key:
        # e.g. a lone markdown bullet or an image with no alt text: keep, it carries no words
        return None
    if plain.startswith(_OPENING_QUOTES) and len(key.split()) >= 2:
        return None  # quoted speech is article text, whatever words it starts with
    if _is_related_header(plain, key):
        return _RELATED
    if key in _EXACT_NOISE:
        return "furniture"
    if _WIDGET_LINE.fullmatch(key):
        return "widget"
    if _inline_related(plain):
        return "related-link"
    words = len(key.split())
    for pattern, max_words in _PREFIX_NOISE:
        if words <= max_words and pattern.match(key):
            return "blurb"
    if _is_credit(plain, key):
        return "credit"
    if _is_navigation(plain):
        return "navigation"
    if _is_boilerplate(line, plain, key, boilerplate):
        return "boilerplate"
    return None


# --------------------------------------------------------------------------- public API


def clean_text(text: str, boilerplate: Collection[str] = ()) -> str:
    """Remove scraped-page noise from an article body; keep every article sentence, in order.

    `boilerplate` is a set of normalized lines (see normalize_line) known to repeat across files.

    Lines are dropped only when they match a noise pattern (navigation, paywall, share widget,
    cookie banner, advertisement, photo credit, separator, related-articles header and the
    short headline list under it) or, when at most ``MAX_BOILERPLATE_WORDS`` words long and not
    a heading or a full sentence, when their normalized form is in ``boilerplate``. Kept lines
    are returned unchanged apart from trailing white space; runs of blank lines become one
    blank line, and blank lines at either end are removed.
    """
    if boilerplate and not isinstance(boilerplate, (set, frozenset, dict)):
        boilerplate = frozenset(boilerplate)
    lines = [line.rstrip() for line in text.splitlines()]
    kept: list[str] = []
    dropped: Counter[str] = Counter()
    in_related = False  # inside a "Related articles" block
    related_items = 0
    for index, line in enumerate(lines):
        if not line.strip():
            if in_related and related_items:
                in_related = False
            kept.append("")
            continue
        plain = _plain(line)
        reason = _noise_reason(line, plain, boilerplate)
        if reason == _RELATED:
            in_related, related_items = True, 0
        if reason:
            dropped[reason] += 1
            continue
        if in_related:
            if _is_heading(line) or _reads_like_prose(plain) or _wraps_on(lines, index):
                in_related = False
            else:
                related_items += 1
                dropped["related-item"] += 1
                continue
        kept.append(line)

    cleaned: list[str] = []
    for line in kept:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if dropped:
        log.debug("clean_text dropped %d noise lines: %s", dropped.total(), dict(dropped))
    return "\n".join(cleaned)


def _wraps_on(lines: list[str], index: int) -> bool:
    """True when the next line continues this one mid-sentence (hard-wrapped prose)."""
    if index + 1 >= len(lines):
        return False
    following = _plain(lines[index + 1])
    return bool(following) and following[0].islower()


def repeated_lines(texts: Iterable[str], min_files: int = 3) -> frozenset[str]:
    """Normalized short lines that occur in at least `min_files` distinct texts (site boilerplate).

    "Short" means at most ``MAX_BOILERPLATE_WORDS`` words. Identical texts count once, and a
    line repeated inside one text counts once for that text.
    """
    if min_files < 1:
        raise ValueError(f"min_files must be at least 1, got {min_files}")
    counts: Counter[str] = Counter()
    seen_texts: set[bytes] = set()
    for text in texts:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if digest in seen_texts:
            continue
        seen_texts.add(digest)
        keys = set()
        for line in text.splitlines():
            key = normalize_line(line)
            if key and len(key.split()) <= MAX_BOILERPLATE_WORDS:
                keys.add(key)
        counts.update(keys)
    found = frozenset(key for key, count in counts.items() if count >= min_files)
    log.debug("repeated_lines: %d lines in >= %d of %d texts", len(found), min_files,
              len(seen_texts))
    return found
