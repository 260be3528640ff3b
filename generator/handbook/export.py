"""`handbook export DIR`: the whole site as a plain docs tree and an mkdocs.yml, so any engine
that reads mkdocs.yml (MkDocs + Material, Zensical) builds the hub without the plugin.

The per-page extras the plugin hands the theme (banners, history) become Markdown here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from handbook.markdown import environment, relative
from handbook.options import Settings
from handbook.tree import Tree

THEME = Path(__file__).parent / "theme"
EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": True}}, "pymdownx.details",
    {"pymdownx.superfences": {"custom_fences": [{
        "name": "mermaid", "class": "mermaid",
        "format": "!!python/name:pymdownx.superfences.fence_code_format"}]}},
]


def export(tree: Tree, settings: Settings, out: Path) -> None:
    """Write `out/docs/` and `out/mkdocs.yml`; `out` must be empty or not exist yet."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(out)
    docs = out / "docs"
    extras = environment().get_template("extras.md")
    for uri, markdown in tree.pages.items():
        meta = tree.extras(uri)
        banners = extras.render(part="banners", relative=lambda to: relative(uri, to), **meta).strip()
        foot = extras.render(part="foot", **meta).strip()
        head, body = _split_front_matter(markdown)
        _write(docs / uri, head + (banners + "\n\n" if banners else "") + body.rstrip()
               + ("\n\n" + foot if foot else "") + "\n")
    for uri, text in tree.files.items():
        _write(docs / uri, text)
    for uri, source in tree.static.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / uri)
    for asset in ("handbook.css", "handbook.js"):
        _write(docs / "assets" / asset, (THEME / "assets" / asset).read_text(encoding="utf-8"))
    (out / "mkdocs.yml").write_text(_config(settings), encoding="utf-8")


def _split_front_matter(markdown: str) -> tuple[str, str]:
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4) + 5
        return markdown[:end] + "\n", markdown[end:].lstrip("\n")
    return "", markdown


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _config(settings: Settings) -> str:
    config: dict[str, Any] = {
        "site_name": settings.site_name,
        **({"site_url": settings.site_url} if settings.site_url else {}),
        **({"repo_url": settings.repo_url} if settings.repo_url else {}),
        "docs_dir": "docs",
        "theme": {"name": "material", "features": [
            "navigation.tabs", "navigation.sections", "navigation.indexes", "navigation.top",
            "search.suggest", "search.highlight", "content.tooltips"]},
        "extra_css": ["assets/handbook.css"],
        "extra_javascript": ["assets/handbook.js"],
        "plugins": ["search"],
        "markdown_extensions": EXTENSIONS,
    }
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    # YAML tags cannot be written by safe_dump; MkDocs needs this one as a tag, not a string.
    return text.replace("'!!python/name:pymdownx.superfences.fence_code_format'",
                        "!!python/name:pymdownx.superfences.fence_code_format")
