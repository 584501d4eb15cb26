"""Import screens: upload a spreadsheet, map its columns, read the row-by-row report, confirm.

Only the person who uploaded an import sees it (anyone else gets a 404), and only while they may
register people at the organisation it is for. The uploaded file is read in memory and never
written to disk; its rows are kept encrypted until the import is confirmed or dropped.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import audit, policy
from acollida.core.models import Organisation
from acollida.core.policy import Perm
from acollida.core.spreadsheets import CappedMemoryUpload, ColumnMappingForm
from acollida.people import import_services
from acollida.people.imports import FIELDS, NAME_FIELDS, ImportFileError, read_table, suggest_mapping
from acollida.people.models import PersonImport


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "An .xlsx file (its first sheet) or a CSV file in UTF-8, up to 5 MB and 5,000 people, "
            "with the column names in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("The people will be held by"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


def mapping_form(*args: Any, headers: list[str], **kwargs: Any) -> ColumnMappingForm:
    return ColumnMappingForm(
        *args,
        headers=headers,
        fields=FIELDS,
        required=[(NAME_FIELDS, gettext_lazy("Choose the column with the people's names."))],
        **kwargs,
    )


def _editable_organisations(request: HttpRequest) -> Any:
    return Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.EDIT_PERSONS), is_active=True
    )


def _import_for(request: HttpRequest, import_id: int) -> PersonImport:
    found = import_services.person_import_get_for_user(user=request.user, import_id=import_id)
    if found is None:
        raise Http404
    policy.require(request.user, Perm.EDIT_PERSONS, found.organisation_id)
    return found


@csrf_exempt
def upload(request: HttpRequest) -> HttpResponse:
    """Step one: the file and the organisation that will hold the people."""
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
            form.errors["file"] = form.error_class(
                [_("The file is larger than 5 MB. Split it into smaller files.")]
            )
        elif form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                table = read_table(uploaded.read())
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                person_import = import_services.person_import_create(
                    owner=request.user,  # type: ignore[arg-type]
                    organisation=form.cleaned_data["organisation"],
                    file_name=uploaded.name or "",
                    table=table,
                )
                return redirect("people:import_mapping", import_id=person_import.pk)
    return render(request, "people/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step two: which column holds what, with what the headers say preselected."""
    person_import = _import_for(request, import_id)
    if person_import.status != PersonImport.Status.DRAFT:
        return redirect("people:import_preview", import_id=person_import.pk)
    table = import_services.import_table(person_import)
    initial = person_import.mapping or suggest_mapping(table.headers)
    form = mapping_form(
        request.POST or None,
        headers=table.headers,
        initial={name: "" if index is None else str(index) for name, index in initial.items()},
    )
    if request.method == "POST":
        if "cancel" in request.POST:
            import_services.person_import_cancel(person_import=person_import)
            messages.info(request, _("The import is cancelled; the uploaded rows have been deleted."))
            return redirect("people:import_upload")
        if form.is_valid():
            import_services.person_import_map(person_import=person_import, mapping=form.mapping())
            return redirect("people:import_preview", import_id=person_import.pk)
    examples = [list(zip(table.headers, cells, strict=True)) for cells in table.rows[:3]]
    return render(
        request,
        "people/import_mapping.html",
        {"form": form, "person_import": person_import, "headers": table.headers, "examples": examples},
    )


def preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step three: every row OK, in error, or a possible duplicate. Nothing is written here."""
    person_import = _import_for(request, import_id)
    if person_import.status == PersonImport.Status.IMPORTED:
        persons = person_import.persons.all()
        return render(
            request, "people/import_done.html", {"person_import": person_import, "persons": persons}
        )
    if person_import.status != PersonImport.Status.DRAFT:
        raise Http404
    if not person_import.mapping:
        return redirect("people:import_mapping", import_id=person_import.pk)
    report = import_services.import_report(user=request.user, person_import=person_import)
    return _render_preview(request, person_import, report)


def _render_preview(
    request: HttpRequest,
    person_import: PersonImport,
    report: import_services.Report,
    *,
    chosen: set[int] | None = None,
    reason: str = "",
    reason_error: str = "",
    status: int = 200,
) -> HttpResponse:
    visible = [(c.person.pk, c.person.organisation_id) for c in report.duplicates.values() if c.visible]
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=visible,
        purpose=_("duplicate check of an import"),
    )
    rows = [
        {
            "row": row,
            "duplicate": report.duplicates.get(row.number),
            "chosen": row.number in (chosen or set()),
        }
        for row in report.rows
    ]
    return render(
        request,
        "people/import_preview.html",
        {
            "person_import": person_import,
            "rows": rows,
            "report": report,
            "ready_count": len(report.ready),
            "failed_count": len(report.failed),
            "duplicate_count": len(report.duplicates),
            "reason": reason,
            "reason_error": reason_error,
        },
        status=status,
    )


@require_POST
def confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    """Step four: check everything again and import all the rows, or none."""
    person_import = _import_for(request, import_id)
    if person_import.status == PersonImport.Status.IMPORTED:
        return redirect("people:import_preview", import_id=person_import.pk)
    if person_import.status != PersonImport.Status.DRAFT or not person_import.mapping:
        raise Http404
    chosen = {int(value) for value in request.POST.getlist("import_anyway") if value.isdigit()}
    reason = request.POST.get("reason", "")[:500]
    try:
        expected = int(request.POST.get("expected", ""))
    except ValueError:
        expected = -1
    try:
        result = import_services.person_import_confirm(
            actor=request.user,  # type: ignore[arg-type]
            person_import=person_import,
            chosen=chosen,
            reason=reason,
            expected=expected,
        )
    except import_services.AlreadyImported:
        return redirect("people:import_preview", import_id=person_import.pk)
    except ValidationError as exc:
        report = import_services.import_report(user=request.user, person_import=person_import)
        return _render_preview(
            request, person_import, report, chosen=chosen, reason=reason, reason_error=" ".join(exc.messages)
        )
    if result.changed:
        messages.warning(
            request, _("The registry changed since the preview. Check the report again before importing.")
        )
    if not result.persons:
        if result.report.errors:
            messages.error(
                request, _("Nothing has been imported: correct the rows below and upload the file again.")
            )
        return _render_preview(request, person_import, result.report, chosen=chosen, reason=reason)
    count = len(result.persons)
    messages.success(
        request,
        ngettext("%(count)s person has been imported.", "%(count)s people have been imported.", count)
        % {"count": count},
    )
    return redirect("people:import_preview", import_id=person_import.pk)
