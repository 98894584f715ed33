"""API tokens: one per user, issued, rotated and revoked here (profile page, command).

Tokens are django-rest-knox's: the database keeps a SHA-512 digest and the first 15
of the 64 hex digits (to find the row), never the key itself. The key is returned
once, by ``token_issue``; nobody can read it back afterwards, administrators included.
Scripts still send ``Authorization: Token <key>``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from knox.models import AuthToken

from .figures.signals import token_changed


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token after its creation: never the key."""

    created: datetime
    prefix: str


@transaction.atomic
def token_issue(*, user: User) -> str:
    """A new token for the user, returned in clear this once; any previous one stops working."""
    # Lock the user's row so that a double click leaves one token, not two.
    User.objects.select_for_update().filter(pk=user.pk).first()
    AuthToken.objects.filter(user=user).delete()
    _instance, key = AuthToken.objects.create(user=user, expiry=None)
    token_changed.send(token_issue, user=user, issued=True)
    return key


def token_revoke(*, user: User) -> bool:
    """Revoke the user's token; False when there was none."""
    deleted, _detail = AuthToken.objects.filter(user=user).delete()
    if deleted:
        token_changed.send(token_revoke, user=user, issued=False)
    return bool(deleted)


def token_of(*, user: User) -> TokenInfo | None:
    """When the user's token was made and how it begins; None without one."""
    token = AuthToken.objects.filter(user=user).order_by("-created").first()
    if token is None:
        return None
    return TokenInfo(created=token.created, prefix=token.token_key[:6])
