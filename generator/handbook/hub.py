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
        return iter(sorted(self.documents.values(), key=lambda d: d.path))

    def get(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)

    def of_kind(self, kind: Kind) -> list[Document]:
        """Documents of one kind in reading order: stages by `order`, the rest by title."""
        docs = [d for d in self.documents.values() if d.kind == kind]
        if kind == "stage":
            return sorted(docs, key=lambda d: (getattr(d.fields, "order", 0), d.title.lower()))
        return sorted(docs, key=lambda d: (d.title.lower(), d.id))

    def exists(self, doc_id: str) -> bool:
        return doc_id in self.documents or doc_id in self.broken
