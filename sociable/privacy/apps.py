from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sociable.privacy"
    label = "privacy"
    verbose_name = "Data protection"
