"""Staff pages: home, profile, API tokens, the network directory and staff management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import audit, policy, selectors, services
from acollida.core.forms import (
    InviteForm,
    NetworkFilterForm,
    ProfileForm,
    RoleForm,
    StaffFilterForm,
    TokenForm,
)
from acollida.core.models import ApiToken, Membership, Organisation, User
from acollida.core.policy import PERM_DESCRIPTIONS, Perm
from acollida.core.views.common import paginate, query_without_page


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    policy.require(user, Perm.USE_APP)
    perms = policy.permissions_of(user)
    abilities = [PERM_DESCRIPTIONS[perm] for perm in Perm if perm in perms]
    return render(
        request,
        "core/home.html",
        {"memberships": policy.memberships_of(user), "abilities": abilities, "perms": perms},
    )


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, initial={"preferred_language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        services.user_set_language(user=user, language=form.cleaned_data["preferred_language"])
        messages.success(request, _("Your preferences are saved."))
        from django.utils import translation

        with translation.override(user.preferred_language):
            return redirect(reverse("core:profile"))
    return render(
        request,
        "core/profile.html",
        {
            "form": form,
            "memberships": policy.memberships_of(user),
            "recovery_left": services.recovery_codes_left(user=user),
        },
    )


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    policy.require(user, Perm.USE_API)
    orgs = Organisation.objects.filter(pk__in=policy.organisation_ids_with(user, Perm.USE_API))
    form = TokenForm(request.POST or None, organisations=orgs)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.token_create(
                user=user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                organisation_ids=[o.pk for o in form.cleaned_data["organisations"]],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = TokenForm(organisations=orgs)
    items = ApiToken.objects.visible_to(user).prefetch_related("organisations")
    return render(request, "core/tokens.html", {"form": form, "tokens": items, "new_secret": new_secret})


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken.objects.visible_to(user), pk=token_id)
    services.token_revoke(user=user, token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("core:tokens")


def network(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    policy.require(user, Perm.VIEW_NETWORK)
    form = NetworkFilterForm(request.GET or None)
    q = kind = ""
    if form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = paginate(request, selectors.organisation_list(user=user, q=q, kind=kind))
    return render(
        request, "core/network.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    organisation = selectors.organisation_get(user=user, slug=slug)
    if organisation is None:
        raise Http404
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "offices": organisation.offices.all(),
            "sections": organisation.children.filter(is_active=True),
            "can_manage_staff": policy.can(user, Perm.MANAGE_STAFF, organisation),
        },
    )


def staff_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    policy.require(user, Perm.MANAGE_STAFF)
    form = StaffFilterForm(request.GET or None)
    filters = {"q": "", "role": "", "status": "", "sort": ""}
    if form.is_valid():
        filters = {key: form.cleaned_data[key] for key in filters}
    page = paginate(request, selectors.membership_list(user=user, **filters))
    audit.read_records(
        request,
        user=user,
        record_type="staff",
        records=[(m.user_id, m.organisation_id) for m in page.object_list],
        purpose=_("staff administration"),
        perm=Perm.MANAGE_STAFF,
    )
    return render(
        request, "core/staff_list.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    policy.require(user, Perm.MANAGE_STAFF)
    orgs = Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(user, Perm.MANAGE_STAFF), is_active=True
    )
    form = InviteForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited, _membership, created = services.staff_invite(
                actor=user,
                organisation=data["organisation"],
                role=data["role"],
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            link = None
            if created:
                link = request.build_absolute_uri(
                    reverse(
                        "core:password_set",
                        args=[
                            urlsafe_base64_encode(force_bytes(invited.pk)),
                            default_token_generator.make_token(invited),
                        ],
                    )
                )
            return render(request, "core/staff_invited.html", {"invited": invited, "link": link})
    return render(request, "core/staff_invite.html", {"form": form})


def _staff_or_404(request: HttpRequest, user_id: int) -> User:
    staff = selectors.staff_get(user=_user(request), user_id=user_id)
    if staff is None:
        raise Http404
    return staff


def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user(request)
    staff = _staff_or_404(request, user_id)
    audit.read_record(
        request,
        user=user,
        record_type="staff",
        record_id=staff.pk,
        record_organisation_id=selectors.staff_holding_organisation_id(user=user, staff=staff),
        purpose=_("staff administration"),
        perm=Perm.MANAGE_STAFF,
    )
    memberships = selectors.staff_memberships(user=user, staff=staff)
    return render(
        request,
        "core/staff_detail.html",
        {"staff": staff, "memberships": memberships, "role_form": RoleForm()},
    )


@require_POST
def membership_update(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Change a role, or deactivate/reactivate one membership (the form names the action)."""
    user = _user(request)
    membership = get_object_or_404(Membership.objects.visible_to(user), pk=membership_id)
    if not policy.can(user, Perm.MANAGE_STAFF, membership.organisation_id):
        raise PermissionDenied
    action = request.POST.get("action", "")
    try:
        if action == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"role": _("Choose a valid role.")})
            services.membership_set_role(actor=user, membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("The role has been changed."))
        elif action in {"deactivate", "activate"}:
            services.membership_set_active(actor=user, membership=membership, active=action == "activate")
            messages.success(request, _("The membership has been updated."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    return redirect("core:staff_detail", user_id=membership.user_id)


@require_http_methods(["GET", "POST"])
def staff_set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate an account (with a confirmation page) or reactivate it."""
    user = _user(request)
    staff = _staff_or_404(request, user_id)
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        try:
            services.user_set_active(actor=user, user=staff, active=active)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(
                request,
                _("The account is active again.")
                if active
                else _("The account is deactivated and signed out."),
            )
        return redirect("core:staff_detail", user_id=staff.pk)
    return render(request, "core/staff_deactivate.html", {"staff": staff})
