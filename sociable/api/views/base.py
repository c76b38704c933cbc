from django.http import QueryDict
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView

from sociable.api.permissions import HasScope
from sociable.api.scopes import Scope


class ApiView(GenericAPIView):
    # A view needs `scope`, or per HTTP method `scopes`; views describe themselves in the
    # schema with extend_schema (a docstring here would show in every operation).

    scope: Scope | None = None
    scopes: dict[str, Scope] = {}
    permission_classes = [HasScope]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.scope or cls.scopes:
            # Read by the every-URL access test, like the desk's @requires rule.
            cls.access_rule = f"api {cls.scope_for('GET')}"

    @classmethod
    def scope_for(cls, method: str) -> Scope:
        method = "GET" if method.upper() == "HEAD" else method.upper()
        return cls.scopes.get(method) or cls.scope or next(iter(cls.scopes.values()))

    @property
    def membership(self):
        return self.request.membership

    def validated(self, serializer_class, data):
        if isinstance(data, QueryDict):
            # Query parameters are read strictly: each at most once, and an empty one is a
            # value to validate (DRF would otherwise treat `?status=` as no filter at all).
            repeated = {
                name: ["Give this once."] for name, values in data.lists() if len(values) > 1
            }
            if repeated:
                raise ValidationError(repeated)
            data = data.dict()
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
