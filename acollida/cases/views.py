"""Case screens (being built)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acollida.core import policy
from acollida.core.policy import Perm


def mine(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Perm.VIEW_PERSONS)
    return render(request, "cases/mine.html", {})
