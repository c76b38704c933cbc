from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time each background worker was seen alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.worker_id} at {self.last_seen:%H:%M:%S}"
