"""NUL characters in query parameters get 400 (JSON on the APIs), never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/hsds/service_at_locations?municipality=%00GM",
        "/hsds/services?modified_after=9%00.&taxonomy_id=x",
        "/hsds/organizations?m%00=1",
        "/map/?q=koffie%00",
    ],
)
def test_nul_in_query_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/hsds/"):
        assert response.json() == {"detail": "Bad request."}


def test_percent_zero_zero_as_text_is_fine(client):
    # "%2500" is the text "%00", not a NUL character
    assert client.get("/hsds/services?search=%2500").status_code == 200
