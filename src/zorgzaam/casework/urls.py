from django.urls import path

from . import api, views, views_practices

app_name = "casework"
H = "<uuid:household_id>/"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("intake/", views.intake, name="intake"),
    path("break-glass/", views.break_glass_review, name="break_glass_review"),
    path(
        "break-glass/<uuid:grant_id>/reviewed/",
        views.break_glass_reviewed,
        name="break_glass_reviewed",
    ),
    path("presence/", views_practices.presence_schedule, name="presence"),
    path("presence/add/", views_practices.presence_add, name="presence_add"),
    path(
        "presence/<uuid:slot_id>/remove/",
        views_practices.presence_remove,
        name="presence_remove",
    ),
    path("decisions/", views_practices.decision_overview, name="decisions"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("api/households/", api.HouseholdListAPI.as_view(), name="api_households"),
    path(
        "api/households/<uuid:household_id>/",
        api.HouseholdDetailAPI.as_view(),
        name="api_household",
    ),
    path("api/referrals/", api.ReferralListAPI.as_view(), name="api_referrals"),
    path("api/referrals/<uuid:referral_id>/", api.ReferralDetailAPI.as_view(), name="api_referral"),
    path(H, views.household_detail, name="detail"),
    path(H + "break-glass/", views.break_glass, name="break_glass"),
    path(H + "members/add/", views.member_form, name="member_add"),
    path(H + "members/<uuid:member_id>/edit/", views.member_form, name="member_edit"),
    path(H + "members/<uuid:member_id>/bsn/", views.bsn_reveal, name="bsn_reveal"),
    path(H + "members/<uuid:member_id>/export/", views.export_person, name="export"),
    path(H + "notes/", views.note_add, name="note_add"),
    path(H + "consent/", views.consent_add, name="consent_add"),
    path(
        H + "consent/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(H + "network/", views.network_add, name="network_add"),
    path(H + "assign/", views.household_assign, name="assign"),
    path(H + "urgency/", views.urgency_add, name="urgency_add"),
    path(
        H + "urgency/<uuid:urgency_id>/decision/",
        views.urgency_decide,
        name="urgency_decide",
    ),
    path(H + "close/", views.household_close, name="close"),
    path(H + "plan/", views.plan, name="plan"),
    path(H + "plan/goals/new/", views.goal_new, name="goal_new"),
    path(H + "plan/goals/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path(H + "plan/goals/<uuid:goal_id>/link/", views.goal_link, name="goal_link"),
    path(H + "plan/goals/<uuid:goal_id>/formal/", views.action_formal, name="action_formal"),
    path(H + "actions/<uuid:action_id>/status/", views.action_status, name="action_status"),
    path(H + "actions/<uuid:action_id>/refer/", views.refer, name="refer"),
    path(H + "measure/", views.measure, name="measure"),
    path(H + "contacts/", views_practices.contacts, name="contacts"),
    path(H + "contacts/add/", views_practices.contact_add, name="contact_add"),
    path(H + "decisions/", views_practices.household_decisions, name="household_decisions"),
    path(H + "decisions/add/", views_practices.decision_add, name="decision_add"),
    path(
        H + "decisions/<uuid:decision_id>/decide/",
        views_practices.decision_decide,
        name="decision_decide",
    ),
    path(
        H + "decisions/<uuid:decision_id>/review/",
        views_practices.decision_review,
        name="decision_review",
    ),
]
