"""Stale content: overdue reviews, expired materials, and live pages that still point at stale ones."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from handbook.model.documents import Asset, Document, interval_days, shifted
from handbook.model.frontmatter import Loc
from handbook.model.hub import Hub
from handbook.model.markdown import link_targets
from handbook.model.references import references
from handbook.model.status import is_stale, status_of


@dataclass(frozen=True)
class Finding:
    """A stale thing on one document, for the checks, the freshness page and banners."""

    doc: Document
    what: str  # overdue | expired | unowned | stale-link
    message: str
    loc: Loc
    fix: str
    since: dt.date | None = None
    target: Document | None = None  # for stale-link: the stale page it points at
    line: int | None = None  # when known better than the field's line (a link in the body)


def review_due(doc: Document, default_interval: str) -> dt.date | None:
    if doc.fields.reviewed is None:
        return None
    days = interval_days(doc.fields.review_every or default_interval)
    return shifted(doc.fields.reviewed, days)  # `reviewed: 9999-12-31` is never due


def findings(doc: Document, hub: Hub) -> Iterator[Finding]:
    """What is stale on one document, in the order its owner should fix it."""
    now = hub.today
    due = review_due(doc, hub.settings.options.review_every)
    if due is not None and due < now:
        yield Finding(doc, "overdue", f"review overdue since {due.isoformat()}", ("reviewed",),
                      "review the page, then set `reviewed:` to today's date", due)
    fields = doc.fields
    if isinstance(fields, Asset) and fields.status == "approved" and fields.expires and fields.expires < now:
        yield Finding(doc, "expired", f"the asset expired on {fields.expires.isoformat()}",
                      ("expires",), "renew it with a new `expires:` date, or set `status: retired`",
                      fields.expires)
    if doc.kind == "page" and not fields.owner:
        yield Finding(doc, "unowned", "nobody owns this page, so nobody is asked to keep it true", (),
                      "add `owner: <role id>` to the front matter")
    if is_stale(doc, now) or doc.kind == "release":
        return  # stale pages and release notes (which tell the past) may name stale material
    for loc, line, target in linked(doc, hub):
        if is_stale(target, now):
            state = status_of(target, now)
            yield Finding(
                doc, "stale-link", f"links to {target.kind} `{target.name}`, which is {state}",
                loc, f"remove the link or point it at current material instead of `{target.name}`",
                target=target, line=line,
            )


def linked(doc: Document, hub: Hub) -> Iterator[tuple[Loc, int | None, Document]]:
    """Documents this one uses: by id in front matter, then by `.md` link in the body."""
    seen: set[str] = set()
    for ref in references(doc):
        if ref.loc[0] in ("owner", "audience", "expectations"):
            continue
        target = hub.get(ref.target, ref.kind)
        if target is not None and target.id not in seen:
            seen.add(target.id)
            yield ref.loc, None, target
    folder = PurePosixPath(doc.path).parent
    for written, offset in link_targets(doc.body):
        target = hub.at(posixpath.normpath(str(folder / written)))
        if target is not None and target.id not in seen and target is not doc:
            seen.add(target.id)
            yield (), doc.body_line + offset, target


@dataclass(frozen=True)
class Trust:
    """How much of the hub someone vouches for: documents with an owner and an in-date review."""

    trusted: int
    total: int
    unowned: int  # documents without an owner
    unreviewed: int  # documents never reviewed, or overdue

    @property
    def percent(self) -> int:
        """Rounded down: a hub is at 100% only when every document is."""
        return self.trusted * 100 // self.total if self.total else 100

    @property
    def low(self) -> bool:
        """A hub still being adopted: most of it is nobody's, or unreviewed."""
        return self.percent < 50

    def sentence(self) -> str:
        return (f"Trust score: {self.percent}% ({self.trusted} of {self.total} documents have an "
                "owner and an in-date review)")


def trust(hub: Hub) -> Trust:
    """The hub's trust score, the same in `handbook check` and on the freshness page."""
    now = hub.today
    trusted = unowned = unreviewed = 0
    for doc in hub:
        due = review_due(doc, hub.settings.options.review_every)
        in_date = due is not None and due >= now
        unowned += not doc.fields.owner
        unreviewed += not in_date
        trusted += bool(doc.fields.owner) and in_date
    return Trust(trusted, len(hub.documents), unowned, unreviewed)


def next_steps(hub: Hub, score: Trust) -> list[str]:
    """A few lines for a hub being adopted, in place of a wall of findings: what to do first."""
    if not score.low:
        return []
    steps = []
    if score.unowned:
        roles = [r.name for r in hub.of_kind("role")]
        pages = hub.settings.content_dir.relative_to(hub.settings.root).as_posix()  # docs_dir
        steps.append(
            f"Name an owner on each of the {score.unowned} documents without one: add `owner: <role "
            f"id>` to its front matter (roles: {', '.join(roles[:5])}{', ...' if len(roles) > 5 else ''})."
            if roles else
            f"Name owners: create the roles that keep pages true (`handbook new role \"Sales lead\"` "
            f"writes one in {pages}/roles/), then add `owner: <role id>` to each of the "
            f"{score.unowned} documents without one.")
    if score.unreviewed:
        steps.append(f"Record reviews on the {score.unreviewed} documents not reviewed lately: once "
                     f"the owner has read one, set `reviewed: {hub.today.isoformat()}` (due again in "
                     f"{hub.settings.options.review_every}, or its own `review_every:`).")
    has_page = any(doc.fields.owner or doc.fields.reviewed for doc in hub)  # see indexes._freshness
    steps.append("See every finding with `handbook check --verbose`" + (
        ", or on the freshness page (freshness/) of the built site." if has_page else
        "; the site gets a freshness page listing them once a document has an owner."))
    return ["What to do next:", *(f"  {i}. {step}" for i, step in enumerate(steps, 1))]
