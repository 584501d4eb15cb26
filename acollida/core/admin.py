"""The Django admin: for platform admins only, who have passed their second factor.

Organisation admins manage their staff in the product pages; the read log is shown read-only.
"""

from __future__ import annotations

from typing import Any

from auditlog import admin as auditlog_admin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from acollida.core import policy
from acollida.core.models import ApiToken, Membership, Office, Organisation, ReadLog, User
from acollida.core.otp import second_factor_passed


def _platform_admin_only(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    if not second_factor_passed(user):
        return False
    return policy.can(user, policy.Perm.ADMIN_SITE)


def _login_redirect(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login

    if request.user.is_authenticated:
        return redirect("core:home")
    return redirect_to_login(request.get_full_path())


admin.site.has_permission = _platform_admin_only  # type: ignore[method-assign]
admin.site.login = _login_redirect  # type: ignore[method-assign]


class NotForPlatformAdmin:
    """Records the platform admin may not open (policy.py): personal tokens and the audit logs,
    which are the data-protection officer's, are not shown in the admin at all."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(LogEntry)

# A second factor's secret is its owner's alone: not even a platform admin may read it (or its QR
# code) in the admin. Resetting someone's second factor is a product action, not an admin page.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


@admin.register(LogEntry)
class ChangeLogAdmin(NotForPlatformAdmin, auditlog_admin.LogEntryAdmin):  # type: ignore[misc]
    pass


class OfficeInline(admin.TabularInline[Office, Organisation]):
    model = Office
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficeInline]


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    fk_name = "user"
    extra = 0
    exclude = ["created_by"]


@admin.register(User)
class StaffUserAdmin(UserAdmin[User]):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(NotForPlatformAdmin, admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "created_at", "expires_at", "revoked_at"]
    exclude = ["token_hash", "lookup"]


@admin.register(ReadLog)
class ReadLogAdmin(NotForPlatformAdmin, admin.ModelAdmin[ReadLog]):
    list_display = ["at", "user", "organisation", "record_type", "record_id", "channel", "purpose"]
    list_filter = ["channel", "record_type"]
