"""Council staff screens (the council secretary manages bodies, seats, members and mandates)."""

from django.urls import URLPattern

app_name = "council"

urlpatterns: list[URLPattern] = []
