from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sociable.security"
    label = "security"
    verbose_name = "Security"

    def ready(self):
        from sociable.security import sessions  # noqa: F401 (connects the login signal)
