"""The figures added from issue #6: time to match, volunteer hours, hub attendance."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from zorgzaam.reports import sources
from zorgzaam.reports.opendata import observations
from zorgzaam.reports.selectors import report_build
from zorgzaam.reports.suppression import median_cell

pytestmark = pytest.mark.django_db

PERIOD = "2026-Q3"


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def _fake(monkeypatch, name, func):
    real = sources.selector
    monkeypatch.setattr(sources, "selector", lambda m, n: func if n == name else real(m, n))


def _help_rows(world, noord_days, zuid_days):
    def fake(municipality, period):
        return [
            {
                "area_id": world.village_a.public_id,
                "total": len(noord_days) + 5,
                "requests": {"done": len(noord_days)},
                "buddies": 0,
                "volunteers_active": len(noord_days),
                "days_to_match": noord_days,
            },
            {
                "area_id": world.village_b.public_id,
                "total": len(zuid_days) + 5,
                "requests": {"accepted": len(zuid_days)},
                "buddies": 0,
                "volunteers_active": len(zuid_days),
                "days_to_match": zuid_days,
            },
        ]

    return fake


def test_median_days_to_match_is_suppressed_below_the_threshold(world, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    noord = [0.5] * 5 + [2.0, 2.0] + [3.0] * 5  # 12 requests: median 2.0
    zuid = [20.0, 30.0, 40.0]  # 3 requests: not published
    _fake(monkeypatch, "help_counts_by_village", _help_rows(world, noord, zuid))
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    assert section.has_data
    col = section.table.columns.index("median_days_to_match")
    cells = {label: cells[col] for label, cells, _t in section.table.labelled_rows()}
    assert cells["Noorddorp"].display() == "2,0" and cells["Noorddorp"].value == 2.0
    assert cells["Zuiddorp"].hidden and cells["Zuiddorp"].display() == "–"
    # the municipality's median is over all 15 requests, the small village included
    total = section.table.column_totals[col]
    assert not total.hidden and total.value == 3.0
    assert "mediaan" in " ".join(section.column_labels).lower()
    medians = _open_data(report, "help.median_days_to_match")
    assert medians["Zuiddorp"] == "x" and medians["Noorddorp"] == "2.0"
    assert "40.0" not in medians.values() and "30.0" not in medians.values()


def test_municipality_median_is_hidden_too_when_all_requests_are_few(world, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD = 10
    _fake(monkeypatch, "help_counts_by_village", _help_rows(world, [1.0, 2.0], [3.0]))
    section = _section(report_build(world.municipality, PERIOD), "help")
    col = section.table.columns.index("median_days_to_match")
    assert section.table.column_totals[col].hidden
    assert all(cells[col].hidden for _l, cells, _t in section.table.labelled_rows())


# ------------------------------------------------------------------ volunteer hours
def _hours_rows(world, noord, zuid, elsewhere=None, *, people_total=None):
    """Fake help rows: per village (hours, volunteers who recorded them, done requests with
    hours); ``elsewhere`` the requests without a village. Each village: 60 done of 70."""

    def row(area_id, hours, people, with_hours):
        return {
            "area_id": area_id,
            "total": 70,
            "requests": {"done": 60, "new": 10},
            "buddies": 0,
            "volunteers_active": 20,
            "days_to_match": [1.0] * 60,
            "hours": hours,
            "hours_volunteers": people,
            "done_with_hours": with_hours,
        }

    def fake(municipality, period):
        rows = [row(world.village_a.public_id, *noord), row(world.village_b.public_id, *zuid)]
        if elsewhere:
            rows.append(row(None, *elsewhere))
        return rows

    return fake


#: the help part's functions the fakes stand in for (absent unless given)
HELP_FUNCTIONS = ("help_counts_by_village", "help_hours_volunteers", "help_volunteers_active")


def _fake_help(monkeypatch, rows, people_total, active_total=None):
    real = sources.selector
    found = {"help_counts_by_village": rows}
    if people_total is not None:
        found["help_hours_volunteers"] = lambda municipality, period: people_total
    if active_total is not None:
        found["help_volunteers_active"] = lambda municipality, period: active_total
    monkeypatch.setattr(
        sources,
        "selector",
        lambda m, n: found.get(n) if n in HELP_FUNCTIONS else real(m, n),
    )


def _hours_cells(section):
    col = section.table.columns.index("volunteer_hours")
    cells = {label: cells[col] for label, cells, _t in section.table.labelled_rows()}
    return cells, section.table.column_totals[col]


def _open_data(report, measure):
    """The open-data rows of ``measure`` by area name: the value, or "x" if suppressed."""
    return {
        o.area_name: "x" if o.suppressed else str(o.value)
        for o in observations(report)
        if o.measure_code == measure
    }


def _csv_hours(report):
    return _open_data(report, "help.volunteer_hours")


def test_volunteer_hours_are_published_with_how_complete_they_are(world, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 5
    _fake_help(monkeypatch, _hours_rows(world, (121.5, 14, 40), (62.25, 11, 35)), 22)
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    cells, total = _hours_cells(section)
    assert (cells["Noorddorp"].display(), cells["Zuiddorp"].display()) == ("120", "60")
    assert total.display() == "185"  # 183.75 rounded to 5, from the exact sum
    assert "uren" in " ".join(section.column_labels).lower()
    (label, value), *_ = [f for f in section.figures if f[1].csv() == "75"]
    # 75 of 120 done requests, the share from the published (rounded) figures
    assert value.display() == "75 van de 120 afgeronde hulpvragen (62%)"
    assert "minder dan 10 vrijwilligers" in section.note
    csv = _csv_hours(report)
    assert csv == {"Noorddorp": "120", "Zuiddorp": "60", world.municipality.name: "185"}
    assert _open_data(report, "help.done_with_hours") == {world.municipality.name: "75"}


def test_hours_from_few_volunteers_are_hidden_and_cannot_be_worked_out(
    world, monkeypatch, settings
):
    """Zuiddorp's 30 hours come from 3 volunteers: hidden. With Noorddorp (121.5) and the
    requests without a village (20) published, the total would give it away (171.5 -
    121.5 - 20), so the smallest village that blurs it is hidden too; the total stays."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    rows = _hours_rows(world, (121.5, 14, 40), (30, 3, 12), elsewhere=(20, 10, 10))
    _fake_help(monkeypatch, rows, 27)
    report = report_build(world.municipality, PERIOD)
    cells, total = _hours_cells(_section(report, "help"))
    shown = {k: c.display() for k, c in cells.items()}
    assert shown == {"Noorddorp": "122", "Zuiddorp": "–", "zonder dorp": "x"}
    assert total.display() == "172"
    csv = _csv_hours(report)
    assert csv["Zuiddorp"] == "x" and csv["zonder dorp"] == "x" and csv["Noorddorp"] == "122"
    assert "30" not in csv.values() and "20" not in csv.values()
    # the page says why: '–' too few volunteers, 'x' hidden so no village can be worked out
    html = render_to_string("reports/_body.html", {"report": report})
    assert "–" in html and "minder dan 10 vrijwilligers" in html


def test_hours_of_one_village_against_the_total_hide_the_total(world, monkeypatch, settings):
    """Only two rows: Zuiddorp hidden, Noorddorp's 5 hours too light to blur its 40: the
    municipality total is hidden instead."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    _fake_help(monkeypatch, _hours_rows(world, (5, 10, 10), (40, 3, 12)), 13)
    cells, total = _hours_cells(_section(report_build(world.municipality, PERIOD), "help"))
    assert cells["Zuiddorp"].hidden and total.hidden and cells["Noorddorp"].display() == "5"


def test_hours_total_needs_enough_different_volunteers(world, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    # 6 + 6 volunteers, but the same 6 in both villages: the total comes from 6 people
    _fake_help(monkeypatch, _hours_rows(world, (30, 6, 10), (30, 6, 10)), 6)
    _cells, total = _hours_cells(_section(report_build(world.municipality, PERIOD), "help"))
    assert total.hidden
    # a help part that cannot say how many different people: the larger village (6) counts
    _fake_help(monkeypatch, _hours_rows(world, (30, 6, 10), (30, 6, 10)), None)
    _cells, total = _hours_cells(_section(report_build(world.municipality, PERIOD), "help"))
    assert total.hidden
    _fake_help(monkeypatch, _hours_rows(world, (30, 6, 10), (30, 6, 10)), 12)
    _cells, total = _hours_cells(_section(report_build(world.municipality, PERIOD), "help"))
    assert total.display() == "60"


def test_no_hours_filled_in_says_so_instead_of_zero(world, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD = 10
    _fake_help(monkeypatch, _hours_rows(world, (0.0, 0, 0), (0.0, 0, 0)), 0)
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    assert "volunteer_hours" not in section.table.columns
    (value,) = [v for _l, v in section.figures if getattr(v, "measure", "") == "volunteer_hours"]
    assert value.csv() == "none_recorded" and "niet ingevuld" in value.display()
    assert _csv_hours(report) == {}  # open data: no row, no zero


def test_an_older_help_part_without_hours_says_not_recorded(world, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD = 10
    _fake(monkeypatch, "help_counts_by_village", _help_rows(world, [1.0] * 12, [2.0] * 11))
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    assert "volunteer_hours" not in section.table.columns
    (value,) = [v for _l, v in section.figures if getattr(v, "measure", "") == "volunteer_hours"]
    assert "niet vastgelegd" in value.display() and value.csv() == "not_recorded"
    assert _csv_hours(report) == {}


def test_hours_from_the_real_help_part(world, settings):
    """End to end: hours recorded through the services reach the report (threshold 2)."""
    from zorgzaam.help.models import HelpRequest
    from zorgzaam.help.pool import pool_forget
    from zorgzaam.help.services import help_request_complete
    from zorgzaam.help.tests.factories import HelpWorld, make_accepted

    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 2, 1
    pool_forget()
    helpworld = HelpWorld.make(world)
    done = []
    for profile, hours in ((helpworld.profile, "1,5"), (helpworld.other, "2"), (None, "")):
        req, _ = make_accepted(helpworld, profile=profile)
        help_request_complete(help_request=req, actor=None, hours=hours)
        done.append(req)
    in_q3 = timezone.make_aware(dt.datetime(2026, 8, 12, 10))
    HelpRequest.objects.filter(pk__in=[r.pk for r in done]).update(created_at=in_q3)
    pool_forget()
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    cells, total = _hours_cells(section)
    assert cells["Noorddorp"].display() == "4" and total.display() == "4"  # 3.5, two people
    (value,) = [v for _l, v in section.figures if getattr(v, "measure", "") == "done_with_hours"]
    assert value.display() == "2 van de 3 afgeronde hulpvragen (67%)"
    html = render_to_string("reports/_body.html", {"report": report})
    assert "uren vrijwilligers" in html


# ------------------------------------------------------------------ volunteers active
def _active_cells(section):
    col = section.table.columns.index("volunteers_active")
    cells = {label: cells[col] for label, cells, _t in section.table.labelled_rows()}
    return cells, section.table.column_totals[col]


def _csv_active(report):
    return _open_data(report, "help.volunteers_active")


def test_the_municipality_counts_each_active_volunteer_once(world, monkeypatch, settings):
    """20 volunteers in each village, 32 different people: the total is 32, not 40."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    _fake_help(monkeypatch, _hours_rows(world, (121.5, 14, 40), (62.25, 11, 35)), 22, 32)
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    cells, total = _active_cells(section)
    assert [c.display() for c in cells.values()] == ["20", "20"]
    assert total.display() == "32" and not total.hidden
    csv = _csv_active(report)
    assert csv == {"Noorddorp": "20", "Zuiddorp": "20", world.municipality.name: "32"}
    assert "telt elke vrijwilliger één keer" in section.note
    html = render_to_string("reports/_body.html", {"report": report})
    assert ">32<" in html and ">40<" not in html
    settings.REPORT_ROUND_TO = 5  # rounded like the other counts
    _cells, total = _active_cells(_section(report_build(world.municipality, PERIOD), "help"))
    assert total.display() == "30"


def test_few_different_active_volunteers_are_suppressed(world, monkeypatch, settings):
    """12 and 11 volunteers in the villages, 12 different people: published. Villages
    whose different people are fewer than the threshold: the total is hidden ("< 10")."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    _fake_help(monkeypatch, _help_rows(world, [1.0] * 12, [2.0] * 11), None, 12)
    _cells, total = _active_cells(_section(report_build(world.municipality, PERIOD), "help"))
    assert total.display() == "12"
    # 4 + 6 volunteers (their sum, 10, would be published), 7 different people
    _fake_help(monkeypatch, _help_rows(world, [1.0] * 4, [2.0] * 6), None, 7)
    report = report_build(world.municipality, PERIOD)
    cells, total = _active_cells(_section(report, "help"))
    assert cells["Noorddorp"].display() == "< 10" and cells["Zuiddorp"].display() == "< 10"
    assert total.display() == "< 10" and total.csv() == "<10"
    assert "7" not in _csv_active(report).values()


@pytest.mark.parametrize("active_total", [None, 11, 24])
def test_no_distinct_count_of_active_volunteers_gives_no_total(
    world, monkeypatch, settings, active_total
):
    """An older help part without help_volunteers_active, or one whose number cannot be a
    distinct count of these villages (below the largest, 12, or above their sum, 23): no
    total, rather than the sum counting someone twice."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    _fake_help(monkeypatch, _help_rows(world, [1.0] * 12, [2.0] * 11), None, active_total)
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "help")
    cells, total = _active_cells(section)
    assert [c.display() for c in cells.values()] == ["12", "11"]
    assert total.value is None and total.display() == ""
    assert "geen totaal voor de gemeente" in section.note
    assert _csv_active(report) == {"Noorddorp": "12", "Zuiddorp": "11"}  # no municipality row
    # the other columns keep their totals
    done = section.table.columns.index("done")
    assert section.table.column_totals[done].value == 12


def test_active_volunteers_from_the_real_help_part(world, settings):
    """End to end: two volunteers who both helped in both villages are two for the
    municipality (threshold 2)."""
    from zorgzaam.help.models import HelpRequest
    from zorgzaam.help.pool import pool_forget
    from zorgzaam.help.services import help_request_complete
    from zorgzaam.help.tests.factories import HelpWorld, make_accepted

    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 2, 1
    pool_forget()
    helpworld = HelpWorld.make(world)
    done = []
    for profile in (helpworld.profile, helpworld.other):
        for requester in (world.person_a, world.person_b):
            req, _ = make_accepted(helpworld, profile=profile, requester=requester)
            help_request_complete(help_request=req, actor=None)
            done.append(req)
    in_q3 = timezone.make_aware(dt.datetime(2026, 8, 12, 10))
    HelpRequest.objects.filter(pk__in=[r.pk for r in done]).update(created_at=in_q3)
    pool_forget()
    report = report_build(world.municipality, PERIOD)
    cells, total = _active_cells(_section(report, "help"))
    assert {k: c.display() for k, c in cells.items()} == {"Noorddorp": "2", "Zuiddorp": "2"}
    assert total.display() == "2"
    assert _csv_active(report)[world.municipality.name] == "2"


def test_help_without_days_to_match_still_reports_counts(world, monkeypatch):
    """An older help part without the list: the counts stay, the median says '–'."""

    def fake(municipality, period):
        rows = _help_rows(world, [1.0] * 12, [1.0] * 12)(municipality, period)
        for row in rows:
            row.pop("days_to_match")
        return rows

    _fake(monkeypatch, "help_counts_by_village", fake)
    section = _section(report_build(world.municipality, PERIOD), "help")
    assert section.has_data
    col = section.table.columns.index("median_days_to_match")
    assert all(cells[col].hidden for _l, cells, _t in section.table.labelled_rows())


def test_median_cell_rule():
    assert median_cell([], threshold=5).hidden
    assert median_cell([1, 2, 3, 4], threshold=5).hidden
    assert median_cell([1, 2, 3, 4, 100], threshold=5).value == 3


# ------------------------------------------------------------------ hub attendance
def _hub_sessions(world, village, counts, *, day=dt.date(2026, 8, 4)):
    from zorgzaam.socialmap.models import Activity, Hub, Session

    hub = Hub.objects.create(
        municipality=world.municipality, name=f"Huis van Alles {village.name}", area=village
    )
    tz = timezone.get_current_timezone()
    activity = Activity.objects.create(
        municipality=world.municipality,
        hub=hub,
        title="Koffieochtend",
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=tz),
        rrule="FREQ=WEEKLY",
        status=Activity.Status.APPROVED,
    )
    for week, count in enumerate(counts):
        Session.objects.create(
            municipality=world.municipality,
            activity=activity,
            starts_at=dt.datetime.combine(day + dt.timedelta(weeks=week), dt.time(10), tzinfo=tz),
            attendance=count,
        )
    return activity


def test_hub_attendance_selector(world):
    from zorgzaam.socialmap.models import Session
    from zorgzaam.socialmap.selectors import hub_attendance_by_village

    activity = _hub_sessions(world, world.village_a, [12, 8, 0])
    Session.objects.create(  # signed up, not counted: not a counted session
        municipality=world.municipality,
        activity=activity,
        starts_at=activity.starts_at + dt.timedelta(weeks=5),
    )
    rows = hub_attendance_by_village(
        world.municipality, (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    )
    assert rows == [
        {
            "area_id": world.village_a.public_id,
            "area": world.village_a.name,
            "activities": 1,
            "sessions": 3,
            "attendance": 20,
        }
    ]
    assert (
        hub_attendance_by_village(world.municipality, (dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
        == []
    )
    assert (
        hub_attendance_by_village(
            world.other_municipality, (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
        )
        == []
    )


def test_attendance_section_suppresses_small_attendance(world, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 1
    _hub_sessions(world, world.village_a, [14, 12, 10, 9])  # 45 visits in 4 sessions
    _hub_sessions(world, world.village_b, [3, 2])  # 5 visits: hidden
    report = report_build(world.municipality, PERIOD)
    section = _section(report, "hub_attendance")
    assert section.has_data
    table = section.table
    rows = {label: [c.display() for c in cells] for label, cells, _t in table.labelled_rows()}
    assert rows["Noorddorp"][:2] == ["1", "4"]
    assert rows["Zuiddorp"][:2] == ["1", "2"]  # sessions are events, not people
    att, mean = table.columns.index("attendance"), table.columns.index("mean_attendance")
    # Zuiddorp's 5 is primary-suppressed; total - Noorddorp would give it away, so
    # Noorddorp's 45 is hidden as well (the total of 50 may stay).
    assert rows["Zuiddorp"][att] == "< 10"
    assert rows["Noorddorp"][att] == "x"
    assert rows["Zuiddorp"][mean] == "–" and rows["Noorddorp"][mean] == "–"
    csv = _open_data(report, "hub_attendance.attendance")
    assert "5" not in csv.values() and "45" not in csv.values()


def test_attendance_is_published_with_a_mean_from_the_published_figure(world, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 5
    _hub_sessions(world, world.village_a, [14, 12, 10, 9])  # 45
    _hub_sessions(world, world.village_b, [11, 12, 13])  # 36 -> published as 35
    section = _section(report_build(world.municipality, PERIOD), "hub_attendance")
    table = section.table
    att, mean = table.columns.index("attendance"), table.columns.index("mean_attendance")
    rows = {label: cells for label, cells, _t in table.labelled_rows()}
    assert rows["Zuiddorp"][att].value == 35
    assert rows["Zuiddorp"][mean].value == pytest.approx(35 / 3, abs=0.05)
    assert table.column_totals[att].value == 80  # 81 rounded to 5
    assert "opkomst" in " ".join(section.column_labels).lower()


def test_attendance_no_data_yet(world):
    section = _section(report_build(world.municipality, PERIOD), "hub_attendance")
    assert section.status == sources.NO_DATA
    assert section.status_text() == "nog geen gegevens voor deze periode"


def test_hub_attendance_counts_sessions_by_local_date(world):
    from zorgzaam.socialmap.models import Session

    tz = timezone.get_current_timezone()
    activity = _hub_sessions(world, world.village_a, [])
    for moment, attendance in (
        (dt.datetime(2026, 9, 30, 23, 30, tzinfo=tz), 7),  # last evening of Q3: inside
        (dt.datetime(2026, 10, 1, 0, 0, tzinfo=tz), 11),  # midnight after it: Q4
        (dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=tz), 13),  # DST change day, CET
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=tz), 17),
        (dt.datetime(2027, 1, 1, 0, 0, tzinfo=tz), 19),
    ):
        Session.objects.create(
            municipality=world.municipality,
            activity=activity,
            starts_at=moment,
            attendance=attendance,
        )
    from zorgzaam.socialmap.selectors import hub_attendance_by_village

    def attendance(start, end):
        rows = hub_attendance_by_village(world.municipality, (start, end))
        return [r["attendance"] for r in rows]

    assert attendance(dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == [7]
    assert attendance(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == [11 + 13 + 17]
    assert attendance(dt.date(2026, 10, 25), dt.date(2026, 10, 25)) == [13]
