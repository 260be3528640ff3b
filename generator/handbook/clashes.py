"""Two things published at one URL: an authored page where Handbook generates one, or two
authored pages. MkDocs would write one over the other without a word; here the authored page
wins over a generated one (with a warning), and two authored pages are an error."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.diagnostics import Diagnostic
from handbook.documents import KINDS
from handbook.hub import Hub
from handbook.links import page_url_of


def generated(hub: Hub) -> dict[str, str]:
    """Every site path Handbook generates, with what a reader knows it as."""
    roles = hub.of_kind("role")
    found = {
        "campaigns/index.md": "the campaign board", "process/index.md": "the selling process",
        "roles/index.md": "Roles & expectations", "glossary/index.md": "the glossary",
        "onboarding/index.md": "Onboarding", "assets/index.md": "the collateral library",
        "freshness/index.md": "the freshness report", "releases/index.md": "the release notes",
        "whats-new/index.md": "What's new", "whats-new/feed.xml": "the What's new feed",
    }
    for role in roles:
        found[f"whats-new/{role.id}.md"] = f"What's new for {role.title}"
        if getattr(role.fields, "onboarding", None):
            found[f"onboarding/{role.id}.md"] = f"the onboarding path for {role.title}"
    for asset in hub.of_kind("asset"):
        if getattr(asset.fields, "personalize", False):
            found[f"assets/{asset.id}/print.md"] = f"the personalise page of {asset.title}"
    for kind in KINDS:
        found[f"schema/{kind}.json"] = f"the {kind} front matter schema"
    return found


def url_of(site_path: str) -> str:
    """Where a site path is published: pages at their folder URL, other files as they are.
    Without the trailing slash, so a page at `x/` and a file at `x` are seen to collide."""
    return (page_url_of(site_path) if site_path.endswith(".md") else site_path).rstrip("/")


def authored(hub: Hub) -> dict[str, str]:
    """URL -> the hub file published there: documents, and files in the docs folder that
    sit where Handbook generates a file."""
    found = {url_of(doc.uri): doc.path for doc in hub}
    for site_path in generated(hub):
        source = hub.settings.content_dir / site_path
        if not site_path.endswith(".md") and source.is_file():
            found[url_of(site_path)] = source.relative_to(hub.settings.root).as_posix()
    return found


def replaced(hub: Hub) -> set[str]:
    """The generated site paths an authored page or file takes the place of."""
    taken = authored(hub)
    return {path for path in generated(hub) if url_of(path) in taken}


def check(hub: Hub) -> Iterator[Diagnostic]:
    """Each authored page that hides a generated one (warning), or another authored one (error)."""
    first: dict[str, str] = {}
    for doc in hub:  # in path order: the later file of two is reported, naming the first
        url = url_of(doc.uri)
        if url in first:
            yield Diagnostic(
                doc.path, 1, "error",
                f"this page and {first[url]} are both published at {url}/, so one would replace "
                "the other", "rename or move one of them")
        first.setdefault(url, doc.path)
    taken = authored(hub)
    for path, what in generated(hub).items():
        url = url_of(path)
        if url in taken:
            shown = f"{url}/" if path.endswith(".md") else url
            yield Diagnostic(
                taken[url], 1, "warning",
                f"this is published at {shown}, where Handbook generates {what}; the generated "
                "one is left out of the site",
                f"rename or move this file to publish both; delete it to bring back {what}")
