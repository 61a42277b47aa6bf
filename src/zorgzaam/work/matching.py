"""Job seekers to employer buddies, work-experience places and jobs, with the neighbour-help
matching engine (:mod:`zorgzaam.help.matching`), unchanged.

Each offer of an employer (buddy, work-experience place, job) becomes one row of a
``VolunteerPool``: its terms are ``offer:<kind>``, ``sector:<sector>`` and the skills it
teaches (``skill:<code>``), its availability the employer's weekly slots, its load the running
placements of that kind and its maximum load the number of places. A job seeker becomes a
``HelpNeed`` that requires ``offer:<kind>`` and prefers their sectors and skills; their travel
distance is the radius of every row (the pool is built per job seeker, employers are few).
Hard constraints: the kind of offer, a free place, a shared weekly slot, within travel
distance. Score: closeness, sector/skill fit, a shared language other than Dutch, fairness
over employers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import cast

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zorgzaam.help import matching as engine

from . import vocab
from .models import Employer, JobSeeker, OfferKind, Placement

VOCABULARY = engine.Vocabulary(list(vocab.term_labels()), kind="skill", labels=vocab.term_labels())
LANGUAGES = engine.Vocabulary(list(engine.LANGUAGE_LABELS), kind="language")
#: the reasons shown, in this order (the engine renders them in nl/en)
REASON_CODES = ("distance", "language", "availability")
#: why nobody is proposed, by the engine's cause code (its own words speak of volunteers)
WHY_NONE = {
    "no_volunteers_in_municipality": _("No employer offers this yet."),
    "no_slots_requested": _("Fill in when the job seeker is available."),
    "none_within_reach": _("No employer offering this is within the travel distance."),
    "none_with_skill": _("No employer nearby offers this."),
    "no_availability_overlap": _("No employer nearby is available at the job seeker's times."),
    "all_paused": _("No employer nearby is taking anyone on at the moment."),
    "all_at_max_load": _("All suitable employers nearby are full."),
}


@dataclass(frozen=True)
class EmployerProposal:
    employer: Employer
    kind: str
    proposal: engine.Proposal
    reasons: str  # distance, language, availability (explain())
    fit: tuple[str, ...]  # sectors and skills that match, as labels
    free_places: int


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _known_languages(codes) -> set[str]:
    return {c for c in codes if c in LANGUAGES}


def build_pool(
    employers: list[Employer], radius_km: float, kinds=tuple(OfferKind.values)
) -> engine.VolunteerPool:
    running = Counter(
        Placement.objects.filter(
            employer__in=employers, outcome=Placement.Outcome.OPEN
        ).values_list("employer_id", "kind")
    )
    volunteers = []
    for e in employers:
        if not e.active or e.latitude is None or e.longitude is None:
            continue
        for kind in kinds:
            capacity = e.capacity(kind)
            if capacity <= 0:
                continue
            terms = {f"offer:{kind}", f"sector:{e.sector}"} | {f"skill:{s}" for s in e.skills}
            volunteers.append(
                engine.Volunteer(
                    id=(e.pk, kind),
                    municipality=str(e.municipality_id),
                    lat=e.latitude,
                    lon=e.longitude,
                    radius_km=radius_km,
                    skills=frozenset(terms & set(VOCABULARY)),
                    languages=frozenset(_known_languages(e.languages)),
                    availability=e.availability,
                    load=min(running[(e.pk, kind)], capacity),
                    max_load=capacity,
                )
            )
    return engine.VolunteerPool.from_volunteers(volunteers, VOCABULARY, LANGUAGES)


def seeker_need(seeker: JobSeeker, kind: str) -> engine.HelpNeed:
    person = seeker.person
    lat, lon = person.latitude, person.longitude
    if lat is None or lon is None:
        lat, lon = person.postcode_area.latitude, person.postcode_area.longitude
    preferred = {f"sector:{s}" for s in seeker.sectors} | {f"skill:{s}" for s in seeker.skills}
    # Dutch is the working language everywhere: only another shared language is a reason.
    languages = _known_languages(person.languages or []) - {"nl"}
    return engine.HelpNeed(
        id=(seeker.pk, kind),
        municipality=str(seeker.municipality_id),
        lat=lat,
        lon=lon,
        skills=frozenset({f"offer:{kind}"}),
        preferred_skills=frozenset(preferred & set(VOCABULARY)),
        languages=frozenset(languages),
        slots=seeker.availability,
        recurring=True,
        waiting_days=max(0, (dt.date.today() - seeker.registered_on).days),
    )


def propose(
    seeker: JobSeeker, employers: list[Employer], kind: str = OfferKind.BUDDY, k: int = 5
) -> tuple[list[EmployerProposal], str]:
    """The best ``k`` employers for ``seeker`` offering ``kind``, and, when there are none,
    why (in words; empty otherwise)."""
    pool = build_pool(employers, float(seeker.max_travel_km), kinds=(kind,))
    need = seeker_need(seeker, kind)
    lang = _lang()
    if len(pool) == 0:
        return [], str(WHY_NONE["no_volunteers_in_municipality"])
    by_pk = {e.pk: e for e in employers}
    out = []
    for p in engine.rank(pool, need, k=k):
        employer = by_pk[cast(tuple, p.volunteer_id)[0]]
        skills = p.reason("skills")
        fit: tuple[str, ...] = ()
        if skills is not None:
            pairs = zip(skills.params["codes"], skills.params["labels"][lang], strict=True)
            fit = tuple(label for term, label in pairs if not term.startswith("offer:"))
        out.append(
            EmployerProposal(
                employer=employer,
                kind=kind,
                proposal=p,
                reasons=engine.explain(p, lang, codes=REASON_CODES),
                fit=fit,
                free_places=pool.max_load_of(p.volunteer_id) - pool.load_of(p.volunteer_id),
            )
        )
    if not out:
        why = engine.why_unmatched(pool, need)
        return [], str(WHY_NONE.get(why.code, _("No suitable employer."))) if why else ""
    return out, ""
