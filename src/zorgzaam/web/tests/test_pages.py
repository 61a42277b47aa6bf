import pytest

from zorgzaam.common.testing import login

pytestmark = pytest.mark.django_db


def test_landing_is_public_and_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html  # skip link
    assert "<main" in html and "<footer" in html


def test_english_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "role",
    [
        "resident",
        "volunteer",
        "hub_coordinator",
        "professional",
        "team_lead",
        "policy_officer",
        "administrator",
    ],
)
def test_home_per_role(client, world, role):
    login(client, world.users[role])
    response = client.get("/home/")
    assert response.status_code == 200
    titles = [str(t["title"]) for t in response.context["tasks"]]
    if role == "administrator":
        assert "Auditlog" in titles
    if role in ("professional", "team_lead"):
        assert "Inwoners in mijn gebied" in titles
    if role in ("resident", "volunteer", "policy_officer"):
        assert "Auditlog" not in titles and "Inwoners in mijn gebied" not in titles


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_not_found_is_html_for_people_and_json_for_apis(client):
    page = client.get("/does-not-exist/")
    assert page.status_code == 404
    assert "Pagina niet gevonden" in page.content.decode()
    api = client.get("/hsds/services/not-a-uuid")
    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "Not found."}


def test_forbidden_page_is_explained(client, world):
    login(client, world.users["resident"])
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
