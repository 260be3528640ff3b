"""The hub's theme: icons and templates its pages name, and overrides that drop Handbook's parts."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path

from handbook.model.diagnostics import Diagnostic, Severity
from handbook.model.documents import Common
from handbook.model.frontmatter import Loc
from handbook.model.markdown import web_address
from handbook.model.options import Settings

Problem = tuple[str, Loc, str, Severity]


MATERIAL_TEMPLATES = Path(str(importlib.util.find_spec("material").origin)).parent / "templates"  # type: ignore[union-attr]
ICONS = "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/"


def theme_keys(fields: Common, settings: Settings) -> Iterator[Problem]:
    """An icon or template the theme lacks would stop Material's build with a traceback.

    Templates come from the hub's own theme folder (or are `main.html`); Material's redirect
    page is welcome when it sends readers to an address on the web or on the site."""
    theme = settings.theme_dir
    if fields.icon and not any((folder / ".icons" / f"{fields.icon}.svg").is_file()
                               for folder in (theme, MATERIAL_TEMPLATES) if folder):
        yield (f"`icon: {fields.icon}` is not an icon of the theme", ("icon",),
               f"pick one at {ICONS}, like `material/rocket-launch`", "error")
    template = fields.template
    if not template or template == "main.html" or (theme and (theme / template).is_file()):
        return
    if template == "redirect.html":
        yield from _redirect(fields)
    elif (MATERIAL_TEMPLATES / template).is_file():
        yield ((f"`template: {template}` is a template Material keeps for pages its own plugins "
               "make, such as the blog's"), ("template",), "remove the line", "error")
    else:
        yield (f"`template: {template}` is not in the hub's theme folder", ("template",),
               "add it to the folder `custom_dir` names in mkdocs.yml, or remove the line", "error")


def _redirect(fields: Common) -> Iterator[Problem]:
    """Material's redirect page sends readers to the page's `location`: a path on the site or
    an http(s) address, so front matter never sends them to a script."""
    location = (fields.model_extra or {}).get("location")
    if location is None:
        yield ("`template: redirect.html` needs `location:`, the address to send readers to",
               ("template",), ("add `location: ../new-page/` (a page of this site) or an https:// "
               "address"), "error")
        return
    written = str(location)
    if not web_address(location):  # it lands in a script and a `<meta>` refresh
        yield (f"`location: {written[:60]}` is not an address a redirect may send readers to",
               ("location",), ("write a page of this site, like `../new-page/`, or an https:// "
               "address"), "error")


# What Handbook's own base.html adds to Material's: the partial, where it goes, and what a hub's
# base.html without it loses.
BASE_PARTS = (
    ("partials/handbook/content.html", "partials/content.html",
     "pages lose their status banners, page history and feedback links, and search leaves them out",
     'in place of `{% include "partials/content.html" %}`'),
    ("partials/handbook/scripts.html", "{% block scripts %}",
     "the search box finds nothing in Handbook's index and diagrams fetch Mermaid from the internet",
     "at the start of the `scripts` block, before Material's own script"),
)


def theme_overrides(settings: Settings) -> list[Diagnostic]:
    """Handbook's templates are Material's overrides; a hub's own base.html replaces Handbook's,
    which a hub's main.html would extend: it must include Handbook's parts itself, or its
    pages silently lose them."""
    if settings.theme != "material":
        return [Diagnostic(
            settings.config_file, 1, "warning",
            f"the theme is `{settings.theme}`, not Material for MkDocs, so pages are built without "
            "Handbook's banners, page history, feedback links and search",
            "set `theme: {name: material}` in mkdocs.yml")]
    base = settings.theme_dir / "base.html" if settings.theme_dir else None
    if base is None or not base.is_file():
        return []
    text = base.read_text(encoding="utf-8", errors="replace")
    path = os.path.relpath(base, settings.root).replace(os.sep, "/")
    found = []
    for part, near, loss, where in BASE_PARTS:
        if re.search(r"""\{%-?\s*include\s+["']""" + re.escape(part), text):
            continue
        line = text[:max(text.find(near), 0)].count("\n") + 1
        found.append(Diagnostic(
            path, line, "warning", f"this base.html takes the place of Handbook's, so {loss}",
            f'add `{{% include "{part}" %}}` {where}, or move your changes into blocks of '
            "main.html (`{% extends \"base.html\" %}`) and delete this file"))
    return found
