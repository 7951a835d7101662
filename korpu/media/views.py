"""Media pages: dashboard, search and export, articles and stories, outlets, contacts and their
log, press releases, sources and their health, topic rules, saved searches and alerts."""

from __future__ import annotations

import csv
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.core import audit
from korpu.core.access import public, requires
from korpu.core.errors import KorpuError
from korpu.core.errors import PermissionDenied as KorpuPermissionDenied
from korpu.core.models import AuditAction
from korpu.media import charts, forms, search, selectors, services
from korpu.media import permissions_setup as perms
from korpu.media.errors import MediaError
from korpu.media.models import Alert, SearchMode, SourceKind

PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
         b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def handles_errors(view):
    """Show a domain error on the page with its status, having changed nothing."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except KorpuPermissionDenied:
            raise DjangoPermissionDenied from None
        except KorpuError as exc:
            if exc.status == 404:
                raise Http404 from None
            return render(request, "media/error.html", {"message": exc.message}, status=exc.status)

    return wrapper


# --- dashboard ----------------------------------------------------------------------------------

@requires(perms.VIEW)
def dashboard(request):
    data = selectors.coverage(request.user)
    month_rows = [(m["month"].strftime("%Y-%m"), m["articles"], m["stories"]) for m in data["months"]]
    context = {
        "data": data,
        "chart_months": charts.columns(month_rows, title=_("Articles and stories per month")),
        "chart_languages": charts.bars([(r["language"] or "?", r["n"]) for r in data["languages"]],
                                       title=_("Articles by language")),
        "chart_countries": charts.bars([(r["outlet__country"], r["n"]) for r in data["countries"]],
                                       title=_("Articles by outlet country")),
        "chart_outlets": charts.bars([(r["outlet_name"] or "?", r["n"]) for r in data["outlets"]],
                                     title=_("Articles by outlet")),
        "chart_mentions": charts.bars([(m["name"], m["n"]) for m in data["mentions"]],
                                      title=_("Entities mentioned")),
        "stories": selectors.stories_list(request.user, limit=15),
        "unhealthy": selectors.sources_for(request.user).filter(healthy=False, active=True)[:10],
    }
    return render(request, "media/dashboard.html", context)


# --- search -------------------------------------------------------------------------------------

def _search(request):
    form = forms.SearchForm(request.GET or None)
    query, mode, language = "", SearchMode.TEXT, ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        mode = form.cleaned_data["mode"] or SearchMode.TEXT
        language = form.cleaned_data["language"].strip().lower()
    return form, query, mode, language


def _results(user, query: str, mode: str, language: str, limit: int):
    if not query:
        return []
    base = selectors.articles_for(user)
    # Only the top rows are read from the table.
    if mode == SearchMode.MEANING:
        found = search.meaning_articles(base, query, limit=limit, language=language)
    else:
        ids = search.text_ids(query, limit=limit, language=language)
        rows = base.in_bulk(ids)
        found = [rows[pk] for pk in ids if pk in rows]
        for article in found:
            article.score = None
    return selectors.with_story_copies(user, found)


@requires(perms.SEARCH)
def search_page(request):
    form, query, mode, language = _search(request)
    results = _results(request.user, query, mode, language, 50)
    save_form = forms.SaveSearchForm(initial={"name": query[:60], "query": query, "mode": mode,
                                              "frequency": "immediate"})
    return render(request, "media/search.html", {"form": form, "results": results, "query": query, "mode": mode,
                                                 "save_form": save_form, "export_query": request.GET.urlencode()})


class _Echo:
    def write(self, value):
        return value


@requires(perms.EXPORT)
def export(request):
    """Every article matching the search as CSV, streamed (no size limit)."""
    form, query, mode, language = _search(request)
    user = request.user
    audit.record(actor=user, action=AuditAction.EXPORT, object_type="media.article",
                 message=f"search export: {query[:200]} ({mode})")

    def rows():
        writer = csv.writer(_Echo())
        yield writer.writerow(["id", "published", "language", "outlet", "place", "agency", "story", "title", "item"])
        if not query:
            return
        if mode == SearchMode.MEANING:
            ids = (pk for pk, _s in search.meaning_ids(query, limit=None, language=language))
        else:
            ids = search.iter_text_ids(query, limit=None, language=language)
        chunk: list = []

        def emit(batch):
            qs = selectors.articles_for(user).filter(pk__in=batch)
            if language:
                qs = qs.filter(language=language)
            found = {a.pk: a for a in qs.defer("body")}
            for pk in batch:
                if a := found.get(pk):
                    yield writer.writerow([a.pk, a.published or "", a.language, a.outlet_name, a.place, a.agency,
                                           a.story_id or "", a.title, a.url or a.item])

        for pk in ids:
            chunk.append(pk)
            if len(chunk) >= 500:
                yield from emit(chunk)
                chunk = []
        if chunk:
            yield from emit(chunk)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="korpu-media-search.csv"'
    return response


# --- articles and stories -----------------------------------------------------------------------

@requires(perms.VIEW)
def article_detail(request, article_id):
    article = get_object_or_404(selectors.articles_for(request.user), pk=article_id)
    return render(request, "media/article.html", {"article": article, "mentions": selectors.mentions_of(article)})


@requires(perms.VIEW)
def story_detail(request, story_id):
    get_object_or_404(selectors.articles_for(request.user), pk=story_id)
    data = selectors.story(story_id)
    if not data:
        raise Http404
    return render(request, "media/story.html", {"story": data})


@requires(perms.VIEW)
def story_list(request):
    return render(request, "media/stories.html", {"stories": selectors.stories_list(request.user, limit=200)})


# --- outlets ------------------------------------------------------------------------------------

@requires(perms.VIEW)
@handles_errors
def outlet_list(request):
    form = forms.OutletForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            outlet = services.do_create_outlet(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Outlet added."))
            return redirect("media:outlet", outlet_id=outlet.pk)
    from korpu.core import permissions

    return render(request, "media/outlets.html", {
        "outlets": selectors.outlets_for(request.user), "form": form,
        "may_change": permissions.has_perm(request.user, perms.CHANGE_OUTLET)})


@requires(perms.VIEW)
@handles_errors
def outlet_detail(request, outlet_id):
    from korpu.core import permissions

    outlet = get_object_or_404(selectors.outlets_for(request.user), pk=outlet_id)
    form = forms.OutletForm(request.POST or None, initial={
        "name": outlet.name, "country": outlet.country, "language": outlet.language, "kind": outlet.kind,
        "website": outlet.website})
    if request.method == "POST":
        if form.is_valid():
            services.do_update_outlet(actor=request.user, outlet=outlet, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("media:outlet", outlet_id=outlet.pk)
    articles = selectors.articles_for(request.user).filter(outlet=outlet)[:30]
    contacts = selectors.contacts_for(request.user).filter(outlets=outlet)
    return render(request, "media/outlet.html", {
        "outlet": outlet, "form": form, "articles": articles, "contacts": contacts,
        "sources": outlet.sources.all(), "may_change": permissions.has_perm(request.user, perms.CHANGE_OUTLET)})


# --- contacts -----------------------------------------------------------------------------------

@requires(perms.VIEW_CONTACT)
@handles_errors
def contact_list(request):
    from korpu.core import permissions

    form = forms.ContactForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            contact = services.do_create_contact(
                actor=request.user, name=data["name"], email=data["email"], phone=data["phone"],
                outlets=data["outlets"], beats=data["beats"], languages=data["languages"],
                consent=data["consent"], consent_note=data["consent_note"])
            messages.success(request, _("Contact added."))
            return redirect("media:contact", contact_id=contact.pk)
    return render(request, "media/contacts.html", {
        "contacts": selectors.contacts_for(request.user), "form": form,
        "may_change": permissions.has_perm(request.user, perms.CHANGE_CONTACT)})


@requires(perms.VIEW_CONTACT)
@handles_errors
def contact_detail(request, contact_id):
    from korpu.core import permissions

    contact = get_object_or_404(selectors.contacts_for(request.user), pk=contact_id)
    interaction_form = forms.InteractionForm(initial={"happened_on": timezone.localdate()})
    consent_form = forms.ConsentForm(initial={"consent": contact.consent})
    if request.method == "POST":
        permissions.require(request.user, perms.CHANGE_CONTACT)
        if request.POST.get("action") == "consent":
            consent_form = forms.ConsentForm(request.POST)
            if consent_form.is_valid():
                services.do_set_contact_consent(actor=request.user, contact=contact,
                                                consent=consent_form.cleaned_data["consent"],
                                                note=consent_form.cleaned_data["note"])
                messages.success(request, _("Consent recorded."))
                return redirect("media:contact", contact_id=contact.pk)
        else:
            interaction_form = forms.InteractionForm(request.POST)
            if interaction_form.is_valid():
                services.do_record_interaction(actor=request.user, contact=contact, **interaction_form.cleaned_data)
                messages.success(request, _("Interaction recorded."))
                return redirect("media:contact", contact_id=contact.pk)
    if permissions.has_perm(request.user, perms.VIEW_CONTACT) and contact.person_id:
        audit.record_read(actor=request.user, obj=contact)
    return render(request, "media/contact.html", {
        "contact": contact, "interactions": selectors.interactions_of(contact),
        "releases": contact.releases.select_related("release", "article"),
        "interaction_form": interaction_form, "consent_form": consent_form,
        "may_change": permissions.has_perm(request.user, perms.CHANGE_CONTACT)})


# --- press releases -----------------------------------------------------------------------------

@requires(perms.VIEW)
@handles_errors
def release_list(request):
    from korpu.core import permissions

    form = forms.ReleaseForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, perms.SEND_RELEASE)
        if form.is_valid():
            data = form.cleaned_data
            release = services.do_create_press_release(
                actor=request.user, title={c: data[f"title_{c}"] for c in form.languages},
                body={c: data[f"body_{c}"] for c in form.languages})
            messages.success(request, _("Press release saved."))
            return redirect("media:release", release_id=release.pk)
    return render(request, "media/releases.html", {
        "releases": selectors.releases_for(request.user), "form": form,
        "may_send": permissions.has_perm(request.user, perms.SEND_RELEASE)})


@requires(perms.VIEW)
@handles_errors
def release_detail(request, release_id):
    from korpu.core import permissions

    release = get_object_or_404(selectors.releases_for(request.user), pk=release_id)
    contacts = selectors.contacts_for(request.user).filter(consent=True).exclude(email="")
    if request.method == "POST":
        permissions.require(request.user, perms.SEND_RELEASE)
        chosen = contacts.filter(pk__in=request.POST.getlist("contacts"))
        sent = services.do_send_press_release(actor=request.user, release=release, contacts=chosen)
        messages.success(request, ngettext("Sent to {count} journalist.", "Sent to {count} journalists.",
                                           len(sent)).format(count=len(sent)))
        return redirect("media:release", release_id=release.pk)
    return render(request, "media/release.html", {
        "release": release, "recipients": release.recipients.select_related("contact__person", "article"),
        "coverage": release.coverage.select_related("outlet"), "contacts": contacts,
        "may_send": permissions.has_perm(request.user, perms.SEND_RELEASE)})


@public
def release_opened(request, token):
    """The tracking pixel of a press release e-mail: records the first opening."""
    services.mark_release_opened(token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


# --- sources ------------------------------------------------------------------------------------

@requires(perms.VIEW)
@handles_errors
def source_list(request):
    from korpu.core import permissions

    form = forms.SourceForm(request.POST or None, initial={"kind": SourceKind.FEED})
    if request.method == "POST":
        if form.is_valid():
            source = services.do_create_source(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Source added; it is polled in the background."))
            return redirect("media:source", source_id=source.pk)
    return render(request, "media/sources.html", {
        "sources": selectors.sources_for(request.user), "form": form,
        "may_change": permissions.has_perm(request.user, perms.CHANGE_SOURCE)})


@requires(perms.VIEW)
@handles_errors
def source_detail(request, source_id):
    from korpu.core import permissions
    from korpu.core.tasks import enqueue_on_commit
    from korpu.media import tasks

    source = get_object_or_404(selectors.sources_for(request.user), pk=source_id)
    if request.method == "POST":
        permissions.require(request.user, perms.CHANGE_SOURCE)
        action = request.POST.get("action")
        if action == "poll":
            enqueue_on_commit(tasks.poll_source, str(source.pk))
            messages.success(request, _("The source will be polled shortly."))
        elif action in {"pause", "resume"}:
            services.do_set_source_active(actor=request.user, source=source, active=action == "resume")
        return redirect("media:source", source_id=source.pk)
    return render(request, "media/source.html", {
        "source": source, "articles": selectors.articles_for(request.user).filter(source=source)[:30],
        "may_change": permissions.has_perm(request.user, perms.CHANGE_SOURCE)})


# --- topics -------------------------------------------------------------------------------------

@requires(perms.VIEW)
@handles_errors
def topic_list(request):
    from korpu.core import permissions

    form = forms.TopicRuleForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, perms.CHANGE_TOPICS)
        if request.POST.get("delete"):
            rule = get_object_or_404(selectors.topic_rules_for(request.user), pk=request.POST["delete"])
            services.do_delete_topic_rule(actor=request.user, rule=rule)
            messages.success(request, _("Rule deleted."))
            return redirect("media:topics")
        if form.is_valid():
            services.do_save_topic_rule(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Rule saved; it applies to articles ingested from now on."))
            return redirect("media:topics")
    return render(request, "media/topics.html", {
        "rules": selectors.topic_rules_for(request.user), "form": form,
        "may_change": permissions.has_perm(request.user, perms.CHANGE_TOPICS)})


# --- saved searches and alerts ------------------------------------------------------------------

@requires(perms.SEARCH)
@handles_errors
def alert_list(request):
    if request.method == "POST":
        if request.POST.get("delete"):
            saved = get_object_or_404(selectors.searches_for(request.user), pk=request.POST["delete"])
            services.do_delete_search(actor=request.user, search=saved)
            messages.success(request, _("Saved search deleted."))
            return redirect("media:alerts")
        form = forms.SaveSearchForm(request.POST)
        if form.is_valid():
            services.do_save_search(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Search saved; new matching articles will raise alerts."))
            return redirect("media:alerts")
        messages.error(request, _("Some of the data is not valid."))
    return render(request, "media/alerts.html", {
        "searches": selectors.searches_for(request.user),
        "alerts": _with_tasks(list(selectors.alerts_for(request.user)[:100]))})


def _with_tasks(alerts: list[Alert]) -> list[Alert]:
    """Attach each alert's coordination task (status, due), to follow it to its result."""
    from korpu.coordination.models import Task

    tasks = Task.objects.in_bulk([a.task_id for a in alerts if a.task_id])
    for alert in alerts:
        alert.task = tasks.get(alert.task_id)
    return alerts


@requires(perms.CREATE_TASK)
@handles_errors
def alert_task(request, alert_id):
    alert = get_object_or_404(Alert.objects.select_related("article", "search"), pk=alert_id)
    form = forms.AlertTaskForm(request.POST or None, initial={"title": _("Respond: {title}").format(
        title=alert.article.title[:200])})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_create_task_from_alert(actor=request.user, alert=alert, title=data["title"],
                                               description=data["description"], organisation=data["organisation"],
                                               contact=data["contact"], due=data["due"])
        except MediaError as exc:
            # Shown beside the form, so what was typed is kept for the correction.
            form.add_error(None, exc.message)
            status = 422
        else:
            messages.success(request, _("Task created in coordination."))
            return redirect("media:alerts")
    task = None
    if alert.task_id:
        from korpu.coordination.models import Task

        task = Task.objects.filter(pk=alert.task_id).first()
    return render(request, "media/alert_task.html", {"alert": alert, "form": form, "task": task}, status=status)
