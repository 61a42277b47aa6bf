import pytest

from zorgzaam.accounts.models import User
from zorgzaam.accounts.roles import Role
from zorgzaam.common.demo import DEMO_PASSWORD, demo_generate, demo_logins_text
from zorgzaam.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_has_every_role_villages_and_fictional_people():
    ctx = demo_generate(seed=7, residents=120, volunteers=60)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert ctx.municipality.areas.count() == 7
    people = Person.objects.filter(municipality=ctx.municipality)
    assert people.count() == 180
    assert all(p.email.endswith("@example.nl") for p in people)
    villages = set(people.values_list("area__name", flat=True))
    assert "Waarder" in villages and "Reeuwijk-Brug" in villages
    # The volunteer cluster: a hamlet with an unusual share of volunteers.
    waarder = sum(1 for p in ctx.volunteer_people if p.area.name == "Waarder")
    assert waarder >= 30
    assert "TOTP key" in demo_logins_text(7)
    for user in User.objects.all():  # every demo login takes the published password
        assert user.check_password(DEMO_PASSWORD), user.username


def test_demo_is_deterministic_with_a_seed(settings):
    settings.ZORGZAAM_PART_APPS = []  # the foundation's people only, so they can be removed
    first = demo_generate(seed=3, residents=30, volunteers=10)
    names_first = [p.full_name for p in first.residents]
    Person.objects.all().delete()
    second = demo_generate(seed=3, residents=30, volunteers=10)
    assert [p.full_name for p in second.residents] == names_first


def test_bad_size_is_refused():
    with pytest.raises(ValueError, match="Unknown size"):
        demo_generate(size="huge")
