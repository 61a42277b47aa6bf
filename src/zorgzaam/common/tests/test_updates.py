"""common.updates.model_update (#16): only changed fields are set, cleaned and written, and
their names come back for the audit line."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgzaam.common.updates import changed_fields, model_update
from zorgzaam.tenancy.models import Area

pytestmark = pytest.mark.django_db


def test_only_the_changed_fields_are_set_saved_and_named(world):
    area = Area.objects.get(pk=world.village_a.pk)
    before = area.updated_at
    data = {"name": area.name, "latitude": 53.1, "kind": area.kind}
    with CaptureQueriesContext(connection) as queries:
        changed = model_update(area, data, ("name", "latitude", "kind"))
    assert changed == ["latitude"]
    (update,) = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert '"latitude"' in update and '"updated_at"' in update and '"name"' not in update
    area.refresh_from_db()
    assert area.latitude == 53.1 and area.updated_at > before


def test_nothing_changed_writes_nothing(world):
    area = Area.objects.get(pk=world.village_a.pk)
    with CaptureQueriesContext(connection) as queries:
        assert model_update(area, {"name": area.name}) == []
    assert queries.captured_queries == []


def test_a_foreign_key_compares_by_id(world):
    area = Area.objects.get(pk=world.village_a.pk)
    assert changed_fields(area, {"municipality": world.municipality}) == []
    assert changed_fields(area, {"municipality": world.other_municipality}) == ["municipality"]
    assert model_update(area, {"municipality": world.other_municipality}, save=False) == [
        "municipality"
    ]
    assert area.municipality_id == world.other_municipality.pk
    area.refresh_from_db()
    assert area.municipality_id == world.municipality.pk  # save=False wrote nothing


def test_unknown_fields_and_invalid_values_are_refused(world):
    area = Area.objects.get(pk=world.village_a.pk)
    with pytest.raises(ValueError, match="code"):
        model_update(area, {"code": "WK1"}, ("name",))
    with pytest.raises(ValidationError):
        model_update(area, {"kind": "castle"})
    area.refresh_from_db()
    assert area.kind == Area.Kind.VILLAGE

    seen = []
    assert model_update(area, {"name": "Zuiddorp"}, clean=seen.append) == ["name"]
    assert seen == [area]
