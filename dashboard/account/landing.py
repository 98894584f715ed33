"""Where a user lands after signing in, when no page asked for the sign-in (``next``)."""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.http import urlencode

from indicators.accounts.reads import year_awaiting_review


def landing_url(user: User) -> str:
    """A county official opens 填报进度 while towns' reports wait for their review, on
    the latest such year, since deciding them is the job waiting; everyone else, and
    the official with nothing to decide, the overview. Two queries at most."""
    year = year_awaiting_review(user)
    if year is not None:
        return f"{reverse('entry:progress')}?{urlencode({'year': year})}"
    return reverse("dashboard:overview")
