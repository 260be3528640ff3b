"""Handbook's settings: one model read by the MkDocs plugin and by the CLI alike."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pathspec.gitignore import GitIgnoreSpec
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

from handbook.model.documents import Interval
from handbook.model.validation import explain, field_names, suggest


class Options(BaseModel):
    """What a hub can set under `plugins: - handbook:` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid")

    playbooks_dir: str = Field("playbooks", description="Folder of playbooks and stages.")
    enabled: bool = Field(True, description="MkDocs' own switch: false leaves the plugin out.")
    review_every: Interval = Field(
        "180 days", description="Default review interval for documents that set none.",
    )
    freshness: Literal["notice", "warning"] = Field(
        "notice",
        description="Severity of stale-content findings in check and build alike; `warning` "
        "makes --strict fail on them.",
    )
    edit_branch: str = Field("main", description="Branch that edit links point at.")
    history: bool = Field(True, description="Read Git history for page histories and What's new.")
    history_length: int = Field(10, ge=0, description="Changes listed at the foot of each page.")
    history_paths: list[str] | None = Field(
        None, description="Paths whose commits count as hub changes (default: content and playbooks).",
    )
    changelog_group: Literal["week", "day"] = Field("week", description="How What's new groups changes.")
    changelog_limit: int = Field(200, ge=1, description="Most changes listed on What's new.")
    feed_length: int = Field(50, ge=1, description="Entries in the Atom feed.")
    date_format: str = Field("%d %b %Y", description="strftime format for dates shown to readers.")
    show_authors: bool = Field(True, description="Name commit authors on pages and feeds.")
    show_emails: bool = Field(False, description="Publish commit authors' email addresses.")
    repository_facts: bool = Field(
        False, description="Show the repository's stars and forks, fetched by each reader's browser "
        "from the code host (off: reading the site needs no network).",
    )
    web_fonts: bool = Field(
        False, description="Load the theme's web fonts from Google Fonts (off: system fonts, "
        "no request outside the site).",
    )


Level = Literal["warn", "info", "ignore"]
LEVELS: dict[int, Level] = {30: "warn", 20: "info", 10: "ignore"}  # MkDocs' parsed form


class LinkLevels(BaseModel):
    """MkDocs' `validation: links:` levels (MkDocs 1.6): how a build reports each kind of link
    in a page, so `handbook check` reports it the same way."""

    not_found: Level = "warn"
    anchors: Level = "info"
    absolute_links: Level | Literal["relative_to_docs"] = "info"
    unrecognized_links: Level = "info"
    nav_not_found: Level = "warn"  # `validation: nav: not_found:`, for an explicit `nav:`
    heading_separator: str = "-"  # the `toc` extension's, in heading ids
    heading_ids: bool = True  # False: a custom `slugify` makes them, which only a build can run


class Blog(BaseModel):
    """Where Material's blog plugin reads its posts and authors (relative to docs_dir): it
    reads and prints them itself, so the checks must know them."""

    posts: str = "blog/posts"
    authors_file: str = "blog/.authors.yml"
    draft: bool = False  # its options of the same names: which drafts it builds
    draft_on_serve: bool = True
    draft_if_future_date: bool = False
    authors: bool = True  # whether it reads the authors file and prints posts' authors
    categories: bool = True  # whether it prints posts' categories and makes their pages
    categories_allowed: list[str] = Field(default_factory=list)  # empty: any
    # Where it publishes a post (model/blog_posts.py), as its options of the same names say
    blog_dir: str = "blog"
    url_format: str = "{date}/{slug}"  # post_url_format
    url_date_format: str = "yyyy/MM/dd"  # post_url_date_format
    url_max_categories: int = 1  # post_url_max_categories
    slug_separator: str = "-"  # post_slugify_separator
    category_separator: str = "-"  # categories_slugify_separator

    def holds(self, uri: str) -> bool:
        """Whether the page at `uri` (relative to docs_dir) is one of its posts, as Material
        picks them: by the start of the path."""
        return uri.startswith(self.posts)


class Settings(BaseModel):
    """Everything the core needs to know about one hub, with paths resolved."""

    root: Path
    content_dir: Path
    options: Options = Field(default_factory=Options)
    site_url: str | None = None
    repo_url: str | None = None
    site_name: str = "Handbook"
    config_file: str = "mkdocs.yml"  # its name, in `root`: diagnostics about the config point here
    theme_dir: Path | None = None  # the hub's theme overrides (`custom_dir`), for `icon` and `template`
    links: LinkLevels = Field(default_factory=LinkLevels)
    nav: Any = None  # mkdocs.yml's explicit `nav:`, as written
    site_dir: str = "site"  # where builds write, as mkdocs.yml names it (relative to `root`)
    theme: str = "material"  # the theme's name: Handbook's templates are Material's overrides
    language: str = "en"  # the theme's `language`: dates in a blog post's address are written in it
    blogs: list[Blog] = Field(default_factory=list)  # Material's blog plugins turned on
    plugins: list[str] = Field(default_factory=list)  # the names in mkdocs.yml's `plugins:`
    # MkDocs' `exclude_docs` and `draft_docs`, as gitignore lines (see model/inclusion.py)
    exclude_docs: list[str] = Field(default_factory=list)
    draft_docs: list[str] = Field(default_factory=list)

    @property
    def playbooks_dir(self) -> Path:
        return self.root / self.options.playbooks_dir

    @property
    def history_paths(self) -> list[str]:
        """Paths, relative to the root, whose commits are hub changes."""
        if self.options.history_paths is not None:
            return self.options.history_paths
        return [
            os.path.relpath(self.content_dir, self.root).replace(os.sep, "/"),
            self.options.playbooks_dir,
        ]


def today() -> dt.date:
    """`SOURCE_DATE_EPOCH` when set, so builds are reproducible; else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) <= 12:  # beyond the year 9999, it cannot be meant
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (OverflowError, ValueError, OSError):
            pass
    return dt.date.today()


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the Python objects its tags name; `!ENV` is read
    as MkDocs reads it, so `docs_dir: !ENV [DOCS, content]` means the same to both."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_constructor("!ENV", construct_env_tag)


class ConfigFileError(Exception):
    """mkdocs.yml cannot be used as written: the message names the file, the setting and the fix."""


def read_settings(config_file: Path) -> Settings:
    """Settings from a hub's mkdocs.yml, without loading MkDocs itself, validated as strictly
    as MkDocs and the plugin validate them: every command fails alike on a bad config."""
    raw = _read_config(config_file)
    root = config_file.resolve().parent
    name = config_file.name
    return settings_for(root, raw.get("docs_dir") or "docs", plugin_options(raw, name), raw, name)


def _read_config(config_file: Path, depth: int = 0) -> dict[str, Any]:
    """mkdocs.yml as a mapping, with the file it names in `INHERIT:` under it, as MkDocs has it."""
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except FileNotFoundError:
        fix = ("correct `INHERIT:`" if depth else
               "run handbook in the hub's folder or pass --config-file")
        raise ConfigFileError(f"{config_file}: not found; {fix}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigFileError(
            f"{config_file.name}:{mark.line + 1 if mark else 1}: not valid YAML: "
            f"{exc.problem or exc.context}; check the indentation, and quote values that contain ': '"
        ) from None
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{config_file}: cannot be read: {exc}".splitlines()[0]) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigFileError(
            f"{config_file.name}: should be settings written `name: value`, one per line (like "
            f"`site_name: Our handbook`), not {_show(raw)}")
    parent = raw.pop("INHERIT", None)
    if isinstance(parent, str) and depth < 10:
        return _merged(_read_config(config_file.parent / parent, depth + 1), raw)
    return raw


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merged key by key, anything else replaced: how MkDocs applies `INHERIT`."""
    merged = dict(base)
    for key, value in override.items():
        both = isinstance(value, dict) and isinstance(base.get(key), dict)
        merged[key] = _merged(base[key], value) if both else value
    return merged


def settings_for(
    root: Path, docs_dir: str, options: dict[str, Any], config: dict[str, Any],
    config_file: str = "mkdocs.yml",
) -> Settings:
    """Settings for a hub; a value the core cannot use raises ConfigFileError."""
    for key in ("site_name", "site_url", "repo_url", "docs_dir"):
        value = config.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigFileError(f"{config_file}: `{key}` should be text, not {_show(value)}; "
                                  f"write one value, like `{key}: {_EXAMPLES[key]}`")
    problems = option_problems(options)
    if problems:
        option, problem = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigFileError(f"{config_file}: {plugin_option(option)}: {problem}{more}")
    content_dir = _inside(root, docs_dir, f"{config_file}: `docs_dir: {docs_dir}`")
    if not content_dir.is_dir():
        # most often the pages were just moved, as docs/adopting.md says: `git mv docs content`
        moved = next((name for name in ("content", "docs") if (root / name).is_dir()), None)
        if config.get("docs_dir") is None:  # MkDocs' default, not a line anyone wrote to correct
            raise ConfigFileError(f"{config_file} has no `docs_dir`, so the pages are read from "
                                  f"`{docs_dir}/`, which does not exist; "
                                  + (f"add `docs_dir: {moved}` (`{moved}/` is here)" if moved else
                                     "add a `docs_dir:` line naming the pages' folder, or create "
                                     f"`{docs_dir}/`"))
        raise ConfigFileError(f"{config_file}: `docs_dir: {docs_dir}` does not exist; create the "
                              "folder or correct docs_dir"
                              + (f" (`{moved}/` is here: `docs_dir: {moved}`)" if moved else ""))
    parsed = Options.model_validate(options or {})
    _inside(root, parsed.playbooks_dir,
            f"{config_file}: {plugin_option('playbooks_dir')}: `{parsed.playbooks_dir}`")
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else getattr(theme, "custom_dir", None)
    if isinstance(custom, str) and isinstance(theme, dict) and not (root / custom).is_dir():
        # MkDocs refuses to build then: check says so first (moved with the pages, often)
        raise ConfigFileError(f"{config_file}: `theme: custom_dir: {custom}` does not exist; "
                              "correct custom_dir (moved with the pages? it names a folder beside "
                              "mkdocs.yml) or create the folder")
    name = theme.get("name") if isinstance(theme, dict) else getattr(theme, "name", theme or "mkdocs")
    language = theme.get("language") if isinstance(theme, Mapping) else None  # MkDocs' Theme is one too
    return Settings(
        theme=str(name),  # MkDocs' own theme when mkdocs.yml names none
        language=language if isinstance(language, str) and language else "en",
        theme_dir=(root / custom).resolve() if isinstance(custom, str) else None,
        root=root,
        content_dir=content_dir,
        options=parsed,
        site_url=config.get("site_url"),
        repo_url=config.get("repo_url"),
        site_name=config.get("site_name") or "Handbook",
        config_file=config_file,
        links=_link_levels(config, config_file),
        nav=config.get("nav"),
        site_dir=config["site_dir"] if isinstance(config.get("site_dir"), str) else "site",
        blogs=_blogs(config.get("plugins")),
        plugins=_plugin_names(config.get("plugins")),
        exclude_docs=_pattern_lines(config, "exclude_docs", config_file),
        draft_docs=_pattern_lines(config, "draft_docs", config_file),
    )


_BLOG = re.compile(r"^(?:material/)?blog(?: #\d+)?$")  # `blog`, as MkDocs names more instances


# Blog fields <- the blog plugin's options that say where a post is published
_POST_ADDRESS = (("url_format", "post_url_format", str), ("url_date_format", "post_url_date_format", str),
                 ("url_max_categories", "post_url_max_categories", int),
                 ("slug_separator", "post_slugify_separator", str),
                 ("category_separator", "categories_slugify_separator", str))


def _plugin_names(plugins: Any) -> list[str]:
    """The plugins mkdocs.yml turns on, by name: a list or mapping as written, or MkDocs' loaded ones."""
    return [name for name, _ in _plugin_entries(plugins) if isinstance(name, str)]


def _plugin_entries(plugins: Any) -> list[tuple[Any, Any]]:
    if isinstance(plugins, Mapping):
        return list(plugins.items())
    return [next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, None)
            for e in plugins or [] if isinstance(e, str | dict)]


def _blogs(plugins: Any) -> list[Blog]:
    """Material's blog plugins in `plugins:`, as written (a list or a mapping) or as MkDocs
    has loaded them (plugin objects), with their folders as Material resolves them."""
    found = []
    for name, options in _plugin_entries(plugins):
        options = getattr(options, "config", options)  # a loaded plugin keeps them in `config`
        options = options if isinstance(options, Mapping) else {}
        if not isinstance(name, str) or not _BLOG.match(name) or options.get("enabled") is False:
            continue
        blog_dir = str(options.get("blog_dir") or "blog")
        folders = {key: posixpath.normpath(str(options.get(key) or default).replace("{blog}", blog_dir))
                   for key, default in (("post_dir", "{blog}/posts"),
                                        ("authors_file", "{blog}/.authors.yml"))}
        switches = {key: options[key] for key in ("draft", "draft_on_serve", "draft_if_future_date",
                                                  "authors", "categories")
                    if isinstance(options.get(key), bool)}
        allowed = options.get("categories_allowed")
        addresses = {field: options[key] for field, key, kind in _POST_ADDRESS
                     if isinstance(options.get(key), kind) and not isinstance(options.get(key), bool)}
        found.append(Blog(posts=folders["post_dir"], authors_file=folders["authors_file"], **switches,
                          categories_allowed=[str(c) for c in allowed] if isinstance(allowed, list) else [],
                          blog_dir=blog_dir, **addresses))
    return found


def _pattern_lines(config: dict[str, Any], key: str, config_file: str) -> list[str]:
    """`exclude_docs`/`draft_docs` as lines: written in mkdocs.yml (text) or parsed by MkDocs;
    a line Git's pattern syntax refuses (`!` alone) is said as MkDocs would, with no traceback."""
    value = config.get(key)
    patterns = getattr(value, "patterns", None)  # MkDocs' parsed GitIgnoreSpec
    if isinstance(value, str):
        lines = value.splitlines()
    elif isinstance(patterns, Iterable):
        lines = [str(p.pattern) for p in patterns if isinstance(getattr(p, "pattern", None), str)]
    else:
        return []
    try:
        GitIgnoreSpec.from_lines(lines)
    except ValueError as error:
        raise ConfigFileError(f"{config_file}: `{key}`: {error}; write one pattern a line, as in "
                              "a .gitignore file") from None
    return lines


def _link_levels(config: dict[str, Any], config_file: str) -> LinkLevels:
    """`validation:` as MkDocs reads it: a level set at the top (`validation: {anchors: warn}`)
    applies where `links:` does not set its own; MkDocs' parsed numbers are read too. And how
    the `toc` extension names headings, for links to them."""
    levels: dict[str, Any] = {}
    for extension in config.get("markdown_extensions") or []:
        toc = extension.get("toc") if isinstance(extension, dict) else None
        if isinstance(toc, dict):
            if isinstance(toc.get("separator"), str):
                levels["heading_separator"] = toc["separator"]
            levels["heading_ids"] = "slugify" not in toc
    validation = config.get("validation")
    if not isinstance(validation, Mapping):  # MkDocs' own parsed config is a Mapping too
        return LinkLevels.model_validate(levels)
    for field, section, name in _VALIDATED:
        own = validation.get(section)
        value = (own if isinstance(own, Mapping) else {}).get(name, validation.get(name))
        if isinstance(value, int):
            value = "relative_to_docs" if value < 0 else LEVELS.get(value, "info")
        if value is None:
            continue
        allowed = ["warn", "info", "ignore"] + (["relative_to_docs"] if name == "absolute_links" else [])
        if value not in allowed:
            raise ConfigFileError(f"{config_file}: `validation.{section}.{name}`: expected one of "
                                  f"{', '.join(allowed)}, not {_show(value)}")
        levels[field] = value
    return LinkLevels.model_validate(levels)


# LinkLevels' field, and where MkDocs' `validation:` sets it
_VALIDATED = (("not_found", "links", "not_found"), ("anchors", "links", "anchors"),
              ("absolute_links", "links", "absolute_links"),
              ("unrecognized_links", "links", "unrecognized_links"), ("nav_not_found", "nav", "not_found"))


_EXAMPLES = {"site_name": "Our handbook", "site_url": "https://handbook.example.com/",
             "repo_url": "https://github.com/acme/handbook", "docs_dir": "content"}


def plugin_option(option: str) -> str:
    """How MkDocs names a plugin option in its errors, so both front ends word them alike."""
    return f"Plugin 'handbook' option '{option}'" if option else "Plugin 'handbook'"


def _inside(root: Path, folder: str, what: str) -> Path:
    """`folder` resolved under the hub's root; a hub's documents never live outside it."""
    found = (root / folder).resolve()
    if not found.is_relative_to(root.resolve()):
        raise ConfigFileError(f"{what} is outside the hub's folder (where mkdocs.yml is); "
                              "use a folder beside mkdocs.yml")
    if found == root.resolve():
        raise ConfigFileError(f"{what} is the hub's folder itself (where mkdocs.yml is); "
                              "use a folder beside mkdocs.yml, like `content`")
    return found


def option_problems(options: Any) -> list[tuple[str, str]]:
    """(option, what is wrong and the fix) for each bad plugin option, for the plugin and CLI."""
    if options is None:
        return []
    if not isinstance(options, dict):
        return [("", "its options should be `name: value` lines indented under `- handbook:`, "
                     + f"not {_show(options)}")]
    try:
        Options.model_validate(options)
    except ValidationError as error:
        names = field_names(Options)
        problems = []
        for item, (loc, message, fix) in zip(error.errors(), explain(error, Options, "plugin"),
                                              strict=True):
            option = ".".join(map(str, loc))
            message = message.removeprefix(f"`{option}`: ").removeprefix(f"`{option}` ")
            if item["type"] == "extra_forbidden":
                close = suggest(str(loc[0]), names)
                message, fix = "no such option", (f"did you mean `{close}`?" if close
                                                  else "the options are " + ", ".join(names))
            problems.append((option, f"{message}; {fix}" if fix else message))
        return problems
    return []


def plugin_options(raw: dict[str, Any], config_file: str = "mkdocs.yml") -> Any:
    """The handbook plugin's options, from `plugins:` written as a list or as a mapping."""
    plugins = raw.get("plugins")
    if isinstance(plugins, dict):
        return plugins.get("handbook")
    if plugins is not None and not isinstance(plugins, list):
        raise ConfigFileError(f"{config_file}: `plugins` should be a list, like `plugins: [search, "
                              f"handbook]`, not {_show(plugins)}")
    for entry in plugins or []:
        if isinstance(entry, dict) and "handbook" in entry:
            return entry["handbook"]
    return None


def _show(value: Any) -> str:
    """A value for a one-line message: its kind when it is a list or mapping, else its text."""
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
