"""Sign-in, two-factor authentication, recovery codes, password change and invitations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from acollida.core import services
from acollida.core.forms import LoginForm, OtpTokenForm
from acollida.core.models import User

RECOVERY_CODES_SESSION_KEY = "acollida_new_recovery_codes"


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)  # cycles the session id
        target = _safe_next(request)
        if user.preferred_language:
            response = redirect(target or _home_in(user.preferred_language))
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite="Lax",
            )
            return response
        return redirect(target or "core:home")
    return render(request, "core/login.html", {"form": form, "next": _safe_next(request) or ""})


def _home_in(language: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse("core:home")


def login_locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown once a username has too many failed attempts, whether or not the account exists."""
    form = LoginForm(request, data=None)
    return render(
        request,
        "core/login.html",
        {
            "form": form,
            "locked_out": True,
            "next": "",
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("core:login")


@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the code, type a code to prove it works, get recovery codes."""
    user: User = request.user  # type: ignore[assignment]
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("core:otp_verify")
    device = services.totp_device_for_setup(user=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once the second factor is passed
            services.session_register(user=user, session_key=request.session.session_key or "")
            request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_generate(user=user)
            return redirect("core:recovery_codes")
        form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
    import segno

    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)
    return render(
        request,
        "core/otp_setup.html",
        {"form": form, "qr_svg": svg, "secret": _grouped_base32(device.bin_key)},
    )


def _grouped_base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect("core:home")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("core:otp_setup")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once the second factor is passed
            services.session_register(user=user, session_key=request.session.session_key or "")
            if device.persistent_id.startswith("otp_static"):
                left = services.recovery_codes_left(user=user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(left)d remains; make new ones from your profile.",
                        "You used a recovery code. %(left)d remain; make new ones from your profile.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_safe_next(request) or "core:home")
        form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
    return render(request, "core/otp_verify.html", {"form": form, "next": _safe_next(request) or ""})


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show freshly made recovery codes once; POST makes a new set (old ones stop working)."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_generate(user=user)
        return redirect("core:recovery_codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "core/recovery_codes.html",
        {"codes": codes, "left": services.recovery_codes_left(user=user)},
    )


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # renews the session key: track the new one
        services.session_register(user=user, session_key=str(request.session.session_key))
        messages.success(request, _("Your password has been changed."))
        return redirect("core:profile")
    return render(request, "core/password_change.html", {"form": form})


@login_not_required
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def password_set(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The invitation link: a new member of staff chooses a password, then signs in."""
    user = None
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "core/password_set.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.sessions_end(user=user)
        messages.success(request, _("Your password is set. Sign in to continue."))
        return redirect("core:login")
    return render(request, "core/password_set.html", {"form": form, "invalid": False})
