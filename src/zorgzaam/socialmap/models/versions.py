"""Version history of social-map items: who changed what when. Values live here (the audit
log holds only field names); only hub coordinators and administrators read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import MunicipalModel


class ItemVersion(MunicipalModel):
    table = models.CharField(max_length=40)
    item_id = models.UUIDField(db_index=True)
    number = models.PositiveIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, default="form")  # form, import, demo
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("version")
        ordering = ["item_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item_id", "number"], name="socialmap_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.item_id} v{self.number}"
