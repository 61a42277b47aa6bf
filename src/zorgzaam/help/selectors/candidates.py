"""A request's candidate volunteers: ranked, searched, compared, with the facts
that explain them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from .. import matching
from ..constants import SKILL_LABELS
from ..engine import explain_live, help_need, summary_codes, ui_lang, unmatched_text
from ..models import (
    PairingBlock,
    Proposal,
    VolunteerProfile,
)
from ..pool import volunteer_pool

# --------------------------------------------------------------------------- candidates
#: the aspects a coordinator weighs candidates on (the engine's reason codes), in this order
FACT_CODES = (
    "distance",
    "language",
    "availability",
    "skills",
    "vog",
    "load",
    "continuity",
    "declined",
)
FACT_LABELS = {
    "distance": gettext_lazy("Distance"),
    "language": gettext_lazy("Language"),
    "availability": gettext_lazy("Free"),
    "skills": gettext_lazy("Can help with"),
    "vog": gettext_lazy("VOG"),
    "load": gettext_lazy("Tasks now"),
    "continuity": gettext_lazy("Helped before"),
    "declined": gettext_lazy("Declined before"),
}


@dataclass(frozen=True)
class Fact:
    """One of the engine's reasons for a candidate, as a labelled line."""

    code: str
    label: str
    text: str


@dataclass(frozen=True)
class Candidate:
    profile: VolunteerProfile
    proposal: matching.Proposal
    explanation: str
    #: place in the engine's ranking of every eligible volunteer (1 = best)
    rank: int = 0
    facts: tuple[Fact, ...] = ()


def _facts(proposal: matching.Proposal, lang: str, help_request) -> tuple[Fact, ...]:
    codes = summary_codes(help_request)
    out = []
    for code in FACT_CODES:
        reason = proposal.reason(code) if code in codes else None
        if reason is not None:
            out.append(Fact(code, str(FACT_LABELS[code]), matching.reason_text(reason, lang)))
    return tuple(out)


def _candidates_skip(help_request) -> set[str]:
    """Volunteers never offered again for this request: already asked, blocked for this
    requester, or the requester themselves."""
    asked = Proposal.objects.filter(request=help_request).values_list(
        "volunteer__public_id", flat=True
    )
    blocked = PairingBlock.objects.filter(requester_id=help_request.requester_id).values_list(
        "volunteer__public_id", flat=True
    )
    own = VolunteerProfile.objects.filter(person_id=help_request.requester_id).values_list(
        "public_id", flat=True
    )
    return {str(v) for qs in (asked, blocked, own) for v in qs}


def _candidates_of(help_request, found, ranks: dict[str, int]) -> list[Candidate]:
    """Candidates (profile, reasons in words, rank) for engine proposals, in their order."""
    profiles = {
        str(p.public_id): p
        for p in VolunteerProfile.objects.filter(
            public_id__in=[p.volunteer_id for p in found]
        ).select_related("person", "person__area")
    }
    lang = ui_lang()
    return [
        Candidate(
            profiles[str(p.volunteer_id)],
            p,
            explain_live(p, lang, help_request),
            ranks.get(str(p.volunteer_id), 0),
            _facts(p, lang, help_request),
        )
        for p in found
        if str(p.volunteer_id) in profiles
    ]


def _ranked_all(help_request) -> tuple[list[matching.Proposal], str]:
    """Every eligible volunteer for the request (every hard constraint met), best first,
    without those never offered again; and, when there is nobody, why in words."""
    skip = _candidates_skip(help_request)
    need = help_need(help_request)
    with volunteer_pool(help_request.municipality) as pool:
        found = matching.rank(pool, need, k=max(1, len(pool)))
        why = "" if found else unmatched_text(matching.why_unmatched(pool, need))
    found = [p for p in found if str(p.volunteer_id) not in skip]
    if not found and not why:
        why = unmatched_text(matching.Reason("no_candidate", {}))
    return found, why


@dataclass(frozen=True)
class CandidateSearch:
    """The engine's top candidates and, for a search, the matching ones of all eligible."""

    top: list[Candidate]
    found: list[Candidate]
    eligible: int
    matches: int
    why: str


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return plain.replace("ı", "i")  # Turkish dotless i: "Yılmaz" is found by "yilmaz"


def _words_of(profile: VolunteerProfile) -> str:
    """What a coordinator may search a volunteer by: name, village, kinds of help and
    languages (in both UI languages)."""
    from ..matching import LANGUAGE_LABELS

    person = profile.person
    parts = [person.given_name, person.infix, person.family_name]
    parts.append(person.area.name if person.area is not None else "")
    for code in profile.skills:
        parts += [code, *SKILL_LABELS.get(code, {}).values()]
    for code in profile.languages:
        parts += list(LANGUAGE_LABELS.get(code, {}).values())
    return _fold(" ".join(p for p in parts if p))


def help_request_candidate_search(
    help_request, query: str = "", *, top: int = 10, show_all: bool = False, limit: int = 50
) -> CandidateSearch:
    """The engine's ``top`` volunteers for a request and, when ``query`` is given (words of
    a name, village, kind of help or language; every word must match) or ``show_all``, the
    matching ones among every eligible volunteer (at most ``limit``, best first), each with
    its place in the ranking and the engine's reasons."""
    ranked, why = _ranked_all(help_request)
    ranks = {str(p.volunteer_id): i for i, p in enumerate(ranked, start=1)}
    words = _fold(query).split()
    chosen: list[matching.Proposal] = []
    matches = 0
    if words:
        by_id = {
            str(p.public_id): p
            for p in VolunteerProfile.objects.filter(
                public_id__in=[p.volunteer_id for p in ranked]
            ).select_related("person", "person__area")
        }
        for p in ranked:
            profile = by_id.get(str(p.volunteer_id))
            if profile is None:
                continue
            text = _words_of(profile)
            if all(w in text for w in words):
                matches += 1
                if len(chosen) < limit:
                    chosen.append(p)
    elif show_all:
        matches = len(ranked)
        chosen = ranked[:limit]
    return CandidateSearch(
        top=_candidates_of(help_request, ranked[:top], ranks),
        found=_candidates_of(help_request, chosen, ranks),
        eligible=len(ranked),
        matches=matches,
        why=why,
    )


def candidate_common_facts(candidates: list[Candidate]) -> list[Fact]:
    """The reasons every one of ``candidates`` shares word for word (said once above the
    list; each candidate then shows only what sets them apart). Empty for fewer than two."""
    if len(candidates) < 2:
        return []
    rest = [{(f.code, f.text) for f in c.facts} for c in candidates[1:]]
    return [f for f in candidates[0].facts if all((f.code, f.text) in r for r in rest)]


#: at most this many candidates side by side
COMPARE_MAX = 3


@dataclass(frozen=True)
class CompareRow:
    label: str
    values: tuple[str, ...]
    differs: bool


def help_request_candidates_compare(
    help_request, volunteer_ids
) -> tuple[list[Candidate], list[CompareRow], int]:
    """Up to ``COMPARE_MAX`` of the request's eligible volunteers side by side: the
    candidates (in the engine's order), one row per aspect (the engine's reasons, every kind
    of help and language they offer, their village; ``differs`` when not all the same) and
    the number of eligible volunteers. Ids that are not eligible are left out."""
    from ..matching import LANGUAGE_LABELS

    wanted = {str(v) for v in volunteer_ids}
    ranked, _why = _ranked_all(help_request)
    ranks = {str(p.volunteer_id): i for i, p in enumerate(ranked, start=1)}
    chosen = [p for p in ranked if str(p.volunteer_id) in wanted][:COMPARE_MAX]
    candidates = _candidates_of(help_request, chosen, ranks)
    lang = ui_lang()
    rows: list[tuple[str, list[str]]] = [
        (str(gettext_lazy("Place in the list")), [str(c.rank) for c in candidates]),
        (
            str(gettext_lazy("Village")),
            [
                c.profile.person.area.name if c.profile.person.area is not None else "—"
                for c in candidates
            ],
        ),
    ]
    for code in FACT_CODES:
        values = []
        for c in candidates:
            fact = next((f for f in c.facts if f.code == code), None)
            values.append(fact.text if fact else "—")
        if any(v != "—" for v in values):
            rows.append((str(FACT_LABELS[code]), values))
    rows.append(
        (
            str(gettext_lazy("All kinds of help")),
            [
                ", ".join(SKILL_LABELS.get(s, {}).get(lang, s) for s in c.profile.skills) or "—"
                for c in candidates
            ],
        )
    )
    rows.append(
        (
            str(gettext_lazy("All languages")),
            [
                ", ".join(LANGUAGE_LABELS.get(la, {}).get(lang, la) for la in c.profile.languages)
                or "—"
                for c in candidates
            ],
        )
    )
    table = [CompareRow(label, tuple(values), len(set(values)) > 1) for label, values in rows]
    return candidates, table, len(ranked)


def help_request_candidates(help_request, k: int = 10) -> tuple[list[Candidate], str]:
    """The engine's top-``k`` volunteers for a request (cached pool, refreshed
    incrementally), without volunteers already asked, blocked pairings or the requester
    themselves; and, when there are none, why in words."""
    skip = _candidates_skip(help_request)
    need = help_need(help_request)
    with volunteer_pool(help_request.municipality) as pool:
        found = matching.rank(pool, need, k=k + len(skip))
        why = "" if found else unmatched_text(matching.why_unmatched(pool, need))
    found = [p for p in found if str(p.volunteer_id) not in skip][:k]
    ranks = {str(p.volunteer_id): i for i, p in enumerate(found, start=1)}
    out = _candidates_of(help_request, found, ranks)
    if not out and not why:
        why = unmatched_text(matching.Reason("no_candidate", {}), ui_lang())
    return out, why
