"""One language for both teams: glossary entries, and abbreviation tooltips on every page."""

from __future__ import annotations

import re
import unicodedata

from handbook.documents import Document, Term
from handbook.hub import Hub


def abbreviations(hub: Hub) -> str:
    """Markdown `abbr` definitions for every term's abbreviation, appended to each page.

    The `abbr` extension puts the text in a `title` attribute, which Python-Markdown escapes;
    here it only has to stay on one line and not end the definition early.
    """
    lines = []
    for doc in hub.of_kind("term"):
        fields = doc.fields
        assert isinstance(fields, Term)
        if fields.abbr and re.fullmatch(r"[\w&.\-/+ ]{1,20}", fields.abbr):
            definition = " ".join(f"{doc.title}: {fields.definition}".split())
            lines.append(f"*[{fields.abbr.strip()}]: {definition}")
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
