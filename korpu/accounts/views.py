"""Account pages of our own (allauth provides sign-in, sign-up, e-mail, password and MFA pages)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.accounts import selectors, services
from korpu.accounts.errors import AccountsError
from korpu.accounts.forms import InviteForm, ProfileForm, TokenForm
from korpu.core import permissions
from korpu.core.access import requires, signed_in
from korpu.core.errors import KorpuError
from korpu.core.extensions import scope_label


@signed_in
def profile(request):
    user = request.user
    initial = {"display_name": user.display_name, "language": user.language or get_language(),
               "timezone": user.timezone or "Asia/Baku"}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_profile(actor=user, display_name=form.cleaned_data["display_name"],
                                       language=form.cleaned_data["language"],
                                       timezone_name=form.cleaned_data["timezone"])
        except AccountsError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    roles = [(a, scope_label(a.organisation_id) if a.organisation_id else "") for a in selectors.roles_of(user)]
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


@signed_in
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.do_create_api_token(actor=request.user, name=form.cleaned_data["name"])
        except AccountsError as exc:
            form.add_error("name", str(exc.message))
        else:
            form = TokenForm()
    return render(request, "accounts/tokens.html",
                  {"form": form, "tokens": selectors.tokens_of(request.user), "new_token": new_token})


@signed_in
@require_POST
def revoke_token(request, token_id):
    try:
        services.do_revoke_api_token(actor=request.user, token_id=token_id)
    except AccountsError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The token is revoked."))
    return redirect("accounts:tokens")


@requires("accounts.invite_user")
def invite(request):
    user = request.user
    if permissions.is_platform(user, "accounts.invite_user"):
        org_ids = sorted({a.organisation_id for a in selectors.roles_of(user) if a.organisation_id}, key=str)
        org_ids = org_ids or []
    else:
        org_ids = sorted(permissions.organisations_with(user, "accounts.invite_user"), key=str)
    organisations = [(str(o), scope_label(o)) for o in org_ids]
    roles = [(r.code, str(r)) for r in services.invitable_roles(user)]
    form = InviteForm(request.POST or None, organisations=organisations, roles=roles,
                      initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_invite_user(
                actor=user, email=form.cleaned_data["email"], role_code=form.cleaned_data["role"],
                organisation_id=_uuid(form.cleaned_data["organisation"]), language=form.cleaned_data["language"],
                base_url=request.build_absolute_uri("/"),
            )
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The invitation to {email} is on its way.").format(email=form.cleaned_data["email"]))
            return redirect("accounts:invite")
    return render(request, "accounts/invite.html",
                  {"form": form, "sent": selectors.invitations_sent_by(user)})


def _uuid(value):
    import uuid

    return uuid.UUID(value)


@signed_in
def accept_invitation(request, token):
    if request.method == "POST":
        try:
            services.do_accept_invitation(actor=request.user, raw_token=token)
        except AccountsError as exc:
            messages.error(request, str(exc.message))
            return render(request, "accounts/accept_invitation.html", {"failed": True}, status=400)
        messages.success(request, _("Welcome! Your new role is active."))
        return redirect("accounts:profile")
    return render(request, "accounts/accept_invitation.html", {"failed": False})
