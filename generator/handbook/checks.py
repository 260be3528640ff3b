"""Checks across documents: references resolve, dates make sense, files stay inside the hub."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from handbook import broken_links, clashes, freshness, init, promises
from handbook.diagnostics import Diagnostic, Severity
from handbook.documents import (
    OWNERLESS,
    Asset,
    Campaign,
    Common,
    Document,
    Kind,
    Release,
    Role,
    Stage,
)
from handbook.frontmatter import Loc
from handbook.history import History
from handbook.hub import Hub
from handbook.loader import load
from handbook.markdown import scheme
from handbook.options import Settings, today
from handbook.validation import suggest


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
    for i, stage in enumerate(getattr(fields, "stages", [])):
        yield Reference(("stages", i), stage, "stage")
    for i, asset in enumerate(getattr(fields, "assets", [])):
        yield Reference(("assets", i), asset, "asset")
    if isinstance(fields, Role):
        for i, expectation in enumerate(fields.expectations):
            yield Reference(("expectations", i, "for"), expectation.for_, "role")
        for i, page in enumerate(fields.onboarding):
            yield Reference(("onboarding", i), page, None)


def check(hub: Hub) -> list[Diagnostic]:
    """Every cross-document problem in the hub, at once.

    Stale content is reported at the hub's `freshness` severity, in `check` and builds alike:
    a notice by default, so an overdue review never blocks publishing a fix.
    """
    found: list[Diagnostic] = []
    stale_as = hub.settings.options.freshness
    for doc in hub:
        for message, loc, fix, severity in _problems(doc, hub):
            found.append(Diagnostic(doc.path, doc.line(*loc), severity, message, fix))
        for finding in freshness.findings(doc, hub):
            line = finding.line or doc.line(*finding.loc)
            found.append(Diagnostic(doc.path, line, stale_as, finding.message, finding.fix,
                                    finding.what))
        for message, loc, fix in _overdue(doc):
            found.append(Diagnostic(doc.path, doc.line(*loc), stale_as, message, fix))
    found.extend(_stage_order(hub))
    return found


Problem = tuple[str, Loc, str, Severity]


def _problems(doc: Document, hub: Hub) -> Iterator[Problem]:
    yield from _dangling(doc, hub)
    fields = doc.fields
    if doc.kind not in OWNERLESS and not fields.owner:
        roles = ", ".join(r.name for r in hub.of_kind("role")) or "none yet"
        yield (f"a {doc.kind} needs an `owner`: the role that keeps it true", (),
               f"add `owner: <role id>` to the front matter (roles: {roles})", "error")
    if isinstance(fields, Campaign) and fields.ends < fields.starts:
        yield (f"the campaign ends ({fields.ends}) before it starts ({fields.starts})",
               ("ends",), "swap the dates or correct the typo", "error")
    yield from _theme_keys(fields, hub.settings)
    if isinstance(fields, Asset):
        yield from _asset_source(doc, fields, hub.settings.root)
    if isinstance(fields, Release):
        yield from _promises(fields)


def _overdue(doc: Document) -> Iterator[tuple[str, Loc, str]]:
    """Promises past their date and results nobody reported: true once, stale now."""
    now = today()
    fields = doc.fields
    if isinstance(fields, Release) and fields.date < now:
        for i, promise in enumerate(fields.promises):
            if promise.status == "planned":
                yield ((f"promise `{promise.id}` is still `planned` but the release date "
                        f"{fields.date} has passed"), ("promises", i, "status"),
                       "set its status to shipped, partial, delayed or cut, with `delivered:` or `note:`")
    if isinstance(fields, Campaign) and (now - fields.ends).days > 30:
        for i, goal in enumerate(fields.goals):
            if goal.actual is None:
                yield (f"the campaign ended on {fields.ends} but goal `{goal.metric}` has no result",
                       ("goals", i, "metric"), "add `actual:` with the result, so everyone sees how it went")


def _dangling(doc: Document, hub: Hub) -> Iterator[Problem]:
    """References that name no document, a document of the wrong kind, or several documents
    (a file name that repeats across folders): each reported where it is written."""
    for ref in references(doc):
        found = hub.matches(ref.target, ref.kind)
        fitting = [i for i in found if ref.kind in (None, hub.kind_of(i))]
        what = f"{ref.kind} " if ref.kind else ""
        if len(fitting) > 1:
            yield (f"`{ref.target}` matches several {ref.kind or 'document'}s: {', '.join(fitting)}",
                   ref.loc, f"write the path of the one you mean, like `{fitting[0]}`", "error")
        elif len(found) == 1 and not fitting:
            yield (f"`{ref.target}` is a {hub.kind_of(found[0])}, but {ref.loc[0]} needs a {ref.kind}",
                   ref.loc, f"use the id of a {ref.kind}", "error")
        elif not fitting:
            candidates = [d for d in hub if ref.kind in (None, d.kind)]
            close = suggest(ref.target, [d.name for d in candidates] + [d.id for d in candidates])
            fix = f"did you mean `{close}`?" if close else (
                f"create it, or use an existing {what}id" + (
                    f": {', '.join(d.name for d in candidates[:8])}" if candidates else ""))
            yield f"`{ref.target}` is not the id of any {what or 'document'}".rstrip(), ref.loc, fix, "error"


MATERIAL_TEMPLATES = Path(str(importlib.util.find_spec("material").origin)).parent / "templates"  # type: ignore[union-attr]
ICONS = "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/"


def _theme_keys(fields: Common, settings: Settings) -> Iterator[Problem]:
    """An icon or template the theme lacks would stop Material's build with a traceback.

    Templates come from the hub's own theme folder (or are `main.html`): Material's others,
    like its redirect page, would send readers wherever the front matter says."""
    theme = settings.theme_dir
    if fields.icon and not any((folder / ".icons" / f"{fields.icon}.svg").is_file()
                               for folder in (theme, MATERIAL_TEMPLATES) if folder):
        yield (f"`icon: {fields.icon}` is not an icon of the theme", ("icon",),
               f"pick one at {ICONS}, like `material/rocket-launch`", "error")
    if fields.template and fields.template != "main.html" and not (theme and (theme / fields.template).is_file()):
        yield (f"`template: {fields.template}` is not in the hub's theme folder", ("template",),
               "add it to the folder `custom_dir` names in mkdocs.yml, or remove the line", "error")


# What Handbook's own base.html adds to Material's: the partial, where it goes, and what a hub's
# base.html without it loses.
BASE_PARTS = (
    ("partials/handbook/content.html", "partials/content.html",
     "pages lose their status banners, page history and feedback links, and search leaves them out",
     'in place of `{% include "partials/content.html" %}`'),
    ("partials/handbook/scripts.html", "{% block scripts %}",
     "the search box finds nothing in Handbook's index and diagrams fetch Mermaid from the internet",
     "at the start of the `scripts` block, before Material's own script"),
)


def theme_overrides(settings: Settings) -> list[Diagnostic]:
    """Handbook's templates are Material's overrides; a hub's own base.html replaces Handbook's,
    which a hub's main.html would extend: it must include Handbook's parts itself, or its
    pages silently lose them."""
    if settings.theme != "material":
        return [Diagnostic(
            settings.config_file, 1, "warning",
            f"the theme is `{settings.theme}`, not Material for MkDocs, so pages are built without "
            "Handbook's banners, page history, feedback links and search",
            "set `theme: {name: material}` in mkdocs.yml")]
    base = settings.theme_dir / "base.html" if settings.theme_dir else None
    if base is None or not base.is_file():
        return []
    text = base.read_text(encoding="utf-8", errors="replace")
    path = os.path.relpath(base, settings.root).replace(os.sep, "/")
    found = []
    for part, near, loss, where in BASE_PARTS:
        if re.search(r"""\{%-?\s*include\s+["']""" + re.escape(part), text):
            continue
        line = text[:max(text.find(near), 0)].count("\n") + 1
        found.append(Diagnostic(
            path, line, "warning", f"this base.html takes the place of Handbook's, so {loss}",
            f'add `{{% include "{part}" %}}` {where}, or move your changes into blocks of '
            "main.html (`{% extends \"base.html\" %}`) and delete this file"))
    return found


def _asset_source(doc: Document, asset: Asset, root: Path) -> Iterator[Problem]:
    if bool(asset.file) == bool(asset.url):
        yield ("an asset needs either `file` or `url`, and only one", ("file",) if asset.file else (),
               "set `file:` to a path next to this document, or `url:` to a web address", "error")
    if not asset.file:
        return
    if scheme(asset.file):  # `javascript:`, `data:` or `https:` would be a link, not a file
        yield (f"`file: {asset.file.strip()}` is a web address, not a file next to this page", ("file",),
               "use `url:` for a web page (https://...), or write `./` before a file name that has a `:`",
               "error")
        return
    target = (root / doc.path).parent / asset.file
    resolved = target.resolve()
    if not resolved.is_relative_to(root.resolve()):
        yield (f"`file: {asset.file}` points outside the hub's repository", ("file",),
               "put the file inside the repository, next to the asset's page", "error")
    elif not resolved.is_file():
        yield (f"`file: {asset.file}` does not exist", ("file",),
               f"add the file at {resolved.relative_to(root.resolve()).as_posix()} or fix the path",
               "error")


def _promises(release: Release) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, promise in enumerate(release.promises):
        if promise.id in seen:
            yield (f"two promises have the id `{promise.id}`", ("promises", i, "id"),
                   "give each promise its own id", "error")
        seen.add(promise.id)
        if promise.status in ("shipped", "partial") and not promise.delivered:
            yield (f"promise `{promise.id}` is {promise.status} but does not say what was delivered",
                   ("promises", i, "status"),
                   "add `delivered:` with what actually shipped", "error")


def _stage_order(hub: Hub) -> Iterator[Diagnostic]:
    taken: dict[int, str] = {}
    for doc in hub.of_kind("stage"):
        assert isinstance(doc.fields, Stage)
        order = doc.fields.order
        if order in taken:
            yield Diagnostic(doc.path, doc.line("order"), "warning",
                             f"stage order {order} is also used by `{taken[order]}`",
                             "give every stage its own `order` number")
        taken[order] = doc.name


def run(
    settings: Settings, found_history: History | None = None, links: bool = True
) -> tuple[Hub, list[Diagnostic]]:
    """Load a hub and check it: what `handbook check` and every build start with.

    With the Git history, the promise ledger is checked too: nothing announced may vanish, not
    even with its whole release note. `links`: check links in bodies as MkDocs will (a build
    leaves that to MkDocs itself, which reports them in its own words).
    """
    hub, problems = load(settings)
    problems += check(hub)
    problems += clashes.check(hub, with_history=bool(found_history and found_history.commits))
    if links:
        problems += broken_links.check(hub)
        problems += broken_links.nav(hub)
    if settings.options.history and not settings.site_url:
        problems.append(Diagnostic(
            settings.config_file, 1, settings.options.freshness,
            "`site_url` is not set, so the What's new feed links to pages by relative paths, "
            "which feed readers cannot follow",
            "add `site_url:` with the address the site is published at",
        ))
    problems += init.unignored(settings)
    problems += theme_overrides(settings)
    if found_history is not None and found_history.available:
        if found_history.shallow:
            problems.append(Diagnostic(
                settings.config_file, 1, "warning",
                "this is a shallow clone, so page histories stop early",
                "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub "
                "Actions' checkout step)",
            ))
        problems += promises.problems(hub, promises.ledger(hub, found_history))
        problems += promises.deleted_releases(hub, found_history)
        problems += promises.deleted_in_working_tree(hub, found_history)
        problems += left_out(settings, found_history)
    return hub, problems


def left_out(settings: Settings, found_history: History) -> list[Diagnostic]:
    """A notice for each commit the history could not represent. History cannot be rewritten,
    so such a commit must never stop a build: it is only named, once per run."""
    return [Diagnostic(
        settings.config_file, 1, "notice",
        f"commit {commit.sha} is left out of page histories and What's new: {commit.why}",
        "nothing to fix in the hub: the commit stays in Git, its pages keep the rest of their history",
    ) for commit in found_history.left_out]
