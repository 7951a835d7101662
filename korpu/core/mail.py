"""E-mail helpers shared by the apps."""

from __future__ import annotations

import binascii
import datetime as dt
import email.message
import email.policy
import email.utils
import re
import sys
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.utils import timezone

# A bare addr-spec with an ASCII domain: anything else (display names, IDNA) takes Django's path.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
_VERBATIM_HEADERS = {"list-unsubscribe", "list-unsubscribe-post"}
_BASE64_CHUNK = 57  # bytes per 76-character base64 line


@lru_cache(maxsize=512)
def _folded(name: str, value: str, utf8: bool, max_line_length: int) -> str:
    """A header value folded and RFC 2047-encoded by the standard library, once per distinct value."""
    policy = email.policy.default.clone(utf8=utf8, max_line_length=max_line_length)
    folded = policy.header_factory(name, value).fold(policy=policy)
    return folded[len(name) + 1:].lstrip(" ").rstrip("\r\n")


@lru_cache(maxsize=16)
def _verbatim(policy: email.policy.EmailPolicy) -> email.policy.EmailPolicy:
    """The backend's policy, told to write the (already folded) raw header values as they are."""
    return policy.clone(refold_source="none")


def _encoded_body(text: str, policy: email.policy.EmailPolicy) -> tuple[str, str]:
    """(Content-Transfer-Encoding, payload) chosen as `email.contentmanager` chooses them, with the
    C codecs of `binascii` instead of the pure-Python quoted-printable encoder."""
    lines = text.encode("utf-8").splitlines()
    normal = b"\n".join(lines) + b"\n"
    if max((len(line) for line in lines), default=0) <= (policy.max_line_length or sys.maxsize):
        if normal.isascii():
            return "7bit", normal.decode("ascii")
        if policy.cte_type == "8bit":
            return "8bit", normal.decode("ascii", "surrogateescape")
    quoted = binascii.b2a_qp(normal, istext=True)
    canonical = b"\r\n".join(lines) + b"\r\n"
    based = b"".join(binascii.b2a_base64(canonical[start:start + _BASE64_CHUNK])
                     for start in range(0, len(canonical), _BASE64_CHUNK))
    if len(quoted) <= len(based):
        return "quoted-printable", quoted.decode("ascii")
    return "base64", based.decode("ascii")


class _PreparedHeader(str):
    """An ASCII header value that needs no folding, kept as a finished header object: writing a
    message reads its Content-Type three times and its Content-Transfer-Encoding once, and a raw
    value would be parsed by the header registry at each reading."""

    name: str

    def __new__(cls, name: str, value: str) -> _PreparedHeader:
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy: email.policy.Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


_PLAIN_TEXT = _PreparedHeader("Content-Type", 'text/plain; charset="utf-8"')
_TRANSFER_ENCODINGS = {cte: _PreparedHeader("Content-Transfer-Encoding", cte)
                       for cte in ("7bit", "8bit", "quoted-printable", "base64")}


def _safe_header(value: str) -> bool:
    return value.isascii() and "\r" not in value and "\n" not in value and len(value) < 900


class DigestMessage(EmailMessage):
    """A plain-text notification or digest e-mail to one address.

    `message()` writes its MIME form directly: the standard library's header objects (a class made
    and a parser run for every header of every e-mail) cost about 3 ms per e-mail, most of a
    50,000-recipient digest. Subject and From are folded once per distinct value; To, Date,
    Message-ID and the unsubscribe headers are plain ASCII written as they are, which also keeps
    `List-Unsubscribe` a bare `<URL>` (the library encodes long ones as RFC 2047 words, which mail
    programs do not read as a link). Anything unusual takes Django's own path.
    """

    def message(self, *, policy=email.policy.default):
        fast = self._direct_message(policy)
        return fast if fast is not None else super().message(policy=policy)

    def _direct_message(self, policy) -> email.message.EmailMessage | None:
        if (not isinstance(policy, email.policy.EmailPolicy) or self.attachments or self.cc or self.reply_to
                or len(self.to) != 1 or self.content_subtype != "plain"
                or (self.encoding or settings.DEFAULT_CHARSET).lower() != "utf-8"):
            return None
        to = str(self.to[0])
        extra = {str(name): str(value) for name, value in self.extra_headers.items()}
        subject, sender = str(self.subject), str(self.from_email)
        if (not _PLAIN_ADDRESS.fullmatch(to) or any(name.lower() not in _VERBATIM_HEADERS for name in extra)
                or not all(_safe_header(value) for value in extra.values())
                or any(c in subject + sender for c in "\r\n")):
            return None
        cte, payload = _encoded_body(str(self.body), policy)
        zone = timezone.get_current_timezone() if settings.EMAIL_USE_LOCALTIME else dt.UTC
        msg = email.message.EmailMessage(policy=_verbatim(policy))
        for name, value in (
            ("Content-Type", _PLAIN_TEXT),
            ("Content-Transfer-Encoding", _TRANSFER_ENCODINGS[cte]),
            ("MIME-Version", "1.0"),
            ("Subject", _folded("Subject", subject, policy.utf8, policy.max_line_length)),
            ("From", _folded("From", sender, policy.utf8, policy.max_line_length)),
            ("To", to),
            ("Date", email.utils.format_datetime(dt.datetime.now(zone))),
            ("Message-ID", email.utils.make_msgid(domain=DNS_NAME)),
            *extra.items(),
        ):
            msg.set_raw(name, value)
        msg.set_payload(payload)
        return msg
