from django.urls import path

from acollida.core.views import audit, auth, rights, staff, system

app_name = "core"

urlpatterns = [
    path("", system.landing, name="landing"),
    path("accounts/login/", auth.login_view, name="login"),
    path("accounts/logout/", auth.logout_view, name="logout"),
    path("accounts/2fa/setup/", auth.otp_setup, name="otp_setup"),
    path("accounts/2fa/verify/", auth.otp_verify, name="otp_verify"),
    path("accounts/2fa/recovery-codes/", auth.recovery_codes, name="recovery_codes"),
    path("accounts/password/", auth.password_change, name="password_change"),
    path("accounts/set-password/<str:uidb64>/<str:token>/", auth.password_set, name="password_set"),
    path("home/", staff.home, name="home"),
    path("profile/", staff.profile, name="profile"),
    path("profile/tokens/", staff.tokens, name="tokens"),
    path("profile/tokens/<int:token_id>/revoke/", staff.token_revoke, name="token_revoke"),
    path("network/", staff.network, name="network"),
    path("network/<slug:slug>/", staff.organisation_detail, name="organisation_detail"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/invite/", staff.staff_invite, name="staff_invite"),
    path("staff/<int:user_id>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:user_id>/active/", staff.staff_set_active, name="staff_set_active"),
    path("staff/memberships/<int:membership_id>/", staff.membership_update, name="membership_update"),
    path("audit/reads/", audit.read_log, name="audit_reads"),
    path("audit/changes/", audit.change_log, name="audit_changes"),
    path("audit/records/<slug:record_type>/<str:record_id>/", audit.record_history, name="audit_record"),
    path("rights/", rights.index, name="rights_index"),
    path("rights/people/<int:person_id>/", rights.person, name="rights_person"),
    path("rights/people/<int:person_id>/export.json", rights.export_json, name="rights_export_json"),
    path("rights/people/<int:person_id>/export.pdf", rights.export_pdf, name="rights_export_pdf"),
    path("rights/people/<int:person_id>/erase/", rights.erase, name="rights_erase"),
    path("rights/people/<int:person_id>/holds/new/", rights.hold_place, name="legal_hold_place"),
    path("rights/holds/<int:hold_id>/lift/", rights.hold_lift, name="legal_hold_lift"),
]
