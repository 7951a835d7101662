from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevivalConfig(AppConfig):
    name = "korpu.revival"
    label = "revival"
    verbose_name = _("Revival")
