from django.urls import path

from acollida.emergency import (
    views_arrivals,
    views_operations,
    views_placement,
    views_rota,
    views_volunteers,
)

app_name = "emergency"

urlpatterns = [
    path("", views_operations.operations, name="operations"),
    path("operations/declare/", views_operations.operation_edit, name="operation_declare"),
    path("operations/<slug:slug>/", views_operations.board, name="board"),
    path("operations/<slug:slug>/edit/", views_operations.operation_edit, name="operation_edit"),
    path("operations/<slug:slug>/close/", views_operations.operation_close, name="operation_close"),
    path("operations/<slug:slug>/sites/add/", views_operations.site_add, name="site_add"),
    path("operations/<slug:slug>/register/", views_arrivals.register, name="register"),
    path("operations/<slug:slug>/arrivals/", views_arrivals.arrivals, name="arrivals"),
    path("operations/<slug:slug>/import/", views_arrivals.manifest_import, name="import_manifest"),
    path("arrivals/<int:pk>/triage/", views_arrivals.triage, name="arrival_triage"),
    path("arrivals/<int:pk>/convert/", views_arrivals.convert, name="arrival_convert"),
    # Volunteers, interpreters and the shift rota
    path("volunteer/", views_volunteers.volunteer_register, name="volunteer_register"),
    path("volunteer/thanks/", views_volunteers.volunteer_registered, name="volunteer_registered"),
    path("volunteers/", views_volunteers.volunteers, name="volunteers"),
    path("volunteers/<int:pk>/", views_volunteers.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:pk>/<str:decision>/", views_volunteers.volunteer_decide, name="volunteer_decide"),
    path("operations/<slug:slug>/rota/", views_rota.rota_view, name="rota"),
    path("operations/<slug:slug>/rota/plan/", views_rota.rota_plan, name="rota_plan"),
    path("operations/<slug:slug>/rota/add/", views_rota.rota_add, name="rota_add"),
    path("operations/<slug:slug>/rota/remove/", views_rota.rota_remove, name="rota_remove"),
    path("operations/<slug:slug>/rota/confirm/", views_rota.rota_confirm, name="rota_confirm"),
    path("operations/<slug:slug>/rota/shifts/add/", views_rota.shift_create, name="shift_create"),
    path("my-shifts/", views_rota.my_shifts, name="my_shifts"),
    path("assignments/<int:pk>/check/<str:action>/", views_rota.shift_check, name="shift_check"),
    # Emergency places
    path("operations/<slug:slug>/placement/", views_placement.placement, name="placement"),
    path(
        "operations/<slug:slug>/placement/accept/", views_placement.placement_accept, name="placement_accept"
    ),
]
