"""Background work of the revival app (tasks take ids and are enqueued on commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _


@task
def send_investment_interest(offer_id: str) -> bool:
    """E-mail an investor's interest (given with their consent) to the ministry's contact."""
    from korpu.revival.models import Offer, OfferKind

    offer = Offer.objects.select_related("project", "user").filter(pk=offer_id, kind=OfferKind.INVESTMENT).first()
    if offer is None or not offer.consent_to_share or not offer.passed_to:
        return False
    d = offer.details
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Investment interest: {project}").format(project=offer.project.title_in())
        lines = [
            _("An investor from the diaspora is interested in “{project}” and agreed that we pass on their "
              "details.").format(project=offer.project.title_in()),
            "",
            _("Company: {value}").format(value=d.get("company", "")),
            _("Sector: {value}").format(value=d.get("sector", "")),
            _("Amount: {low}–{high} {currency}").format(low=d.get("amount_from", "?"), high=d.get("amount_to", "?"),
                                                       currency=d.get("currency", "")),
            _("Country: {value}").format(value=offer.country),
            _("Contact: {value}").format(value=offer.user.email if offer.user else "—"),
            "",
            offer.message,
        ]
    send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [offer.passed_to])
    return True
