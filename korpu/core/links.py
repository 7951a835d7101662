"""Absolute links for e-mails, calendar feeds and QR codes, built from KORPU_BASE_URL."""

from __future__ import annotations

from django.conf import settings


def base_url() -> str:
    """The public address of this installation, without a trailing slash."""
    return settings.KORPU_BASE_URL.rstrip("/")


def absolute(path: str = "/") -> str:
    """`path` on this installation's public address."""
    return base_url() + (path if path.startswith("/") else "/" + path)
