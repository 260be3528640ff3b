"""The whole site as Markdown: authored documents rendered, plus the pages derived from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook import changelog, feed
from handbook.documents import Document
from handbook.history import History
from handbook.hub import Hub
from handbook.links import commit_url, pr_url
from handbook.markdown import text
from handbook.page_history import PageHistory, page_history
from handbook.render import Renderer


@dataclass
class Tree:
    """Everything to publish; what the plugin hands MkDocs and `export` writes to disk."""

    pages: dict[str, str] = field(default_factory=dict)  # site path -> Markdown
    files: dict[str, str] = field(default_factory=dict)  # site path -> other text (feeds)
    static: dict[str, str] = field(default_factory=dict)  # site path -> source file
    documents: dict[str, Document] = field(default_factory=dict)
    histories: dict[str, PageHistory] = field(default_factory=dict)


def build_tree(hub: Hub, history: History) -> Tree:
    renderer = Renderer(hub)
    tree = Tree(static=dict(hub.static))
    for doc in hub:
        tree.pages[doc.uri] = renderer.document(doc)
        tree.documents[doc.uri] = doc
        tree.histories[doc.uri] = page_history(doc, history, hub.settings)
    _whats_new(tree, renderer, hub, history)
    return tree


def _whats_new(tree: Tree, renderer: Renderer, hub: Hub, history: History) -> None:
    options = hub.settings.options
    found = changelog.entries(hub, history)
    roles = hub.of_kind("role")
    common = {
        "history": history, "roles": roles, "group_by": options.changelog_group,
        "date_format": options.date_format, "show_authors": options.show_authors,
        "commit_url": lambda sha: commit_url(hub.settings.repo_url, sha),
        "pr_url": lambda n: pr_url(hub.settings.repo_url, n),
    }
    pages = [("whats-new/index.md", None)] + [(f"whats-new/{r.id}.md", r) for r in roles]
    for uri, role in pages:
        selected = [e for e in found if role is None or e.for_role(role.id)]
        title = "What's new" + (f" for {role.title}" if role else "")
        meta: dict[str, object] = {"title": str(text(title))}
        if role is not None:
            meta["search"] = {"exclude": True}
        tree.pages[uri] = renderer.page(
            "whats-new.md", uri, meta, title=title, role=role,
            groups=changelog.grouped(selected[: options.changelog_limit], options.changelog_group),
            feed="feed.xml", everyone="index.md",
            role_link=lambda r: f"{r.id}.md", **common,
        )
    tree.files["whats-new/feed.xml"] = feed.atom(found, hub.settings)
