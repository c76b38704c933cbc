from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sociable.core"
    label = "core"
    verbose_name = "Sociable core"

    def ready(self):
        from sociable.core import startup  # noqa: F401  (registers the system check)
