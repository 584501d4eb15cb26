"""Housing screens. Every pattern here has a row in ``tests/core/test_access_matrix.py``."""

from django.urls import path  # noqa: F401

app_name = "housing"

urlpatterns: list = []
