"""The HSDS 3.1 read API at ``/api/hsds/``: open data, public and read-only.

Paths and paging follow the standard's OpenAPI (``schema/openapi.json``): ``/services``,
``/services/{id}``, ``/organizations``, ``/service_at_locations``, ``/taxonomies``,
``/taxonomy_terms`` (and their ``/{id}``), each list a page ``{total_items, total_pages,
page_number, size, first_page, last_page, empty, contents}``. ``lang`` picks the feed's language
(one feed per language, the same ids in each); ``page`` and ``per_page`` (at most
``MAX_PER_PAGE``) page it; ``search``, ``taxonomy_term_id``, ``taxonomy_id``, ``organization_id``,
``modified_after``, ``postcode``, ``parent_id`` and ``top_only`` filter it where the standard has them;
``full=true`` lists whole services or organisations (as their ``/{id}``) instead of the brief form.

Nothing here is personal data, so reads are not logged; anyone may call it from anywhere (CORS
``*``). Writes answer 405. Bad parameters answer 400 in the API's one error shape.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from acollida.api.errors import error_response
from acollida.directory.folding import fold
from acollida.directory.hsds import serialise
from acollida.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    ServiceSearchText,
    Taxonomy,
    TaxonomyTerm,
    directory_languages,
)
from acollida.directory.services import text_for

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
HSDS_VERSION = "3.1"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json"


class BadParameter(Exception):
    """A query parameter we cannot use: answered 400 naming the parameter."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


View = Callable[..., HttpResponse]


def _json(request: HttpRequest, data: Any) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


def hsds_view(view: View) -> View:
    """Public, read-only, open to every origin, with the API's error shape for bad input."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in {"GET", "HEAD"}:
            response = error_response(405)
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as error:
                response = error_response(400, error.message, {error.name: [error.message]})
            except Http404:
                response = error_response(404)
        response["Allow"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match"
        response["Access-Control-Expose-Headers"] = "ETag"
        return response

    return login_not_required(csrf_exempt(wrapper))


# --- parameters -------------------------------------------------------------------------------


def _lang(request: HttpRequest) -> str:
    languages = directory_languages()
    value = request.GET.get("lang", "")
    if not value:
        return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in languages else languages[0]
    if value not in languages:
        raise BadParameter(
            "lang",
            _("Unknown language %(lang)s: the directory is published in %(languages)s.")
            % {"lang": value, "languages": ", ".join(languages)},
        )
    return value


def _positive_int(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise BadParameter(name, _("%(name)s must be a whole number from 1.") % {"name": name})
    return number


def _uuid(request: HttpRequest, name: str) -> UUID | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    try:
        return UUID(value)
    except ValueError:
        raise BadParameter(name, _("%(name)s must be a UUID.") % {"name": name}) from None


def _boolean(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"1", "true", "yes"}


def _modified_after(request: HttpRequest) -> datetime | None:
    value = request.GET.get("modified_after", "")
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise BadParameter(
                "modified_after",
                _("modified_after must be a date or a date and time (ISO 8601, e.g. 2025-01-31T09:00:00Z)."),
            )
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _search_words(request: HttpRequest) -> list[str]:
    return fold(request.GET.get("search", "")).split()


# --- paging -----------------------------------------------------------------------------------


def _page(request: HttpRequest, queryset: QuerySet[Any], item: Callable[[Any], dict[str, Any]]) -> Any:
    page_number = _positive_int(request, "page", 1)
    per_page = min(_positive_int(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    start = (page_number - 1) * per_page
    records = list(queryset[start : start + per_page]) if start < total else []
    contents = [item(record) for record in records]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _one(queryset: QuerySet[Any], object_id: UUID) -> Any:
    return get_object_or_404(queryset, pk=object_id)


# --- filters ----------------------------------------------------------------------------------


def _services(request: HttpRequest, lang: str) -> QuerySet[Service]:
    """The services the list's filters leave, in id order (the same order in every language)."""
    queryset = Service.objects.all()
    words = _search_words(request)
    if words:
        rows = ServiceSearchText.objects.filter(language=lang)
        for word in words:
            rows = rows.filter(text__contains=word)
        queryset = queryset.filter(pk__in=rows.values("service_id"))
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id:
        queryset = queryset.filter(attributes__taxonomy_term_id=term_id)
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        queryset = queryset.filter(attributes__taxonomy_term__taxonomy_detail_id=taxonomy_id)
    organization_id = _uuid(request, "organization_id")
    if organization_id:
        queryset = queryset.filter(organization_id=organization_id)
    modified_after = _modified_after(request)
    if modified_after:
        queryset = queryset.filter(last_modified__gte=modified_after)
    return queryset.distinct().order_by("id")


# --- views ------------------------------------------------------------------------------------


@hsds_view
def root(request: HttpRequest) -> HttpResponse:
    """What this API is: the HSDS version and where its OpenAPI lives."""
    return _json(
        request,
        {
            "version": HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
            "openapi_url": OPENAPI_URL,
        },
    )


@hsds_view
def services(request: HttpRequest) -> HttpResponse:
    lang = _lang(request)
    if _boolean(request, "full"):
        full = serialise.services_for_export(_services(request, lang))
        return _json(request, _page(request, full, lambda service: serialise.service_full(service, lang)))
    queryset = _services(request, lang).select_related("organization", "program")
    return _json(request, _page(request, queryset, lambda service: serialise.service_brief(service, lang)))


@hsds_view
def service(request: HttpRequest, object_id: UUID) -> HttpResponse:
    lang = _lang(request)
    record = _one(serialise.services_for_export(), object_id)
    return _json(request, serialise.service_full(record, lang))


@hsds_view
def organizations(request: HttpRequest) -> HttpResponse:
    lang = _lang(request)
    queryset = Organization.objects.all()
    words = _search_words(request)
    if words:
        services_found = ServiceSearchText.objects.filter(language=lang)
        for word in words:
            services_found = services_found.filter(text__contains=word)
        queryset = queryset.filter(services__in=services_found.values("service_id"))
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id:
        queryset = queryset.filter(services__attributes__taxonomy_term_id=term_id)
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        queryset = queryset.filter(services__attributes__taxonomy_term__taxonomy_detail_id=taxonomy_id)
    queryset = queryset.distinct().order_by("id")
    if _boolean(request, "full"):
        full = serialise.organizations_for_export(queryset)
        return _json(request, _page(request, full, lambda org: serialise.organization_full(org, lang)))
    return _json(request, _page(request, queryset, lambda org: serialise.organization_brief(org, lang)))


@hsds_view
def organization(request: HttpRequest, object_id: UUID) -> HttpResponse:
    lang = _lang(request)
    record = _one(serialise.organizations_for_export(), object_id)
    return _json(request, serialise.organization_full(record, lang))


@hsds_view
def service_at_locations(request: HttpRequest) -> HttpResponse:
    lang = _lang(request)
    queryset = ServiceAtLocation.objects.filter(service__in=_services(request, lang))
    postcode = request.GET.get("postcode", "").strip()
    if postcode:
        queryset = queryset.filter(location__addresses__postal_code=postcode)
    queryset = (
        queryset.select_related("location", "service__organization", "service__program")
        .distinct()
        .order_by("id")
    )
    page = _page(request, queryset, lambda sal: serialise.service_at_location_brief(sal, lang))
    return _json(request, page)


@hsds_view
def service_at_location(request: HttpRequest, object_id: UUID) -> HttpResponse:
    lang = _lang(request)
    queryset = ServiceAtLocation.objects.select_related(
        "location", "service__organization", "service__program"
    ).prefetch_related(
        "service_areas",
        "contacts__phones__languages",
        "phones__languages",
        "schedules",
        "attributes__taxonomy_term",
        *serialise.location_prefetches("location"),
    )
    record = _one(queryset, object_id)
    return _json(request, serialise.service_at_location_full(record, lang))


@hsds_view
def taxonomies(request: HttpRequest) -> HttpResponse:
    lang = _lang(request)
    queryset = Taxonomy.objects.order_by("id")
    search = request.GET.get("search", "").strip()
    if search:
        queryset = queryset.filter(name__icontains=search)
    return _json(request, _page(request, queryset, lambda taxonomy: serialise.taxonomy_dict(taxonomy, lang)))


@hsds_view
def taxonomy(request: HttpRequest, object_id: UUID) -> HttpResponse:
    lang = _lang(request)
    return _json(request, serialise.taxonomy_dict(_one(Taxonomy.objects.all(), object_id), lang))


@hsds_view
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    lang = _lang(request)
    queryset = TaxonomyTerm.objects.select_related("taxonomy_detail")
    words = _search_words(request)
    if words:
        # Terms are few (tens): match the folded name in the feed's language, or a keyword in any.
        matching = [
            term.pk for term in queryset if all(word in fold(_term_words(term, lang)) for word in words)
        ]
        queryset = queryset.filter(pk__in=matching)
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        queryset = queryset.filter(taxonomy_detail_id=taxonomy_id)
    parent_id = _uuid(request, "parent_id")
    if parent_id:
        queryset = queryset.filter(parent_id=parent_id)
    if _boolean(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    queryset = queryset.order_by("id")
    return _json(request, _page(request, queryset, lambda term: serialise.taxonomy_term_dict(term, lang)))


def _term_words(term: TaxonomyTerm, lang: str) -> str:
    words = [text_for(term, "name", lang)[0], term.code]
    for keywords in (term.keywords or {}).values():
        words += [str(word) for word in keywords]
    return " ".join(words)


@hsds_view
def taxonomy_term(request: HttpRequest, object_id: UUID) -> HttpResponse:
    lang = _lang(request)
    record = _one(TaxonomyTerm.objects.select_related("taxonomy_detail"), object_id)
    return _json(request, serialise.taxonomy_term_dict(record, lang, with_taxonomy=True))
