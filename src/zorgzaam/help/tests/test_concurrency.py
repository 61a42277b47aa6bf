"""Two volunteers accepting the same task at the same moment: exactly one wins. Real threads
with their own database connections (SQLite: immediate transactions; PostgreSQL: row locks
and the conditional UPDATE)."""

import threading

import pytest
from django.db import close_old_connections, connection

from zorgzaam.common.errors import ApplicationError
from zorgzaam.help import services
from zorgzaam.help.models import HelpRequest, Proposal, VolunteerProfile

from .factories import make_request, make_volunteer

pytestmark = pytest.mark.django_db(transaction=True)


def _race(fns):
    barrier = threading.Barrier(len(fns))
    results = [None] * len(fns)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = ("ok", fn())
        except ApplicationError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion
            results[i] = ("error", repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.parametrize("n", [2, 4])
def test_exactly_one_of_several_volunteers_wins(world, n):
    req = make_request(world)
    offers = []
    for _ in range(n):
        profile = make_volunteer(world)
        offers.append(
            services.help_request_propose(help_request=req, volunteer=profile, actor=None)
        )
    results = _race([lambda p=p: services.proposal_accept(proposal=p, actor=None) for p in offers])
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["ok"] + ["refused"] * (n - 1), results
    assert all(r[1] == "taken" for r in results if r[0] == "refused")
    req.refresh_from_db()
    assert req.status == HelpRequest.Status.ACCEPTED
    assert Proposal.objects.filter(request=req, status="accepted").count() == 1
    assert sum(VolunteerProfile.objects.values_list("active_tasks", flat=True)) == 1


def test_one_volunteer_accepting_two_tasks_at_once_stays_within_capacity(world):
    profile = make_volunteer(world, max_active_tasks=1)
    r1 = make_request(world)
    r2 = make_request(world, requester=world.person_b)
    VolunteerProfile.objects.filter(pk=profile.pk).update(max_active_tasks=2)
    p1 = services.help_request_propose(help_request=r1, volunteer=profile, actor=None)
    p2 = services.help_request_propose(help_request=r2, volunteer=profile, actor=None)
    VolunteerProfile.objects.filter(pk=profile.pk).update(max_active_tasks=1)
    results = _race(
        [
            lambda: services.proposal_accept(proposal=p1, actor=None),
            lambda: services.proposal_accept(proposal=p2, actor=None),
        ]
    )
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    profile.refresh_from_db()
    assert profile.active_tasks == 1
    statuses = sorted(HelpRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "proposed"]
