"""Page weight as one section grows: a hub whose pages all sit in one folder.

    python benchmarks/section_size.py [--sizes 500,1000,5000] [--material-up-to 1000]

Each size is a fresh Git repository with one commit: a home page and N plain pages in
`content/library/`. Handbook builds it (and plain Material, with the same features, up to
`--material-up-to` pages: every Material page lists the whole section, so its site grows with
the square of the section). Prints a Markdown table: site size, HTML per page, one section
page's size and the links its navigation carries, and how much of it is whitespace.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from build_times import machine, measure_build

SECTION = "library"


def generate(dest: Path, pages: int, seed: int = 1) -> Path:
    """A hub of `pages` plain pages in one folder, committed once."""
    rng = random.Random(seed)
    folder = dest / "content" / SECTION
    folder.mkdir(parents=True)
    (dest / "playbooks").mkdir()
    (dest / "content/index.md").write_text("# Library\n\nEverything we know, in one folder.\n")
    for n in range(pages):
        words = " ".join(rng.choice(synth.WORDS) for _ in range(120))
        title = f"{rng.choice(synth.WORDS).capitalize()} {rng.choice(synth.WORDS)} {n:04d}"
        (folder / f"topic-{n:04d}.md").write_text(f"# {title}\n\n{words}.\n\n## Steps\n\n1. One.\n2. Two.\n")
    (dest / "plain.yml").write_text(synth.CONFIG.format(plugins=""))
    (dest / "mkdocs.yml").write_text(synth.CONFIG.format(plugins="  - handbook\n"))
    git = ["git", "-C", str(dest), "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "docs: the library"], check=True)
    return dest


def page_profile(site: Path) -> tuple[float, int, float]:
    """One section page (the middle one): its KB, the section links in it, and the share of
    its bytes that are whitespace."""
    pages = sorted((site / SECTION).glob("topic-*/index.html"))
    html = pages[len(pages) // 2].read_text("utf-8")
    links = len(re.findall(r'href="(?:\.\./)+' + SECTION + r'/topic-|href="\.\./topic-', html))
    spaces = sum(len(run) for run in re.findall(r"\s+", html))
    return len(html.encode()) / 1024, links, spaces / len(html)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,5000")
    parser.add_argument("--material-up-to", type=int, default=1000, metavar="PAGES")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-section-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            hub = generate(Path(tmp) / f"hub-{size}", size)
            builds = {"Handbook": "mkdocs.yml"}
            if size <= args.material_up_to:
                builds = {"Material": "plain.yml", **builds}
            for label, config in builds.items():
                result = measure_build(hub, config, 1)
                rows.append((size, label, result, *page_profile(hub / f"site-{Path(config).stem}")))
            print(f"... {size} pages done", file=sys.stderr)
    print("| pages in the section | build | wall s | peak MB | MkDocs process MB | site MB | "
          "HTML KB/page | a section page KB | section links on it | whitespace |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, label, r, kb, links, spaces in rows:
        print(f"| {size:,} | {label} | {r.seconds:.1f} | {r.peak_mb:.0f} | {r.python_peak_mb:.0f} | "
              f"{r.site_mb:.0f} | "
              f"{r.html_kb_per_page:.1f} | {kb:.1f} | {links} | {spaces:.0%} |")


if __name__ == "__main__":
    main()
