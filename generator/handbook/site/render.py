"""Each document as the Markdown page readers see: its fields laid out, then its body."""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup, escape

from handbook.model.documents import Document, Search, material_keys
from handbook.model.hub import Hub
from handbook.model.links import per_role, print_uri, relative_url
from handbook.model.markdown import environment, html_text, relative, rewrite_links, text, url
from handbook.model.status import BOOST, LABELS, status_of
from handbook.site.page import Page

_H1 = re.compile(r"\A\s*#\s+[^\n]*\n?")


class Renderer:
    """Renders documents and generated pages as `Page`s: Markdown bodies with their front matter."""

    def __init__(self, hub: Hub, context: dict[str, Any] | None = None) -> None:
        self.hub = hub
        self.context = context or {}  # shared by every template, like the promise ledger
        theme = hub.settings.theme_dir  # a hub overrides Markdown templates beside its HTML ones
        self.env = environment([str(theme / "markdown")] if theme else [])
        self.today = hub.today

    def body(self, template: str, uri: str, **context: Any) -> str:
        """A Markdown template rendered for the page at `uri` (links are relative to it)."""
        return self.env.get_template(template).render(
            hub=self.hub, uri=uri, link=lambda target, label=None: self.link(uri, target, label),
            anchor=lambda target, label=None: self.anchor(uri, target, label),
            **{"href": lambda to_uri: relative(uri, to_uri), "per_role": per_role,
               "print_uri": print_uri, **self.context, **context},
        )

    def page(self, template: str, uri: str, title: str, meta: dict[str, Any] | None = None,
             **context: Any) -> Page:
        """A generated page: `title` as plain text (the template gets it too, and the front
        matter has it escaped), other front matter from `meta`, the body from a template."""
        return Page(uri, title, {"title": str(html_text(title)), **(meta or {})},
                    self.body(template, uri, title=title, **context))

    def document(self, doc: Document) -> Page:
        heading, body = _split_heading(self._body(doc))
        status = status_of(doc, self.today)
        if status in LABELS:  # on the page and in search results: "Spring Tune-Up (Ended)"
            heading = f"{heading or '# ' + str(text(doc.title))} ({LABELS[status]})"
        return Page(doc.uri, doc.title, page_meta(doc, status), self.body(
            f"{doc.kind}.md", doc.uri, doc=doc, f=doc.fields, status=status,
            heading=Markup(heading) if heading else None, body=Markup(body),
        ), document=doc)

    def link(self, from_uri: str, target: str | Document, label: str | None = None) -> Markup:
        """A Markdown link to a document by id, or the escaped id when it does not exist."""
        doc = self._target(target)
        if doc is None:
            return text(label or target)
        return Markup(f"[{text(label or doc.title)}]({relative(from_uri, doc.uri)})")

    def anchor(self, from_uri: str, target: str | Document, label: str | None = None) -> Markup:
        """The same link as HTML, for raw HTML blocks, which MkDocs leaves as written."""
        doc = self._target(target)
        if doc is None:
            return text(label or target)
        return Markup(f'<a href="{url(relative_url(from_uri, doc.uri, pages=True))}">'
                      f'{text(label or doc.title)}</a>')

    def _target(self, target: str | Document) -> Document | None:
        return target if isinstance(target, Document) else self.hub.get(target)

    def _body(self, doc: Document) -> str:
        source_dir = PurePosixPath(doc.path).parent

        def resolve(target: str) -> str | None:
            if "://" in target or target.startswith("/"):
                return None
            linked = self.hub.at(posixpath.normpath(str(source_dir / target)))
            return relative(doc.uri, linked.uri) if linked else None

        return rewrite_links(doc.body, resolve)


def _split_heading(body: str) -> tuple[str, str]:
    """The author's `# Title` line, kept first so the fields come right under it."""
    match = _H1.match(body)
    if not match:
        return "", body
    return match.group(0).strip(), body[match.end():]


def page_meta(doc: Document, status: str | None = None) -> dict[str, Any]:
    """Front matter MkDocs and Material read: escaped for HTML, as their templates do not
    escape it (it is not Markdown: `*` or `{` mean nothing there).

    A status readers must see before using the page goes into the title, so search results
    say "(Ended)"; live material ranks up in search and stale material sinks. The author's
    own Material keys come through (`hide`, `icon`...), a search boost multiplied by the
    status's, and a page's keys for other tools untouched.
    """
    fields = doc.fields
    meta: dict[str, Any] = {
        key: _escaped(value) if key in _ESCAPED else value
        for key, value in (fields.model_extra or {}).items()
    }
    for key in material_keys(doc.kind) - {"search"}:
        value = getattr(fields, key)
        if value not in (None, []):
            meta[key] = str(html_text(value)) if key == "subtitle" else value
    title = str(html_text(doc.title))
    meta["title"] = f"{title} ({LABELS[status]})" if status in LABELS else title
    search = search_meta(fields.search, BOOST.get(status or ("stage" if doc.kind == "stage" else "")))
    if search:
        meta["search"] = search
    if fields.description:
        meta["description"] = str(html_text(fields.description))
    if fields.tags:
        meta["tags"] = [str(html_text(t)) for t in fields.tags]
    return meta


# Keys of other tools that Material prints into pages unescaped (a redirect's target, the
# revision date of the git plugins): kept, but as text.
_ESCAPED = frozenset({"location", "revision_date"})
# The keys `page_meta` writes itself (escaped, or with a status), rather than passing through.
RENDERED_KEYS = frozenset({"title", "description", "subtitle", "tags", "search", *_ESCAPED})


def _escaped(value: Any) -> Any:
    return str(escape(value)) if isinstance(value, str) else value


def search_meta(author: Search | None, boost: float | None) -> dict[str, Any]:
    """Material's `search` key: the author's exclusion, and boosts multiplied, so a page the
    author boosts 3x that has ended still sinks below a current one (3 x 0.2)."""
    found: dict[str, Any] = {}
    if author is not None and author.exclude:
        found["exclude"] = True
    combined = (author.boost if author and author.boost else 1.0) * (boost or 1.0)
    if (author is not None and author.boost) or boost is not None:
        found["boost"] = max(round(combined, 3), 0.001)  # rounded to 0, it would read as none
    return found
