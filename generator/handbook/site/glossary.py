"""One language for both teams: glossary entries, and abbreviation tooltips on every page."""

from __future__ import annotations

import re
import unicodedata

from handbook.model.documents import Document, Term
from handbook.model.hub import Hub
from handbook.model.markdown import attribute_text


class Abbreviations:
    """Markdown `abbr` definitions for the glossary's abbreviations, added to each page that
    uses them, so every occurrence gets a tooltip without the author doing anything.

    Only the abbreviations a page contains are added: each definition costs the Markdown
    converter time on every page it is added to. The `abbr` extension puts the text in a
    `title` attribute, escaped by Python-Markdown: see `attribute_text` for the rest.
    """

    def __init__(self, hub: Hub) -> None:
        self.definitions: dict[str, str] = {}
        for doc in hub.of_kind("term"):
            fields = doc.fields
            assert isinstance(fields, Term)
            abbr = (fields.abbr or "").strip()
            if abbr and re.fullmatch(r"[\w&.\-/+ ]{1,20}", abbr):
                definition = attribute_text(f"{doc.title}: {fields.definition}")
                self.definitions.setdefault(abbr, definition)
                if abbr[-1].isupper():  # "MQLs" is how people write the plural of MQL
                    self.definitions.setdefault(abbr + "s", definition)
        names = sorted(self.definitions, key=len, reverse=True)
        self.pattern = (re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
                        if names else None)

    def for_page(self, markdown: str) -> str:
        if self.pattern is None:
            return ""
        used = sorted(set(self.pattern.findall(markdown)))
        lines = [f"*[{name}]: {self.definitions[name]}" for name in used]
        return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def letter(doc: Document) -> str:
    """The index letter of a term: A-Z, or `#` for digits and symbols."""
    first = unicodedata.normalize("NFKD", doc.title.strip()[:1]).encode("ascii", "ignore").decode()
    return first.upper() if first.isalpha() else "#"


def by_letter(hub: Hub) -> list[tuple[str, list[Document]]]:
    groups: dict[str, list[Document]] = {}
    for doc in hub.of_kind("term"):
        groups.setdefault(letter(doc), []).append(doc)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))
