from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "korpu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from korpu.core import retention, tasks  # noqa: F401  (register core's periodic jobs)
