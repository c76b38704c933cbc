from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "sociable.inbox"
    label = "inbox"
    verbose_name = "Inbox"
