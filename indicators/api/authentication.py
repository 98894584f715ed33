"""``Authorization: Token <key>``, checked by the domain (indicators/accounts/tokens.py).

The header reaches us as bytes (a WSGI server decodes it as ISO-8859-1): anything
but a key's hex digits is refused here with a JSON 401 before any query, so a stray byte
such as 0xE9 is never decoded as UTF-8 (knox's own class answered that with a 500).
"""

import re

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

from indicators.accounts.tokens import TokenRefusal, token_check

# knox's keys are 64 hex digits; keys from before knox (rest_framework.authtoken,
# hashed by migration 0006) are 40.
TOKEN_SHAPE = re.compile(rb"[0-9a-f]{64}|[0-9a-f]{40}")


class TokenRefused(exceptions.AuthenticationFailed):
    """A 401 whose Chinese message says why (expired, password expired, malformed…).

    A subclass, so that the exception handler keeps this message rather than the
    generic one for AuthenticationFailed.
    """

    default_code = "authentication_failed"


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's header and digests; the rules of indicators.accounts.tokens.token_check."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.authenticate_header(request).lower().encode():
            return None  # no header, or one for another scheme
        if len(parts) != 2 or not TOKEN_SHAPE.fullmatch(parts[1]):
            message = _("令牌格式不正确：请求头应为 Authorization: Token 加 64 位十六进制令牌。")
            raise TokenRefused(message, code="token_malformed")
        try:
            token = token_check(key=parts[1].decode("ascii"))
        except TokenRefusal as refusal:
            raise TokenRefused(refusal.message, code=refusal.code) from None
        return (token.user, token)


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's ``tokenAuth``, as it was with DRF's token: ``Authorization: Token <key>``."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
