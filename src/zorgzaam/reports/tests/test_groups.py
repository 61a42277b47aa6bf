"""Issue #20: a measure every village hides is shown for groups of neighbouring villages,
and no village's figure can be worked out from the groups and the municipality's total.

Real help requests in six villages of a municipality (each fewer than the threshold), the
report built from them, and the disclosure property checked by enumerating every set of
village figures a reader could not tell apart from the published ones (not with the
suppression's own linear programme)."""

from __future__ import annotations

import csv
import io
import itertools

import pytest

from zorgzaam.common.testing import AreaFactory, PersonFactory, PostcodeAreaFactory
from zorgzaam.help.tests.factories import make_request
from zorgzaam.reports import opendata, pdf
from zorgzaam.reports.selectors import report_build
from zorgzaam.reports.suppression import PRIMARY, group_rows, suppress_table
from zorgzaam.stories.periods import period_of

pytestmark = pytest.mark.django_db

# village, centre (lat, lon), help requests this quarter: every one below the threshold
VILLAGES = [
    ("Bodegraven", (52.082, 4.750), 6),
    ("Driebruggen", (52.044, 4.793), 2),
    ("Nieuwerbrug", (52.085, 4.795), 5),
    ("Reeuwijk", (52.046, 4.722), 3),
    ("Waarder", (52.061, 4.823), 4),
]


@pytest.fixture
def villages(world, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    # the world's own two villages, far from the others, with one and three requests
    world.village_a.latitude, world.village_a.longitude = 52.20, 4.60
    world.village_a.save()
    world.village_b.latitude, world.village_b.longitude = 52.19, 4.62
    world.village_b.save()
    counts = {world.village_a.pk: 1, world.village_b.pk: 3}
    people = {world.village_a.pk: world.person_a, world.village_b.pk: world.person_b}
    for n, (name, (lat, lon), count) in enumerate(VILLAGES):
        area = AreaFactory(municipality=world.municipality, name=name, latitude=lat, longitude=lon)
        pc = PostcodeAreaFactory(
            pc4=f"{2410 + n}",
            municipality=world.municipality,
            area=area,
            latitude=lat,
            longitude=lon,
        )
        people[area.pk] = PersonFactory(
            municipality=world.municipality, postcode_area=pc, area=area
        )
        counts[area.pk] = count
    for pk, count in counts.items():
        for _ in range(count):
            person = people[pk]
            make_request(world, requester=person, postcode=f"{person.postcode_area.pc4}AB")
    from django.utils import timezone

    return counts, period_of(timezone.localdate())


def _possible(members, cells, group_value, t):
    """Every village figure a reader cannot rule out: all integer vectors with each hidden
    count in 1 .. t-1 (a secondary "x" in 0 .. the group), each published one as shown,
    adding up to the group's figure."""
    ranges = []
    for cell in cells:
        if not cell.hidden:
            ranges.append([cell.value])
        elif cell.status == PRIMARY:
            ranges.append(range(1, t))
        else:
            ranges.append(range(0, group_value + 1))
    seen = {m: set() for m in members}
    for combo in itertools.product(*ranges):
        if sum(combo) == group_value:
            for m, v in zip(members, combo, strict=True):
                seen[m].add(v)
    return seen


def test_help_asked_is_shown_for_safe_groups_of_neighbouring_villages(world, villages):
    counts, period = villages
    report = report_build(world.municipality, period)
    help_ = next(s for s in report.sections if s.key == "help")
    t = report.threshold
    col = help_.table.columns.index("asked")
    # every village hides its figure: the page has no column of "< 10" ...
    assert all(row[col].hidden for row in help_.table.cells)
    assert "asked" in help_.grid.collapsed
    # ... but groups of villages
    [groupset] = [g for g in help_.groups if "asked" in g.columns]
    groups = groupset.groups
    assert len(groups) >= 2
    j = groupset.columns.index("asked")
    members = [m for g in groups for m in g.members]
    assert sorted(members) == sorted(help_.table.row_keys)  # every village in one group
    total = help_.table.column_totals[col]
    assert total.value == sum(counts.values()) == sum(g.cells[j].value for g in groups)
    cells = dict(zip(help_.table.row_keys, (row[col] for row in help_.table.cells), strict=True))
    for group in groups:
        value = group.cells[j].value
        assert value == sum(counts[m] for m in group.members)
        assert value >= t  # every group meets the threshold
        possible = _possible(group.members, [cells[m] for m in group.members], value, t)
        for member, values in possible.items():
            # no village's figure follows: by subtraction from the total and the other
            # groups (that is this group's figure) or otherwise
            assert len(values) >= 2, (member, values)
            assert counts[member] in values
    # neighbours: the two far-away villages of the world are in one group
    by_member = {m: n for n, g in enumerate(groups) for m in g.members}
    assert by_member[world.village_a.pk] == by_member[world.village_b.pk]
    # the summary says where the villages' figure is: in the groups
    assert report.summary.grouped == ["hulp gevraagd"]
    assert "hulp gevraagd" not in report.summary.municipal_only
    # the page, the PDF and the open data show the groups with their note
    html = pdf.report_pdf_html(report)
    grid = help_.grid.grouped[0]
    assert grid.caption in html and "Te weinig in elk dorp om per dorp te tonen" in html
    for label, _anchor, shown, _total in grid.rows:
        assert label in html
        assert f'data-cell="{shown[0].ref}">{shown[0].text}<' in html
    rows = list(csv.DictReader(io.StringIO(opendata.tidy_csv(report).decode("utf-8-sig"))))
    asked = {r["area_code"]: r for r in rows if r["measure_code"] == "help.asked"}
    codes = {a.pk: a.code for a in report.areas}
    for group in groups:
        code = "+".join(codes[m] for m in group.members)
        assert asked[code]["value"] == str(group.cells[j].value)
        assert asked[code]["suppressed"] == "false"
    for pk in counts:
        assert asked[codes[pk]]["value"] == "" and asked[codes[pk]]["suppressed"] == "true"


def test_no_grouping_when_it_would_reveal_a_village_or_the_total():
    def audited(data):
        return suppress_table(data, ["n"], threshold=10, row_totals=False)

    def far(a, b):
        return abs(ord(a) - ord(b))

    # a total below the threshold is hidden: groups would add up to it
    data = {"a": {"n": 3}, "b": {"n": 4}}
    assert group_rows(data, audited(data), ["n"], ["n"], distance=far) is None
    # two villages with 3 and 9: only the whole municipality reaches 10
    data = {"a": {"n": 3}, "b": {"n": 9}}
    assert group_rows(data, audited(data), ["n"], ["n"], distance=far) is None
    # one group above zero beside a village with none says no more than the total
    data = {"a": {"n": 6}, "b": {"n": 5}, "z": {"n": 0}}
    assert group_rows(data, audited(data), ["n"], ["n"], distance=far) is None
    # four villages: two groups of two, each at least 10
    data = {"a": {"n": 6}, "b": {"n": 5}, "c": {"n": 4}, "d": {"n": 7}}
    groups = group_rows(data, audited(data), ["n"], ["n"], distance=far)
    assert [(g.members, g.cells[0].value) for g in groups] == [(["a", "b"], 11), (["c", "d"], 11)]


def test_a_group_of_one_village_is_not_written_twice_in_open_data(world, villages):
    """A village with nothing to hide (its figure 0) is never joined to a group, so the
    grouping may hold a "group" of that one village: the open data writes the village's own
    row only (the key period, area, measure must stay unique: the demo's data package
    failed validation on a repeated row)."""
    from types import SimpleNamespace

    from zorgzaam.reports.suppression import Cell, Group

    counts, period = villages
    report = report_build(world.municipality, period)
    out = opendata._Rows(report)
    alone, pair = world.village_a.pk, [world.village_b.pk]
    pair.append(next(pk for pk in counts if pk not in (alone, world.village_b.pk)))
    section = SimpleNamespace(
        key="help",
        groups=[
            SimpleNamespace(
                columns=["buddies"],
                groups=[
                    Group(members=[alone], cells=[Cell(0, "", 10)]),
                    Group(members=sorted(pair), cells=[Cell(12, "", 10)]),
                ],
            )
        ],
    )
    opendata._groups(out, section)
    codes = {a.pk: a.code for a in report.areas}
    assert [r.area_code for r in out.rows] == ["+".join(codes[m] for m in sorted(pair))]
