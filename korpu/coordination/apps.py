from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "korpu.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from korpu.coordination import permissions_setup, tasks  # noqa: F401  (periodic digests)

        permissions_setup.register()
