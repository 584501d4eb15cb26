"""Import screens for open cases: upload a spreadsheet, map its columns, read the row-by-row
report, confirm.

Only the person who uploaded an import sees it (anyone else gets a 404), and only while they may
record matters at the organisation that will hold the cases. The uploaded file is read in memory
and never written to disk; its rows are kept encrypted until the import is confirmed or dropped.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from acollida.cases import import_services
from acollida.cases.imports import FIELDS, WHO_FIELDS, WHO_REQUIRED, read_table, suggest_mapping
from acollida.cases.models import Case, CaseImport
from acollida.core import audit, policy
from acollida.core.models import Organisation
from acollida.core.policy import Perm
from acollida.core.spreadsheets import TOO_LARGE, CappedMemoryUpload, ColumnMappingForm, SpreadsheetError

NAV = {"nav_section": "cases"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "An .xlsx file (its first sheet) or a CSV file in UTF-8, up to 5 MB and 5,000 cases, "
            "with the column names in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("The cases will be held by"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


def _editable_organisations(request: HttpRequest) -> Any:
    return Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.EDIT_PERSONS), is_active=True
    )


def _import_for(request: HttpRequest, import_id: int) -> CaseImport:
    found = import_services.case_import_get_for_user(user=request.user, import_id=import_id)
    if found is None:
        raise Http404
    policy.require(request.user, Perm.EDIT_PERSONS, found.organisation_id)
    return found


@csrf_exempt
def upload(request: HttpRequest) -> HttpResponse:
    """Step one: the file and the organisation that will hold the cases."""
    handler = CappedMemoryUpload(request)
    request.upload_handlers = [handler]
    return _upload(request, handler)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _upload(request: HttpRequest, handler: CappedMemoryUpload) -> HttpResponse:
    policy.require(request.user, Perm.EDIT_PERSONS)
    form = UploadForm(
        request.POST or None, request.FILES or None, organisations=_editable_organisations(request)
    )
    if request.method == "POST":
        if handler.too_large:
            form.is_valid()
            form.errors["file"] = form.error_class([str(TOO_LARGE)])
        elif form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                table = read_table(uploaded.read())
            except SpreadsheetError as exc:
                form.add_error("file", str(exc))
            else:
                case_import = import_services.case_import_create(
                    owner=request.user,  # type: ignore[arg-type]
                    organisation=form.cleaned_data["organisation"],
                    file_name=uploaded.name or "",
                    table=table,
                )
                return redirect("cases:import_mapping", import_id=case_import.pk)
    return render(request, "cases/import_upload.html", {"form": form, **NAV})


@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step two: which column holds what, with what the headers say preselected."""
    case_import = _import_for(request, import_id)
    if case_import.status != CaseImport.Status.DRAFT:
        return redirect("cases:import_preview", import_id=case_import.pk)
    table = import_services.import_table(case_import)
    initial = case_import.mapping or suggest_mapping(table.headers)
    form = ColumnMappingForm(
        request.POST or None,
        headers=table.headers,
        fields=FIELDS,
        required=[(WHO_FIELDS, WHO_REQUIRED)],
        initial={name: "" if index is None else str(index) for name, index in initial.items()},
    )
    if request.method == "POST":
        if "cancel" in request.POST:
            import_services.case_import_cancel(case_import=case_import)
            messages.info(request, _("The import is cancelled; the uploaded rows have been deleted."))
            return redirect("cases:import_upload")
        if form.is_valid():
            import_services.case_import_map(case_import=case_import, mapping=form.mapping())
            return redirect("cases:import_preview", import_id=case_import.pk)
    examples = [list(zip(table.headers, cells, strict=True)) for cells in table.rows[:3]]
    return render(
        request,
        "cases/import_mapping.html",
        {"form": form, "case_import": case_import, "headers": table.headers, "examples": examples, **NAV},
    )


def preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step three: every row ready or in error. Nothing is written here. Once imported: the cases."""
    case_import = _import_for(request, import_id)
    if case_import.status == CaseImport.Status.IMPORTED:
        cases = list(
            Case.objects.visible_to(request.user)
            .filter(pk__in=case_import.cases.values("pk"))
            .select_related("person", "responsible")
            .order_by("reference")
        )
        _log_persons(request, [(c.person_id, c.person.organisation_id) for c in cases if c.person])
        return render(request, "cases/import_done.html", {"case_import": case_import, "cases": cases, **NAV})
    if case_import.status != CaseImport.Status.DRAFT:
        raise Http404
    if not case_import.mapping:
        return redirect("cases:import_mapping", import_id=case_import.pk)
    report = import_services.import_report(user=request.user, case_import=case_import)
    return _render_preview(request, case_import, report)


def _log_persons(request: HttpRequest, records: list[tuple[Any, Any]]) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=records,
        purpose=_("import of open cases"),
    )


def _render_preview(
    request: HttpRequest, case_import: CaseImport, report: import_services.Report
) -> HttpResponse:
    _log_persons(
        request,
        [(row.person.pk, row.person.organisation_id) for row in report.rows if row.person is not None],
    )
    return render(
        request,
        "cases/import_preview.html",
        {
            "case_import": case_import,
            "report": report,
            "ready_count": len(report.ready),
            "failed_count": len(report.failed),
            **NAV,
        },
    )


@require_POST
def confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step four: check everything again and open every case, or none."""
    case_import = _import_for(request, import_id)
    if case_import.status == CaseImport.Status.IMPORTED:
        return redirect("cases:import_preview", import_id=case_import.pk)
    if case_import.status != CaseImport.Status.DRAFT or not case_import.mapping:
        raise Http404
    try:
        expected = int(request.POST.get("expected", ""))
    except ValueError:
        expected = -1
    try:
        result = import_services.case_import_confirm(
            actor=request.user,  # type: ignore[arg-type]
            case_import=case_import,
            expected=expected,
        )
    except import_services.AlreadyImported:
        return redirect("cases:import_preview", import_id=case_import.pk)
    if result.changed:
        messages.warning(
            request, _("People or cases changed since the preview. Check the report again before importing.")
        )
    if not result.cases:
        if result.report.errors:
            messages.error(
                request, _("Nothing has been imported: correct the rows below and upload the file again.")
            )
        return _render_preview(request, case_import, result.report)
    count = len(result.cases)
    messages.success(
        request,
        ngettext("%(count)s case has been opened.", "%(count)s cases have been opened.", count)
        % {"count": count},
    )
    return redirect("cases:import_preview", import_id=case_import.pk)
