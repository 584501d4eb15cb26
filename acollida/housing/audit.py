"""Write audit of housing records (django-auditlog); notes on a waiting list entry are masked."""

from auditlog.registry import auditlog

from acollida.housing import models

for _model in (
    models.Programme,
    models.Accommodation,
    models.Unit,
    models.Place,
    models.PriorityRules,
    models.Absence,
    models.OptimizerRun,
):
    auditlog.register(_model, exclude_fields=["updated_at"])
auditlog.register(
    models.WaitingListEntry,
    exclude_fields=["updated_at", "priority_computed_at"],
    mask_fields=["notes", "school_lat", "school_lon", "work_lat", "work_lon", "medical_lat", "medical_lon"],
)
auditlog.register(models.Placement, exclude_fields=["updated_at"], m2m_fields={"places"})
auditlog.register(models.OptimizerMatch, exclude_fields=["explanation"])
