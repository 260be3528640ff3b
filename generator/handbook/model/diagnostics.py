"""Problems found in a hub, each tied to a file and line, with the fix spelled out."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")
# Warnings and notices of one kind beyond this many become one line with a count (in text
# output only). Errors are always listed one by one: each blocks publishing, and is fixed where it is.
SHOWN_OF_A_KIND = 3
# What a crowd of findings of one kind is called, and where a reader sees all of them.
KINDS: dict[str, tuple[str, str]] = {
    "unowned": ("pages have no owner, so nobody is asked to keep them true", "freshness/#unowned"),
    "overdue": ("documents are overdue for review", "freshness/#overdue"),
    "expired": ("materials have expired", "freshness/#expired"),
    "stale-link": ("links point at ended or retired material", "freshness/#stale-links"),
    "broken-link": ("links lead to no page or file of the hub", ""),
    "broken-anchor": ("links lead to a heading that is not there", ""),
    "broken-nav": ("entries of `nav:` name no page or file", ""),
    "absolute-link": ("links are absolute paths, which MkDocs leaves as written: where the site is "
                      "not at the top of its domain, readers find no page there", ""),
    "unrecognized-link": ("links are relative paths MkDocs cannot match to a file", ""),
    "foreign-tag": ("pages hold template tags of another site generator, which MkDocs shows as "
                    "text", ""),
    "foreign-template": ("HTML files are templates of another site generator, copied as they are", ""),
    "foreign-redirect": ("pages name redirects that MkDocs ignores", ""),
    "stranded": ("Markdown files or folders of them are at the top of the repository, outside the site", ""),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and how to fix it."""

    path: str
    line: int
    severity: Severity
    message: str
    fix: str = ""
    kind: str = ""  # what findings like it are called when they are counted (see KINDS)

    def text(self) -> str:
        """The line a person reads in a terminal."""
        head = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        return f"{head}\n    fix: {self.fix}" if self.fix else head

    def github(self, prefix: str = "") -> str:
        """A GitHub Actions workflow command, shown as an annotation on the changed line.

        GitHub names files from the repository's top: `prefix` is where the hub sits in it."""
        body = f"{self.message} Fix: {self.fix}" if self.fix else self.message
        return (
            f"::{self.severity} file={_gh_property(prefix + self.path)},line={self.line},"
            f"title={_gh_property('handbook check')}::{_gh_data(body)}"
        )


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    """Errors always fail; warnings fail only in strict mode; notices never fail."""
    failing = {"error", "warning"} if strict else {"error"}
    return any(d.severity in failing for d in diagnostics)


def summary(diagnostics: list[Diagnostic]) -> str:
    counts = {s: sum(d.severity == s for d in diagnostics) for s in SEVERITIES}
    parts = [f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items() if n]
    return ", ".join(parts) if parts else "no problems"


@dataclass(frozen=True)
class Crowd:
    """Many findings of one kind, told as one: how many, the first few, and where to see all."""

    members: list[Diagnostic]

    @property
    def severity(self) -> Severity:
        return self.members[0].severity

    def text(self) -> str:
        first = self.members[0]
        what, page = KINDS.get(first.kind, ("", ""))
        count = len(self.members)
        folders = posixpath.commonpath([posixpath.dirname(d.path) or "." for d in self.members])
        where = f"{folders}/" if folders not in ("", ".") else "hub"
        places = list(dict.fromkeys(f"{d.path}:{d.line}" for d in self.members))
        told = f"{count} {what}" if what else f"{first.message}, {count} times"
        see = "`handbook check --verbose`" + (
            f"; the site's {page}, once a document has an owner or a review date" if page else "")
        lines = [f"{where}: {self.severity}: {told}",  # lines that fit a terminal, mostly
                 f"    first: {', '.join(places[:SHOWN_OF_A_KIND])} and {count - SHOWN_OF_A_KIND} more",
                 f"    all: {see}"]
        if len({d.fix for d in self.members}) == 1 and first.fix:
            lines.append(f"    fix: {first.fix}")
        elif any(d.fix for d in self.members):  # a fix a finding, each naming its own target
            lines.append(f"    fix: each has its own, such as: {first.fix}")
        return "\n".join(lines)


def told(diagnostics: list[Diagnostic], verbose: bool = False) -> Iterator[Diagnostic | Crowd]:
    """The diagnostics in file order, each kind of warning or notice that repeats more than
    SHOWN_OF_A_KIND times told once, where its first finding is: a screen a person can read,
    at any hub size."""
    ordered = sorted(diagnostics)
    if verbose:
        yield from ordered
        return
    kinds: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in ordered:
        kinds.setdefault(_kind_of(d), []).append(d)
    for d in ordered:
        members = kinds[_kind_of(d)]
        if len(members) <= SHOWN_OF_A_KIND or d.severity == "error":
            yield d
        elif members[0] is d:
            yield Crowd(members)


def _kind_of(d: Diagnostic) -> tuple[str, str]:
    """Findings of one kind: the same `kind`, or else the same words (such as one unknown
    field in many files)."""
    return d.severity, d.kind or f"{d.message}\0{d.fix}"


def render(diagnostics: list[Diagnostic], fmt: str, prefix: str = "", verbose: bool = False) -> str:
    """All diagnostics in one output format: text, json or github. Machines get every finding;
    text counts repeated ones unless `verbose`."""
    ordered = sorted(diagnostics)
    if fmt == "json":
        records = [{k: v for k, v in asdict(d).items() if k != "kind"} for d in ordered]
        return json.dumps(records, indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.github(prefix) for d in ordered)
    lines = [item.text() for item in told(ordered, verbose)]
    lines.append(f"handbook check: {summary(ordered)}")
    return "\n".join(lines)
