from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "korpu.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from korpu.network import permissions_setup

        permissions_setup.register()
