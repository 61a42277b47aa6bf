"""Dutch and English wording of reasons and proposals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from .errors import InvalidValueError
from .models import Proposal, Reason
from .slots import slot_name

LANGS = ("nl", "en")
#: at most this many slots are named in an availability reason
MAX_SLOTS_NAMED = 3

_EPOCH = dt.date(1970, 1, 1)


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def join_words(items: Sequence[str], lang: str) -> str:
    """``"a, b en c"`` / ``"a, b and c"``."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = " en " if lang == "nl" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def format_km(km: float, lang: str) -> str:
    text = f"{km:.1f}"
    return (text.replace(".", ",") if lang == "nl" else text) + " km"


def format_day(days: int, lang: str) -> str:
    date = _EPOCH + dt.timedelta(days=int(days))
    return date.strftime("%d-%m-%Y") if lang == "nl" else date.isoformat()


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _labels(params: dict[str, Any], lang: str) -> list[str]:
    labels = params.get("labels", {}).get(lang)
    return list(labels if labels is not None else params.get("codes", ()))


def _distance(p: dict[str, Any], lang: str) -> str:
    return format_km(float(p["km"]), lang)


def _language(p: dict[str, Any], lang: str) -> str:
    names = join_words(_labels(p, lang), lang)
    return f"spreekt {names}" if lang == "nl" else f"speaks {names}"


def _availability(p: dict[str, Any], lang: str) -> str:
    slots = [tuple(s) for s in p.get("slots", ())]
    recurring = bool(p.get("recurring", False))
    names = [slot_name(d, part, lang, recurring=recurring) for d, part in slots[:MAX_SLOTS_NAMED]]
    rest = len(slots) - len(names)
    if rest > 0:
        names.append(
            f"nog {_plural(rest, 'dagdeel', 'dagdelen')}"
            if lang == "nl"
            else f"{_plural(rest, 'more slot', 'more slots')}"
        )
    text = join_words(names, lang)
    return f"vrij {text}" if lang == "nl" else f"free {text}"


def _continuity(p: dict[str, Any], lang: str) -> str:
    return "heeft deze persoon eerder geholpen" if lang == "nl" else "helped this person before"


def _skills(p: dict[str, Any], lang: str) -> str:
    names = join_words(_labels(p, lang), lang)
    return f"kan helpen met {names}" if lang == "nl" else f"can help with {names}"


def _vog(p: dict[str, Any], lang: str) -> str:
    day = format_day(int(p["valid_until"]), lang)
    return f"VOG geldig tot {day}" if lang == "nl" else f"certificate of conduct valid until {day}"


def _load(p: dict[str, Any], lang: str) -> str:
    load, max_load = int(p["load"]), int(p["max_load"])
    if load == 0:
        return "heeft nu geen andere hulpvragen" if lang == "nl" else "no other requests right now"
    if lang == "nl":
        return f"heeft nu {load} van max. {max_load} hulpvragen"
    return f"currently {load} of max. {max_load} requests"


def _declined(p: dict[str, Any], lang: str) -> str:
    kind = p.get("kind")
    if kind == "too_far":
        km = format_km(float(p["km"]), lang)
        return (
            f"sloeg eerder af: te ver ({km})"
            if lang == "nl"
            else f"declined before: too far ({km})"
        )
    if kind == "skill":
        names = join_words(_labels(p, lang), lang)
        if lang == "nl":
            return f"sloeg dit soort hulp eerder af ({names})"
        return f"declined this kind of help before ({names})"
    n = int(p.get("count", 0))
    if lang == "nl":
        return f"sloeg recent {_plural(n, 'verzoek', 'verzoeken')} af"
    return f"declined {_plural(n, 'request', 'requests')} recently"


def _waiting(p: dict[str, Any], lang: str) -> str:
    n = int(p["days"])
    if lang == "nl":
        return f"wacht al {_plural(n, 'dag', 'dagen')}"
    return f"waiting for {_plural(n, 'day', 'days')}"


_FIXED: dict[str, tuple[str, str]] = {
    "no_volunteers_in_municipality": (
        "geen vrijwilligers in deze gemeente",
        "no volunteers in this municipality",
    ),
    "no_slots_requested": ("geen dagdelen opgegeven", "no time slots requested"),
    "none_within_reach": (
        "geen vrijwilliger binnen reisafstand",
        "no volunteer within travel distance",
    ),
    "none_with_skill": (
        "niemand in de buurt heeft de gevraagde vaardigheid",
        "nobody nearby has the required skill",
    ),
    "none_with_valid_vog": (
        "niemand in de buurt heeft op die datum een geldige VOG",
        "nobody nearby has a certificate of conduct valid on that date",
    ),
    "no_availability_overlap": (
        "niemand in de buurt is vrij op de gevraagde dagdelen",
        "nobody nearby is free at the requested times",
    ),
    "all_paused": (
        "alle geschikte vrijwilligers hebben pauze",
        "all suitable volunteers are paused",
    ),
    "all_at_max_load": (
        "alle geschikte vrijwilligers zitten aan hun maximum",
        "all suitable volunteers are at their maximum load",
    ),
    "capacity_exhausted": (
        "geschikte vrijwilligers zijn al aan andere hulpvragen gekoppeld",
        "suitable volunteers were all assigned to other requests",
    ),
    "below_threshold": (
        "geen geschikte vrijwilliger met een voldoende score",
        "no candidate scored high enough",
    ),
}


def _no_candidate(p: dict[str, Any], lang: str) -> str:
    cause = p.get("cause")
    if isinstance(cause, str) and cause in _FIXED:
        return _FIXED[cause][0 if lang == "nl" else 1]
    return "geen geschikte vrijwilliger" if lang == "nl" else "no suitable volunteer"


_RENDER: dict[str, Callable[[dict[str, Any], str], str]] = {
    "distance": _distance,
    "language": _language,
    "availability": _availability,
    "continuity": _continuity,
    "skills": _skills,
    "vog": _vog,
    "load": _load,
    "declined": _declined,
    "waiting": _waiting,
    "no_candidate": _no_candidate,
}


def reason_text(reason: Reason, lang: str = "nl") -> str:
    """One reason in words, in Dutch (``"nl"``) or English (``"en"``)."""
    _check_lang(lang)
    render = _RENDER.get(reason.code)
    if render is not None:
        return render(dict(reason.params), lang)
    if reason.code in _FIXED:
        return _FIXED[reason.code][0 if lang == "nl" else 1]
    return reason.code


def reason_texts(proposal: Proposal, lang: str = "nl") -> list[str]:
    return [reason_text(r, lang) for r in proposal.reasons]


#: reasons shown by :func:`explain` by default, in this order
SUMMARY_CODES = (
    "distance",
    "language",
    "availability",
    "continuity",
    "skills",
    "vog",
    "declined",
    "load",
    "waiting",
)


def explain(proposal: Proposal, lang: str = "nl", codes: Sequence[str] = SUMMARY_CODES) -> str:
    """All reasons of ``proposal`` (those with a code in ``codes``, in that order) as one line,
    e.g. ``"2,1 km, spreekt Arabisch, vrij dinsdagochtend"``."""
    _check_lang(lang)
    order = {c: i for i, c in enumerate(codes)}
    chosen = sorted((r for r in proposal.reasons if r.code in order), key=lambda r: order[r.code])
    return ", ".join(reason_text(r, lang) for r in chosen)
