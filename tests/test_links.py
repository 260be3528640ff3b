"""Every internal link and anchor of the built sample hub resolves; external links are listed."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from conftest import REPO


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and found.get("name"):
            self.ids.add(found["name"] or "")
        for name in ("href", "src"):
            if found.get(name) and not (tag == "link" and found.get("rel") in ("canonical", "alternate")):
                self.links.append(found[name] or "")


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves(sample_site: Path):
    base = "http://site.invalid/"
    pages = {p: _parse(p) for p in sample_site.rglob("*.html")}
    ids = {p: parsed.ids for p, parsed in pages.items()}
    broken: list[str] = []
    external: set[str] = set()
    for page, parsed in pages.items():
        here = base + page.relative_to(sample_site).as_posix()
        for link in parsed.links:
            if link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            absolute, fragment = urldefrag(urljoin(here, link))
            if not absolute.startswith(base):
                external.add(absolute)
                continue
            path = sample_site / unquote(urlparse(absolute).path[len("/"):])
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(sample_site)}: {link}")
            elif fragment and path.suffix == ".html" and unquote(fragment) not in ids.get(path, set()):
                broken.append(f"{page.relative_to(sample_site)}: {link} (no such anchor)")
    assert not broken, "\n".join(sorted(broken)[:30])
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "external-links.txt").write_text("\n".join(sorted(external)) + "\n")
    assert any(link.startswith("https://github.com/fieldstone/handbook") for link in external)
