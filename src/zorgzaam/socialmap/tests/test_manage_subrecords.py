"""The item editor's contacts, cost options and languages: formsets without JavaScript,
errors that lose nothing, versions that include the sub-records."""

from __future__ import annotations

import pytest

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.socialmap.models import ItemVersion, Service
from zorgzaam.socialmap.models.hsds import Contact, CostOption, Language, Phone

from .helpers import hsds_service, load

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }


def _base(**extra) -> dict:
    data = {"name": "Taalcafé", "kind": "informal", "status": "active", "published": "on"}
    data.update(_management("contacts", 1))
    data.update(_management("cost_options", 1))
    data.update(_management("languages", 1))
    data.update(extra)
    return data


def _create(client) -> Service:
    response = client.post(
        "/map/new/",
        _base(
            **{
                "contacts-0-name": "Fatima",
                "contacts-0-title": "vrijwilliger",
                "contacts-0-email": "taalcafe@example.org",
                "contacts-0-phone": "0172 123456",
                "cost_options-0-option": "per keer",
                "cost_options-0-amount": "2.50",
                "languages-0-code": "ar",
                "languages-0-note": "op dinsdag",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Service.objects.get(name="Taalcafé")


def test_create_with_contacts_costs_and_languages(client, world):
    login(client, world.users["hub_coordinator"])
    service = _create(client)
    contact = Contact.objects.get(service=service)
    assert (contact.name, contact.title, contact.email) == (
        "Fatima",
        "vrijwilliger",
        "taalcafe@example.org",
    )
    assert Phone.objects.get(contact=contact).number == "0172 123456"
    cost = CostOption.objects.get(service=service)
    assert (cost.amount, cost.currency, cost.option) == (2.5, "EUR", "per keer")
    language = Language.objects.get(service=service)
    assert (language.code, language.name, language.note) == ("ar", "Arabisch", "op dinsdag")
    assert contact.municipality == cost.municipality == language.municipality == world.municipality
    service.refresh_from_db()
    assert service.is_free is False  # derived search column follows the cost option
    version = ItemVersion.objects.get(item_id=service.public_id)
    assert {"contacts", "cost_options", "languages"} <= set(version.changed_fields)
    assert version.snapshot["contacts"][0]["phone"] == "0172 123456"
    assert version.snapshot["cost_options"][0]["amount"] == 2.5
    assert version.snapshot["languages"][0]["code"] == "ar"
    # Field names only in the audit log.
    create = AuditEvent.objects.get(event="socialmap.item_create")
    assert "contacts" in create.fields and "Fatima" not in str(create.__dict__)
    # The HSDS API shows them.
    full = client.get(f"/hsds/services/{service.public_id}").json()
    assert full["contacts"][0]["phones"][0]["number"] == "0172 123456"
    assert full["languages"][0]["name"] == "Arabisch"


def test_edit_update_add_and_remove_rows_are_versioned(client, world):
    login(client, world.users["administrator"])
    service = _create(client)
    contact = Contact.objects.get(service=service)
    cost = CostOption.objects.get(service=service)
    language = Language.objects.get(service=service)
    page = client.get(f"/map/{service.public_id}/edit/").content.decode()
    assert "Fatima" in page and str(contact.public_id) in page
    data = _base()
    data.update(_management("contacts", 2, 1))
    data.update(_management("cost_options", 2, 1))
    data.update(_management("languages", 2, 1))
    data.update(
        {
            # The contact changes its phone number; a second contact is added.
            "contacts-0-ref": str(contact.public_id),
            "contacts-0-name": "Fatima",
            "contacts-0-title": "vrijwilliger",
            "contacts-0-email": "taalcafe@example.org",
            "contacts-0-phone": "0172 654321",
            "contacts-1-name": "Kees",
            # The price becomes free.
            "cost_options-0-ref": str(cost.public_id),
            "cost_options-0-option": "per keer",
            "cost_options-0-amount": "0",
            # The language is removed.
            "languages-0-ref": str(language.public_id),
            "languages-0-code": "ar",
            "languages-0-DELETE": "on",
        }
    )
    response = client.post(f"/map/{service.public_id}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(Contact.objects.filter(service=service).values_list("name", flat=True)) == [
        "Fatima",
        "Kees",
    ]
    assert Contact.objects.get(pk=contact.pk).public_id == contact.public_id  # updated in place
    assert Phone.objects.get(contact=contact).number == "0172 654321"
    assert CostOption.objects.get(service=service).amount == 0
    assert not Language.objects.filter(service=service).exists()
    service.refresh_from_db()
    assert service.is_free is True
    versions = list(ItemVersion.objects.filter(item_id=service.public_id).order_by("number"))
    assert len(versions) == 2
    assert set(versions[1].changed_fields) == {"contacts", "cost_options", "languages"}
    assert [c["phone"] for c in versions[1].snapshot["contacts"]] == ["0172 654321", None]
    assert versions[1].snapshot["languages"] == []
    # The old values stay in the earlier version.
    assert versions[0].snapshot["contacts"][0]["phone"] == "0172 123456"
    # Saving the same again changes nothing and writes no version.
    page = client.get(f"/map/{service.public_id}/edit/")
    assert page.status_code == 200
    same = _base()
    contacts = list(Contact.objects.filter(service=service).order_by("pk"))
    same.update(_management("contacts", 2, 2))
    same.update(_management("cost_options", 1, 1))
    same.update(_management("languages", 0, 0))
    for n, c in enumerate(contacts):
        same[f"contacts-{n}-ref"] = str(c.public_id)
        same[f"contacts-{n}-name"] = c.name
        same[f"contacts-{n}-title"] = c.title or ""
        same[f"contacts-{n}-email"] = c.email or ""
        same[f"contacts-{n}-phone"] = "0172 654321" if c.pk == contact.pk else ""
    same["cost_options-0-ref"] = str(cost.public_id)
    same["cost_options-0-option"] = "per keer"
    same["cost_options-0-amount"] = "0"
    assert client.post(f"/map/{service.public_id}/edit/", same).status_code == 302
    assert ItemVersion.objects.filter(item_id=service.public_id).count() == 2


def test_formset_errors_lose_nothing(client, world):
    login(client, world.users["hub_coordinator"])
    data = _base(
        **{
            "name": "Buurtkamer",
            "description": "Koffie en een praatje.",
            "contacts-0-name": "Anna",
            "contacts-0-email": "geen-adres",
            "cost_options-0-option": "per jaar",
            "cost_options-0-amount": "-3",
            "cost_options-0-valid_from": "2027-02-01",
            "cost_options-0-valid_to": "2027-01-01",
            "languages-0-code": "xx-unknown",
        }
    )
    data.update(_management("languages", 2))
    data["languages-1-code"] = "nl"
    response = client.post("/map/new/", data)
    assert response.status_code == 200
    assert not Service.objects.exists() and not Contact.objects.exists()
    page = response.content.decode()
    # Every value typed is still there ...
    for value in ("Buurtkamer", "Koffie en een praatje.", "Anna", "geen-adres", "per jaar", "-3"):
        assert value in page, value
    assert 'value="2027-02-01"' in page and 'value="nl" selected' in page
    # ... and every error is linked to its field.
    assert 'id="id_contacts-0-email_error"' in page
    assert 'aria-describedby="id_contacts-0-email_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'id="id_cost_options-0-amount_error"' in page
    assert 'id="id_cost_options-0-valid_to_error"' in page
    assert 'id="id_languages-0-code_error"' in page
    assert page.count("<h1") == 1


def test_duplicate_language_and_empty_kept_row_are_refused(client, world):
    login(client, world.users["hub_coordinator"])
    data = _base(**{"languages-0-code": "nl", "languages-1-code": "nl"})
    data.update(_management("languages", 2))
    response = client.post("/map/new/", data)
    assert response.status_code == 200 and not Service.objects.exists()
    assert "twee keer" in response.content.decode()
    service = _create(client)
    contact = Contact.objects.get(service=service)
    data = _base(**{"contacts-0-ref": str(contact.public_id)})
    data.update(_management("contacts", 1, 1))
    response = client.post(f"/map/{service.public_id}/edit/", data)
    assert response.status_code == 200
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_add_row_without_javascript_keeps_input_and_saves_nothing(client, world):
    login(client, world.users["hub_coordinator"])
    data = _base(**{"contacts-0-name": "Anna", "add_row": "contacts"})
    response = client.post("/map/new/", data)
    assert response.status_code == 200 and not Service.objects.exists()
    page = response.content.decode()
    assert 'name="contacts-TOTAL_FORMS" value="2"' in page
    assert 'name="contacts-1-name"' in page and 'value="Anna"' in page


def test_rows_of_another_item_cannot_be_taken_over(client, world):
    (other,) = load(world.municipality, [hsds_service("Ander item")])
    stranger = Language.objects.get(service=other)
    login(client, world.users["hub_coordinator"])
    service = _create(client)
    data = _base(**{"languages-0-ref": str(stranger.public_id), "languages-0-code": "en"})
    data.update(_management("languages", 1, 1))
    response = client.post(f"/map/{service.public_id}/edit/", data)
    assert response.status_code == 200
    stranger.refresh_from_db()
    assert stranger.service_id == other.pk and stranger.code == "nl"


def test_imported_language_codes_stay_choosable(client, world):
    (item,) = load(world.municipality, [hsds_service("Import", languages=("nld-x",))])
    login(client, world.users["hub_coordinator"])
    page = client.get(f"/map/{item.public_id}/edit/").content.decode()
    assert 'value="nld-x" selected' in page


def test_editor_views_per_role(client, world):
    (item,) = load(world.municipality, [hsds_service("Eigen")])
    (elsewhere,) = load(world.other_municipality, [hsds_service("Elders")])
    for role in ("hub_coordinator", "administrator"):
        login(client, world.users[role])
        page = client.get(f"/map/{item.public_id}/edit/")
        assert page.status_code == 200 and 'name="contacts-TOTAL_FORMS"' in page.content.decode()
        assert client.get(f"/map/{elsewhere.public_id}/edit/").status_code == 404
    for role in ("resident", "volunteer", "professional", "team_lead", "policy_officer"):
        login(client, world.users[role])
        assert client.get(f"/map/{item.public_id}/edit/").status_code == 403
        assert client.post(f"/map/{item.public_id}/edit/", _base()).status_code == 403
    other = UserFactory(role="hub_coordinator", municipality=world.other_municipality)
    login(client, other)
    assert client.post(f"/map/{item.public_id}/edit/", _base()).status_code == 404
