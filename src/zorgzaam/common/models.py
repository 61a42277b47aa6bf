"""Shared model bases: public UUIDs, timestamps, and tenancy (one municipality per row)."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """Every row has an internal integer key and a public UUID used in URLs and APIs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class MunicipalQuerySet(models.QuerySet):
    def for_municipality(self, municipality) -> MunicipalQuerySet:
        if municipality is None:
            return self.none()
        return self.filter(municipality=municipality)


class MunicipalModel(BaseModel):
    """People-related data: every row belongs to exactly one municipality."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+"
    )

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        abstract = True
