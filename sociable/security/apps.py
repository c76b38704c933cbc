from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sociable.security"
    label = "security"
    verbose_name = "Security"

    def ready(self):
        from sociable.security import (  # noqa: F401 (connect the log-in signals)
            sessions,
            throttle,
        )
