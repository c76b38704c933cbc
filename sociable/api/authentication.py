"""How an API request says who it is: `Authorization: Bearer <token>`, or a signed-in session
(with Django's CSRF check on anything that changes data)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from sociable.api import tokens


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"bearer":
            return None
        if len(words) != 2:
            raise AuthenticationFailed("Send one token: Authorization: Bearer <token>.")
        try:
            plaintext = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("Invalid token.") from None
        try:
            token, membership = tokens.authenticate(plaintext)
        except tokens.TokenRefused as refused:
            raise AuthenticationFailed(str(refused)) from None
        # The rest of the desk reads the member's organisation and role from here.
        request._request.membership = membership
        return membership.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="sociable"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token created under Settings → API tokens. "
            "Its scopes, within its owner's role, decide what it may do.",
        }
