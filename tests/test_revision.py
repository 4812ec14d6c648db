"""A revised version of a real notice with ledger fields: `taizhang diff` reports what changed
at issue level, and nothing that only moved (issue 10's acceptance).

The revision of dev notice dE02 (a 重庆 通知 whose 26 measures each end with a （责任单位：…）
note): measure （三） removed and the rest renumbered, one time limit moved (三年内 → 两年内),
one unit added to a note.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import taizhang

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "dev" / "raw"
NOTICE = DEV / "dE02_chongqing_tizhen_xiaofei_ruogan_cuoshi_html.txt"
NUMERALS = ("一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一 二十二 "
            "二十三 二十四 二十五 二十六").split()

pytestmark = pytest.mark.skipif(not NOTICE.exists(), reason="../shared/dev is not beside the checkout")


def revise(raw: str) -> str:
    """Remove measure （三）, renumber the rest, move one time limit, add one unit."""
    start = raw.index("（三）")
    end = raw.rindex("<p", 0, raw.index("（四）"))          # the paragraph that holds （四）
    raw = raw[:start] + raw[end:]
    for old in NUMERALS[3:]:
        new = NUMERALS[NUMERALS.index(old) - 1]
        raw = raw.replace(f"（{old}）", f"（{new}）", 1)
    tourism = raw.index("加快吸引外来消费")
    limit = raw.index("三年内", tourism)
    raw = raw[:limit] + "两年内" + raw[limit + 3:]
    note = raw.index("责任单位：市人力社保局")
    at = note + len("责任单位：市人力社保局")
    return raw[:at] + "、市教委" + raw[at:]


@pytest.fixture(scope="module")
def changes():
    raw = NOTICE.read_text(encoding="utf-8")
    return taizhang.diff(raw, revise(raw))


def test_the_revision_changes_exactly_three_issues(changes):
    issue_changes = [c for c in changes if c.type == "issue"]
    assert len(issue_changes) <= 8
    removed = [c for c in issue_changes if c.change == "removed"]
    assert [c.before["title"] for c in removed] == ["着力解决欠薪欠款问题"]
    changed = {(c.key.rsplit(" › ", 1)[-1], c.field) for c in issue_changes if c.change == "changed"}
    assert changed == {("（八）加快吸引外来消费", "deadlines"), ("（一）支持重点群体就业创业", "units")}
    assert not [c for c in issue_changes if c.change == "added"]


def test_the_moved_limit_and_the_added_unit_carry_their_values(changes):
    by_field = {c.field: c for c in changes if c.type == "issue" and c.change == "changed"}
    before, after = by_field["deadlines"].before, by_field["deadlines"].after
    assert [d["date"] for d in before] == ["2028-07-15"] and [d["date"] for d in after] == ["2027-07-15"]
    names = [u["name"] for u in by_field["units"].after]
    assert names[:2] == ["市人力社保局", "市教委"]


def test_renumbered_measures_are_not_reported_as_changed_issues(changes):
    renumbered = [c for c in changes if c.type == "issue" and c.field in ("title", "text", "section")]
    assert renumbered == []
