"""Security headers Django's own middleware does not set, and the two exceptions to the defaults.

Django's SecurityMiddleware sets HSTS (production), nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy; the CSP middleware sets the Content Security Policy; the clickjacking
middleware sets X-Frame-Options: DENY. This middleware adds, to every response (HEAD included):

- `Permissions-Policy` switching off powerful features, except the camera on the check-in pages
  (their QR scanner) — paths from `settings.KORPU_CAMERA_PATHS`;
- `Cross-Origin-Resource-Policy: same-origin`;
- the framing exception: the live-tally widget, the one page other sites may embed
  (`settings.KORPU_FRAMEABLE_PATHS`), loses X-Frame-Options and gets `frame-ancestors *`.

Place it FIRST in MIDDLEWARE: as the outermost layer it also covers responses other middleware
answer by themselves (redirects, 429, lock-outs), and it sees the CSP and X-Frame-Options headers
the inner layers wrote, so the widget's exception rewrites them.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy

FEATURES_OFF = (
    "accelerometer", "autoplay", "browsing-topics", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb",
)
# WebAuthn (MFA with security keys) needs publickey-credentials-get on our own origin.
SELF_ALLOWED = ("publickey-credentials-get",)

DEFAULT_CAMERA_PATHS = [r"^/coordination/.*check-?in", r"^/coordination/.*scan"]
DEFAULT_FRAMEABLE_PATHS = [r"^/giving/.*(widget|embed)", r"^/giving/.*/tally/(screen|embed)"]


def permissions_policy(*, camera: bool) -> str:
    parts = []
    for feature in FEATURES_OFF:
        parts.append(f"{feature}=(self)" if feature in SELF_ALLOWED else f"{feature}=()")
    parts.append("camera=(self)" if camera else "camera=()")
    parts.append("fullscreen=(self)")
    return ", ".join(parts)


def _patterns(name: str, default: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in getattr(settings, name, default)]


def camera_allowed(path: str) -> bool:
    return any(p.search(path) for p in _patterns("KORPU_CAMERA_PATHS", DEFAULT_CAMERA_PATHS))


def frameable(path: str) -> bool:
    return any(p.search(path) for p in _patterns("KORPU_FRAMEABLE_PATHS", DEFAULT_FRAMEABLE_PATHS))


class SecurityHeadersMiddleware:
    """Permissions-Policy, CORP and the framing exception of the tally widget."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        response.headers.setdefault("Permissions-Policy", permissions_policy(camera=camera_allowed(path)))
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not frameable(path):
            # also on answers inner middleware gave before the clickjacking middleware ran (429s)
            if not getattr(response, "xframe_options_exempt", False):
                response.headers.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
        else:
            if "X-Frame-Options" in response:
                del response["X-Frame-Options"]
            config = dict(getattr(response, "_csp_config", None) or settings.SECURE_CSP)
            config["frame-ancestors"] = ["*"]
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(config, get_nonce(request))
        return response
