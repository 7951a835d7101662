"""Core pages: home, health, language switch, audit log, error pages."""

from __future__ import annotations

import csv
import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import korpu
from korpu.core import audit as audit_log
from korpu.core.access import public, requires
from korpu.core.forms import AuditFilterForm
from korpu.core.models import AuditAction
from korpu.core.selectors import audit_entries
from korpu.core.tasks import queue_lag

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@public
def home(request):
    return render(request, "core/home.html")


@public
def healthz(request):
    """200 while the database answers; the body reports the task queue's lag."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = queue_lag()
    except Exception as exc:  # any database failure makes us unhealthy, with the reason
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "version": korpu.__version__, "queue": queue},
        headers={"Cache-Control": "no-store"},
    )


@public
@require_POST
def set_language(request):
    """Switch the interface language; remembered in a cookie, and on the account when signed in."""
    code = request.POST.get("language", "")
    if code not in LANGUAGE_CODES:
        return render(
            request,
            "core/error.html",
            {"title": _("Unknown language"),
             "message": _("“{code}” is not a language Körpü speaks. Choose one from the list.").format(code=code[:20])},
            status=400,
        )
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    if request.user.is_authenticated and request.user.language != code:
        from korpu.accounts.services import do_update_profile

        do_update_profile(actor=request.user, display_name=request.user.display_name, language=code,
                          timezone_name=request.user.timezone)
    translation.activate(code)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@requires("core.view_audit")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries(form.cleaned_filters() if form.is_valid() else {})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value):
        return value


@requires("core.view_audit")
def audit_export(request):
    """The filtered audit log as CSV, streamed so that its size does not matter."""
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponseBadRequest(_("The filter is not valid."))
    entries = audit_entries(form.cleaned_filters() if form.is_valid() else {})
    audit_log.record(actor=request.user, action=AuditAction.EXPORT, object_type="core.auditentry",
                     message=request.GET.urlencode()[:500])
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(["at", "actor", "action", "object_type", "object_id", "object", "changes", "ip_address"])
        for e in entries.iterator(chunk_size=2000):
            yield writer.writerow([
                e.at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id, e.object_repr,
                _json(e.changes), e.ip_address or "",
            ])

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="korpu-audit-{stamp}.csv"'
    return response


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def csrf_failure(request, reason=""):
    return render(
        request,
        "core/error.html",
        {"title": _("Your session has expired"),
         "message": _("The form was open too long or you signed out in another tab. Reload the page and try again.")},
        status=403,
    )


def bad_request(request, exception=None):
    return render(request, "core/error.html",
                  {"title": _("Bad request"), "message": _("The request could not be understood.")}, status=400)


def permission_denied(request, exception=None):
    return render(request, "core/error.html",
                  {"title": _("Access denied"), "message": _("You do not have permission to see this page.")},
                  status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.html",
                  {"title": _("Page not found"), "message": _("There is no page at this address.")}, status=404)


def server_error(request):
    return render(request, "core/error.html",
                  {"title": _("Something went wrong"),
                   "message": _("The error has been logged. Please try again later.")}, status=500)


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /accounts/\nDisallow: /api/\n", content_type="text/plain")


robots.korpu_access = "public"  # type: ignore[attr-defined]
