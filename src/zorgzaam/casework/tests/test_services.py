"""Services: intake, BSN at rest, informal-first rule, suggestions, referrals, ZRM, purge."""

import uuid
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import resources, services
from zorgzaam.casework.models import (
    Action,
    Household,
    HouseholdMember,
    Measurement,
    Referral,
    ZrmDomain,
    ZrmVersion,
)
from zorgzaam.casework.resources import Suggestion
from zorgzaam.casework.services import IntakeInput, MemberInput
from zorgzaam.common.errors import ApplicationError
from zorgzaam.people.models import Person

from .conftest import BSN_A, make_case

pytestmark = pytest.mark.django_db


def test_zrm_reference_data_has_both_versions():
    current = ZrmVersion.objects.get(is_current=True)
    assert current.code == "2017"
    names = list(current.domains.values_list("name", flat=True))
    assert len(names) == 13
    assert names[0] == "Financiën" and names[-1] == "Justitie"
    assert "Middelengebruik" in names and "Instrumentele ADL" in names
    assert ZrmDomain.objects.filter(version__code="2013").count() == 11


def test_intake_creates_household_members_plan_scores_note(world, case):
    assert case.team == world.team_a
    assert case.area == world.village_a
    assert list(case.professionals.all()) == [world.users["professional"]]
    assert case.members.count() == 2
    assert Person.objects.filter(family_name="Partnerman", municipality=world.municipality).exists()
    assert case.plan is not None
    m = case.measurements.get()
    assert m.moment == Measurement.Moment.INTAKE
    assert {s.domain.code: s.score for s in m.scores.all()} == {
        "financien": 2,
        "sociaal-netwerk": 3,
    }
    assert case.notes.get().text.startswith("Eerste gesprek")
    assert case.network.get().name == "Anja Buurvrouw"
    events = AuditEvent.objects.filter(event="case.create")
    assert events.count() == 2
    assert all("bsn" in e.fields and e.reason == "" for e in events)


def test_bsn_and_notes_are_encrypted_at_rest(case):
    member = case.members.get(role="applicant")
    assert member.bsn == BSN_A
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bsn, bsn_index FROM casework_householdmember WHERE id = %s", [member.pk]
        )
        raw, index = cursor.fetchone()
        cursor.execute("SELECT text FROM casework_casenote WHERE household_id = %s", [case.pk])
        (note,) = cursor.fetchone()
    assert BSN_A not in raw and BSN_A not in index
    assert "keukentafel" not in note
    assert HouseholdMember.objects.filter(bsn_index=member.bsn_index).count() == 1


def test_bsn_never_in_the_audit_log(case):
    for event in AuditEvent.objects.all():
        assert BSN_A not in str(event.__dict__)


def test_invalid_bsn_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ApplicationError) as err:
        make_case(world, bsn_a="123456789")
    assert err.value.field == "bsn"
    assert not Household.objects.exists()


def test_same_bsn_in_two_open_households_is_refused(world, case):
    with pytest.raises(ApplicationError):
        make_case(world, bsn_b="")
    assert Household.objects.count() == 1
    services.household_close(actor=world.users["professional"], household=case)
    assert make_case(world, bsn_b="").pk


def test_intake_rules(world):
    prof = world.users["professional"]
    base = dict(name="H", postcode=f"{world.person_a.postcode_area.pc4}", team=world.team_a)
    with pytest.raises(ApplicationError):
        services.household_intake(actor=prof, data=IntakeInput(**base, members=[]))
    with pytest.raises(ApplicationError):  # not own team
        services.household_intake(
            actor=prof,
            data=IntakeInput(
                **{**base, "team": world.team_b},
                members=[MemberInput(role="applicant", person=world.person_a)],
            ),
        )
    with pytest.raises(ApplicationError):  # postcode outside the municipality
        services.household_intake(
            actor=prof,
            data=IntakeInput(
                **{**base, "postcode": world.other_person.postcode_area.pc4},
                members=[MemberInput(role="applicant", person=world.person_a)],
            ),
        )
    with pytest.raises(ApplicationError):  # person of another municipality
        services.household_intake(
            actor=prof,
            data=IntakeInput(
                **base, members=[MemberInput(role="applicant", person=world.other_person)]
            ),
        )
    with pytest.raises(ApplicationError):  # score out of range
        services.household_intake(
            actor=prof,
            data=IntakeInput(
                **base,
                members=[MemberInput(role="applicant", person=world.person_a)],
                scores={"financien": 7},
            ),
        )
    with pytest.raises(PermissionDenied):
        services.household_intake(
            actor=world.users["volunteer"],
            data=IntakeInput(
                **base, members=[MemberInput(role="applicant", person=world.person_a)]
            ),
        )
    assert not Household.objects.exists()


def test_formal_provision_without_informal_action_needs_a_one_line_reason(world, case):
    prof = world.users["professional"]
    goal = services.goal_create(actor=prof, household=case, domain="financien", description="Rust")
    with pytest.raises(ApplicationError) as err:
        services.action_create_formal(
            actor=prof, goal=goal, description="Schuldhulp", provision="debt"
        )
    assert err.value.field == "formal_reason"
    with pytest.raises(ApplicationError):
        services.action_create_formal(
            actor=prof, goal=goal, description="Schuldhulp", provision="debt", reason="a\nb"
        )
    assert not Action.objects.exists()
    action = services.action_create_formal(
        actor=prof, goal=goal, description="Schuldhulp", provision="debt", reason="Beslag op loon"
    )
    assert action.category == Action.Category.FORMAL and action.formal_reason == "Beslag op loon"


def test_formal_provision_after_an_informal_action_in_the_domain_needs_no_reason(world, case):
    prof = world.users["professional"]
    goal = services.goal_create(
        actor=prof, household=case, domain="sociaal-netwerk", description="Minder alleen"
    )
    suggestion = resources.suggestions_for(case, goal.domain)[0]
    linked = services.action_link_suggestion(actor=prof, goal=goal, key=suggestion.key)
    assert linked.kind == Action.Kind.OWN_NETWORK and linked.is_informal
    assert linked.ref_public_id == case.network.get().public_id
    other_goal = services.goal_create(
        actor=prof, household=case, domain="sociaal-netwerk", description="Club"
    )
    action = services.action_create_formal(
        actor=prof, goal=other_goal, description="Dagbesteding", provision="wmo"
    )
    assert action.formal_reason == ""
    # A cancelled informal action does not count.
    services.action_set_status(actor=prof, action=linked, status="cancelled")
    with pytest.raises(ApplicationError):
        services.action_create_formal(
            actor=prof, goal=other_goal, description="Nog een", provision="wmo"
        )


def test_link_only_what_a_provider_offers(world, case):
    prof = world.users["professional"]
    goal = services.goal_create(actor=prof, household=case, domain="financien", description="Rust")
    with pytest.raises(ApplicationError):
        services.action_link_suggestion(
            actor=prof, goal=goal, key=f"socialmap.service:{uuid.uuid4()}"
        )
    key = resources.suggestions_for(case, goal.domain)[0].key
    services.action_link_suggestion(actor=prof, goal=goal, key=key)
    with pytest.raises(ApplicationError):  # twice
        services.action_link_suggestion(actor=prof, goal=goal, key=key)


def test_registered_provider_is_used_and_a_failing_one_is_skipped(world, case, monkeypatch):
    ref = uuid.uuid4()

    def socialmap(household, domain):
        if domain.code != "financien":
            return []
        return [Suggestion("socialmap.service", ref, "Thuisadministratie", 1.2, "in het dorp")]

    def broken(household, domain):
        raise RuntimeError("down")

    monkeypatch.setattr(resources, "PROVIDERS", list(resources.PROVIDERS))
    resources.register_provider(socialmap)
    resources.register_provider(broken)
    domain = case.zrm_version.domains.get(code="financien")
    found = resources.suggestions_for(case, domain)
    # Nearest first; the untagged own-network person (distance unknown) after it.
    assert [s.kind for s in found] == ["socialmap.service", "casework.network"]
    prof = world.users["professional"]
    goal = services.goal_create(actor=prof, household=case, domain=domain, description="Rust")
    action = services.action_link_suggestion(actor=prof, goal=goal, key=f"socialmap.service:{ref}")
    assert action.kind == Action.Kind.SOCIAL_MAP and action.ref_label == "Thuisadministratie"
    with pytest.raises(ValueError):
        Suggestion("unknown.thing", ref, "x", None, "")


def _referral(world, case):
    prof = world.users["professional"]
    member = case.members.get(role="applicant")
    goal = services.goal_create(actor=prof, household=case, domain="financien", description="Rust")
    action = services.action_create_formal(
        actor=prof, goal=goal, description="Budgetcursus", provision="debt", reason="Schulden"
    )
    with pytest.raises(ApplicationError):  # no consent yet
        services.referral_send(
            actor=prof,
            action=action,
            receiver=world.users["hub_coordinator"],
            receiver_label="Dorpshuis",
            message="Budgetcursus",
            contact_member=member,
        )
    services.consent_register(
        actor=prof,
        household=case,
        member=member,
        what="naam",
        with_whom="dorpshuis",
        method="written",
    )
    with pytest.raises(ApplicationError):  # receiver must be a hub coordinator
        services.referral_send(
            actor=prof,
            action=action,
            receiver=world.users["volunteer"],
            receiver_label="Dorpshuis",
            message="Budgetcursus",
            contact_member=member,
        )
    return services.referral_send(
        actor=prof,
        action=action,
        receiver=world.users["hub_coordinator"],
        receiver_label="Dorpshuis",
        message="Budgetcursus",
        contact_member=member,
    )


def test_referral_closed_loop(world, case):
    referral = _referral(world, case)
    coordinator = world.users["hub_coordinator"]
    with pytest.raises(ApplicationError):
        services.referral_update(actor=coordinator, referral=referral, status="finished")
    with pytest.raises(ApplicationError):
        services.referral_update(actor=coordinator, referral=referral, status="declined")
    with pytest.raises(PermissionDenied):
        services.referral_update(
            actor=world.users["professional"], referral=referral, status="accepted"
        )
    for status in ("accepted", "started", "finished"):
        services.referral_update(actor=coordinator, referral=referral, status=status)
    assert list(referral.updates.values_list("status", flat=True)) == [
        "sent",
        "accepted",
        "started",
        "finished",
    ]
    assert AuditEvent.objects.filter(event="referral.update").count() == 3


def test_referral_declined_with_reason_and_stale(world, case):
    from zorgzaam.casework.selectors import referral_is_stale

    referral = _referral(world, case)
    assert not referral_is_stale(referral)
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - timedelta(days=30)
    )
    referral.refresh_from_db()
    assert referral_is_stale(referral)
    services.referral_update(
        actor=world.users["hub_coordinator"],
        referral=referral,
        status="declined",
        decline_reason="Vol tot maart",
    )
    assert referral.status == "declined" and not referral_is_stale(referral)


def test_receiver_resolver_routes_referrals_of_a_hub(world, case, monkeypatch):
    from zorgzaam.casework.permissions import referrals_for_receiver

    referral = _referral(world, case)
    hub = uuid.uuid4()
    Referral.objects.filter(pk=referral.pk).update(
        receiver_ref_kind="socialmap.location", receiver_ref_public_id=hub
    )
    colleague = world.users["hub_coordinator"].__class__.objects.create(
        username="colleague", role="hub_coordinator", municipality=world.municipality
    )
    assert not referrals_for_receiver(colleague).exists()
    monkeypatch.setattr(resources, "RECEIVER_RESOLVERS", [])
    resources.register_receiver_resolver(lambda user: [("socialmap.location", hub)])
    assert list(referrals_for_receiver(colleague)) == [referral]


def test_measurement_with_positive_health(world, case):
    prof = world.users["professional"]
    member = case.members.first()
    spider = dict(body=6, mental=5, meaning=7, quality=6, participation=4, daily=8)
    m = services.measurement_record(
        actor=prof,
        household=case,
        moment="review",
        scores={"financien": 3},
        spider=spider,
        spider_member=member,
    )
    assert m.spider.participation == 4
    with pytest.raises(ApplicationError):
        services.measurement_record(actor=prof, household=case, moment="review", scores={})
    with pytest.raises(ApplicationError):
        services.measurement_record(
            actor=prof,
            household=case,
            moment="review",
            scores={"financien": 3},
            spider={**spider, "daily": 11},
            spider_member=member,
        )
    with pytest.raises(ApplicationError):
        services.measurement_record(
            actor=prof,
            household=case,
            moment="review",
            scores={"financien": 3},
            measured_on=date.today() + timedelta(days=3),
        )
    assert case.measurements.count() == 2  # intake + the one review


def test_consent_withdraw(world, case):
    prof = world.users["professional"]
    member = case.members.first()
    consent = services.consent_register(
        actor=prof,
        household=case,
        member=member,
        what="alles",
        with_whom="huisarts",
        method="verbal",
    )
    services.consent_withdraw(actor=prof, consent=consent)
    assert not consent.active
    with pytest.raises(ApplicationError):
        services.consent_withdraw(actor=prof, consent=consent)


def test_services_refuse_actors_without_need_to_know(world, case):
    with pytest.raises(PermissionDenied):
        services.goal_create(
            actor=world.users["professional_b"], household=case, domain="financien", description="x"
        )
    with pytest.raises(PermissionDenied):
        services.note_create(actor=world.other_professional, household=case, text="x")


def test_purge_command_deletes_only_expired_closed_households_and_audits(world, case):
    other = make_case(world, bsn_a="", bsn_b="", network=False)
    services.household_close(actor=world.users["professional"], household=case)
    Household.objects.filter(pk=case.pk).update(closed_on=date.today() - timedelta(days=800))
    out = StringIO()
    call_command("casework_purge", stdout=out)
    assert "Purged 1" in out.getvalue()
    assert list(Household.objects.all()) == [other]
    purged = AuditEvent.objects.filter(event="case.purge")
    assert purged.count() == 2 and purged.first().target_id == str(case.public_id)
    assert not HouseholdMember.objects.filter(household_id=case.pk).exists()
    out = StringIO()
    call_command("casework_purge", "--retention-days", "0", stdout=out)
    assert "Purged 0" in out.getvalue()


def test_a_person_is_in_one_open_household_only(world, case):
    with pytest.raises(ApplicationError) as err:
        services.household_intake(
            actor=world.users["professional"],
            data=IntakeInput(
                name="Tweede",
                postcode=world.person_a.postcode,
                team=world.team_a,
                members=[MemberInput(role="applicant", person=world.person_a)],
            ),
        )
    assert "één huishouden, één plan" in err.value.message
    assert Household.objects.count() == 1


def test_key_rotation_reencrypts_and_keeps_bsn_lookup(world, case, settings):
    from cryptography.fernet import Fernet

    from zorgzaam.casework.selectors import household_list
    from zorgzaam.common.fields import _fernet

    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    _fernet.cache_clear()
    try:
        # While the rotation has not run yet, the lookup still finds the old key's index.
        assert list(household_list(world.users["professional"], bsn=BSN_A)) == [case]
        with pytest.raises(ApplicationError, match="BSN"):  # and uniqueness still holds
            make_case(world, bsn_a=BSN_A, bsn_b="")
        out = StringIO()
        call_command("casework_rotate_keys", stdout=out)
        assert "casework.HouseholdMember.bsn: 2 value(s), 2 re-encrypted" in out.getvalue()
        assert "casework.CaseNote.text: 1 value(s), 1 re-encrypted" in out.getvalue()
        settings.FIELD_ENCRYPTION_KEYS = [new]
        _fernet.cache_clear()
        member = HouseholdMember.objects.get(household=case, role="applicant")
        assert member.bsn == BSN_A
        assert case.notes.get().text.startswith("Eerste gesprek")
        assert list(household_list(world.users["professional"], bsn=BSN_A)) == [case]
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old]
        _fernet.cache_clear()


def test_socialmap_adapter_turns_informal_services_into_suggestions(world, case, monkeypatch):
    import types

    from zorgzaam.casework import providers

    ref = uuid.uuid4()
    calls = []

    def near(municipality, lat, lon, text, limit=10):
        calls.append(text)
        assert municipality == case.municipality and limit == providers.PER_KEYWORD
        if text == "koffie":
            return [types.SimpleNamespace(public_id=ref, name="Koffieochtend", distance_km=0.84)]
        if text == "ontmoeting":  # the same service found twice is offered once
            return [types.SimpleNamespace(public_id=ref, name="Koffieochtend", distance_km=0.84)]
        return []

    fake = types.SimpleNamespace(informal_resources_near=near)
    monkeypatch.setattr(providers, "_function", lambda module, name: getattr(fake, name, None))
    domain = case.zrm_version.domains.get(code="sociaal-netwerk")
    found = providers.socialmap_provider(case, domain)
    assert calls == providers.DOMAIN_KEYWORDS["sociaal-netwerk"]
    assert [(s.kind, s.public_id, s.title, s.distance_km) for s in found] == [
        ("socialmap.service", ref, "Koffieochtend", 0.8)
    ]
    monkeypatch.setattr(providers, "_function", lambda module, name: None)
    assert providers.socialmap_provider(case, domain) == []


def test_help_adapter_suggests_volunteers_near_the_household(world, case):
    from zorgzaam.casework import providers
    from zorgzaam.help.tests.factories import make_volunteer

    point = case.postcode_area
    near = make_volunteer(world, skills=("company",), lat=point.latitude, lon=point.longitude)
    make_volunteer(world, skills=("garden",), lat=point.latitude, lon=point.longitude)
    far = make_volunteer(
        world, skills=("company",), lat=point.latitude + 0.5, lon=point.longitude, radius_km=3.0
    )
    domain = case.zrm_version.domains.get(code="sociaal-netwerk")
    found = providers.help_provider(case, domain)
    ids = {s.public_id for s in found}
    assert near.public_id in ids
    assert far.public_id not in ids
    assert all(s.kind == "help.volunteer" and s.category == "informal" for s in found)
    first = found[0]
    assert first.action_url.startswith("/help/on-behalf/")
    text = " ".join([first.title, first.reason])
    assert near.person.family_name not in text  # no names in a suggestion
    # A domain without a fitting kind of neighbour help gets no volunteers.
    assert providers.help_provider(case, case.zrm_version.domains.get(code="middelengebruik")) == []
