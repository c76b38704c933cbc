from django_tasks import task

from sociable.publishing import calendar, publisher


@task()
def publish_target(target_id: int) -> str:
    """Publish one due target; a second run for the same target finds it claimed and stops."""
    return publisher.publish_target(target_id)


@task()
def refresh_content_source(source_id: int) -> int:
    """Fetch one news feed the scheduler claimed; its new stories become post ideas."""
    return calendar.refresh_source(source_id)
