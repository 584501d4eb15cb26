from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "acollida.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from acollida.core import audit, checks, signals  # noqa: F401  (registers models, checks, receivers)
