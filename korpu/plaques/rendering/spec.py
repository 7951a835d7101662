"""What a plaque says and how big it is: the input of the engine."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .collation import collation_key

DEFAULT_MIN_CAP_HEIGHT_MM = 6.35
"""A quarter inch: the smallest capital that casts cleanly in bronze."""


@dataclass(frozen=True)
class NameEntry:
    """One donor's name as it will be engraved, exactly as written."""

    text: str
    tier: str | None = None
    key: str | None = None
    """Optional text to sort by instead of `text` (for example the surname first)."""


@dataclass(frozen=True)
class PlaqueSpec:
    """Everything the engine needs to lay out a plaque.

    `title` and `dedication` map a language code to text; a dedication text may hold several
    lines separated by newlines. Sizes are in millimetres.
    """

    title: Mapping[str, str]
    names: Sequence[NameEntry]
    width_mm: float
    height_mm: float
    dedication: Mapping[str, str] = field(default_factory=dict)
    tiers: Sequence[str] = ()
    margin_mm: float = 20.0
    min_cap_height_mm: float = DEFAULT_MIN_CAP_HEIGHT_MM
    lang: str = "az"
    qr_url: str | None = None
    uppercase_title: bool = False
    allow_panels: bool = False
    """Split into several panels of this size instead of raising PlaqueDoesNotFit."""

    def __post_init__(self) -> None:
        # Accept a bare string for a one-language title; store the map the rest expects.
        if isinstance(self.title, str):
            object.__setattr__(self, "title", {self.lang: self.title})
        if isinstance(self.dedication, str):
            object.__setattr__(self, "dedication", {self.lang: self.dedication})
        object.__setattr__(
            self,
            "names",
            tuple(n if isinstance(n, NameEntry) else NameEntry(n) for n in self.names),
        )


def sort_names(names: Sequence[NameEntry | str], lang: str) -> list[NameEntry]:
    """Return names in lang's alphabetical order (by `key` where given)."""
    entries = [n if isinstance(n, NameEntry) else NameEntry(n) for n in names]
    return sorted(entries, key=lambda n: collation_key(n.key or n.text, lang))
