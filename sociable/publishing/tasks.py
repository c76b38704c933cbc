from django_tasks import task

from sociable.publishing import publisher


@task()
def publish_target(target_id: int) -> str:
    """Publish one due target; a second run for the same target finds it claimed and stops."""
    return publisher.publish_target(target_id)
