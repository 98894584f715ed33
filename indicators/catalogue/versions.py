"""Catalogue versions: each change is one, with who, when, why, what and the whole
catalogue after it; any two compare field by field."""

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from ..audit.events import audit_record
from ..audit.models import Action
from ..models import CatalogueVersion
from .diff import CatalogueDiff, catalogue_diff
from .toml_io import Catalogue, catalogue_parse, catalogue_toml

#: Who a version written by ``manage.py load_catalogue`` names: no person.
LOADER = "load_catalogue"


def version_record(
    *,
    user: User | AnonymousUser | None,
    reason: str,
    changes: list[dict],
    snapshot: str | None = None,
    username: str = "",
) -> CatalogueVersion:
    """The new version and its audit entry, in the caller's transaction."""
    person = user if user is not None and user.is_authenticated else None
    version = CatalogueVersion.objects.create(
        user=person,
        username=person.get_username() if person is not None else username,
        reason=reason,
        changes=changes,
        snapshot=catalogue_toml() if snapshot is None else snapshot,
    )
    audit_record(
        action=Action.CATALOGUE_CHANGED,
        user=person,
        username=username,
        obj=version,
        details={
            "reason": reason,
            "version": version.pk,
            "changes": [
                {
                    "action": change["action"],
                    "kind": change["kind"],
                    "code": change["code"],
                    **(
                        {"fields": [f["field"] for f in change["fields"]]}
                        if "fields" in change
                        else {}
                    ),
                }
                for change in changes
            ],
        },
    )
    return version


def versions_diff(old: CatalogueVersion, new: CatalogueVersion) -> CatalogueDiff:
    """What changed from ``old`` to ``new`` (either may be the later one)."""
    return catalogue_diff(
        catalogue_parse(old.snapshot, check=False), catalogue_parse(new.snapshot, check=False)
    )


def edited_by_people() -> bool:
    """Whether an administrator has changed the catalogue (the file is then no longer its
    source: ``load_catalogue`` leaves it alone)."""
    return CatalogueVersion.objects.exclude(username__in=("", LOADER)).exists()


def catalogue_loaded() -> CatalogueVersion:
    """The version of a ``load_catalogue`` that changed something: no person, the
    differences from the last version (everything, the first time)."""
    last = CatalogueVersion.objects.order_by("-pk").first()
    before = catalogue_parse(last.snapshot, check=False) if last else Catalogue()
    snapshot = catalogue_toml()
    diff = catalogue_diff(before, catalogue_parse(snapshot, check=False))
    reason = (
        _("安装默认目录（load_catalogue）")
        if last is None
        else _("按目录文件更新（load_catalogue）")
    )
    return version_record(
        user=None, username=LOADER, reason=reason, changes=diff.as_changes(), snapshot=snapshot
    )
