from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "acollida.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from acollida.people import audit  # noqa: F401  (registers the models with the audit trail)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo``: a few thousand fictitious people spread over the network."""
        from acollida.core.models import Organisation, OrganisationKind
        from acollida.people.models import Person
        from acollida.people.services import persons_bulk_load
        from acollida.people.synthetic import population

        holders = list(
            Organisation.objects.filter(slug__in=["cai", "cear-pv", "accem", "creu-roja"]).values_list(
                "id", flat=True
            )
        ) or list(Organisation.objects.exclude(kind=OrganisationKind.STATE).values_list("id", flat=True)[:4])
        if not holders or Person.objects.exists():
            return
        count = persons_bulk_load(organisation_ids=holders, people=population(3000, seed=629))
        from acollida.people.review import scan_duplicates

        found = scan_duplicates()
        stdout.write(f"Loaded {count} fictitious people; {found['new']} possible duplicates wait for review.")
