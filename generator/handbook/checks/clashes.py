"""Two things published at one URL: an authored page where Handbook generates one, or two
authored pages. MkDocs would write one over the other without a word; here the authored page
wins over a generated one (with a warning), and two authored pages are an error."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.model.diagnostics import Diagnostic
from handbook.model.documents import KINDS, Asset, Kind, Role
from handbook.model.hub import Hub
from handbook.model.links import page_url_of, per_role, print_uri


def generated(hub: Hub, with_history: bool = True) -> dict[str, str]:
    """Every site path Handbook generates for this hub, with what a reader knows it as: the
    sections it has documents for (see indexes.generate), What's new only with history."""
    roles = hub.of_kind("role")
    sections: dict[str, tuple[str, Kind]] = {
        "campaigns/index.md": ("the campaign board", "campaign"),
        "process/index.md": ("the selling process", "stage"),
        "roles/index.md": ("Roles & expectations", "role"),
        "glossary/index.md": ("the glossary", "term"),
        "assets/index.md": ("the collateral library", "asset"),
        "releases/index.md": ("the release notes", "release"),
    }
    found = {path: what for path, (what, kind) in sections.items() if hub.of_kind(kind)}
    guided = [role for role in roles if role.fields_as(Role).onboarding]
    if guided:
        found["onboarding/index.md"] = "Onboarding"
    for role in guided:
        found[per_role("onboarding", role)] = f"the onboarding path for {role.title}"
    if any(doc.fields.owner or doc.fields.reviewed for doc in hub):
        found["freshness/index.md"] = "the freshness report"
    if with_history:
        found["whats-new/index.md"] = "What's new"
        found["whats-new/feed.xml"] = "the What's new feed"
        for role in roles:
            found[per_role("whats-new", role)] = f"What's new for {role.title}"
    for asset in hub.of_kind("asset"):
        if asset.fields_as(Asset).personalize:
            found[print_uri(asset)] = f"the personalise page of {asset.title}"
    for kind in KINDS:
        found[f"schema/{kind}.json"] = f"the {kind} front matter schema"
    return found


def url_of(site_path: str) -> str:
    """Where a site path is published: pages at their folder URL, other files as they are.
    Without the trailing slash, so a page at `x/` and a file at `x` are seen to collide."""
    return (page_url_of(site_path) if site_path.endswith(".md") else site_path).rstrip("/")


def authored(hub: Hub, with_history: bool = True) -> dict[str, str]:
    """URL -> the hub file published there: documents, and files in the docs folder that
    sit where Handbook generates a file."""
    found = {url_of(doc.uri): doc.path for doc in hub}
    for site_path in generated(hub, with_history):
        source = hub.settings.content_dir / site_path
        if not site_path.endswith(".md") and source.is_file():
            found[url_of(site_path)] = source.relative_to(hub.settings.root).as_posix()
    return found


def replaced(hub: Hub, with_history: bool = True) -> set[str]:
    """The generated site paths an authored page or file takes the place of."""
    taken = authored(hub, with_history)
    return {path for path in generated(hub, with_history) if url_of(path) in taken}


def check(hub: Hub, with_history: bool = True) -> Iterator[Diagnostic]:
    """Each authored page that hides a generated one, or another authored one: warnings, as
    MkDocs builds such a hub (it writes both pages to one address, and readers get one of them;
    GitBook's `faq.md` beside `faq/README.md`, in Mattermost's handbook)."""
    first: dict[str, str] = {}
    for doc in hub:  # in path order: the later file of two is reported, naming the first
        url = url_of(doc.uri)
        if url in first:
            yield Diagnostic(
                doc.path, 1, "warning",
                f"this page and {first[url]} are both published at {url}/, so one replaces the "
                "other and readers never see it", "rename or move one of them")
        first.setdefault(url, doc.path)
    taken = authored(hub, with_history)
    for path, what in generated(hub, with_history).items():
        url = url_of(path)
        if url in taken:
            shown = f"{url}/" if path.endswith(".md") else url
            yield Diagnostic(
                taken[url], 1, "warning",
                f"this is published at {shown}, where Handbook generates {what}; the generated "
                "one is left out of the site",
                f"rename or move this file to publish both; delete it to bring back {what}")
