"""The banners at the top of a page: what a reader must know before using it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from handbook.model.documents import Asset, Campaign, Document
from handbook.model.hub import Hub
from handbook.model.links import page_url_of
from handbook.model.status import asset_status, campaign_status, current_for_audience


@dataclass(frozen=True)
class Banner:
    """A notice at the top of a page; the theme's `partials/handbook/banners.html` draws it."""

    kind: str  # current | upcoming | ended | retired | expired | overdue
    text: str
    link_title: str | None = None
    link: str | None = None  # site path of a page to go to instead, like `campaigns/x/`
    target: str | None = None  # the same page as a docs path (`campaigns/x.md`), for exports

    def as_meta(self) -> dict[str, str | None]:
        return asdict(self)


def fmt(day: dt.date, date_format: str) -> str:
    return day.strftime(date_format)


def banners(doc: Document, hub: Hub, today: dt.date, overdue_since: dt.date | None) -> list[Banner]:
    """Status first (ended, retired), then an overdue review: what a reader must know first."""
    date_format = hub.settings.options.date_format
    found: list[Banner] = []
    fields = doc.fields
    if isinstance(fields, Campaign):
        status = campaign_status(doc, today)
        if status == "ended":
            instead = current_for_audience(doc, hub, today)
            found.append(Banner(
                "ended",
                f"This campaign ended on {fmt(fields.ends, date_format)}. Do not use its messages "
                "or offer in conversations.",
                f"Use {instead.title} instead" if instead else None,
                page_url_of(instead.uri) if instead else None,
                instead.uri if instead else None,
            ))
        elif status == "upcoming":
            found.append(Banner(
                "upcoming",
                f"This campaign starts on {fmt(fields.starts, date_format)}. Do not mention it to "
                "customers before then.",
            ))
        else:
            found.append(Banner(
                "current", f"Running now, until {fmt(fields.ends, date_format)}.",
            ))
    elif isinstance(fields, Asset):
        material = asset_status(doc, today)
        if material == "retired":
            found.append(Banner("retired", "This material is retired. Do not send it to customers."))
        elif material == "expired" and fields.expires:
            found.append(Banner(
                "expired",
                f"This material expired on {fmt(fields.expires, date_format)}. Ask its owner "
                "for a current version before you send it.",
            ))
    if overdue_since is not None:
        found.append(Banner(
            "overdue",
            f"This page was due for review on {fmt(overdue_since, date_format)}. Check with its "
            "owner before relying on it.",
        ))
    return found
