"""API tokens: one per user, issued, rotated and revoked here (profile page, command, admin)."""

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """A new token for the user; any previous one stops working at once."""
    # Lock the user's row so that a double click issues one token, not an
    # IntegrityError on the one-token-per-user constraint.
    User.objects.select_for_update().filter(pk=user.pk).first()
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user: User) -> bool:
    """Revoke the user's token; False when there was none."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    return bool(deleted)


def token_of(user: User) -> Token | None:
    return Token.objects.filter(user=user).first()
