"""Demo work visits and hearings (#24): last quarter's werkbezoek in Waarder with what the
council heard and decided (the council report of that quarter shows it), and a hoorzitting
on informal care in Reeuwijk-Brug three weeks ahead, both with the council member and the
hub coordinator invited. Fictional, realistic for Bodegraven-Reeuwijk. Cheap: no report is
built; the brief's figures are references to the summary's cells (``summary.Shown.ref``),
looked up when the brief is shown."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zorgzaam.stories.models import Audience, Level, Selection, Story
from zorgzaam.stories.periods import period_bounds, period_of, period_shift

from .models import VisitInvitation, WorkVisit
from .visits import MAX_STORIES, hub_options

PAST = {
    "kind": WorkVisit.Kind.WORK_VISIT,
    "title": "Werkbezoek Huis van Alles Waarder: burenhulp en vervoer",
    "village": "Waarder",
    "purpose": (
        "Hoe houden de kleine kernen hun burenhulp overeind, en waar loopt het vervoer naar "
        "de huisarts en het ziekenhuis vast? De raad praat met vrijwilligers, inwoners en "
        "het sociaal team dat op dinsdagochtend in het Huis van Alles zit."
    ),
    "heard": (
        "Vrijwilligers uit Waarder rijden bijna alle ritten naar de huisarts en het "
        "ziekenhuis in Woerden en Gouda; een handvol mensen draagt het meeste werk en zij "
        "betalen de benzine vaak zelf. Inwoners vertelden dat de koffieochtend in het Huis "
        "van Alles voor veel ouderen het enige vaste contact van de week is. Het spreekuur "
        "van het sociaal team op dinsdag is bekend geworden, maar de weg naar schuldhulp "
        "kennen weinig mensen."
    ),
    "decided": (
        "De raad vraagt het college om vóór de begroting een voorstel voor een "
        "vrijwilligersvergoeding voor vervoer in de kleine kernen, en om de spreekuren van "
        "het sociaal team in alle Huizen van Alles op dezelfde manier bekend te maken, met "
        "schuldhulp erbij."
    ),
    "follow_up": (
        "De wethouder komt in de commissie Sociaal Domein terug met het voorstel voor "
        "vervoer. De volgende raadsrapportage laat zien hoeveel hulpvragen er in Waarder "
        "gesteld en gematcht zijn."
    ),
}
PLANNED = {
    "kind": WorkVisit.Kind.HEARING,
    "title": "Hoorzitting mantelzorg: wat hebben mantelzorgers in Reeuwijk nodig?",
    "village": "Reeuwijk-Brug",
    "purpose": (
        "Mantelzorgers, hun vrijwilligers en de coördinator van het Huis van Alles vertellen "
        "de raad waar respijt dichtbij huis ontbreekt, en wat het Huis van Alles en de "
        "burenhulp al doen. Aanleiding: de verhalen over zorg voor een partner met dementie "
        "uit de laatste MSC-ronde."
    ),
}
#: the summary's figures for the brief: the municipality's and the village's
FIGURES = [
    "stories.total.all",
    "stories.total.{code}",
    "help.asked.all",
    "help.matched.all",
    "help.volunteers_active.all",
    "casework.households.all",
]


def generate(ctx) -> dict[str, int]:
    municipality = ctx.municipality
    areas = {a.name: a for a in municipality.areas.all()}
    if not areas:
        return {}
    hubs = {h["area_id"]: h for h in hub_options(municipality)}
    today = getattr(ctx, "today", None) or timezone.localdate()
    last_quarter = period_shift(period_of(today), -1)
    start, _end = period_bounds(last_quarter)
    invitees = [ctx.users[u] for u in ("raadslid", "coordinator") if u in ctx.users]
    officer = ctx.users.get("beleid")
    with transaction.atomic():
        past = _visit(
            municipality,
            PAST,
            areas,
            hubs,
            officer,
            date=start + dt.timedelta(days=44),
            time=dt.time(14, 0),
            period=period_shift(last_quarter, -1),
        )
        past.heard, past.decided, past.follow_up = PAST["heard"], PAST["decided"], PAST["follow_up"]
        past.outcome_recorded_at = timezone.now()
        past.save()
        planned = _visit(
            municipality,
            PLANNED,
            areas,
            hubs,
            officer,
            date=today + dt.timedelta(days=23),
            time=dt.time(19, 30),
            period=last_quarter,
        )
        for visit in (past, planned):
            VisitInvitation.objects.bulk_create(
                VisitInvitation(municipality=municipality, visit=visit, user=u) for u in invitees
            )
    return {"work_visits": 2}


def _visit(municipality, spec, areas, hubs, officer, *, date, time, period) -> WorkVisit:
    village = areas.get(spec["village"]) or next(iter(areas.values()))
    hub = hubs.get(village.pk)
    visit = WorkVisit.objects.create(
        municipality=municipality,
        kind=spec["kind"],
        title=spec["title"],
        date=date,
        start_time=time,
        hub_id=hub["public_id"] if hub else None,
        hub_name=hub["name"] if hub else "",
        purpose=spec["purpose"],
        period=period,
        figure_refs=[r.format(code=village.code) for r in FIGURES],
        created_by=officer,
    )
    visit.villages.set([village])
    visit.stories.set(_stories(municipality, period, village))
    return visit


def _stories(municipality, period: str, village) -> list[Story]:
    """The quarter's stories for the council: chosen in the MSC round first, the village's
    before the others; then the village's other stories."""
    chosen = [
        s.story
        for s in Selection.objects.filter(
            round__municipality=municipality,
            round__period=period,
            level__in=[Level.MUNICIPALITY, Level.COUNCIL],
            reason_checked=True,
            story__status=Story.Status.APPROVED,
            story__audience__in=[Audience.COUNCIL, Audience.PUBLIC],
        )
        .select_related("story")
        .order_by("created_at")
    ]
    chosen.sort(key=lambda s: s.area_id != village.pk)
    others = Story.objects.filter(
        municipality=municipality,
        period=period,
        area=village,
        status=Story.Status.APPROVED,
        audience__in=[Audience.COUNCIL, Audience.PUBLIC],
    ).order_by("pk")[:MAX_STORIES]
    picked: list[Story] = []
    for story in [*chosen, *others]:
        if story not in picked:
            picked.append(story)
    return picked[:2]
