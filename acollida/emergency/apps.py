from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "acollida.emergency"
    label = "emergency"
    verbose_name = _("Emergency operations")

    def ready(self) -> None:
        from acollida.emergency import audit, rights  # noqa: F401  (audit trail and data-subject rights)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo`` (after housing): the Aquarius operation and its manifest."""
        from acollida.emergency.demo import load_demo

        load_demo(stdout)
