"""The document model: one typed front matter schema per kind, plus the loaded Document."""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal, TypeVar, get_args

import markdown  # type: ignore[import-untyped]
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from handbook.model.frontmatter import Loc, line_of

Kind = Literal["page", "playbook", "stage", "role", "campaign", "release", "term", "asset"]
KINDS: tuple[Kind, ...] = get_args(Kind)
PromiseStatus = Literal["planned", "shipped", "partial", "delayed", "cut"]

# Every interval, in front matter, mkdocs.yml or on the command line: a number and a unit,
# spelled out (`90 days`, `6 months`) or as its letter (`7d`, `2w`). Editors read it from the
# JSON Schema too, so it uses no Python-only syntax.
INTERVAL_PATTERN = r"^\s*(\d+)\s*(days?|weeks?|months?|years?|[dwmy])\s*$"
_INTERVAL = re.compile(INTERVAL_PATTERN)
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}  # by the unit's first letter
MAX_INTERVAL_YEARS = 100  # no review cycle is longer; beyond it, date arithmetic overflows
_PERIOD_DIGITS = 12  # a command-line period with more digits is a typo, not "since the beginning"


def _date(value: Any) -> Any:
    """Dates must be written YYYY-MM-DD; numbers are not quietly read as timestamps."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"`{value}` is not a date")  # noqa: TRY004 - pydantic reports ValueError
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"`{value}` is not a valid date") from None


def _text(value: Any) -> Any:
    """Numbers read as text (`version: 2026.1`); true/false do not, they are usually a mistake."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _listed(value: Any) -> Any:
    """A single value where a list is expected counts as a list of one (`audience: ae`)."""
    return [value] if isinstance(value, str) else value


T = TypeVar("T")
Date = Annotated[dt.date, BeforeValidator(_date)]
Text = Annotated[str, BeforeValidator(_text)]
# What Material prints as HTML (a title, subtitle, description): a character reference there
# (`&amp;`) is the character it names, as Jekyll and Material show it. Text from then on, escaped
# again wherever it lands, so `&lt;b&gt;` stays text.
Shown = Annotated[Text, AfterValidator(html.unescape)]
Listed = Annotated[list[T], BeforeValidator(_listed)]
TextList = Listed[Text]
Id = Text  # what a reference writes: a document's id (`roles/ae`) or unique file name (`ae`)
Ids = Listed[Id]
Amount = Annotated[str | int | float, Field(union_mode="left_to_right")]


def interval_days(text: str) -> int:
    """Days in an interval like `90 days`, `6 months` or `2w`; a number too long to matter counts
    as more than any bound, rather than as a 5,000-digit integer."""
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"not an interval: {text!r}")
    number = match.group(1).lstrip("0") or "0"
    count = int(number) if len(number) <= 9 else 10**9
    return count * _UNIT_DAYS[match.group(2)[0]]


def shifted(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, stopping at the calendar's ends instead of overflowing."""
    return day + dt.timedelta(days=max((dt.date.min - day).days, min(days, (dt.date.max - day).days)))


def parse_day(text: str, now: dt.date) -> dt.date:
    """A period (`7d`, `2w`, `3 months`: that long before `now`) or a date (YYYY-MM-DD): what
    every command's date option takes. A period longer than the calendar means its first day."""
    match = _INTERVAL.match(text)
    if match and len(match.group(1)) <= _PERIOD_DIGITS:
        return shifted(now, -interval_days(text))
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"`{text}` is not a period like 7d or 2w, nor a date YYYY-MM-DD") from None


def _bounded(value: str) -> str:
    if interval_days(value) > MAX_INTERVAL_YEARS * _UNIT_DAYS["y"]:
        raise ValueError(f"`{value.strip()[:40]}` is longer than {MAX_INTERVAL_YEARS} years")
    return value


Interval = Annotated[
    str, Field(pattern=INTERVAL_PATTERN, examples=["90 days"]), AfterValidator(_bounded)
]


class Fields(BaseModel):
    """Front matter fields are a closed set: a typo is reported, never silently ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


Hidden = Literal["navigation", "toc", "footer", "path", "tags", "feedback"]
HiddenList = Listed[Hidden]
# Material's page status and icons are named by identifiers that land in HTML class names and
# template paths: letters, digits, `-` and `_`, icons in folders (`material/rocket-launch`).
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
IconName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)+$")]
TemplateName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.html$")]


class Search(Fields):
    """Material's per-page search settings."""

    exclude: bool = Field(False, description="Keep the page out of the search index.")
    boost: float | None = Field(None, gt=0, description="Rank the page higher (2) or lower (0.5).")


class MaterialKeys(Fields):
    """The page keys MkDocs and Material document, welcome on every kind and passed to them.

    Assets keep `status` for their own approved/retired state (see Asset)."""

    template: TemplateName | None = Field(None, description="Theme template for the page, like `home.html`.")
    icon: IconName | None = Field(None, description="Icon in the navigation, like `material/rocket-launch`.")
    status: Identifier | None = Field(None, description="Material's page status, like `new` or `deprecated`.")
    subtitle: Shown | None = Field(None, description="Shown under the title in the navigation.")
    hide: HiddenList = Field(default_factory=list,
                             description="Parts of the page to hide, like [navigation, toc].")
    search: Search | None = None
    comments: bool | None = Field(None, description="Show the comment system, if the theme has one.")
    social: dict[str, Any] | None = Field(None, description="Material's social card settings.")


class Own(Fields):
    title: Shown | None = Field(None, description="Page title; defaults to the first # heading.")
    kind: Kind | None = Field(None, description="Usually implied by the folder.")
    owner: Id | None = Field(None, description="Role id responsible for keeping it true.")
    audience: Ids = Field(default_factory=list, description="Role ids it is written for.")
    tags: TextList = Field(default_factory=list)
    reviewed: Date | None = Field(None, description="Date of the last review, YYYY-MM-DD.")
    review_every: Interval | None = Field(None, description="Review interval, like `90 days`.")
    description: Shown | None = Field(None, description="One-line summary for search and links.")


class Common(MaterialKeys, Own):
    """Every kind's fields: Handbook's own first, then Material's page keys."""


class Open(Common):
    """Pages and playbooks keep the keys other tools wrote (`layout`, `permalink`, `weight`):
    they pass through to `page.meta`. Near misses of Handbook's own fields are still typos."""

    model_config = ConfigDict(extra="allow")


class Page(Open):
    pass


class Playbook(Open):
    stages: Ids = Field(default_factory=list, description="Stage ids where it is used.")
    assets: Ids = Field(default_factory=list, description="Asset ids it uses.")


class Stage(Common):
    order: int = Field(description="Position in the selling process, 1 first.")
    buyer: Text | None = Field(None, description="What the buyer is doing at this stage.")
    entry: TextList = Field(default_factory=list, description="Criteria to enter the stage.")
    exit: TextList = Field(default_factory=list, description="Criteria to leave the stage.")
    activities: TextList = Field(default_factory=list)
    assets: Ids = Field(default_factory=list)


class Expectation(Fields):
    what: Text
    within: Text = Field(description="The agreed time, like `24 hours`.")
    for_: Id = Field(alias="for", description="Role id it is owed to.")


class Role(Common):
    team: Text | None = None
    responsibilities: TextList = Field(default_factory=list)
    expectations: list[Expectation] = Field(default_factory=list)
    onboarding: Ids = Field(default_factory=list, description="Ordered reading path (ids).")


class Goal(Fields):
    metric: Text
    target: Amount | None = None
    actual: Amount | None = None


class Leads(Fields):
    expected: Text | None = Field(None, description="What leads sales will receive.")
    handoff: Text | None = Field(None, description="How and when they are handed over.")
    follow_up: Text | None = Field(None, description="How fast sales follows up.")


class Campaign(Common):
    starts: Date
    ends: Date
    goals: list[Goal] = Field(default_factory=list)
    messages: TextList = Field(default_factory=list, description="Key messages, in order.")
    channels: TextList = Field(default_factory=list)
    offer: Text | None = None
    leads: Leads | None = None
    assets: Ids = Field(default_factory=list)


class Promise(Fields):
    id: Text
    claim: Text
    status: PromiseStatus = "planned"
    delivered: Text | None = Field(None, description="What actually shipped.")
    note: Text | None = None
    was: Ids = Field(default_factory=list, description="Earlier ids of this promise.")


class Release(Common):
    date: Date
    version: Text | None = None
    promises: list[Promise] = Field(default_factory=list)


class Term(Common):
    abbr: Text | None = None
    aliases: TextList = Field(default_factory=list)
    definition: Text


class Asset(Common):
    file: Text | None = Field(None, description="Path relative to this document.")
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    status: Literal["approved", "retired"] = Field(
        "approved", description="`retired` material is marked and sinks in search.")
    expires: Date | None = None
    personalize: bool = False


MODELS: dict[Kind, type[Common]] = {
    "page": Page,
    "playbook": Playbook,
    "stage": Stage,
    "role": Role,
    "campaign": Campaign,
    "release": Release,
    "term": Term,
    "asset": Asset,
}

def material_keys(kind: Kind) -> frozenset[str]:
    """The Material page keys a kind accepts as Material's (an asset's `status` is its own)."""
    keys = frozenset(MaterialKeys.model_fields)
    return keys - {"status"} if kind == "asset" else keys


# Where each kind's documents live: `handbook new` writes there, and the loader gives a
# document found there that kind (`{content}`: docs_dir; `{playbooks}`: the playbooks folder).
FOLDERS: dict[Kind, str] = {
    "page": "{content}", "playbook": "{playbooks}", "stage": "{playbooks}/process",
    "role": "{content}/roles", "campaign": "{content}/campaigns", "release": "{content}/releases",
    "term": "{content}/glossary", "asset": "{content}/assets",
}
# Kinds that may go without an owner: everything else needs someone to keep it true.
OWNERLESS: frozenset[Kind] = frozenset({"page", "term"})


FieldsT = TypeVar("FieldsT", bound=Common)
_ATTRIBUTES = re.compile(r"\s*\{:?[^{}]*\}\s*$")
_HEADING = re.compile(r"#[ \t]+(.+?)[ \t]*#*[ \t]*")  # `# Title`, closing hashes optional
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def nav_titles(nav: object) -> dict[str, str]:
    """Each page `nav:` names with a title (`- SSL: advanced/ssl.md`), by its path under
    docs_dir: mkdocs.yml is trusted, as in MkDocs."""
    found: dict[str, str] = {}
    entries = nav if isinstance(nav, list) else []
    for entry in entries:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str) and isinstance(title, str) and "://" not in value:
                    found.setdefault(posixpath.normpath(value), title)
                else:
                    for path, name in nav_titles(value).items():
                        found.setdefault(path, name)
    return found


def first_heading(body: str) -> str | None:
    """The text of the Markdown's first `#` heading outside fenced code (where `# ...` is a
    shell or Python comment, not a title), as MkDocs takes the title from the first one."""
    fence = ""
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence:  # inside: only a fence of the same character, as long or longer, closes it
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif heading := _HEADING.fullmatch(line):
            return heading.group(1)
    return None


_MARKUP = re.compile(r"[\[\]*_`<!&\\]")  # what inline Markdown (or HTML) in a heading starts with
_IMAGE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>")
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


@functools.lru_cache(maxsize=4096)
def heading_text(source: str) -> str:
    """A heading as readers see it, as MkDocs titles a page from one: its inline Markdown
    rendered (`[![CI](badge.svg)](ci)` is its image's alt text, `**Sales**` is Sales), tags
    dropped, character references decoded, spaces collapsed."""
    if _MARKUP.search(source):
        rendered = _inline().reset().convert(source)
        source = _TAG.sub("", _IMAGE.sub(lambda image: image.group(1), rendered))
    return " ".join(html.unescape(source).split())


@functools.cache
def _inline() -> markdown.Markdown:
    """One Markdown converter for every heading with markup (making one costs more than using it)."""
    return markdown.Markdown()


def _name_title(path: str, uri: str) -> str:
    """A page's title from its file's name, as MkDocs makes one (dashes and underscores as spaces,
    a lower-case name capitalised), but a folder's `README.md` or `index.md` is named after the
    folder ("Culture", not "Readme"), and the home page is Home."""
    stem = PurePosixPath(path).stem
    if stem.lower() in ("readme", "index"):
        stem = PurePosixPath(uri).parent.name or "Home"
    title = stem.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


@dataclass
class Document:
    """A loaded document: typed fields, body, and where every value came from."""

    id: str  # site path without .md, like `sales/faq`: unique
    kind: Kind
    path: str  # relative to the hub root, POSIX
    uri: str  # path in the site tree, like `campaigns/spring.md`
    fields: Common
    body: str
    body_line: int = 1
    lines: dict[Loc, int] = field(default_factory=dict)
    name: str = ""  # what references write: the file name while unique in the hub, else the id
    nav_title: str = ""  # what mkdocs.yml's `nav:` calls the page (`SSL: advanced/ssl.md`)

    def __post_init__(self) -> None:
        self.name = self.name or self.id

    @property
    def title(self) -> str:
        """The title as readers see it, as MkDocs gives it: the `nav:` entry's, the front
        matter's, the first heading's (character references decoded, as Markdown shows them; the
        front matter's are, see `Shown`), else the file's name."""
        if self.nav_title:
            return self.nav_title
        if self.fields.title:
            return self.fields.title
        heading = first_heading(self.body)
        if heading:  # without an attribute list (`# Start {#start}`): Markdown reads it, not readers
            return heading_text(_ATTRIBUTES.sub("", heading) or heading) or _name_title(self.path, self.uri)
        return _name_title(self.path, self.uri)

    @property
    def anchor(self) -> str:
        """The name as an HTML id and attribute-list anchor: no `/`, quotes or braces."""
        return re.sub(r"[^\w-]+", "-", self.name).strip("-") or "document"

    def fields_as(self, model: type[FieldsT]) -> FieldsT:
        """The fields as the model of the document's kind (`campaign.fields_as(Campaign).ends`),
        so code that knows the kind is type-checked; any other model is a bug, and raises."""
        if not isinstance(self.fields, model):
            raise TypeError(f"{self.path} is a {self.kind}, not a {model.__name__}")
        return self.fields

    def line(self, *loc: str | int) -> int:
        """Line of a field path, falling back to its nearest parent, then to line 1."""
        return line_of(self.lines, loc)
