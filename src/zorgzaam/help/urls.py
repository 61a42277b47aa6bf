from django.urls import path

from . import views, views_messages, views_notify

app_name = "help"
urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/", views.ask_thanks, name="ask_thanks"),
    path("my/", views.my_requests, name="my_requests"),
    path("my/new/", views.my_request_new, name="my_request_new"),
    path("my/<uuid:public_id>/", views.my_request, name="my_request"),
    path("my/<uuid:public_id>/cancel/", views.my_request_cancel, name="my_request_cancel"),
    path("concern/<uuid:public_id>/", views.concern_new, name="concern_new"),
    path("tasks/", views.tasks, name="tasks"),
    path("volunteer/profile/", views.volunteer_profile, name="volunteer_profile"),
    path("volunteer/hours/", views.volunteer_hours, name="volunteer_hours"),
    path("tasks/<uuid:public_id>/", views.task, name="task"),
    path("tasks/<uuid:public_id>/accept/", views.task_accept, name="task_accept"),
    path("tasks/<uuid:public_id>/decline/", views.task_decline, name="task_decline"),
    path("tasks/<uuid:public_id>/done/", views.task_done, name="task_done"),
    path("buddies/<uuid:public_id>/checkin/", views.buddy_checkin, name="buddy_checkin"),
    path("coordinate/", views.coordinate, name="coordinate"),
    path("coordinate/phone/", views.coordinate_phone, name="coordinate_phone"),
    path(
        "coordinate/village/<uuid:public_id>/", views.coordinate_village, name="coordinate_village"
    ),
    path(
        "coordinate/village/<uuid:public_id>/assign/",
        views.coordinate_assign,
        name="coordinate_assign",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/", views.coordinate_request, name="coordinate_request"
    ),
    path(
        "coordinate/requests/<uuid:public_id>/propose/<uuid:volunteer_id>/",
        views.coordinate_propose,
        name="coordinate_propose",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/compare/",
        views.coordinate_compare,
        name="coordinate_compare",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/block/<uuid:volunteer_id>/",
        views.coordinate_block,
        name="coordinate_block",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/plan/", views.coordinate_plan, name="coordinate_plan"
    ),
    path(
        "coordinate/requests/<uuid:public_id>/cancel/",
        views.coordinate_cancel,
        name="coordinate_cancel",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/done/", views.coordinate_done, name="coordinate_done"
    ),
    path(
        "coordinate/requests/<uuid:public_id>/hours/",
        views.coordinate_hours,
        name="coordinate_hours",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/buddy/",
        views.coordinate_buddy_start,
        name="coordinate_buddy_start",
    ),
    path("coordinate/buddies/", views.coordinate_buddies, name="coordinate_buddies"),
    path("coordinate/volunteers/", views.coordinate_volunteers, name="coordinate_volunteers"),
    path(
        "coordinate/volunteers/<uuid:public_id>/",
        views.coordinate_volunteer,
        name="coordinate_volunteer",
    ),
    path(
        "coordinate/buddies/<uuid:public_id>/end/",
        views.coordinate_buddy_end,
        name="coordinate_buddy_end",
    ),
    path("coordinate/concerns/", views.coordinate_concerns, name="coordinate_concerns"),
    path(
        "coordinate/concerns/<uuid:public_id>/handle/",
        views.coordinate_concern_handle,
        name="coordinate_concern_handle",
    ),
    path("on-behalf/", views.on_behalf_people, name="on_behalf_people"),
    path("on-behalf/<uuid:person_id>/", views.on_behalf, name="on_behalf"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:public_id>/read/", views.inbox_read, name="inbox_read"),
    path("coordinate/calls/", views_notify.coordinate_calls, name="coordinate_calls"),
    path(
        "coordinate/calls/<uuid:public_id>/called/",
        views_notify.coordinate_call_done,
        name="coordinate_call_done",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/messages/",
        views_notify.coordinate_request_messages,
        name="coordinate_request_messages",
    ),
    path(
        "coordinate/requests/<uuid:public_id>/contact/",
        views_notify.coordinate_contact_preference,
        name="coordinate_contact_preference",
    ),
    path("unsubscribe/<str:token>/", views_notify.unsubscribe, name="unsubscribe"),
    path(
        "tasks/<uuid:public_id>/messages/",
        views_messages.task_messages_page,
        name="task_messages",
    ),
    path(
        "my/<uuid:public_id>/messages/",
        views_messages.my_request_messages,
        name="my_request_messages",
    ),
    path("my/contact/", views_messages.my_contact, name="my_contact"),
    path(
        "coordinate/requests/<uuid:public_id>/messages/write/",
        views_messages.coordinate_task_message,
        name="coordinate_task_message",
    ),
]
