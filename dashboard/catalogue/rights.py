"""Who opens the catalogue pages: the 管理员 role, nobody else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from indicators.accounts.access import may_edit_catalogue


def catalogue_editor(view):
    """Anonymous visitors go to sign in; anyone else without the right gets the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_edit_catalogue(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
