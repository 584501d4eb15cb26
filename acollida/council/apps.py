from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "acollida.council"
    label = "council"
    verbose_name = _("Council")

    def ready(self) -> None:
        from acollida.council import audit  # noqa: F401  (registers the models with the audit trail)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo``: a council shaped like Valencia's, with fictitious people."""
        from acollida.council.demo import load_demo

        load_demo(stdout)
