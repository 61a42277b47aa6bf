"""Issue #15: markup was stored as a phone number, line breaks in activity titles."""

import pytest

from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import phone_clean, single_line

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("good", ["0172 123456", "+31 6 12345678", "(0172) 12-34-56", ""])
def test_phone_numbers_pass(good):
    assert phone_clean(f" {good} ") == good


@pytest.mark.parametrize(
    "bad", ["<script>alert(1)</script>", "<b>0172</b>", "bel mij", "12345", "0172\n123456"]
)
def test_anything_else_is_not_a_phone_number(bad):
    with pytest.raises(ApplicationError, match="telefoonnummer"):
        phone_clean(bad)


def test_a_title_is_one_line():
    assert single_line(" Koffieochtend ", field="title") == "Koffieochtend"
    for bad in ("Koffie\r\nBEGIN:VEVENT", "Koffie\x00", "Koffie\tochtend"):
        with pytest.raises(ApplicationError):
            single_line(bad, field="title")


def test_the_services_refuse_them(world):
    from zorgzaam.help.tests.factories import make_request
    from zorgzaam.socialmap.hubs import activity_propose

    with pytest.raises(ApplicationError, match="telefoonnummer"):
        make_request(world, phone="<a href=//evil.example>bel</a>")
    hub = _hub(world)
    import datetime as dt

    from django.utils import timezone

    with pytest.raises(ApplicationError):
        activity_propose(
            actor=world.users["hub_coordinator"],
            hub=hub,
            data={
                "title": "Koffie\r\nDESCRIPTION:nep",
                "starts_at": timezone.now() + dt.timedelta(days=2),
            },
        )


def _hub(world):
    from zorgzaam.socialmap.models import Hub

    return Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles"
    )
