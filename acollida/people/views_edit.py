"""Rectification screens: correct a person's record, their other names, nationalities, languages
and identity documents, and (coordinators) their protection. Removing asks for confirmation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.people import selectors, services_edit
from acollida.people.forms_edit import (
    DocumentForm,
    LanguageForm,
    NationalityForm,
    OtherNameForm,
    PersonEditForm,
    ProtectionForm,
    RemoveForm,
)
from acollida.people.models import IdentityDocument, Nationality, Person, PersonName, SpokenLanguage
from acollida.people.reference import country_name, language_name

PURPOSE = gettext_lazy("rectification")


def form_add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, on the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def person_for_edit(request: HttpRequest, person_id: int) -> Person:
    """The person, if the user may open the record (404 otherwise) and record persons at its holder
    (403 otherwise)."""
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    policy.require(request.user, Perm.EDIT_PERSONS, person.organisation_id)
    return person


def refuse_merged(request: HttpRequest, person: Person) -> HttpResponse | None:
    if person.merged_into_id is None:
        return None
    messages.error(request, services_edit.MERGED_MESSAGE)
    return redirect("people:detail", person_id=person.pk)


def log_read(request: HttpRequest, person: Person, purpose: Promise | str = PURPOSE) -> None:
    audit.read_record(
        request,
        user=request.user,
        record_type="person",
        record_id=person.pk,
        record_organisation_id=person.organisation_id,
        purpose=str(purpose),
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Correct the person's names, dates, contact and vulnerabilities (GDPR right to rectification)."""
    person = person_for_edit(request, person_id)
    if refused := refuse_merged(request, person):
        return refused
    log_read(request, person)
    form = PersonEditForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services_edit.person_update(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                note=form.cleaned_data["note"],
                **form.person_fields(),
            )
        except ValidationError as exc:
            form_add_errors(form, exc)
            person.refresh_from_db()
        else:
            messages.success(request, _("The record is corrected.") if changed else _("Nothing was changed."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/edit.html",
        {
            "person": person,
            "form": form,
            "other_names": person.names.all(),
            "nationalities": [(n, country_name(n.country)) for n in person.nationalities.all()],
            "spoken_languages": [(lang, language_name(lang.language)) for lang in person.languages.all()],
            "documents": person.documents.all(),
            "can_protect": services_edit.person_protection_editable_by(request.user, person),
        },
    )


@require_http_methods(["GET", "POST"])
def edit_protection(request: HttpRequest, person_id: int) -> HttpResponse:
    """Coordinators of the holding organisation protect a person and name who may see them."""
    person = person_for_edit(request, person_id)
    if refused := refuse_merged(request, person):
        return refused
    policy.require(request.user, Perm.COORDINATE, person.organisation_id)
    log_read(request, person)
    form = ProtectionForm(
        request.POST if request.method == "POST" else None,
        candidates=services_edit.protection_staff_candidates(person),
        initial={"is_protected": person.is_protected, "staff": list(person.protected_staff.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_edit.person_protection_set(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                is_protected=form.cleaned_data["is_protected"],
                staff=list(form.cleaned_data["staff"]),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form_add_errors(form, exc)
            person.refresh_from_db()
        else:
            messages.success(request, _("Protection is saved."))
            if selectors.person_get_for_user(user=request.user, person_id=person.pk) is None:
                messages.info(
                    request, _("You are not among the named staff, so you no longer see this person.")
                )
                return redirect("people:search")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/edit_protection.html", {"person": person, "form": form})


# --- Other names, nationalities, languages, documents: one set of screens for the four --------


@dataclass(frozen=True)
class ItemKind:
    """How the screens handle one kind of detail recorded about a person."""

    model: type[Model]
    form: type[forms.Form]
    add_title: Promise
    change_title: Promise
    remove_title: Promise
    initial: Callable[[Any], dict[str, Any]]
    describe: Callable[[Any], str]
    add: Callable[..., Any]
    change: Callable[..., Any]
    remove: Callable[..., Any]


def _name_add(actor: Any, person: Person, data: dict[str, Any]) -> None:
    services_edit.person_name_add(
        actor=actor, person=person, name=data["name"], kind=data["kind"], note=data["note"]
    )


def _name_change(actor: Any, item: PersonName, data: dict[str, Any]) -> None:
    services_edit.person_name_update(
        actor=actor, other_name=item, name=data["name"], kind=data["kind"], note=data["note"]
    )


def _nationality_add(actor: Any, person: Person, data: dict[str, Any]) -> None:
    services_edit.person_nationality_add(
        actor=actor, person=person, country=data["country"], note=data["note"]
    )


def _nationality_change(actor: Any, item: Nationality, data: dict[str, Any]) -> None:
    services_edit.person_nationality_update(
        actor=actor, nationality=item, country=data["country"], note=data["note"]
    )


def _language_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "language": data["language"],
        "level": data["level"],
        "needs_interpreter": data["needs_interpreter"],
        "note": data["note"],
    }


def _language_add(actor: Any, person: Person, data: dict[str, Any]) -> None:
    services_edit.person_language_add(actor=actor, person=person, **_language_fields(data))


def _language_change(actor: Any, item: SpokenLanguage, data: dict[str, Any]) -> None:
    services_edit.person_language_update(actor=actor, spoken_language=item, **_language_fields(data))


def _document_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "number": data["number"],
        "issuing_country": data["issuing_country"],
        "expires_on": data["expires_on"],
        "note": data["note"],
    }


def _document_add(actor: Any, person: Person, data: dict[str, Any]) -> None:
    services_edit.person_document_add(actor=actor, person=person, **_document_fields(data))


def _document_change(actor: Any, item: IdentityDocument, data: dict[str, Any]) -> None:
    services_edit.person_document_correct(actor=actor, document=item, **_document_fields(data))


KINDS: dict[str, ItemKind] = {
    "names": ItemKind(
        model=PersonName,
        form=OtherNameForm,
        add_title=gettext_lazy("Add another name"),
        change_title=gettext_lazy("Correct another name"),
        remove_title=gettext_lazy("Remove another name"),
        initial=lambda item: {"name": item.name, "kind": item.kind},
        describe=lambda item: f"{item.name} ({item.get_kind_display()})",
        add=_name_add,
        change=_name_change,
        remove=lambda actor, item, note: services_edit.person_name_remove(
            actor=actor, other_name=item, note=note
        ),
    ),
    "nationalities": ItemKind(
        model=Nationality,
        form=NationalityForm,
        add_title=gettext_lazy("Add a nationality"),
        change_title=gettext_lazy("Correct a nationality"),
        remove_title=gettext_lazy("Remove a nationality"),
        initial=lambda item: {"country": item.country},
        describe=lambda item: country_name(item.country),
        add=_nationality_add,
        change=_nationality_change,
        remove=lambda actor, item, note: services_edit.person_nationality_remove(
            actor=actor, nationality=item, note=note
        ),
    ),
    "languages": ItemKind(
        model=SpokenLanguage,
        form=LanguageForm,
        add_title=gettext_lazy("Add a language"),
        change_title=gettext_lazy("Correct a language"),
        remove_title=gettext_lazy("Remove a language"),
        initial=lambda item: {
            "language": item.language,
            "level": item.level,
            "needs_interpreter": item.needs_interpreter,
        },
        describe=lambda item: f"{language_name(item.language)} ({item.get_level_display()})",
        add=_language_add,
        change=_language_change,
        remove=lambda actor, item, note: services_edit.person_language_remove(
            actor=actor, spoken_language=item, note=note
        ),
    ),
    "documents": ItemKind(
        model=IdentityDocument,
        form=DocumentForm,
        add_title=gettext_lazy("Add an identity document"),
        change_title=gettext_lazy("Correct an identity document"),
        remove_title=gettext_lazy("Remove an identity document"),
        initial=lambda item: {
            "kind": item.kind,
            "number": item.number,
            "issuing_country": item.issuing_country,
            "expires_on": item.expires_on,
        },
        describe=lambda item: f"{item.get_kind_display()} {item.number}",
        add=_document_add,
        change=_document_change,
        remove=lambda actor, item, note: services_edit.person_document_remove(
            actor=actor, document=item, note=note
        ),
    ),
}


def _kind(kind: str) -> ItemKind:
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    return spec


def _item(spec: ItemKind, person: Person, item_id: int) -> Any:
    item = spec.model._default_manager.filter(person=person, pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _open(request: HttpRequest, person_id: int) -> tuple[Person, HttpResponse | None]:
    person = person_for_edit(request, person_id)
    refused = refuse_merged(request, person)
    if refused is None:
        log_read(request, person)
    return person, refused


@require_http_methods(["GET", "POST"])
def edit_item_add(request: HttpRequest, person_id: int, kind: str) -> HttpResponse:
    spec = _kind(kind)
    person, refused = _open(request, person_id)
    if refused:
        return refused
    form = spec.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.add(request.user, person, form.cleaned_data)
        except ValidationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Added to the record."))
            return redirect("people:edit", person_id=person.pk)
    context = {"person": person, "form": form, "title": spec.add_title}
    return render(request, "people/edit_item.html", context)


@require_http_methods(["GET", "POST"])
def edit_item_change(request: HttpRequest, person_id: int, kind: str, item_id: int) -> HttpResponse:
    spec = _kind(kind)
    person, refused = _open(request, person_id)
    if refused:
        return refused
    item = _item(spec, person, item_id)
    form = spec.form(request.POST if request.method == "POST" else None, initial=spec.initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            spec.change(request.user, item, form.cleaned_data)
        except ValidationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("The record is corrected."))
            return redirect("people:edit", person_id=person.pk)
    context = {"person": person, "form": form, "title": spec.change_title}
    return render(request, "people/edit_item.html", context)


@require_http_methods(["GET", "POST"])
def edit_item_remove(request: HttpRequest, person_id: int, kind: str, item_id: int) -> HttpResponse:
    """Removing asks first; the removal is kept in the change log."""
    spec = _kind(kind)
    person, refused = _open(request, person_id)
    if refused:
        return refused
    item = _item(spec, person, item_id)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        spec.remove(request.user, item, form.cleaned_data["note"])
        messages.success(request, _("Removed from the record."))
        return redirect("people:edit", person_id=person.pk)
    context = {"person": person, "form": form, "title": spec.remove_title, "description": spec.describe(item)}
    return render(request, "people/edit_item_remove.html", context)
