"""The vocabulary of the open data: the columns (``FIELDS``), the units, the measure
codes with their labels (``MEASURES``), the licence."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from .. import sources

NO_AREA = "none"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
FIELDS = [
    "period",
    "area_code",
    "area_name",
    "measure_code",
    "measure_label_nl",
    "measure_label_en",
    "value",
    "unit",
    "suppressed",
]
UNITS = ("count", "days", "hours", "euro", "mean", "percent", "score")

# code -> (English label, marked for translation; unit). Section tables use
# "<section>.<column>", figures their own code.
MEASURES: dict[str, tuple[str, str]] = {
    "stories.total": (gettext_noop("published stories"), "count"),
    "help.asked": (gettext_noop("help asked"), "count"),
    "help.matched": (gettext_noop("matched"), "count"),
    "help.done": (gettext_noop("done"), "count"),
    "help.buddies": (gettext_noop("buddy pairs"), "count"),
    "help.volunteers_active": (gettext_noop("volunteers active"), "count"),
    "help.median_days_to_match": (gettext_noop("median days to match"), "days"),
    f"help.{sources.HELP_HOURS}": (gettext_noop("volunteer hours"), "hours"),
    "help.done_with_hours": (gettext_noop("volunteer hours recorded for"), "count"),
    "socialmap.formal": (gettext_noop("formal care"), "count"),
    "socialmap.welfare": (gettext_noop("welfare"), "count"),
    "socialmap.informal": (gettext_noop("informal"), "count"),
    "socialmap.total": (gettext_noop("services, all kinds"), "count"),
    "hubs.hubs": (gettext_noop("community hubs"), "count"),
    "hubs.activities": (gettext_noop("approved activities"), "count"),
    "hub_attendance.activities": (gettext_noop("activities held"), "count"),
    "hub_attendance.sessions": (gettext_noop("sessions"), "count"),
    "hub_attendance.attendance": (gettext_noop("attendance"), "count"),
    "hub_attendance.mean_attendance": (gettext_noop("mean attendance per session"), "mean"),
    "casework.households": (gettext_noop("households supported"), "count"),
    "casework.plans_with_actions": (gettext_noop("plans with an action"), "count"),
    "casework.plans_with_informal": (gettext_noop("of which with an informal action"), "count"),
    "casework.referrals_finished": (gettext_noop("referrals closed"), "count"),
    "informal.plans": (gettext_noop("household plans"), "count"),
    "informal.plans_with_informal": (
        gettext_noop("household plans with an informal action"),
        "count",
    ),
    "work.job_seekers": (gettext_noop("job seekers registered"), "count"),
    "work.jobs_found": (gettext_noop("jobs found"), "count"),
    "work.placements_started": (gettext_noop("placements started"), "count"),
    "work.peer_sessions": (gettext_noop("peer-group sessions"), "count"),
    "work.peer_attendances": (gettext_noop("peer-group attendances"), "count"),
    "work.sroi_contracts": (gettext_noop("social-return contracts"), "count"),
    "work.sroi_owed": (gettext_noop("social return owed (EUR)"), "euro"),
    "work.sroi_expected": (gettext_noop("social return due by now (EUR)"), "euro"),
    "work.sroi_fulfilled": (gettext_noop("social return fulfilled (EUR)"), "euro"),
    "village_contacts.contacts": (gettext_noop("contacts with households"), "count"),
    "village_contacts.in_village": (gettext_noop("held in the village"), "count"),
    "village_contacts.at_hub": (gettext_noop("of which at the community hub"), "count"),
    "village_contacts.share_in_village": (gettext_noop("share held in the village"), "percent"),
    "decisions.requested": (gettext_noop("decisions requested"), "count"),
    "decisions.approved": (gettext_noop("decisions approved"), "count"),
    "decisions.rejected": (gettext_noop("decisions rejected"), "count"),
    "decisions.reviewed": (gettext_noop("decisions reviewed"), "count"),
    "decisions.approved_cost": (gettext_noop("cost approved (EUR)"), "euro"),
    "budget.formal": (gettext_noop("spending on formal provisions"), "euro"),
    "budget.welfare": (gettext_noop("spending on welfare"), "euro"),
    "budget.informal": (gettext_noop("spending on informal support"), "euro"),
}
# Measures whose code has a part that is data (a domain of change, a ZRM domain).
STORIES_DOMAIN = gettext_noop("published stories: %(domain)s")
ZRM = {
    "improved": gettext_noop("ZRM %(domain)s: households improved"),
    "same": gettext_noop("ZRM %(domain)s: households the same"),
    "worse": gettext_noop("ZRM %(domain)s: households worse"),
    "households": gettext_noop("ZRM %(domain)s: households measured twice"),
    "mean_change": gettext_noop("ZRM %(domain)s: mean change"),
}
ZRM_ALL = gettext_noop("all domains")
NO_VILLAGE = gettext_noop("no village")
