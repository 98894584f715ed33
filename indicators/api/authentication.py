"""``Authorization: Token <key>``, checked against knox's stored digests (indicators/tokens.py)."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's authentication, without its sweep of the user's other tokens on every request.

    knox reads all of the user's tokens on each call to delete expired ones: one more
    query per API request. token_issue keeps one token per user, so only the
    presented token's own expiry matters, checked here as knox does.
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's ``tokenAuth``, as it was with DRF's token: ``Authorization: Token <key>``."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
