from django.apps import AppConfig
from django.db.models.signals import post_save


def _new_organisation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from sociable.inbox import saved_replies

        saved_replies.ensure_defaults(instance)


class InboxConfig(AppConfig):
    name = "sociable.inbox"
    label = "inbox"
    verbose_name = "Inbox"

    def ready(self):
        post_save.connect(
            _new_organisation,
            sender="accounts.Organisation",
            dispatch_uid="inbox-saved-reply-defaults",
        )
