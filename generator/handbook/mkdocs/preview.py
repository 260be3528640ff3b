"""The live preview when the hub has errors: every URL shows what broke, until the next save
fixes it (MkDocs would otherwise hold every request until a build succeeds)."""

from __future__ import annotations

from markupsafe import Markup, escape

from handbook.model.diagnostics import Diagnostic, summary
from handbook.site.page import Page

# Present while the preview shows errors; the theme's script reloads the page once it is gone.
MARKER = "assets/handbook-failure.txt"


def failure(diagnostics: list[Diagnostic]) -> Markup:
    """The diagnostics as HTML: file and line, what is wrong, the fix; every value escaped."""
    shown = sorted(d for d in diagnostics if d.severity in ("error", "warning"))
    items = "\n".join(
        f'<li><code>{escape(d.path)}:{d.line}</code> {d.severity}: {escape(d.message)}'
        + (f"<br>fix: {escape(d.fix)}" if d.fix else "") + "</li>"
        for d in shown)
    return Markup(
        f'<div class="hb-failure" data-hb-failure>\n<h1>The preview stopped: {summary(shown)}</h1>\n'
        "<p>Fix the problems below and save: the preview rebuilds, and this page reloads by "
        "itself.</p>\n"
        f"<ul>\n{items}\n</ul>\n</div>\n")


def failure_page(diagnostics: list[Diagnostic]) -> Page:
    """The one page of a preview that failed (a raw HTML block: nothing to convert)."""
    title = "The preview stopped"
    meta = {"title": title, "search": {"exclude": True}}
    return Page("index.md", title, meta, str(failure(diagnostics)))
