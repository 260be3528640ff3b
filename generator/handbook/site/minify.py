"""Pages without the whitespace of their templates: Material's navigation templates indent
every link, so three quarters of a page in a long section was spaces and line breaks.

A browser shows a run of whitespace between words or tags as one space, except where the
text is preformatted: `<pre>`, `<textarea>`, and, in Material's style sheet, `<code>` and
`<kbd>`. Those elements, scripts, styles and comments are left exactly as they were; tags
(their attribute values) too. Every other run of whitespace becomes one line break, or one
space when it held no line break: the page reads and renders as before.
"""

from __future__ import annotations

import re

# A tag's inside, as a browser reads it: a quote after `=` opens a value that may hold `>`.
# Possessive: a `<` that never closes costs one scan, not a backtracking search.
_ATTRIBUTES = r"""(?:[^>=]++|=\s*"[^"]*"|=\s*'[^']*'|=)*+"""
_VERBATIM = ("pre", "textarea", "code", "kbd", "script", "style")
# What stays as it is: preformatted elements, scripts and styles whole, comments, tags.
_KEPT = re.compile(
    rf"(<({'|'.join(_VERBATIM)})(?=[\s/>]){_ATTRIBUTES}>.*?</\2\s*>|<!--.*?-->|<{_ATTRIBUTES}>)",
    re.DOTALL | re.IGNORECASE,
)
# HTML's whitespace (a no-break space is text): a run with a line break, then one without.
_LINES = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")
_SPACES = re.compile(r"[ \t\r\f]{2,}")


def compact_html(html: str) -> str:
    """`html` with each run of whitespace outside tags and preformatted elements cut to one
    line break or one space; everything else byte for byte as it was."""
    parts = _KEPT.split(html)  # text, kept, its tag name (or None), text, kept, ..., text
    for i in range(0, len(parts), 3):
        if len(parts[i]) > 1:
            parts[i] = _SPACES.sub(" ", _LINES.sub("\n", parts[i]))
    del parts[2::3]
    return "".join(parts)
