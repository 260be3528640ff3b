"""Read every Markdown file of a hub into typed documents, collecting problems as it goes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from handbook.diagnostics import Diagnostic
from handbook.documents import KINDS, MODELS, Common, Document, Kind
from handbook.frontmatter import FrontMatterError, Parsed, line_of, parse
from handbook.hub import Hub
from handbook.options import Settings
from handbook.validation import explain, field_names, suggest

# Folder (relative to content/ or playbooks/) -> the kind its documents have by default.
CONTENT_KINDS: dict[str, Kind] = {
    "roles": "role",
    "campaigns": "campaign",
    "releases": "release",
    "glossary": "term",
    "assets": "asset",
}
STAGE_FOLDER = "process"


@dataclass(frozen=True)
class Source:
    """A Markdown file found in the hub, with the kind and site path its folder gives it."""

    path: str  # relative to the hub root
    absolute: Path
    kind: Kind
    uri: str  # site path: content/ files at the top, playbooks/process/ as process/


def discover(settings: Settings) -> tuple[list[Source], dict[str, str]]:
    """All documents and, beside the playbooks, the static files to publish."""
    sources: list[Source] = []
    static: dict[str, str] = {}
    playbooks = settings.playbooks_dir.resolve()
    for folder, is_playbooks in ((settings.content_dir, False), (settings.playbooks_dir, True)):
        # playbooks_dir may sit inside docs_dir (content/playbooks): read it once, as playbooks
        skip = None if is_playbooks else playbooks
        for absolute in _walk(folder, skip):
            rel = PurePosixPath(absolute.relative_to(folder).as_posix())
            uri = _site_path(rel, is_playbooks)
            if absolute.suffix.lower() != ".md":
                if is_playbooks:
                    static[uri] = str(absolute)
                continue
            kind = _folder_kind(rel, is_playbooks)
            path = absolute.relative_to(settings.root).as_posix()
            sources.append(Source(path, absolute, kind, uri))
    return sources, static


def _walk(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (skip is None or (Path(dirpath) / d).resolve() != skip))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _site_path(rel: PurePosixPath, is_playbooks: bool) -> str:
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


def load(settings: Settings) -> tuple[Hub, list[Diagnostic]]:
    """Load the whole hub. Never raises for bad content: problems come back as diagnostics."""
    sources, static = discover(settings)
    hub = Hub(settings=settings, static=static)
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    unique: list[tuple[Source, str]] = []
    for source in sources:
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
    for source, doc_id in unique:
        short = short_name(source)
        name = short if len(hub.names[short]) == 1 else doc_id
        document, found = _read(source, doc_id, name, settings.root)
        problems.extend(found)
        if document is None:
            hub.broken[doc_id] = source.kind
        else:
            hub.documents[doc_id] = document
    return hub, problems


def _read(source: Source, doc_id: str, name: str, root: Path) -> tuple[Document | None, list[Diagnostic]]:
    def problem(line: int, message: str, fix: str = "", severity: str = "error") -> Diagnostic:
        return Diagnostic(source.path, line, severity, message, fix)  # type: ignore[arg-type]

    if not source.absolute.resolve().is_relative_to(root.resolve()):
        return None, [problem(1, "this file is a link to a place outside the hub",
                              "replace the link with the file itself")]
    try:
        raw = source.absolute.read_bytes()
    except OSError as exc:  # a dangling link, a folder named .md, no permission
        return None, [problem(1, f"the file cannot be read: {exc.strerror or exc}",
                              "replace it with a readable Markdown file, or delete it")]
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
    for key, close in _near_misses(fields, model):
        found.append(problem(line_of(parsed.lines, (key,)), f"unknown field `{key}` for a {kind}",
                             f"did you mean `{close}`?"))
    document = Document(doc_id, kind, source.path, source.uri, fields, parsed.body,
                        parsed.body_line, parsed.lines, name)
    return document, found


def _near_misses(fields: Common, model: type[Common]) -> Iterator[tuple[str, str]]:
    """Keys a page keeps for other tools that are typos of its own fields (`ownr`): every other
    key passes through, as does a near miss beside the field it resembles (`owners` and `owner`)."""
    names = field_names(model)
    for key in fields.model_extra or {}:
        close = suggest(key, names)
        if close and close not in fields.model_fields_set:
            yield key, close


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

