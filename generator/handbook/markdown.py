"""Writing Markdown safely: untrusted values are escaped, links point at site paths."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
)
from markupsafe import Markup, escape


def text(value: Any) -> Markup:
    """Escape a value for Markdown: no raw HTML, no links or images, no table breaks."""
    if isinstance(value, Markup):
        return value
    escaped = str(escape(str(value)))
    for char, entity in (("[", "&#91;"), ("]", "&#93;"), ("|", "&#124;"), ("`", "&#96;")):
        escaped = escaped.replace(char, entity)
    return Markup(" ".join(escaped.splitlines()))


_FOR_READERS = {"&#39;": "'", "&#34;": '"', "&quot;": '"', "&gt;": ">", "&#91;": "\\[", "&#93;": "\\]",
                "&#124;": "\\|", "&#96;": "\\`"}
_ENTITY = re.compile("|".join(map(re.escape, _FOR_READERS)) + r"|&amp;(?!#?\w+;)")


def readable(markdown: str) -> str:
    """Markdown that people also read as plain text (a terminal, an email, a CI log): the
    entities `text` uses become backslash escapes or plain characters. What could start HTML
    (`<`) or an entity stays escaped, so the result is as safe wherever it is rendered."""
    return _ENTITY.sub(lambda m: _FOR_READERS.get(m.group(0), "&"), markdown)


def url(value: str) -> Markup:
    """A link target that cannot break out of Markdown link syntax or an HTML attribute."""
    return Markup(quote(value, safe=":/?#=&%~+,;@!$*-._"))


def relative(from_uri: str, to_uri: str) -> str:
    """A relative Markdown link between two site paths, as MkDocs resolves them.

    Quoted: a file name with `)`, `"` or `<` must not end the link or start HTML."""
    return quote(posixpath.relpath(to_uri, posixpath.dirname(from_uri) or "."))


def _compiled_templates() -> FileSystemBytecodeCache | None:
    """Templates compiled once per machine, not once per build (a tenth of a second a build, and
    of every live-preview rebuild), in Jinja's own per-user folder (mode 0700) in the temp dir.
    Without a writable temp dir, templates are compiled each time, as before."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


_COMPILED = _compiled_templates()


def environment(extra_dirs: list[str] | None = None) -> Environment:
    """Jinja for Markdown templates; a hub may override any of them from `extra_dirs`."""
    loaders: list[Any] = [FileSystemLoader(d) for d in extra_dirs or []]
    loaders.append(PackageLoader("handbook", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=_COMPILED,
        autoescape=True,
        finalize=lambda v: text(v) if v is not None else "",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text
    env.filters["url"] = url
    return env


_LINK = re.compile(r"(?P<open>\]\()(?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?(?P<close>[)\s])")


def rewrite_links(body: str, resolve: Callable[[str], str | None]) -> str:
    """Point links written as files on disk (`../content/glossary/mql.md`) at site paths.

    `resolve` maps a link target to the site-relative target, or None to leave it alone.
    """

    def replace(match: re.Match[str]) -> str:
        target = resolve(match.group("target"))
        if target is None:
            return match.group(0)
        return f"{match.group('open')}{target}{match.group('anchor') or ''}{match.group('close')}"

    return _LINK.sub(replace, body)


def link_targets(body: str) -> list[tuple[str, int]]:
    """The `.md` files a body links to, as written, with the body line (0-based) of each."""
    return [(m.group("target"), body.count("\n", 0, m.start())) for m in _LINK.finditer(body)]
