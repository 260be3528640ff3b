"""`handbook export DIR`: the whole site as a plain docs tree and an mkdocs.yml, so any engine
that reads mkdocs.yml (MkDocs + Material, Zensical) builds the hub without the plugin.

The per-page extras the plugin hands the theme (banners, history) become Markdown here.
"""

from __future__ import annotations

import re
import shutil
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from handbook.mkdocs.preview import THEME_DIR as THEME
from handbook.model.loader import discover
from handbook.model.markdown import environment, relative
from handbook.model.options import Settings
from handbook.site.page import front_matter
from handbook.site.tree import Site


class Tagged:
    """A YAML value with a tag (`!!python/name:...`, `!ENV`), written back exactly as read."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Reader(yaml.SafeLoader):
    pass


class _Writer(yaml.SafeDumper):
    pass


_Reader.add_multi_constructor("!", lambda loader, suffix, node: Tagged(node))
_Reader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: Tagged(node))
_Writer.add_representer(Tagged, lambda dumper, value: value.node)


# What the generated pages need; a hub's own settings for an extension win.
EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": True}}, "pymdownx.details",
    {"pymdownx.superfences": {"custom_fences": [{
        "name": "mermaid", "class": "mermaid",
        "format": Tagged(yaml.ScalarNode("tag:yaml.org,2002:python/name:"
                                         "pymdownx.superfences.fence_code_format", ""))}]}},
]


# Characters that MkDocs, building the exported tree without the plugin, would print into the
# navigation as HTML when a folder's name holds them (the plugin escapes them; MkDocs does not).
_HTML_IN_NAME = re.compile(r"[<>&\"']")


def unsafe_folders(site: Site) -> list[str]:
    """Folders whose names would run as HTML in the exported site's navigation."""
    folders = {folder for uri in [*site.pages, *site.files, *site.static]
               for folder in PurePosixPath(uri).parents if folder.name}
    return sorted(str(folder) for folder in folders if _HTML_IN_NAME.search(folder.name))


def export(site: Site, settings: Settings, out: Path, hub_config: dict[str, Any]) -> None:
    """Write `out/docs/` and `out/mkdocs.yml`; `out` must be empty or not exist yet."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(out)
    docs = out / "docs"
    extras = environment().get_template("extras.md")
    for uri, page in site.pages.items():
        meta = page.extras()
        banners = extras.render(part="banners", relative=partial(relative, uri), **meta).strip()
        foot = extras.render(part="foot", **meta).strip()
        _write(docs / uri, front_matter(page.meta) + (banners + "\n\n" if banners else "")
               + page.body.lstrip("\n").rstrip() + ("\n\n" + foot if foot else "") + "\n")
    for uri, text in site.files.items():
        _write(docs / uri, text)
    static = {**_content_files(settings, out), **site.static}
    for uri, source in static.items():
        if uri in site.pages or uri in site.files:
            continue
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / uri)
    for asset in ("handbook.css", "handbook.js"):
        _write(docs / "assets" / asset, (THEME / "assets" / asset).read_text(encoding="utf-8"))
    (out / "mkdocs.yml").write_text(_config(settings, hub_config), encoding="utf-8")


def _content_files(settings: Settings, out: Path) -> dict[str, str]:
    """Non-Markdown files in the docs folder (PDFs, images): MkDocs copies them itself in a
    plugin build, so the tree does not list them. The loader finds them, as MkDocs would, and
    refuses links leading out of the repository, and leaves out what `exclude_docs` does; the
    export being written is left out too."""
    target = out.resolve()
    return {uri: source for uri, source in discover(settings).copied.items()
            if target not in Path(source).resolve().parents}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# mkdocs.yml keys that only make sense next to the hub's sources, or only with the plugin.
DROPPED = {"INHERIT", "docs_dir", "site_dir", "nav", "edit_uri", "hooks", "watch", "exclude_docs",
           "not_in_nav", "validation", "dev_addr"}
FEATURES = ["navigation.tabs", "navigation.sections", "navigation.indexes", "navigation.prune",
            "navigation.top", "search.suggest", "search.highlight", "content.tooltips"]


def read_config(config_file: Path) -> dict[str, Any]:
    """The hub's mkdocs.yml as written, tags kept, so the export looks like the hub."""
    loaded = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Reader)
    return loaded if isinstance(loaded, dict) else {}


def _config(settings: Settings, hub: dict[str, Any]) -> str:
    """The hub's own mkdocs.yml without what needs the plugin or the hub's folders.

    Edit links are off: generated pages have no source, and authored ones moved to `docs/`.
    The theme's `custom_dir` is left out: its overrides draw what the plugin hands them, which
    the exported pages now carry as Markdown.
    """
    config = {k: v for k, v in hub.items() if k not in DROPPED}
    config["site_name"] = settings.site_name
    config["docs_dir"] = "docs"
    config["edit_uri"] = ""
    hub_theme = hub.get("theme")
    theme = dict(hub_theme) if isinstance(hub_theme, dict) else {"name": hub_theme or "material"}
    theme.pop("custom_dir", None)
    theme["features"] = _merged(list(theme.get("features") or []), FEATURES)
    config["theme"] = theme
    config["extra_css"] = _merged(list(hub.get("extra_css") or []), ["assets/handbook.css"])
    config["extra_javascript"] = _merged(list(hub.get("extra_javascript") or []),
                                         ["assets/handbook.js"])
    plugins = [p for p in hub.get("plugins") or [] if _name(p) != "handbook"]
    config["plugins"] = plugins or ["search"]
    extensions = list(hub.get("markdown_extensions") or [])
    names = {_name(e) for e in extensions}
    config["markdown_extensions"] = extensions + [e for e in EXTENSIONS if _name(e) not in names]
    return yaml.dump(config, Dumper=_Writer, sort_keys=False, allow_unicode=True)


def _merged(first: list[Any], then: list[Any]) -> list[Any]:
    return first + [item for item in then if item not in first]


def _name(entry: Any) -> str:
    """`search` or `{"toc": {...}}` -> the plugin or extension name."""
    return str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)
