"""The pages generated from the documents: campaign board, selling process, roles, glossary,
onboarding paths, collateral library and freshness report.

Each returns site path -> Page; the page extras (banners, history) travel as the page's
metadata so the theme decides how they look.
"""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from handbook.checks import freshness
from handbook.model.documents import Asset, Campaign, Document, Playbook, Role, Stage
from handbook.model.hub import Hub
from handbook.model.links import per_role, print_uri, relative_url
from handbook.model.markdown import url
from handbook.model.status import BOOST, LABELS, asset_status, campaign_status, status_of
from handbook.site import glossary
from handbook.site.page import Page
from handbook.site.render import Renderer

Pages = dict[str, Page]
SEARCH_OFF = {"exclude": True}


def generate(hub: Hub, renderer: Renderer, today: dt.date,
             stale: dict[str, list[freshness.Finding]]) -> Pages:
    """The generated pages the hub has documents for (no Campaigns board without campaigns)."""
    pages: Pages = {}
    for build in (_campaigns, _process, _roles, _glossary, _onboarding, _assets):
        pages.update(build(hub, renderer, today))
    pages.update(_freshness(hub, renderer, today, stale))
    return pages


def campaign_groups(hub: Hub, today: dt.date) -> dict[str, list[Document]]:
    """Campaigns as readers need them: running ones ending soonest, the next to start, then
    the most recently ended. The board and the navigation both list them so."""
    groups: dict[str, list[Document]] = {"current": [], "upcoming": [], "ended": []}
    for doc in hub.of_kind("campaign"):
        groups[campaign_status(doc, today)].append(doc)
    groups["current"].sort(key=lambda d: d.fields_as(Campaign).ends)
    groups["upcoming"].sort(key=lambda d: d.fields_as(Campaign).starts)
    groups["ended"].sort(key=lambda d: d.fields_as(Campaign).ends, reverse=True)
    return groups


def ordered_assets(hub: Hub, today: dt.date) -> list[Document]:
    """Collateral to send first: approved, then expired, then retired, each by title."""
    order = {"approved": 0, "expired": 1, "retired": 2}
    return sorted(hub.of_kind("asset"), key=lambda d: (order[asset_status(d, today)], d.title.lower()))


def reading_order(hub: Hub, today: dt.date) -> dict[str, int]:
    """Site path -> position, for the navigation of the sections listed by status."""
    campaigns = [d for group in campaign_groups(hub, today).values() for d in group]
    return {doc.uri: i for docs in (campaigns, ordered_assets(hub, today)) for i, doc in enumerate(docs)}


def _campaigns(hub: Hub, renderer: Renderer, today: dt.date) -> Pages:
    if not hub.of_kind("campaign"):
        return {}
    groups = campaign_groups(hub, today)
    uri = "campaigns/index.md"
    page = renderer.page("campaigns.md", uri, "Campaigns", groups=groups, today=today,
                         date_format=hub.settings.options.date_format)
    return {uri: page}


def _process(hub: Hub, renderer: Renderer, today: dt.date) -> Pages:
    stages = hub.of_kind("stage")
    if not stages:
        return {}
    used_in = {
        stage.id: [d for d in hub.of_kind("playbook")
                   if stage.id in hub.resolved(d.fields_as(Playbook).stages, "stage")]
        for stage in stages
    }
    uri = "process/index.md"
    meta = {"search": {"boost": BOOST["stage"]}}
    page = renderer.page("process.md", uri, "Selling process", meta, stages=stages,
                         used_in=used_in, diagram=Markup(_diagram(stages, uri)))
    return {uri: page}


def _label(value: str, limit: int = 70) -> str:
    """Text safe inside a quoted Mermaid label: no quotes, brackets or markup."""
    cleaned = re.sub(r"[\"'`<>{}\[\]()|#;\\]", " ", value.replace("&", " and "))
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def _diagram(stages: list[Document], uri: str) -> str:
    """One column of stages (phones are narrow), the buyer's side in each box, under its name."""
    lines = ["flowchart TD"]
    for i, stage in enumerate(stages):
        fields = stage.fields_as(Stage)
        label = f"<b>{fields.order}. {_label(stage.title, 40)}</b>"
        if fields.buyer:
            label += f"<br/><i>Buyer: {_label(fields.buyer)}</i>"
        lines.append(f'    s{i}["{label}"]')
        if i:
            lines.append(f"    s{i - 1} --> s{i}")
        lines.append(f'    click s{i} "{url(relative_url(uri, stage.uri, pages=True))}"')
    return "\n".join(lines)


def _roles(hub: Hub, renderer: Renderer, today: dt.date) -> Pages:
    roles = hub.of_kind("role")
    if not roles:
        return {}
    matrix = []
    for role in roles:
        assert isinstance(role.fields, Role)
        for expectation in role.fields.expectations:
            matrix.append((role, expectation))
    uri = "roles/index.md"
    owned = {r.id: [d for d in hub if hub.refers(d.fields.owner, r) and d.kind != "role"] for r in roles}
    page = renderer.page("roles.md", uri, "Roles & expectations", roles=roles,
                         matrix=matrix, owned=owned)
    return {uri: page}


def _glossary(hub: Hub, renderer: Renderer, today: dt.date) -> Pages:
    if not hub.of_kind("term"):
        return {}
    uri = "glossary/index.md"
    page = renderer.page("glossary.md", uri, "Glossary", letters=glossary.by_letter(hub))
    return {uri: page}


def _onboarding(hub: Hub, renderer: Renderer, today: dt.date) -> Pages:
    roles = [r for r in hub.of_kind("role") if r.fields_as(Role).onboarding]
    if not roles:
        return {}
    pages: Pages = {}
    index = "onboarding/index.md"
    pages[index] = renderer.page("onboarding.md", index, "Onboarding", roles=roles)
    for role in roles:
        uri = per_role("onboarding", role)
        steps = [hub.get(i) for i in role.fields_as(Role).onboarding]
        pages[uri] = renderer.page("onboarding-role.md", uri, f"Onboarding: {role.title}",
                                   {"search": SEARCH_OFF}, role=role,
                                   steps=[s for s in steps if s is not None])
    return pages


def _assets(hub: Hub, renderer: Renderer, today: dt.date) -> Pages:
    assets = ordered_assets(hub, today)
    if not assets:
        return {}
    pages: Pages = {}
    index = "assets/index.md"
    pages[index] = renderer.page(
        "assets.md", index, "Collateral", assets=assets,
        status=lambda d: asset_status(d, today), labels=LABELS,
        date_format=hub.settings.options.date_format,
        printable=lambda d: relative_url(index, print_uri(d), pages=True),
    )
    for doc in assets:
        if doc.fields_as(Asset).personalize:
            uri = print_uri(doc)
            pages[uri] = renderer.page("asset-print.md", uri, f"Personalise: {doc.title}",
                                       {"search": SEARCH_OFF}, doc=doc, f=doc.fields,
                                       back=relative_url(uri, doc.uri, pages=True))
            pages[uri].listed = False
    return pages


def _freshness(hub: Hub, renderer: Renderer, today: dt.date,
               stale: dict[str, list[freshness.Finding]]) -> Pages:
    if not any(doc.fields.owner or doc.fields.reviewed for doc in hub):
        return {}  # a hub that has not taken up owners or reviews yet: nothing to score
    found = [f for doc in hub for f in stale.get(doc.id, [])]
    uri = "freshness/index.md"
    page = renderer.page(
        "freshness.md", uri, "Freshness", {"search": SEARCH_OFF},
        trust=freshness.trust(hub),
        overdue=[f for f in found if f.what == "overdue"],
        expired=[f for f in found if f.what == "expired"],
        stale_links=[f for f in found if f.what == "stale-link"],
        unowned=[f.doc for f in found if f.what == "unowned"], state=lambda d: status_of(d, today),
        date_format=hub.settings.options.date_format,
    )
    return {uri: page}
