"""Site size: pages lose their templates' whitespace, never a byte of preformatted text, and a
page of a long section carries its own group's links, whatever the section's length."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from types import SimpleNamespace

from conftest import MKDOCS_YML, TODAY

from handbook.mkdocs.navigation import guide_groups as _guide_groups
from handbook.site.minify import compact_html

FEATURES = "features: [navigation.sections, navigation.indexes]"
YML = MKDOCS_YML.replace("features: [content.action.edit]", FEATURES) + """\
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.keys
"""
CODE_PAGE = """\
---
owner: ae
---
# Install

Run `make   install`  and press ++ctrl+alt+del++.

```python
def main():
    if True:

        print("  two  spaces  ")
```

    an indented    block

	with a tab

<textarea>  keep
   these   </textarea>

<pre class="raw">
  raw   pre
</pre>

<div style="margin: 0">   text   with   spaces   </div>
"""
VERBATIM = re.compile(r"<(pre|textarea|code|kbd|script|style)\b[^>]*>.*?</\1>", re.DOTALL)


def test_compact_html_keeps_preformatted_elements_scripts_and_tags_byte_for_byte():
    kept = ['<pre class="x">  a\n\n   b </pre>', "<textarea>\n  t  </textarea>", "<code>a   b</code>",
            "<KBD> Ctrl </KBD>", "<script>var a = 1\n\n  + 2</script>", "<style>a  { b: c }</style>",
            "<!--  a   comment  -->", '<a title="two  spaces > one">', "<img alt='a\n  b'>"]
    html = "\n    ".join(kept)
    assert compact_html(html) == "\n".join(kept)


def test_compact_html_cuts_each_run_of_whitespace_to_one_character():
    assert compact_html("<p>\n    a  b\t\tc\r\n   d</p>\n\n  <p>e</p>") == "<p>\na b c\nd</p>\n<p>e</p>"
    assert compact_html("a\u00a0\u00a0 b") == "a\u00a0\u00a0 b"  # a no-break space is text
    assert compact_html("<preview>  x  </preview>") == "<preview> x </preview>"  # not a <pre>
    assert compact_html("a < b   c") == "a < b c"  # a `<` that opens no tag


def test_code_blocks_come_out_as_material_renders_them_and_the_rest_loses_its_indentation(hub):
    made = hub({"content/guide/install.md": CODE_PAGE}, mkdocs_yml=YML)
    made.build()
    ours = made.html("guide/install")
    (made.root / "plain.yml").write_text(YML.replace("  - handbook\n", ""))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "plain.yml", "-d", "plain"],
                   cwd=made.root, check=True, capture_output=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": TODAY})
    material = (made.root / "plain/guide/install/index.html").read_text("utf-8")
    blocks = [m.group(0) for m in VERBATIM.finditer(material) if "md-content" not in m.group(0)]
    body = [b for b in blocks if any(w in b for w in ("two  spaces", "indented    block", "keep",
                                                      "raw   pre", "make   install", "Ctrl"))]
    assert len(body) >= 6, body
    for block in body:
        assert block in ours, block
    outside = VERBATIM.sub("<kept>", ours)
    assert "   text   with   spaces   " not in outside and ">\ntext with spaces\n<" not in outside
    assert " text with spaces " in outside
    assert not re.search(r"\n[ \t]", outside), "indentation left outside preformatted text"
    assert not re.search(r"[ \t\n]{2,}", outside)
    assert len(ours) < len(material)


def _page(title: str) -> SimpleNamespace:
    return SimpleNamespace(title=title, parent=None)


def test_guide_word_groups_nest_so_no_level_of_the_sidebar_passes_the_limit():
    pages = [_page(f"Topic {n:04d}") for n in range(5000)]
    groups = _guide_groups(pages, lambda p: p.title, 40)
    assert len(groups) == 4  # 125 groups of 40 pages, in 4 groups of at most 40 groups
    assert groups[0].title == "Topic 0000 – Topic 1599" and groups[-1].title == "Topic 4800 – Topic 4999"
    levels, flat = [groups], []

    def walk(items, depth):
        for item in items:
            assert len(items) <= 40
            if isinstance(getattr(item, "children", None), list):
                assert all(child.parent is item for child in item.children)
                walk(item.children, depth + 1)
            else:
                assert depth == 2
                flat.append(item)

    walk(groups, 0)
    assert flat == pages and len(levels) == 1
    assert [g.title for g in _guide_groups(pages[:90], lambda p: p.title, 40)] == [
        "Topic 0000 – Topic 0039", "Topic 0040 – Topic 0079", "Topic 0080 – Topic 0089"]


def _section_hub(hub, tmp_path, pages: int):
    files = {f"content/library/topic-{n:03d}.md": f"# Topic {n:03d}\n\nAbout topic {n}.\n"
             for n in range(pages)}
    made = hub(files, mkdocs_yml=YML.replace(FEATURES, "features: [navigation.tabs, navigation.sections]"))
    made.root.rename(tmp_path / f"hub-{pages}")
    made.root = tmp_path / f"hub-{pages}"
    made.build()
    return made


def test_a_page_of_a_long_section_carries_its_own_group_and_weighs_as_much_as_in_a_short_one(
        hub, tmp_path):
    short, long = _section_hub(hub, tmp_path, 80), _section_hub(hub, tmp_path, 240)
    page = "library/topic-050"
    in_short, in_long = short.html(page), long.html(page)
    linked = set(re.findall(r'href="\.\./(topic-\d+)/"', in_long))
    own = {f"topic-{n:03d}" for n in range(40, 80)} - {"topic-050"}  # itself: `./`
    assert own <= linked  # its own group of 40; of the others, their names and first pages
    assert linked - own == {"topic-000", "topic-080", "topic-120", "topic-160", "topic-200"}
    assert "Topic 000 – Topic 039" in in_long and "Topic 200 – Topic 239" in in_long
    assert len(in_long) < 1.15 * len(in_short)
    assert not re.search(r"\n[ \t]", VERBATIM.sub("<kept>", in_long))
