"""Read every Markdown file of a hub into typed documents, collecting problems as it goes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from handbook.model.diagnostics import Diagnostic
from handbook.model.documents import FOLDERS, KINDS, MODELS, Common, Document, Kind, nav_titles
from handbook.model.frontmatter import FrontMatterError, Parsed, line_of, parse
from handbook.model.hub import Hub
from handbook.model.inclusion import Inclusion
from handbook.model.options import Settings
from handbook.model.validation import explain, field_names, suggest

# Folder (relative to content/) -> the kind its documents have by default.
CONTENT_KINDS: dict[str, Kind] = {folder.removeprefix("{content}/"): kind for kind, folder in FOLDERS.items()
                                  if folder.startswith("{content}/")}
STAGE_FOLDER = FOLDERS["stage"].removeprefix("{playbooks}/")  # stages: the rest of playbooks/ is playbooks


@dataclass(frozen=True)
class Source:
    """A Markdown file found in the hub, with the kind and site path its folder gives it."""

    path: str  # relative to the hub root
    absolute: Path
    kind: Kind
    uri: str  # site path: content/ files at the top, playbooks/process/ as process/


@dataclass
class Discovered:
    """What a hub's folders hold, and the links in them that are refused."""

    sources: list[Source] = field(default_factory=list)
    # Other files beside the playbooks, which Handbook publishes: site path -> absolute path.
    static: dict[str, str] = field(default_factory=dict)
    # Other files in docs_dir, which MkDocs copies itself: site path -> absolute path.
    copied: dict[str, str] = field(default_factory=dict)
    # Documents this build leaves out by their path (exclude_docs, draft_docs; see inclusion).
    left_out: list[Source] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def discover(settings: Settings, inclusion: Inclusion | None = None) -> Discovered:
    """All documents and the other files to publish, as `inclusion` says (by default, a
    build's). A file or folder that is a link leading outside the repository, or to nothing,
    is refused with a diagnostic: nothing outside the repository (a CI runner's
    `/proc/self/environ`, say) may reach the site; one the build leaves out is not looked at."""
    inclusion = inclusion or Inclusion(settings, preview=False)
    found = Discovered()
    repository = repository_of(settings.root)
    playbooks = settings.playbooks_dir.resolve()
    for folder, is_playbooks in ((settings.content_dir, False), (settings.playbooks_dir, True)):
        # playbooks_dir may sit inside docs_dir (content/playbooks): read it once, as playbooks
        skip = None if is_playbooks else playbooks
        if folder.is_dir() and leads_outside(folder, repository):
            found.problems.append(_folder_refusal(folder, settings, OUTSIDE))
            continue
        for absolute in _walk(folder, settings, repository, skip, found.problems):
            rel = PurePosixPath(absolute.relative_to(folder).as_posix())
            uri = site_path(rel, is_playbooks)
            path = absolute.relative_to(settings.root).as_posix()
            if absolute.suffix.lower() == ".md":
                source = Source(path, absolute, _folder_kind(rel, is_playbooks), uri)
                (found.sources if inclusion.by_path(uri) else found.left_out).append(source)
                continue
            if not is_playbooks and not inclusion.by_path(uri):
                continue  # MkDocs does not copy it
            refused = refusal(path, absolute, repository)
            if refused:
                found.problems.append(refused)
            else:
                (found.static if is_playbooks else found.copied)[uri] = str(absolute)
    return found


def repository_of(root: Path) -> Path:
    """Where a hub's files may lead: the Git working tree around it, else the hub itself."""
    root = root.resolve()
    return next((folder for folder in (root, *root.parents) if (folder / ".git").exists()), root)


def leads_outside(path: Path, repository: Path) -> bool:
    """Whether a file or folder, every link followed, is outside the repository or in its
    `.git` (whose config can hold the credentials a CI checkout used)."""
    real = Path(os.path.realpath(path))
    return not real.is_relative_to(repository) or real.is_relative_to(repository / ".git")


def refusal(path: str, absolute: Path, repository: Path) -> Diagnostic | None:
    """Why a file (`path`, relative to the hub root) cannot be published, or None if it can."""
    if leads_outside(absolute, repository):
        return Diagnostic(
            path, 1, "error",
            "this file is a link to a place outside the repository, so it is not published",
            "replace the link with a copy of the file, or delete the link")
    try:
        absolute.stat()
    except OSError as exc:  # a dangling link, a link loop, no permission
        return _unreadable(path, exc)
    return None


def _unreadable(path: str, exc: OSError) -> Diagnostic:
    return Diagnostic(path, 1, "error", f"the file cannot be read: {exc.strerror or exc}",
                      "replace it with a readable file, or delete it")


def _walk(folder: Path, settings: Settings, repository: Path, skip: Path | None,
          problems: list[Diagnostic]) -> Iterator[Path]:
    """Every visible file under `folder`. A link to a folder is followed, as MkDocs follows it,
    when it stays inside the repository and leads to a folder not published already."""
    if not folder.is_dir():
        return
    published = (settings.content_dir.resolve(), settings.playbooks_dir.resolve())
    followed: set[Path] = set()  # where links led: a second link there repeats those pages
    # each folder walked -> the real folders on the way to it: a link back to one is a loop
    within: dict[Path, tuple[Path, ...]] = {folder: (folder.resolve(),)}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            path = here / name
            real = path.resolve()
            if name.startswith(".") or real == skip:
                continue
            if path.is_symlink():
                why = _unfollowed(path, repository, within[here], followed, published)
                if why:
                    problems.append(_folder_refusal(path, settings, why))
                    continue
                followed.add(real)
            within[path] = (*within[here], real)
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.startswith("."):
                yield here / name


def _unfollowed(link: Path, repository: Path, ancestors: tuple[Path, ...], followed: set[Path],
                published: tuple[Path, ...]) -> tuple[str, str, str] | None:
    """Why a link to a folder is not walked (OUTSIDE, LOOP or PUBLISHED), or None to walk it.
    `ancestors`: the real folders on the way to the link; `followed`: where links led already."""
    real = link.resolve()
    if leads_outside(link, repository):
        return OUTSIDE
    if any(r.is_relative_to(real) for r in ancestors):
        return LOOP
    if real in followed or any(real.is_relative_to(p) or p.is_relative_to(real) for p in published):
        return PUBLISHED
    return None


# Why a linked folder is not walked: severity, what is wrong, the fix.
OUTSIDE = ("error", "a place outside the repository, so none of its files are published",
           "replace the link with a copy of the folder, or delete the link")
LOOP = ("error", "a folder that holds it, which MkDocs would walk without end",
        "delete the link")
PUBLISHED = ("warning",
             "a folder whose pages the hub publishes already, so they are not published twice",
             "delete the link, and link to those pages instead")


def _folder_refusal(path: Path, settings: Settings, why: tuple[str, str, str]) -> Diagnostic:
    severity, where, fix = why
    if path == settings.content_dir:  # docs_dir itself, resolved: mkdocs.yml names it
        return Diagnostic(settings.config_file, 1, severity,  # type: ignore[arg-type]
                          f"`docs_dir` leads to {where}",
                          "keep the docs folder inside the repository")
    return Diagnostic(os.path.relpath(path, settings.root).replace(os.sep, "/"), 1,
                      severity, f"this folder is a link to {where}", fix)  # type: ignore[arg-type]


def site_path(rel: PurePosixPath, is_playbooks: bool) -> str:
    if not is_playbooks:
        return rel.as_posix()
    return rel.as_posix() if rel.parts[0] == STAGE_FOLDER else f"playbooks/{rel.as_posix()}"


def _folder_kind(rel: PurePosixPath, is_playbooks: bool) -> Kind:
    if rel.name == "index.md":
        return "page"
    top = rel.parts[0] if len(rel.parts) > 1 else ""
    if is_playbooks:
        return "stage" if top == STAGE_FOLDER else "playbook"
    return CONTENT_KINDS.get(top, "page")


def document_id(source: Source) -> str:
    """The site path without `.md` (`sales/faq`); an index.md is its folder (`sales`), the
    home page `index`. Unique, so file names may repeat across folders."""
    rel = PurePosixPath(source.uri)
    if rel.name != "index.md":
        return rel.with_suffix("").as_posix()
    return rel.parent.as_posix() if rel.parent.parts else "index"


def short_name(source: Source) -> str:
    """The name a reference may use alone while no other document has it: the file name
    (`faq`), an index.md's folder name (`sales`), `home` for the home page."""
    rel = PurePosixPath(source.uri)
    if rel.name != "index.md":
        return rel.stem
    return rel.parent.name if rel.parent.parts else "home"


def load(settings: Settings, today: dt.date, *, preview: bool = False) -> tuple[Hub, list[Diagnostic]]:
    """Load the documents this build publishes (`preview`: the live preview's, drafts
    included). Never raises for bad content: problems come back as diagnostics."""
    inclusion = Inclusion(settings, preview=preview)
    found = discover(settings, inclusion)
    hub = Hub(settings=settings, today=today, static=found.static, copied=found.copied,
              unpublished={source.path for source in found.left_out})
    problems = found.problems
    repository = repository_of(settings.root)
    seen: dict[str, str] = {}
    unique: list[tuple[Source, str]] = []
    for source in found.sources:
        doc_id = document_id(source)
        if doc_id in seen:  # `sales.md` and `sales/index.md`: one page, two files
            problems.append(Diagnostic(
                source.path, 1, "error", f"the id `{doc_id}` is already used by {seen[doc_id]}",
                "rename or move one of the files: a document's id is its path without .md",
            ))
            continue
        seen[doc_id] = source.path
        unique.append((source, doc_id))
        hub.names.setdefault(short_name(source), []).append(doc_id)
    titles = nav_titles(settings.nav)
    for source, doc_id in unique:
        short = short_name(source)
        name = short if len(hub.names[short]) == 1 else doc_id
        document, read_problems = _read(source, doc_id, name, repository)
        problems.extend(read_problems)
        if document is not None:
            document.nav_title = titles.get(source.uri, "")
        if document is None:
            hub.broken[doc_id] = source.kind
        elif not inclusion.by_blog(source.uri, document.fields.model_extra or {}, today):
            hub.unpublished.add(source.path)
            hub.names[short].remove(doc_id)
            hub.drafts.append(document)
        else:
            hub.documents[doc_id] = document
    return hub, problems + _templates_notice(found.left_out)


def _templates_notice(left_out: list[Source]) -> list[Diagnostic]:
    """MkDocs never builds a top-level `templates/` folder (it is for theme templates), and
    says nothing: a sales hub's email templates would vanish without a word."""
    left = [s.path for s in left_out if s.uri.startswith("templates/")]
    if not left:
        return []
    folder = left[0].rsplit("/templates/", 1)[0] + "/templates/"
    return [Diagnostic(
        left[0], 1, "notice",
        f"{folder} is left out of the site ({len(left)} page{'s' if len(left) != 1 else ''}): MkDocs "
        "never builds a top-level folder named templates",
        "rename the folder, for example to email-templates/, to publish its pages")]


def _read(
    source: Source, doc_id: str, name: str, repository: Path
) -> tuple[Document | None, list[Diagnostic]]:
    def problem(line: int, message: str, fix: str = "", severity: str = "error") -> Diagnostic:
        return Diagnostic(source.path, line, severity, message, fix)  # type: ignore[arg-type]

    refused = refusal(source.path, source.absolute, repository)
    if refused:
        return None, [refused]
    try:
        raw = source.absolute.read_bytes()
    except OSError as exc:  # a folder named .md, no permission
        return None, [_unreadable(source.path, exc)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [problem(
            line, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})",
            "save the file with the UTF-8 encoding in your editor",
        )]
    try:
        parsed = parse(text)
    except FrontMatterError as exc:
        return None, [problem(exc.line, exc.message, exc.fix)]
    found: list[Diagnostic] = []
    if not parsed.data and not parsed.body.strip():
        found.append(problem(1, "the file is empty", "add a title and some text, or delete it",
                             "warning"))
    kind = _declared_kind(parsed, source, found, problem)
    model = MODELS[kind]
    try:
        fields = model.model_validate(parsed.data)
    except ValidationError as error:
        for loc, message, fix in explain(error, model, kind):
            found.append(problem(line_of(parsed.lines, loc), message, fix))
        return None, found
    for key, message, fix, severity in _near_misses(fields, model, kind):
        found.append(problem(line_of(parsed.lines, (key,)), message, fix, severity))
    document = Document(doc_id, kind, source.path, source.uri, fields, parsed.body,
                        parsed.body_line, parsed.lines, name)
    return document, found


def _near_misses(fields: Common, model: type[Common], kind: str) -> Iterator[tuple[str, str, str, str]]:
    """Keys a page keeps for other tools that are typos of its own fields (`ownr`), as (key,
    message, fix, severity): every other key passes through, as does a near miss beside the field
    it resembles (`owners` and `owner`). A capital (GitBook's `Description:`) does nothing and
    blocks nothing: a warning."""
    names = field_names(model)
    for key in fields.model_extra or {}:
        close = suggest(key, names)
        if not close or close in fields.model_fields_set:
            continue
        if key.lower() == close:
            yield (key, f"`{key}` is not `{close}`: names are read as written, so this one does nothing",
                   f"write it `{close}`", "warning")
        else:
            yield key, f"unknown field `{key}` for a {kind}", f"did you mean `{close}`?", "error"


def _declared_kind(parsed: Parsed, source: Source, found: list[Diagnostic], problem) -> Kind:  # type: ignore[no-untyped-def]
    declared = parsed.data.get("kind")
    if declared is None:
        return source.kind
    if declared in KINDS:
        return declared  # type: ignore[no-any-return]
    close = suggest(str(declared), list(KINDS))
    fix = f"did you mean `{close}`?" if close else "use one of " + ", ".join(KINDS)
    found.append(problem(line_of(parsed.lines, ("kind",)), f"unknown kind `{declared}`", fix))
    parsed.data.pop("kind")
    return source.kind

