from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "korpu.media"
    label = "media"
    verbose_name = _("Media")

    def ready(self) -> None:
        from korpu.media import permissions_setup, tasks  # noqa: F401  (tasks: periodic jobs)

        permissions_setup.register()
