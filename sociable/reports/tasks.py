from django_tasks import task

from sociable.reports import metrics, monthly


@task()
def refresh_metrics(target_id: int) -> bool:
    """Read one published post's metrics (claimed by the scheduler beforehand)."""
    return metrics.refresh(target_id)


@task()
def read_location_rating(reading_id: int) -> bool:
    """Read one location's rating for the day (claimed by the scheduler beforehand)."""
    return metrics.read_rating(reading_id)


@task()
def send_monthly_report(delivery_id: int) -> str:
    """Send one claimed monthly report e-mail."""
    return monthly.send(delivery_id)
