"""Stale content: reviews that are overdue and materials that expired."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from handbook.documents import Asset, Document
from handbook.frontmatter import Loc
from handbook.hub import Hub
from handbook.options import today

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def interval_days(text: str) -> int:
    """Days in an interval like `90 days` or `6 months` (validated by the schema)."""
    match = re.match(r"\s*(\d+)\s+(day|week|month|year)s?\s*$", text)
    if not match:
        raise ValueError(f"not an interval: {text!r}")
    return int(match.group(1)) * _UNIT_DAYS[match.group(2)]


@dataclass(frozen=True)
class Finding:
    """A stale thing on one document, for the checks, the freshness page and banners."""

    doc: Document
    what: str  # overdue | expired
    message: str
    loc: Loc
    fix: str
    since: dt.date


def review_due(doc: Document, default_interval: str) -> dt.date | None:
    if doc.fields.reviewed is None:
        return None
    days = interval_days(doc.fields.review_every or default_interval)
    return doc.fields.reviewed + dt.timedelta(days=days)


def findings(doc: Document, hub: Hub) -> Iterator[Finding]:
    now = today()
    due = review_due(doc, hub.settings.options.review_every)
    if due is not None and due < now:
        yield Finding(doc, "overdue", f"review overdue since {due.isoformat()}", ("reviewed",),
                      "review the page, then set `reviewed:` to today's date", due)
    fields = doc.fields
    if isinstance(fields, Asset) and fields.status == "approved" and fields.expires and fields.expires < now:
        yield Finding(doc, "expired", f"the asset expired on {fields.expires.isoformat()}",
                      ("expires",), "renew it with a new `expires:` date, or set `status: retired`",
                      fields.expires)
