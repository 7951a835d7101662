"""`korpu plaque render --project ID ...`: a plaque's names taken from the project's fund.

Settings come from the project's plaque when the foundation set one up (title, dedication, tiers,
threshold, order, size); the command-line options override them.
"""

from __future__ import annotations

import argparse
import os
from decimal import Decimal

from korpu.plaques.rendering import PlaqueError, PlaqueSpec


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()


def spec_from_project(args: argparse.Namespace) -> PlaqueSpec:
    """The PlaqueSpec for a project's plaque, from the ledger; PlaqueError on bad input."""
    from korpu.plaques.cli import _parse_size, _texts

    _setup_django()
    from django.core.exceptions import ValidationError

    from korpu.core.errors import KorpuError
    from korpu.core.formatting import minor_digits
    from korpu.plaques import services
    from korpu.plaques.models import Plaque
    from korpu.revival.models import Project

    ref = str(args.project).strip()
    try:
        project = Project.objects.filter(slug=ref).first() or Project.objects.filter(pk=ref).first()
    except (ValidationError, ValueError):
        project = None
    if project is None:
        raise PlaqueError(f"There is no revival project {ref!r}.")
    plaque = project.plaques.order_by("-created_at").first() or Plaque(
        project=project, title={k: v for k, v in list(project.title.items())[:2]}, currency=project.currency)
    if args.title:
        plaque.title = _texts(args.title, args.lang or plaque.lang)
    if args.dedication:
        plaque.dedication = _texts(args.dedication, args.lang or plaque.lang)
    if args.lang:
        plaque.lang = args.lang
    if args.threshold is not None:
        plaque.threshold_minor = int(Decimal(str(args.threshold)).scaleb(minor_digits(plaque.currency)))
    if args.size:
        plaque.width_mm, plaque.height_mm = (Decimal(str(v)) for v in _parse_size(args.size))
    if args.min_cap_height is not None:
        plaque.min_cap_height_mm = Decimal(str(args.min_cap_height))
    if args.margin != 20.0 or not plaque.pk:
        plaque.margin_mm = Decimal(str(args.margin))
    plaque.allow_panels = bool(args.panels)
    plaque.uppercase_title = bool(args.uppercase_title) or plaque.uppercase_title
    try:
        rows, anonymous = services.names_from_ledger(plaque)
    except KorpuError as exc:
        raise PlaqueError(str(exc.message)) from exc
    spec = services.spec_for(plaque, rows, anonymous)
    if args.qr:
        spec = PlaqueSpec(**{**spec.__dict__, "qr_url": args.qr})
    print(f"{len(rows)} names, {anonymous} anonymous donors counted, from the fund of {project.slug}.")
    return spec
