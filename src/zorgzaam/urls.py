"""Root URL configuration. Each mission part owns its URLs under its own prefix and is
included here when its app is installed."""

from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from zorgzaam.accounts.permissions import public

urlpatterns = [
    path("", include("zorgzaam.web.urls")),
    # The installable app: manifest and service worker at the site root (scope "/").
    path("", include("zorgzaam.push.urls")),
    path("account/oidc/", include("zorgzaam.identity.urls")),
    path("account/", include("zorgzaam.accounts.urls")),
    path("audit/", include("zorgzaam.audit.urls")),
    path("people/", include("zorgzaam.people.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("api/schema/", public(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", public(SpectacularRedocView.as_view(url_name="api-schema")), name="api-docs"),
]

# Mission parts: prefix -> app. An app is mounted when installed and it has urls.py.
PART_PREFIXES = {
    "zorgzaam.socialmap": "",
    "zorgzaam.help": "help/",
    "zorgzaam.casework": "cases/",
    "zorgzaam.stories": "stories/",
    "zorgzaam.reports": "report/",
    "zorgzaam.work": "work/",
}
for _app, _prefix in PART_PREFIXES.items():
    if _app in settings.INSTALLED_APPS and find_spec(f"{_app}.urls") is not None:
        urlpatterns.append(path(_prefix, include(f"{_app}.urls")))

# Error pages: HTML for people, JSON for the APIs (/hsds/..., .../api/...).
handler400 = "zorgzaam.web.views.bad_request"
handler403 = "zorgzaam.web.views.forbidden"
handler404 = "zorgzaam.web.views.not_found"
handler500 = "zorgzaam.web.views.server_error"
