"""The ASGI application: `POST /api/v1/donations` takes the giving app's lean fast path
(korpu/giving/fastpath.py), everything else goes to Django. KORPU_GIVING_FASTPATH=0 sends
everything to Django (the ninja route then serves donations too)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
django_application = get_asgi_application()

from korpu.giving.fastpath import ASGIApp, FastPath  # noqa: E402 - needs the apps loaded

application: ASGIApp
if os.environ.get("KORPU_GIVING_FASTPATH", "1").lower() in {"0", "false", "no", "off"}:
    application = django_application
else:
    application = FastPath(django_application)
