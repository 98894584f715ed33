"""API tokens: issued, listed, checked and revoked here (account page, command, API).

Tokens are django-rest-knox's: the database keeps a SHA-512 digest and the first 15
of the 64 hex digits (to find the row), never the key itself. The key is returned
once, by ``token_issue``; nobody can read it back afterwards, administrators included.
Scripts send ``Authorization: Token <key>``.

A token stands for its user's password and, for the roles in OTP_REQUIRED_ROLES, for
the second factor: it is issued only from a session that gave the TOTP code (or by an
operator on the server, ``manage.py api_token``), expires after API_TOKEN_DAYS, stops
working while the user's password is expired, and is revoked when the password, the
role, the region, superuser status or the account's activity changes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from hmac import compare_digest

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS

from indicators.accounts import access
from indicators.accounts.passwords import password_expires_at
from indicators.figures.signals import token_changed
from indicators.models import Profile, TokenRecord, TokenSource
from indicators.models.accounts import PasswordHistory

#: Sources that stand for the second factor.
SECOND_FACTOR_SOURCES = {TokenSource.OTP, TokenSource.COMMAND}


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token after its creation: never the key."""

    token_key: str
    created: datetime
    expiry: datetime | None
    last_used_at: datetime | None
    source: str

    @property
    def prefix(self) -> str:
        return self.token_key[:6]

    @property
    def expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


class TokenRefusal(Exception):
    """A token that cannot be used; ``message`` is for people, ``code`` for programs."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def token_issue_refusal(*, user: User, verified: bool) -> str | None:
    """Why this session may not issue a token, or None: the roles that need a second
    factor (and anyone with a device) issue tokens only after giving the TOTP code."""
    if verified:
        return None
    if access.role_of(user) in settings.OTP_REQUIRED_ROLES:
        return _("生成接口令牌前，请先完成双因素认证（输入验证器应用中的验证码）。")
    return None


@transaction.atomic
def token_issue(*, user: User, source: str = TokenSource.PASSWORD) -> str:
    """A new token for the user, returned in clear this once.

    The user's expired tokens go. A user holds at most API_TOKEN_LIMIT: beyond it,
    TokenRefusal ("token_limit"), rather than silently revoking one a script uses.
    """
    # Lock the user's row so that two clicks at once respect the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    if AuthToken.objects.filter(user=user).count() >= settings.API_TOKEN_LIMIT:
        message = _("您已有 %(count)d 个令牌，已达上限：请先撤销不再使用的令牌。")
        raise TokenRefusal("token_limit", message % {"count": settings.API_TOKEN_LIMIT})
    instance, key = AuthToken.objects.create(user=user, expiry=_lifetime())
    TokenRecord.objects.create(token=instance, source=source)
    token_changed.send(token_issue, user=user, issued=True)
    return key


@transaction.atomic
def token_rotate(*, user: User, source: str = TokenSource.COMMAND) -> str:
    """Revoke all of the user's tokens and issue one (``api_token --rotate``)."""
    token_revoke(user=user)
    return token_issue(user=user, source=source)


def token_revoke(*, user: User, token_key: str | None = None) -> int:
    """Revoke one of the user's tokens (by its ``token_key``), or all of them; how many went."""
    tokens = AuthToken.objects.filter(user=user)
    if token_key is not None:
        tokens = tokens.filter(token_key=token_key)
    _total, per_model = tokens.delete()
    count = per_model.get(AuthToken._meta.label, 0)
    if count:
        token_changed.send(token_revoke, user=user, issued=False)
    return count


def tokens_of(*, user: User) -> list[TokenInfo]:
    """The user's tokens, newest first (one query)."""
    rows = (
        AuthToken.objects.filter(user=user)
        .order_by("-created")
        .values_list("token_key", "created", "expiry", "record__last_used_at", "record__source")
    )
    return [TokenInfo(*row[:4], source=row[4] or "") for row in rows]


def token_of(*, user: User) -> TokenInfo | None:
    """The user's newest token; None without one."""
    tokens = tokens_of(user=user)
    return tokens[0] if tokens else None


def token_check(*, key: str) -> AuthToken:
    """The token for this key with its user, or TokenRefusal; one query, and a write
    of the last use at most once per API_TOKEN_USE_RESOLUTION."""
    password_set = PasswordHistory.objects.filter(user=OuterRef("user")).order_by(
        "-created_at", "-pk"
    )
    candidates = (
        AuthToken.objects.filter(token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH])
        .select_related("user", "user__profile", "record")
        .annotate(password_set=Subquery(password_set.values("created_at")[:1]))
    )
    digest = hash_token(key)
    token = next((t for t in candidates if compare_digest(digest, t.digest)), None)
    if token is None:
        raise TokenRefusal("authentication_failed", _("令牌无效或已撤销。"))
    _refuse_if_unusable(token)
    _note_use(token)
    return token


def _refuse_if_unusable(token: AuthToken) -> None:
    now = timezone.now()
    user = token.user
    if token.expiry is not None and token.expiry <= now:
        message = _("令牌已过期，请在“我的账户”页面生成新令牌。")
        raise TokenRefusal("token_expired", message)
    if not user.is_active:
        raise TokenRefusal("account_inactive", _("账户已停用，令牌不能再使用。"))
    expires = password_expires_at(token.password_set)
    if expires is not None and expires <= now:
        message = _("账户密码已过期，令牌暂停使用：请登录网页修改密码，然后生成新令牌。")
        raise TokenRefusal("password_expired", message)
    source = getattr(_record(token), "source", TokenSource.LEGACY)
    if access.role_of(user) in settings.OTP_REQUIRED_ROLES and source not in SECOND_FACTOR_SOURCES:
        message = _(
            "此令牌生成时未经双因素认证，不能用于您的角色：请完成双因素认证后重新生成令牌。"
        )
        raise TokenRefusal("second_factor_required", message)


def _note_use(token: AuthToken) -> None:
    record = _record(token)
    now = timezone.now()
    if record is None:
        TokenRecord.objects.create(token=token, source=TokenSource.LEGACY, last_used_at=now)
        return
    last = record.last_used_at
    if last is None or now - last >= settings.API_TOKEN_USE_RESOLUTION:
        TokenRecord.objects.filter(pk=record.pk).update(last_used_at=now)


def _record(token: AuthToken) -> TokenRecord | None:
    try:
        return token.record
    except TokenRecord.DoesNotExist:
        return None


def _lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_DAYS)


# --- Revocation when the rights or the password behind a token change ---------------
# Model signals rather than calls in each service: a password, a role or an account
# changes through our pages, Django's admin forms, manage.py changepassword and the
# administrators' reset, and every one of these paths must revoke. The receivers only
# call token_revoke, in the saving transaction.


def _user_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "is_superuser" not in update_fields:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
    instance._tokens_superuser_before = old


def _user_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    # set_password() keeps the clear password in _password until the save has run
    # (AbstractBaseUser.save); a hash upgrade at sign-in clears it first.
    password_set = getattr(instance, "_password", None) is not None
    before = getattr(instance, "_tokens_superuser_before", instance.is_superuser)
    if password_set or not instance.is_active or before != instance.is_superuser:
        token_revoke(user=instance)


def _profile_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("role", "region_id").first()
    instance._tokens_rights_before = old


def _profile_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_tokens_rights_before", None)
    if before != (instance.role, instance.region_id):
        token_revoke(user=instance.user)


def _profile_deleted(sender, instance, **kwargs):
    token_revoke(user=instance.user)


def connect() -> None:
    uid = "tokens:"
    pre_save.connect(_user_before, sender=User, dispatch_uid=uid + "user_pre")
    post_save.connect(_user_saved, sender=User, dispatch_uid=uid + "user_post")
    pre_save.connect(_profile_before, sender=Profile, dispatch_uid=uid + "profile_pre")
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid=uid + "profile_post")
    post_delete.connect(_profile_deleted, sender=Profile, dispatch_uid=uid + "profile_delete")
