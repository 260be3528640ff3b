"""Links to pages another plugin moved. Material's blog publishes a post at its date
(`blog/2026/03/02/spring-pricing-is-live/`), after Handbook has rendered every page: the links
Handbook wrote as HTML (What's new's lists, the feed) name the address the post's file gives it
(`blog/posts/spring-pricing/`), where nothing is built, and the links it wrote into a post
(its owner) start from that address. Markdown links MkDocs resolves itself."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin

from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from handbook.model.links import absolute, page_url_of
from handbook.site.tree import Site

_HREF = re.compile(r'(\bhref=")([^"#?]*)')


def moved(files: Files, site: Site) -> dict[str, str]:
    """The old address -> the new one (as MkDocs quotes them) of each page Handbook published
    that MkDocs now builds elsewhere; none without such a plugin."""
    return {old: file.url for file in files if file.is_documentation_page()  # posts not yet included
            if file.src_uri in site.pages and (old := quote(page_url_of(file.src_uri)) or "./") != file.url}


def relinked(text: str, here: str, moved: dict[str, str], site_url: str | None,
             written_at: str | None = None) -> str:
    """`text` (a page's HTML, or the feed's XML) published at `here`, its links to a moved
    page's old address leading to the new one: relative where written relative, else absolute.
    `written_at`: the address the links were written from, when not `here` (see `rebased`)."""
    root = absolute(site_url, "")
    base = written_at or here

    def relink(match: re.Match[str]) -> str:
        written = html.unescape(match[2])
        target = urljoin(root + base, written)
        if not written or not target.startswith(root):
            return match[0]
        path = target.removeprefix(root)
        final = moved.get(path, path if base != here else None)
        if final is None:
            return match[0]
        relative = not (written.startswith("/") or ":" in written.split("/", 1)[0])
        return match[1] + html.escape(get_relative_url(final, here) if relative else root + final)

    return _HREF.sub(relink, text)


# What Handbook writes as HTML into an authored page: its facts (owner, audience), one block
# with no block inside it.
_FACTS = re.compile(r'<div class="hb-facts".*?</div>', re.DOTALL)


def rebased(page_html: str, was: str, here: str, moved: dict[str, str], site_url: str | None) -> str:
    """A page another plugin moved from `was` to `here` (a blog post): the links Handbook wrote
    into its facts, from the old address, lead where they were meant to. Markdown links in the
    page MkDocs has resolved from the new address already, so they are left alone."""
    return _FACTS.sub(lambda block: relinked(block[0], here, moved, site_url, written_at=was), page_html)


def without_facts(excerpt_html: str) -> str:
    """A post's excerpt as the blog's own pages (index, archive, categories) list it: without
    Handbook's facts, which are the post's and lead from its file's address, not the page's."""
    return _FACTS.sub("", excerpt_html)
