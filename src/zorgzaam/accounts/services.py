"""Writes for accounts: users, teams, second-factor devices."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .models import SocialTeam, TeamMembership, User
from .roles import Role


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    municipality,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    if role not in Role.values:
        raise ApplicationError(f"Unknown role {role!r}.", field="role")
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def team_add_member(*, team: SocialTeam, user: User, is_lead: bool = False) -> TeamMembership:
    if user.municipality_id != team.municipality_id:
        raise ApplicationError("A team member must belong to the team's municipality.")
    if user.role not in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        raise ApplicationError("Only professionals and team leads can be team members.")
    membership, _ = TeamMembership.objects.update_or_create(
        team=team, user=user, defaults={"is_lead": is_lead}
    )
    return membership


def totp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed device shown during enrolment (created once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, request=None) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(event="auth.otp_enrolled", actor=user, request=request, target=user)


def totp_qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
