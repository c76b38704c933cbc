from django_tasks import task

from sociable.api import webhooks


@task()
def deliver_webhook(delivery_id: int, lease: str) -> str:
    """Send one claimed webhook delivery; a stale claim (another worker's now) does nothing."""
    return webhooks.deliver(delivery_id, lease)
