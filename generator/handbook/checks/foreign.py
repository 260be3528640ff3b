"""What another site generator left in a handbook being adopted, which MkDocs does not read.

Jekyll's and Eleventy's template tags (`{% include x.html %}`, `{{ page.title }}`), Hugo's
shortcodes (`{{< note >}}`) show in the built page as text, and one that ends a paragraph
vanishes: the attribute-list extension reads `{...}` there as attributes. An HTML file that
starts with front matter is a template of such a generator: MkDocs copies it as is, so
readers get its source (an `index.html` of that kind is the site's home page). Their redirect
keys (`redirect_from:`) and GitBook's `.gitbook.yaml` redirects do nothing in MkDocs. Notices,
so an adoption can go on; none for tags with mkdocs-macros, which reads them, nor for redirects
with mkdocs-redirects."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.model.diagnostics import Diagnostic
from handbook.model.documents import Document
from handbook.model.frontmatter import FrontMatterError, load_yaml
from handbook.model.hub import Hub
from handbook.model.markdown import code

# `{% tag ... %}`, Hugo's `{{< x >}}` and `{{% x %}}`, and `{{ site.title }}` with one of the
# names Jekyll and Eleventy give a page (a bare `{{ticket.id}}` is often a placeholder shown on purpose)
_TAG = re.compile(r"\{%-?\s*[\w.]+.*?%\}|\{\{[<%].*?[>%]\}\}"
                  r"|\{\{-?\s*(?:site|page|include|post|layout|collections|paginator|forloop|content)\b[^}]*\}\}")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
_MACROS = {"macros", "mkdocs-macros", "mkdocs_macros"}


# Jekyll's and Eleventy's redirect keys -> what readers miss without them
_REDIRECTS = {"redirect_from": "no old address leads here", "redirect_to": "this page sends nobody on"}
_REDIRECT_PLUGINS = {"redirects", "mkdocs-redirects"}


def check(hub: Hub) -> list[Diagnostic]:
    found = [] if _MACROS & set(hub.settings.plugins) else [_page(doc.path, doc.body, doc.body_line)
                                                             for doc in hub]
    if not _REDIRECT_PLUGINS & set(hub.settings.plugins):
        found += [_redirect(doc, key) for doc in hub for key in _REDIRECTS
                  if key in (doc.fields.model_extra or {})]
    found += [_template(uri, Path(source), hub) for uri, source in sorted(hub.copied.items())
              if uri.lower().endswith(".html")]
    if not _REDIRECT_PLUGINS & set(hub.settings.plugins):
        found.append(_gitbook_redirects(hub.settings.root / ".gitbook.yaml"))
    return [d for d in found if d is not None]


def _page(path: str, body: str, first_line: int) -> Diagnostic | None:
    """One notice a page, at its first tag, with how many it has."""
    fenced = False
    tags: list[tuple[int, str]] = []
    for number, text in enumerate(body.splitlines(), start=first_line):
        if _FENCE.match(text):
            fenced = not fenced
        elif not fenced:
            tags += [(number, tag) for tag in _TAG.findall(_INLINE_CODE.sub("", text))]
    if not tags:
        return None
    line, tag = tags[0]
    shown = tag if len(tag) <= 40 else tag[:37] + "..."
    more = f" (and {len(tags) - 1} more)" if len(tags) > 1 else ""
    gitbook = _GITBOOK.match(tag)
    fix = (f"GitBook's {gitbook.group(1)}: {_GITBOOK_FIXES[gitbook.group(1)]}" if gitbook else
           "write what it made as Markdown (a link, an image, an admonition), or delete it")
    return Diagnostic(
        path, line, "notice",
        f"{code(shown)}{more} is a template tag of another site generator: MkDocs shows it as "
        "text, or drops it at the end of a paragraph", fix, kind="foreign-tag")


# GitBook's blocks, and what Material writes for each (admonitions, tabs and embeds as links)
_GITBOOK = re.compile(r"\{%-?\s*(hint|tabs|tab|embed|content-ref|code|file|swagger)\b")
_GITBOOK_FIXES = {
    "hint": "write an admonition, `!!! info` (or note, tip, warning, danger) above the text, "
            "indented four spaces, in place of `{% hint %}` and `{% endhint %}`",
    "tabs": "write Material's content tabs, `=== \"Title\"` above each tab's text, indented",
    "tab": "write Material's content tabs, `=== \"Title\"` above each tab's text, indented",
    "embed": "write a link to the address it embeds",
    "content-ref": "write a link to the page it names",
    "code": "write a fenced code block (its title as `title=\"...\"` after the language)",
    "file": "write a link to the file",
    "swagger": "write a link to the API's description",
}


def _redirect(doc: Document, key: str) -> Diagnostic:
    return Diagnostic(
        doc.path, doc.line(key), "notice",
        f"`{key}` is read by another site generator's redirect plugin; MkDocs ignores it, so "
        f"{_REDIRECTS[key]}",
        "list the redirects under the mkdocs-redirects plugin's `redirect_maps` in mkdocs.yml",
        kind="foreign-redirect")


def _gitbook_redirects(config: Path) -> Diagnostic | None:
    """GitBook's redirects (`redirects:` in `.gitbook.yaml`), which MkDocs never reads: old
    addresses readers and search engines kept lead nowhere once the site is MkDocs'."""
    try:
        if not config.is_file() or config.stat().st_size > 1_000_000:
            return None
        data, lines = load_yaml(config.read_text(encoding="utf-8", errors="replace"))
    except (OSError, FrontMatterError):
        return None
    redirects = data.get("redirects")
    if not isinstance(redirects, dict) or not redirects:
        return None
    return Diagnostic(
        ".gitbook.yaml", lines.get(("redirects",), 1), "notice",
        f"GitBook's {len(redirects)} redirect{'s' if len(redirects) > 1 else ''} here "
        f"{'do' if len(redirects) > 1 else 'does'} nothing in MkDocs, so the old addresses lead nowhere",
        "list them under the mkdocs-redirects plugin's `redirect_maps` in mkdocs.yml (the old path, "
        "then the .md file it leads to, from the docs folder)", kind="foreign-redirect")


def _template(uri: str, source: Path, hub: Hub) -> Diagnostic | None:
    try:
        with source.open("rb") as file:
            start = file.read(4)
    except OSError:
        return None
    if not start.startswith(b"---"):
        return None
    path = source.relative_to(hub.settings.root).as_posix() if source.is_relative_to(
        hub.settings.root) else uri
    home = " and, as index.html, it is the site's home page" if uri == "index.html" else ""
    return Diagnostic(
        path, 1, "notice",
        "this HTML file starts with front matter, so it is a template of another site generator: "
        f"MkDocs copies it as is, so readers see its source{home}",
        "delete it, or write it as a Markdown page" + (" (index.md)" if home else ""),
        kind="foreign-template")
