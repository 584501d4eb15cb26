"""Import of accommodations and units from a spreadsheet: upload, and a row-by-row report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from acollida.core import policy
from acollida.core.models import Organisation
from acollida.core.spreadsheets import CappedMemoryUpload, SpreadsheetError, read_table
from acollida.housing import forms
from acollida.housing.imports import COLUMNS, import_accommodations
from acollida.housing.views import _actor, _chosen


@csrf_exempt
def import_upload(request: HttpRequest) -> HttpResponse:
    handler = CappedMemoryUpload(request)
    request.upload_handlers = [handler]
    return _import_upload(request, handler)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _import_upload(request: HttpRequest, handler: CappedMemoryUpload) -> HttpResponse:
    managed = policy.housing_manager_ids(request.user)
    if not managed:
        raise PermissionDenied
    operators = Organisation.objects.filter(pk__in=managed).order_by("name")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        operator = _chosen(operators, request.POST.get("operator"))
        if handler.too_large:
            form.is_valid()
            form.errors["file"] = form.error_class(
                [_("The file is larger than 5 MB. Split it into smaller files.")]
            )
        elif operator is None:
            form.is_valid()
            form.add_error(None, _("Choose the operating organisation."))
        elif form.is_valid():
            try:
                table = read_table(form.cleaned_data["file"].read())
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                result = import_accommodations(actor=_actor(request), operator=operator, table=table)
                if not result.errors:
                    messages.success(
                        request,
                        _(
                            "Imported %(units)s units with %(places)s places "
                            "(%(accommodations)s new accommodations)."
                        )
                        % {
                            "units": result.units,
                            "places": result.places,
                            "accommodations": result.accommodations,
                        },
                    )
                    return redirect("housing:accommodations")
                report = result.errors
    return render(
        request,
        "housing/import.html",
        {"form": form, "operators": operators, "report": report, "columns": COLUMNS},
    )
