from django.urls import path

from acollida.people import (
    views,
    views_access,
    views_edit,
    views_household,
    views_import,
    views_photo,
    views_review,
)

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("register/", views.register, name="register"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/request-access/", views.access_request, name="access_request"),
    path("<int:person_id>/edit/", views_edit.edit, name="edit"),
    path("<int:person_id>/edit/protection/", views_edit.edit_protection, name="edit_protection"),
    path("<int:person_id>/edit/<str:kind>/add/", views_edit.edit_item_add, name="edit_item_add"),
    path(
        "<int:person_id>/edit/<str:kind>/<int:item_id>/", views_edit.edit_item_change, name="edit_item_change"
    ),
    path(
        "<int:person_id>/edit/<str:kind>/<int:item_id>/remove/",
        views_edit.edit_item_remove,
        name="edit_item_remove",
    ),
    path("<int:person_id>/household/new/", views_household.household_create, name="household_create"),
    path("households/<int:household_id>/", views_household.household_detail, name="household_detail"),
    path(
        "households/<int:household_id>/add/",
        views_household.household_add_member,
        name="household_add_member",
    ),
    path(
        "households/<int:household_id>/members/<int:member_id>/leave/",
        views_household.household_member_leave,
        name="household_member_leave",
    ),
    path("access-requests/", views_access.access_requests, name="access_requests"),
    path(
        "access-requests/<int:request_id>/",
        views_access.access_request_decide,
        name="access_request_decide",
    ),
    path(
        "access-grants/<int:grant_id>/revoke/", views_access.access_grant_revoke, name="access_grant_revoke"
    ),
    path("<int:person_id>/photo/", views_photo.photo, name="photo"),
    path("<int:person_id>/photo/upload/", views_photo.photo_upload, name="photo_upload"),
    path("<int:person_id>/photo/delete/", views_photo.photo_delete, name="photo_delete"),
    path("import/", views_import.upload, name="import_upload"),
    path("import/<int:import_id>/mapping/", views_import.mapping, name="import_mapping"),
    path("import/<int:import_id>/", views_import.preview, name="import_preview"),
    path("import/<int:import_id>/confirm/", views_import.confirm, name="import_confirm"),
    path("duplicates/", views_review.duplicates, name="duplicates"),
    path("duplicates/<int:candidate_id>/", views_review.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:candidate_id>/decide/", views_review.duplicate_decide, name="duplicate_decide"),
    path("merges/", views_review.merges, name="merges"),
    path("merges/<int:merge_id>/undo/", views_review.merge_undo, name="merge_undo"),
]
