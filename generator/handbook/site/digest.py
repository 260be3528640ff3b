"""`handbook digest`: the week for sales in one email: what to say, what changed, what is next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handbook.history import History, changelog, promises
from handbook.model.documents import Campaign
from handbook.model.hub import Hub
from handbook.model.links import absolute, commit_url, page_url_of
from handbook.model.markdown import environment
from handbook.model.status import campaign_status

SOON_DAYS = 14


def context(hub: Hub, history: History, ledger: dict[str, list[promises.Timeline]],
            since: dt.date) -> dict[str, Any]:
    now = hub.today
    campaigns = hub.of_kind("campaign")
    soon = now + dt.timedelta(days=SOON_DAYS)
    return {
        "site_name": hub.settings.site_name, "since": since, "today": now,
        # a hub without campaigns or releases (an engineering handbook, say) gets no such section
        "has_campaigns": bool(campaigns), "has_releases": bool(hub.of_kind("release")),
        "current": [c for c in campaigns if campaign_status(c, now) == "current"],
        "starting": [c for c in campaigns if now < c.fields_as(Campaign).starts <= soon],
        "ending": [c for c in campaigns if now <= c.fields_as(Campaign).ends <= soon],
        "changes": changelog.entries(hub, history, since=since) if history.available else [],
        "promises": promises.changed_promises(ledger, since),
        "url": lambda doc: absolute(hub.settings.site_url, page_url_of(doc.uri))
        if hub.settings.site_url else None,
        "date_format": hub.settings.options.date_format,
        "commit_url": lambda sha: commit_url(hub.settings.repo_url, sha),
        "titles": titles,
    }


def titles(pages: list[Any], shown: int = 5) -> str:
    """A change's pages by title; a change to sixty pages names five, not sixty, in an email."""
    names = [page.title for page in pages]
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 1 else
                                       f", {names[-1]}" if more == 1 else "")


def render(hub: Hub, history: History, ledger: dict[str, list[promises.Timeline]],
           since: dt.date, fmt: str) -> str:
    """Markdown, or self-contained HTML with inline styles that mail clients keep."""
    env = environment()
    if fmt == "html":
        env = _html_environment()
    return env.get_template(f"digest.{fmt}").render(**context(hub, history, ledger, since)).strip() + "\n"


def _html_environment() -> Any:
    from jinja2 import Environment, PackageLoader

    return Environment(loader=PackageLoader("handbook.site", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)
