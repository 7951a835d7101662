"""Pages: campaigns, the live tally (big screen, widget, SSE), transparency, the donor's page,
and the foundation's desk (held gifts, cash, statements), phone pledges and the books."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import uuid

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from korpu.core import permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError
from korpu.giving import selectors, services
from korpu.giving.forms import (
    CashForm,
    DisplayForm,
    GiveForm,
    PledgeForm,
    RecurringForm,
    StatementForm,
)
from korpu.giving.models import (
    AccountKind,
    CashEntry,
    CashStatus,
    Gift,
    GiftStatus,
    LineStatus,
    Pledge,
    PledgeStatus,
    Receipt,
    RecurringGift,
    StatementLine,
    Transfer,
)
from korpu.giving.money import parse_amount


def _campaign(request, campaign_id):
    return get_object_or_404(selectors.campaigns_for(request.user).prefetch_related("funds", "challenges"),
                             pk=campaign_id)


def _live(request, campaign_id) -> tuple[selectors.CampaignCard, dict]:
    """The campaign's card and tally for the live pages, from process memory (a warm view costs no
    query); 404 for a campaign the viewer may not see, as for one that does not exist."""
    found = selectors.viewer_tally(request.user, campaign_id)
    if found is None:
        raise Http404
    return found


def _fund(request, fund_id):
    return get_object_or_404(selectors.funds_for(request.user), pk=fund_id)


@public
def campaigns(request):
    rows = list(selectors.campaigns_for(request.user).prefetch_related("funds")[:100])
    return render(request, "giving/campaigns.html", {"campaigns": rows, "funds": selectors.public_funds()})


@public
def campaign_detail(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    return render(request, "giving/campaign.html", {
        "campaign": campaign, "tally": selectors.tally_cached(campaign),
        "form": GiveForm(funds=campaign.funds.all(), initial={"currency": campaign.base_currency}),
    })


@public
@require_POST
def give(request, campaign_id):
    """Start a card gift, once or every month: Stripe's hosted Checkout takes the card on Stripe's
    page (in subscription mode for a monthly gift)."""
    from korpu.giving.providers import provider

    campaign = _campaign(request, campaign_id)
    form = GiveForm(request.POST, funds=campaign.funds.all())
    if form.is_valid() and form.cleaned_data["monthly"] and not request.user.is_authenticated:
        form.add_error("monthly", _("Sign in to give every month: you change or stop it on your giving page."))
    if form.is_valid():
        try:
            currency = form.cleaned_data["currency"]
            amount = parse_amount(form.cleaned_data["amount"], currency)
            country = form.cleaned_data.get("country", "").upper()
            success_url = request.build_absolute_uri(reverse("giving:thanks"))
            cancel_url = request.build_absolute_uri(reverse("giving:campaign", args=[campaign.pk]))
            if form.cleaned_data["monthly"]:
                donor = selectors.donor_page(request.user)["donor"] or services.do_save_donor(
                    actor=request.user, user=request.user, email=request.user.email,
                    language=request.user.language or "az", country=country)
                _rec, url = services.do_start_monthly_gift(
                    actor=request.user, donor=donor, fund=campaign.funds.get(pk=form.cleaned_data["fund"]),
                    amount_minor=amount, currency=currency, campaign=campaign, country=country,
                    provider_obj=provider("stripe"), label=campaign.title, success_url=success_url,
                    cancel_url=cancel_url)
                return redirect(url)
            url = provider("stripe").start_checkout(
                amount_minor=amount, currency=currency, label=campaign.title,
                metadata={"campaign": str(campaign.pk), "fund": form.cleaned_data["fund"], "country": country},
                success_url=success_url, cancel_url=cancel_url,
            )
            return redirect(url)
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
    return render(request, "giving/campaign.html",
                  {"campaign": campaign, "tally": selectors.tally_cached(campaign), "form": form}, status=422)


@public
def thanks(request):
    return render(request, "giving/thanks.html")


@public
def live(request, campaign_id):
    campaign, tally = _live(request, campaign_id)
    return render(request, "giving/live.html", {"campaign": campaign, "tally": tally})


@public
@xframe_options_exempt
@csp_override({"default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
               "img-src": ["'self'", "data:"], "connect-src": ["'self'"], "frame-ancestors": ["*"],
               "base-uri": ["'self'"], "object-src": ["'none'"], "form-action": ["'self'"]})
def widget(request, campaign_id):
    """The one page other sites may frame."""
    campaign, tally = _live(request, campaign_id)
    return render(request, "giving/widget.html", {"campaign": campaign, "tally": tally})


@public
def tally_json(request, campaign_id):
    _card, tally = _live(request, campaign_id)
    response = HttpResponse(json.dumps(tally), content_type="application/json")
    response["Cache-Control"] = "public, max-age=1"
    return response


STREAM_SECONDS = 300
STREAM_CHECK_SECONDS = 0.5  # reads process memory: costs no query
KEEP_ALIVE_SECONDS = 15


@public
async def tally_stream(request, campaign_id):
    """Server-Sent Events: the tally whenever it changes (checked twice a second). The stream ends after
    a few minutes and EventSource reconnects by itself, also after a server restart."""
    entry = selectors.fresh_entry(campaign_id) or await sync_to_async(selectors.tally_entry)(campaign_id)
    if entry is None:
        raise Http404
    if not entry.card.is_public and not await sync_to_async(selectors.may_view)(await request.auser(), entry.card):
        raise Http404
    try:
        seconds = min(int(request.GET.get("seconds", STREAM_SECONDS)), STREAM_SECONDS)
    except ValueError:
        seconds = STREAM_SECONDS

    async def events():
        yield "retry: 1000\n\n"
        last = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        quiet_since = loop.time()
        while True:
            # A fresh copy is read on the event loop; only a refresh goes to a thread.
            current = selectors.fresh_entry(campaign_id) or await sync_to_async(selectors.tally_entry)(campaign_id)
            data = selectors.served(current or entry)
            body = json.dumps({k: v for k, v in data.items() if k != "at"})
            if body != last:
                last, quiet_since = body, loop.time()
                yield f"event: tally\ndata: {json.dumps(data)}\n\n"
            elif loop.time() - quiet_since >= KEEP_ALIVE_SECONDS:
                quiet_since = loop.time()
                yield ": keep-alive\n\n"
            if loop.time() >= deadline:
                return
            await asyncio.sleep(STREAM_CHECK_SECONDS)

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


@public
def campaign_transparency(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    return render(request, "giving/campaign_transparency.html", {
        "campaign": campaign, "tally": selectors.tally_cached(campaign),
        "breakdown": selectors.campaign_breakdown(campaign), "funds": campaign.funds.all(),
        "matches": selectors.campaign_matches(campaign),
    })


@public
def fund_transparency(request, fund_id):
    fund = _fund(request, fund_id)
    return render(request, "giving/fund.html", {"fund": fund, "figures": selectors.fund_figures(fund)})


TRANSFER_COLUMNS = ["transfer", "chain", "seq", "time", "kind", "from", "to", "amount_minor", "currency", "pending",
                    "reverses", "hash", "prev_hash"]


def _account_label(account) -> str:
    # Public CSVs name accounts by kind and channel only: a fund's id is public, nothing personal is.
    return account.code


def _transfer_rows(transfers):
    for t in transfers.iterator(chunk_size=2000):
        yield [t.pk, t.chain, t.seq, t.created_at.isoformat(), t.kind, _account_label(t.debit_account),
               _account_label(t.credit_account), t.amount, t.currency, t.pending_id or "", t.reverses_id or "",
               t.hash, t.prev_hash]


class _Echo:
    def write(self, value):
        return value


def _csv_response(header, rows, filename):
    writer = csv.writer(_Echo())

    def stream():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public
def fund_transfers_csv(request, fund_id):
    """Every public transfer of the fund, with its chain position and hash (see docs/giving.md)."""
    fund = _fund(request, fund_id)
    return _csv_response(TRANSFER_COLUMNS, _transfer_rows(selectors.public_transfers(fund)), f"{fund.code}-transfers.csv")


@public
@csrf_exempt
@require_POST
def stripe_webhook(request):
    from korpu.giving.providers import do_handle_webhook, provider

    try:
        do_handle_webhook(provider_obj=provider("stripe"), payload=request.body,
                          signature=request.headers.get("Stripe-Signature", ""))
    except KorpuError as exc:
        return HttpResponse(str(exc.message), status=exc.status, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# --- The donor's own page ----------------------------------------------------------------------
@signed_in
def my_giving(request):
    data = selectors.donor_page(request.user)
    donor = data["donor"]
    form = DisplayForm(request.POST or None, initial={"display": donor.display if donor else "anonymous",
                                                     "display_form": donor.display_form if donor else ""})
    if request.method == "POST" and form.is_valid():
        services.do_save_donor(actor=request.user, user=request.user, email=request.user.email,
                               language=request.user.language or "az", display=form.cleaned_data["display"],
                               display_form=form.cleaned_data["display_form"])
        messages.success(request, _("Your choice was saved."))
        return redirect("giving:me")
    return render(request, "giving/me.html", {**data, "form": form, "year": timezone.localdate().year,
                                              "recurring_form": RecurringForm()})


@signed_in
@require_POST
def change_recurring(request, recurring_id):
    rec = get_object_or_404(RecurringGift.objects.filter(donor__user=request.user), pk=recurring_id)
    try:
        if request.POST.get("stop"):
            services.do_change_recurring(actor=request.user, recurring=rec, active=False)
        else:
            services.do_change_recurring(actor=request.user, recurring=rec,
                                         amount_minor=parse_amount(request.POST.get("amount", ""), rec.currency))
        messages.success(request, _("Your monthly gift was changed."))
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("giving:me")


@signed_in
def receipt_pdf(request, receipt_id):
    receipt = get_object_or_404(Receipt.objects.select_related("gift__donor"), pk=receipt_id)
    if receipt.gift.donor is None or receipt.gift.donor.user_id != request.user.pk:
        if not permissions.has_perm(request.user, "giving.read_books"):
            raise DjangoPermissionDenied
    response = HttpResponse(bytes(receipt.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt.label}.pdf"'
    return response


@signed_in
def statement_pdf(request, year):
    from korpu.giving.receipts import yearly_statement

    donor = selectors.donor_page(request.user)["donor"]
    if donor is None or not (2000 <= year <= 2100):
        raise Http404
    response = HttpResponse(yearly_statement(donor, year), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{year}.pdf"'
    return response


# --- The foundation's desk --------------------------------------------------------------------------
@requires("giving.view_desk")
def desk(request):
    return render(request, "giving/desk.html", {
        "held": Gift.objects.filter(status=GiftStatus.HELD).select_related("fund", "campaign")[:100],
        "cash": CashEntry.objects.filter(status=CashStatus.AWAITING).select_related("fund", "entered_by")[:100],
        "lines": StatementLine.objects.filter(status=LineStatus.UNMATCHED).select_related("statement")[:100],
        "pledges": Pledge.objects.filter(status=PledgeStatus.OPEN).select_related("fund")[:100],
        "funds": selectors.funds_for(request.user),
    })


@requires("giving.review_gifts")
@require_POST
def review_gift(request, gift_id):
    gift = get_object_or_404(Gift, pk=gift_id)
    try:
        services.do_review_gift(actor=request.user, gift=gift, approve=request.POST.get("decision") == "approve")
        messages.success(request, _("The gift was reviewed."))
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("giving:desk")


@requires("giving.record_cash")
def cash(request):
    funds = selectors.funds_for(request.user)
    form = CashForm(request.POST or None, funds=funds)
    if request.method == "POST" and form.is_valid():
        try:
            fund = funds.get(pk=form.cleaned_data["fund"])
            services.do_enter_cash(actor=request.user, fund=fund, currency=form.cleaned_data["currency"],
                                   amount_minor=parse_amount(form.cleaned_data["amount"], form.cleaned_data["currency"]),
                                   country=form.cleaned_data["country"], event_label=form.cleaned_data["event_label"])
            messages.success(request, _("Entered. A second officer must confirm it."))
            return redirect("giving:cash")
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
    entries = CashEntry.objects.select_related("fund", "entered_by", "confirmed_by").order_by("-created_at")[:50]
    return render(request, "giving/cash.html", {"form": form, "entries": entries})


@requires("giving.confirm_cash")
@require_POST
def confirm_cash(request, entry_id):
    entry = get_object_or_404(CashEntry, pk=entry_id)
    try:
        services.do_confirm_cash(actor=request.user, entry=entry)
        messages.success(request, _("The cash was confirmed and counted."))
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("giving:desk") else "giving:cash")


@requires("giving.import_statement")
def statements(request):
    from korpu.giving.statements import do_import_statement

    funds = selectors.funds_for(request.user)
    form = StatementForm(request.POST or None, request.FILES or None, funds=funds)
    statement = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            form.add_error("file", _("The file is too large."))
        else:
            try:
                fund = funds.get(pk=form.cleaned_data["fund"]) if form.cleaned_data.get("fund") else None
                statement = do_import_statement(actor=request.user, data=upload.read(), filename=upload.name, fund=fund)
                messages.success(request, _("The statement was imported."))
            except KorpuError as exc:
                form.add_error("file", str(exc.message))
    lines = statement.lines.all() if statement else StatementLine.objects.exclude(status=LineStatus.MATCHED)[:100]
    return render(request, "giving/statements.html", {"form": form, "statement": statement, "lines": lines,
                                                      "funds": funds, "status_matched": LineStatus.MATCHED})


@requires("giving.import_statement")
@require_POST
def assign_line(request, line_id):
    from korpu.giving.statements import do_assign_line

    line = get_object_or_404(StatementLine, pk=line_id)
    try:
        fund = selectors.funds_for(request.user).filter(pk=_uuid(request.POST.get("fund"))).first()
        pledge = Pledge.objects.filter(reference=request.POST.get("pledge", "").strip().upper()).first()
        do_assign_line(actor=request.user, line=line, fund=fund, pledge=pledge, ignore=bool(request.POST.get("ignore")))
        messages.success(request, _("The line was booked."))
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("giving:statements")


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@requires("giving.enter_pledge")
def phone(request):
    """Fast, keyboard-only entry of phone pledges during the broadcast."""
    campaign = selectors.campaigns_for(request.user).filter(
        starts_at__lte=timezone.now() + dt.timedelta(days=1), ends_at__gte=timezone.now()).prefetch_related("funds").first()
    if campaign is None:
        campaign = selectors.public_campaigns().first()
    funds = campaign.funds.all() if campaign else []
    fresh = {"key": uuid.uuid4().hex, "currency": campaign.base_currency if campaign else "AZN"}
    form = PledgeForm(request.POST or None, funds=funds, initial=fresh)
    duplicates = []
    if request.method == "POST" and form.is_valid() and campaign is not None:
        data = form.cleaned_data
        duplicates = services.duplicate_pledges(campaign=campaign, phone=data["caller_phone"])
        if duplicates and not data["confirm_duplicate"] and not Transfer.objects.filter(key=f"phone:{data['key']}").exists():
            form.add_error("confirm_duplicate", _("This phone number has pledged before in this campaign."))
        else:
            try:
                pledge, _created = services.do_enter_pledge(
                    actor=request.user, key=f"phone:{data['key']}", fund=campaign.funds.get(pk=data["fund"]),
                    campaign=campaign, amount_minor=parse_amount(data["amount"], data["currency"]),
                    currency=data["currency"], caller_name=data["caller_name"], caller_phone=data["caller_phone"],
                    country=data["country"])
                messages.success(request, _("Pledge {reference} saved. Give the caller this reference.").format(
                    reference=pledge.reference))
                return redirect("giving:phone")
            except KorpuError as exc:
                form.add_error(None, str(exc.message))
    recent = Pledge.objects.filter(entered_by=request.user).select_related("fund").order_by("-created_at")[:10]
    return render(request, "giving/phone.html", {"form": form, "campaign": campaign, "duplicates": duplicates,
                                                 "recent": recent})


@requires("giving.read_books")
def books(request):
    funds = list(selectors.funds_for(request.user))
    return render(request, "giving/books.html", {"rows": [(f, selectors.fund_figures(f)) for f in funds]})


@requires("giving.read_books")
def journal_csv(request, fund_id):
    """The accountant's journal of one fund: every transfer touching it, debit and credit side."""
    from korpu.core import audit
    from korpu.core.models import AuditAction

    fund = _fund(request, fund_id)
    audit.record(actor=request.user, action=AuditAction.EXPORT, obj=fund, message="journal.csv")

    def rows():
        for t in selectors.public_transfers(fund).iterator(chunk_size=2000):
            into_fund = t.credit_account.fund_id == fund.pk and t.credit_account.kind == AccountKind.FUND
            yield [t.created_at.date().isoformat(), t.pk, t.key, t.kind, t.debit_account.code, t.credit_account.code,
                   t.amount if into_fund else "", "" if into_fund else t.amount, t.currency, t.memo]

    return _csv_response(["date", "transfer", "key", "kind", "debit", "credit", "in", "out", "currency", "memo"],
                         rows(), f"{fund.code}-journal.csv")
