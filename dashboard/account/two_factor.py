"""双因素认证: enrolling a TOTP authenticator app (django-otp), with a QR code made here.

The QR code is drawn by segno on this server and embedded as a data: image: no
outside service ever sees the secret. Any standard authenticator app reads it.
Enrolment ends with ten one-time backup codes, shown once (indicators/accounts/
backup_codes.py). A lost phone without codes is reset by the security administrator
in the admin (双因素设备 → 重置), and the user enrols again at the next sign-in.
"""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from indicators.accounts.backup_codes import backup_codes_issue, backups_left
from indicators.accounts.devices import confirmed_device, device_confirm, pending_device

from .forms import CodeForm
from .security import update_facts
from .signin import safe_next


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    user = request.user
    confirmed = confirmed_device(user)
    if confirmed is not None:
        return _enrolled(request, confirmed)
    device = pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            form.add_error(None, _("输入错误次数较多，请稍等片刻再输入新的验证码。"))
        elif device.verify_token(form.cleaned_data["otp_token"]):
            codes = device_confirm(user, device)
            otp_login(request, device)
            update_facts(request, otp_device=True, otp_reset=False)
            messages.success(request, _("双因素认证已启用：以后登录时需输入验证器应用中的验证码。"))
            return _codes_page(request, codes)
        else:
            message = _("验证码不正确，请确认手机时间准确后输入当前显示的验证码。")
            form.add_error("otp_token", message)
    context = {
        "form": form,
        "qr": qr_data_uri(device.config_url),
        "secret": b32encode(device.bin_key).decode(),
        "next": safe_next(request, ""),
    }
    return render(request, "account/two_factor.html", context)


def _codes_page(request, codes: list[str]):
    """The backup codes in clear, in the answer to this POST only (never_cache)."""
    context = {"codes": codes, "next": safe_next(request, "")}
    return render(request, "account/backup_codes.html", context)


def _enrolled(request, device):
    """The enrolled user's page: how many backup codes are left, and new ones on request."""
    if request.method == "POST" and request.POST.get("action") == "backup_codes":
        return _codes_page(request, backup_codes_issue(user=request.user))
    context = {"device": device, "backups_left": backups_left(user=request.user)}
    return render(request, "account/two_factor.html", context)
