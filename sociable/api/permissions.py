"""Every API view names the scope it needs; the token must carry it and its user's role must
allow it now (sociable.accounts.access decides the role's capabilities)."""

from rest_framework.permissions import BasePermission

from sociable.api.models import ApiToken
from sociable.api.scopes import CAPABILITY, grants


class HasScope(BasePermission):
    message = "Not allowed."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        membership = request.membership
        if not membership:
            self.message = "You are not a member of an organisation."
            return False
        scope = view.scope_for(request.method)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and scope not in token.scopes:
            self.message = f"This token does not have the {scope} scope."
            return False
        if not grants(membership, None if token is None else token.scopes, scope):
            self.message = f"Your role does not allow this ({CAPABILITY[scope]})."
            return False
        return True
