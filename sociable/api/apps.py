from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sociable.api"
    label = "api"
    verbose_name = "REST API"
