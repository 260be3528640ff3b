"""Every internal link and anchor of the built sample hub resolves; external links are listed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from conftest import REPO, search_pages

BASE = "http://site.invalid/"  # where the crawler pretends site/ is served
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.MULTILINE).group(1)  # type: ignore[union-attr]


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
        for name in ("href", "src", "poster", "action"):
            if found.get(name):
                self.links.append(found[name] or "")
        for candidate in (found.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append(candidate.split()[0])


class _Crawler:
    """Resolves links the way a browser does, against the files and ids of the built site."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.pages = {p: self._parse(p) for p in site.rglob("*.html")}
        self.broken: list[str] = []
        self.external: set[str] = set()

    @staticmethod
    def _parse(page: Path) -> _Links:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        return parser

    def check(self, origin: str, here: str, link: str) -> None:
        """`here` is the absolute URL of the linking document; `origin` names it in reports."""
        if link.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
            return
        absolute, fragment = urldefrag(urljoin(here, link))
        if absolute.startswith(SITE_URL):  # canonical links, feeds and the sitemap use site_url
            absolute = BASE + absolute[len(SITE_URL):]
        if not absolute.startswith(BASE):
            self.external.add(absolute)
            return
        path = self.site / unquote(urlparse(absolute).path[len("/"):])
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.broken.append(f"{origin}: {link}")
        elif fragment and path.suffix == ".html" and unquote(fragment) not in self.pages[path].ids:
            self.broken.append(f"{origin}: {link} (no such anchor)")


def test_every_internal_link_and_anchor_resolves(sample_site: Path, artifacts: Path):
    crawler = _Crawler(sample_site)
    assert len(crawler.pages) > 30
    for page, parsed in crawler.pages.items():
        where = page.relative_to(sample_site).as_posix()
        for link in parsed.links:
            crawler.check(where, BASE + where, link)
    assert not crawler.broken, "\n".join(sorted(crawler.broken)[:30])
    (artifacts / "external-links.txt").write_text("\n".join(sorted(crawler.external)) + "\n")
    assert any(link.startswith("https://github.com/fieldstone/handbook") for link in crawler.external)
    assert not any(link.startswith(SITE_URL) for link in crawler.external)


def test_sitemap_feed_and_search_results_point_at_real_pages(sample_site: Path):
    crawler = _Crawler(sample_site)
    sitemap = ET.parse(sample_site / "sitemap.xml").getroot()
    locations = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 30
    for location in locations:
        crawler.check("sitemap.xml", BASE, location)
    feed = ET.parse(sample_site / "whats-new/feed.xml").getroot()
    for link in feed.iter("{http://www.w3.org/2005/Atom}link"):
        crawler.check("whats-new/feed.xml", BASE, link.get("href") or "")
    # a search result links to its page and section: "campaigns/spring/#goals"
    for url, page in search_pages(sample_site).items():
        headings = [a for a in page["anchors"] if re.fullmatch(r"h[1-6]", a["element"])]
        for anchor in [""] + [f"#{a['id']}" for a in headings]:
            crawler.check(f"search index ({url}{anchor})", BASE, url.lstrip("/") + anchor or "./")
    assert not crawler.broken, "\n".join(sorted(crawler.broken)[:30])
