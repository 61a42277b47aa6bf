"""The default domains of change (#16: selectors never write): written when a municipality is
created or after migrate, never by reading them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.stories import services, signals
from zorgzaam.stories.models import DEFAULT_DOMAINS, Domain
from zorgzaam.stories.selectors import domains_for

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_a_new_municipality_has_the_default_domains():
    municipality = MunicipalityFactory.create(code="GM8901", name="Nieuwdorp")
    assert [d.slug for d in domains_for(municipality)] == [s for s, _ in DEFAULT_DOMAINS]


def test_reading_the_domains_never_writes(world):
    Domain.objects.filter(municipality=world.municipality).delete()
    with CaptureQueriesContext(connection) as queries:
        assert list(domains_for(world.municipality)) == []
        assert list(domains_for(None)) == []
    assert queries.captured_queries
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert written == []
    assert not Domain.objects.filter(municipality=world.municipality).exists()


def test_after_migrate_a_municipality_without_domains_gets_the_defaults(world):
    Domain.objects.filter(municipality=world.municipality).delete()
    own = Domain.objects.create(municipality=world.other_municipality, slug="eigen", name="Eigen")
    before = set(Domain.objects.filter(municipality=world.other_municipality))
    signals.defaults_after_migrate(sender=None)
    assert domains_for(world.municipality).count() == len(DEFAULT_DOMAINS)
    # A municipality that has domains keeps exactly those.
    assert set(Domain.objects.filter(municipality=world.other_municipality)) == before
    assert own in before
    assert services.domains_ensure_defaults(world.municipality) == 0
