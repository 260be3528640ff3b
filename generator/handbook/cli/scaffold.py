"""`handbook new`: a valid document of a kind, every field present and explained, in its folder."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from handbook.model.documents import FOLDERS, MODELS, OWNERLESS, Kind, material_keys
from handbook.model.frontmatter import FrontMatterError, parse
from handbook.model.hub import Hub
from handbook.model.links import page_url_of
from handbook.model.loader import site_path
from handbook.model.options import Settings
from handbook.model.validation import explain, suggest

# Example values for fields whose empty value would not teach anything (YAML, one line each).
EXAMPLES: dict[str, str] = {
    "tags": "[]", "audience": "[]", "stages": "[]", "assets": "[]", "channels": "[]",
    "entry": "[]", "exit": "[]", "activities": "[]", "responsibilities": "[]", "onboarding": "[]",
    "aliases": "[]", "messages": '["The first thing sales should say"]',
    "goals": "\n  - metric: MQLs\n    target: 100\n    # actual: 0   (add the result when you have it)",
    "promises": '\n  - id: first-promise\n    claim: "What we promise customers"\n    status: planned'
                "   # planned | shipped | partial | delayed | cut\n"
                "    # delivered: what actually shipped (needed for shipped and partial)\n"
                "    # note: why a promise changed\n    # was: [old-id]   (when you rename a promise)",
    "expectations": "[]   # - {what: ..., within: 3 business days, for: <role id>}",
    "leads": "\n  expected: What leads sales will receive\n  handoff: How and when they are handed over"
             "\n  follow_up: How fast sales follows up",
    "status": "approved", "personalize": "false", "order": "1",
    "definition": '"One sentence both teams agree on"', "url": "https://example.com/material",
}
# What each field is for, where the model has no description of its own.
COMMENTS: dict[str, str] = {
    "tags": "Free labels, like [hvac, pricing]", "channels": "Where it runs: [email, paid search]",
    "offer": "What buyers get for acting now", "team": "sales or marketing",
    "responsibilities": "What this role is responsible for, one line each",
    "entry": "When a deal enters this stage", "exit": "When a deal leaves it",
    "activities": "What the owner does in this stage", "aliases": "Other words for the same thing",
    "version": "Like \"2026.1\"", "expires": "After this date the material is flagged, YYYY-MM-DD",
    "personalize": "true: a printable version with the salesperson's details",
    "status": "approved | retired", "goals": "Targets, and actual results when known",
    "leads": "What sales receives, how, and how fast to follow up",
    "promises": "What this release promises; never delete one, mark it cut",
    "starts": "YYYY-MM-DD", "ends": "YYYY-MM-DD", "date": "Release date, YYYY-MM-DD",
    "url": "A web address, or `file: files/x.pdf` next to this page instead",
    "assets": "Asset ids (collateral) used here, like [winter-flyer]",
    "definition": "What the word means here, in a sentence or two",
    "abbr": "The short form, like MQL: it becomes a tooltip across the site",
}
LEFT_OUT = {"title", "kind", "file"}  # title goes first; kind comes from the folder; file or url
# Material's page keys are Material's to document; a new file lists Handbook's own fields.


SLUG_LENGTH = 60  # file names stay readable, and far below the file system's limit
# Folders whose index page Handbook generates: a page of the same name would share its address.
GENERATED_SECTIONS = frozenset({"campaigns", "process", "roles", "glossary", "onboarding", "assets",
                                "freshness", "releases", "whats-new", "playbooks"})
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_title(title: str) -> str:
    """The title as one line: line breaks and tabs become spaces; control characters, which
    YAML refuses and terminals obey, go (so do undecodable bytes and direction overrides)."""
    kept = "".join(" " if char.isspace() else char for char in title
                   if char.isspace() or (unicodedata.category(char) not in ("Cc", "Cs")
                                         and char not in _BIDI_CONTROLS))
    return " ".join(kept.split())


def slug(title: str) -> str:
    """`Spring 2027 Launch!` -> `spring-2027-launch`; `Café` -> `cafe`; `見込み客` stays itself.

    A long title is cut at a word boundary, so the file name stays short."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    found = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if not found:  # a title with no Latin letters keeps its own (a file name may be Unicode)
        found = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", title).casefold()).strip("-")
    if len(found) > SLUG_LENGTH:
        cut = found[:SLUG_LENGTH + 1]
        found = cut.rsplit("-", 1)[0] if "-" in cut else cut[:SLUG_LENGTH]
    return found.strip("-") or "untitled"


def target_path(settings: Settings, kind: Kind, title: str) -> Path:
    folder = FOLDERS[kind].format(content=settings.content_dir.relative_to(settings.root).as_posix(),
                                  playbooks=settings.options.playbooks_dir)
    return settings.root / folder / f"{slug(title)}.md"


def _site_uri(settings: Settings, kind: Kind, path: Path) -> str:
    if kind in ("playbook", "stage"):
        return site_path(PurePosixPath(path.relative_to(settings.playbooks_dir).as_posix()), True)
    return path.relative_to(settings.content_dir).as_posix()


def document(kind: Kind, title: str, owner: str | None, day: dt.date) -> str:
    """The text of a new document: front matter with every field, then a heading."""
    lines = ["---", f"title: {_quoted(title)}"]
    for name, info in MODELS[kind].model_fields.items():
        key = info.alias or name
        if key in LEFT_OUT or key in material_keys(kind):
            continue
        text = info.description or COMMENTS.get(key)
        comment = f"  # {text}" if text else ""
        value = _value(key, kind, title, owner, day)
        if value is None:
            lines.append(f"# {key}:{comment}")
        elif value.startswith("\n"):
            lines.append(f"{key}:{comment}{value}")
        else:
            lines.append(f"{key}: {value}{comment}")
    lines += ["---", "", f"# {title}", "", "Write the page here.", ""]
    return "\n".join(lines)


def refusal(hub: Hub, kind: Kind, title: str, owner: str | None) -> str | None:
    """Why `new` must not write this document (None: it may), so it never writes a failing file.

    A new role may go without an owner: it owns itself, like the first role of every hub.
    """
    return _title_refusal(hub, kind, title) or _owner_refusal(hub, kind, owner)


def _title_refusal(hub: Hub, kind: Kind, title: str) -> str | None:
    """Why the title cannot name a new document: empty, or its file, URL or id is taken."""
    if not clean_title(title):
        return "the title is empty; give the document a title, like \"Spring launch\""
    title = clean_title(title)
    path = target_path(hub.settings, kind, title)
    shown = path.relative_to(hub.settings.root).as_posix()
    if path.exists():
        return f"{shown} already exists; choose another title or edit that file"
    url = page_url_of(_site_uri(hub.settings, kind, path))
    clash = next((doc.path for doc in hub if page_url_of(doc.uri) == url), None)
    if clash or slug(title) == "index" or (kind == "page" and slug(title) in GENERATED_SECTIONS):
        owner_of_url = clash or ("the folder's own page" if slug(title) == "index"
                                 else "a page Handbook generates")
        return f"{shown} would be published at {url}, which is {owner_of_url}; choose another title"
    taken = hub.matches(slug(title))  # a second document of that name would make it ambiguous
    if taken:
        doc = hub.documents.get(taken[0])
        where = f" by {doc.path}" if doc else ""
        return f"the id `{slug(title)}` is already used{where}; choose another title"
    return None


def _owner_refusal(hub: Hub, kind: Kind, owner: str | None) -> str | None:
    """Why `owner` cannot own a new document of `kind`: missing where one is needed, or no role."""
    roles = [role.name for role in hub.of_kind("role")]
    if owner is None:
        if kind in OWNERLESS or kind == "role":
            return None
        return f"a {kind} needs an owner: add --owner ROLE" + _choices(roles)
    if hub.get(owner, "role") is not None:
        return None
    close = suggest(owner, roles)
    return f"`{owner}` is not the id of any role" + (f": did you mean `{close}`?" if close
                                                       else _choices(roles))


def invalid(kind: Kind, text: str) -> str | None:
    """What `check` would say about a new document's front matter (None: nothing), read the
    way the loader reads every file, so `new` never writes a file `check` rejects."""
    try:
        parsed = parse(text)
        MODELS[kind].model_validate(parsed.data)
    except FrontMatterError as exc:
        return exc.message
    except ValidationError as error:
        return next(message for _, message, _ in explain(error, MODELS[kind], kind))
    return None


def _choices(roles: list[str]) -> str:
    return f" (roles: {', '.join(sorted(roles))})" if roles else " (the hub has no roles yet)"


def _value(key: str, kind: Kind, title: str, owner: str | None, day: dt.date) -> str | None:
    if key == "owner":
        return owner or (slug(title) if kind == "role" else None)
    if key in ("reviewed", "starts", "date"):
        return day.isoformat()
    if key == "ends":
        return (day + dt.timedelta(days=30)).isoformat()
    if key in EXAMPLES:
        return EXAMPLES[key]
    return None


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(settings: Settings, kind: Kind, title: str, owner: str | None, day: dt.date) -> Path:
    """Write the new document; never overwrite one that exists, never write an invalid one."""
    title = clean_title(title)
    path = target_path(settings, kind, title)
    text = document(kind, title, owner, day)
    problem = invalid(kind, text)
    if problem:
        raise ValueError(f"the new {kind} would not pass `handbook check` ({problem}); "
                         "choose a simpler title")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": fails if it appeared meanwhile
        out.write(text)
    return path
