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
from handbook.model.options import Settings

Problem = tuple[str, Loc, str, Severity]


MATERIAL_TEMPLATES = Path(str(importlib.util.find_spec("material").origin)).parent / "templates"  # type: ignore[union-attr]
ICONS = "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/"


def theme_keys(fields: Common, settings: Settings) -> Iterator[Problem]:
    """An icon or template the theme lacks would stop Material's build with a traceback.

    Templates come from the hub's own theme folder (or are `main.html`): Material's others,
    like its redirect page, would send readers wherever the front matter says."""
    theme = settings.theme_dir
    if fields.icon and not any((folder / ".icons" / f"{fields.icon}.svg").is_file()
                               for folder in (theme, MATERIAL_TEMPLATES) if folder):
        yield (f"`icon: {fields.icon}` is not an icon of the theme", ("icon",),
               f"pick one at {ICONS}, like `material/rocket-launch`", "error")
    if fields.template and fields.template != "main.html" and not (theme and (theme / fields.template).is_file()):
        yield (f"`template: {fields.template}` is not in the hub's theme folder", ("template",),
               "add it to the folder `custom_dir` names in mkdocs.yml, or remove the line", "error")


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
