"""Checks across documents: references resolve, dates make sense, files stay inside the hub."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from handbook.checks import freshness
from handbook.checks.theme import theme_keys
from handbook.model.diagnostics import Diagnostic, Severity
from handbook.model.documents import OWNERLESS, Asset, Campaign, Document, Release, Stage
from handbook.model.frontmatter import Loc
from handbook.model.hub import Hub
from handbook.model.markdown import scheme
from handbook.model.references import references
from handbook.model.validation import suggest


def check(hub: Hub, stale: dict[str, list[freshness.Finding]]) -> list[Diagnostic]:
    """Every cross-document problem in the hub, at once.

    Stale content is reported at the hub's `freshness` severity, in `check` and builds alike:
    a notice by default, so an overdue review never blocks publishing a fix.
    """
    found: list[Diagnostic] = []
    stale_as = hub.settings.options.freshness
    foreign = _foreign_playbooks(hub)
    if foreign:
        found.append(foreign)
    for doc in hub:
        asked = not (foreign and doc.kind == "playbook")  # the folder's error asks for them all at once
        for message, loc, fix, severity in _problems(doc, hub, ask_owner=asked):
            found.append(Diagnostic(doc.path, doc.line(*loc), severity, message, fix))
        for finding in stale.get(doc.id, []):
            line = finding.line or doc.line(*finding.loc)
            found.append(Diagnostic(doc.path, line, stale_as, finding.message, finding.fix,
                                    finding.what))
        for message, loc, fix in _overdue(doc, hub.today):
            found.append(Diagnostic(doc.path, doc.line(*loc), stale_as, message, fix))
    found.extend(_stage_order(hub))
    return found


Problem = tuple[str, Loc, str, Severity]


def _foreign_playbooks(hub: Hub) -> Diagnostic | None:
    """One error for a `playbooks/` folder none of whose playbooks has an owner: a folder of the
    team's own pages that happens to have Handbook's name (Artsy's handbook has one), not
    thirty errors asking for thirty owners."""
    folder = hub.settings.options.playbooks_dir.strip("/")
    playbooks = [doc for doc in hub if doc.kind == "playbook" and doc.path.startswith(folder + "/")]
    if len(playbooks) < 2 or any(doc.fields.owner for doc in playbooks):
        return None
    docs = Path(hub.settings.content_dir).relative_to(hub.settings.root).as_posix()
    return Diagnostic(
        folder, 1, "error",
        f"`{folder}/` is where Handbook reads playbooks, each kept by a role (its `owner`), and "
        f"none of its {len(playbooks)} files has an owner: they look like pages of your own",
        f"to publish them as pages, move the folder in with the rest: `git mv {folder} {docs}/`; "
        f"or set `playbooks_dir:` under the handbook plugin to another folder; or add `owner:` to each")


def _problems(doc: Document, hub: Hub, ask_owner: bool = True) -> Iterator[Problem]:
    yield from _dangling(doc, hub)
    fields = doc.fields
    if ask_owner and doc.kind not in OWNERLESS and not fields.owner:
        roles = ", ".join(r.name for r in hub.of_kind("role")) or "none yet"
        yield (f"a {doc.kind} needs an `owner`: the role that keeps it true", (),
               f"add `owner: <role id>` to the front matter (roles: {roles})", "error")
    if isinstance(fields, Campaign) and fields.ends < fields.starts:
        yield (f"the campaign ends ({fields.ends}) before it starts ({fields.starts})",
               ("ends",), "swap the dates or correct the typo", "error")
    yield from theme_keys(fields, hub.settings)
    if isinstance(fields, Asset):
        yield from _asset_source(doc, fields, hub.settings.root)
    if isinstance(fields, Release):
        yield from _promises(fields)


def _overdue(doc: Document, now: dt.date) -> Iterator[tuple[str, Loc, str]]:
    """Promises past their date and results nobody reported: true once, stale now."""
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


