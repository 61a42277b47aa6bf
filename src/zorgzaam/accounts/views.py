"""Login, logout, second factor, own profile."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.services import audit_record

from . import services
from .forms import TokenForm
from .permissions import public, requires

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )
)
logout = requires("home.view")(auth_views.LogoutView.as_view())


def _safe_next(request, default: str = "web:home") -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    from django.urls import reverse

    return reverse(default)


@requires("home.view")
def otp(request):
    """Enter the code of a confirmed device; without one, enrol a new authenticator."""
    user = request.user
    if not user.needs_second_factor or user.is_verified():
        return redirect(_safe_next(request))
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True)
    enrolling = not confirmed.exists()
    device = services.totp_device_pending(user) if enrolling else None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        candidates = [device] if enrolling else list(confirmed)
        matched = next((d for d in candidates if d is not None and d.verify_token(token)), None)
        if matched is not None:
            if enrolling:
                services.totp_device_confirm(user=user, device=matched, request=request)
            otp_login(request, matched)
            audit_record(event="auth.otp_verified", request=request, target=user)
            return redirect(_safe_next(request))
        audit_record(event="auth.otp_failed", request=request, target=user, denied=True)
        form.add_error("token", _("This code is not right. Try the newest code."))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling and device is not None:
        context["qr_svg"] = services.totp_qr_svg(device)
        context["secret"] = services.totp_secret_base32(device)
    return render(request, "accounts/otp.html", context)


@requires("profile.own")
def profile(request):
    return render(request, "accounts/profile.html", {"account": request.user})
