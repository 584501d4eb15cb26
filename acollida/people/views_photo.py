"""The person's photo: served to those who may open the record, added and deleted by its editors.

The photo is served only through ``photo``, never as a static file: each request is checked
against the policy and written to the read log, and no browser or proxy may keep a copy.
Uploads are read in memory (never written to a temporary file) and stopped past 5 MB.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.people import selectors, services_photo
from acollida.people.forms_photo import PhotoForm
from acollida.people.models import Person, PersonPhoto
from acollida.people.photos import MAX_UPLOAD_BYTES, too_large_message


class _PhotoUpload(MemoryFileUploadHandler):
    """Keeps the upload in memory and stops it past ``MAX_UPLOAD_BYTES``."""

    too_large = False

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        super().handle_raw_input(*args, **kwargs)
        self.activated = True  # also above FILE_UPLOAD_MAX_MEMORY_SIZE: no temporary file

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > MAX_UPLOAD_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def _person_for(request: HttpRequest, person_id: int) -> Person:
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    return person


def _editable_person_for(request: HttpRequest, person_id: int) -> Person:
    person = _person_for(request, person_id)
    policy.require(request.user, Perm.EDIT_PERSONS, person.organisation_id)
    return person


@require_GET
def photo(request: HttpRequest, person_id: int) -> HttpResponse:
    """The photo itself, as JPEG; each request is a logged read of the person's data."""
    person = _person_for(request, person_id)
    found = PersonPhoto.objects.filter(person=person).first()
    if found is None:
        raise Http404
    audit.read_record(
        request,
        user=request.user,
        record_type="person",
        record_id=person.pk,
        record_organisation_id=person.organisation_id,
        purpose=_("photo"),
    )
    response = HttpResponse(services_photo.photo_jpeg(found), content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@csrf_exempt
def photo_upload(request: HttpRequest, person_id: int) -> HttpResponse:
    """Add or replace the photo. The upload handler is set before anything reads the body, so CSRF
    is checked by ``_photo_upload`` rather than by the middleware."""
    handler = _PhotoUpload(request)
    request.upload_handlers = [handler]
    return _photo_upload(request, person_id, handler)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _photo_upload(request: HttpRequest, person_id: int, handler: _PhotoUpload) -> HttpResponse:
    person = _editable_person_for(request, person_id)
    if person.merged_into_id is not None:
        messages.error(request, _("This record was merged into another one: add the photo to that record."))
        return redirect("people:detail", person_id=person.pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if handler.too_large:
            form.is_valid()
            form.errors["image"] = form.error_class([too_large_message()])
        elif form.is_valid():
            try:
                services_photo.photo_set(
                    actor=request.user,  # type: ignore[arg-type]
                    person=person,
                    data=form.cleaned_data["image"].read(),
                    consent_method=form.cleaned_data["consent_method"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error("image", exc.messages)
            else:
                messages.success(request, _("The photo is saved."))
                return redirect("people:detail", person_id=person.pk)
    panel = services_photo.photo_panel(user=request.user, person=person)
    return render(request, "people/photo_upload.html", {"person": person, "form": form, "photo": panel})


@require_http_methods(["GET", "POST"])
def photo_delete(request: HttpRequest, person_id: int) -> HttpResponse:
    """Delete the photo when the person withdraws consent: a confirmation page, then the deletion."""
    person = _editable_person_for(request, person_id)
    panel = services_photo.photo_panel(user=request.user, person=person)
    if not panel.exists:
        if request.method == "POST":
            messages.info(request, _("There is no photo to delete."))
            return redirect("people:detail", person_id=person.pk)
        raise Http404
    if request.method == "POST":
        services_photo.photo_delete(actor=request.user, person=person)  # type: ignore[arg-type]
        messages.success(request, _("The photo is deleted."))
        return redirect("people:detail", person_id=person.pk)
    return render(request, "people/photo_delete.html", {"person": person, "photo": panel})
