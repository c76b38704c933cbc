from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "sociable.publishing"
    label = "publishing"
    verbose_name = "Publishing"
