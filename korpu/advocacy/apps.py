from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "korpu.advocacy"
    label = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        from korpu.advocacy import permissions_setup, tasks  # noqa: F401  (tasks: periodic jobs)

        permissions_setup.register()
