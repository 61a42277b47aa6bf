"""The work screens: the coordinator's flow, SROI screens, access and audit."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.utils.html import escape

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.work import services
from zorgzaam.work.models import Placement
from zorgzaam.work.sroi import DEFAULT_TABLE

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord(world):
    return world.users[Role.HUB_COORDINATOR]


@pytest.fixture
def policy(world):
    return world.users[Role.POLICY_OFFICER]


def test_coordinator_goes_from_job_seeker_to_placement_and_sroi_balance(
    client, world, coord, policy
):
    today = dt.date.today()
    contract = f.contract(
        policy, start=today - dt.timedelta(days=100), end=today + dt.timedelta(days=265)
    )
    seeker = f.seeker(coord, world.person_a)
    employer = f.employer(coord, name="Kaasboerderij De Hoeve", skills=["caring"])
    login(client, coord)
    page = client.get(f"/work/jobseekers/{seeker.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kaasboerderij De Hoeve" in html and "0,6 km" in html
    assert AuditEvent.objects.filter(
        event="work.jobseeker.view", subject_id=world.person_a.public_id
    ).exists()
    form = client.get(
        f"/work/jobseekers/{seeker.public_id}/place/?employer={employer.public_id}&kind=buddy"
    )
    assert "€\xa00,00 van €\xa050.000,00 voldaan" in form.content.decode()
    response = client.post(
        f"/work/jobseekers/{seeker.public_id}/place/",
        {
            "employer": employer.public_id,
            "kind": "buddy",
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "hours_per_week": "36",
            "contract_type": "none",
            "contract": contract.public_id,
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work/placements/{placement.public_id}/"
    detail = client.get(response["Location"]).content.decode()
    # 40,000 x 31/365 (start 30 days ago up to today, inclusive)
    assert "€\xa03.397,26" in detail


def test_bad_placement_input_keeps_the_form(client, world, coord):
    seeker = f.seeker(coord, world.person_a)
    employer = f.employer(coord, buddy_capacity=0, work_experience_places=0, job_openings=1)
    login(client, coord)
    response = client.post(
        f"/work/jobseekers/{seeker.public_id}/place/",
        {
            "employer": employer.public_id,
            "kind": "buddy",
            "start": "2026-02-01",
            "hours_per_week": "8",
            "contract_type": "none",
        },
    )
    assert response.status_code == 200
    assert "geen vrije" in response.content.decode()
    assert Placement.objects.count() == 0


def test_register_a_job_seeker(client, world, coord):
    login(client, coord)
    found = client.get("/work/jobseekers/new/", {"q": world.person_a.family_name[:4]})
    assert escape(world.person_a.full_name) in found.content.decode()
    response = client.post(
        f"/work/jobseekers/new/{world.person_a.public_id}/",
        {
            "target_group": "ww",
            "work_goal": "Baan in de logistiek",
            "sectors": ["logistics"],
            "skills": ["forklift"],
            "availability": ["0-0", "1-0"],
            "hours_per_week": "32",
            "max_travel_km": "15",
        },
    )
    assert response.status_code == 302
    seeker = world.person_a.job_seeker
    assert seeker.availability == 0b1001 and seeker.sectors == ["logistics"]
    other = client.get(f"/work/jobseekers/new/{world.other_person.public_id}/")
    assert other.status_code == 403


def test_other_municipality_and_unknown_ids(client, world, coord):
    seeker = f.seeker(coord, world.person_a)
    login(client, coord)
    assert client.get(f"/work/jobseekers/{uuid.uuid4()}/").status_code == 404
    stranger = world.users[Role.TEAM_LEAD].__class__.objects.create(
        username="coord-elsewhere",
        role=Role.HUB_COORDINATOR,
        municipality=world.other_municipality,
    )
    login(client, stranger)
    assert client.get(f"/work/jobseekers/{seeker.public_id}/").status_code == 403
    assert AuditEvent.objects.filter(
        event="access.denied", subject_id=world.person_a.public_id
    ).exists()


def test_roles(client, world):
    for role, path, status in [
        (Role.RESIDENT, "/work/", 403),
        (Role.VOLUNTEER, "/work/sroi/", 403),
        (Role.POLICY_OFFICER, "/work/", 403),
        (Role.HUB_COORDINATOR, "/work/sroi/", 403),
        (Role.POLICY_OFFICER, "/work/sroi/", 200),
        (Role.ADMINISTRATOR, "/work/sroi/tables/", 200),
        (Role.PROFESSIONAL, "/work/employers/", 200),
        (Role.TEAM_LEAD, "/work/peergroups/", 200),
    ]:
        login(client, world.users[role])
        assert client.get(path).status_code == status, (role, path)


def test_contract_list_flags_falling_behind(client, world, policy):
    today = dt.date.today()
    behind = f.contract(
        policy,
        reference="SROI-ACHTER",
        start=today - dt.timedelta(days=200),
        end=today + dt.timedelta(days=165),
    )
    fine = f.contract(
        policy,
        reference="SROI-GOED",
        tbl=behind.table,
        start=today - dt.timedelta(days=10),
        end=today + dt.timedelta(days=355),
    )
    services.fulfilment_add(actor=policy, contract=fine, kind="purchase", invoice_value="20000")
    login(client, policy)
    html = client.get("/work/sroi/?behind=1").content.decode()
    assert "SROI-ACHTER" in html and "SROI-GOED" not in html and "loopt achter" in html
    detail = client.get(f"/work/sroi/{fine.public_id}/").content.decode()
    assert "€\xa020.000,00" in detail


def test_fulfilment_form_refuses_bad_input(client, world, policy):
    contract = f.contract(policy)
    login(client, policy)
    response = client.post(
        f"/work/sroi/{contract.public_id}/", {"kind": "purchase", "invoice_value": ""}
    )
    assert response.status_code == 400
    assert "factuurwaarde" in response.content.decode().lower()
    assert contract.entries.count() == 0
    ok = client.post(
        f"/work/sroi/{contract.public_id}/",
        {"kind": "custom", "hours": "12", "description": "Gastlessen"},
    )
    assert ok.status_code == 302
    assert contract.entries.get().value(dt.date.today()) == Decimal("1200.00")


def _table_post(**changes) -> dict:
    """The new-table form as the page fills it in (the defaults), with ``changes``."""
    from zorgzaam.work.forms import table_rows

    rows = table_rows()
    data = {
        "name": "Bouwstenen 2027",
        "valid_from": "2027-01-01",
        "full_time_hours": "36",
        "social_enterprise_percentage": "100",
        "custom_effort_hourly_rate": "100",
        "amounts-TOTAL_FORMS": str(len(rows)),
        "amounts-INITIAL_FORMS": "0",
        "amounts-MIN_NUM_FORMS": str(len(rows)),
        "amounts-MAX_NUM_FORMS": str(len(rows)),
    }
    for i, (section, key, _label) in enumerate(rows):
        data[f"amounts-{i}-amount"] = DEFAULT_TABLE[section].get(key, "")
    for name, value in changes.items():
        if name in data:
            data[name] = value
        else:  # a row by its key: "target_groups.ww"
            section, key = name.split(".")
            i = next(n for n, r in enumerate(rows) if r[:2] == (section, key))
            data[f"amounts-{i}-amount"] = value
    return data


def test_table_form_has_dutch_labels_and_no_json(client, world, policy):
    login(client, policy)
    page = client.get("/work/sroi/tables/").content.decode()
    assert "<textarea" not in page and "(JSON)" not in page
    assert "Participatiewet" in page and "Waarde van een voltijdjaar per doelgroep" in page
    assert 'value="40000"' in page  # the defaults to start from, in euros


def test_table_amounts_in_euros_are_read_as_people_write_them(client, world, policy):
    from zorgzaam.work.models import BuildingBlockTable

    login(client, policy)
    data = _table_post(
        **{
            "target_groups.participatiewet": "42.500",
            "target_groups.ww": "€ 20.000,50",
            "pso_levels.pso_30": "",
            "custom_effort_hourly_rate": "95,5",
        }
    )
    response = client.post("/work/sroi/tables/", data)
    assert response.status_code == 302
    table = BuildingBlockTable.objects.get(name="Bouwstenen 2027").as_table()
    assert table.target_groups["participatiewet"] == Decimal("42500")
    assert table.target_groups["ww"] == Decimal("20000.50")
    assert "pso_30" not in table.pso_levels and table.pso_levels["start"] == Decimal("1000")
    assert table.custom_effort_hourly_rate == Decimal("95.5")
    assert AuditEvent.objects.filter(event="work.table.create").count() == 1
    # the next table starts from this one
    assert 'value="42500"' in client.get("/work/sroi/tables/").content.decode()


def test_wrong_table_is_refused_per_row(client, world, policy):
    from zorgzaam.work.models import BuildingBlockTable

    login(client, policy)
    response = client.post(
        "/work/sroi/tables/",
        _table_post(
            **{"target_groups.ww": "-1", "bonuses.over_50": "veel", "full_time_hours": "90"}
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "negatief" in body and "bijvoorbeeld 40.000" in body
    assert body.count('class="field field-error"') == 3  # the two rows and the hours
    empty = {f"target_groups.{g}": "" for g in DEFAULT_TABLE["target_groups"]}
    response = client.post("/work/sroi/tables/", _table_post(**empty))
    assert response.status_code == 400
    assert "ten minste één doelgroep" in response.content.decode()
    short = client.post("/work/sroi/tables/", _table_post(**{"amounts-TOTAL_FORMS": "2"}))
    assert short.status_code == 400 and "onvolledig" in short.content.decode()
    assert not BuildingBlockTable.objects.filter(name="Bouwstenen 2027").exists()


def test_peer_group_screens(client, world, coord):
    seeker = f.seeker(coord, world.person_a)
    login(client, coord)
    r = client.post(
        "/work/peergroups/",
        {"name": "Werkvinden Reeuwijk", "started_on": "2026-02-02", "location": "Dorpshuis"},
    )
    assert r.status_code == 302
    group_url = r["Location"]
    r = client.post(
        group_url + "members/", {"job_seeker": seeker.public_id, "joined_on": "2026-02-02"}
    )
    assert r.status_code == 302
    r = client.post(group_url + "sessions/", {"date": "2026-02-09", "topic": "Netwerken"})
    session_url = r["Location"]
    assert client.get(session_url).status_code == 200
    r = client.post(session_url, {"present": [str(seeker.public_id)]})
    assert r.status_code == 302
    html = client.get(group_url).content.decode()
    assert "Netwerken" in html and escape(seeker.person.full_name) in html
    r = client.post(group_url + f"members/{seeker.public_id}/", {"outcome": "work_found"})
    assert r.status_code == 302
    assert client.get(group_url + "members/").status_code == 405


def test_edit_job_seeker_and_deactivate_employer(client, world, coord):
    seeker = f.seeker(coord, world.person_a)
    employer = f.employer(coord)
    login(client, coord)
    form = client.get(f"/work/jobseekers/{seeker.public_id}/edit/").content.decode()
    assert re.search(r'value="0-0"[^>]*checked', form)  # Monday morning, from the mask
    assert not re.search(r'value="6-2"[^>]*checked', form)
    r = client.post(
        f"/work/jobseekers/{seeker.public_id}/edit/",
        {
            "target_group": "ww",
            "work_goal": "Chauffeur",
            "sectors": ["logistics"],
            "skills": ["driving_licence"],
            "availability": ["2-0"],
            "hours_per_week": "20",
            "max_travel_km": "12",
            "status": "active",
            "limits": "Geen nachtdiensten",
        },
    )
    assert r.status_code == 302
    seeker.refresh_from_db()
    assert seeker.target_group == "ww" and seeker.availability == 1 << 6
    row = AuditEvent.objects.get(event="work.jobseeker.change")
    assert "limits" in row.fields and "Geen" not in str(row.fields)
    r = client.post(
        f"/work/employers/{employer.public_id}/edit/",
        {
            "name": employer.name,
            "sector": "care",
            "buddy_capacity": "2",
            "work_experience_places": "1",
            "job_openings": "0",
            "availability": ["0-0"],
        },
    )
    assert r.status_code == 302
    employer.refresh_from_db()
    assert employer.active is False
    page = client.get(f"/work/jobseekers/{seeker.public_id}/").content.decode()
    assert employer.name not in page


def test_every_showing_of_a_peer_group_or_a_seekers_wishes_is_audited(client, world, coord):
    """Issue #15 (as in casework): a form posted to the peer group page that came back with
    errors (400) showed the members by name without an audit line; the job seeker's edit form
    showed wishes and limits without one."""
    seeker = f.seeker(coord, world.person_a, limits="Geen nachtdiensten")
    group = services.peer_group_create(
        actor=coord, name="Werkvinden", started_on=dt.date(2026, 2, 2), location="Dorpshuis"
    )
    services.peer_group_add_member(
        actor=coord, group=group, job_seeker=seeker, joined_on=dt.date(2026, 2, 2)
    )
    login(client, coord)
    viewed = AuditEvent.objects.filter(event="work.peergroup.view")
    for path in ("members/", "sessions/"):
        before = viewed.count()
        r = client.post(f"/work/peergroups/{group.public_id}/{path}", {})
        assert r.status_code == 400 and escape(seeker.person.full_name) in r.content.decode()
        assert viewed.count() == before + 1, path
    form = client.get(f"/work/jobseekers/{seeker.public_id}/edit/")
    assert "Geen nachtdiensten" in form.content.decode()
    assert AuditEvent.objects.filter(
        event="work.jobseeker.view", subject_id=world.person_a.public_id
    ).exists()
