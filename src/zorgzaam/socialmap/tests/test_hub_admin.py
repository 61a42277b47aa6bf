"""Managing community hubs and their programme councils: per role (allowed / 403), another
municipality's hub is 404 (also for a guessed id), versions and audit without names."""

from __future__ import annotations

import uuid

import pytest
from django.utils.html import escape

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PersonFactory, UserFactory, login
from zorgzaam.socialmap import hubs
from zorgzaam.socialmap.models import CouncilMember, Hub, ItemVersion

pytestmark = pytest.mark.django_db

MANAGERS = ("hub_coordinator", "administrator")
OTHERS = ("resident", "volunteer", "professional", "team_lead", "policy_officer")


@pytest.fixture
def hub(world):
    return Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles Noorddorp"
    )


@pytest.fixture
def other_hub(world):
    from zorgzaam.tenancy.models import Area

    area = Area.objects.filter(municipality=world.other_municipality).first()
    return Hub.objects.create(
        municipality=world.other_municipality, area=area, name="Huis van Alles Anderwijk"
    )


@pytest.mark.parametrize("role", MANAGERS)
def test_manager_creates_a_hub_and_its_council(client, world, role):
    user = world.users[role]
    login(client, user)
    page = client.get("/hubs/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1 and 'for="id_name"' in html and 'for="id_area"' in html
    response = client.post(
        "/hubs/new/",
        {
            "name": "Huis van Alles Zuiddorp",
            "area": world.village_b.pk,
            "description": "Ontmoeten en meedoen.",
            "address": "Kerkstraat 1",
            "coordinator": world.users["hub_coordinator"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    hub = Hub.objects.get(name="Huis van Alles Zuiddorp")
    assert response["Location"] == f"/hubs/{hub.public_id}/council/"
    assert hub.municipality == world.municipality and hub.area == world.village_b
    assert hub.coordinator == world.users["hub_coordinator"]
    assert (hub.latitude, hub.longitude) == (world.village_b.latitude, world.village_b.longitude)
    # The council: add by e-mail address, the public page shows the first name only.
    world.person_a.email = "ans@example.org"
    world.person_a.save(update_fields=["email"])
    response = client.post(
        f"/hubs/{hub.public_id}/council/",
        {"email": "ANS@example.org", "role": "chair", "since": "2026-01-05"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    member = CouncilMember.objects.get(hub=hub)
    assert member.person == world.person_a and member.role == "chair"
    assert str(member.since) == "2026-01-05"
    council = client.get(f"/hubs/{hub.public_id}/council/").content.decode()
    assert escape(world.person_a.family_name) in council
    public = client.get(f"/hubs/{hub.public_id}/").content.decode()
    assert escape(world.person_a.given_name) in public
    # Removing is a POST.
    url = f"/hubs/council/{member.public_id}/remove/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not CouncilMember.objects.filter(hub=hub).exists()
    # Versions: who, what; person ids, never names.
    versions = list(hubs.hub_versions(hub).order_by("number"))
    assert [v.changed_fields for v in versions][1:] == [["council"], ["council"]]
    assert versions[0].actor == user and "name" in versions[0].changed_fields
    assert versions[1].snapshot["council"][0]["person"] == str(world.person_a.public_id)
    assert world.person_a.family_name not in str(versions[1].snapshot)
    events = list(
        AuditEvent.objects.filter(event__startswith="socialmap.").values_list("event", flat=True)
    )
    assert {"socialmap.hub_create", "socialmap.council_add", "socialmap.council_remove"} <= set(
        events
    )
    add = AuditEvent.objects.get(event="socialmap.council_add")
    assert add.subject_id == world.person_a.public_id and add.fields == ["council"]
    # Looking at the council's members (full names) is audited per member shown.
    viewed = AuditEvent.objects.filter(event="socialmap.council_view")
    assert viewed.count() == 1  # the one GET above while ans was a member
    assert viewed.get().subject_id == world.person_a.public_id
    assert viewed.get().outcome == AuditEvent.Outcome.ALLOWED


def test_edit_hub_is_versioned_and_unchanged_save_writes_nothing(client, world, hub):
    pc = world.person_b.postcode_area
    login(client, world.users["hub_coordinator"])
    page = client.get(f"/hubs/{hub.public_id}/edit/").content.decode()
    assert "Huis van Alles Noorddorp" in page
    data = {"name": "Huis van Alles Noorddorp", "area": world.village_a.pk, "postcode": pc.pc4}
    assert client.post(f"/hubs/{hub.public_id}/edit/", data).status_code == 302
    hub.refresh_from_db()
    assert (hub.latitude, hub.longitude) == (pc.latitude, pc.longitude)
    (version,) = hubs.hub_versions(hub)
    assert version.changed_fields == ["location"]
    del data["postcode"]
    assert client.post(f"/hubs/{hub.public_id}/edit/", data).status_code == 302
    assert ItemVersion.objects.filter(item_id=hub.public_id).count() == 1
    assert "Geschiedenis" in client.get(f"/hubs/{hub.public_id}/edit/").content.decode()


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_get_403(client, world, hub, role):
    login(client, world.users[role])
    member = CouncilMember.objects.create(
        municipality=world.municipality, hub=hub, person=world.person_a
    )
    for url in ("/hubs/manage/", "/hubs/new/", f"/hubs/{hub.public_id}/edit/"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/hubs/{hub.public_id}/council/").status_code == 403
    assert client.post("/hubs/new/", {"name": "X", "area": world.village_a.pk}).status_code == 403
    assert client.post(f"/hubs/council/{member.public_id}/remove/").status_code == 403
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    assert not client.get(f"/hubs/{hub.public_id}/").content.decode().count("/edit/")


@pytest.mark.parametrize("role", MANAGERS)
def test_other_municipality_and_guessed_ids_are_404(client, world, other_hub, role):
    login(client, world.users[role])
    member = CouncilMember.objects.create(
        municipality=world.other_municipality, hub=other_hub, person=world.other_person
    )
    guessed = uuid.uuid4()
    for target in (other_hub.public_id, guessed):
        assert client.get(f"/hubs/{target}/edit/").status_code == 404
        assert client.post(f"/hubs/{target}/edit/", {"name": "Overname"}).status_code == 404
        assert client.get(f"/hubs/{target}/council/").status_code == 404
        assert client.post(f"/hubs/{target}/council/", {"email": "a@b.nl"}).status_code == 404
    for target in (member.public_id, guessed):
        assert client.post(f"/hubs/council/{target}/remove/").status_code == 404
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    other_hub.refresh_from_db()
    assert other_hub.name == "Huis van Alles Anderwijk"
    # The list shows only the own municipality's hubs.
    assert "Anderwijk" not in client.get("/hubs/manage/").content.decode()
    # Another municipality's village cannot be chosen for a new hub.
    response = client.post("/hubs/new/", {"name": "Stiekem", "area": other_hub.area.pk})
    assert response.status_code == 200 and not Hub.objects.filter(name="Stiekem").exists()


def test_council_add_errors(client, world, hub):
    login(client, world.users["hub_coordinator"])
    url = f"/hubs/{hub.public_id}/council/"
    # Unknown address; a person of another municipality is not found either.
    world.other_person.email = "elders@example.org"
    world.other_person.save(update_fields=["email"])
    for email in ("niemand@example.org", "elders@example.org"):
        response = client.post(url, {"email": email, "role": "member"})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'id="id_email_error"' in page and f'value="{email}"' in page
    assert not CouncilMember.objects.exists()
    # Found through the account's e-mail address.
    account = UserFactory(role="resident", municipality=world.municipality, email="b@example.org")
    resident = PersonFactory(municipality=world.municipality, user=account, email="")
    assert client.post(url, {"email": "b@example.org", "role": "chair"}).status_code == 302
    assert CouncilMember.objects.get(hub=hub).person == resident
    # Twice, or a second chair: refused with the reason at the field.
    response = client.post(url, {"email": "b@example.org", "role": "member"})
    assert response.status_code == 200 and CouncilMember.objects.count() == 1
    world.person_b.email = "c@example.org"
    world.person_b.save(update_fields=["email"])
    response = client.post(url, {"email": "c@example.org", "role": "chair"})
    assert response.status_code == 200 and 'id="id_role_error"' in response.content.decode()
    assert CouncilMember.objects.count() == 1


def test_hub_form_errors_keep_input(client, world, hub):
    login(client, world.users["administrator"])
    response = client.post(
        "/hubs/new/",
        {
            "name": "Huis van Alles Noorddorp",  # taken
            "area": world.village_a.pk,
            "description": "Een tweede huis.",
            "postcode": "9999",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Een tweede huis." in page and 'value="9999"' in page
    assert 'id="id_postcode_error"' in page
    assert Hub.objects.count() == 1
    # A coordinator of another municipality is not offered, and refused if posted.
    stranger = UserFactory(role="hub_coordinator", municipality=world.other_municipality)
    response = client.post(
        "/hubs/new/",
        {"name": "Nieuw huis", "area": world.village_b.pk, "coordinator": stranger.pk},
    )
    assert response.status_code == 200 and 'id="id_coordinator_error"' in response.content.decode()
    assert Hub.objects.count() == 1


def test_services_refuse_other_municipality(world, other_hub):
    from zorgzaam.common.errors import ApplicationError

    with pytest.raises(ApplicationError):
        hubs.hub_save(actor=world.users["hub_coordinator"], hub=other_hub, data={"name": "X"})
    with pytest.raises(ApplicationError):
        hubs.council_member_add(
            actor=world.users["administrator"], hub=other_hub, email="x@y.nl", role="member"
        )


def test_council_pages_are_person_level(client, world, hub):
    """The council pages show residents' full names (the public page only first names): an
    administrator without the second factor is sent to it, and nothing is removed."""
    from django.urls import reverse

    person = PersonFactory(
        municipality=world.municipality, given_name="Wilhelmina", family_name="Zwanenburg"
    )
    member = CouncilMember.objects.create(municipality=world.municipality, hub=hub, person=person)
    login(client, world.users["administrator"], verified=False)
    otp = reverse("accounts:otp")
    response = client.get(f"/hubs/{hub.public_id}/council/")
    assert response.status_code == 302 and response["Location"].startswith(otp)
    response = client.post(f"/hubs/council/{member.public_id}/remove/")
    assert response.status_code == 302 and response["Location"].startswith(otp)
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    assert not AuditEvent.objects.filter(event="socialmap.council_view").exists()
    # The public hub page shows the first name only.
    page = client.get(f"/hubs/{hub.public_id}/").content.decode()
    assert "Wilhelmina" in page and "Zwanenburg" not in page
