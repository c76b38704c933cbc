"""The one place that decides whether this configuration is safe to serve."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def production_problems() -> list[str]:
    """Reasons this configuration must not serve the public. Empty in DEBUG (local) mode."""
    if settings.DEBUG:
        return []
    problems = []
    key = settings.SECRET_KEY
    if key == settings.DEFAULT_SECRET_KEY or len(key) < 50 or len(set(key)) < 5:
        problems.append(
            "SECRET_KEY is the default or too weak: set SECRET_KEY to a random string of at "
            "least 50 characters (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS is empty: set it to the host names the desk is served on.")
    return problems


def assert_safe_to_serve() -> None:
    problems = production_problems()
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start in production mode (DEBUG is off):\n- " + "\n- ".join(problems)
        )


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    return [Error(problem, id="sociable.E001") for problem in production_problems()]
