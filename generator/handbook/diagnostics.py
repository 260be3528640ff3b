"""Problems found in a hub, each tied to a file and line, with the fix spelled out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and how to fix it."""

    path: str
    line: int
    severity: Severity
    message: str
    fix: str = ""

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
    counts = {s: sum(d.severity == s for d in diagnostics) for s in ("error", "warning", "notice")}
    parts = [f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items() if n]
    return ", ".join(parts) if parts else "no problems"


def render(diagnostics: list[Diagnostic], fmt: str, prefix: str = "") -> str:
    """All diagnostics in one output format: text, json or github."""
    ordered = sorted(diagnostics)
    if fmt == "json":
        return json.dumps([asdict(d) for d in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.github(prefix) for d in ordered)
    lines = [d.text() for d in ordered]
    lines.append(f"handbook check: {summary(ordered)}")
    return "\n".join(lines)
