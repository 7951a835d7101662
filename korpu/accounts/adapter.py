from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: mails go out in the reader's active language (allauth renders them)."""

    def is_open_for_signup(self, request):
        return True
