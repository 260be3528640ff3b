"""The live preview when the hub has errors, or a rebuild cannot finish (mkdocs.yml broken, a
page too deep for Markdown): every URL shows what broke, until the next save fixes it (MkDocs
would otherwise hold every request until a build succeeds)."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import clean_directory

from handbook.model.diagnostics import Diagnostic, summary
from handbook.model.options import ConfigFileError, read_settings
from handbook.site.page import Page

log = get_plugin_logger(__name__)

# Present while the preview shows errors, naming them; the theme's script reloads the page
# once it is gone or names others.
MARKER = "assets/handbook-failure.txt"
THEME_DIR = Path(__file__).parent / "theme"
SCRIPT = "assets/handbook.js"  # in THEME_DIR


def failure(diagnostics: list[Diagnostic]) -> Markup:
    """The diagnostics as HTML: file and line, what is wrong, the fix; every value escaped."""
    shown = sorted(d for d in diagnostics if d.severity in ("error", "warning"))
    return _notice(summary(shown), (
        f'<li><code>{escape(d.path)}:{d.line}</code> {d.severity}: {escape(d.message)}'
        + (f"<br>fix: {escape(d.fix)}" if d.fix else "") + "</li>"
        for d in shown))


def failure_page(diagnostics: list[Diagnostic]) -> Page:
    """The one page of a preview that failed (a raw HTML block: nothing to convert)."""
    title = "The preview stopped"
    meta = {"title": title, "search": {"exclude": True}}
    return Page("index.md", title, meta, str(failure(diagnostics)))


def mark(site_dir: Path, failure: str | None) -> None:
    """The marker names the failure the preview shows, so an error page left open reloads when
    the next save shows another, as when it fixes everything (the marker goes)."""
    marker = site_dir / MARKER  # the preview does not clean its site
    shown = _KEY.search(failure or "")
    if shown is None:
        marker.unlink(missing_ok=True)
        return
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(shown[1] + "\n", encoding="utf-8")


def recovering(build: Callable[[], None], config: MkDocsConfig) -> Callable[[], None]:
    """The preview's rebuild, which never fails: when mkdocs.yml no longer loads, or a page
    cannot be converted, every URL says what broke instead (MkDocs would hold every request
    until a build succeeds), and the next save that fixes it brings the site back."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    site_dir = Path(config.site_dir)
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"  # where the preview is served

    def rebuild() -> None:
        errors = _Errors()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            build()
            return
        # any failure: Abort (a config MkDocs rejects), RecursionError, a plugin's own error
        except Exception as error:  # noqa: BLE001
            stopped = f"the build stopped: {error}".splitlines()[0]
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
        unreadable = _unreadable(config_file)  # in `handbook check`'s words, with the line
        problems = [unreadable] if unreadable else errors.told() or [stopped]
        for problem in problems:
            if problem not in errors.told():  # the terminal shows those already
                log.error(problem)
        _show(site_dir, problems, base)
        log.error("the preview shows what broke at every address until you fix it and save")

    return rebuild


def _unreadable(config_file: Path) -> str | None:
    try:
        read_settings(config_file)
    except ConfigFileError as exc:
        return str(exc)
    return None


class _Errors(logging.Handler):
    """The errors logged during one rebuild, as the terminal shows them: what the page repeats."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.mkdocs: list[str] = []
        self.handbook: list[str] = []  # diagnostics, which name the file, the line and the fix

    def emit(self, record: logging.LogRecord) -> None:
        ours = record.name.split(".")[:3] == ["mkdocs", "plugins", log.prefix]
        message = record.getMessage()
        (self.handbook if ours else self.mkdocs).append(message.removeprefix(f"{log.prefix}: "))

    def told(self) -> list[str]:
        """Handbook's diagnostics, when it has any: MkDocs' own say the same in fewer words."""
        return self.handbook or self.mkdocs


def _show(site_dir: Path, problems: list[str], base: str) -> None:
    """The whole preview becomes one page naming the problems; the marker tells pages already
    open (even those served as the 404 page, which MkDocs does not reload) to reload."""
    clean_directory(str(site_dir))
    notice = _notice(f"{len(problems)} error{'s' * (len(problems) != 1)}", map(_item, problems))
    page = _standalone(notice, base)
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(page, encoding="utf-8")
    mark(site_dir, notice)
    (site_dir / SCRIPT).write_bytes((THEME_DIR / SCRIPT).read_bytes())  # which awaits the fix


_LOCATED = re.compile(r"([^\s:]+(?::\d+)?): (.+)")  # `mkdocs.yml:3: not valid YAML: ...`


def _item(problem: str) -> str:
    """A logged problem as a list item, its file and line set apart as a diagnostic's are."""
    first, *rest = [line.strip() for line in problem.splitlines() if line.strip()] or [problem]
    located = _LOCATED.fullmatch(first)
    head = f"<code>{escape(located[1])}</code> {escape(located[2])}" if located else escape(first)
    return f"<li>{head}" + "".join(f"<br>{escape(line)}" for line in rest) + "</li>"


def _notice(count: str, items: Iterable[str]) -> Markup:
    joined = "\n".join(items)
    key = hashlib.sha256(joined.encode()).hexdigest()[:16]  # what `mark` writes while it shows
    return Markup(
        f'<div class="hb-failure" data-hb-failure="{key}">\n'
        f"<h1>The preview stopped: {count}</h1>\n"
        "<p>Fix the problems below and save: the preview rebuilds, and this page reloads by "
        "itself.</p>\n"
        f"<ul>\n{joined}\n</ul>\n</div>\n")


_KEY = re.compile(r'data-hb-failure="(\w+)"')


def _standalone(notice: Markup, base: str) -> str:
    """A page that needs nothing of the theme but the script written beside it: the theme a
    broken mkdocs.yml names may be broken too."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>The preview stopped</title>\n<style>body{font:1rem/1.5 system-ui,sans-serif;"
        "max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em;"
        "overflow-wrap:anywhere}li{margin:.5rem 0}</style>\n</head>\n<body>\n"
        f'{notice}<script src="{escape(base + SCRIPT)}"></script>\n</body>\n</html>\n')
