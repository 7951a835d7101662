"""Top-level URLs: core and accounts, allauth, the API, and every other Körpü app's `urls` module
mounted at /<app label>/."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import include, path

from korpu.api import api

handler400 = "korpu.core.views.bad_request"
handler403 = "korpu.core.views.permission_denied"
handler404 = "korpu.core.views.page_not_found"
handler500 = "korpu.core.views.server_error"

urlpatterns = [
    path("", include("korpu.core.urls")),
    path("accounts/", include("korpu.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
]

for config in apps.get_app_configs():
    if not config.name.startswith("korpu.") or config.label in {"core", "accounts"}:
        continue
    try:
        importlib.import_module(f"{config.name}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.urls":
            raise
        continue
    urlpatterns.append(path(f"{config.label}/", include(f"{config.name}.urls")))
