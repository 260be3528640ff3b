"""The loaded hub: every document by id, and the static files that travel with them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from handbook.documents import Document, Kind
from handbook.options import Settings


@dataclass
class Hub:
    settings: Settings
    documents: dict[str, Document] = field(default_factory=dict)
    # Ids whose front matter failed validation: they exist, so references to them are not
    # reported a second time as dangling.
    broken: set[str] = field(default_factory=set)
    # Non-Markdown files beside the playbooks (images, PDFs): site path -> absolute source path.
    static: dict[str, str] = field(default_factory=dict)
    # Results derived once per build and shared (the promise ledger, read by checks and pages).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._indexed()[0])

    def get(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)

    def at(self, path: str) -> Document | None:
        """The document in a file (relative to the hub root), for links written as paths."""
        return self._indexed()[1].get(path)

    def _indexed(self) -> tuple[list[Document], dict[str, Document]]:
        """Documents in path order and by path, computed once: pages iterate the hub for every
        document, which must not sort it each time. Documents are only ever added (the loader),
        so their number says whether the index is current."""
        cached = self.derived.get("indexed")
        if cached is None or len(cached[0]) != len(self.documents):
            ordered = sorted(self.documents.values(), key=lambda d: d.path)
            cached = self.derived["indexed"] = (ordered, {d.path: d for d in ordered})
        return cached

    def of_kind(self, kind: Kind) -> list[Document]:
        """Documents of one kind in reading order: stages by `order`, the rest by title."""
        docs = [d for d in self.documents.values() if d.kind == kind]
        if kind == "stage":
            return sorted(docs, key=lambda d: (getattr(d.fields, "order", 0), d.title.lower()))
        return sorted(docs, key=lambda d: (d.title.lower(), d.id))

    def exists(self, doc_id: str) -> bool:
        return doc_id in self.documents or doc_id in self.broken
