"""Housing screens. Every pattern here has a row in ``tests/core/test_access_matrix.py``."""

from django.urls import path

from acollida.housing import views, views_import, views_optimizer

app_name = "housing"

urlpatterns = [
    path("vacancies/", views.vacancies, name="vacancies"),
    path("accommodations/", views.accommodations, name="accommodations"),
    path("accommodations/new/", views.accommodation_edit, name="accommodation_create"),
    path("accommodations/import/", views_import.import_upload, name="import"),
    path("accommodations/<int:pk>/", views.accommodation_detail, name="accommodation_detail"),
    path("accommodations/<int:pk>/edit/", views.accommodation_edit, name="accommodation_edit"),
    path("accommodations/<int:pk>/units/", views.unit_add, name="unit_add"),
    path("units/<int:pk>/places/", views.places_add, name="places_add"),
    path("places/<int:pk>/status/", views.place_status, name="place_status"),
    path("waiting/", views.waiting_list, name="waiting_list"),
    path("waiting/rules/", views.priority_rules, name="priority_rules"),
    path("waiting/from-case/<int:case_pk>/", views.entry_add, name="entry_add"),
    path("waiting/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("waiting/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("waiting/<int:pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("waiting/<int:pk>/reserve/", views.reserve, name="reserve"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/check-in/", views.placement_check_in, name="placement_check_in"),
    path("placements/<int:pk>/check-out/", views.placement_check_out, name="placement_check_out"),
    path("placements/<int:pk>/absence/", views.placement_absence, name="placement_absence"),
    path("placements/<int:pk>/move/", views.placement_move, name="placement_move"),
    path("placements/<int:pk>/cancel/", views.placement_cancel, name="placement_cancel"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export/", views.occupancy_export, name="occupancy_export"),
    # The placement optimizer: coordinators run it and decide on its proposals.
    path("optimizer/", views_optimizer.optimizer, name="optimizer"),
    path("optimizer/run/", views_optimizer.optimizer_run, name="optimizer_run"),
    path("optimizer/<int:run_id>/", views_optimizer.optimizer_detail, name="optimizer_detail"),
    path(
        "optimizer/<int:run_id>/matches/<int:match_id>/decide/",
        views_optimizer.optimizer_decide,
        name="optimizer_decide",
    ),
    path(
        "optimizer/<int:run_id>/matches/<int:match_id>/accept/",
        views_optimizer.optimizer_accept,
        name="optimizer_accept",
    ),
    path(
        "optimizer/<int:run_id>/accept-all/",
        views_optimizer.optimizer_accept_all,
        name="optimizer_accept_all",
    ),
]
