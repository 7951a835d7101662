"""The plaques app's domain errors, and the translation of the rendering engine's errors.

The engine (pure Python) raises plain English messages; here each becomes a translated
KorpuError that names the offending name, so the user learns what to change.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from korpu.core.errors import KorpuError
from korpu.plaques import rendering


class PlaquesError(KorpuError):
    """A plaque that cannot be made as asked."""

    default_message = gettext_lazy("This plaque cannot be made as asked.")


def translate(exc: rendering.PlaqueError) -> PlaquesError:
    """A translated PlaquesError for one of the engine's errors."""
    if isinstance(exc, rendering.EmptyPlaque):
        return PlaquesError(_("The plaque has no names to engrave."), code="empty")
    if isinstance(exc, rendering.NameTooLong):
        return PlaquesError(_("The name “{name}” is longer than a line of the plaque at the minimum letter "
                              "height. Use a wider plaque or a smaller minimum cap height.").format(name=exc.name),
                            code="name_too_long", details={"name": exc.name})
    if isinstance(exc, rendering.UnsupportedCharacters):
        chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in exc.chars)
        return PlaquesError(_("No font shipped for plaques can engrave “{name}”: it has {chars}. Ask the donor "
                              "for a Latin, Cyrillic or Arabic form.").format(name=exc.text, chars=chars),
                            code="unsupported_script", details={"name": exc.text, "characters": exc.chars})
    if isinstance(exc, rendering.PlaqueDoesNotFit):
        return PlaquesError(_("The names do not fit on one plaque of this size at the minimum letter height; "
                              "{n} panels are needed. Allow panels, or choose a larger size.").format(
                                  n=exc.panels_needed), code="does_not_fit", details={"panels": exc.panels_needed})
    if isinstance(exc, rendering.PlaqueTooSmall):
        return PlaquesError(_("The plaque is too small to hold even one name at the minimum letter height."),
                            code="too_small")
    if isinstance(exc, rendering.TitleTooLong):
        return PlaquesError(_("The line “{text}” is wider than the plaque at the minimum letter height.").format(
            text=exc.text), code="title_too_long")
    if isinstance(exc, rendering.UnknownTier):
        return PlaquesError(_("The name “{name}” has the tier “{tier}”, which the plaque does not list.").format(
            name=exc.name, tier=exc.tier), code="unknown_tier")
    if isinstance(exc, rendering.UnsupportedLanguage):
        return PlaquesError(_("Plaques cannot be set in the language “{lang}”.").format(lang=exc.lang),
                            code="unsupported_language")
    return PlaquesError(_("This plaque cannot be made as asked."))
