"""Council screens. Staff screens of the council secretary: bodies, seats, members and mandates."""

from django.urls import URLPattern, path

from acollida.council import views_manage as manage

app_name = "council"

urlpatterns: list[URLPattern] = [
    # --- bodies, seats, organisations, members and mandates (the council secretary) ---
    path("manage/", manage.bodies, name="bodies"),
    path("manage/new/", manage.body_create, name="body_create"),
    path("manage/<slug:slug>/", manage.body_detail, name="body_detail"),
    path("manage/<slug:slug>/edit/", manage.body_edit, name="body_edit"),
    path("manage/<slug:slug>/merge/", manage.body_merge, name="body_merge"),
    path("manage/<slug:slug>/dissolve/", manage.body_dissolve, name="body_dissolve"),
    path("manage/<slug:slug>/categories/", manage.category_save, name="category_save"),
    path("manage/<slug:slug>/seats/", manage.seats_add, name="seats_add"),
    path("manage/<slug:slug>/vacancies/", manage.vacancies, name="vacancies"),
    path("manage/<slug:slug>/composition/", manage.composition, name="composition"),
    path("organisations/", manage.organisations, name="organisations"),
    path("organisations/new/", manage.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/edit/", manage.organisation_edit, name="organisation_edit"),
    path("members/", manage.members, name="members"),
    path("members/new/", manage.member_edit, name="member_create"),
    path("members/<int:pk>/", manage.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", manage.member_edit, name="member_edit"),
    path("members/<int:pk>/declarations/", manage.declaration_add, name="declaration_add"),
    path("seats/<int:pk>/mandates/", manage.mandate_assign, name="mandate_assign"),
    path("mandates/<int:pk>/end/", manage.mandate_end, name="mandate_end"),
]
