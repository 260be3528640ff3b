"""The Atom feed of hub changes: valid XML, absolute links, every value escaped."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from handbook.history.changelog import Entry
from handbook.model.links import absolute, commit_url, page_url_of
from handbook.model.options import Settings

ATOM = "http://www.w3.org/2005/Atom"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def atom(entries: list[Entry], settings: Settings, path: str = "whats-new/", title: str = "") -> str:
    """An Atom document; its `updated` is the newest change, so rebuilds are byte-identical."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    page_url = absolute(settings.site_url, path)
    _text(feed, "title", title or f"{settings.site_name}: what's new")
    _text(feed, "id", page_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=page_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=page_url + "feed.xml")
    updated = entries[0].when.isoformat() if entries else "1970-01-01T00:00:00+00:00"
    _text(feed, "updated", updated)
    if not settings.options.show_authors or not entries:
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        _text(author, "name", settings.site_name)
    for entry in entries[: settings.options.feed_length]:
        feed.append(_entry(entry, settings, page_url))
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _entry(entry: Entry, settings: Settings, page_url: str) -> ET.Element:
    node = ET.Element(f"{{{ATOM}}}entry")
    commit = entry.commit
    _text(node, "title", f"{entry.label}: {entry.summary}")
    _text(node, "id", f"{page_url}#{commit.sha}")
    first = next((p for p in entry.pages if p.uri), None)
    href = absolute(settings.site_url, page_url_of(first.uri)) if first and first.uri else page_url
    ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=href)
    _text(node, "updated", entry.when.isoformat())
    if settings.options.show_authors:
        author = ET.SubElement(node, f"{{{ATOM}}}author")
        _text(author, "name", commit.author)
        if settings.options.show_emails:
            _text(author, "email", commit.email)
    items = "".join(
        f"<li>{html.escape(p.title)} ({html.escape(p.kind)})</li>" for p in entry.pages
    )
    body = f"<p>{html.escape(entry.summary)}</p><ul>{items}</ul>"
    url = commit_url(settings.repo_url, commit.sha)
    if url:
        body += f'<p><a href="{html.escape(url)}">Commit {commit.sha[:7]}</a></p>'
    _text(node, "content", body).set("type", "html")
    return node


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    """A child element; characters XML 1.0 forbids (from commit messages) are dropped."""
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    child.text = _XML_ILLEGAL.sub("", value)
    return child
