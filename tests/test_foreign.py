"""A handbook adopted from Jekyll or Eleventy keeps their template tags and templates: `check`
says where, since MkDocs shows a tag as text (or drops one that ends a paragraph) and copies an
HTML template as it is, so readers would see its source."""

from __future__ import annotations

from conftest import MKDOCS_YML

PAGE = (
    "---\nowner: ae\n---\n# Travel\n\n"
    "Book through the portal.\n\n"
    "```liquid\n{% include ignored-in-code.html %}\n```\n\n"
    "Write `{% raw %}` to show a tag.\n\n"
    "Ask your lead first. {% include alert.html %}\n\n"
    "{{< note >}}Hugo too{{< /note >}}\n\n"
    "Zendesk fills in {{ticket.id}} for you.\n\n"
    "Welcome to {{ site.title }}.\n"
)
TEMPLATE = "---\npermalink: /\nlayout: home\n---\n<h1>{{ site.title }}</h1>\n"


def test_check_names_each_page_with_foreign_tags_and_each_html_template(hub):
    made = hub({"content/travel.md": PAGE, "content/index.html": TEMPLATE,
                "content/plain.html": "<p>An HTML page of its own, copied as is.</p>\n"})
    result = made.check("--verbose")
    assert result.code == 0, result.out
    assert ("content/travel.md:14: notice: `{% include alert.html %}` (and 3 more) is a template "
            "tag of another site generator: MkDocs shows it as text, or drops it at the end of a "
            "paragraph") in result.out
    assert "fix: write what it made as Markdown (a link, an image, an admonition), or delete it" in result.out
    assert "ignored-in-code" not in result.out and "{% raw %}" not in result.out
    assert "ticket.id" not in result.out  # a placeholder shown on purpose, not a tag
    assert ("content/index.html:1: notice: this HTML file starts with front matter, so it is a "
            "template of another site generator: MkDocs copies it as is, so readers see its source "
            "and, as index.html, it is the site's home page") in result.out
    assert "plain.html" not in result.out
    made.build()  # notices never stop a build


def test_many_pages_with_tags_read_as_one_line_with_a_count(hub):
    made = hub({f"content/p{n}.md": f"# P{n}\n\nText {{% include x.html %}}\n" for n in range(6)})
    out = made.check().out
    assert "6 pages hold template tags of another site generator, which MkDocs shows as text" in out
    assert out.count("is a template tag of another site generator") <= 3


def test_with_mkdocs_macros_the_tags_are_meant(hub):
    yml = MKDOCS_YML.replace("  - search\n", "  - search\n  - macros\n")
    made = hub({"content/travel.md": PAGE}, mkdocs_yml=yml)
    assert "template tag" not in made.check("--verbose").out


def test_redirect_keys_of_other_generators_are_named_unless_mkdocs_redirects_runs(hub):
    page = "---\ntitle: Travel\nredirect_from:\n  - /old-travel/\n---\n# Travel\n"
    made = hub({"content/travel.md": page, "content/moved.md": "---\nredirect_to: /travel/\n---\n"})
    out = made.check("--verbose").out
    assert ("content/travel.md:3: notice: `redirect_from` is read by another site generator's "
            "redirect plugin; MkDocs ignores it, so no old address leads here") in out
    assert "content/moved.md:2: notice: `redirect_to` is read" in out
    assert "fix: list the redirects under the mkdocs-redirects plugin's `redirect_maps`" in out
    made.write("mkdocs.yml", MKDOCS_YML.replace("  - search\n", "  - search\n  - redirects\n"))
    assert "redirect plugin" not in made.check("--verbose").out


def test_a_link_written_as_a_tag_is_told_for_what_it_is(hub):
    made = hub({"content/travel.md": '# Travel\n\nSee [the FAQ]({% page "faq" %}) first.\n',
                "content/faq.md": "# FAQ\n"})
    out = made.check("--verbose").out
    assert "links to `{% page \"faq\" %}`, which MkDocs cannot match to a page or file" in out, out
    assert ("fix: the link is a template tag of another site generator: write the path of the "
            "Markdown file it names, like `faq.md`, relative to this file") in out


def test_a_template_exclude_docs_leaves_out_is_no_concern(hub):
    yml = MKDOCS_YML + "exclude_docs: |\n  legacy/\n"
    made = hub({"content/legacy/index.html": TEMPLATE, "content/legacy/old.md": "# Old {% raw %}\n"},
               mkdocs_yml=yml)
    assert "another site generator" not in made.check("--verbose").out


def test_gitbooks_hint_is_named_with_the_admonition_that_replaces_it(hub):
    page = "---\nowner: ae\n---\n# Team\n\n{% hint style=\"info\" %}\nAsk in ~people.\n{% endhint %}\n"
    out = hub({"content/team.md": page}).check().out
    assert ("content/team.md:6: notice: `{% hint style=\"info\" %}` (and 1 more) is a template tag of "
            "another site generator") in out
    assert "fix: GitBook's hint: write an admonition, `!!! info`" in out


def test_gitbooks_redirects_are_named_unless_mkdocs_redirects_runs(hub):
    gitbook = "root: ./\nstructure:\n  readme: README.md\nredirects:\n  old/place: new/place.md\n  x: y.md\n"
    made = hub({".gitbook.yaml": gitbook})
    assert (".gitbook.yaml:4: notice: GitBook's 2 redirects here do nothing in MkDocs, so the old "
            "addresses lead nowhere") in made.check().out
    made.write(".gitbook.yaml", "redirects: [not, a, mapping\n")  # broken YAML: nothing to say, no crash
    assert ".gitbook.yaml" not in made.check().out
