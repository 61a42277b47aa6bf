"""Links between accounts and identity providers, and the provider's second factor as a
django-otp device."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from zorgzaam.common.fields import BlindIndexField, EncryptedTextField
from zorgzaam.common.models import BaseModel, MunicipalModel


class ProviderIdentity(BaseModel):
    """A staff account as the provider knows it: the provider's ``sub`` for the account, so a
    renamed username at the provider still finds the same account (and a new person who is
    given an old username does not)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_identities"
    )
    provider = models.CharField(_("provider"), max_length=60)
    subject = models.CharField(_("subject at the provider"), max_length=255)

    class Meta:
        verbose_name = _("identity at a provider")
        verbose_name_plural = _("identities at providers")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="unique_provider_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.user_id}"


class ProviderAssertedDevice(Device):
    """The second factor an identity provider asserted (``acr``/``amr`` configured as strong).

    It takes no codes: it is put in the session by ``otp_login`` right after such a sign-in,
    so django-otp's ``user.is_verified()`` — and with it ``permissions.second_factor_ok`` —
    holds for that session only, exactly as after a TOTP code."""

    provider = models.CharField(_("provider"), max_length=60)

    class Meta:
        verbose_name = _("second factor at the identity provider")
        verbose_name_plural = _("second factors at identity providers")

    def verify_token(self, token) -> bool:
        return False


def citizen_identifier_index(value: str) -> str:
    """The blind index of a BSN or KvK number (keyed with the newest key)."""
    from zorgzaam.common.fields import blind_index

    return blind_index("identity.citizen:" + value)


class CitizenIdentity(MunicipalModel):
    """A resident (DigiD: BSN) or an organisation's representative (eHerkenning: KvK number)
    who signs in through a broker. The number is stored only encrypted, with a blind index
    for the lookup at sign-in; it is never logged or put in the audit log."""

    class Kind(models.TextChoices):
        DIGID = "digid", "DigiD"
        EHERKENNING = "eherkenning", "eHerkenning"

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    identifier = EncryptedTextField(_("BSN or KvK number (encrypted)"))
    identifier_index = BlindIndexField(
        source="identifier", index=citizen_identifier_index, db_index=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_identity"
    )
    level = models.CharField(_("last level of assurance"), max_length=12, blank=True)
    consented_at = models.DateTimeField(_("consent given"))

    class Meta:
        verbose_name = _("DigiD or eHerkenning identity")
        verbose_name_plural = _("DigiD and eHerkenning identities")

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"
