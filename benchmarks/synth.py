"""A synthetic hub repository at any size, for benchmarks: realistic front matter for every kind,
and a history of about ten commits a page with renames and deletes, written by one
`git fast-import` (not a git process per commit).

    python benchmarks/synth.py DEST --pages 1000 [--commits-per-page 10] [--seed 1] [--repeat-names]

Everything lives under content/ (playbooks in content/playbooks/), so a plain MkDocs build and
the git plugins see exactly the pages Handbook builds. Playbooks and guides sit in the same
folder tree repeated per region and team (`playbooks/north/commercial/...`), as real handbooks
are laid out; file names are unique unless `--repeat-names` gives every folder the same few
(`faq.md`, `pricing.md`...), which Handbook accepts once names may repeat across folders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

WORDS = ["dispatch", "technician", "schedule", "customer", "invoice", "quote", "demo", "discovery",
         "pipeline", "renewal", "contract", "pricing", "objection", "champion", "budget",
         "decision", "timeline", "onboarding", "handoff", "territory", "forecast", "competitor",
         "migration", "integration", "warranty", "maintenance", "agreement", "emergency", "season",
         "margin", "capacity", "route", "truck", "parts", "callback", "review", "signal", "office",
         "owner", "manager", "dispatcher", "payroll", "follow", "up", "within", "hours", "days",
         "buyer", "value", "proof", "trial", "approval", "legal", "procurement", "security"]
ROLES = ["ae", "sdr", "sales-manager", "product-marketing", "demand-gen", "marketing-ops",
         "sales-engineer", "customer-success"]
MIX = (("playbook", 0.55), ("term", 0.12), ("asset", 0.1), ("campaign", 0.1), ("release", 0.05),
       ("page", 0.08))
FOLDERS = {"playbook": "content/playbooks", "stage": "content/playbooks/process",
           "role": "content/roles", "campaign": "content/campaigns", "release": "content/releases",
           "term": "content/glossary", "asset": "content/assets", "page": "content/guides"}
CONFIG = """\
site_name: Synthetic hub
site_url: https://hub.example.com/
repo_url: https://github.com/example/hub
docs_dir: content
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.sections, navigation.indexes, navigation.prune,
             navigation.path, navigation.footer, search.suggest, search.highlight,
             content.action.edit, content.tooltips]
plugins:
  - search
{plugins}
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
# the folder tree real handbooks repeat: one per region, each with the same teams
REGIONS = ["north", "south", "east", "west", "central"]
TEAMS = ["residential", "commercial", "enterprise", "partners"]
NAMES = ["faq", "pricing", "objections", "checklist", "talk-track", "onboarding", "escalations",
         "renewals", "discovery", "demo-script", "handoff", "templates"]
NESTED = ("playbook", "page")  # the kinds filed in that tree
HANDBOOK = "  - handbook:\n      playbooks_dir: content/playbooks\n"
GIT_PLUGINS = "  - git-revision-date-localized\n  - git-authors\n"


@dataclass
class Doc:
    kind: str
    id: str
    path: str
    old_path: str | None = None  # renamed from this path during the history
    fields: dict[str, object] = field(default_factory=dict)


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, title: str, revision: int) -> str:
    sections = []
    for n in range(rng.randint(3, 5)):
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        sections.append(f"## {_sentence(rng, 3)[:-1]} {n + 1}\n\n{paragraph}\n\n- {_sentence(rng, 8)}\n"
                        f"- {_sentence(rng, 8)}\n")
    return f"# {title}\n\nRevision {revision}. {_sentence(rng)}\n\n" + "\n".join(sections)


def _yaml(value: object, indent: str = "") -> str:
    if isinstance(value, list):
        if not value:
            return " []"
        if all(isinstance(v, dict) for v in value):
            out = ""
            for item in value:
                lines = [f"{k}: {_scalar(v)}" for k, v in item.items()]  # type: ignore[union-attr]
                out += f"\n{indent}  - " + f"\n{indent}    ".join(lines)
            return out
        return " [" + ", ".join(_scalar(v) for v in value) + "]"
    return " " + _scalar(value)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace('"', "'") + '"'


def _text(doc: Doc, rng: random.Random, revision: int) -> str:
    fields = doc.fields
    if doc.kind == "release" and revision >= 2:  # a promise shrinks after its announcement
        promises = [dict(p) for p in fields["promises"]]  # type: ignore[union-attr]
        promises[0].update(claim=f"Smaller: {promises[0]['claim']}", status="partial",
                           delivered="Part of it, in two regions")
        fields = {**fields, "promises": promises}
    lines = ["---"] + [f"{k}:{_yaml(v)}" for k, v in fields.items()] + ["---", ""]
    return "\n".join(lines) + _body(rng, str(doc.fields["title"]), revision)


def _path(kind: str, i: int, rng: random.Random, taken: set[str], repeat_names: bool) -> str:
    if kind not in NESTED:
        return f"{FOLDERS[kind]}/{kind}-{i}.md"
    folder = f"{FOLDERS[kind]}/{rng.choice(REGIONS)}/{rng.choice(TEAMS)}"
    name = rng.choice(NAMES) if repeat_names else f"{kind}-{i}"
    path = f"{folder}/{name}.md"
    return f"{folder}/{name}-{i}.md" if path in taken else path


def plan(pages: int, rng: random.Random, repeat_names: bool = False) -> list[Doc]:
    """The documents of the final hub, with valid cross-references."""
    docs = [Doc("role", r, f"{FOLDERS['role']}/{r}.md") for r in ROLES]
    docs += [Doc("stage", f"stage-{i}", f"{FOLDERS['stage']}/stage-{i}.md") for i in range(1, 8)]
    kinds = [k for k, share in MIX for _ in range(round(share * 1000))]
    taken: set[str] = set()
    for i in range(max(0, pages - len(docs))):
        kind = rng.choice(kinds)
        path = _path(kind, i, rng, taken, repeat_names)
        taken.add(path)
        docs.append(Doc(kind, f"{kind}-{i}", path))
    assets = [d.id for d in docs if d.kind == "asset"]
    # referenced by file stem, so only the documents whose stem no other document has
    stems = [Path(d.path).stem for d in docs]
    playbooks = [Path(d.path).stem for d in docs if d.kind == "playbook"
                 and stems.count(Path(d.path).stem) == 1]
    today = dt.date(2026, 11, 23)
    for doc in docs:
        doc.fields = _fields(doc, rng, today, playbooks, assets)
    return docs


def _fields(doc: Doc, rng: random.Random, today: dt.date, playbooks: list[str],
            assets: list[str]) -> dict[str, object]:
    """A document's front matter: the fields every kind has, then its kind's own."""
    f: dict[str, object] = {"title": f"{doc.kind.capitalize()} {doc.id.split('-')[-1]} {rng.choice(WORDS)}"}
    if doc.kind not in ("page", "term"):
        f["owner"] = rng.choice(ROLES)
    f["audience"] = rng.sample(ROLES, 2)
    f["tags"] = rng.sample(WORDS, 2)
    f["reviewed"] = str(today - dt.timedelta(days=rng.randint(0, 150)))
    f["description"] = _sentence(rng, 10)
    f.update(_kind_fields(doc, rng, today, playbooks, assets))
    return f


def _kind_fields(doc: Doc, rng: random.Random, today: dt.date, playbooks: list[str],
                 assets: list[str]) -> dict[str, object]:
    """The fields only `doc`'s kind has; it refers to `playbooks` by file stem, `assets` by id."""
    f: dict[str, object] = {}
    if doc.kind == "role":
        f["title"] = doc.id.replace("-", " ").title()
        f["responsibilities"] = [_sentence(rng, 8) for _ in range(4)]
        f["expectations"] = [{"what": _sentence(rng, 6), "within": f"{rng.randint(1, 5)} days",
                              "for": rng.choice(ROLES)} for _ in range(2)]
        f["onboarding"] = rng.sample(playbooks, min(8, len(playbooks)))
    elif doc.kind == "stage":
        f["order"] = int(doc.id.split("-")[1])
        f["buyer"] = _sentence(rng, 10)
        f["entry"] = [_sentence(rng, 6)]
        f["exit"] = [_sentence(rng, 6)]
    elif doc.kind == "playbook":
        f["stages"] = [f"stage-{rng.randint(1, 7)}"]
        f["assets"] = rng.sample(assets, min(2, len(assets)))
    elif doc.kind == "campaign":
        start = today + dt.timedelta(days=rng.randint(-400, 120))
        f["starts"], f["ends"] = str(start), str(start + dt.timedelta(days=rng.randint(30, 120)))
        f["messages"] = [_sentence(rng, 10) for _ in range(3)]
        f["goals"] = [{"metric": "MQLs", "target": rng.randint(100, 900), "actual": rng.randint(50, 900)}]
    elif doc.kind == "release":
        f["date"] = str(today + dt.timedelta(days=rng.randint(1, 200)))
        f["promises"] = [{"id": f"p{n}", "claim": _sentence(rng, 8), "status": "planned"} for n in range(3)]
    elif doc.kind == "term":
        f["abbr"] = f"T{doc.id.split('-')[-1]}"
        f["definition"] = _sentence(rng, 12)
    elif doc.kind == "asset":
        f["url"] = f"https://drive.example.com/{doc.id}"
        f["personalize"] = rng.random() < 0.25
    return f


def generate(dest: Path, pages: int, commits_per_page: int = 10, seed: int = 1,
             repeat_names: bool = False) -> Path:
    """Write the hub and its history into `dest` (a new folder); returns it."""
    rng = random.Random(seed)
    docs = plan(pages, rng, repeat_names)
    for doc in rng.sample(docs, len(docs) // 20):  # 5% were renamed along the way
        doc.old_path = doc.path.replace(".md", "-draft.md")
    doomed = [Doc("playbook", f"retired-{i}", f"{FOLDERS['playbook']}/retired-{i}.md",
                  fields={"title": f"Retired {i}", "owner": "ae"}) for i in range(max(1, pages // 50))]
    # each file's own events in order (write first, a rename or delete somewhere after it),
    # then all files' events shuffled together without breaking any file's order
    budget = max(len(docs), pages * commits_per_page) - len(docs) - 2 * len(doomed)
    edits = {d.id: 0 for d in docs}
    for _ in range(max(0, budget - sum(1 for d in docs if d.old_path))):
        edits[rng.choice(docs).id] += 1
    queues: list[list[tuple[str, Doc]]] = []
    for doc in docs:
        queue = [("write", doc)] * (1 + edits[doc.id])
        if doc.old_path:
            queue.insert(rng.randint(1, len(queue)), ("rename", doc))
        queues.append(queue)
    queues += [[("write", d), ("delete", d)] for d in doomed]
    events: list[tuple[str, Doc]] = []
    while queues:
        queue = rng.choice(queues)
        events.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    dest.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=dest, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=dest, input=_fast_import(events, rng), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest, check=True)
    (dest / "mkdocs.yml").write_text(CONFIG.format(plugins=HANDBOOK))
    return dest


def _fast_import(events: list[tuple[str, Doc]], rng: random.Random) -> bytes:
    out: list[bytes] = []
    where: dict[str, str] = {}  # doc id -> its path at this point of the history
    revision: dict[str, int] = {}
    when = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    authors = [("Priya Shah", "priya"), ("Sam Ortiz", "sam"), ("Dana Lee", "dana"), ("Alex Kim", "alex")]
    for action, doc in events:
        when += rng.randint(600, 7200)
        name, login = rng.choice(authors)
        if action == "write":
            first = doc.id not in where
            where.setdefault(doc.id, doc.old_path or doc.path)
            revision[doc.id] = revision.get(doc.id, 0) + 1
            op = _modify(where[doc.id], _text(doc, rng, revision[doc.id]))
            message = f"{'feat' if first else 'docs'}({doc.kind}): {_sentence(rng, 6)[:-1].lower()}"
        elif action == "rename":
            op = f"R {where[doc.id]} {doc.path}\n".encode()
            where[doc.id] = doc.path
            message = f"refactor: rename {doc.id}"
        else:
            op = f"D {where[doc.id]}\n".encode()
            message = f"chore: retire {doc.id}"
        data = message.encode()
        out.append(b"commit refs/heads/main\n")
        out.append(f"author {name} <{login}@example.com> {when} +0000\n".encode())
        out.append(f"committer {name} <{login}@example.com> {when} +0000\n".encode())
        out.append(f"data {len(data)}\n".encode() + data + b"\n")
        out.append(op)
        out.append(b"\n")
    return b"".join(out)


def _modify(path: str, text: str) -> bytes:
    data = text.encode()
    return f"M 100644 inline {path}\n".encode() + f"data {len(data)}\n".encode() + data + b"\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--commits-per-page", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat-names", action="store_true",
                        help="the same few file names in every folder (faq.md, pricing.md...)")
    args = parser.parse_args()
    generate(args.dest, args.pages, args.commits_per_page, args.seed, args.repeat_names)
    print(f"wrote {args.dest} ({args.pages} pages)")


if __name__ == "__main__":
    main()
