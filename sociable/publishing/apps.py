from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "sociable.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # A reconnected account's held posts go back on the schedule.
        from sociable.channels.connect import account_reconnected
        from sociable.publishing.publisher import release_held_for_channel

        account_reconnected.connect(
            lambda sender, channel, **kwargs: release_held_for_channel(channel),
            dispatch_uid="publishing.release_held",
            weak=False,
        )
