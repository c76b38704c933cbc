from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sociable.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self):
        # Webhooks listen to the desk's events; the desk does not know the API exists.
        from sociable.api import webhooks
        from sociable.inbox.alerts import alert_raised
        from sociable.publishing.publisher import post_published

        alert_raised.connect(webhooks.on_alert_raised, dispatch_uid="api.webhooks.alert")
        post_published.connect(webhooks.on_post_published, dispatch_uid="api.webhooks.published")
