"""The whole site as Markdown: authored documents rendered, plus the pages derived from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.documents import Document
from handbook.hub import Hub
from handbook.render import Renderer


@dataclass
class Tree:
    """Site path -> Markdown for every page; what the plugin serves and `export` writes."""

    pages: dict[str, str] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    static: dict[str, str] = field(default_factory=dict)


def build_tree(hub: Hub) -> Tree:
    renderer = Renderer(hub)
    tree = Tree(static=dict(hub.static))
    for doc in hub:
        tree.pages[doc.uri] = renderer.document(doc)
        tree.documents[doc.uri] = doc
    return tree
