"""Filters for advocacy templates."""

from django import template
from django.utils import translation

from korpu.advocacy.models import in_language

register = template.Library()


@register.filter
def in_lang(texts):
    """A language → text map in the reader's language (else English, else any)."""
    return in_language(texts if isinstance(texts, dict) else {}, translation.get_language() or "en")


@register.filter
def country_name(code):
    from korpu.network import countries

    return countries.name(code) if code else ""
