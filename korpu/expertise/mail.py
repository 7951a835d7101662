"""The expert's digest e-mail: open needs they fit and have not been sent, in their language, with a
signed one-click unsubscribe link (RFC 8058) that works without signing in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from korpu.core import links
from korpu.core.mail import DigestMessage
from korpu.expertise import matching, selectors, taxonomy
from korpu.expertise.models import (
    DigestEntry,
    Engagement,
    EngagementStatus,
    ExpertProfile,
    Need,
    ProfileStatus,
)

UNSUBSCRIBE_SALT = "korpu.expertise.digest-unsubscribe"
NEEDS_PER_MAIL = 10
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def unsubscribe_token(profile_id) -> str:
    """A signed token naming the profile; it never expires, so an old e-mail's link still works."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(profile_id))


def profile_id_from(token: str) -> str | None:
    """The profile id a token names, or None when it was not signed by us."""
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token or "")
    except signing.BadSignature:
        return None


def unsubscribe_link(profile_id) -> str:
    return links.absolute(f"/expertise/digest/unsubscribe/{unsubscribe_token(profile_id)}/")


def language_of(profile: ExpertProfile) -> str:
    """The expert's own language setting, else the first language they speak that the site has."""
    user = profile.person.user
    for code in [getattr(user, "language", "") or "", *(profile.person.languages or []), *(profile.languages or [])]:
        if code in LANGUAGE_CODES:
            return code
    return settings.LANGUAGE_CODE


def address_of(profile: ExpertProfile) -> str:
    """Where the expert can be reached: their account's address, else the registry's (never a
    pseudonym's, which keeps no contact data)."""
    person = profile.person
    if person.erased_at or person.merged_into_id or person.is_pseudonym:
        return ""
    user = person.user
    if user is not None:
        return user.email if user.is_active else ""
    return person.email or ""


@dataclass
class Digest:
    profile: ExpertProfile
    address: str
    language: str
    needs: list[tuple[Need, float]]


def digests_for(profile_ids: Iterable) -> list[Digest]:
    """What each of a batch of experts is to be sent. A handful of queries per batch, whatever its size:
    profiles, consent, open needs, what was sent before, engagements."""
    from korpu.network.models import ConsentPurpose
    from korpu.network.selectors import consenting

    ids = list(profile_ids)
    profiles = list(ExpertProfile.objects.filter(pk__in=ids, digest=True, status=ProfileStatus.ACTIVE)
                    .select_related("person__user").order_by("pk"))
    # The registry's newest decision, not the cached flag: a withdrawal made a second ago counts.
    allowed = consenting({p.person_id for p in profiles}, ConsentPurpose.SHARE_WITH_COMMITTEE)
    profiles = [p for p in profiles if p.person_id in allowed and address_of(p)]
    if not profiles:
        return []
    table = matching.need_table(selectors.open_needs())
    skip: dict = defaultdict(set)
    for profile_id, need_id in DigestEntry.objects.filter(profile__in=profiles).values_list("profile_id", "need_id"):
        skip[profile_id].add(need_id)
    for profile_id, need_id in (Engagement.objects.filter(expert__in=profiles)
                                .exclude(status=EngagementStatus.CANCELLED).values_list("expert_id", "need_id")):
        skip[profile_id].add(need_id)
    out = []
    for profile in profiles:
        needs = matching.fitting_needs(profile, table, skip=skip[profile.pk], limit=NEEDS_PER_MAIL)
        if needs:
            out.append(Digest(profile, address_of(profile), language_of(profile), needs))
    return out


def message(digest: Digest) -> DigestMessage:
    """The e-mail of one digest, in the expert's language."""
    language = digest.language
    link = unsubscribe_link(digest.profile.pk)
    with translation.override(language):
        count = len(digest.needs)
        subject = ngettext("{count} need at home fits your expertise", "{count} needs at home fit your expertise",
                           count).format(count=count)
        items = [{"need": need, "score": score, "description": need.description_in(language),
                  "fields": ", ".join(str(taxonomy.label(c)) for c in need.fields or [])}
                 for need, score in digest.needs]
        body = render_to_string("expertise/email/digest.txt", {
            "name": digest.profile.person.name, "items": items, "unsubscribe": link, "language": language,
            "digest_link": links.absolute("/expertise/digest/"), "profile_link": links.absolute("/expertise/profile/"),
        })
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    # DigestMessage keeps List-Unsubscribe a bare <URL>: Django's own path encodes a long one as RFC
    # 2047 words, which mail programs do not read as a link.
    return DigestMessage(subject, body, to=[digest.address], headers=headers)
