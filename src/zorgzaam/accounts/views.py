"""Login, logout, second factor, own profile, accepting an invitation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.identity.config import local_passwords_allowed

from . import selectors, services
from .forms import InvitationForm, TokenForm
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


def _invitation_invalid(request, exc: ApplicationError):
    # An unknown token is "not found"; a known one that expired, was withdrawn or used is
    # "gone". Both pages say what to do next.
    status = 404 if exc.code == "unknown" else 410
    return render(
        request, "accounts/invitation_invalid.html", {"message": exc.message}, status=status
    )


@public
@never_cache
def invitation(request, token: str):
    """The link of an invitation: choose a password, be logged in, and for a role with access
    to personal data enrol an authenticator before anything else."""
    try:
        invited = selectors.invitation_get(token).user
    except ApplicationError as exc:
        return _invitation_invalid(request, exc)
    if not local_passwords_allowed(invited.municipality.code if invited.municipality else None):
        # The municipality signs in only through its identity provider: no password to choose;
        # the provider's account with this username is linked at the first sign-in.
        return render(request, "accounts/invitation_provider.html", {"invited": invited})
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["password"], request=request
            )
        except ApplicationError as exc:
            if exc.field == "token":
                return _invitation_invalid(request, exc)
            add_form_error(form, exc)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if user.needs_second_factor:
                query = urlencode({"next": reverse("web:home")})
                return redirect(f"{reverse('accounts:otp')}?{query}")
            return redirect("web:home")
    return render(request, "accounts/invitation.html", {"form": form, "invited": invited})
