"""``/api/hsds/``: the HSDS 3.1 read API (public open data; outside the language prefixes)."""

from django.urls import path

from acollida.directory.hsds import api

app_name = "hsds"

urlpatterns = [
    path("", api.root, name="root"),
    path("services", api.services, name="services"),
    path("services/<uuid:object_id>", api.service, name="service"),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<uuid:object_id>", api.organization, name="organization"),
    path("service_at_locations", api.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<uuid:object_id>", api.service_at_location, name="service_at_location"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<uuid:object_id>", api.taxonomy, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<uuid:object_id>", api.taxonomy_term, name="taxonomy_term"),
]
