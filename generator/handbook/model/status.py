"""Where a campaign or asset stands on a given day: current, upcoming, ended, retired, expired."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from handbook.model.documents import Asset, Campaign, Document
from handbook.model.hub import Hub

CampaignStatus = Literal["current", "upcoming", "ended"]
# Search weight by status: live material first, stale material sinks (Material's `search.boost`).
BOOST = {"current": 2.0, "stage": 1.5, "ended": 0.2, "retired": 0.2, "expired": 0.2}
LABELS = {"upcoming": "Upcoming", "ended": "Ended", "retired": "Retired", "expired": "Expired"}


def campaign_status(doc: Document, today: dt.date) -> CampaignStatus:
    fields = doc.fields
    assert isinstance(fields, Campaign)
    if fields.starts > today:
        return "upcoming"
    return "ended" if fields.ends < today else "current"


def asset_status(doc: Document, today: dt.date) -> str:
    """`approved`, `retired`, or `expired` (approved but past its `expires` date)."""
    fields = doc.fields
    assert isinstance(fields, Asset)
    if fields.status == "retired":
        return "retired"
    return "expired" if fields.expires and fields.expires < today else "approved"


def status_of(doc: Document, today: dt.date) -> str | None:
    """The status a reader must know before using a page, if its kind has one."""
    if doc.kind == "campaign":
        return campaign_status(doc, today)
    if doc.kind == "asset":
        return asset_status(doc, today)
    return None


def is_stale(doc: Document, today: dt.date) -> bool:
    """Material nobody should use in a conversation any more."""
    return status_of(doc, today) in ("ended", "retired", "expired")


def current_for_audience(doc: Document, hub: Hub, today: dt.date) -> Document | None:
    """The running campaign that speaks to the same people, to point stale readers to."""
    audience = hub.resolved(doc.fields.audience, "role")
    running = [c for c in hub.of_kind("campaign") if campaign_status(c, today) == "current"]
    for campaign in running:
        if not audience or audience & hub.resolved(campaign.fields.audience, "role"):
            return campaign
    return None

