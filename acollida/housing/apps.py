from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "acollida.housing"
    label = "housing"
    verbose_name = _("Housing")

    def ready(self) -> None:
        from acollida.housing import audit, rights  # noqa: F401  (audit trail and data-subject rights)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo`` (after cases): the housing network and a waiting list."""
        from acollida.housing.demo import load_demo

        load_demo(stdout)
