from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 10**9  # beyond any real list; larger numbers would overflow the database's LIMIT


class Pages(LimitOffsetPagination):
    """`limit` (default 50, at most 200) and `offset`; out-of-range values are brought in range."""

    default_limit = 50
    max_limit = 200

    def get_offset(self, request):
        return min(super().get_offset(request), MAX_OFFSET)
