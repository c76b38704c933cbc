import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 10**9  # beyond any real list; larger numbers would overflow the database's LIMIT
_WHOLE = re.compile(r"-?[0-9]{1,18}")


class Pages(LimitOffsetPagination):
    """`limit` (default 50, at most 200) and `offset`. A value that is not one whole number is a
    400; whole numbers out of range are brought in range."""

    default_limit = 50
    max_limit = 200

    def _whole(self, request, name: str) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1 or not _WHOLE.fullmatch(values[0]):
            raise ValidationError({name: ["Use one whole number."]})
        return int(values[0])

    def get_limit(self, request):
        limit = self._whole(request, self.limit_query_param)
        if limit is None or limit < 1:
            return self.default_limit
        return min(limit, self.max_limit)

    def get_offset(self, request):
        offset = self._whole(request, self.offset_query_param)
        return min(max(offset or 0, 0), MAX_OFFSET)
