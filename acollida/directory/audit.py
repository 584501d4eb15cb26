"""Write audit of directory records (django-auditlog). No personal data here; changes are kept."""

from auditlog.registry import auditlog

from acollida.directory import models

for _model in (
    models.Organization,
    models.OrganizationIdentifier,
    models.Program,
    models.Service,
    models.ServiceUrl,
    models.Location,
    models.Address,
    models.ServiceAtLocation,
    models.ServiceArea,
    models.Schedule,
    models.Contact,
    models.Phone,
    models.Language,
    models.Accessibility,
    models.Unit,
    models.ServiceCapacity,
    models.RequiredDocument,
    models.CostOption,
    models.Taxonomy,
    models.TaxonomyTerm,
    models.Attribute,
):
    auditlog.register(_model, exclude_fields=["last_modified", "updated_at"])
