"""The promise ledger as a unit: versions fed to the builder directly, no Git repository.

The end-to-end story (real commits, the release page, `handbook promises`) is in
tests/test_promises.py; here each rule of the timeline is pinned down on its own.
"""

from __future__ import annotations

import datetime as dt
import json

from handbook.history.git import Commit
from handbook.history.promises import (
    EventKind,
    FieldChange,
    LedgerBuilder,
    State,
    Timeline,
    Unreadable,
    Version,
    _timelines,
    as_json,
)
from handbook.model.documents import Document, Promise, Release

TV = Promise(id="tv-spot", claim="National TV spot", status="planned")
TV_CABLE = Promise(id="tv-spot", claim="Cable ads", status="partial", delivered="Late-night cable",
                   note="Slots sold out")
APP = Promise(id="offline-app", claim="Offline mobile app", status="planned")
APP_RENAMED = Promise(id="offline-mobile", was=["offline-app"], claim="Offline mobile app",
                      status="planned")
APP_SHIPPED = Promise(id="offline-mobile", was=["offline-app"], claim="Offline mobile app",
                      status="shipped")
PAY = Promise(id="payroll", claim="Payroll export", status="planned")


def release(*promises: Promise) -> Document:
    """The release note as the working tree has it today."""
    return Document("releases/spring", "release", "content/releases/spring.md", "releases/spring.md",
                    Release(date=dt.date(2026, 3, 10), promises=list(promises)), "# Spring launch\n")


def version(day: int, *promises: Promise, author: str = "Priya Shah", reason: str | None = None,
            unreadable: tuple[Unreadable, ...] = ()) -> Version:
    """A committed version, on day `day` of March 2026."""
    return Version(promises, dt.date(2026, 3, day), author, f"sha{day:02}", reason, unreadable)


def built(*versions: Version) -> dict[str, Timeline]:
    builder = LedgerBuilder(release())
    for each in versions:
        builder.add(each)
    return {t.id: t for t in builder.timelines()}


def kinds(timeline: Timeline) -> list[str]:
    return [e.kind for e in timeline.events]


def commit(day: int, message: str = "docs: update the release", author: str = "Sam Ortiz") -> Commit:
    return Commit(f"sha{day:02}", (), author, "sam@example.com",
                  dt.datetime(2026, 3, day, 9, tzinfo=dt.UTC), message)


def note(*promises: str) -> str:
    """A release note's text, its promises as YAML items."""
    return ("---\ntitle: Spring launch\nowner: ae\ndate: 2026-03-10\npromises:\n"
            + "".join(promises) + "---\n# Spring launch\n")


def test_the_first_version_announces_each_promise_as_written():
    found = built(version(3, TV, APP))
    assert list(found) == ["tv-spot", "offline-app"]
    announced = found["tv-spot"].announced
    assert announced.kind is EventKind.ANNOUNCED and announced.kind == "announced"
    assert (announced.date, announced.author, announced.sha) == (dt.date(2026, 3, 3), "Priya Shah", "sha03")
    assert announced.state == State("National TV spot", "planned")
    assert found["tv-spot"].current == announced.state and found["tv-spot"].later == []
    assert announced.sentence("%d %b %Y").rest == "03 Mar 2026 by Priya Shah: National TV spot (planned)"


def test_a_version_that_changes_nothing_adds_no_event():
    found = built(version(3, TV, APP), version(4, TV, APP), version(5, APP, TV))
    assert kinds(found["tv-spot"]) == kinds(found["offline-app"]) == ["announced"]


def test_a_change_of_claim_status_delivered_and_note_is_one_event_with_its_reason():
    found = built(version(3, TV), version(14, TV_CABLE, author="Sam Ortiz", reason="Budget cut"))
    changed = found["tv-spot"].events[1]
    assert changed.kind is EventKind.CHANGED
    assert changed.changes == [FieldChange("claim", "National TV spot", "Cable ads"),
                               FieldChange("status", "planned", "partial"),
                               FieldChange("delivered", None, "Late-night cable"),
                               FieldChange("note", None, "Slots sold out")]
    assert changed.reason == "Budget cut"
    assert found["tv-spot"].current == State("Cable ads", "partial", "Late-night cable", "Slots sold out")
    # The new note is the why; the commit's reason speaks only when no note does.
    assert changed.sentence("%d %b").rest == (
        "14 Mar by Sam Ortiz: the claim went from “National TV spot” to “Cable ads”; status planned "
        "→ partial; what shipped is now “Late-night cable”; why: Slots sold out")
    cleared = built(version(3, TV_CABLE), version(4, TV, reason="Back to the plan"))["tv-spot"].events[1]
    assert cleared.changes[-1] == FieldChange("note", "Slots sold out", None)
    assert cleared.sentence("%d %b").rest.endswith("the note was cleared (it was “Slots sold out”); "
                                                   "why: Back to the plan")


def test_the_reason_is_the_commits_changelog_trailer_never_skip():
    text = note("  - id: tv-spot\n    claim: National TV spot\n")
    given = Version.read(text, commit(4, "fix(releases): cable\n\nChangelog: The slots sold out"))
    assert given is not None
    assert (given.reason, given.sha, given.date, given.author) == (
        "The slots sold out", "sha04", dt.date(2026, 3, 4), "Sam Ortiz")
    skipped = Version.read(text, commit(4, "fix: typo\n\nChangelog: skip"))
    assert skipped is not None and skipped.reason is None
    assert given.promises == (Promise(id="tv-spot", claim="National TV spot"),)


def test_was_renames_a_promise_whose_old_id_left_the_file():
    found = built(version(3, TV, APP), version(14, TV, APP_RENAMED))
    assert list(found) == ["tv-spot", "offline-mobile"]
    renamed = found["offline-mobile"].events[1]
    assert renamed.kind is EventKind.RENAMED and renamed.changes == []
    assert (renamed.renamed_from, renamed.renamed_to) == ("offline-app", "offline-mobile")
    assert renamed.sentence("%d %b").rest == ("14 Mar by Priya Shah: its id went from offline-app to "
                                              "offline-mobile")
    shipped = built(version(3, APP), version(14, APP_SHIPPED))["offline-mobile"].events[1]
    assert shipped.kind is EventKind.CHANGED and shipped.renamed_from == "offline-app"
    assert shipped.changes == [FieldChange("status", "planned", "shipped")]


def test_was_does_not_take_an_old_id_still_in_the_file():
    found = built(version(3, APP), version(4, APP, APP_RENAMED))
    assert kinds(found["offline-app"]) == ["announced"]
    assert kinds(found["offline-mobile"]) == ["announced"]


def test_was_brings_back_a_promise_removed_earlier_under_its_new_id():
    found = built(version(3, TV, APP), version(4, TV), version(5, TV, APP_RENAMED))
    assert list(found) == ["tv-spot", "offline-mobile"]  # one timeline, under its new id
    timeline = found["offline-mobile"]
    assert kinds(timeline) == ["announced", "removed", "changed"]
    back = timeline.events[2]
    assert back.renamed_from == "offline-app" and back.sha == "sha05"
    # Nothing stood in the file before it came back: every field it has is new.
    assert back.changes == [FieldChange("claim", None, "Offline mobile app"),
                            FieldChange("status", None, "planned")]
    assert timeline.current == State("Offline mobile app", "planned")


def test_a_removed_promise_keeps_its_last_state_and_can_be_restored():
    found = built(version(3, TV, APP), version(4, TV, reason="Not this year"))
    removed = found["offline-app"].events[1]
    assert removed.kind is EventKind.REMOVED and removed.state == State("Offline mobile app", "planned")
    assert found["offline-app"].current is None
    assert removed.sentence("%d %b").rest == ("04 Mar by Priya Shah: deleted from the release note; why: Not "
                                              "this year")
    found = built(version(3, TV, APP), version(4, TV), version(5, TV, APP))
    assert kinds(found["offline-app"]) == ["announced", "removed", "restored"]
    assert found["offline-app"].current == State("Offline mobile app", "planned")
    assert found["offline-app"].events[2].sentence("%d %b").rest == (
        "05 Mar by Priya Shah: Offline mobile app (planned)")


def test_the_working_tree_adds_events_only_where_it_differs_from_the_last_commit():
    committed = [(commit(3), note("  - id: tv-spot\n    claim: National TV spot\n"))]
    same = _timelines(release(TV), committed)
    assert [kinds(t) for t in same] == [["announced"]]
    assert same[0].announced.sha == "sha03"
    differs = _timelines(release(TV_CABLE, PAY), committed)
    assert [t.id for t in differs] == ["tv-spot", "payroll"]
    tv, pay = differs
    assert kinds(tv) == ["announced", "changed"] and kinds(pay) == ["announced"]
    for uncommitted in (tv.events[1], pay.announced):
        assert (uncommitted.sha, uncommitted.date, uncommitted.author) == (None, None, None)
        assert not uncommitted.committed
        assert uncommitted.sentence("%d %b").rest.startswith("not yet committed: ")
    nothing_committed = _timelines(release(TV), [])
    assert [kinds(t) for t in nothing_committed] == [["announced"]]
    assert not nothing_committed[0].announced.committed


def test_unreadable_versions_are_skipped():
    broken = "---\ntitle: [unclosed\npromises:\n  - id: tv-spot\n---\n"
    for text in (None, broken, "---\ntitle: Never closed\n",
                 note().replace("promises:\n", "promises: soon\n")):
        assert Version.read(text) is None, text
    committed = [(commit(3), note("  - id: tv-spot\n    claim: National TV spot\n")),
                 (commit(4), broken), (commit(5), None)]
    [tv] = _timelines(release(TV), committed)
    assert kinds(tv) == ["announced"]
    without_promises = Version.read("---\ntitle: Spring launch\n---\n# Spring\n")
    assert without_promises is not None and without_promises.ids == []  # no key: no promises


def test_a_promise_that_does_not_validate_is_held_as_it_was_until_one_does():
    """In an old commit, a bad field (`shiped`, a typo of a field, a claim that is a list)
    leaves that promise as it stood: not removed, not changed to a value it never validly had,
    and the same commit's valid changes to other promises keep that commit's date and author."""
    bad = note("  - id: tv-spot\n    claim: Cable ads\n",
               "  - id: offline-app\n    claim: Offline mobile app\n    status: shiped\n",
               "  - id: payroll\n    claim: Payroll export\n    delivred: CSV\n",
               "  - id: reports\n    claim: [not, text]\n",
               "  - claim: No id at all\n", "  - just text\n")
    read = Version.read(bad, commit(4))
    assert read is not None
    assert read.promises == (Promise(id="tv-spot", claim="Cable ads"),)
    assert read.unreadable == (Unreadable("offline-app"), Unreadable("payroll"), Unreadable("reports"))
    assert read.ids == ["tv-spot", "offline-app", "payroll", "reports"]
    fixed = version(5, Promise(id="tv-spot", claim="Cable ads"),
                    Promise(id="offline-app", claim="Offline mobile app", status="shipped"), PAY,
                    Promise(id="reports", claim="Reports"), author="Ana Ruiz")
    found = built(version(3, TV, APP, PAY), read, fixed)
    assert list(found) == ["tv-spot", "offline-app", "payroll", "reports"]
    assert [(e.kind, e.sha) for e in found["tv-spot"].events] == [
        ("announced", "sha03"), ("changed", "sha04")]
    app = found["offline-app"]
    assert [(e.kind, e.sha) for e in app.events] == [("announced", "sha03"), ("changed", "sha05")]
    assert app.events[1].changes == [FieldChange("status", "planned", "shipped")]
    assert kinds(found["payroll"]) == ["announced"]
    # Never valid before: announced where it first validates.
    assert [(e.kind, e.sha) for e in found["reports"].events] == [("announced", "sha05")]


def test_a_promise_renamed_in_a_version_that_does_not_validate_is_renamed_where_it_does():
    bad = note("  - id: offline-mobile\n    was: offline-app\n    claim: Offline mobile app\n"
               "    status: soon\n")
    read = Version.read(bad, commit(4))
    assert read is not None and read.unreadable == (Unreadable("offline-mobile", ("offline-app",)),)
    found = built(version(3, APP), read, version(5, APP_SHIPPED))
    assert list(found) == ["offline-mobile"]
    assert [(e.kind, e.sha) for e in found["offline-mobile"].events] == [
        ("announced", "sha03"), ("changed", "sha05")]
    assert found["offline-mobile"].events[1].renamed_from == "offline-app"


def test_timelines_follow_the_newest_version_then_removed_ones_by_announcement():
    found = built(version(2, APP), version(3, TV, APP), version(4, PAY, TV, APP),
                  version(5, PAY))
    assert list(found) == ["payroll", "offline-app", "tv-spot"]
    assert [found[i].current is None for i in found] == [False, True, True]
    builder = LedgerBuilder(release())
    builder.add(version(3, TV, APP))
    builder.add(Version((APP, PAY, TV)))  # the working tree reordered them and added one
    assert [t.id for t in builder.timelines()] == ["offline-app", "payroll", "tv-spot"]


def test_event_kinds_are_plain_strings_in_json():
    found = {"releases/spring": list(built(version(3, TV, APP), version(4, TV_CABLE)).values())}
    data = as_json(found, "https://github.com/acme/hub")
    kinds_in_json = [e["kind"] for p in data for e in p["events"]]
    assert kinds_in_json == ["announced", "changed", "announced", "removed"]
    assert all(type(kind) is str for kind in kinds_in_json)
    assert data[0]["current"] == {"claim": "Cable ads", "status": "partial",
                                  "delivered": "Late-night cable", "note": "Slots sold out"}
    assert data[1]["current"] is None
    assert data[1]["events"][1]["state"] == {"claim": "Offline mobile app", "status": "planned",
                                             "delivered": None, "note": None}
    assert json.loads(json.dumps(data)) == data
