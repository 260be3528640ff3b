"""Which documents a build publishes, as MkDocs and Material decide it.

MkDocs leaves out what `exclude_docs` names (and dot files and `/templates/`, unless a `!`
line of `exclude_docs` takes them back, like `!.gitbook/`), and
what `draft_docs` names except in the live preview; Material's blog leaves out posts marked
`draft: true` (or dated after today, with `draft_if_future_date`) unless its `draft` option, or
the preview with `draft_on_serve`, puts them in. Handbook leaves out the same documents, so no
page it generates (What's new, the feed, a section index) names or links a page the site lacks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathspec.gitignore import GitIgnoreSpec

from handbook.model.blog_posts import blog_of, post_date
from handbook.model.options import Blog, Settings

MKDOCS_EXCLUDED = (".*", "/templates/")  # MkDocs' own, before exclude_docs' lines (last match wins)


class Inclusion:
    """One hub's rules, compiled once: whether a page at a site path is in this build."""

    def __init__(self, settings: Settings, *, preview: bool) -> None:
        self._excluded = GitIgnoreSpec.from_lines([*MKDOCS_EXCLUDED, *settings.exclude_docs])
        self._drafts = None if preview else GitIgnoreSpec.from_lines(settings.draft_docs)
        self._blogs = settings.blogs
        self._preview = preview

    def by_path(self, uri: str) -> bool:
        """Whether MkDocs builds the page at `uri` (relative to docs_dir)."""
        if self._excluded.match_file(uri):
            return False
        return self._drafts is None or not self._drafts.match_file(uri)

    def by_blog(self, uri: str, meta: dict[str, Any], today: dt.date) -> bool:
        """Whether Material's blog builds a page at `uri` with front matter `meta`: every
        page outside a blog's posts is built."""
        blog = blog_of(uri, self._blogs)
        return blog is None or not _blog_draft(blog, meta, today, self._preview)


def _blog_draft(blog: Blog, meta: dict[str, Any], today: dt.date, preview: bool) -> bool:
    if blog.draft or (preview and blog.draft_on_serve):
        return False
    draft = meta.get("draft")
    if not isinstance(draft, bool):
        # a date it cannot read is taken as the past: a typo never hides a post (Material's
        # build reports it)
        return blog.draft_if_future_date and (post_date(meta.get("date")) or dt.date.min) > today
    return draft
