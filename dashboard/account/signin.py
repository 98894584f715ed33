"""Sign-in pages: password, then the TOTP code if the user has a device; password change.

There is no password reset by mail (there is no mail): the login page says to ask
an administrator, who sets a new password in the admin.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from indicators.accounts.backup_codes import backups_left
from indicators.accounts.devices import confirmed_device
from indicators.accounts.resets import password_reset_done, resets_owed
from indicators.models import BackupCodeDevice, ResetKind

from .forms import SignInCodeForm
from .landing import landing_url
from .lockout import lockout_response
from .recovery import device_accepting
from .security import FACTS, password_expiry, pending_step, update_facts


def safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


class SignInView(LoginView):
    """Django's login (it passes ``request`` to ``authenticate``, which django-axes needs)."""

    template_name = "registration/login.html"

    def get_default_redirect_url(self):
        """Without a ``next`` page: where this user's work starts (landing.py)."""
        return landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        if pending_step(self.request) == "login_verify":
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('login_verify')}?{query}")
        return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def login_verify(request):
    """The second step of signing in: the code of the user's authenticator app."""
    user = request.user
    device = confirmed_device(user)
    if device is None or getattr(user, "otp_device", None) is not None:
        update_facts(request, otp_device=device is not None)
        return redirect(safe_next(request))
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST":
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            logout(request)
            return lockout_response(request, None, credentials)
        if form.is_valid():
            allowed, _detail = device.verify_is_allowed()
            if not allowed:
                form.add_error(None, _("输入错误次数较多，请稍等片刻再输入新的验证码。"))
            elif used := device_accepting(user, device, form.cleaned_data["otp_token"]):
                otp_login(request, used)
                if isinstance(used, BackupCodeDevice):
                    left = backups_left(user=user)
                    messages.warning(
                        request,
                        _("您用一个备用码登录了，它已作废；还剩 %(left)d 个。") % {"left": left},
                    )
                return redirect(safe_next(request))
            else:
                message = _("验证码不正确或已过期，请输入应用中当前显示的验证码。")
                form.add_error("otp_token", message)
                # Counted with wrong passwords: enough wrong codes lock the account too.
                user_login_failed.send(__name__, credentials=credentials, request=request)
                if getattr(request, "axes_locked_out", False):
                    logout(request)  # AxesMiddleware answers with the lockout page
    context = {"form": form, "next": safe_next(request, "")}
    return render(request, "registration/login_verify.html", context)


class PasswordChange(PasswordChangeView):
    """Django's password change; the policy's validators run in its form."""

    template_name = "registration/password_change_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facts = self.request.session.get(FACTS) or {}
        expires = password_expiry(facts) if facts else None
        context["expired"] = expires is not None and expires <= timezone.now()
        context["expires"] = expires
        context["next"] = safe_next(self.request, "")
        # A password an administrator set is one-time: say who set it, and when.
        context["reset"] = resets_owed(self.request.user).get(ResetKind.PASSWORD)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset_done(user=self.request.user)
        update_facts(self.request, password_changed=timezone.now(), password_reset=False)
        next_url = safe_next(self.request, "")
        if not next_url:
            return response
        messages.success(self.request, _("密码已修改。"))
        return redirect(next_url)
