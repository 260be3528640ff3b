"""One page of the site: what it says and everything readers see around it, in one object
that the renderer builds and every front end (the MkDocs plugin, `export`) publishes as is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from handbook.history.page_history import PageHistory
from handbook.model.documents import Document
from handbook.model.frontmatter import Timestamp
from handbook.model.links import page_url_of
from handbook.site.banners import Banner


@dataclass
class Page:
    """A published page: an authored document rendered, or one Handbook generates."""

    uri: str  # docs path, like `campaigns/spring.md`
    title: str  # plain text: what readers call the page (feedback links, the navigation)
    meta: dict[str, Any]  # front matter, escaped for the HTML Material prints it into
    body: str  # Markdown
    document: Document | None = None  # the source, for an authored page
    history: PageHistory | None = None
    banners: list[Banner] = field(default_factory=list)
    feedback: dict[str, str] | None = None  # "Request material", "Report out of date" links
    listed: bool = True  # in the navigation (per-role and print pages are not)
    order: int | None = None  # campaigns and assets: their place in the navigation
    mermaid: bool = False  # has diagrams: the theme loads Mermaid

    @property
    def url(self) -> str:
        """The page's URL, relative to the site's root: `campaigns/spring/`."""
        return page_url_of(self.uri)

    @property
    def markdown(self) -> str:
        """The page as a Markdown file: front matter, then the body."""
        return front_matter(self.meta) + self.body

    def extras(self) -> dict[str, Any]:
        """What the theme draws around the page, under the page's `handbook` metadata."""
        found: dict[str, Any] = {}
        if self.history is not None:
            found["history"] = self.history.as_meta()
        if self.mermaid:
            found["mermaid"] = True
        if self.banners:
            found["banners"] = [b.as_meta() for b in self.banners]
        if self.feedback is not None:
            found["feedback"] = self.feedback
        return found


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter (the same text, faster); dates an author wrote stay dates."""


_Dumper.add_representer(
    Timestamp, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(value)))


def front_matter(meta: dict[str, Any]) -> str:
    if not meta:
        return ""
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, sort_keys=True, allow_unicode=True) + "---\n\n"
