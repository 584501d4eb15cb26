from django.urls import path

from acollida.emergency import views_arrivals, views_operations

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
]
