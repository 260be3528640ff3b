"""The ids a document points at: owners, audiences, stages, assets, onboarding pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from handbook.model.documents import Campaign, Document, Kind, Playbook, Role, Stage
from handbook.model.frontmatter import Loc


@dataclass(frozen=True)
class Reference:
    """One id a document points at, where it says so, and what kind it must be (None: any)."""

    loc: Loc
    target: str
    kind: Kind | None


def references(doc: Document) -> Iterator[Reference]:
    """Every reference a document makes, in file order."""
    fields = doc.fields
    if fields.owner:
        yield Reference(("owner",), fields.owner, "role")
    for i, role in enumerate(fields.audience):
        yield Reference(("audience", i), role, "role")
    if isinstance(fields, Playbook):
        for i, stage in enumerate(fields.stages):
            yield Reference(("stages", i), stage, "stage")
    if isinstance(fields, Playbook | Stage | Campaign):
        for i, asset in enumerate(fields.assets):
            yield Reference(("assets", i), asset, "asset")
    if isinstance(fields, Role):
        for i, expectation in enumerate(fields.expectations):
            yield Reference(("expectations", i, "for"), expectation.for_, "role")
        for i, page in enumerate(fields.onboarding):
            yield Reference(("onboarding", i), page, None)
