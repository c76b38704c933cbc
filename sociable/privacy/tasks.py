from django_tasks import task

from sociable.privacy import retention


@task()
def apply_retention(organisation_id: int) -> dict:
    """Apply one organisation's retention rules (claimed for the day by the scheduler)."""
    return retention.run(organisation_id)
