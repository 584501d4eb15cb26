"""The data-protection officer's pages: the read log, the change log and one record's history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acollida.core import policy, selectors
from acollida.core.forms import ReadLogFilterForm
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page


def _filters(request: HttpRequest) -> tuple[ReadLogFilterForm, dict[str, Any]]:
    form = ReadLogFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "username": form.cleaned_data["user"],
            "record_type": form.cleaned_data["record_type"],
            "record_id": form.cleaned_data["record_id"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    return form, filters


def read_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Perm.VIEW_AUDIT)
    form, filters = _filters(request)
    page = paginate(request, selectors.read_log_list(user=request.user, **filters), per_page=50)
    return render(
        request, "core/audit_reads.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


def change_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Perm.VIEW_AUDIT)
    form, filters = _filters(request)
    page = paginate(request, selectors.change_log_list(user=request.user, **filters), per_page=50)
    return render(
        request, "core/audit_changes.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


def record_history(request: HttpRequest, record_type: str, record_id: str) -> HttpResponse:
    """Who viewed and who changed one record, newest first."""
    policy.require(request.user, Perm.VIEW_AUDIT)
    reads = selectors.read_log_list(user=request.user, record_type=record_type, record_id=record_id)
    model_name = {"staff": "user"}.get(record_type, record_type)
    changes = selectors.change_log_list(user=request.user, record_type=model_name, record_id=record_id)
    return render(
        request,
        "core/audit_record.html",
        {
            "record_type": record_type,
            "record_id": record_id,
            "reads": paginate(request, reads, per_page=50),
            "changes": changes[:200],
        },
    )
