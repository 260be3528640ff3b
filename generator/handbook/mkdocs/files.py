"""Which files MkDocs builds: the core's pages in place of the ones MkDocs found.

MkDocs keeps its own File for each authored page (its source path, which other plugins such
as Material's blog read, and its inclusion stay MkDocs'); every other page MkDocs found goes,
and the pages the core generates come in. Of the other files MkDocs found in docs_dir, none
that is a link leading outside the repository (or to nothing) is copied."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from handbook.model.diagnostics import Diagnostic
from handbook.model.loader import refusal, repository_of
from handbook.site.tree import Site


def arrange(files: Files, site: Site, config: MkDocsConfig, root: Path, *,
            preview: bool = False) -> list[Diagnostic]:
    """Change `files` in place to what the site publishes; the files refused, as diagnostics.
    `preview`: the live preview, which renders MkDocs' drafts."""
    refused = _drop_unknown_and_outside(files, site, config, root, preview)
    authored = {file.src_uri for file in files if file.is_documentation_page()}  # drafts too
    for uri, page in site.pages.items():
        if uri not in authored:
            files.append(File.generated(config, uri, content=page.markdown))
    for uri, content in site.files.items():
        files.append(File.generated(config, uri, content=content))
    for uri, source in site.static.items():
        files.append(File.generated(config, uri, abs_src_path=source))
    return refused


def _drop_unknown_and_outside(files: Files, site: Site, config: MkDocsConfig,
                              root: Path, preview: bool) -> list[Diagnostic]:
    """Pages the core does not publish (refused, or unknown: never unchecked) and files that
    lead outside the repository leave `files`. Pages MkDocs will not render stay, so that it
    words links to them as it does without Handbook ("excluded from the built site")."""
    repository = repository_of(root)
    refused: list[Diagnostic] = []
    for file in list(files):
        if file.is_documentation_page():
            if not _authored(file, site, root) and not _left_out(file, preview):
                files.remove(file)
        elif file.abs_src_path and file.src_dir == config.docs_dir:
            problem = refusal(os.path.relpath(file.abs_src_path, root).replace(os.sep, "/"),
                              Path(file.abs_src_path), repository)
            if problem:
                files.remove(file)
                if file.inclusion is not InclusionLevel.EXCLUDED:
                    refused.append(problem)
    return refused


def _left_out(file: File, preview: bool) -> bool:
    """Whether MkDocs leaves the page out of this build (`exclude_docs`, a blog's draft; a
    `draft_docs` page outside the preview)."""
    if file.inclusion is InclusionLevel.DRAFT:
        return not preview
    return file.inclusion is InclusionLevel.EXCLUDED


def _authored(file: File, site: Site, root: Path) -> bool:
    """Whether MkDocs' `file` is the source of one of the core's authored pages."""
    published = site.pages.get(file.src_uri)
    if published is None or published.document is None or file.abs_src_path is None:
        return False
    source = root / published.document.path
    return os.path.realpath(file.abs_src_path) == os.path.realpath(source)
