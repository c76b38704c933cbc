"""Pages and JSON compressed on the way out (static files come pre-compressed from WhiteNoise).

Django's GZipMiddleware, limited to HTML and JSON so images and files already compressed are not
compressed again. It pads each compressed body with random bytes (Django's "Heal The Breach"),
and CSRF tokens are masked per response, against BREACH-style guessing.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("text/html", "application/json", "text/csv")


class PageCompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
