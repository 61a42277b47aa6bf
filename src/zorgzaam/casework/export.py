"""Right of access (AVG art. 15): everything casework stores about one person, and nothing
about others. Other members of the household and the own network appear only as their role
or relation, never with names, dates of birth or BSN; notes about another member are left
out; household-wide notes and the shared plan are included (they are about the person too)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import CaseNote, Consent, HouseholdMember, Referral
from .permissions import households_for_actor


def person_case_export(actor, person) -> dict:
    """Casework data about ``person`` in the households ``actor`` may see."""
    visible = households_for_actor(actor)
    memberships = (
        HouseholdMember.objects.filter(person=person, household__in=visible)
        .select_related("household__team", "household__area", "household__zrm_version")
        .order_by("household__opened_on")
    )
    households: list[dict] = []
    result = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": str(person.public_id),
            "name": person.full_name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "postcode": person.postcode,
        },
        "households": households,
    }
    for m in memberships:
        h = m.household
        others = [o.get_role_display() for o in h.members.exclude(pk=m.pk).order_by("id")]
        entry = {
            "household": {
                "id": str(h.public_id),
                "name": h.name,
                "postcode": h.postcode,
                "village": h.area.name if h.area else None,
                "team": h.team.name,
                "status": h.status,
                "opened_on": h.opened_on,
                "closed_on": h.closed_on,
                "zrm_version": h.zrm_version.name,
                "other_members": others,
            },
            "membership": {
                "role": m.get_role_display(),
                "date_of_birth": m.date_of_birth,
                "bsn": m.bsn or None,
            },
            "consents": [
                {
                    "what": c.what,
                    "with_whom": c.with_whom,
                    "method": c.get_method_display(),
                    "given_on": c.given_on,
                    "withdrawn_on": c.withdrawn_on,
                }
                for c in Consent.objects.filter(member=m)
            ],
            "own_network": [n.relation for n in h.network.all()],
            "plan": [
                {
                    "domain": g.domain.name,
                    "goal": g.description,
                    "status": g.get_status_display(),
                    "actions": [
                        {
                            "action": a.description
                            if a.kind != a.Kind.OWN_NETWORK
                            else str(a.get_kind_display()),
                            "kind": a.get_kind_display(),
                            "provision": a.get_provision_display() if a.provision else None,
                            "reason": a.formal_reason or None,
                            "status": a.get_status_display(),
                            "due_on": a.due_on,
                        }
                        for a in g.actions.all()
                    ],
                }
                for g in h.plan.goals.select_related("domain").prefetch_related("actions")
            ],
            "referrals": [
                {
                    "to": r.receiver_label,
                    "request": r.message,
                    "contact_is_this_person": r.contact_member_id == m.pk,
                    "contact_phone": r.contact_phone if r.contact_member_id == m.pk else None,
                    "status": r.get_status_display(),
                    "decline_reason": r.decline_reason or None,
                    "updated": r.status_changed_at,
                }
                for r in Referral.objects.filter(action__goal__plan__household=h)
            ],
            "zrm": [
                {
                    "moment": ms.get_moment_display(),
                    "date": ms.measured_on,
                    "scores": {s.domain.name: s.score for s in ms.scores.select_related("domain")},
                }
                for ms in h.measurements.order_by("measured_on", "id")
            ],
            "positive_health": [
                {
                    "date": ph.recorded_on,
                    "body": ph.body,
                    "mental": ph.mental,
                    "meaning": ph.meaning,
                    "quality": ph.quality,
                    "participation": ph.participation,
                    "daily": ph.daily,
                }
                for ph in m.positive_health.all()
            ],
            "urgency_requests": [
                {
                    "requested_on": u.requested_on,
                    "reason": u.reason,
                    "decision": u.get_decision_display(),
                    "decided_on": u.decided_on,
                    "explanation": u.decision_note or None,
                }
                for u in h.urgencies.all()
            ],
            "notes": [
                {
                    "date": n.created_at,
                    "about": "this person" if n.about_id == m.pk else "the household",
                    "text": n.text,
                    "domains": [d.name for d in n.domains.all()],
                }
                for n in CaseNote.objects.filter(household=h)
                .filter(Q(about__isnull=True) | Q(about=m))
                .prefetch_related("domains")
                .order_by("created_at")
            ],
        }
        households.append(entry)
    return result
