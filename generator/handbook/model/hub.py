"""The loaded hub: every document by id, and the static files that travel with them.

A document's id is its site path without `.md` (`sales/faq`); its file name alone (`faq`) names
it too while no other document has that name (see `matches`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from handbook.model.documents import Document, Kind, Stage
from handbook.model.options import Settings


@dataclass
class Hub:
    settings: Settings
    # The day the hub is read on: what is current, upcoming, stale or overdue depends on it.
    today: dt.date
    documents: dict[str, Document] = field(default_factory=dict)
    # Ids whose front matter failed validation, with the kind their folder gives them: they
    # exist, so references to them are not reported a second time as dangling.
    broken: dict[str, Kind] = field(default_factory=dict)
    # Short name (file name without .md; an index.md's folder name) -> ids of the documents
    # that have it, broken ones included.
    names: dict[str, list[str]] = field(default_factory=dict)
    # Non-Markdown files beside the playbooks (images, PDFs): site path -> absolute source path.
    static: dict[str, str] = field(default_factory=dict)
    # Other files in docs_dir, which MkDocs copies itself: site path -> absolute source path.
    copied: dict[str, str] = field(default_factory=dict)
    # Files of documents this build leaves out (exclude_docs, drafts), relative to the root:
    # their changes are nobody's news.
    unpublished: set[str] = field(default_factory=set)
    # Blog drafts this build leaves out, read all the same: the preview shows them, and
    # Material reads their front matter in every build, so the blog check reads it too.
    drafts: list[Document] = field(default_factory=list)
    # Results derived once per build and shared (the promise ledger, read by checks and pages).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._indexed()[0])

    def get(self, ref: str, kind: Kind | None = None) -> Document | None:
        """The document a reference names, if exactly one (of `kind`, when given) does."""
        found = self.matches(ref, kind)
        doc = self.documents.get(found[0]) if len(found) == 1 else None
        return doc if doc is not None and kind in (None, doc.kind) else None

    def matches(self, ref: str, kind: Kind | None = None) -> list[str]:
        """Ids a reference can mean: a path names its document; a short name, every document
        with that name; of `kind` when any of them has it (else all, to say what they are).

        Narrowing by kind keeps `owner: ae` meaning the role while a page `ae.md` exists."""
        exact = [ref] if ref in self.documents or ref in self.broken else []
        if exact and kind in (None, self.kind_of(ref)):
            return exact
        named = self.names.get(ref, [])
        typed = [i for i in named if kind is None or self.kind_of(i) == kind]
        return typed or exact or named

    def kind_of(self, doc_id: str) -> Kind | None:
        doc = self.documents.get(doc_id)
        return doc.kind if doc is not None else self.broken.get(doc_id)

    def resolved(self, refs: list[str], kind: Kind | None = None) -> set[str]:
        """Ids of the documents a list of references names (those that resolve)."""
        return {doc.id for ref in refs if (doc := self.get(ref, kind)) is not None}

    def refers(self, ref: str | None, doc: Document) -> bool:
        """Whether a reference names `doc`, for comparisons written as ids or as paths."""
        return ref is not None and self.get(ref, doc.kind) is doc

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
            return sorted(docs, key=lambda d: (d.fields_as(Stage).order, d.title.lower()))
        return sorted(docs, key=lambda d: (d.title.lower(), d.id))
