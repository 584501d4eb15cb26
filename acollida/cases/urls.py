from django.urls import path

from acollida.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.mine, name="mine"),
]
