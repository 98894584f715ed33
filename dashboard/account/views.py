"""我的账户: who I am, my role and region, and my API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from indicators.accounts import access
from indicators.accounts.tokens import (
    TokenRefusal,
    token_issue,
    token_issue_refusal,
    token_revoke,
    tokens_of,
)
from indicators.models import TokenSource

from .forms import TokenForm


@login_required
@never_cache  # the answer to an issue carries the new key: no-store
@require_http_methods(["GET", "POST"])
def profile(request):
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("无法识别的操作。"))
            return redirect("account:profile")
        if form.cleaned_data["action"] == "revoke":
            token_key = form.cleaned_data["token_key"] or None
            if token_revoke(user=request.user, token_key=token_key):
                messages.success(request, _("令牌已撤销，使用它的脚本将无法再访问接口。"))
            return redirect("account:profile")
        verified = request.user.is_verified()
        why_not = token_issue_refusal(user=request.user, verified=verified)
        if why_not:
            messages.error(request, why_not)
            return redirect("account:profile")
        # The key is shown once, in the answer to this POST: only its digest is stored.
        source = TokenSource.OTP if verified else TokenSource.PASSWORD
        try:
            new_key = token_issue(user=request.user, source=source)
        except TokenRefusal as refusal:
            messages.error(request, refusal.message)
            return redirect("account:profile")
    profile = access.profile_of(request.user)
    context = {
        "role": access.role_of(request.user),
        "role_label": profile.get_role_display() if profile else None,
        "region": profile.region if profile else None,
        "tokens": tokens_of(user=request.user),
        "new_key": new_key,
        "token_days": settings.API_TOKEN_DAYS,
        "use_minutes": int(settings.API_TOKEN_USE_RESOLUTION.total_seconds() // 60),
    }
    return render(request, "account/profile.html", context)
