"""What the account pages need to know about people, read here: the pages run no
query themselves (tests/architecture/test_pages_without_orm.py)."""

from collections.abc import Collection

from django.contrib.auth.models import User

from ..models import Profile, Report, Role


def users_by_id(ids: Collection[int]) -> dict[int, User]:
    """The users with these ids, by id; no query for none."""
    return User.objects.in_bulk(ids) if ids else {}


def year_awaiting_review(user: User) -> int | None:
    """For a county official, the latest year in which towns' reports wait for their
    review; None for anyone else, or when nothing waits. Two queries at most."""
    profile = Profile.objects.select_related("region").filter(user=user).first()
    if profile is None or profile.role != Role.COUNTY or profile.region is None:
        return None
    return Report.objects.within(profile.region).year_awaiting_review()
