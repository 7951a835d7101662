"""Demo data: core and accounts' part (users and roles), and the driver that runs every app's
`demo.load(out=...)` in dependency order. Each loader is idempotent: a second run adds nothing."""

from __future__ import annotations

import importlib
from typing import TextIO

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "korpu-demo-2026"
DEMO_DOMAIN = "demo.korpu.az"
# The demo's fixed organisation id for the officer personas until the network app supplies
# real organisations.
DEMO_USERS = [
    # (email, display name, language, role, needs an organisation)
    ("admin", "Aysel Məmmədova", "az", "committee_admin"),
    ("staff", "Rəşad Əliyev", "az", "committee_staff"),
    ("officer", "Leyla Hüseynova", "en", "org_admin"),
    ("editor", "Дмитрий Алиев", "ru", "org_editor"),
    ("member", "Elif Yılmaz", "tr", "member"),
]


def demo_email(kind: str) -> str:
    return f"{kind}@{DEMO_DOMAIN}"


def load_all(*, out: TextIO) -> None:
    """Run every app's demo loader, lower apps first."""
    for config in apps.get_app_configs():
        if not config.name.startswith("korpu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            module.load(out=out)


def ensure_user(email: str, name: str, language: str):
    from allauth.account.models import EmailAddress

    from korpu.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name, language=language,
                                        timezone="Asia/Baku")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def load(*, out: TextIO) -> None:
    """Demo users, one per role. Organisation roles are given by the network app's demo."""
    from korpu.accounts.services import do_assign_role
    from korpu.core.roles import Scope, declared_roles

    roles = declared_roles()
    with transaction.atomic():
        for kind, name, language, role in DEMO_USERS:
            user = ensure_user(demo_email(kind), name, language)
            if roles[role].scope == Scope.PLATFORM:
                do_assign_role(actor="system", user=user, role_code=role)
    print("  users: one per role", file=out)


def sign_in_help(url: str) -> str:
    lines = [
        "",
        f"Körpü is ready at {url}",
        f"Sign in at {url}accounts/login/ with any of these (password: {DEMO_PASSWORD}):",
    ]
    for kind, _name, _language, role in DEMO_USERS:
        lines.append(f"  {demo_email(kind):32} {role}")
    lines.append(f"  {demo_email('press'):32} media_officer")
    lines.append(f"  {demo_email('foundation'):32} foundation_officer")
    lines.append(f"  {demo_email('foundation2'):32} foundation_officer (the second pair of eyes)")
    lines.append(f"  {demo_email('callcentre'):32} call_centre_volunteer")
    lines.append(f"  {demo_email('auditor'):32} auditor")
    lines.append("Committee roles set up an authenticator app (TOTP) at their first sign-in.")
    return "\n".join(lines)
