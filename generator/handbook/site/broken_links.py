"""Links in document bodies that lead nowhere, found before the build: what `mkdocs build`
reports for each page's links, at the levels mkdocs.yml's `validation:` gives them, so a pull
request `handbook check` passes never breaks the deploy.

A link is judged as the build will judge it: a `.md` link to a document of the hub is
rewritten by Handbook to that page; any other relative link must name a page or a file the site
has; `#anchor` must be an id on the target page (its headings, as the `toc` extension makes
them, `{#id}` attribute lists, raw HTML ids, footnotes). Code and HTML comments hold no links.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, unique  # type: ignore[import-untyped]
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor  # type: ignore[import-untyped]

from handbook.checks import clashes
from handbook.model.diagnostics import Diagnostic, Severity
from handbook.model.documents import Document
from handbook.model.hub import Hub
from handbook.model.inclusion import Inclusion
from handbook.model.links import blob_url, relative_url
from handbook.model.loader import leads_outside, repository_of
from handbook.model.options import Level, Settings
from handbook.model.validation import suggest
from handbook.site.render import Renderer

SEVERITY: dict[str, Severity] = {"warn": "warning", "info": "notice"}  # `ignore`: not reported


@dataclass(frozen=True)
class Link:
    """A link as written in a body, the body line it is on (0-based), and whether it is written
    inline (`[x](y.md)`), the form Handbook rewrites to site paths."""

    target: str
    offset: int
    inline: bool = True


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE = re.compile(r"(?<!\\)\]\(")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


class _TargetReader(LinkInlineProcessor):  # type: ignore[misc]
    """Python-Markdown's own reading of `(target "title")`: nested brackets, spaces, quotes
    and all. Outside a conversion there is nothing stashed to unescape."""

    def unescape(self, text: str) -> str:
        return text


_TARGET_OF = _TargetReader(LINK_RE).getLink
_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n^][^\]\n]*)\]:[ \t]*(?P<target><[^>\n]*>|\S+)",
                         re.MULTILINE)


def _blank(text: str) -> str:
    """Text of the same shape with nothing in it: offsets and line numbers stay true."""
    return re.sub(r"[^\n]", " ", text)


def prose(body: str, spans: bool = True) -> str:
    """The body with code blocks, HTML comments and (with `spans`) code spans blanked out:
    where Markdown makes links and headings. Indented code is told from a list's indented
    paragraphs by whether a list is open."""
    lines = body.split("\n")
    fence: str | None = None
    in_list = in_code = False
    previous_blank = True
    for i, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            lines[i] = _blank(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence, in_code = opening.group(1), False
            lines[i] = _blank(line)
            continue
        if not line.strip():
            previous_blank = True
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if indent >= 4 and not in_list and (previous_blank or in_code):
            in_code = True
            lines[i] = _blank(line)
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif indent == 0 and previous_blank:
                in_list = False
        previous_blank = False
    masked = _COMMENT.sub(lambda m: _blank(m.group(0)), "\n".join(lines))
    return _CODE_SPAN.sub(lambda m: _blank(m.group(0)), masked) if spans else masked


def links_in(body: str) -> list[Link]:
    """Every link and image a body's Markdown makes, in file order: inline ones, and reference
    definitions that something refers to."""
    text = prose(body)
    found = []
    for m in _INLINE.finditer(text):
        end = _PARAGRAPH_END.search(text, m.end())
        target, _, _, handled = _TARGET_OF(text[:end.start() if end else len(text)], m.end() - 1)
        if handled:
            found.append(Link(target, text.count("\n", 0, m.start())))
    rest = _DEFINITION.sub("", text)
    for m in _DEFINITION.finditer(text):
        label = re.escape(m.group("label").strip())
        if re.search(rf"\[{label}\](?!:)", rest, re.IGNORECASE):
            found.append(Link(_unwrapped(m.group("target")), text.count("\n", 0, m.start()), False))
    return sorted(found, key=lambda link: link.offset)


def _unwrapped(target: str) -> str:
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


_ATX = re.compile(r"^(#{1,6})(.*?)#*$")  # Python-Markdown's: no space needed after the #
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)")
_ATTR_ANYWHERE = re.compile(r"\{:?[ \t]*([^{}\n]*#[^{}\n]*)\}")
_HTML_ID = re.compile(r"<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^([^\]\n]+)\]:", re.MULTILINE)
_INLINE_MARKUP = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # an image has no text
    (re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"(?<!\w)_+|_+(?!\w)"), ""),  # _emphasis_, not snake_case
)


def heading_text(written: str) -> str:
    """A heading's text as the `toc` extension reads it: without its markup."""
    for pattern, replacement in _INLINE_MARKUP:
        written = pattern.sub(replacement, written)
    return html.unescape(written.replace("\\", ""))


def anchors_in(markdown: str, separator: str = "-") -> set[str]:
    """The ids a page's Markdown gives its HTML: headings (`toc`'s slugs, `_1` for repeats),
    attribute lists, raw HTML ids and names, footnotes."""
    blocks = prose(markdown, spans=False)  # a heading's code is part of its text
    text = _CODE_SPAN.sub(lambda m: _blank(m.group(0)), blocks)
    explicit = {m.group(1) for attrs in _ATTR_ANYWHERE.finditer(text)
                for m in _ATTR_ID.finditer(attrs.group(1))}
    explicit |= {next(g for g in m.groups() if g is not None) for m in _HTML_ID.finditer(markdown)}
    for label in _FOOTNOTE.findall(text):
        explicit |= {f"fn:{label}", f"fnref:{label}"}
    ids = set(explicit)
    lines = blocks.split("\n")
    for i, line in enumerate(lines):
        atx = _ATX.match(line)
        if atx:
            written = atx.group(2).strip()
        elif (i and _SETEXT.match(line) and lines[i - 1].strip() and (i == 1 or not lines[i - 2].strip())
              and not _ATX.match(lines[i - 1]) and not _LIST_ITEM.match(lines[i - 1])):
            written = lines[i - 1]  # the first line of a block, underlined
        else:
            continue
        attrs = _ATTR_LIST.search(written)
        own = _ATTR_ID.search(attrs.group(1)) if attrs else None
        if own:
            continue  # counted with the explicit ids
        written = written[:attrs.start()] if attrs else written
        ids.add(unique(slugify(heading_text(written).strip(), separator), ids))
    return ids


class _Site:
    """What the built site will hold, to judge links against, as the build sees it."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.pages = {doc.uri: doc for doc in hub}
        self.files = set(clashes.generated(hub)) | set(hub.static)
        self.renderer: Renderer | None = None
        self.anchors: dict[str, set[str]] = {}
        self.inclusion = Inclusion(hub.settings, preview=False)

    @cached_property
    def repository(self) -> Path:
        """Where links may lead (see `leads_outside`), found once, for the first broken link."""
        return repository_of(self.hub.settings.root)

    @cached_property
    def published(self) -> tuple[Path, ...]:
        """The folders whose files the site publishes, as real paths."""
        folders = (self.hub.settings.content_dir, self.hub.settings.playbooks_dir)
        return tuple(Path(os.path.realpath(folder)) for folder in folders)

    def has(self, site_path: str) -> bool:
        """A page or file at this site path: documents, generated pages, files beside the
        playbooks, and files in the docs folder (which MkDocs copies; hidden ones it leaves)."""
        if site_path in self.pages or site_path in self.files:
            return True
        if site_path.startswith("../"):
            return False
        if any(p.startswith(".") for p in site_path.split("/")) and not self.inclusion.by_path(site_path):
            return False  # MkDocs leaves dot files out, unless `exclude_docs` takes them back (`!.gitbook/`)
        return (self.hub.settings.content_dir / site_path).is_file()

    def anchors_of(self, doc: Document) -> set[str]:
        """The ids on a document's page: its body and what Handbook lays out around it."""
        if doc.uri not in self.anchors:
            if self.renderer is None:
                self.renderer = Renderer(self.hub, {
                    "ledger": {}, "history_available": False, "history_reason": "",
                    "commit_url": lambda sha: None,
                    "date_format": self.hub.settings.options.date_format})
            body = self.renderer.document(doc).body
            self.anchors[doc.uri] = anchors_in(body, self.hub.settings.links.heading_separator)
        return self.anchors[doc.uri]


def check(hub: Hub) -> Iterator[Diagnostic]:
    """Each link a build would warn (or tell) about, at the level mkdocs.yml gives it."""
    site = _Site(hub)
    for doc in hub:
        for link in links_in(doc.body):
            found = _judged(doc, link, site)
            if found is None:
                continue
            level, kind, message, fix = found
            severity = SEVERITY.get(level)
            if severity is not None:
                yield Diagnostic(doc.path, doc.body_line + link.offset, severity, message, fix, kind)


def nav(hub: Hub) -> Iterator[Diagnostic]:
    """Each entry of an explicit `nav:` in mkdocs.yml naming no page or file, which the build
    warns about (`validation: nav: not_found:`)."""
    severity = SEVERITY.get(hub.settings.links.nav_not_found)
    if severity is None or hub.settings.nav is None:
        return
    site = _Site(hub)
    config = hub.settings.root / hub.settings.config_file
    written = config.read_text(encoding="utf-8", errors="replace").split("\n") if config.is_file() else []
    for path in _nav_paths(hub.settings.nav):
        parts = urlsplit(path)
        if parts.scheme or parts.netloc or path.startswith("/") or site.has(PurePosixPath(path).as_posix()):
            continue
        line = next((i for i, text in enumerate(written, 1) if path in text), 1)
        close = suggest(path, sorted(site.pages))
        yield Diagnostic(hub.settings.config_file, line, severity,
                         f"`nav:` names `{path}`, which is not a page or file of the hub",
                         f"did you mean `{close}`?" if close else
                         "correct the path (relative to the docs folder), or remove the entry",
                         "broken-nav")


def _nav_paths(entries: object) -> Iterator[str]:
    """Every path an explicit `nav:` names, in order, as MkDocs walks it."""
    if isinstance(entries, str):
        yield entries
    elif isinstance(entries, list):
        for entry in entries:
            yield from _nav_paths(entry)
    elif isinstance(entries, dict):
        for value in entries.values():
            yield from _nav_paths(value)


Verdict = tuple[Level, str, str, str]  # level, kind, what is wrong, the fix


def _judged(doc: Document, link: Link, site: _Site) -> Verdict | None:
    levels = site.hub.settings.links
    parts = urlsplit(link.target)
    if parts.scheme or parts.netloc:
        return None
    path, anchor = parts.path, parts.fragment
    if link.target.startswith(("/", "\\")):
        if levels.absolute_links != "relative_to_docs":
            return (levels.absolute_links, "absolute-link",
                    (f"links to `{link.target}`, an absolute path, which MkDocs leaves as written "
                     "(it breaks wherever the site is not at the top of its domain)"),
                    "write the link relative to this file, to the Markdown file it means; or, for "
                    "every such link at once (written GitHub's way, from the top of the docs), add "
                    "`validation: {links: {absolute_links: relative_to_docs}}` to mkdocs.yml: MkDocs "
                    "then finds them in the docs folder, checks them and links them")
        return _judged_at(doc, link, path.lstrip("/\\"), anchor, site)
    if not path:
        return _anchor(doc, link, doc, anchor, site) if anchor else None
    if link.inline and path.endswith(".md") and "://" not in path:  # Handbook's own rewrite
        linked = site.hub.at(posixpath.normpath(str(PurePosixPath(doc.path).parent / path)))
        if linked is not None:
            return _anchor(doc, link, linked, anchor, site)
    site_path = posixpath.normpath(posixpath.join(posixpath.dirname(doc.uri), unquote(path)).lstrip("/"))
    return _judged_at(doc, link, site_path, anchor, site)


def _judged_at(doc: Document, link: Link, site_path: str, anchor: str, site: _Site) -> Verdict | None:
    levels = site.hub.settings.links
    if site.has(site_path):
        target = site.pages.get(site_path)
        return _anchor(doc, link, target, anchor, site) if target and anchor else None
    if not posixpath.splitext(site_path)[1]:
        tag = link.target.lstrip().startswith(("{%", "{{"))  # Jekyll's `{% link x.md %}`, say
        return (levels.unrecognized_links, "unrecognized-link",
                f"links to `{link.target}`, which MkDocs cannot match to a page or file",
                ("the link is a template tag of another site generator: write the path of the "
                 "Markdown file it names, like `faq.md`, relative to this file") if tag else
                "link to the Markdown file itself, like `faq.md`, relative to this file")
    outside = _outside_docs(doc, link, site)
    if outside is not None:
        return (levels.not_found, "broken-link", *outside)
    return (levels.not_found, "broken-link",
            f"links to `{link.target}`, which is not a page or file of the hub",
            _closest_file(doc, site_path, site))


def _outside_docs(doc: Document, link: Link, site: _Site) -> tuple[str, str] | None:
    """What is wrong with a link to a file that is in the repository but not in the docs folder
    (a script beside the pages before they moved into `content/`), and the fix; None if there is
    no such file."""
    settings = site.hub.settings
    path = urlsplit(link.target.strip()).path
    if not path or path.startswith("/") or "://" in link.target:
        return None
    target = _in_repository(Path(os.path.normpath((settings.root / doc.path).parent / unquote(path))),
                            site.repository)
    # a file of the docs folder, excluded, is no business of this
    if target is not None and not any(target.is_relative_to(folder) for folder in site.published):
        hosted = blob_url(settings.repo_url, target.relative_to(site.repository).as_posix())
        return (f"links to `{link.target}`, a file of the repository outside the docs folder, which "
                "the site does not publish",
                (f"link to it where the repository is hosted ({hosted})" if hosted else
                 "link to it where the repository is hosted (its address on GitHub or GitLab)")
                + ", or copy it into the docs folder")
    fix = _left_by_the_move(doc, path, settings, site.repository)
    return None if fix is None else (
        f"links to `{link.target}`, which is not a page or file of the hub: the file it meant stayed "
        "at the top of the repository when the pages moved", fix)


def _left_by_the_move(doc: Document, path: str, settings: Settings, repository: Path) -> str | None:
    """The fix for a link written before the pages moved from the top into the docs folder
    (`content/`), to a file that stayed at the top: GitBook's `.gitbook/assets/` images, say.
    Moved in beside the pages, the file is where the link leads again."""
    docs = settings.content_dir.relative_to(settings.root)
    if len(docs.parts) != 1 or not doc.path.startswith(docs.as_posix() + "/"):
        return None
    # as the host rendered it: `company/../x` is `x`, whether or not `company/` is still there
    written = (settings.root / doc.path.split("/", 1)[1]).parent / unquote(path)
    before = _in_repository(Path(os.path.normpath(written)), repository)
    root = Path(os.path.realpath(settings.root))
    if before is None or not before.is_relative_to(root):
        return None
    top = before.relative_to(root).parts[0]
    if top == docs.parts[0]:
        return None
    hidden = (f" (MkDocs leaves folders whose name starts with a dot out of the site: add "
              f"`exclude_docs: '!{top}/'` to mkdocs.yml)") if top.startswith(".") else ""
    return (f"this link worked before the pages moved into `{docs}/`, but `{top}` stayed at the "
            f"top: move it in beside them, where the link leads now: `git mv {shlex.quote(top)} "
            f"{docs}/`{hidden}")


def _in_repository(target: Path, repository: Path) -> Path | None:
    """`target` as a real path, where it is a file of the repository (links followed)."""
    try:
        if not target.is_file() or leads_outside(target, repository):
            return None
    except OSError:
        return None
    return Path(os.path.realpath(target))


def _closest_file(doc: Document, site_path: str, site: _Site) -> str:
    by_name = {PurePosixPath(d.path).stem: d for d in site.hub}  # `.md` would make all look alike
    close = suggest(PurePosixPath(site_path).stem, list(by_name))
    if close is None:
        return "correct the path (it is relative to this file), or remove the link"
    there = relative_url(doc.path, by_name[close].path)
    return f"did you mean `{there}`?"


def _anchor(doc: Document, link: Link, target: Document, anchor: str, site: _Site) -> Verdict | None:
    levels = site.hub.settings.links
    if not anchor or not levels.heading_ids:
        return None
    present = site.anchors_of(target)
    if anchor in present:
        return None
    close = suggest(anchor, sorted(present))
    where = "this page" if target is doc else target.path
    fix = (f"did you mean `#{close}`?" if close else
           f"link to one of its headings, or give the heading that id: `## Heading {{#{anchor}}}`")
    return (levels.anchors, "broken-anchor",
            f"links to `{link.target}`, but {where} has no heading or anchor `#{anchor}`", fix)
