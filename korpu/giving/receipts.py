"""Receipts: a PDF in the donor's language with a gap-free number per fund and year."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.core import audit
from korpu.core.models import AuditAction
from korpu.giving.models import Donor, Gift, Receipt, ReceiptCounter


def render_pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE": language,
                                           "bidi": translation.get_language_bidi()})
    return HTML(string=html).write_pdf()


def do_issue_receipt(*, actor, gift_id: str, send: bool = True) -> Receipt | None:
    """Issue the receipt of a gift once; the number is taken in the same transaction, so a failure
    leaves no gap."""
    gift = Gift.objects.select_related("fund", "donor", "campaign").filter(pk=gift_id).first()
    if gift is None or gift.donor is None:
        return None
    existing = Receipt.objects.filter(gift=gift).first()
    if existing:
        return existing
    language = gift.donor.language or "az"
    year = timezone.localtime(gift.created_at).year
    with transaction.atomic():
        counter, _created = ReceiptCounter.objects.get_or_create(fund=gift.fund, year=year)
        counter = ReceiptCounter.objects.select_for_update().get(pk=counter.pk)
        if Receipt.objects.filter(gift=gift).exists():
            return Receipt.objects.get(gift=gift)
        number = counter.last + 1
        receipt = Receipt(gift=gift, fund=gift.fund, year=year, number=number, language=language)
        receipt.pdf = render_pdf("giving/receipt_pdf.html", {"receipt": receipt, "gift": gift}, language)
        receipt.save()
        counter.last = number
        counter.save(update_fields=["last"])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=receipt, message=receipt.label)
        if send and gift.donor.email:
            transaction.on_commit(lambda: _send(receipt.pk))
    return receipt


def _send(receipt_id) -> None:
    receipt = Receipt.objects.select_related("gift__donor", "fund").get(pk=receipt_id)
    donor = receipt.gift.donor
    if donor is None or not donor.email:
        return
    with translation.override(receipt.language):
        message = EmailMessage(
            subject=_("Your receipt {number}").format(number=receipt.label),
            body=_("Thank you for your gift. Your receipt is attached."),
            to=[donor.email],
        )
        message.attach(f"{receipt.label}.pdf", bytes(receipt.pdf), "application/pdf")
        message.send()
    Receipt.objects.filter(pk=receipt_id).update(emailed_at=timezone.now())


def yearly_statement(donor: Donor, year: int) -> bytes:
    """One PDF listing the donor's gifts of a year."""
    gifts = list(Gift.objects.filter(donor=donor, created_at__year=year).select_related("fund").order_by("created_at"))
    totals: dict[str, int] = {}
    for g in gifts:
        totals[g.currency] = totals.get(g.currency, 0) + g.amount_minor
    return render_pdf("giving/statement_pdf.html",
                      {"donor": donor, "year": year, "gifts": gifts, "totals": sorted(totals.items())},
                      donor.language or "az")
