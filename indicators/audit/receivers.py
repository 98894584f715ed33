"""What the audit trail records, as signal receivers.

Sign-in and sign-out (Django's auth signals), lockouts (django-axes, when installed),
accounts and roles (model signals), the admin's own log, and API tokens (sent by
:mod:`indicators.accounts.tokens`). Writes of figures and targets and workflow moves are not
received: their write services record them (:mod:`.events`) in their transaction.
"""

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save

from ..figures.signals import token_changed
from ..models import Profile
from .events import audit_record
from .models import Action

User = get_user_model()

# Account fields whose change is recorded by name; the password only as "changed".
ACCOUNT_FIELDS = (
    "username",
    "password",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
)


def _logged_in(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN, user=user, request=request, obj=user)


def _logged_out(sender, request, user, **kwargs):
    audit_record(action=Action.LOGOUT, user=user, request=request, obj=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    # Django masks the password in ``credentials``; only the name is kept.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        action=Action.LOGIN_FAILED,
        username=username,
        request=request,
        details={"username": username},
    )


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_record(
        action=Action.LOCKED_OUT,
        username=str(username or "")[:150],
        request=request,
        details={"username": username or "", "ip_address": ip_address or ""},
    )


def _token_changed(sender, user, issued, **kwargs):
    # The actor is the request's user (the owner on the profile page); from the
    # api_token command there is none. The token's owner is the object; the key is
    # never recorded.
    action = Action.TOKEN_ISSUED if issued else Action.TOKEN_REVOKED
    audit_record(action=action, obj=user)


def _account_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or _last_login_only(update_fields):
        return
    old = sender.objects.filter(pk=instance.pk).values(*ACCOUNT_FIELDS).first()
    instance._audit_before = old


def _account_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or _last_login_only(update_fields):
        return
    if created:
        fields = {name: getattr(instance, name) for name in ACCOUNT_FIELDS if name != "password"}
        audit_record(action=Action.USER_CREATED, obj=instance, details={"fields": fields})
        return
    old = getattr(instance, "_audit_before", None) or {}
    changed = [name for name in ACCOUNT_FIELDS if old.get(name) != getattr(instance, name)]
    if changed:
        audit_record(action=Action.USER_CHANGED, obj=instance, details={"changed": changed})


def _account_deleted(sender, instance, **kwargs):
    audit_record(action=Action.USER_DELETED, obj=instance)


def _last_login_only(update_fields) -> bool:
    # Every sign-in saves last_login; the sign-in itself is the event.
    return update_fields is not None and set(update_fields) == {"last_login"}


def _profile_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._audit_before = (
        sender.objects.filter(pk=instance.pk).values("role", "region_id").first()
    )


def _profile_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    now = {"role": instance.role, "region": instance.region_id}
    old = getattr(instance, "_audit_before", None)
    if created or old is None:
        audit_record(
            action=Action.ROLE_GRANTED, obj=instance, details={"account": _who(instance), **now}
        )
        return
    before = {"role": old["role"], "region": old["region_id"]}
    if before != now:
        audit_record(
            action=Action.ROLE_CHANGED,
            obj=instance,
            details={"account": _who(instance), "before": before, "after": now},
        )


def _profile_deleted(sender, instance, **kwargs):
    details = {"account": _who(instance), "role": instance.role, "region": instance.region_id}
    audit_record(action=Action.ROLE_REVOKED, obj=instance, details=details)


def _who(profile: Profile) -> str:
    return User.objects.filter(pk=profile.user_id).values_list("username", flat=True).first() or ""


def _admin_logged(sender, instance, created, raw=False, **kwargs):
    # One object's admin action is saved (this signal); several at once are
    # bulk-created without signals, but accounts and roles are recorded by their own
    # model signals above whichever way they change.
    if raw or not created:
        return
    model = None
    if instance.content_type_id:
        model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    audit_record(
        action=Action.ADMIN_ACTION,
        user=instance.user,
        details={
            "flag": instance.action_flag,
            "model": model._meta.label_lower if model else "",
            "object_id": instance.object_id or "",
            "object_repr": instance.object_repr,
            "message": instance.get_change_message(),
        },
    )


def connect() -> None:
    uid = "audit:"
    user_logged_in.connect(_logged_in, dispatch_uid=uid + "login")
    user_logged_out.connect(_logged_out, dispatch_uid=uid + "logout")
    user_login_failed.connect(_login_failed, dispatch_uid=uid + "login_failed")
    token_changed.connect(_token_changed, dispatch_uid=uid + "token")
    pre_save.connect(_account_before, sender=User, dispatch_uid=uid + "user_pre")
    post_save.connect(_account_saved, sender=User, dispatch_uid=uid + "user_post")
    post_delete.connect(_account_deleted, sender=User, dispatch_uid=uid + "user_delete")
    pre_save.connect(_profile_before, sender=Profile, dispatch_uid=uid + "profile_pre")
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid=uid + "profile_post")
    post_delete.connect(_profile_deleted, sender=Profile, dispatch_uid=uid + "profile_delete")
    post_save.connect(_admin_logged, sender=LogEntry, dispatch_uid=uid + "admin_log")
    if apps.is_installed("axes"):
        # django-axes is optional; its signal exists only when it is installed.
        from axes.signals import user_locked_out

        user_locked_out.connect(_locked_out, dispatch_uid=uid + "locked_out")
