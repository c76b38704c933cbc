from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sociable.audit"
    label = "audit"
    verbose_name = "Audit log"
