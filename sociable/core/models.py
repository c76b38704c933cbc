from django.db import models


class WorkerHeartbeat(models.Model):
    """Each background worker process: when it last finished a scheduler tick (`last_seen`,
    for readiness) and when it last said it was alive (`alive_at`, every few seconds from its
    own thread; a worker silent for longer than sociable.core.heartbeat.DEAD_AFTER is dead)."""

    worker_id = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField(db_index=True)
    alive_at = models.DateTimeField(null=True, blank=True, db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.worker_id} at {self.last_seen:%H:%M:%S}"
