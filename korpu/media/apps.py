import os

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "korpu.media"
    label = "media"
    verbose_name = _("Media")

    def ready(self) -> None:
        # The embedding engine's OpenMP threads spin while idle by default: on a busy machine one
        # search query took 0.3-4 s instead of 50 ms (bench/bench_media_search.py). Read when the
        # engine loads (first embed), which is after setup; an operator's own value wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "passive")
        from korpu.media import permissions_setup, tasks  # noqa: F401  (tasks: periodic jobs)

        permissions_setup.register()
