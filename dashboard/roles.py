"""Pages for one role: a signed-in user without it gets a Chinese 403 saying who may."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def role_required(may: Callable, message: str):
    """Decorate a view so that only users for whom ``may(user)`` holds reach it;
    anonymous visitors are sent to sign in first."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may(request.user):
                return render(request, "audit/forbidden.html", {"message": message}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
