"""Issue #15: person pages came without ``Cache-Control: no-store`` (a browser or proxy could
keep a copy of a resident's file)."""

import pytest

from zorgzaam.accounts.roles import ROLE_CAPABILITIES
from zorgzaam.common.testing import login
from zorgzaam.common.urlwalk import routes

pytestmark = pytest.mark.django_db


def test_every_person_level_url_answers_no_store(client, world):
    person_level = [r for r in routes() if r.access is not None and r.access.person_level]
    assert person_level
    for route in person_level:
        role = next(r for r, caps in ROLE_CAPABILITIES.items() if route.access.capability in caps)
        login(client, world.users[role])
        response = client.get(route.sample_url())
        assert "no-store" in response.get("Cache-Control", ""), (route.pattern, role)


def test_a_person_page_is_not_stored_and_the_public_map_may_be(client, world):
    login(client, world.users["professional"])
    page = client.get(f"/people/{world.person_a.public_id}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    client.logout()
    public = client.get("/")
    assert "no-store" not in public.get("Cache-Control", "")
