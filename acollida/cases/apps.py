from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "acollida.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from acollida.cases import audit  # noqa: F401  (registers the models with the audit trail)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo`` (after people): open cases for a few hundred demo people."""
        from acollida.cases.demo import load_demo_cases

        count = load_demo_cases()
        if count:
            stdout.write(f"Opened {count} demo cases with needs, goals and timeline entries.")
