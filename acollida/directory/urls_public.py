"""The public directory (no account needed: every view is ``@login_not_required``)."""

from django.urls import path

from acollida.directory import views_public as views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("services/<uuid:service_id>/", views.service, name="service"),
    path("services/<uuid:service_id>/sheet/", views.service_sheet, name="service_sheet"),
    path("services/<uuid:service_id>/request/", views.appointment_request, name="request"),
    path("services/<uuid:service_id>/request/sent/", views.request_sent, name="request_sent"),
    path("emergency/", views.emergency, name="emergency"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
