"""The installable app: manifest, service worker, offline page, and the app controls."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from zorgzaam.common.testing import login

pytestmark = pytest.mark.django_db


def test_manifest_is_a_valid_dutch_app_manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["name"] == "Zorgzaam"
    assert data["lang"] == "nl"
    assert data["start_url"] == "/help/tasks/"
    assert data["display"] == "standalone"
    assert data["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert sizes == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_service_worker_is_served_at_the_root_with_its_config(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    first, _, rest = response.content.decode().partition("\n")
    assert first.startswith("const ZORGZAAM = {")
    config = json.loads(first.removeprefix("const ZORGZAAM = ").removesuffix(";"))
    assert config["offline"] == "/offline/"
    assert "/offline/" in config["precache"]
    assert config["logout"] == "/account/logout/"
    assert config["login"] == "/account/login/"
    assert 'addEventListener("push"' in rest


def test_offline_page_is_public_and_links_my_tasks(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert b"Geen verbinding" in response.content
    assert b'href="/help/tasks/"' in response.content


def test_every_page_links_the_manifest_and_the_app_script_with_the_csp_nonce(client):
    response = client.get("/offline/")
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert f'src="/static/push/pwa.js" nonce="{nonce}"' in html


def test_my_tasks_offers_the_app_controls_and_is_kept_offline(client, world):
    login(client, world.users["volunteer"])
    html = client.get("/help/tasks/").content.decode()
    assert "data-push-controls" in html
    assert '<meta name="zorgzaam-offline" content="keep">' in html
    assert "Pushberichten aanzetten" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_push_keys_command_writes_a_usable_private_key(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from zorgzaam.push.vapid import load_private_key, public_key_b64

    out = StringIO()
    path = tmp_path / "vapid.pem"
    call_command("push", "keys", "--out", str(path), stdout=out)
    pem = path.read_text()
    load_private_key(pem)
    assert path.stat().st_mode & 0o777 == 0o600
    assert public_key_b64(pem) in out.getvalue()
    with pytest.raises(CommandError, match="exists"):
        call_command("push", "keys", "--out", str(path), stdout=StringIO())
