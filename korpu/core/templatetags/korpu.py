"""Template filters and tags available in every template (registered as builtins)."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils import translation

from korpu.core import formatting, text
from korpu.core.extensions import panels as registered_panels

register = template.Library()


@register.filter
def money(minor, currency="AZN"):
    """{{ gift.amount_minor|money:gift.currency }}"""
    if minor in (None, ""):
        return ""
    return formatting.format_money(int(minor), str(currency))


@register.filter
def number(value):
    if value in (None, ""):
        return ""
    return formatting.format_number(value)


@register.filter
def when(value, length="medium"):
    """A datetime in the reader's zone and locale."""
    if not value:
        return ""
    return formatting.format_datetime(value, length)


@register.filter
def day(value, length="medium"):
    if not value:
        return ""
    return formatting.format_date(value, length)


@register.filter
def upper_l(value):
    """Upper case by the active language's rules (Azerbaijani i→İ)."""
    return text.upper(str(value), translation.get_language())


@register.simple_tag(takes_context=True)
def panels(context, slot, obj=None):
    """Render the panels upper apps registered for `slot` on this page."""
    request = context.get("request")
    parts = []
    for panel in registered_panels(slot):
        extra = panel.context(request, obj)
        if extra is None:
            continue
        parts.append(render_to_string(panel.template, {**extra, "object": obj}, request=request))
    from django.utils.safestring import mark_safe

    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered, autoescaped template
