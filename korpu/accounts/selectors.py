from korpu.accounts.models import ApiToken, Invitation, RoleAssignment


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def roles_of(user):
    return RoleAssignment.objects.filter(user=user).select_related("role").order_by("role__code")


def invitations_sent_by(user):
    return Invitation.objects.filter(invited_by=user).select_related("role").order_by("-created_at")[:50]
