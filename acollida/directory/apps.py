from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "acollida.directory"
    label = "directory"
    verbose_name = _("Service directory")

    def ready(self) -> None:
        from acollida.directory import audit  # noqa: F401  (registers the models with the audit trail)

    def load_demo(self, stdout: Any) -> None:
        """Called by ``acollida demo``: the taxonomy of needs and the Valencia services."""
        from acollida.directory.demo import load_demo

        load_demo(stdout)
