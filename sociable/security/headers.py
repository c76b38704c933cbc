"""Security headers on every response: a strict Content-Security-Policy (no inline scripts or
styles, nothing from other sites), plus Permissions-Policy and Cross-Origin-Opener-Policy.
X-Frame-Options, X-Content-Type-Options and Referrer-Policy come from Django's own middleware
(settings.py)."""

from django.conf import settings


def content_security_policy(policy: dict | None = None) -> str:
    """The header for a policy (settings.CSP unless a page needs a wider one of its own)."""
    policy = settings.CSP if policy is None else policy
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
