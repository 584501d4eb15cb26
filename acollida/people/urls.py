from django.urls import path

from acollida.people import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("register/", views.register, name="register"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/request-access/", views.access_request, name="access_request"),
]
