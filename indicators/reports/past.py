"""Past reports (历年报告) as their pages read them: the towns a user may read them in
for, their uploads, one upload's files. Only its uploader finds an upload. The pages
run no query themselves (tests/architecture/test_pages_without_orm.py)."""

from django.contrib.auth.models import User

from ..accounts import access
from ..models import PastReport, Region


def readable_towns(user: User) -> list[Region]:
    """The towns in the user's region: those whose past reports they may read in."""
    towns = Region.objects.towns().only("code", "name").order_by("code")
    if access.is_admin(user):
        return list(towns)
    profile = access.profile_of(user)
    if profile is None or profile.region is None:
        return []
    return list(towns.within(profile.region))


def recent_uploads(user: User, count: int = 8) -> list[dict]:
    """The user's latest files: bundle, file name, when, state; newest first."""
    uploads = PastReport.objects.filter(user=user).order_by("-created_at")
    return list(uploads.values("bundle", "file_name", "created_at", "state")[:count])


def bundle_reports(user: User, bundle) -> list[PastReport]:
    """The files of the user's upload, with their towns; empty for anyone else's."""
    return list(PastReport.objects.filter(bundle=bundle, user=user).select_related("region"))
