from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "sociable.listening"
    label = "listening"
    verbose_name = "Listening"
