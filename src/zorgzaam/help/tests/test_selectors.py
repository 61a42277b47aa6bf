"""Selectors other parts call: volunteers_near (casework) and help_counts_by_village
(council report); and the pool cache refreshing incrementally."""

import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.common.errors import ApplicationError
from zorgzaam.help import services
from zorgzaam.help.models import HelpRequest, VolunteerProfile
from zorgzaam.help.pool import pool_is_cached, volunteer_pool
from zorgzaam.help.selectors import (
    help_counts_by_village,
    help_hours_volunteers,
    help_volunteers_active,
    volunteers_near,
)

from .factories import make_accepted, make_request, make_volunteer

pytestmark = pytest.mark.django_db


def test_volunteers_near_returns_nearby_volunteers_without_names(helpworld):
    w = helpworld.world
    found = volunteers_near(w.municipality, 52.045, 4.73, skill="shopping", limit=5)
    assert [v.public_id for v in found][:1] == [str(helpworld.profile.public_id)]
    assert {v.public_id for v in found} == {
        str(helpworld.profile.public_id),
        str(helpworld.other.public_id),
    }
    assert found[0].distance_km == 0.0 and "shopping" in found[0].skills
    assert "km" in found[0].explanation
    assert helpworld.profile.person.family_name not in repr(found)
    assert volunteers_near(w.municipality, 52.045, 4.73, skill="garden") == []
    assert volunteers_near(w.other_municipality, 52.045, 4.73) == []
    with pytest.raises(ApplicationError):
        volunteers_near(w.municipality, 52.0, 4.7, skill="juggling")
    with pytest.raises(ApplicationError):
        volunteers_near(w.municipality, 123.0, 4.7)


def test_pool_is_cached_and_refreshed_incrementally(helpworld, django_assert_max_num_queries):
    w = helpworld.world
    assert volunteers_near(w.municipality, 52.045, 4.73, limit=10)
    assert pool_is_cached(w.municipality)
    # a paused volunteer disappears on the next use, without a rebuild
    profile = helpworld.other
    services.volunteer_profile_save(
        person=profile.person, skills=["shopping"], paused=True, radius_km=10
    )
    ids = {v.public_id for v in volunteers_near(w.municipality, 52.045, 4.73, limit=10)}
    assert str(profile.public_id) not in ids
    # a new volunteer appears
    newcomer = make_volunteer(w, skills=["garden"])
    ids = {v.public_id for v in volunteers_near(w.municipality, 52.045, 4.73, skill="garden")}
    assert ids == {str(newcomer.public_id)}
    # a refresh reads only what changed: a handful of queries, independent of the pool size
    with django_assert_max_num_queries(3), volunteer_pool(w.municipality) as pool:
        size = len(pool)
    assert size == VolunteerProfile.objects.count()


def test_help_counts_by_village(helpworld):
    w = helpworld.world
    r1 = make_request(w)
    make_request(w, requester=w.person_b)
    p = services.help_request_propose(help_request=r1, volunteer=helpworld.profile, actor=None)
    services.proposal_accept(proposal=p, actor=None)
    today = timezone.localdate()
    rows = help_counts_by_village(w.municipality, (today - dt.timedelta(days=30), today))
    by_name = {r["area"]: r for r in rows}
    assert by_name["Noorddorp"]["requests"]["accepted"] == 1
    assert by_name["Noorddorp"]["volunteers_active"] == 1
    assert by_name["Zuiddorp"]["requests"]["new"] == 1
    assert by_name["Zuiddorp"]["total"] == 1
    old = help_counts_by_village(
        w.municipality, (today - dt.timedelta(days=90), today - dt.timedelta(days=60))
    )
    assert old == []
    assert help_counts_by_village(w.other_municipality, (today, today)) == []


def test_the_municipality_counts_a_volunteer_active_in_two_villages_once(helpworld):
    w = helpworld.world
    _done(helpworld, hours=None)  # Noorddorp
    _done(helpworld, hours="1")  # Noorddorp again: one volunteer there
    make_accepted(helpworld, requester=w.person_b)  # the same volunteer in Zuiddorp
    make_accepted(helpworld, profile=helpworld.other)  # a second volunteer, Noorddorp
    make_request(w)  # no volunteer yet
    old = _done(helpworld, hours=None, profile=helpworld.other, requester=w.person_b)
    HelpRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))
    today = timezone.localdate()
    period = (today - dt.timedelta(days=30), today)
    rows = {r["area"]: r for r in help_counts_by_village(w.municipality, period)}
    assert rows["Noorddorp"]["volunteers_active"] == 2
    assert rows["Zuiddorp"]["volunteers_active"] == 1  # the old request is not in the period
    assert sum(r["volunteers_active"] for r in rows.values()) == 3
    assert help_volunteers_active(w.municipality, period) == 2
    assert help_volunteers_active(w.other_municipality, period) == 0
    long_ago = (today - dt.timedelta(days=150), today - dt.timedelta(days=90))
    assert help_volunteers_active(w.municipality, long_ago) == 1


def test_changes_never_rebuild_the_cached_pool(helpworld, monkeypatch):
    from zorgzaam.help import pool as pool_module

    w = helpworld.world
    assert volunteers_near(w.municipality, 52.045, 4.73)
    read = []
    real_profiles = pool_module._profiles

    def counting(municipality, since=None):
        rows = list(real_profiles(municipality, since))
        read.append((since is not None, len(rows)))
        return rows

    def no_rebuild(municipality):
        raise AssertionError("the pool was rebuilt")

    monkeypatch.setattr(pool_module, "_build", no_rebuild)
    monkeypatch.setattr(pool_module, "_profiles", counting)
    req = make_request(w)
    p = services.help_request_propose(help_request=req, volunteer=helpworld.profile, actor=None)
    services.proposal_accept(proposal=p, actor=None)
    found = volunteers_near(w.municipality, 52.045, 4.73)
    assert all(incremental for incremental, _ in read)
    loads = {v.public_id: v.explanation for v in found}
    assert "1 van max. 2" in loads[str(helpworld.profile.public_id)]  # the new load is seen
    # far in the future the hourly rebuild would happen: here it would raise
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(pool_module.timezone, "now", lambda: later)
    with pytest.raises(AssertionError, match="rebuilt"):
        volunteers_near(w.municipality, 52.045, 4.73)


def test_help_counts_carry_the_days_to_match(helpworld):
    """Time to match: days from asking to acceptance, per matched request, without ids."""
    from zorgzaam.help.models import HelpRequest

    w = helpworld.world
    r1 = make_request(w)
    r2 = make_request(w)
    make_request(w)  # not matched: not in the list
    for req, days in ((r1, 2.5), (r2, 0.25)):
        p = services.help_request_propose(help_request=req, volunteer=helpworld.profile, actor=None)
        services.proposal_accept(proposal=p, actor=None)
        req.refresh_from_db()
        HelpRequest.objects.filter(pk=req.pk).update(
            created_at=req.accepted_at - dt.timedelta(days=days)
        )
    today = timezone.localdate()
    rows = help_counts_by_village(w.municipality, (today - dt.timedelta(days=30), today))
    noord = next(r for r in rows if r["area"] == "Noorddorp")
    assert noord["days_to_match"] == [0.25, 2.5]
    assert noord["total"] == 3


def _created(help_request, moment):
    type(help_request).objects.filter(pk=help_request.pk).update(created_at=moment)


@pytest.mark.parametrize(
    ("moment", "counted"),
    [
        (dt.datetime(2026, 9, 30, 23, 30), True),  # last evening of the quarter
        (dt.datetime(2026, 10, 1, 0, 0), False),  # midnight after it
        (dt.datetime(2026, 7, 1, 0, 0), True),  # first moment
        (dt.datetime(2026, 6, 30, 23, 59, 59), False),
    ],
)
def test_help_counts_use_local_dates(helpworld, moment, counted):
    w = helpworld.world
    tz = timezone.get_current_timezone()
    _created(make_request(w), moment.replace(tzinfo=tz))
    rows = help_counts_by_village(w.municipality, (dt.date(2026, 7, 1), dt.date(2026, 9, 30)))
    assert sum(r["total"] for r in rows) == int(counted)


def test_help_counts_across_the_daylight_saving_change(helpworld):
    """Q4 2026 holds 25 October (03:00 CEST -> 02:00 CET); a period may also end on it."""
    from zorgzaam.help.models import HelpRequest

    w = helpworld.world
    tz = timezone.get_current_timezone()
    moments = [
        dt.datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=tz),  # the first 02:30 (CEST)
        dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=tz),  # the second (CET)
        dt.datetime(2026, 10, 25, 23, 30, tzinfo=tz),
        dt.datetime(2026, 10, 26, 0, 0, tzinfo=tz),
        dt.datetime(2026, 12, 31, 23, 30, tzinfo=tz),
        dt.datetime(2027, 1, 1, 0, 0, tzinfo=tz),
        dt.datetime(2026, 9, 30, 23, 30, tzinfo=tz),
    ]
    for moment in moments:
        _created(make_request(w), moment)

    def total(start, end):
        return sum(r["total"] for r in help_counts_by_village(w.municipality, (start, end)))

    assert total(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == 5
    assert total(dt.date(2026, 10, 25), dt.date(2026, 10, 25)) == 3
    assert total(dt.date(2026, 10, 26), dt.date(2026, 12, 31)) == 2
    # the same as the local-date lookup it replaces
    for start, end in [
        (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 10, 25), dt.date(2026, 10, 25)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ]:
        by_date = HelpRequest.objects.filter(
            municipality=w.municipality, created_at__date__gte=start, created_at__date__lte=end
        ).count()
        assert total(start, end) == by_date


# ------------------------------------------------------------------ volunteer hours
def _done(helpworld, *, hours, profile=None, requester=None):
    req, _ = make_accepted(helpworld, profile=profile, requester=requester)
    services.help_request_complete(help_request=req, actor=None, hours=hours)
    return req


def test_help_counts_carry_the_hours_and_the_people_behind_them(helpworld):
    w = helpworld.world
    _done(helpworld, hours="1,5")
    _done(helpworld, hours="2")
    _done(helpworld, hours="0,5", profile=helpworld.other)
    _done(helpworld, hours=None)  # done, but nobody filled in the hours
    make_accepted(helpworld)  # not done: no hours yet
    elsewhere = _done(helpworld, hours="3", requester=w.person_b)
    old = _done(helpworld, hours="9")
    HelpRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))
    today = timezone.localdate()
    period = (today - dt.timedelta(days=30), today)
    rows = {r["area"]: r for r in help_counts_by_village(w.municipality, period)}
    noord = rows["Noorddorp"]
    assert noord["hours"] == 4.0 and isinstance(noord["hours"], float)
    assert noord["hours_volunteers"] == 2  # two different volunteers recorded hours
    assert noord["done_with_hours"] == 3 and noord["requests"]["done"] == 4
    zuid = rows[elsewhere.area.name if elsewhere.area else None]
    assert zuid["hours"] == 3.0 and zuid["hours_volunteers"] == 1 and zuid["done_with_hours"] == 1
    # the same volunteer helped in both villages: once in the municipality's count
    assert help_hours_volunteers(w.municipality, period) == 2
    assert help_hours_volunteers(w.other_municipality, period) == 0


def test_villages_without_hours_say_zero(helpworld):
    w = helpworld.world
    make_request(w)
    today = timezone.localdate()
    (row,) = help_counts_by_village(w.municipality, (today, today))
    assert row["hours"] == 0.0 and row["hours_volunteers"] == 0 and row["done_with_hours"] == 0
