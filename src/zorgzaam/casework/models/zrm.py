"""Reference data: the Zelfredzaamheid-Matrix (ZRM) in versions with their domains, and the
1-5 score."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZrmVersion(models.Model):
    """A published version of the Zelfredzaamheid-Matrix (reference data)."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class ZrmDomain(models.Model):
    version = models.ForeignKey(ZrmVersion, on_delete=models.PROTECT, related_name="domains")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_zrm_domain_code")
        ]

    def __str__(self) -> str:
        return self.name


class ZrmScore(models.IntegerChoices):
    ACUTE = 1, _("1 acute problems")
    NOT_SELF_RELIANT = 2, _("2 not self-reliant")
    LIMITED = 3, _("3 limited self-reliance")
    SUFFICIENT = 4, _("4 sufficiently self-reliant")
    FULL = 5, _("5 fully self-reliant")
