"""Where Material's blog publishes a post, for the front ends that run no blog plugin.

A build knows each post's address from the blog plugin itself (`mkdocs/relink.py`); the
command line (`handbook changelog`, `digest`) runs no MkDocs, so it works the address out
as the blog does with the options mkdocs.yml gives it: `post_url_format` (`{date}/{slug}`),
`post_url_date_format` (`yyyy/MM/dd`, in the theme's language), the post's `slug:` or its
title made a slug, its first categories. A custom `post_slugify` function is code mkdocs.yml
names, which the command line does not run: Material's default stands in for it."""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any

from babel.dates import format_date
from pymdownx.slugs import slugify  # type: ignore[import-untyped]

from handbook.model.documents import Document
from handbook.model.options import Blog

_SLUG = slugify(case="lower")  # Material's default for posts and categories


def published_uri(doc: Document, blogs: list[Blog], language: str = "en") -> str | None:
    """The docs path the blog publishes `doc` at (`blog/2026/03/02/spring-pricing.md`), or
    None when it is no post, or its date cannot be read (the blog itself refuses it then)."""
    blog = blog_of(doc.uri, blogs)
    meta = doc.fields.model_extra or {}
    created = post_date(meta.get("date"))
    if blog is None or created is None:
        return None
    categories = meta.get("categories")
    named = [str(c) for c in categories if isinstance(c, str)] if isinstance(categories, list) else []
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) else _SLUG(doc.title, blog.slug_separator)
    try:
        path = blog.url_format.format(
            categories="/".join(_SLUG(c, blog.category_separator) for c in named[:blog.url_max_categories]),
            date=format_date(created, format=blog.url_date_format, locale=language),
            file=posixpath.splitext(posixpath.basename(doc.uri))[0], slug=slug)
    except (KeyError, IndexError, ValueError, AttributeError):  # a format the blog would refuse
        return None
    return posixpath.join(blog.blog_dir, posixpath.normpath(path.strip("/")) + ".md")


def blog_of(uri: str, blogs: list[Blog]) -> Blog | None:
    """The blog whose posts folder holds the page at `uri` (relative to docs_dir), if any."""
    return next((b for b in blogs if b.holds(uri)), None)


def post_date(value: Any) -> dt.date | None:
    """A post's `date:` as Material reads it (`2026-03-02`, `2026-03-02 10:00`, or
    `{created: ...}`), or None when it cannot be read."""
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
