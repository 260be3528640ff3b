"""The whole site as pages: authored documents rendered, plus the pages derived from them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from handbook.checks import clashes, freshness
from handbook.history import History, changelog, promises
from handbook.history.page_history import page_history
from handbook.model.documents import Document, Release
from handbook.model.hub import Hub
from handbook.model.links import commit_url, feedback_links, page_url_of, per_role, pr_url
from handbook.model.markdown import relative
from handbook.site import feed, glossary, indexes, schema
from handbook.site.banners import Banner, banners
from handbook.site.page import Page
from handbook.site.render import Renderer


@dataclass
class Site:
    """Everything to publish; what the plugin hands MkDocs and `export` writes to disk."""

    pages: dict[str, Page] = field(default_factory=dict)  # docs path -> page
    files: dict[str, str] = field(default_factory=dict)  # site path -> other text (feeds)
    static: dict[str, str] = field(default_factory=dict)  # site path -> source file
    sections: set[str] = field(default_factory=set)  # top folders Handbook generated an index for


_MERMAID = re.compile(r"^\s*(```|~~~)\s*mermaid\b", re.MULTILINE)
ROLE_CHANGELOG_LIMIT = 50  # a role's What's new: the recent changes; all of them are on the main page
PROMISE_WINDOW_DAYS = 90  # the release board's "what changed" list
PROMISE_BANNER_DAYS = 30  # a release page says its promises changed


def build_site(hub: Hub, history: History, ledger: dict[str, list[promises.Timeline]],
               stale: dict[str, list[freshness.Finding]]) -> Site:
    """Every page, from the loaded hub and what the session derived from it once."""
    now = hub.today
    renderer = Renderer(hub, {
        "ledger": ledger, "history_available": history.available, "history_reason": history.reason,
        "commit_url": lambda sha: commit_url(hub.settings.repo_url, sha),
        "date_format": hub.settings.options.date_format,
    })
    site = Site(static=dict(hub.static))
    abbreviations = glossary.Abbreviations(hub)
    order = indexes.reading_order(hub, now)
    for doc in hub:
        page = site.pages[doc.uri] = renderer.document(doc)
        page.history = page_history(doc, history, hub.settings)
        overdue = next((f.since for f in stale.get(doc.id, []) if f.what == "overdue"), None)
        page.banners = banners(doc, hub, now, overdue)
        page.banners += _promise_banner(doc, ledger, now, hub.settings.options.date_format)
        page.order = order.get(doc.uri)
    generated = indexes.generate(hub, renderer, now, stale)
    if hub.of_kind("release"):
        generated["releases/index.md"] = _releases(hub, renderer, ledger, now)
    if history.available and history.commits:  # What's new whenever there is history
        _whats_new(site, generated, renderer, hub, history, ledger)
    site.files.update(schema.files())  # for editors: `# yaml-language-server: $schema=...`
    # an authored page or file at the same URL wins
    replaced = clashes.replaced(hub, with_history=history.available and bool(history.commits))
    site.pages.update((uri, page) for uri, page in generated.items() if uri not in replaced)
    for path in replaced:
        site.files.pop(path, None)
    site.sections = {uri.split("/", 1)[0] for uri in generated
                     if uri.endswith("/index.md") and uri not in replaced}
    for page in site.pages.values():
        source = page.document
        page.feedback = feedback_links(hub.settings.repo_url, hub.settings.site_name, page.title,
                                       source.path if source else page.uri,
                                       source.fields.owner if source else None)
        markdown = page.markdown
        page.body += abbreviations.for_page(markdown)
        page.mermaid = bool(_MERMAID.search(markdown))  # what abbreviations add has no diagram
    return site


def _promise_banner(doc: Document, ledger: dict[str, list[promises.Timeline]],
                    now: dt.date, date_format: str) -> list[Banner]:
    since = now - dt.timedelta(days=PROMISE_BANNER_DAYS)
    changed = [e for t in ledger.get(doc.id, []) for e in t.changed_since(since)]
    if not changed:
        return []
    dates = [e.date for e in changed if e.date]
    when = f"on {max(dates).strftime(date_format)}" if dates else "in changes not yet committed"
    return [Banner("changed", f"Promises in this release changed {when}. Read what changed "
                   "before you quote it to a customer.", "See what changed",
                   page_url_of(doc.uri) + "#ledger", doc.uri + "#ledger")]


def _releases(hub: Hub, renderer: Renderer, ledger: dict[str, list[promises.Timeline]],
              now: dt.date) -> Page:
    releases = sorted(hub.of_kind("release"), key=lambda r: r.fields_as(Release).date, reverse=True)
    since = now - dt.timedelta(days=PROMISE_WINDOW_DAYS)
    return renderer.page(
        "releases.md", "releases/index.md", "Release notes", releases=releases,
        changed=promises.changed_promises(ledger, since), window=PROMISE_WINDOW_DAYS,
        counts=promises.counts,
    )


def _whats_new(site: Site, generated: dict[str, Page], renderer: Renderer, hub: Hub,
               history: History, ledger: dict[str, list[promises.Timeline]]) -> None:
    options = hub.settings.options
    found = changelog.entries(hub, history)
    roles = hub.of_kind("role")
    common = {
        "history": history, "roles": roles, "group_by": options.changelog_group,
        "date_format": options.date_format, "show_authors": options.show_authors,
        "commit_url": lambda sha: commit_url(hub.settings.repo_url, sha),
        "pr_url": lambda n: pr_url(hub.settings.repo_url, n),
        "promise_shas": {e.sha for ts in ledger.values() for t in ts for e in t.later if e.sha},
    }
    pages = [("whats-new/index.md", None)] + [(per_role("whats-new", r), r) for r in roles]
    for uri, role in pages:
        selected = [e for e in found if role is None or e.for_role(role.id)]
        limit = options.changelog_limit if role is None else ROLE_CHANGELOG_LIMIT
        title = "What's new" + (f" for {role.title}" if role else "")
        meta = {"search": {"exclude": True}} if role is not None else {}
        generated[uri] = renderer.page(
            "whats-new.md", uri, title, meta, role=role,
            groups=changelog.grouped(selected[:limit], options.changelog_group),
            older=len(selected) - limit, limit=limit,
            feed=relative(uri, "whats-new/feed.xml"), everyone=relative(uri, "whats-new/index.md"),
            role_link=lambda r, uri=uri: relative(uri, per_role("whats-new", r)), **common,
        )
        generated[uri].listed = role is None
    site.files["whats-new/feed.xml"] = feed.atom(found, hub.settings)
