"""Errors raised while laying out or rendering a plaque.

Messages are plain English sentences; the Django layer translates them at the edge.
"""


class PlaqueError(ValueError):
    """A plaque that cannot be made from the given input."""


class EmptyPlaque(PlaqueError):
    """The name list is empty."""

    def __init__(self) -> None:
        super().__init__("The plaque has no names to engrave.")


class UnsupportedLanguage(PlaqueError):
    """The plaque language has no collation."""

    def __init__(self, lang: str, known: list[str]) -> None:
        self.lang = lang
        super().__init__(
            f"Plaque language {lang!r} is not supported; use one of: {', '.join(known)}."
        )


class UnknownTier(PlaqueError):
    """A name refers to a tier that the plaque does not list."""

    def __init__(self, name: str, tier: str) -> None:
        self.name = name
        self.tier = tier
        super().__init__(f"The name {name!r} has tier {tier!r}, which the plaque does not list.")


class UnsupportedCharacters(PlaqueError):
    """Text holds characters that no shipped font can draw."""

    def __init__(self, text: str, chars: list[str]) -> None:
        self.text = text
        self.chars = chars
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)
        super().__init__(f"No shipped font can engrave {text!r}: missing characters {shown}.")


class NameTooLong(PlaqueError):
    """One name is wider than the plaque's usable width at the minimum letter size."""

    def __init__(self, name: str, width_mm: float, available_mm: float) -> None:
        self.name = name
        super().__init__(
            f"The name {name!r} is {width_mm:.1f} mm wide at the minimum letter height, "
            f"but the plaque has only {available_mm:.1f} mm between its margins."
        )


class TitleTooLong(PlaqueError):
    """A title or dedication line is wider than the plaque at the minimum letter size."""

    def __init__(self, text: str, width_mm: float, available_mm: float) -> None:
        self.text = text
        super().__init__(
            f"The line {text!r} is {width_mm:.1f} mm wide at the minimum letter height, "
            f"but only {available_mm:.1f} mm are available for it."
        )


class PlaqueTooSmall(PlaqueError):
    """The plaque (after margins) cannot hold even the heading and one line of names."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"The plaque is too small: {reason}")


class PlaqueDoesNotFit(PlaqueError):
    """The names do not fit on one plaque at the minimum letter height."""

    def __init__(self, panels_needed: int) -> None:
        self.panels_needed = panels_needed
        super().__init__(
            f"The names do not fit on one plaque at the minimum letter height; "
            f"{panels_needed} panels of this size are needed."
        )
