"""Writing Markdown safely: untrusted values are escaped, links point at site paths."""

from __future__ import annotations

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
from markupsafe import Markup

from handbook.model.links import relative_url

# HTML's own characters, then every character that opens an inline construct of Python-Markdown
# or of an extension a hub may turn on: code, links and footnotes, tables, backslash escapes,
# emphasis, attribute lists and critic marks, tilde, caret, mark, keys, heading ids, emoji.
# Written as character references: Markdown passes them through as they are, a browser shows the
# character, and nothing is left for attr_list or emphasis to read.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_INLINE = "\\`*_{}[]|~^=+#:"
_HTML_ONLY = str.maketrans(_HTML)
_ESCAPES = str.maketrans({**_HTML, **{c: f"&#{ord(c)};" for c in _INLINE}})
# What starts a block when a value begins a line (a value after `- ` or `1. ` does): lists,
# headings, quotes, definitions, `!!!` admonitions, `???` details, `--8<--` snippets. Written in
# hexadecimal, so `readable` knows to keep it escaped.
_BLOCK_START = re.compile(r"^ ?(?:[-+#:!?>]|\d+(?=[.)]))")
# Line breaks, and the runs of spaces at either end: an indent would make code, two spaces
# before a newline a line break. One space is kept, templates join values with them.
# A slash between digits: smart symbols would show `1/2` as `½`.
_FRACTION = re.compile(r"(?<=\d)/(?=\d)")
_SPACES = re.compile(r"[ \t]*(?:\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])[ \t]*|^[ \t]+|[ \t]+$")


def _one_line(value: str) -> str:
    """Values are inline text, on one line, however they were written."""
    return _SPACES.sub(" ", value)


def html_text(value: Any) -> Markup:
    """Escape a value for HTML that is not Markdown (front matter Material's templates print)."""
    if isinstance(value, Markup):
        return value
    return Markup(_one_line(str(value)).translate(_HTML_ONLY))


_PREPROCESSED = str.maketrans({"{": "&#123;", "}": "&#125;"})


def attribute_text(value: Any) -> str:
    """A value Markdown itself writes into an attribute, like an abbreviation's `title`.

    Python-Markdown escapes HTML there, and keeps character references as they are; what it
    cannot undo is a preprocessor's raw HTML: critic marks (`{++ ++}`) would open the attribute."""
    return _one_line(str(value)).translate(_PREPROCESSED)


def text(value: Any) -> Markup:
    """Escape a value for Markdown: no raw HTML, no inline construct, no block starter.

    Readers see every character as written: `Tune-Up *2026*` keeps its asterisks, and
    `{onclick=alert(1)}` is text, never an attribute list."""
    if isinstance(value, Markup):
        return value
    line = _one_line(str(value))
    start = _BLOCK_START.match(line)
    if not start:
        return Markup(_FRACTION.sub("&#47;", line.translate(_ESCAPES)))
    at = start.end() - 1
    if line[at].isdigit():  # `1.`: the digits stay, the dot is escaped
        at += 1
    escaped = line[:at].translate(_ESCAPES) + f"&#x{ord(line[at]):X};" + line[at + 1:].translate(_ESCAPES)
    return Markup(_FRACTION.sub("&#47;", escaped))


# For people reading Markdown as text: references become backslash escapes where the character
# means something anywhere, plain characters where it only does at the start of a line (those
# are written in hexadecimal there). What could start HTML (`<`) or an entity stays escaped.
_FOR_READERS = {
    **{f"&#{ord(c)};": ("\\" + c if c in "\\`*_{}[]|~" else c) for c in _INLINE},
    **{f"&#x{ord(c):X};": "\\" + c for c in "-+#:!?>.)"},
    "&#39;": "'", "&#34;": '"', "&quot;": '"', "&gt;": ">", "&#47;": "/",
}
_ENTITY = re.compile("|".join(map(re.escape, _FOR_READERS)) + r"|&amp;(?!#?\w+;)")


def readable(markdown: str) -> str:
    """Markdown that people also read as plain text (a terminal, an email, a CI log): the
    references `text` writes become backslash escapes or plain characters, so the result is as
    inert wherever it is rendered."""
    return _ENTITY.sub(lambda m: _FOR_READERS.get(m.group(0), "&"), markdown)


SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def scheme(value: str) -> str | None:
    """The URL scheme a value starts with, lowercased, None for a path; read as a browser
    reads a link: leading spaces and control characters dropped, tabs and newlines anywhere."""
    match = _SCHEME.match(re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(33)))))
    return match.group(1).lower() if match else None


# An address a template may print as written: no space, quote or angle bracket to leave its
# attribute by, and no scheme but the web's (a path on the site has none).
_ADDRESS = re.compile(r"^[^\s\\\"'<>`]+$")


def web_address(value: object) -> bool:
    """A path on the site or an http(s) address: safe where a template does not escape it."""
    return isinstance(value, str) and bool(_ADDRESS.match(value)) and scheme(value) in (None, "http", "https")


def url(value: str) -> Markup:
    """A link target that cannot break out of Markdown link syntax or an HTML attribute, and
    runs nothing: a web address (http, https, mailto) or a relative path. Any other scheme
    (`javascript:`, `data:`) stays a file name: its colon is encoded."""
    quoted = quote(value, safe=":/?#=&%~+,;@!$*-._")
    match = _SCHEME.match(quoted)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        quoted = f"{match.group(1)}%3A{quoted[match.end():]}"
    return Markup(quoted)


def html_id(value: str) -> Markup:
    """An id for a heading's attribute list (`{ #id }`) from a file name: letters, digits,
    dashes and underscores only, so no name can close the list or add an attribute to it."""
    return Markup(re.sub(r"[^\w-]+", "-", value).strip("-") or "_")


def code(value: object) -> Markup:
    """A Markdown code span: shown as written (a path with `&` or `<` stays readable), so only
    backticks need care: the fence is longer than any run of them inside."""
    inside = _one_line(str(value))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", inside)), default=0) + 1)
    pad = " " if inside.startswith("`") or inside.endswith("`") else ""
    return Markup(f"{fence}{pad}{inside}{pad}{fence}")


# `#ledger` at the end of a link target; a `#` in a file or folder name (`a#b.md`) is no anchor.
_ANCHOR = re.compile(r"#[\w-]*\Z")


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link between two site paths (`relative_url`), an anchor on `to_uri` kept.

    Quoted: a file name with `)`, `"` or `<` must not end the link or start HTML."""
    anchor = _ANCHOR.search(to_uri)
    path = to_uri[: anchor.start()] if anchor else to_uri
    return quote(relative_url(from_uri, path)) + (anchor.group(0) if anchor else "")


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
    loaders.append(PackageLoader("handbook.site", "templates"))
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
    env.filters["code"] = code
    env.filters["html_id"] = html_id
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
