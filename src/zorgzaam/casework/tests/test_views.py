"""The screens: intake on one page, informal-first goal screen, BSN reveal, referrals, ZRM."""

import json

import pytest
from django.utils.html import escape

from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import services
from zorgzaam.casework.models import Action, Household, Referral
from zorgzaam.common.testing import login

from .conftest import BSN_A, BSN_B, make_case

pytestmark = pytest.mark.django_db


def test_intake_on_one_page(client, world):
    login(client, world.users["professional"])
    page = client.get("/cases/intake/")
    assert page.status_code == 200
    data = {
        "name": "Huishouden De Vries",
        "postcode": f"{world.person_a.postcode_area.pc4}AB",
        "team": world.team_a.pk,
        "m0_role": "applicant",
        "m0_given_name": "Els",
        "m0_family_name": "de Vries",
        "m0_bsn": BSN_A,
        "m1_role": "child",
        "m1_given_name": "Tim",
        "m1_family_name": "de Vries",
        "m1_date_of_birth": "2015-04-01",
        "m2_role": "other",
        "m3_role": "other",
        "network_name": "Gerrit",
        "network_relation": "buurman",
        "zrm_financien": "2",
        "note": "Kennismaking",
    }
    response = client.post("/cases/intake/", data)
    assert response.status_code == 302
    household = Household.objects.get(name="Huishouden De Vries")
    assert household.members.count() == 2
    assert response["Location"] == f"/cases/{household.public_id}/plan/"


def test_intake_with_bad_input_keeps_what_was_typed(client, world):
    login(client, world.users["professional"])
    data = {
        "name": "Huishouden Fout",
        "postcode": "9999 ZZ",
        "team": world.team_a.pk,
        "m0_role": "applicant",
        "m0_given_name": "Els",
        "m0_family_name": "Fout",
        "m0_bsn": "123456789",
        "m1_role": "other",
        "m2_role": "other",
        "m3_role": "other",
    }
    response = client.post("/cases/intake/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Huishouden Fout" in html and "errorlist" in html or "alert-error" in html
    assert not Household.objects.exists()


def test_intake_prefills_a_known_person(client, world):
    login(client, world.users["professional"])
    page = client.get(f"/cases/intake/?person={world.person_a.public_id}").content.decode()
    assert escape(world.person_a.given_name) in page
    assert client.get(f"/cases/intake/?person={world.person_b.public_id}").status_code == 403
    assert client.get("/cases/intake/?person=nonsense").status_code == 404


def test_bsn_masked_in_detail_never_in_list_and_reveal_is_audited(client, world, case):
    login(client, world.users["professional"])
    listing = client.get("/cases/").content.decode()
    detail = client.get(f"/cases/{case.public_id}/").content.decode()
    assert BSN_A not in listing and BSN_A not in detail and BSN_B not in detail
    member = case.members.get(role="applicant")
    revealed = client.post(f"/cases/{case.public_id}/members/{member.public_id}/bsn/")
    assert revealed.status_code == 200
    assert BSN_A in revealed.content.decode() and BSN_B not in revealed.content.decode()
    event = AuditEvent.objects.get(event="case.bsn_reveal")
    assert event.subject_id == member.person.public_id and event.fields == ["bsn"]
    assert client.get(f"/cases/{case.public_id}/members/{member.public_id}/bsn/").status_code == 405


def test_bsn_search_by_post_only(client, world, case):
    login(client, world.users["professional"])
    found = client.post("/cases/", {"bsn": BSN_B}).content.decode()
    assert "Huishouden Test" in found
    other = client.post("/cases/", {"bsn": "999999990"}).content.decode()
    assert "Huishouden Test" not in other
    assert "elfproef" in client.post("/cases/", {"bsn": "123"}).content.decode()


def test_goal_screen_shows_informal_first_and_links_in_one_click(client, world, case):
    login(client, world.users["professional"])
    url = f"/cases/{case.public_id}/plan/goals/new/?domain=sociaal-netwerk"
    page = client.get(url).content.decode()
    assert page.index("Anja Buurvrouw") < page.index('id="goal-form"')
    key = f"casework.network:{case.network.get().public_id}"
    response = client.post(url, {"link": key, "description": ""})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.kind == "own_network" and action.goal.domain.code == "sociaal-netwerk"
    edit = client.get(response["Location"]).content.decode()
    assert "Anja Buurvrouw" in edit  # now an action
    assert f'value="{key}"' not in edit  # no longer offered


def test_formal_action_needs_reason_on_screen(client, world, case):
    prof = world.users["professional"]
    login(client, prof)
    goal = services.goal_create(actor=prof, household=case, domain="financien", description="Rust")
    url = f"/cases/{case.public_id}/plan/goals/{goal.public_id}/formal/"
    response = client.post(url, {"description": "Schuldhulp", "provision": "debt"})
    assert response.status_code == 400
    assert not Action.objects.exists()
    assert "Schuldhulp" in response.content.decode()  # what was typed is kept
    response = client.post(
        url, {"description": "Schuldhulp", "provision": "debt", "formal_reason": "Beslag"}
    )
    assert response.status_code == 302 and Action.objects.count() == 1


def test_referral_sent_and_updated_by_the_hub_coordinator(client, world, case):
    prof = world.users["professional"]
    member = case.members.get(role="applicant")
    goal = services.goal_create(actor=prof, household=case, domain="financien", description="Rust")
    action = services.action_create_formal(
        actor=prof, goal=goal, description="Budgetcursus", provision="debt", reason="Schuld"
    )
    services.consent_register(
        actor=prof, household=case, member=member, what="naam", with_whom="hub", method="verbal"
    )
    login(client, prof)
    response = client.post(
        f"/cases/{case.public_id}/actions/{action.public_id}/refer/",
        {
            "receiver": world.users["hub_coordinator"].pk,
            "receiver_label": "Dorpshuis Noord",
            "message": "Budgetcursus in januari",
            "contact_member": str(member.public_id),
            "contact_phone": "06-11112222",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    login(client, world.users["hub_coordinator"])
    inbox = client.get("/cases/referrals/").content.decode()
    assert "Budgetcursus in januari" in inbox
    r = client.post(f"/cases/referrals/{referral.public_id}/", {"status": "declined"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = client.post(f"/cases/referrals/{referral.public_id}/", {"status": "accepted"})
    assert r.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_review_with_new_scores_shows_in_chart_and_table(client, world, case):
    login(client, world.users["professional"])
    form = client.get(f"/cases/{case.public_id}/measure/").content.decode()
    assert 'value="2" selected' in form  # last score prefilled
    response = client.post(
        f"/cases/{case.public_id}/measure/",
        {
            "moment": "review",
            "zrm_financien": "4",
            "zrm_sociaal-netwerk": "4",
            "spider_member": str(case.members.first().public_id),
            "ph_body": "6",
            "ph_mental": "7",
            "ph_meaning": "5",
            "ph_quality": "6",
            "ph_participation": "4",
            "ph_daily": "8",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "<caption>" in page  # the data table beside the chart
    assert "spider-chart" in page


def test_note_is_one_field_plus_tags(client, world, case):
    login(client, world.users["professional"])
    r = client.post(
        f"/cases/{case.public_id}/notes/", {"text": "Gebeld met school", "domains": ["justitie"]}
    )
    assert r.status_code == 302
    note = case.notes.order_by("-id").first()
    assert note.text == "Gebeld met school" and [d.code for d in note.domains.all()] == ["justitie"]
    assert client.post(f"/cases/{case.public_id}/notes/", {"text": ""}).status_code == 400


def test_export_contains_everything_about_the_person_and_nothing_about_others(client, world, case):
    prof = world.users["professional"]
    applicant = case.members.get(role="applicant")
    partner = case.members.get(role="partner")
    services.consent_register(
        actor=prof, household=case, member=applicant, what="naam", with_whom="hub", method="verbal"
    )
    services.consent_register(
        actor=prof,
        household=case,
        member=partner,
        what="GEHEIMPARTNER",
        with_whom="x",
        method="verbal",
    )
    services.note_create(actor=prof, household=case, text="Over de aanvrager", about=applicant)
    services.note_create(actor=prof, household=case, text="PARTNERNOTITIE", about=partner)
    services.measurement_record(
        actor=prof,
        household=case,
        moment="review",
        scores={"financien": 3},
        spider=dict(body=1, mental=2, meaning=3, quality=4, participation=5, daily=6),
        spider_member=partner,
    )
    other = make_case(world, bsn_a="", bsn_b="", network=False)
    services.note_create(actor=prof, household=other, text="ANDER HUISHOUDEN", about=None)
    login(client, prof)
    response = client.get(f"/cases/{case.public_id}/members/{applicant.public_id}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    text = response.content.decode()
    (entry,) = data["households"]
    assert data["person"]["name"] == world.person_a.full_name
    assert entry["membership"]["bsn"] == BSN_A
    assert [c["with_whom"] for c in entry["consents"]] == ["hub"]
    notes = [n["text"] for n in entry["notes"]]
    assert "Over de aanvrager" in notes and "Eerste gesprek aan de keukentafel." in notes
    assert entry["zrm"] and entry["positive_health"] == []
    # Nothing about others.
    for secret in (
        BSN_B,
        "Partnerman",
        "Pim",
        "GEHEIMPARTNER",
        "PARTNERNOTITIE",
        "ANDER HUISHOUDEN",
        "Anja",
    ):
        assert secret not in text, secret
    assert entry["household"]["other_members"] == ["partner"]
    event = AuditEvent.objects.get(event="case.export")
    assert event.subject_id == world.person_a.public_id


def test_assign_professionals_of_the_holding_team_only(client, world, case):
    from zorgzaam.accounts.models import TeamMembership
    from zorgzaam.common.testing import UserFactory

    colleague = UserFactory(role="professional", municipality=world.municipality)
    TeamMembership.objects.create(team=world.team_a, user=colleague)
    login(client, world.users["team_lead"])
    url = f"/cases/{case.public_id}/assign/"
    client.post(url, {"professionals": [str(colleague.public_id)]})
    assert list(case.professionals.all()) == [colleague]
    # Someone of another team is ignored; an empty choice is refused and changes nothing.
    client.post(url, {"professionals": [str(world.users["professional_b"].public_id)]})
    assert list(case.professionals.all()) == [colleague]
    assert AuditEvent.objects.filter(event="case.change", fields=["professionals"]).exists()


def test_member_added_after_intake_and_rectified(client, world, case):
    login(client, world.users["professional"])
    url = f"/cases/{case.public_id}/members/add/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"role": "child", "given_name": "Sem", "family_name": ""})
    assert bad.status_code == 200 and case.members.count() == 2
    ok = client.post(url, {"role": "child", "given_name": "Sem", "family_name": "Test"})
    assert ok.status_code == 302 and case.members.count() == 3
    member = case.members.get(role="partner")
    edit = f"/cases/{case.public_id}/members/{member.public_id}/edit/"
    page = client.get(edit).content.decode()
    assert BSN_B not in page
    # Another member's BSN is refused; nothing changes.
    r = client.post(edit, {"role": "partner", "bsn": BSN_A})
    assert r.status_code == 200
    member.refresh_from_db()
    assert member.bsn == BSN_B
    r = client.post(edit, {"role": "parent", "date_of_birth": "1960-02-03", "remove_bsn": "on"})
    assert r.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.bsn, member.bsn_index) == ("parent", "", "")
    event = AuditEvent.objects.filter(event="case.change", target_id=str(member.public_id)).get()
    assert event.fields == ["bsn", "date_of_birth", "role"]


def test_urgency_request_with_decision(client, world, case):
    login(client, world.users["professional"])
    url = f"/cases/{case.public_id}/urgency/"
    assert client.post(url, {"reason": "kort"}).status_code == 400
    r = client.post(url, {"reason": "Woning onbewoonbaar door schimmel, kinderen ziek"})
    assert r.status_code == 302
    urgency = case.urgencies.get()
    assert client.post(url, {"reason": "Nog een aanvraag met reden erbij"}).status_code == 400
    decide = f"/cases/{case.public_id}/urgency/{urgency.public_id}/decision/"
    assert client.post(decide, {"decision": "pending"}).status_code == 400
    r = client.post(decide, {"decision": "granted", "note": "Urgentie voor 6 maanden"})
    assert r.status_code == 302
    urgency.refresh_from_db()
    assert urgency.decision == "granted" and urgency.decided_on is not None
    assert client.post(decide, {"decision": "refused"}).status_code == 400
    page = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "schimmel" in page and "toegekend" in page
    login(client, world.users["professional_b"])
    assert client.post(url, {"reason": "Woning onbewoonbaar, andere reden"}).status_code == 403


def test_export_as_readable_pdf(client, world, case, tmp_path):
    import shutil
    import subprocess

    login(client, world.users["professional"])
    applicant = case.members.get(role="applicant")
    response = client.get(
        f"/cases/{case.public_id}/members/{applicant.public_id}/export/?format=pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(event="case.export").reason == "AVG art. 15 pdf"
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDF back")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert world.person_a.family_name in text and BSN_A in text
    assert "Partnerman" not in text and BSN_B not in text and "Anja" not in text


def test_a_bsn_of_another_teams_client_is_refused_without_saying_why(client, world, case):
    """Issue #15, the BSN oracle: a professional of team B who types the BSN of team A's
    client learned that this person is a client. Now: refused without the reason, and the
    refusal (which touched team A's household) is audited and shown to team B's lead."""
    prof_b = world.users["professional_b"]
    lead_b = world.users["team_lead"]
    from zorgzaam.accounts.models import TeamMembership

    TeamMembership.objects.filter(user=lead_b).update(team=world.team_b)
    own = make_case(world, actor=prof_b, team=world.team_b, bsn_a="", bsn_b="", network=False)
    Household.objects.filter(pk=own.pk).update(name="Huishouden Bee")
    own.refresh_from_db()
    member = own.members.get(role="partner")
    login(client, prof_b)
    edit = f"/cases/{own.public_id}/members/{member.public_id}/edit/"
    page = client.post(edit, {"role": "partner", "bsn": BSN_A}).content.decode()
    assert "kan niet worden vastgelegd" in page
    for tell in ("open huishouden", "in de gemeente", "Huishouden Test"):
        assert tell not in page
    member.refresh_from_db()
    assert member.bsn == ""
    holder = case.members.get(role="applicant")
    row = AuditEvent.objects.get(event="case.bsn_conflict")
    assert (row.outcome, row.actor_id, row.target_id, row.subject_id) == (
        "denied",
        prof_b.public_id,
        str(case.public_id),
        holder.person.public_id,
    )
    assert row.municipality_code == case.municipality.code and BSN_A not in row.reason
    # At an intake too (the intake is rolled back, its audit line is not).
    intake = {
        "name": "Huishouden Proef",
        "postcode": f"{world.person_a.postcode_area.pc4}AB",
        "team": world.team_b.pk,
        "m0_role": "applicant",
        "m0_given_name": "Els",
        "m0_family_name": "Proef",
        "m0_bsn": BSN_B,
        "m1_role": "other",
        "m2_role": "other",
        "m3_role": "other",
    }
    page = client.post("/cases/intake/", intake).content.decode()
    assert "kan niet worden vastgelegd" in page and "open huishouden" not in page
    assert not Household.objects.filter(name="Huishouden Proef").exists()
    assert AuditEvent.objects.filter(event="case.bsn_conflict").count() == 2
    # Team B's lead sees both refusals (who, and the own household), nothing of team A's.
    login(client, lead_b)
    review = client.get("/cases/break-glass/").content.decode()
    assert "Geweigerde BSN-registraties" in review
    assert escape(own.name) in review and "bij een intake" in review
    assert "Huishouden Test" not in review
