from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "korpu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from korpu.core import tasks  # noqa: F401  (registers core's periodic jobs)
