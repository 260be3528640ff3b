"""Links to pages another plugin moved. Material's blog publishes a post at its date
(`blog/2026/03/02/spring-pricing-is-live/`), after Handbook has rendered every page: the links
Handbook wrote as HTML (What's new's lists, the feed) name the address the post's file gives it
(`blog/posts/spring-pricing/`), where nothing is built. Markdown links MkDocs resolves itself."""

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


def relinked(text: str, here: str, moved: dict[str, str], site_url: str | None) -> str:
    """`text` (a page's HTML, or the feed's XML) published at `here`, its links to a moved
    page's old address leading to the new one: relative where written relative, else absolute."""
    root = absolute(site_url, "")

    def relink(match: re.Match[str]) -> str:
        written = html.unescape(match[2])
        target = urljoin(root + here, written)
        final = moved.get(target.removeprefix(root)) if target.startswith(root) else None
        if final is None:
            return match[0]
        relative = not (written.startswith("/") or ":" in written.split("/", 1)[0])
        return match[1] + html.escape(get_relative_url(final, here) if relative else root + final)

    return _HREF.sub(relink, text)
