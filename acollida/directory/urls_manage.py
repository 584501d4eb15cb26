"""Directory editing screens (staff): /<lang>/directory/manage/…"""

from django.urls import path

from acollida.directory import views_manage

app_name = "directory_manage"

urlpatterns = [
    path("", views_manage.services, name="services"),
    path("new/", views_manage.service_create, name="service_create"),
    path("missing/", views_manage.missing, name="missing"),
    path("guide/", views_manage.guide, name="guide"),
    path("<uuid:service_id>/", views_manage.service_edit, name="service_edit"),
    path("<uuid:service_id>/verify/", views_manage.service_verify, name="service_verify"),
    path("<uuid:service_id>/hours/", views_manage.service_hours, name="service_hours"),
    path("<uuid:service_id>/places/", views_manage.service_locations, name="service_locations"),
    path("<uuid:service_id>/places/<uuid:location_id>/", views_manage.place_edit, name="place_edit"),
    path("<uuid:service_id>/details/<slug:kind>/", views_manage.service_details, name="service_details"),
    path("<uuid:service_id>/translations/", views_manage.service_translations, name="service_translations"),
    path(
        "<uuid:service_id>/translations/<str:lang>/", views_manage.service_translate, name="service_translate"
    ),
]
