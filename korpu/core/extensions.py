"""Extension points: the only way an upper app shows itself in a lower app's pages.

- `register_nav` puts a module in the main navigation (modules not installed are simply absent).
- `register_panel` adds a section to a lower app's page (e.g. an organisation's events on the
  network app's organisation page); the lower template renders `{% panels "slot" obj %}`.
- `register_scope_label` lets the app that owns organisations name them for lower apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    order: int = 100
    permission: str | None = None


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


_nav: list[NavItem] = []
_panels: dict[str, list[Panel]] = {}
_scope_labels: list[Callable[[Any], str | None]] = []


def register_nav(label: Any, url_name: str, *, order: int = 100, permission: str | None = None) -> None:
    """Show a module in the main navigation, to those holding `permission` (everyone when None)."""
    if all(item.url_name != url_name for item in _nav):
        _nav.append(NavItem(label, url_name, order, permission))
        _nav.sort(key=lambda item: item.order)


def nav_items() -> list[NavItem]:
    return list(_nav)


def register_panel(
    slot: str, template: str, context: Callable[[Any, Any], dict[str, Any] | None], *, order: int = 100
) -> None:
    """Render `template` in `slot` with `context(request, obj)`; a None context hides the panel."""
    entries = _panels.setdefault(slot, [])
    if all(p.template != template for p in entries):
        entries.append(Panel(slot, template, context, order))
        entries.sort(key=lambda p: p.order)


def panels(slot: str) -> list[Panel]:
    return list(_panels.get(slot, []))


def register_scope_label(resolver: Callable[[Any], str | None]) -> None:
    """Name an organisation id for display in lower apps (accounts' invitations, role lists)."""
    _scope_labels.append(resolver)


def scope_label(organisation_id: Any) -> str:
    for resolver in _scope_labels:
        label = resolver(organisation_id)
        if label:
            return label
    return str(organisation_id)[:8]

