"""Tables authors write read as cards on a phone, as the generated ones do, with nothing to
change in the page: each body cell names its column (`data-label`), and the table gets the
attribute the theme's card styles select on a narrow screen. It keeps no class, so on a wide
screen it is Material's own table, in Material's scroller (and a hub's table scripts, which look
for tables without a class, still find it).

A Python-Markdown extension, so any engine that runs Python-Markdown can use it; the plugin
turns it on. It sees only the tables Markdown builds: raw HTML tables (the generated pages')
are stashed away as text before it runs, and are left as written.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]
from markdown.util import HTML_PLACEHOLDER_RE, HtmlStash  # type: ignore[import-untyped]

CARDS = "data-hb-cards"  # what handbook.css's card styles select, beside generated tables' class
_TAG = re.compile(r"<[^>]*>")
# The character references Python-Markdown's serializer keeps as they are (its `RE_AMP`): a
# browser shows them as their characters, so a label does too.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)


def label(cell: etree.Element, stash: HtmlStash) -> str:
    """A header cell's text as a reader sees it: markup, links and code reduced to their words,
    raw HTML (`<br>`, `&amp;`) to its text, runs of spaces to one."""

    def raw(match: re.Match[str]) -> str:
        stored = stash.rawHtmlBlocks[int(match.group(1))]
        return " ".join(stored.itertext()) if isinstance(stored, etree.Element) else _TAG.sub(" ", stored)

    text = HTML_PLACEHOLDER_RE.sub(raw, "".join(cell.itertext()))
    text = _REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    return " ".join(text.replace("\x02", "").replace("\x03", "").split())


def columns(header: etree.Element, stash: HtmlStash) -> list[str]:
    """Each column's label, a header cell spanning columns naming each of them."""
    return [label(cell, stash) for cell in header for _ in range(_span(cell))]


def as_cards(table: etree.Element, stash: HtmlStash) -> bool:
    """Label the body cells of a table Markdown built; False, and the table left alone, where
    the labels could be wrong or are there already: several header rows, a cell spanning rows,
    a class or labels the page wrote itself."""
    header = [row for part in table if part.tag == "thead" for row in part]
    body = [row for part in table if part.tag in ("tbody", "tfoot") for row in part]
    body += [row for row in table if row.tag == "tr"]
    cells = [cell for row in header + body for cell in row]
    if ("class" in table.attrib or len(header) > 1
            or any("rowspan" in cell.attrib or "data-label" in cell.attrib for cell in cells)):
        return False
    names = columns(header[0], stash) if header else []
    for row in body:
        at = 0
        for cell in row:
            name = names[at] if at < len(names) else ""
            if cell.tag == "td" and name:  # without a name the cell takes the card's width
                cell.set("data-label", name.replace("&", "&amp;"))  # the serializer does the rest
            at += _span(cell)
    table.set(CARDS, "")
    return True


def _span(cell: etree.Element) -> int:
    value = cell.get("colspan", "1")
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


class _Labeller(Treeprocessor):  # type: ignore[misc]
    def run(self, root: etree.Element) -> None:
        for table in list(root.iter("table")):
            as_cards(table, self.md.htmlStash)


class BodyTablesExtension(Extension):  # type: ignore[misc]
    """Registers the labeller after every other tree step (inline markup, abbreviations,
    backslash escapes), so a label holds the words the header shows."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Labeller(md), "handbook_body_tables", -10)


def makeExtension(**kwargs: object) -> BodyTablesExtension:  # the name Markdown looks for
    return BodyTablesExtension(**kwargs)
