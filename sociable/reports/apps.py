from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sociable.reports"
    label = "reports"
    verbose_name = "Reports"
