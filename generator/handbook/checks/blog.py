"""Material's blog plugin reads its posts' categories, links and slugs, and its authors file,
itself, and its templates print them as written: Handbook cannot escape them in time, so a
value that would be HTML, a script address or a path out of the site is refused instead.

Category and author names also become the headings of the blog's own pages (`# News`), so
Markdown that makes HTML there (attribute lists, links) is refused too. `&` is fine: a
browser shows "Sales & Marketing" as written."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from handbook.model.diagnostics import Diagnostic
from handbook.model.frontmatter import FrontMatterError, Loc, line_of, load_yaml
from handbook.model.hub import Hub
from handbook.model.markdown import code, web_address
from handbook.model.options import Blog

Problem = tuple[str, Loc, str]  # message, where, fix

_HTML = "<>\"'"  # what opens a tag or leaves an attribute
_HEADING = _HTML + "{}[]\n\r"  # and, in a heading Markdown reads, attribute lists and links
_SLUG = re.compile(r"^\w[\w.-]*$")  # one folder name: no `/`, `..` or markup
# Keys Material types itself, with a build error naming no line: said here with the line.
_TYPED = {"readtime": (int, "a whole number of minutes", "5"), "pin": (bool, "true or false", "true"),
          "draft": (bool, "true or false", "true")}
_SAFE_ADDRESS = "write an https:// address or a path on this site"


def check(hub: Hub) -> list[Diagnostic]:
    """Every blog value Material would print as HTML, for each blog plugin in mkdocs.yml."""
    found: list[Diagnostic] = []
    for blog in hub.settings.blogs:
        authors, problems = _authors(hub, blog) if blog.authors else (None, [])
        found += problems
        for doc in [*hub, *hub.drafts]:
            if blog.holds(doc.uri):
                extra = doc.fields.model_extra or {}
                found += [Diagnostic(doc.path, doc.line(*loc), "error", message, fix)
                          for message, loc, fix in _post(extra, blog, authors)]
    return found


def _post(fields: dict[str, Any], blog: Blog, authors: set[str] | None) -> Iterator[Problem]:
    """`authors`: the ids in the authors file, None when there is none to compare with; a blog
    with `categories: false` or `authors: false` prints neither, so neither is checked."""
    if blog.categories:
        yield from _categories(fields.get("categories"), blog.categories_allowed)
    yield from _slug(fields.get("slug"), ("slug",), "spring-pricing")
    yield from _links(fields.get("links"), ("links",))
    written = fields.get("authors")
    for index, author in enumerate(written if isinstance(written, list) and blog.authors else []):
        if authors is not None and isinstance(author, str) and author not in authors:
            yield (f"the author {_shown(author)} is not in the blog's authors file",
                   ("authors", index), "add them to the authors file, or correct the id")
    for key, (kind, wanted, example) in _TYPED.items():
        value = fields.get(key)
        if value is not None and type(value) is not kind:  # `true` is no number of minutes
            yield f"`{key}` should be {wanted}, not {_shown(value)}", (key,), f"write `{key}: {example}`"


def _categories(value: Any, allowed: list[str]) -> Iterator[Problem]:
    """Categories that would be HTML on the blog's pages, and those `categories_allowed` lacks
    (Material stops the build on one, without a line)."""
    for index, category in enumerate(value if isinstance(value, list) else []):
        yield from _text(category, ("categories", index), "category", _HEADING)
        if allowed and category not in allowed:
            yield (f"the category {_shown(category)} is not one the blog allows "
                   "(`categories_allowed` in mkdocs.yml), so Material stops the build",
                   ("categories", index), "use one of " + ", ".join(code(c) for c in allowed)
                   + ", or add it to `categories_allowed`")


def _links(value: Any, loc: Loc) -> Iterator[Problem]:
    """A post's `links:`, as MkDocs reads a `nav:`: pages, `title: address` pairs, and
    sections (`title: [...]`), printed in the post's sidebar as written."""
    if isinstance(value, str):
        yield from _address(value, loc, "link")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _links(item, (*loc, index))
    elif isinstance(value, dict):
        for title, target in value.items():
            yield from _text(title, (*loc, str(title)), "link title", _HTML)
            yield from _links(target, (*loc, str(title)))


def _authors(hub: Hub, blog: Blog) -> tuple[set[str] | None, list[Diagnostic]]:
    """The ids in the blog's authors file, and what in it would be HTML on the blog's pages;
    None when there is no file to compare the posts' authors with."""
    file = hub.settings.content_dir / blog.authors_file
    path = posixpath.relpath(file.as_posix(), hub.settings.root.as_posix())
    if not file.is_file():
        return None, []
    try:
        data, lines = load_yaml(file.read_text(encoding="utf-8", errors="replace"))
    except FrontMatterError as error:
        message = error.message.replace("the front matter", "the authors file")
        return None, [Diagnostic(path, error.line, "error", message, error.fix)]
    authors = data.get("authors")
    if not isinstance(authors, dict):
        return None, []  # Material says what it expects
    found: list[Diagnostic] = []
    for author, fields in authors.items():
        fields = fields if isinstance(fields, dict) else {}
        where = ("authors", str(author))
        problems = [
            *_text(fields.get("name"), (*where, "name"), "author name", _HEADING),
            *_text(fields.get("description"), (*where, "description"), "description", _HTML),
            *_address(fields.get("avatar"), (*where, "avatar"), "avatar"),
            *_address(fields.get("url"), (*where, "url"), "address"),
            *_slug(fields.get("slug"), (*where, "slug"), "dana-lee"),
        ]
        found += [Diagnostic(path, line_of(lines, loc), "error", message, fix)
                  for message, loc, fix in problems]
    return {str(author) for author in authors}, found


def _text(value: Any, loc: Loc, what: str, refused: str) -> Iterator[Problem]:
    if isinstance(value, str) and any(character in refused for character in value):
        marks = " ".join(character for character in refused if character.isprintable())
        yield (f"the {what} {_shown(value)} would show as HTML on the blog's pages (Material "
               "prints it as written)", loc,
               f"write the {what} as plain words{' on one line' if chr(10) in refused else ''}, "
               f"without {marks}")


def _slug(value: Any, loc: Loc, example: str) -> Iterator[Problem]:
    """A slug Material makes a folder of the site from, as written: `../..` would leave it."""
    if value is not None and not (isinstance(value, str) and _SLUG.match(value)):
        yield (f"the slug {_shown(value)} is not a plain name: Material makes it a folder of the "
               "site as written", loc, f"write the slug as words joined by dashes, like `{example}`")


def _address(value: Any, loc: Loc, what: str) -> Iterator[Problem]:
    if isinstance(value, str) and not web_address(value):
        yield (f"the {what} {_shown(value)} is not a web address, and Material would put it "
               "in the blog's pages as written", loc, _SAFE_ADDRESS)


def _shown(value: Any) -> str:
    text = str(value)
    return code(text if len(text) <= 60 else text[:57] + "...")
