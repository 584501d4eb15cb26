from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "acollida.agenda"
    label = "agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        from acollida.agenda import audit  # noqa: F401  (registers the models with the audit trail)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo``: a week of published slots and a few appointments at the CAI."""
        from acollida.agenda.demo import load_demo

        load_demo(stdout)
