"""Search that stays light on a phone at any size: a chunked index of the built pages' words.

Material's own search makes every page download the whole index (5.8 MB on a 900-page hub) and
build it in the browser before the first result. This index is cut into chunks by word, each
with every page's score for its words, so a search fetches the small entry file, the chunks for
the words typed and the ten results' fragments (their text, to cut excerpts from), whatever the
hub's size, and ranks by adding numbers: no WebAssembly, nothing to build in the browser.
Material's search box, shortcut and result list stay: the theme hands Material a worker
(`assets/handbook-search.js`) that answers its queries from this index.

It is written while the build runs, a page at a time, in the build's own process: Pagefind,
which this replaced, held every word's every location in a process of its own (199 MB on a
900-page handbook, beside the build's 133). It reads the built HTML, not MkDocs' pages, so it
indexes what every plugin and template left on them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import shutil
from array import array
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote

from handbook.site.search_words import counted

BUNDLE = "search/handbook"  # where the index is written, beside Material's; the worker loads it
ENTRY = "entry.json"  # the index's map: the chunks' first terms and where they are
MATERIAL_INDEX = "search/search_index.json"
BODY = "data-search-body"  # what marks a page's searchable part (partials/handbook/content.html)
# Material's article, what is searched where a hub's own templates leave no page marked
ARTICLE = re.compile(r"<article\s[^>]*?\bclass=\"[^\"]*\bmd-content__inner\b")
BOOST = "data-search-boost"  # the page's `search.boost`, Handbook's and the author's combined
# Not searchable within a page's body: what a listing repeats from the documents it gathers
# (`data-search-exclude`: the marked element only, so the templates mark a section's content
# as well as its heading), permalinks, and what is never text.
EXCLUDED_ATTRIBUTE = "data-search-exclude"
EXCLUDED_CLASSES = frozenset({"headerlink", "md-source-file", "md-content__button", "md-feedback"})
EXCLUDED_TAGS = frozenset({"script", "style", "template", "svg", "noscript", "button"})
CHUNK_BYTES = 40_000  # a chunk's size before compression: about 12 KB over the network
# BM25, the ranking most search engines start from: a word counts less each time it repeats
# (K1) and in long pages (B), and more the fewer pages hold it (which the worker weighs); words
# in the title count TITLE times, in headings HEADING times
K1, B, TITLE, HEADING = 1.2, 0.75, 6, 2
MOST_BOOST = 1000.0
SCALE = 100  # scores are stored as whole numbers: two decimals are plenty to order by

# a page's HTML, token by token: a comment, a tag (its name and attributes), a declaration,
# text, or a "<" that opens none of them
_TOKEN = re.compile(r"""<!--(?:-?>|.*?(?:-->|\Z))
    | <(?P<closing>/?)(?P<name>[a-zA-Z][^\s/>]*)(?P<attributes>(?:=\s*"[^"]*"|=\s*'[^']*'|[^>])*)>
    | <[!?][^>]*>
    | [^<]+
    | <""", re.DOTALL | re.VERBOSE)
_ATTRIBUTE = re.compile(r"""([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# white space as JavaScript's \s has it, which the worker splits a page's text at to find the
# places of its words (Python's str.split differs: it splits at U+001C to U+001F and U+0085,
# not at U+FEFF)
_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
# elements whose content is not HTML: what they hold, even "</div>", is no tag and no word
_RAW_TEXT = frozenset({"script", "style", "textarea", "iframe", "noembed", "noframes", "xmp"})
_CLOSING = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in _RAW_TEXT}
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                     "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                     "sub", "sup", "time", "u", "var", "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class SearchError(Exception):
    """The index could not be written; the message says why."""


@dataclass(frozen=True)
class Indexed:
    pages: int  # pages a reader can find
    bytes: int  # everything under site/search/handbook/


@dataclass
class Page:
    """One page's searchable part, as the worker reads it back (its fragment)."""

    url: str
    text: list[str] = field(default_factory=list)  # its words, split at white space
    title: str = ""
    boost: str = ""
    anchors: list[dict[str, object]] = field(default_factory=list)
    titled: tuple[int, int] = (0, 0)  # the title's words, from and to
    headed: list[tuple[int, int]] = field(default_factory=list)  # the other headings' words

    def fragment(self) -> dict[str, object]:
        meta = {"title": self.title, **({"boost": self.boost} if self.boost else {})}
        return {"url": self.url, "content": " ".join(self.text), "meta": meta,
                "anchors": self.anchors}


def index_site(site: Path) -> Indexed:
    """Index the built `site` for search, then shrink Material's index to its settings.

    Material still fetches `search/search_index.json` on every page, for the settings its
    highlighter uses on the page a result opens; the documents in it are what made phones slow.
    """
    bundle = site / BUNDLE
    try:
        shutil.rmtree(bundle, ignore_errors=True)
        writer = _Writer(bundle)
        unmarked: list[Path] = []
        for html in sorted(site.rglob("*.html")):
            if bundle in html.parents or not html.is_file():  # a folder may be named "x.html"
                continue
            page = read_page(html.read_text("utf-8", errors="replace"), _url(site, html))
            if page is None:
                unmarked.append(html)
            else:
                writer.add(page)
        if not writer.lengths:  # no page marks its body: a hub's templates replaced Handbook's
            for html in unmarked:
                page = read_page(html.read_text("utf-8", errors="replace"), _url(site, html), ARTICLE)
                if page is not None:
                    writer.add(page)
        indexed = writer.finish()
    except OSError as error:
        raise SearchError(f"the index could not be written ({error.strerror or error})") from error
    _settings_only(site / MATERIAL_INDEX)
    return indexed


def read_page(html: str, url: str, article: re.Pattern[str] | None = None) -> Page | None:
    """The part of a built page that its body marker opens, or None when it marks none (a page
    kept out of search, or one whose templates a hub replaced without Handbook's). With
    `article`, the element that pattern opens instead: Material's article, where no page of a
    site marks its body."""
    if article is None:
        opened = _marked(html)
    else:
        found = article.search(html)
        opened = found.start() if found else None
    if opened is None:
        return None
    reader = _PageReader(Page(url))
    reader.read(html[opened:])
    return reader.page


def _marked(html: str) -> int | None:
    """Where the tag carrying the body marker opens: the marker as an attribute of a tag, not
    in text or in another attribute's value."""
    at = html.find(BODY)
    while at >= 0:
        opened = html.rfind("<", 0, at)
        tag = _TOKEN.match(html, opened) if opened >= 0 else None
        if tag and tag.end() > at and tag.group("name") and BODY in _attributes(tag.group("attributes")):
            return opened
        at = html.find(BODY, at + 1)
    return None


def _attributes(said: str) -> dict[str, str]:
    if not said.strip():
        return {}
    return {name.lower(): unescape(double or single or bare)
            for name, double, single, bare in _ATTRIBUTE.findall(said)}


def _url(site: Path, html: Path) -> str:
    """The page's URL from the site's root, its folders' names quoted as MkDocs quotes them."""
    path = html.relative_to(site).as_posix()
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return "/" + quote(path, safe="/")


class _PageReader:
    """Collects the words of the marked element, leaving out what is excluded, and where each
    heading starts: a stack of open elements, since built HTML may leave some unclosed. Its own
    scan of the tags, since a page's HTML is MkDocs' and Material's, well formed: html.parser
    took three quarters of the index's time (5 s of 7 on a 900-page handbook)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.open: list[tuple[str, bool]] = []  # (tag, excluded) of each open element
        self.skipping = 0  # excluded elements open
        self.heading: tuple[str, str, int] | None = None  # the open heading: tag, id, first word
        self.heading_text: list[str] = []
        self.joined = False  # the last text ended inside a word
        self.done = False

    def read(self, html: str) -> None:
        position, end = 0, len(html)
        while position < end and not self.done:
            token = _TOKEN.match(html, position)
            assert token is not None  # a lone "<" is a token too
            position = token.end()
            name = token.group("name")
            if name is None:
                text = token.group()
                if text == "<" or not text.startswith(("<!", "<?")):
                    self.handle_data(unescape(text) if "&" in text else text)
                continue
            tag = name.lower()
            if token.group("closing"):
                self.handle_endtag(tag)
                continue
            attributes = token.group("attributes")
            self.handle_starttag(tag, _attributes(attributes))
            if tag in _RAW_TEXT:  # a script's text is never a word, whatever it holds
                closing = _CLOSING[tag].search(html, position)
                position = closing.start() if closing else end
            elif attributes.endswith("/") and tag not in _VOID:
                self.handle_endtag(tag)

    def handle_starttag(self, tag: str, named: dict[str, str]) -> None:
        if self.done:
            return
        if not self.open and BOOST in named:
            self.page.boost = named[BOOST]
        if tag not in _INLINE:
            self.joined = False
        if tag in _VOID:
            return
        classes = set((named.get("class") or "").split())
        excluded = (tag in EXCLUDED_TAGS or EXCLUDED_ATTRIBUTE in named
                    or bool(classes & EXCLUDED_CLASSES))
        self.open.append((tag, excluded))
        self.skipping += excluded
        self.joined = self.joined and not excluded  # "a<span hidden> b </span>c" is two words
        if tag in _HEADINGS and not self.skipping and self.heading is None:
            self.heading = (tag, named.get("id") or "", len(self.page.text))
            self.heading_text = []

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in _VOID or all(t != tag for t, _ in self.open):
            return
        while self.open:
            closed, excluded = self.open.pop()
            self.skipping -= excluded
            self.joined = self.joined and not excluded
            if self.heading and closed == self.heading[0]:
                self._close_heading(*self.heading)
            if closed == tag:
                break
        if tag not in _INLINE:
            self.joined = False
        if not self.open:
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.done or self.skipping or not self.open:
            return
        pieces = [piece for piece in _SPACE.split(data) if piece]
        if not pieces:
            self.joined = False
            return
        text = self.page.text
        if self.joined and not _SPACE.match(data):
            text[-1] += pieces.pop(0)  # "un<em>usual</em>": one word
        text.extend(pieces)
        self.joined = not _SPACE.match(data[-1])
        if self.heading is not None:
            self.heading_text.append(data)

    def _close_heading(self, tag: str, anchor: str, location: int) -> None:
        self.heading = None
        said = " ".join(piece for piece in _SPACE.split(" ".join(self.heading_text)) if piece)
        if tag == "h1" and not self.page.title:
            self.page.title = said
            self.page.titled = (location, len(self.page.text))
        else:
            self.page.headed.append((location, len(self.page.text)))
        if anchor and said:
            self.page.anchors.append({"element": tag, "id": anchor, "location": location, "text": said})


class _Writer:
    """Writes each page's fragment as it comes and keeps, for each term, the pages holding it
    (two numbers a page, in compact arrays), then writes the chunks and the entry at the end."""

    def __init__(self, bundle: Path) -> None:
        self.bundle = bundle
        self.building = bundle / ".building"
        self.building.mkdir(parents=True)
        self.postings: dict[str, array[int]] = {}  # term -> page, weight << 1 | in title, ...
        self.lengths = array("I")  # each page's words
        self.boosts = array("d")  # each page's boost
        self.digest = hashlib.sha256()

    def add(self, page: Page) -> None:
        number = len(self.lengths)
        weights = counted(" ".join(page.text))
        length = sum(weights.values())  # in words, as a term is counted: a Japanese page's too
        start, end = page.titled
        titled = counted(" ".join(page.text[start:end]))
        for term, times in titled.items():
            weights[term] += (TITLE - 1) * times
        for start, end in page.headed:
            for term, times in counted(" ".join(page.text[start:end])).items():
                weights[term] += (HEADING - 1) * times
        for term, weight in weights.items():
            self.postings.setdefault(term, array("I")).extend(
                (number, min(weight, 0xFFFF) << 1 | (term in titled)))
        self.lengths.append(length)
        self.boosts.append(_number(page.boost))
        self._write(f"f{number}.gz", page.fragment())

    def finish(self) -> Indexed:
        pages = len(self.lengths)
        average = (sum(self.lengths) / pages if pages else 0) or 1.0
        firsts: list[str] = []
        chunk: dict[str, list[int]] = {}
        size = 0
        for term in sorted(self.postings, key=_in_utf16):  # the order JavaScript compares in
            scored = self._scores(self.postings.pop(term), average)
            cost = len(term) + 6 * len(scored)
            if chunk and size + cost > CHUNK_BYTES:
                self._write(f"c{len(firsts) - 1}.gz", chunk)
                chunk, size = {}, 0
            if not chunk:
                firsts.append(term)
            chunk[term] = scored
            size += cost
        if chunk:
            self._write(f"c{len(firsts) - 1}.gz", chunk)
        version = self.digest.hexdigest()[:12]
        folder = self.bundle / version
        self.building.rename(folder)
        entry = {"version": version, "pages": pages, "chunks": firsts}
        (self.bundle / ENTRY).write_text(json.dumps(entry, separators=(",", ":")), "utf-8")
        return Indexed(pages, sum(f.stat().st_size for f in self.bundle.rglob("*") if f.is_file()))

    def _scores(self, postings: array[int], average: float) -> list[int]:
        """Page numbers (each as the step from the one before) and scores, alternating. The
        worker weighs each term's scores by its rarity, which it knows from their count."""
        scored, last = [], 0
        for i in range(0, len(postings), 2):
            number, packed = postings[i], postings[i + 1]
            weight = packed >> 1
            norm = 1 - B + B * self.lengths[number] / average
            score = weight * (K1 + 1) / (weight + K1 * norm) + (packed & 1)  # + 1 in the title
            scored += [number - last, max(1, round(score * self.boosts[number] * SCALE))]
            last = number
        return scored

    def _write(self, name: str, data: object) -> None:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        packed = gzip.compress(raw, compresslevel=6, mtime=0)
        self.digest.update(name.encode() + packed)
        (self.building / name).write_bytes(packed)


def _in_utf16(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def _number(boost: str) -> float:
    """A page's boost, within what a score can carry (`search: boost: 1e306` is "most")."""
    try:
        value = float(boost)
    except ValueError:
        return 1.0
    return min(value, MOST_BOOST) if math.isfinite(value) and value > 0 else 1.0


def _settings_only(index: Path) -> None:
    if not index.is_file():
        return
    settings = json.loads(index.read_text("utf-8")).get("config", {})
    index.write_text(json.dumps({"config": settings, "docs": []}, separators=(",", ":")), "utf-8")
